"""Copies of a journey, or of part of one, with fresh ids: no Qt, tested on their own.

- `future_state_copy`: the whole journey as a new future-state journey (Add future-state journey).
- Clipboard fragments: `fragment_of` turns chosen touchpoints, with their pain points,
  opportunities, metrics and the path steps between them, into plain JSON-ready data (written
  with the serializer's own field lists, so a field added to an element travels too);
  `prepare_fragment` turns such data (perhaps from another window or project, so it is checked)
  into validated model objects with fresh ids; `add_fragment` and `add_duplicates` put them into
  a journey. The editor runs those as one undo step.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .elements import Annotation, Element, Metric, ModelError, Touchpoint, new_id
from .journey import Journey
from .serialize import (
    annotation_from_dict,
    annotation_to_dict,
    metric_from_dict,
    metric_to_dict,
    touchpoint_from_dict,
    touchpoint_to_dict,
)
from .vocabulary import AnnotationKind, JourneyState

FRAGMENT_FORMAT = "waymark-fragment"
FRAGMENT_VERSION = 1

ElementT = TypeVar("ElementT", bound=Element)


def _fresh(element: ElementT, ids: dict[str, str]) -> ElementT:
    """A deep copy of element under a new id (recorded in ids: old -> new)."""
    twin = copy.deepcopy(element)
    twin.id = ids[element.id] = new_id()
    return twin


def future_state_title(title: str) -> str:
    """"Checkout: current state" -> "Checkout: future state"."""
    base = re.sub(r"[\s:—–-]*\(?current(?: state)?\)?\s*$", "", title, flags=re.IGNORECASE)
    return f"{base or title}: future state"


def future_state_copy(journey: Journey) -> Journey:
    """The journey as a future-state journey: every element copied under a fresh id, in the same
    places and order, with the same path; persona ids (the project's) are kept."""
    ids: dict[str, str] = {}
    twin = Journey(future_state_title(journey.title), state=JourneyState.FUTURE, client=journey.client,
                   author=journey.author, notes=journey.notes, date=journey.date, logo=journey.logo)
    with twin.batched():
        for stage in journey.stages():
            twin.add_stage(_fresh(stage, ids))
        for lane in journey.lanes():
            twin.add_lane(_fresh(lane, ids))
        for tp in journey.touchpoints():  # journey order: each cell keeps its order
            twin.add_touchpoint(_fresh(tp, ids), ids[journey.stage_of(tp.id).id], ids[journey.lane_of(tp.id).id])
        for source, target in journey.path_edges():
            twin.add_path(ids[source], ids[target], journey.path_label(source, target))
        for ann in journey.annotations():
            twin.add_annotation(_fresh(ann, ids), ids[journey.target_of(ann.id) or ""])
        for metric in journey.metrics():
            measured = journey.target_of(metric.id)
            twin.add_metric(_fresh(metric, ids), ids[measured] if measured else None)
    return twin


# ------------------------------------------------------------------ fragments
def fragment_of(journey: Journey, ids: list[str]) -> dict[str, Any] | None:
    """The touchpoints among ids (in journey order) with what belongs to them, as plain data;
    None when ids hold no touchpoint."""
    wanted = set(ids)
    tps = [tp for tp in journey.touchpoints() if tp.id in wanted]
    if not tps:
        return None
    stage_index = {s.id: i for i, s in enumerate(journey.stages())}
    chosen = {tp.id for tp in tps}
    touchpoints = [{**touchpoint_to_dict(tp), "stage_index": stage_index[journey.stage_of(tp.id).id],
                    "lane_kind": journey.lane_of(tp.id).kind.value} for tp in tps]
    annotations = [{**annotation_to_dict(a, tp.id), "kind": a.kind.value}
                   for tp in tps for a in journey.annotations(target_id=tp.id)]
    metrics = [metric_to_dict(m, tp.id) for tp in tps for m in journey.metrics(tp.id)]
    path = [{"from": a, "to": b, "label": journey.path_label(a, b)}
            for a, b in journey.path_edges() if a in chosen and b in chosen]
    return {"format": FRAGMENT_FORMAT, "version": FRAGMENT_VERSION, "touchpoints": touchpoints,
            "annotations": annotations, "metrics": metrics, "path": path}


@dataclass
class PreparedFragment:
    """A fragment as model objects with fresh ids, built once so that redo recreates the same ids."""

    touchpoints: list[tuple[Touchpoint, dict[str, Any]]] = field(default_factory=list)  # with its data
    annotations: list[tuple[Annotation, str]] = field(default_factory=list)  # with its touchpoint's id
    metrics: list[tuple[Metric, str]] = field(default_factory=list)
    path: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def touchpoint_ids(self) -> list[str]:
        return [tp.id for tp, _ in self.touchpoints]


def _checked(element: ElementT, where: str) -> ElementT:
    try:
        element.validate()
    except ModelError as exc:
        raise ModelError(f"{where}: {exc}") from None
    return element


def prepare_fragment(fragment: dict[str, Any], persona_ids: set[str]) -> PreparedFragment:
    """Validated objects with fresh ids for a fragment; ModelError says what is wrong with it.
    Scores of personas this project does not have are dropped."""
    if not isinstance(fragment, dict) or fragment.get("format") != FRAGMENT_FORMAT:
        raise ModelError("the clipboard does not hold Waymark touchpoints")
    try:
        out = PreparedFragment()
        new_ids: dict[str, str] = {}
        for i, raw in enumerate(fragment["touchpoints"]):
            scores = {k: v for k, v in dict(raw.get("persona_emotions", {})).items() if k in persona_ids}
            tp = touchpoint_from_dict({**raw, "id": new_id(), "title": str(raw["title"]),
                                       "persona_emotions": scores})
            new_ids[raw["id"]] = tp.id
            out.touchpoints.append((_checked(tp, f"touchpoints[{i}]"), raw))
        for i, raw in enumerate(fragment.get("annotations", [])):
            ann = annotation_from_dict(AnnotationKind(raw["kind"]), {**raw, "id": new_id(), "text": str(raw["text"])})
            out.annotations.append((_checked(ann, f"annotations[{i}]"), new_ids[raw["attached_to"]]))
        for i, raw in enumerate(fragment.get("metrics", [])):
            metric = metric_from_dict({**raw, "id": new_id()})
            out.metrics.append((_checked(metric, f"metrics[{i}]"), new_ids[raw["attached_to"]]))
        out.path = [(new_ids[e["from"]], new_ids[e["to"]], str(e.get("label", ""))) for e in fragment.get("path", [])]
    except ModelError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"the clipboard holds a damaged Waymark fragment ({exc})") from None
    if not out.touchpoints:
        raise ModelError("the clipboard's Waymark fragment holds no touchpoints")
    return out


