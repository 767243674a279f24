"""Checks a .journey document (already migrated to the current version) before it becomes a model.

Each problem names the field path (``journeys[0].touchpoints[3].emotion``) and what is
wrong, so that a person can fix the file. Checking goes on after the first problem.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

from .elements import PERSONA_COLOR
from .vocabulary import (
    CX_SCORE_MAX,
    CX_SCORE_MIN,
    FIVE_CS,
    KEY_COMPONENTS,
    Channel,
    JourneyState,
    LaneKind,
    MetricKind,
    OpportunityStatus,
)

MAX_PROBLEMS = 50
MAX_TEXT = 100_000  # characters in one text field


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # per scope, id -> where it was first seen (no tuple keys: a large file's worth of them would
        # keep waking the cyclic garbage collector)
        self.ids: dict[str, dict[str, str]] = {}

    def add(self, path: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"expected an object, found {_type_name(value)}")
            return None
        return value

    def list(self, d: dict[str, Any], key: str, path: str, required: bool = False) -> list[Any]:
        if key not in d:
            if required:
                self.add(_join(path, key), "is missing")
            return []
        value = d[key]
        if not isinstance(value, list):
            self.add(_join(path, key), f"expected a list, found {_type_name(value)}")
            return []
        return value

    def text(self, d: dict[str, Any], key: str, path: str, required: bool = False, nonempty: bool = False) -> None:
        if key not in d:
            if required:
                self.add(_join(path, key), "is missing")
            return
        v = d[key]
        if type(v) is str and len(v) <= MAX_TEXT and not nonempty:
            return  # the usual case, checked without building the field path
        p = _join(path, key)
        if not isinstance(v, str):
            self.add(p, f"expected text, found {_type_name(v)}")
        elif nonempty and not v.strip():
            self.add(p, "must not be empty")
        elif len(v) > MAX_TEXT:
            self.add(p, f"text is {len(v):,} characters long; the limit is {MAX_TEXT:,}")

    def boolean(self, d: dict[str, Any], key: str, path: str) -> None:
        if key in d and not isinstance(d[key], bool):
            self.add(_join(path, key), f"expected true or false, found {_type_name(d[key])}")

    def integer(self, d: dict[str, Any], key: str, path: str, low: float, high: float,
                required: bool = False, nullable: bool = False) -> None:
        if key not in d:
            if required:
                self.add(_join(path, key), "is missing")
            return
        v = d[key]
        if v is None and nullable:
            return
        if type(v) is int and low <= v <= high:
            return  # the usual case, checked without building the field path
        p = _join(path, key)
        if isinstance(v, float) and v.is_integer():
            d[key] = v = int(v)  # JSON does not tell 1.0 from 1
        if isinstance(v, float) and math.isinf(v):  # a HugeNumber: hundreds of digits
            self.add(p, f"{_short(v)} is out of range (allowed: {low:g} to {high:g})")
            return
        if isinstance(v, bool) or not isinstance(v, int):
            self.add(p, f"expected a whole number, found {_found(v)}")
            return
        if not low <= v <= high:
            if math.isinf(high):
                self.add(p, f"{_short(v)} is out of range (must be at least {low:g})")
            else:
                self.add(p, f"{_short(v)} is out of range (allowed: {low:g} to {high:g})")

    def number(self, d: dict[str, Any], key: str, path: str, low: float, high: float,
               nullable: bool = True, required: bool = False) -> None:
        p = _join(path, key)
        if key not in d:
            if required:
                self.add(p, "is missing")
            return
        v = d[key]
        if v is None and nullable:
            return
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.add(p, f"expected a number, found {_found(v)}")
            return
        if not _fits_float(v):
            self.add(p, "the number is too large (beyond what a 64-bit float holds)")
        elif not low <= v <= high:
            if math.isinf(high):
                self.add(p, f"{v:g} is out of range (must be at least {low:g})")
            else:
                self.add(p, f"{v:g} is out of range (allowed: {low:g} to {high:g})")

    def choice(self, d: dict[str, Any], key: str, path: str, allowed: Sequence[str], required: bool = False) -> None:
        if key in d and d[key] in allowed:
            return  # the usual case, checked without building the field path
        p = _join(path, key)
        if key not in d:
            if required:
                self.add(p, "is missing")
            return
        v = d[key]
        if v not in allowed:
            self.add(p, f"{_short(v)} is not one of: {', '.join(allowed)}")

    def ident(self, d: dict[str, Any], path: str, scope: str) -> str | None:
        v = d.get("id")
        seen = self.ids.get(scope)
        if seen is None:
            seen = self.ids[scope] = {}
        if type(v) is str and v not in seen and v.strip():
            seen[v] = path  # the usual case
            return v
        p = f"{path}.id"
        if v is None:
            self.add(p, "is missing")
            return None
        if not isinstance(v, str) or not v.strip():
            self.add(p, f"expected a non-empty text id, found {_type_name(v)}")
            return None
        if v in seen:
            self.add(p, f"duplicate id {_short(v)} (also used at {seen[v]})")
            return None
        seen[v] = path
        return v


def _fits_float(v: float) -> bool:
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def _found(v: Any) -> str:
    """A value as a person reading the JSON would name it: true, null, 1.5, text 'abc', a list."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return _short(v)
    if isinstance(v, str):
        return f"text {_short(v)}"
    return _type_name(v)


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


