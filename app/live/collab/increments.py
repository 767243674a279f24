"""Edits of single elements carried between the model and the shared document without a whole-map pass.

Most live edits change fields of one element (a card's title, a stage's name, a persona's
role). Re-reading, validating and re-diffing the whole project for each of them costs time in
proportion to the map (0.4-0.7 s at 2,000 cards); these functions handle exactly the touched
elements instead:

- `touched_by` reads pycrdt's deep events (their `.path` and `.keys`) and names the elements
  whose fields changed, or says "structural" for anything else (an element added, removed or
  moved, a journey's or the project's own fields, path steps, a deleted field);
- `write_elements` writes the touched elements' fields from the model into the document;
- `apply_elements` applies the touched elements' fields from the document to the model.

Whenever an element cannot be handled alone (it is missing, its values are not valid, the model
refuses the change, the result is not what the document says) the functions say so and the
session does the whole-map pass (reconcile.py, schema.write_project), which stays the one
definition of the result: the fast path produces the same model and document or is not taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from pycrdt import Doc, Map, MapEvent, TextEvent

from app.model import AnnotationKind, Journey, ModelError, Project
from app.model.journey import NodeKind
from app.model.serialize import (
    CURRENT_VERSION,
    FORMAT_NAME,
    annotation_to_dict,
    journey_to_dict,
    metric_to_dict,
    persona_from_dict,
    persona_to_dict,
    touchpoint_to_dict,
)
from app.model.validation import validate_document

from .reconcile import _build, _changes
from .schema import _GROUP_FIELDS, JOURNEY_COLLECTIONS, JOURNEYS, PERSONAS, POS, _sync_fields, plain, snapshot

# ("journey", journey id, collection, element id) or ("persona", persona id)
Element = tuple[str, ...]
_RESERVED = {POS, *_GROUP_FIELDS}  # a change of these reorders or regroups: the whole-map pass


class Structural(Exception):
    """The change is more than fields of existing elements."""


# ------------------------------------------------------------------ document -> which elements
def touched_by(root: str, events: Iterable[Any]) -> set[Element]:
    """The elements whose fields the deep events of root map `root` changed; Structural when the
    events change anything else."""
    out: set[Element] = set()
    for event in events:
        path = [str(p) for p in event.path]
        if isinstance(event, TextEvent):
            element, field = path[:-1], path[-1]
            if field in _RESERVED:
                raise Structural(field)
        elif isinstance(event, MapEvent):
            element = path
            for key, change in getattr(event, "keys", {}).items():
                if key in _RESERVED or change.get("action") != "update":
                    raise Structural(key)
        else:
            raise Structural(type(event).__name__)
        if root == JOURNEYS and len(element) == 3 and element[1] in JOURNEY_COLLECTIONS:
            out.add(("journey", *element))
        elif root == PERSONAS and len(element) == 1:
            out.add(("persona", element[0]))
        else:
            raise Structural("/".join(path))
    return out


# ------------------------------------------------------------------ model -> element dicts
def _collection(j: Journey, element_id: str) -> str:
    kind = j.kind_of(element_id)
    if kind is NodeKind.STAGE:
        return "stages"
    if kind is NodeKind.LANE:
        return "lanes"
    if kind is NodeKind.TOUCHPOINT:
        return "touchpoints"
    if kind is NodeKind.METRIC:
        return "metrics"
    if kind is NodeKind.ANNOTATION:
        return "pain_points" if j.get(element_id).kind is AnnotationKind.PAIN_POINT else "opportunities"
    raise Structural(str(kind))


def element_dict(j: Journey, collection: str, element_id: str) -> dict[str, Any]:
    """One element as journey_to_dict writes it in the file format."""
    obj = j.get(element_id)
    if collection == "touchpoints":
        return {"id": obj.id, "stage": j.stage_of(obj.id).id, "lane": j.lane_of(obj.id).id, **touchpoint_to_dict(obj)}
    if collection in ("pain_points", "opportunities"):
        return annotation_to_dict(obj, j.target_of(obj.id))
    if collection == "metrics":
        return metric_to_dict(obj, j.target_of(obj.id))
    # stages and lanes are written inline by journey_to_dict: ask it about a journey of one element
    stub = Journey(id="stub")
    if collection == "stages":
        stub.add_stage(replace(obj))
    else:
        stub.add_lane(replace(obj))
    out: dict[str, Any] = journey_to_dict(stub)[collection][0]
    return out


def local_element(j: Journey, element_id: str) -> Element:
    """The element a model "updated" change names."""
    return ("journey", j.id, _collection(j, element_id), element_id)


# ------------------------------------------------------------------ model -> document
def _target(doc: Doc, project: Project, element: Element) -> tuple[Map, dict[str, Any]]:
    """The element's map in the document and its dict in the model (Structural: not both there)."""
    try:
        if element[0] == "persona":
            ymap = doc.get(PERSONAS, type=Map)[element[1]]
            d = persona_to_dict(project.persona(element[1]))
        else:
            _, journey_id, collection, element_id = element
            ymap = doc.get(JOURNEYS, type=Map)[journey_id][collection][element_id]
            d = element_dict(project.journey(journey_id), collection, element_id)
    except (KeyError, ModelError) as exc:
        raise Structural(str(exc)) from exc
    if not isinstance(ymap, Map):
        raise Structural("not a map")
    return ymap, d


