"""What differs between two versions of a project (the one open and the one on disk), in sentences.

The editor shows this when the file changed on disk while it was open, so that the user can decide
between reloading and keeping their own version knowing what each would lose.
"""

from __future__ import annotations

from typing import Any

from .project import Project
from .serialize import journey_to_dict, persona_to_dict

_GROUPS = (("stages", "stage"), ("lanes", "lane"), ("touchpoints", "touchpoint"), ("pain_points", "pain point"),
           ("opportunities", "opportunity"), ("metrics", "metric"))


def _name(item: dict[str, Any]) -> str:
    for key in ("title", "name", "text"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"
    return str(item.get("id", "?"))


def _value(value: Any) -> str:
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"
    if value is None or isinstance(value, (bool, int, float)):
        return "none" if value is None else str(value).lower() if isinstance(value, bool) else f"{value:g}"
    return f"({len(value)} items)" if isinstance(value, (list, dict)) else "(set)"


def _compare(what: str, mine: list[dict[str, Any]], theirs: list[dict[str, Any]], where: str) -> list[str]:
    lines = []
    ours = {d["id"]: d for d in mine}
    disk = {d["id"]: d for d in theirs}
    for key, item in ours.items():
        if key not in disk:
            lines.append(f"{where}{what} {_name(item)}: only in yours")
        elif item != disk[key]:
            fields = [f for f in item if item.get(f) != disk[key].get(f)]
            changes = "; ".join(f"{f.replace('_', ' ')} {_value(item.get(f))} here, {_value(disk[key].get(f))} on disk"
                                for f in fields)
            lines.append(f"{where}{what} {_name(item)}: {changes}")
    lines += [f"{where}{what} {_name(item)}: only on disk" for key, item in disk.items() if key not in ours]
    return lines


def differences(mine: Project, theirs: Project) -> list[str]:
    """One line per element that differs: only in yours, only on disk, or changed (which fields)."""
    lines = []
    if mine.title != theirs.title:
        lines.append(f"project title: “{mine.title}” in yours, “{theirs.title}” on disk")
    lines += _compare("persona", [persona_to_dict(p) for p in mine.personas],
                      [persona_to_dict(p) for p in theirs.personas], "")
    disk_journeys = {j.id: j for j in theirs.journeys}
    for journey in mine.journeys:
        other = disk_journeys.pop(journey.id, None)
        if other is None:
            lines.append(f"journey “{journey.title}”: only in yours")
            continue
        ours, disk = journey_to_dict(journey), journey_to_dict(other)
        where = f"{journey.title}: "
        for key in ("title", "state", "client", "author", "date", "notes", "logo"):
            if ours.get(key) != disk.get(key):
                lines.append(f"{where}journey {key} differs")
        for key, what in _GROUPS:
            lines += _compare(what, ours[key], disk[key], where)
        if ours["path"] != disk["path"]:
            lines.append(f"{where}the customer path differs")
    lines += [f"journey “{j.title}”: only on disk" for j in disk_journeys.values()]
    return lines