@functools.cache
def _values(enum: Any) -> list[str]:
    """The values of a vocabulary enum (cached: asked once per element of a large file)."""
    return [e.value for e in enum]


def validate_document(doc: Any) -> list[Problem]:
    """All problems of a current-version document (an empty list: it can be loaded)."""
    c = _Checker()
    root = c.obj(doc, "(top level)")
    if root is None:
        return c.problems
    c.text(root, "title", "")
    _report(c, root)
    persona_ids: set[str] = set()
    for i, p in enumerate(c.list(root, "personas", "")):
        path = f"personas[{i}]"
        if (pd := c.obj(p, path)) is None:
            continue
        if (pid := c.ident(pd, path, "persona")) is not None:
            persona_ids.add(pid)
        c.text(pd, "name", path, required=True)
        for key in ("role", "description", "photo", "color"):
            c.text(pd, key, path)
        color = pd.get("color")
        if isinstance(color, str) and color and not PERSONA_COLOR.fullmatch(color):
            c.add(f"{path}.color", f"{_short(color)} is not a colour; write it as #RRGGBB (like #1A73E8)")
        for key in ("goals", "frustrations"):
            for k, item in enumerate(c.list(pd, key, path)):
                if not isinstance(item, str):
                    c.add(f"{path}.{key}[{k}]", f"expected text, found {_type_name(item)}")
                elif len(item) > MAX_TEXT:
                    c.add(f"{path}.{key}[{k}]", f"text is {len(item):,} characters long; the limit is {MAX_TEXT:,}")
    journeys = c.list(root, "journeys", "", required=True)
    if "journeys" in root and isinstance(root["journeys"], list) and not journeys:
        c.add("journeys", "a project needs at least one journey")
    for i, j in enumerate(journeys):
        _journey(c, j, f"journeys[{i}]", persona_ids)
    from .workshop_results import workshop_problems  # here: workshop_results imports Problem from this module

    for problem in workshop_problems(root.get("workshops")):
        c.add(problem.path, problem.message)
    return c.problems


def _report(c: _Checker, root: dict[str, Any]) -> None:
    """The project's language tag and report settings (format version 2)."""
    from .elements import ModelError
    from .report import ReportSettings, check_language, check_logo

    if "language" in root:
        c.text(root, "language", "")
        if isinstance(root["language"], str):
            try:
                check_language(root["language"])
            except ModelError as exc:
                c.add("language", str(exc))
    if "report" not in root or (rd := c.obj(root["report"], "report")) is None:
        return
    for name in ReportSettings.field_names():
        if name != "logo":  # a logo of up to 2 MB is longer than any text field; logo_bytes caps it
            c.text(rd, name, "report")
        elif not isinstance(rd.get("logo", ""), str):
            c.add("report.logo", f"expected text (a data: URI), found {_type_name(rd['logo'])}")
    accent = rd.get("accent")
    if isinstance(accent, str) and accent and not (len(accent) == 7 and accent[0] == "#"
                                                   and all(ch in "0123456789abcdefABCDEF" for ch in accent[1:])):
        c.add("report.accent", f"{_short(accent)} is not a colour; expected #RRGGBB")
    logo = rd.get("logo")
    if isinstance(logo, str) and logo:
        try:
            check_logo(logo)
        except ModelError as exc:
            c.add("report.logo", str(exc))