def write_elements(doc: Doc, project: Project, elements: set[Element]) -> None:
    """Write the elements' fields into the document, one transaction (Structural: nothing written)."""
    work = []
    for element in elements:
        ymap, d = _target(doc, project, element)
        current = snapshot(ymap)
        if any(plain(current.get(k)) != d.get(k) for k in _GROUP_FIELDS if k in d):
            raise Structural("moved")  # regrouping needs new positions among the new siblings
        work.append((ymap, {k: v for k, v in d.items() if k != "id"}, current))
    with doc.transaction():
        for ymap, fields, current in work:
            _sync_fields(ymap, fields, current)


# ------------------------------------------------------------------ document -> model
def _read(ymap: Map, element_id: str) -> dict[str, Any]:
    return {"id": element_id, **{k: plain(v) for k, v in snapshot(ymap).items() if k != POS}}


def _check(project: Project, j: Journey | None, collection: str, d: dict[str, Any]) -> None:
    """Validate the element as validate_document would inside the map (its neighbours as stubs)."""
    journey: dict[str, Any] = {"id": "stub", "stages": [{"id": "stub-stage", "name": "stub"}],
                               "lanes": [{"id": "stub-lane", "kind": "touchpoints"}]}
    personas = [persona_to_dict(p) for p in project.personas]
    if collection == "personas":
        personas = [d if p["id"] == d["id"] else p for p in personas]
    elif collection in ("stages", "lanes"):
        journey[collection] = [d]
    elif j is not None:
        for where in (d.get("stage"), d.get("lane"), d.get("attached_to")):
            if where is None or where not in j:
                continue
            kind = j.kind_of(where)
            if kind is NodeKind.STAGE:
                journey["stages"].append({"id": where, "name": "stub"})
            elif kind is NodeKind.LANE:
                journey["lanes"].append({"id": where, "kind": j.get(where).kind.value})
            elif kind is NodeKind.TOUCHPOINT:
                journey.setdefault("touchpoints", []).append(
                    {"id": where, "stage": "stub-stage", "lane": "stub-lane", "title": "stub"})
        journey.setdefault(collection, []).append(d)
    found = {"format": FORMAT_NAME, "version": CURRENT_VERSION, "title": "stub", "personas": personas,
             "journeys": [journey]}
    if validate_document(found):
        raise Structural("not valid alone")  # the whole-map pass says what is wrong


def apply_elements(doc: Doc, project: Project, elements: set[Element]) -> int:
    """Bring the model's elements in line with the document's, through the model's own updates (no
    undo entries); returns how many elements were read. Structural: the whole-map pass is needed
    (what was applied so far is on the way to the same result)."""
    persona_ids = {p.id for p in project.personas}
    for element in sorted(elements):
        if element[0] == "persona":
            ymap = doc.get(PERSONAS, type=Map).get(element[1])
            if not isinstance(ymap, Map) or element[1] not in persona_ids:
                raise Structural("persona")
            d = _read(ymap, element[1])
            _check(project, None, "personas", d)
            persona = persona_from_dict(d)
            try:
                changes = _changes(project.persona(d["id"]), persona)
                if changes:
                    project.update_persona(d["id"], **changes)
            except (ModelError, ValueError, TypeError) as exc:
                raise Structural(str(exc)) from exc
            if persona_to_dict(project.persona(d["id"])) != persona_to_dict(persona):
                raise Structural("persona differs")
            continue
        _, journey_id, collection, element_id = element
        try:
            j = project.journey(journey_id)
            ymap = doc.get(JOURNEYS, type=Map)[journey_id][collection][element_id]
        except (KeyError, ModelError) as exc:
            raise Structural(str(exc)) from exc
        if not isinstance(ymap, Map) or element_id not in j or _collection(j, element_id) != collection:
            raise Structural("element")
        d = _read(ymap, element_id)
        if isinstance(d.get("persona_emotions"), dict):  # as schema.repair drops scores of gone personas
            d["persona_emotions"] = {k: v for k, v in d["persona_emotions"].items() if k in persona_ids}
        _check(project, j, collection, d)
        try:
            built = _build(collection, d)
            changes = _changes(j.get(element_id), built)
            if collection in ("pain_points", "opportunities"):
                changes.pop("kind", None)
            if changes:
                j.update(element_id, **changes)
        except (ModelError, ValueError, TypeError, KeyError) as exc:
            raise Structural(str(exc)) from exc
        wanted = {**element_dict(_stub_home(collection, d, built), collection, element_id)}
        if element_dict(j, collection, element_id) != wanted:
            raise Structural("element differs")
    return len(elements)


def _stub_home(collection: str, d: dict[str, Any], built: Any) -> Journey:
    """A journey holding only `built` where `d` places it, to write its canonical dict."""
    from .reconcile import _stub_journey

    if collection == "touchpoints":
        stub = _stub_journey(stages=[{"id": d["stage"], "name": "stub"}],
                             lanes=[{"id": d["lane"], "kind": "touchpoints"}])
        stub.add_touchpoint(built, d["stage"], d["lane"])
    elif collection in ("stages", "lanes"):
        stub = Journey(id="stub")
        stub.add_stage(built) if collection == "stages" else stub.add_lane(built)
    else:
        where = d.get("attached_to")
        stub = _stub_journey(stages=[{"id": where, "name": "stub"}] if where else [])
        if collection == "metrics":
            stub.add_metric(built, where)
        elif isinstance(where, str):
            stub.add_annotation(built, where)
        else:
            raise Structural("an annotation attached to nothing")
    return stub
