"""What a workshop session leaves in the project file: who voted for what, how the room rated
each stage, and who supported each card, once the facilitator accepted or applied it.

Participants are "p1", "p2", ... with a name only when they typed one (anonymous by default).
The file form is documented in docs/file-format.md (`workshops`, since format version 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .validation import Problem

MAX_NAME = 40


@dataclass
class WorkshopResults:
    id: str  # the session's id (its join code and start time), one record per session
    journey: str
    started: str = ""
    participants: dict[str, str] = field(default_factory=dict)  # "p1" -> name ("" = anonymous)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # card -> participant -> dots
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)  # stage -> participant -> score
    supporters: dict[str, list[str]] = field(default_factory=dict)  # card -> participants

    def copy(self) -> WorkshopResults:
        return WorkshopResults(self.id, self.journey, self.started, dict(self.participants),
                               {k: dict(v) for k, v in self.votes.items()},
                               {k: dict(v) for k, v in self.ratings.items()},
                               {k: list(v) for k, v in self.supporters.items()})

    def card_dots(self, card: str) -> int:
        return sum(self.votes.get(card, {}).values())


def results_to_dict(r: WorkshopResults) -> dict[str, Any]:
    return {
        "id": r.id,
        "journey": r.journey,
        "started": r.started,
        "participants": [{"id": p, "name": n} for p, n in r.participants.items()],
        "votes": [{"card": c, "participant": p, "dots": n} for c, by in r.votes.items() for p, n in by.items()],
        "ratings": [{"stage": s, "participant": p, "score": n} for s, by in r.ratings.items() for p, n in by.items()],
        "supporters": [{"card": c, "participants": list(ps)} for c, ps in r.supporters.items()],
    }


def results_from_dict(d: dict[str, Any]) -> WorkshopResults:
    r = WorkshopResults(d["id"], d["journey"], d.get("started", ""))
    r.participants = {p["id"]: p.get("name", "") for p in d.get("participants", [])}
    for v in d.get("votes", []):
        r.votes.setdefault(v["card"], {})[v["participant"]] = v["dots"]
    for v in d.get("ratings", []):
        r.ratings.setdefault(v["stage"], {})[v["participant"]] = v["score"]
    r.supporters = {s["card"]: list(s["participants"]) for s in d.get("supporters", [])}
    return r


def _text(d: dict[str, Any], key: str, path: str, problems: list[Problem], limit: int = 200) -> None:
    value = d.get(key, "")
    if not isinstance(value, str):
        problems.append(Problem(f"{path}.{key}", "expected text"))
    elif len(value) > limit:
        problems.append(Problem(f"{path}.{key}", f"text is {len(value):,} characters long; the limit is {limit}"))


def _whole(d: dict[str, Any], key: str, path: str, low: int, high: int, problems: list[Problem]) -> None:
    value = d.get(key)
    if isinstance(value, float) and value.is_integer():
        d[key] = value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(Problem(f"{path}.{key}", f"expected a whole number from {low} to {high}, found {value!r}"))


def workshop_problems(value: Any, path: str = "workshops") -> list[Problem]:
    """Problems of the `workshops` list of a document (empty: it can be loaded)."""
    problems: list[Problem] = []
    if value is None:
        return problems
    if not isinstance(value, list):
        return [Problem(path, "expected a list of workshop results")]
    shapes = {"participants": ("id", "name"), "votes": ("card", "participant", "dots"),
              "ratings": ("stage", "participant", "score"), "supporters": ("card", "participants")}
    for i, w in enumerate(value):
        here = f"{path}[{i}]"
        if not isinstance(w, dict):
            problems.append(Problem(here, "expected an object"))
            continue
        for key in ("id", "journey"):
            if not isinstance(w.get(key), str) or not w.get(key):
                problems.append(Problem(f"{here}.{key}", "required text is missing"))
        _text(w, "started", here, problems)
        for key, needed in shapes.items():
            rows = w.get(key, [])
            if not isinstance(rows, list):
                problems.append(Problem(f"{here}.{key}", "expected a list"))
                continue
            for k, row in enumerate(rows):
                at = f"{here}.{key}[{k}]"
                if not isinstance(row, dict) or any(n not in row for n in needed if n != "name"):
                    problems.append(Problem(at, f"expected an object with {', '.join(needed)}"))
                    continue
                for n in needed:
                    if n in ("dots", "score", "participants", "name"):
                        continue
                    _text(row, n, at, problems)
                if key == "participants":
                    _text(row, "name", at, problems, MAX_NAME)
                elif key == "votes":
                    _whole(row, "dots", at, 1, 1000, problems)
                elif key == "ratings":
                    _whole(row, "score", at, -2, 2, problems)
                elif not (isinstance(row["participants"], list)
                          and all(isinstance(p, str) for p in row["participants"])):
                    problems.append(Problem(f"{at}.participants", "expected a list of participant ids"))
    return problems
