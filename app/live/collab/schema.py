"""The shared-document schema: a project as a Yjs document (pycrdt), and back, losslessly.

The document has three root maps (root types never conflict, nested maps created by two
people at once would): ``meta`` (the project's own fields), ``personas`` and ``journeys``,
each element a map keyed by its stable id. A journey's map holds ``pos``, ``meta`` and one
map per collection (``stages``, ``lanes``, ``touchpoints``, ``pain_points``, ``opportunities``,
``metrics``, and any other list of elements with ids a later file format adds), plus ``path``
keyed ``FROM>TO``. Each element map has the fields of its dict in the file format
(app/model/serialize.py), prose fields as Y.Text so that two people typing in one title
merge, everything else as plain values, and ``pos``: a fractional position (positions.py)
that orders it among its siblings. See docs/collaboration.md.

Everything works on the dicts of the file format, not on model classes, so fields that a
later format version adds flow through without a change here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from pycrdt import Doc, Map, Text

from app.model.vocabulary import LaneKind

from .positions import rekey, spread

META = "meta"
PERSONAS = "personas"
JOURNEYS = "journeys"
PATH = "path"
POS = "pos"
# prose a person types: merged character by character when two people edit one at once
TEXT_FIELDS = frozenset({"title", "name", "description", "notes", "text", "emotion_label", "role"})
JOURNEY_COLLECTIONS = ("stages", "lanes", "touchpoints", "pain_points", "opportunities", "metrics")
_GROUP_FIELDS = ("stage", "lane", "attached_to")  # siblings share these; positions order siblings


class SchemaError(ValueError):
    """A document that does not hold a project (empty room, foreign content)."""


# ------------------------------------------------------------------ values
def snapshot(ymap: Map) -> dict[str, Any]:
    """A shared map as Python dicts, through yrs's own JSON encoder: several times faster than
    pycrdt's to_py(), which walks the map key by key in Python."""
    value = json.loads(str(ymap))
    return value if isinstance(value, dict) else {}


def plain(value: Any) -> Any:
    """A value as read from the document: Yjs numbers are doubles, so whole numbers come back as
    ints (the file format writes whole numbers as ints too: serialize._num)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equal and of the same JSON kinds (True is not 1, 'a' is not ['a'])."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _shared(key: str, value: Any) -> Any:
    return Text(value) if key in TEXT_FIELDS and isinstance(value, str) else value


def edit_text(text: Text, old: str, new: str) -> None:
    """Turn `old` into `new` by deleting and inserting only the span that differs, so that
    someone else typing elsewhere in the same field keeps their characters."""
    if old == new:
        return
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    # pycrdt counts Text offsets in UTF-8 bytes
    first = len(old[:start].encode())
    last = len(old[: len(old) - end].encode())
    if last > first:
        del text[first:last]
    inserted = new[start : len(new) - end]
    if inserted:
        text.insert(first, inserted)


# ------------------------------------------------------------------ reading
def _group(item: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(item.get(k) for k in _GROUP_FIELDS)


def _ordered(entries: Any) -> list[dict[str, Any]]:
    """A collection map as the file format's list: by position, ties by id."""
    if not isinstance(entries, dict):
        return []
    rows = [(str(v.get(POS, "")), k, v) for k, v in entries.items() if isinstance(v, dict)]
    rows.sort(key=lambda r: (r[0], r[1]))
    return [{"id": k, **{f: plain(x) for f, x in v.items() if f != POS}} for _, k, v in rows]


def _journey_dict(journey_id: str, entry: dict[str, Any]) -> dict[str, Any]:
    meta = entry.get(META)
    out: dict[str, Any] = {"id": journey_id, **(plain(meta) if isinstance(meta, dict) else {})}
    for name, value in entry.items():
        if name in (META, POS, PATH):
            continue
        out[name] = _ordered(value)
    for name in JOURNEY_COLLECTIONS:
        out.setdefault(name, [])
    steps = entry.get(PATH)
    out[PATH] = [
        {"from": s.get("from"), "to": s.get("to"), "label": s.get("label", "")}
        for _, s in sorted(steps.items()) if isinstance(s, dict)
    ] if isinstance(steps, dict) else []
    return out


