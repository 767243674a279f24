"""Context menus of the journey canvas: on cards, headers, path arrows and empty cells.

Each entry calls the canvas or the JourneyEditor, so every choice is one named undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.model import AnnotationKind, Channel, LaneKind, ModelError, NodeKind

from .items import CardItem, LaneHeaderItem, StageHeaderItem

if TYPE_CHECKING:
    from .canvas import JourneyCanvas


class CanvasMenus:
    """Builds and shows the menu for what is under the pointer."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas

    @property
    def journey(self):
        return self.canvas.journey

    def _do(self, edit: Callable[[], Any]) -> None:
        try:
            edit()
        except ModelError as exc:
            self.canvas.statusMessage.emit(str(exc))

    def build(self, view_pos: QPoint) -> QMenu:
        """The menu for a point of the viewport (tests inspect it without showing it)."""
        canvas = self.canvas
        pos = canvas.mapToScene(view_pos)
        menu = QMenu(canvas)
        for item in canvas.journey_scene.hits(pos):
            if isinstance(item, CardItem):
                if not item.isSelected():
                    canvas.select_ids([item.element_id], ensure_visible=False)
                self._card_menu(menu, item)
                return menu
            if isinstance(item, StageHeaderItem):
                canvas.select_ids([item.element_id], ensure_visible=False)
                self._stage_menu(menu, item.element_id)
                return menu
            if isinstance(item, LaneHeaderItem):
                canvas.select_ids([item.element_id], ensure_visible=False)
                self._lane_menu(menu, item.element_id)
                return menu
        arrow = canvas.arrow_at(pos)
        if arrow is not None:
            source, target = arrow.key
            menu.addAction("Remove path step",
                           lambda: self._do(lambda: canvas.editor.remove_path(self.journey, source, target)))
            return menu
        canvas.set_current_at(pos)
        cell = canvas.current_cell()
        journey, editor = self.journey, canvas.editor
        menu.addAction("Add stage", lambda: self._do(
            lambda: canvas.select_ids([editor.add_stage(journey, "New stage").id])))
        if not any(ln.kind.holds_cards for ln in journey.lanes(visible_only=True)):
            menu.addAction("Add touchpoints lane", lambda: self._do(
                lambda: canvas.select_ids([editor.add_lane(journey, LaneKind.TOUCHPOINTS).id])))
        menu.addSeparator()
        add = menu.addAction("Add touchpoint here\tN", canvas.quick_add)
        add.setEnabled(cell is not None)
        menu.addAction("Paste\tCtrl+V", canvas.paste)
        menu.addSeparator()
        menu.addAction("Select all\tCtrl+A", canvas.select_all)
        return menu

    def show_at(self, view_pos: QPoint, global_pos: QPoint) -> None:
        menu = self.build(view_pos)
        menu.exec(global_pos)
        menu.deleteLater()

    # ---------------------------------------------------------------- menus
    def _card_menu(self, menu: QMenu, item: CardItem) -> None:
        canvas, journey, editor = self.canvas, self.journey, self.canvas.editor
        element_id = item.element_id
        kind = journey.kind_of(element_id)
        menu.addAction("Edit text\tF2", lambda: canvas.edit_in_place(element_id))
        if kind is NodeKind.TOUCHPOINT:
            menu.addAction("Duplicate\tCtrl+D", canvas.duplicate_selection)
        menu.addAction("Delete\tDel", canvas.delete_selection)
        if kind is NodeKind.TOUCHPOINT:
            tp = journey.get(element_id)
            menu.addSeparator()
            def annotate(kind: AnnotationKind) -> None:
                canvas.select_ids([editor.add_annotation(journey, kind, element_id).id])

            def set_channel(channel: Channel) -> None:
                editor.update(journey, element_id, step="Set channel", channel=channel)
            for ann_kind in AnnotationKind:
                menu.addAction(f"Add {ann_kind.label.lower()}", partial(self._do, partial(annotate, ann_kind)))
            channels = menu.addMenu("Channel")
            for channel in Channel:
                action = channels.addAction(channel.label, partial(self._do, partial(set_channel, channel)))
                action.setCheckable(True)
                action.setChecked(tp.channel is channel)
            for field, label in (("moment_of_truth", "Moment of truth"), ("delight", "Delight moment")):
                action = QAction(label, menu)
                action.setCheckable(True)
                action.setChecked(bool(getattr(tp, field)))
                action.toggled.connect(lambda on, f=field, text=label: self._do(
                    lambda: editor.update(journey, element_id, step=f"Set {text.lower()}", **{f: on})))
                menu.addAction(action)
            menu.addSeparator()
            self._path_entries(menu, element_id)
        elif kind is NodeKind.ANNOTATION:
            ann = journey.get(element_id)
            severity = menu.addMenu("Severity")
            def set_severity(level: int) -> None:
                editor.update(journey, element_id, step="Set severity", severity=level)
            for level in range(1, 6):
                action = severity.addAction(str(level), partial(self._do, partial(set_severity, level)))
                action.setCheckable(True)
                action.setChecked(ann.severity == level)
            menu.addAction("Add vote", lambda: self._do(
                lambda: editor.update(journey, element_id, step="Vote", votes=journey.get(element_id).votes + 1)))

    def _path_entries(self, menu: QMenu, tp_id: str) -> None:
        journey, editor = self.journey, self.canvas.editor
        order = [t.id for t in journey.touchpoints()]
        i = order.index(tp_id)
        if i + 1 < len(order):
            nxt = order[i + 1]
            connect = menu.addAction("Connect to next touchpoint", lambda: self._do(
                lambda: editor.add_path(journey, tp_id, nxt)))
            connect.setEnabled(not journey.graph.has_edge(tp_id, nxt))
        else:
            menu.addAction("Connect to next touchpoint").setEnabled(False)
        steps = [(tp_id, b) for b in journey.successors(tp_id)] + [(a, tp_id) for a in journey.predecessors(tp_id)]
        remove = menu.addMenu("Remove path step")
        remove.setEnabled(bool(steps))
        for a, b in steps:
            label = f"{journey.get(a).title}  →  {journey.get(b).title}"
            remove.addAction(label, partial(self._do, partial(editor.remove_path, journey, a, b)))

    def _stage_menu(self, menu: QMenu, stage_id: str) -> None:
        canvas, journey, editor = self.canvas, self.journey, self.canvas.editor
        menu.addAction("Rename stage\tF2", lambda: canvas.edit_in_place(stage_id))
        menu.addAction("Add touchpoint here\tN", canvas.quick_add)
        position = journey.get(stage_id).position
        menu.addAction("Insert stage before", lambda: self._do(
            lambda: canvas.select_ids([editor.add_stage(journey, "New stage", index=position).id])))
        menu.addAction("Insert stage after", lambda: self._do(
            lambda: canvas.select_ids([editor.add_stage(journey, "New stage", index=position + 1).id])))
        menu.addSeparator()
        def annotate(kind: AnnotationKind) -> None:
            canvas.select_ids([editor.add_annotation(journey, kind, stage_id).id])
        for ann_kind in AnnotationKind:
            menu.addAction(f"Add {ann_kind.label.lower()} to stage", partial(self._do, partial(annotate, ann_kind)))
        menu.addSeparator()
        menu.addAction("Delete stage", canvas.delete_selection)

    def _lane_menu(self, menu: QMenu, lane_id: str) -> None:
        canvas, journey, editor = self.canvas, self.journey, self.canvas.editor
        menu.addAction("Rename lane\tF2", lambda: canvas.edit_in_place(lane_id))
        menu.addAction("Hide lane", lambda: self._do(
            lambda: editor.update(journey, lane_id, step="Hide lane", hidden=True)))
        menu.addSeparator()
        menu.addAction("Delete lane", canvas.delete_selection)
