"""Bring a live Project in line with a file-format dict through the model's own fine-grained edits.

A remote change arrives as a new state of the shared document; turning it into adds, removes,
updates and moves of single elements (rather than a new Project) lets the canvas keep its
items, so the local selection, the scroll position and an edit in progress survive. These
edits go to the model directly, never onto the undo stack: undo undoes only your own edits.

Elements are built from their dicts with app/model/serialize.py, so the fields a later file
format adds flow through. Whatever the fine-grained pass cannot express (a field the model
keeps somewhere this module does not know) is caught by comparing the result with the target,
and the journey is then replaced as a whole: slower for the views, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from functools import partial
from typing import Any

from app.model import Journey, ModelError, Project
from app.model.journey import META_FIELDS
from app.model.serialize import (
    journey_from_dict,
    metric_from_dict,
    persona_from_dict,
    project_from_dict,
    project_to_dict,
)

from .schema import same

_FIXED = {"id", "position", "order"}


def _stub_journey(**lists: list[dict[str, Any]]) -> Journey:
    return journey_from_dict({"id": "stub", **lists})


def _build(collection: str, d: dict[str, Any]) -> Any:
    """One element from its dict, the way loading a file builds it."""
    if collection == "metrics":
        return metric_from_dict(d)
    if collection == "stages":
        return _stub_journey(stages=[d]).get(d["id"])
    if collection == "lanes":
        return _stub_journey(lanes=[d]).get(d["id"])
    if collection == "touchpoints":
        j = _stub_journey(stages=[{"id": d["stage"], "name": "stub"}],
                          lanes=[{"id": d["lane"], "kind": "touchpoints"}], touchpoints=[d])
        return j.get(d["id"])
    j = _stub_journey(stages=[{"id": d["attached_to"], "name": "stub"}], **{collection: [d]})
    return j.get(d["id"])


def _changes(current: Any, wanted: Any) -> dict[str, Any]:
    return {f.name: getattr(wanted, f.name) for f in fields(wanted)
            if f.name not in _FIXED and getattr(current, f.name) != getattr(wanted, f.name)}


class _Attempts:
    """Edits that may fail only because of the order they run in (a lane's kind changes before or
    after its cards leave): failures are retried once at the end."""

    def __init__(self) -> None:
        self.failed: list[Callable[[], Any]] = []

    def __call__(self, edit: Callable[[], Any]) -> None:
        try:
            edit()
        except ModelError:
            self.failed.append(edit)

    def retry(self) -> None:
        failed, self.failed = self.failed, []
        for edit in failed:
            try:
                edit()
            except ModelError:
                pass  # the comparison at the end falls back to replacing the journey


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _apply_journey(j: Journey, current: dict[str, Any], target: dict[str, Any]) -> None:
    attempt = _Attempts()
    meta = {k: target[k] for k in META_FIELDS if k in target and not same(current.get(k), target[k])}
    if meta:
        attempt(partial(j.set_meta, **meta))
    # removals first, the dependent elements before what they belong to
    for name in ("pain_points", "opportunities", "metrics", "touchpoints", "lanes", "stages"):
        wanted = {item["id"] for item in target.get(name, [])}
        for item in current.get(name, []):
            if item["id"] not in wanted and item["id"] in j:
                j.remove(item["id"])
    wanted_steps = {(s["from"], s["to"]): s.get("label", "") for s in target.get("path", [])}
    for s in current.get("path", []):
        key = (s["from"], s["to"])
        if (key not in wanted_steps or wanted_steps[key] != s.get("label", "")) and j.graph.has_edge(*key):
            j.remove_path(*key)
    now = {name: _by_id(current.get(name, [])) for name in
           ("stages", "lanes", "touchpoints", "pain_points", "opportunities", "metrics")}

    def unchanged(name: str, d: dict[str, Any]) -> bool:
        return d["id"] in j and same(now[name].get(d["id"]), d)  # nothing to build or compare

    for name in ("stages", "lanes"):
        for i, d in enumerate(target.get(name, [])):
            if unchanged(name, d):
                continue
            element = _build(name, d)
            if d["id"] not in j:
                if name == "stages":
                    j.add_stage(element, i)
                else:
                    j.add_lane(element, i)
                continue
            changes = _changes(j.get(d["id"]), element)
            if changes:
                attempt(partial(j.update, d["id"], **changes))
        for i, d in enumerate(target.get(name, [])):
            if j.index_of(d["id"]) != i:
                j.move(d["id"], i)
    attempt.retry()
    cells: dict[tuple[str, str], list[str]] = {}
    for d in target.get("touchpoints", []):
        cells.setdefault((d["stage"], d["lane"]), []).append(d["id"])
        if unchanged("touchpoints", d):
            continue
        tp = _build("touchpoints", d)
        if d["id"] not in j:
            attempt(partial(j.add_touchpoint, tp, d["stage"], d["lane"]))
            continue
        changes = _changes(j.get(d["id"]), tp)
        if changes:
            attempt(partial(j.update, d["id"], **changes))
        if (j.stage_of(d["id"]).id, j.lane_of(d["id"]).id) != (d["stage"], d["lane"]):
            attempt(partial(j.move_touchpoint, d["id"], d["stage"], d["lane"]))
    attempt.retry()  # lanes whose kind changed once their cards had left
    for (stage, lane), ids in cells.items():
        for i, tp_id in enumerate(ids):
            if tp_id in j and j.get(tp_id).order != i:
                attempt(partial(j.move_touchpoint, tp_id, stage, lane, i))
    for name in ("pain_points", "opportunities", "metrics"):
        groups: dict[Any, list[str]] = {}
        for d in target.get(name, []):
            where = d.get("attached_to")
            groups.setdefault(where, []).append(d["id"])
            if unchanged(name, d):
                continue
            element = _build(name, d)
            if d["id"] not in j:
                if name == "metrics":
                    attempt(partial(j.add_metric, element, where))
                else:
                    attempt(partial(j.add_annotation, element, where))
                continue
            changes = _changes(j.get(d["id"]), element)
            changes.pop("kind", None) if name != "metrics" else None
            if changes:
                attempt(partial(j.update, d["id"], **changes))
            if j.target_of(d["id"]) != where:
                attempt(partial(j.attach, d["id"], where))
        for ids in groups.values():
            for i, element_id in enumerate(ids):
                if element_id in j and j.index_of(element_id) != i:
                    attempt(partial(j.move, element_id, i))
    for (a, b), label in wanted_steps.items():
        if a in j and b in j and not j.graph.has_edge(a, b):
            attempt(partial(j.add_path, a, b, label))


def _apply_personas(project: Project, current: list[dict[str, Any]], target: list[dict[str, Any]]) -> None:
    now = _by_id(current)
    for i, d in enumerate(target):
        persona = persona_from_dict(d)
        if d["id"] not in now:
            project.add_persona(persona, i)
            continue
        changes = _changes(project.persona(d["id"]), persona)
        if changes:
            project.update_persona(d["id"], **changes)
    order = [d["id"] for d in target]
    if [p.id for p in project.personas if p.id in set(order)] != order:
        rank = {pid: i for i, pid in enumerate(order)}
        project.personas.sort(key=lambda p: rank.get(p.id, len(rank)))


def _replace_journey(j: Journey, d: dict[str, Any]) -> None:
    fresh = journey_from_dict(d)
    with j.batched():
        for name, value in vars(fresh).items():
            if name not in ("_observers", "_batch_depth", "_batch_dirty"):
                setattr(j, name, value)
        j._batch_dirty = True  # observers get one "reset"


def apply_project(project: Project, target: dict[str, Any]) -> None:
    """Edit `project` until project_to_dict(project) equals `target` (a valid file-format dict)."""
    current = project_to_dict(project)
    if same(current, target):
        return
    if project.title != target.get("title", project.title):
        project.set_title(target["title"])
    _apply_personas(project, current["personas"], target.get("personas", []))
    wanted = _by_id(target.get("journeys", []))
    for j in list(project.journeys):
        if j.id not in wanted and len(project.journeys) > 1:
            project.remove_journey(j.id)
    now = _by_id(current["journeys"])
    for i, d in enumerate(target.get("journeys", [])):
        if d["id"] not in now:
            project.add_journey(journey_from_dict(d), i)
        else:
            _apply_journey(project.journey(d["id"]), now[d["id"]], d)
    for j in list(project.journeys):  # the last journey goes once its replacement is there
        if j.id not in wanted and len(project.journeys) > 1:
            project.remove_journey(j.id)
    rank = {d["id"]: i for i, d in enumerate(target.get("journeys", []))}
    project.journeys.sort(key=lambda j: rank.get(j.id, len(rank)))
    for persona in [p for p in project.personas if p.id not in {d["id"] for d in target.get("personas", [])}]:
        project.remove_persona(persona.id)
    result = project_to_dict(project)
    if same(result, target):
        return
    _replace_rest(project, result, target)


def _replace_rest(project: Project, result: dict[str, Any], target: dict[str, Any]) -> None:
    """The safety net: whatever still differs is replaced wholesale (fields this module does not know)."""
    fresh = project_from_dict(target)
    for name, value in vars(fresh).items():
        if name not in ("journeys", "personas", "_observers"):
            setattr(project, name, value)
    if not same(result.get("personas"), target.get("personas")):
        project.personas[:] = fresh.personas
    done = _by_id(result["journeys"])
    for d in target.get("journeys", []):
        if not same(done.get(d["id"]), d):
            _replace_journey(project.journey(d["id"]), d)
    from app.model import Change

    project._emit(Change("persona_updated", None, tuple(p.id for p in project.personas)))