def read_project(doc: Doc) -> dict[str, Any]:
    """The project in the document as a file-format dict, repaired (see `repair`) so that it is valid."""
    meta = snapshot(doc.get(META, type=Map))
    personas = _ordered(snapshot(doc.get(PERSONAS, type=Map)))
    journeys = snapshot(doc.get(JOURNEYS, type=Map))
    rows = sorted(((str(v.get(POS, "")), k, v) for k, v in journeys.items() if isinstance(v, dict)),
                  key=lambda r: (r[0], r[1]))
    project = {**plain(meta), PERSONAS: personas, JOURNEYS: [_journey_dict(k, v) for _, k, v in rows]}
    repair(project)
    return project


def is_empty(doc: Doc) -> bool:
    return len(doc.get(JOURNEYS, type=Map)) == 0 and len(doc.get(META, type=Map)) == 0


def _holds_cards(kind: Any) -> bool:
    try:
        return LaneKind(kind).holds_cards
    except ValueError:
        return False


def repair(project: dict[str, Any]) -> None:
    """Drop what concurrent edits left dangling, the way the model's own deletes cascade: a card
    moved into a stage someone else deleted goes with the stage, a pain point on a deleted card
    goes with the card. The result depends only on the document, so every replica drops the same."""
    persona_ids = {p["id"] for p in project.get(PERSONAS, [])}
    for j in project.get(JOURNEYS, []):
        stages = {s["id"] for s in j.get("stages", [])}
        card_lanes = {ln["id"] for ln in j.get("lanes", []) if _holds_cards(ln.get("kind"))}
        j["touchpoints"] = [t for t in j.get("touchpoints", [])
                            if t.get("stage") in stages and t.get("lane") in card_lanes]
        cards = {t["id"] for t in j["touchpoints"]}
        for t in j["touchpoints"]:
            scores = t.get("persona_emotions")
            if isinstance(scores, dict):
                t["persona_emotions"] = {k: v for k, v in scores.items() if k in persona_ids}
        targets = stages | cards
        for name in ("pain_points", "opportunities"):
            j[name] = [a for a in j.get(name, []) if a.get("attached_to") in targets]
        j["metrics"] = [m for m in j.get("metrics", [])
                        if m.get("attached_to") is None or m.get("attached_to") in targets]
        j[PATH] = [s for s in j.get(PATH, []) if s["from"] in cards and s["to"] in cards and s["from"] != s["to"]]


# ------------------------------------------------------------------ writing
def _is_collection(name: str, value: Any) -> bool:
    if name in JOURNEY_COLLECTIONS:
        return True
    return (isinstance(value, list) and bool(value)
            and all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in value))


def _sync_fields(ymap: Map, target: dict[str, Any], current: dict[str, Any], skip: Iterable[str] = ()) -> None:
    """Make a map's fields equal `target`, touching only the fields that differ."""
    skipped = {POS, *skip}
    for key, value in target.items():
        if key in skipped:
            continue
        value = plain(value)
        old = plain(current.get(key, _MISSING))
        if key in TEXT_FIELDS and isinstance(value, str):
            existing = ymap.get(key) if key in current else None
            if isinstance(existing, Text) and isinstance(old, str):
                edit_text(existing, old, value)
                continue
            ymap[key] = Text(value)
        elif not same(old, value):
            ymap[key] = value
    for key in current:
        if key not in target and key not in skipped:
            del ymap[key]


_MISSING = object()


def _new_element(fields: dict[str, Any], pos: str | None) -> Map:
    content = {k: _shared(k, plain(v)) for k, v in fields.items() if k != "id"}
    if pos is not None:
        content[POS] = pos
    return Map(content)


