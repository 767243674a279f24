"""Copy, cut, paste and duplicate of touchpoints on the canvas.

A fragment holds the chosen touchpoints with their pain points, opportunities and metrics and
the customer-path steps between them, as plain JSON under FRAGMENT_MIME on the system
clipboard, so it pastes into another window or another project. Pasting creates fresh ids
and is one undo step through `JourneyEditor.insert_fragment`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from app.model import Annotation, AnnotationKind, Journey, Metric, ModelError, NodeKind, Touchpoint, new_id
from app.model.serialize import metric_from_dict, metric_to_dict

from . import mime

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

FRAGMENT_FORMAT = "waymark-fragment"


def fragment_of(journey: Journey, ids: list[str]) -> dict[str, Any] | None:
    """The touchpoints among ids (in journey order) with what belongs to them; None if none."""
    wanted = set(ids)
    tps = [tp for tp in journey.touchpoints() if tp.id in wanted]
    if not tps:
        return None
    stage_index = {s.id: i for i, s in enumerate(journey.stages())}
    chosen = {tp.id for tp in tps}
    touchpoints = []
    for tp in tps:
        touchpoints.append({
            "id": tp.id, "title": tp.title, "description": tp.description, "channel": tp.channel.value,
            "owner": tp.owner, "emotion": tp.emotion, "emotion_label": tp.emotion_label,
            "persona_emotions": dict(tp.persona_emotions), "moment_of_truth": tp.moment_of_truth,
            "delight": tp.delight, "notes": tp.notes,
            "stage_index": stage_index[journey.stage_of(tp.id).id], "lane_kind": journey.lane_of(tp.id).kind.value,
        })
    annotations = [
        {"kind": a.kind.value, "text": a.text, "severity": a.severity, "votes": a.votes, "attached_to": tp.id}
        for tp in tps for a in journey.annotations(target_id=tp.id)
    ]
    metrics = [metric_to_dict(m, tp.id) for tp in tps for m in journey.metrics(tp.id)]
    path = [{"from": a, "to": b, "label": journey.path_label(a, b)}
            for a, b in journey.path_edges() if a in chosen and b in chosen]
    return {"format": FRAGMENT_FORMAT, "version": 1, "touchpoints": touchpoints, "annotations": annotations,
            "metrics": metrics, "path": path}


@dataclass
class PreparedFragment:
    """A fragment turned into model objects with fresh ids, built once so redo recreates the same ids."""

    touchpoints: list[tuple[Touchpoint, dict[str, Any]]] = field(default_factory=list)
    annotations: list[tuple[Annotation, str]] = field(default_factory=list)
    metrics: list[tuple[Metric, str]] = field(default_factory=list)
    path: list[tuple[str, str, str]] = field(default_factory=list)


def prepare(fragment: dict[str, Any], persona_ids: set[str]) -> PreparedFragment:
    """Objects for a fragment; raises ModelError when the fragment is not a valid one."""
    if fragment.get("format") != FRAGMENT_FORMAT:
        raise ModelError("the clipboard does not hold Waymark touchpoints")
    try:
        out = PreparedFragment()
        new_ids: dict[str, str] = {}
        for i, t in enumerate(fragment["touchpoints"]):
            tp = Touchpoint(
                str(t["title"]), description=t.get("description", ""), channel=t.get("channel", "other"),
                owner=t.get("owner", ""), emotion=t.get("emotion"), emotion_label=t.get("emotion_label", ""),
                persona_emotions={k: v for k, v in dict(t.get("persona_emotions", {})).items() if k in persona_ids},
                moment_of_truth=bool(t.get("moment_of_truth", False)), delight=bool(t.get("delight", False)),
                notes=t.get("notes", ""),
            )
            try:
                tp.validate()
            except ModelError as exc:
                raise ModelError(f"touchpoints[{i}]: {exc}") from None
            new_ids[t["id"]] = tp.id
            out.touchpoints.append((tp, t))
        for i, a in enumerate(fragment.get("annotations", [])):
            ann = Annotation(AnnotationKind(a["kind"]), str(a["text"]), severity=a.get("severity", 3),
                             votes=a.get("votes", 0))
            try:
                ann.validate()
            except ModelError as exc:
                raise ModelError(f"annotations[{i}]: {exc}") from None
            out.annotations.append((ann, new_ids[a["attached_to"]]))
        for i, m in enumerate(fragment.get("metrics", [])):
            metric = metric_from_dict({**m, "id": new_id()})
            try:
                metric.validate()
            except ModelError as exc:
                raise ModelError(f"metrics[{i}]: {exc}") from None
            out.metrics.append((metric, new_ids[m["attached_to"]]))
        out.path = [(new_ids[e["from"]], new_ids[e["to"]], str(e.get("label", ""))) for e in fragment.get("path", [])]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, ModelError):
            raise
        raise ModelError(f"the clipboard holds a damaged Waymark fragment ({exc})") from None
    return out


def insert(journey: Journey, prepared: PreparedFragment, cells: list[tuple[str, str, int | None]]) -> list[str]:
    """Add the prepared objects, touchpoint i into cells[i]; returns the ids created, in order."""
    created: list[str] = []
    with journey.batched():
        for (tp, _), (stage_id, lane_id, index) in zip(prepared.touchpoints, cells, strict=True):
            journey.add_touchpoint(tp.copy(), stage_id, lane_id, index)
            created.append(tp.id)
        for ann, target in prepared.annotations:
            journey.add_annotation(ann.copy(), target)
            created.append(ann.id)
        for metric, target in prepared.metrics:
            journey.add_metric(metric.copy(), target)
            created.append(metric.id)
        for a, b, label in prepared.path:
            journey.add_path(a, b, label)
    return created


def _count(n: int, what: str) -> str:
    return what if n == 1 else f"{n} {what}s"


class CardClipboard:
    """The canvas's clipboard commands."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas

    @property
    def journey(self) -> Journey:
        return self.canvas.journey

    def _touchpoint_ids(self) -> list[str]:
        return [i for i in self.canvas.selected_ids()
                if i in self.journey and self.journey.kind_of(i) is NodeKind.TOUCHPOINT]

    def copy(self) -> bool:
        fragment = fragment_of(self.journey, self._touchpoint_ids())
        if fragment is None:
            self.canvas.statusMessage.emit("Select touchpoints to copy")
            return False
        data = QMimeData()
        data.setData(mime.FRAGMENT_MIME, mime.encode(fragment))
        titles = [t["title"] for t in fragment["touchpoints"]]
        data.setText("\n".join(titles))
        QApplication.clipboard().setMimeData(data)
        return True

    def cut(self) -> None:
        ids = self._touchpoint_ids()
        if ids and self.copy():
            self.canvas.editor.remove(self.journey, ids, text="Cut " + _count(len(ids), "touchpoint"))

    def paste(self) -> None:
        data = QApplication.clipboard().mimeData()
        if data is None or not data.hasFormat(mime.FRAGMENT_MIME):
            self.canvas.statusMessage.emit("Nothing to paste: copy touchpoints first")
            return
        fragment = mime.decode(data.data(mime.FRAGMENT_MIME).data())
        try:
            if fragment is None:
                raise ModelError("the clipboard holds a damaged Waymark fragment")
            prepared = prepare(fragment, {p.id for p in self.canvas.editor.project.personas})
            cells = self._paste_cells(prepared)
        except ModelError as exc:
            self.canvas.statusMessage.emit(str(exc))
            return
        n = len(prepared.touchpoints)
        created = self.canvas.editor.insert_fragment(
            self.journey, lambda j: insert(j, prepared, cells), text="Paste " + _count(n, "touchpoint"))
        self.canvas.select_ids([i for i in created if i in {tp.id for tp, _ in prepared.touchpoints}])

    def _paste_cells(self, prepared: PreparedFragment) -> list[tuple[str, str, int | None]]:
        """Into the current cell, keeping the fragment's spread over stages."""
        stages = self.journey.stages()
        cell = self.canvas.current_cell() or self.canvas.default_cell()
        if cell is None or not stages:
            raise ModelError("add a stage and a touchpoints lane before pasting")
        stage_id, lane_id = cell
        first = min(int(raw.get("stage_index", 0)) for _, raw in prepared.touchpoints)
        base = next(i for i, s in enumerate(stages) if s.id == stage_id)
        out: list[tuple[str, str, int | None]] = []
        for _, raw in prepared.touchpoints:
            target = min(len(stages) - 1, base + int(raw.get("stage_index", 0)) - first)
            out.append((stages[target].id, lane_id, None))
        return out

    def duplicate(self) -> None:
        ids = self._touchpoint_ids()
        fragment = fragment_of(self.journey, ids)
        if fragment is None:
            self.canvas.statusMessage.emit("Select touchpoints to duplicate")
            return
        prepared = prepare(fragment, {p.id for p in self.canvas.editor.project.personas})
        originals = [raw["id"] for _, raw in prepared.touchpoints]
        journey = self.journey

        def build(j: Journey) -> list[str]:
            # each copy goes right after its original, read at insert time
            cells = []
            with j.batched():
                for (tp, _), original in zip(prepared.touchpoints, originals, strict=True):
                    stage_id, lane_id = j.stage_of(original).id, j.lane_of(original).id
                    j.add_touchpoint(tp.copy(), stage_id, lane_id, j.get(original).order + 1)
                    cells.append(tp.id)
                rest = PreparedFragment([], prepared.annotations, prepared.metrics, prepared.path)
                return cells + insert(j, rest, [])

        created = self.canvas.editor.insert_fragment(
            journey, build, text="Duplicate " + _count(len(originals), "touchpoint"))
        self.canvas.select_ids([tp.id for tp, _ in prepared.touchpoints if tp.id in created])