def _journey(c: _Checker, j: Any, path: str, persona_ids: set[str]) -> None:
    if (jd := c.obj(j, path)) is None:
        return
    c.ident(jd, path, "journey")
    c.text(jd, "title", path)
    c.choice(jd, "state", path, _values(JourneyState))
    for key in ("client", "author", "date", "notes", "logo"):
        c.text(jd, key, path)
    scope = path  # element ids are unique within a journey
    stages: set[str] = set()
    lanes: dict[str, str] = {}
    touchpoints: set[str] = set()
    for i, s in enumerate(c.list(jd, "stages", path)):
        p = f"{path}.stages[{i}]"
        if (sd := c.obj(s, p)) is None:
            continue
        if (sid := c.ident(sd, p, scope)) is not None:
            stages.add(sid)
        c.text(sd, "name", p, required=True)
        c.text(sd, "description", p)
        c.number(sd, "width", p, 0.25, 8.0, nullable=False)
        for key, names in (("five_cs", FIVE_CS), ("components", KEY_COMPONENTS)):
            if key in sd:
                table = c.obj(sd[key], f"{p}.{key}")
                for name in table or {}:
                    if name not in names:
                        c.add(f"{p}.{key}.{name}", f"unknown dimension; expected one of {', '.join(names)}")
                    else:
                        c.integer(table or {}, name, f"{p}.{key}", CX_SCORE_MIN, CX_SCORE_MAX)
    for i, ln in enumerate(c.list(jd, "lanes", path)):
        p = f"{path}.lanes[{i}]"
        if (ld := c.obj(ln, p)) is None:
            continue
        lid = c.ident(ld, p, scope)
        c.choice(ld, "kind", p, _values(LaneKind), required=True)
        c.text(ld, "title", p)
        c.boolean(ld, "hidden", p)
        if lid is not None:
            lanes[lid] = ld["kind"] if isinstance(ld.get("kind"), str) else ""
    card_kinds = {k.value for k in LaneKind if k.holds_cards}
    lane_ids = set(lanes)
    for i, t in enumerate(c.list(jd, "touchpoints", path)):
        p = f"{path}.touchpoints[{i}]"
        if (td := c.obj(t, p)) is None:
            continue
        if (tid := c.ident(td, p, scope)) is not None:
            touchpoints.add(tid)
        c.text(td, "title", p, required=True)
        for key in ("description", "owner", "emotion_label", "notes"):
            c.text(td, key, p)
        c.choice(td, "channel", p, _values(Channel))
        c.integer(td, "emotion", p, -2, 2, nullable=True)
        for key in ("moment_of_truth", "delight"):
            c.boolean(td, key, p)
        if "persona_emotions" in td and (pe := c.obj(td["persona_emotions"], f"{p}.persona_emotions")):
            for pid in pe:
                if pid not in persona_ids:
                    c.add(f"{p}.persona_emotions.{pid}", "refers to a persona that does not exist")
                c.integer(pe, pid, f"{p}.persona_emotions", -2, 2)
        _ref(c, td, "stage", p, stages, "stage")
        if _ref(c, td, "lane", p, lane_ids, "lane") and lanes[td["lane"]] not in card_kinds:
            c.add(f"{p}.lane", f"the lane {_short(td['lane'])} is of kind {lanes[td['lane']]!r}, which holds "
                               "no cards (touchpoints go in touchpoints, actions, thoughts, backstage or text lanes)")
    seen_steps: set[tuple[str, str]] = set()
    for i, e in enumerate(c.list(jd, "path", path)):
        p = f"{path}.path[{i}]"
        if (ed := c.obj(e, p)) is None:
            continue
        ok = _ref(c, ed, "from", p, touchpoints, "touchpoint") & _ref(c, ed, "to", p, touchpoints, "touchpoint")
        c.text(ed, "label", p)
        if ok:
            step = (ed["from"], ed["to"])
            if step[0] == step[1]:
                c.add(p, "a path step cannot lead from a touchpoint to itself")
            elif step in seen_steps:
                c.add(p, "duplicate path step")
            seen_steps.add(step)
    targets = stages | touchpoints
    for key in ("pain_points", "opportunities"):
        for i, a in enumerate(c.list(jd, key, path)):
            p = f"{path}.{key}[{i}]"
            if (ad := c.obj(a, p)) is None:
                continue
            c.ident(ad, p, scope)
            c.text(ad, "text", p, required=True)
            c.integer(ad, "severity", p, 1, 5)
            c.integer(ad, "votes", p, 0, math.inf)
            if key == "opportunities":
                c.text(ad, "owner", p)
                c.choice(ad, "status", p, _values(OpportunityStatus))
            _ref(c, ad, "attached_to", p, targets, "stage or touchpoint", required=True)
    kinds = _values(MetricKind)
    for i, m in enumerate(c.list(jd, "metrics", path)):
        p = f"{path}.metrics[{i}]"
        if (md := c.obj(m, p)) is None:
            continue
        c.ident(md, p, scope)
        c.choice(md, "kind", p, kinds, required=True)
        low, high = MetricKind(md["kind"]).value_range if md.get("kind") in kinds else (-math.inf, math.inf)
        c.number(md, "value", p, low, high)
        c.number(md, "target", p, low, high)
        for key in ("name", "unit", "date", "source"):
            c.text(md, key, p)
        c.boolean(md, "higher_is_better", p)
        c.integer(md, "sample_size", p, 0, math.inf, nullable=True)
        if md.get("attached_to") is not None:
            _ref(c, md, "attached_to", p, targets, "stage or touchpoint")
        for k, h in enumerate(c.list(md, "history", p)):
            hp = f"{p}.history[{k}]"
            if (hd := c.obj(h, hp)) is None:
                continue
            c.text(hd, "date", hp, required=True)
            c.number(hd, "value", hp, low, high, nullable=False, required=True)
            c.integer(hd, "sample_size", hp, 0, math.inf, nullable=True)


def _ref(c: _Checker, d: dict[str, Any], key: str, path: str, known: set[str], what: str,
         required: bool = True) -> bool:
    v = d.get(key)
    if type(v) is str and v in known:
        return True  # the usual case, checked without building the field path
    p = f"{path}.{key}"
    if v is None:
        if required:
            c.add(p, "is missing")
        return False
    if not isinstance(v, str):
        c.add(p, f"expected the id of a {what}, found {_type_name(v)}")
        return False
    c.add(p, f"refers to {what} {v!r}, which does not exist (dangling reference)")
    return False