def _sync_collection(ymap: Map, items: list[dict[str, Any]], current: dict[str, Any],
                     group: Callable[[dict[str, Any]], tuple[Any, ...]] = _group) -> None:
    wanted = {item["id"] for item in items}
    for element_id in [k for k in current if k not in wanted]:
        del ymap[element_id]
    groups: dict[tuple[Any, ...], list[str]] = {}
    for item in items:
        groups.setdefault(group(item), []).append(item["id"])
    keys = {k: v.get(POS) for k, v in current.items() if isinstance(v, dict)}
    new_keys: dict[str, str] = {}
    for order in groups.values():
        new_keys.update(rekey(order, keys))
    for item in items:
        element_id = item["id"]
        entry = current.get(element_id)
        if not isinstance(entry, dict):
            ymap[element_id] = _new_element(item, new_keys.get(element_id, keys.get(element_id)))
            continue
        element = ymap[element_id]
        _sync_fields(element, {k: v for k, v in item.items() if k != "id"}, entry)
        if element_id in new_keys:
            element[POS] = new_keys[element_id]


def _path_key(step: dict[str, Any]) -> str:
    return f"{step['from']}>{step['to']}"


def _journey_parts(j: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    meta = {k: v for k, v in j.items() if k not in ("id", PATH) and not _is_collection(k, v)}
    collections = {k: v for k, v in j.items() if k != PATH and _is_collection(k, v)}
    return meta, collections


def _new_journey(j: dict[str, Any], pos: str) -> Map:
    meta, collections = _journey_parts(j)
    content: dict[str, Any] = {POS: pos, META: _new_element(meta, None)}
    for name, items in collections.items():
        keys = spread(len(items))
        content[name] = Map({item["id"]: _new_element(item, keys[i]) for i, item in enumerate(items)})
    content[PATH] = Map({_path_key(s): _new_element(s, None) for s in j.get(PATH, [])})
    return Map(content)


def _sync_journey(entry: Map, j: dict[str, Any], current: dict[str, Any]) -> None:
    meta, collections = _journey_parts(j)
    meta_map = entry.get(META)
    if isinstance(meta_map, Map):
        _sync_fields(meta_map, meta, current.get(META) or {})
    else:
        entry[META] = _new_element(meta, None)
    for name, items in collections.items():
        ymap = entry.get(name)
        if not isinstance(ymap, Map):
            ymap = entry[name] = Map()
            now: dict[str, Any] = {}
        else:
            now = current.get(name) or {}
        _sync_collection(ymap, items, now)
    for name in [k for k in current if k not in (META, POS, PATH) and k not in collections]:
        del entry[name]
    steps = {_path_key(s): s for s in j.get(PATH, [])}
    path_map = entry.get(PATH)
    if not isinstance(path_map, Map):
        entry[PATH] = Map({k: _new_element(s, None) for k, s in steps.items()})
        return
    now_steps = current.get(PATH) or {}
    for key in [k for k in now_steps if k not in steps]:
        del path_map[key]
    for key, step in steps.items():
        if isinstance(now_steps.get(key), dict):
            _sync_fields(path_map[key], step, now_steps[key])
        else:
            path_map[key] = _new_element(step, None)


def write_project(doc: Doc, project: dict[str, Any], origin: Any = None) -> None:
    """Make the document hold `project` (a file-format dict), changing only what differs, in one
    transaction: one Yjs update that other replicas merge with their own concurrent edits."""
    with doc.transaction(origin=origin):
        meta_map = doc.get(META, type=Map)
        _sync_fields(meta_map, {k: v for k, v in project.items() if k not in (PERSONAS, JOURNEYS)},
                     snapshot(meta_map))
        personas = doc.get(PERSONAS, type=Map)
        _sync_collection(personas, project.get(PERSONAS, []), snapshot(personas), group=lambda _p: ())
        journeys = doc.get(JOURNEYS, type=Map)
        current = snapshot(journeys)
        items = project.get(JOURNEYS, [])
        wanted = [j["id"] for j in items]
        for journey_id in [k for k in current if k not in wanted]:
            del journeys[journey_id]
        keys = {k: v.get(POS) for k, v in current.items() if isinstance(v, dict)}
        new_keys = rekey(wanted, keys)
        for j in items:
            entry = current.get(j["id"])
            if not isinstance(entry, dict):
                journeys[j["id"]] = _new_journey(j, new_keys.get(j["id"]) or str(keys[j["id"]]))
                continue
            ymap = journeys[j["id"]]
            _sync_journey(ymap, j, entry)
            if j["id"] in new_keys:
                ymap[POS] = new_keys[j["id"]]