Cell = tuple[str, str, int | None]  # (stage id, lane id, index in the cell or None for the end)


def paste_cells(journey: Journey, prepared: PreparedFragment, stage_id: str, lane_id: str) -> list[Cell]:
    """Where each touchpoint of a fragment goes when pasted into a cell: the first stage copied
    lands in that cell's stage and the others keep their distance to it (clamped to the last stage)."""
    stages = [s.id for s in journey.stages()]
    journey.check_cell(stage_id, lane_id)
    indices = [int(raw.get("stage_index", 0)) for _, raw in prepared.touchpoints]
    base, first = stages.index(stage_id), min(indices)
    return [(stages[min(len(stages) - 1, base + i - first)], lane_id, None) for i in indices]


def add_fragment(journey: Journey, prepared: PreparedFragment, cells: list[Cell]) -> list[str]:
    """Add the prepared objects, touchpoint i into cells[i]; returns the ids created, in order."""
    created: list[str] = []
    with journey.batched():
        for (tp, _), (stage_id, lane_id, index) in zip(prepared.touchpoints, cells, strict=True):
            journey.add_touchpoint(tp.copy(), stage_id, lane_id, index)
            created.append(tp.id)
        created += _add_belongings(journey, prepared)
    return created


def add_duplicates(journey: Journey, prepared: PreparedFragment) -> list[str]:
    """Add a fragment made of the journey's own touchpoints, each copy right after its original
    (read when added, so redo after other edits still lands beside it); returns the ids created."""
    created: list[str] = []
    with journey.batched():
        for tp, raw in prepared.touchpoints:
            original = raw["id"]
            stage_id, lane_id = journey.stage_of(original).id, journey.lane_of(original).id
            journey.add_touchpoint(tp.copy(), stage_id, lane_id, journey.get(original).order + 1)
            created.append(tp.id)
        created += _add_belongings(journey, prepared)
    return created


def _add_belongings(journey: Journey, prepared: PreparedFragment) -> list[str]:
    created: list[str] = []
    for ann, target in prepared.annotations:
        journey.add_annotation(ann.copy(), target)
        created.append(ann.id)
    for metric, target in prepared.metrics:
        journey.add_metric(metric.copy(), target)
        created.append(metric.id)
    for source, target, label in prepared.path:
        journey.add_path(source, target, label)
    return created
