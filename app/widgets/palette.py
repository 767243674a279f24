"""The palette dock's content: everything that can be dragged onto the journey canvas.

Sections: structure (stage, one lane per kind), touchpoints (one per channel, with the channel
icon drawn by the shared `draw_channel_icon`), annotations (pain point, opportunity), metrics
(one per kind) and persona. Dragging an entry starts a real QDrag whose QMimeData carries the
PALETTE_MIME payload of `app.widgets.mime`. PaletteDrop is what such a drag does over the canvas:
the insertion feedback while it moves and the one undo step when it is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.model.personas import palette_color
from app.layout import Rect
from app.layout import style
from app.model import AnnotationKind, Channel, LaneKind, MetricKind, ModelError
from app.render.draw import draw_channel_icon

from . import mime
from .items import CardItem, qrect
from app.render.qt_surface import QtSurface

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
ICON_PX = 20


def _pixmap(paint, dpr: float) -> QPixmap:
    pixmap = QPixmap(round(ICON_PX * dpr), round(ICON_PX * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(QtSurface(painter))
    painter.end()
    return pixmap


def channel_icon(channel: Channel, dpr: float = 2.0) -> QIcon:
    """The channel's icon as on the cards, crisp on high-DPI screens."""
    return QIcon(_pixmap(lambda s: draw_channel_icon(s, channel, Rect(1, 1, ICON_PX - 2, ICON_PX - 2)), dpr))


def swatch_icon(fill: str, stroke: str, dpr: float = 2.0, *, bar: str | None = None, round_: bool = False) -> QIcon:
    """A small card-like swatch for the non-channel entries."""
    def paint(s: QtSurface) -> None:
        if round_:
            s.circle(ICON_PX / 2, ICON_PX / 2, ICON_PX / 2 - 3, fill, stroke, 1.2)
            return
        s.rect(Rect(2.5, 4.5, ICON_PX - 5, ICON_PX - 9), fill, stroke, 1.0, radius=2.5)
        if bar:
            s.rect(Rect(3.5, 5.5, 3, ICON_PX - 11), bar)
    return QIcon(_pixmap(paint, dpr))


def lane_icon(tint: str, dpr: float = 2.0) -> QIcon:
    """A row with its title cell: what a lane looks like on the map."""
    def paint(s: QtSurface) -> None:
        s.rect(Rect(1.5, 6.5, ICON_PX - 3, ICON_PX - 13), tint, style.CARD_BORDER, 1.0)
        s.rect(Rect(2, 7, 5, ICON_PX - 14), style.HEADER_FILL)
        s.line(7, 6.5, 7, ICON_PX - 6.5, style.CARD_BORDER, 1.0)
    return QIcon(_pixmap(paint, dpr))


def _entries() -> list[tuple[str, list[tuple[str, dict[str, Any], QIcon, str]]]]:
    lane_fill = {kind: style.LANE_TINTS.get(kind, style.PAPER) for kind in LaneKind}
    structure = [("Stage", {"element": "stage"}, swatch_icon(style.STAGE_FILL, style.STAGE_FILL),
                  "Drop between two columns to insert a stage")]
    structure += [(f"{kind.label} lane", {"element": "lane", "lane_kind": kind.value},
                   lane_icon(lane_fill[kind]), "Drop between two rows to insert a lane")
                  for kind in LaneKind]
    touchpoints = [(channel.label, {"element": "touchpoint", "channel": channel.value}, channel_icon(channel),
                    "Drop into a cell to add a touchpoint there") for channel in Channel]
    notes = [
        (AnnotationKind.PAIN_POINT.label, {"element": "pain_point"},
         swatch_icon(style.PAIN_FILL, style.CARD_BORDER, bar=style.SEVERITY_COLORS[4]),
         "Drop on a touchpoint or a stage column"),
        (AnnotationKind.OPPORTUNITY.label, {"element": "opportunity"},
         swatch_icon(style.OPPORTUNITY_FILL, style.CARD_BORDER, bar=style.OPPORTUNITY_ACCENT),
         "Drop on a touchpoint or a stage column"),
    ]
    metrics = [(kind.label, {"element": "metric", "metric_kind": kind.value},
                swatch_icon("#ffffff", style.NEUTRAL, bar=style.GOOD),
                "Drop on a touchpoint, a stage or the lane titles")
               for kind in MetricKind]
    persona_color = palette_color(0)  # the model's palette (app.model.personas)
    people = [("Persona", {"element": "persona"}, swatch_icon(persona_color, persona_color, round_=True),
               "Drop on the map to add a persona to the project")]
    return [("Structure", structure), ("Touchpoints", touchpoints), ("Pain points & opportunities", notes),
            ("Metrics", metrics), ("People", people)]


class PaletteTree(QTreeWidget):
    """The draggable entries, grouped under section headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setIconSize(QSize(ICON_PX, ICON_PX))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAnimated(False)
        self.setObjectName("paletteTree")
        self.setStyleSheet("QTreeWidget#paletteTree { border: none; }"
                           " QTreeWidget#paletteTree::item { padding: 3px 4px; }")
        for title, entries in _entries():
            section = QTreeWidgetItem(self, [title.upper()])
            font = section.font(0)
            font.setBold(True)
            font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 105)
            section.setFont(0, font)
            section.setSizeHint(0, QSize(0, 30))
            section.setTextAlignment(0, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft)
            section.setForeground(0, QColor(style.MUTED_INK) if self.palette().base().color().lightness() > 128
                                  else self.palette().text().color())
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for label, payload, icon, tip in entries:
                item = QTreeWidgetItem(section, [label])
                item.setIcon(0, icon)
                item.setToolTip(0, tip)
                item.setData(0, PAYLOAD_ROLE, payload)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
            section.setExpanded(True)
        self.setCurrentIndex(QModelIndex())  # no entry current until the user picks one

    def mimeTypes(self) -> list[str]:
        return [mime.PALETTE_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        data = QMimeData()
        payload = next((i.data(0, PAYLOAD_ROLE) for i in items if i.data(0, PAYLOAD_ROLE)), None)
        if payload:
            data.setData(mime.PALETTE_MIME, mime.encode(payload))
            data.setText(items[0].text(0))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def entry(self, label: str, element: str | None = None) -> QTreeWidgetItem:
        """The entry with this label (and element kind), for tests and keyboard use."""
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            for j in range(section.childCount() if section is not None else 0):
                item = section.child(j) if section is not None else None
                if item is None:
                    continue
                payload = item.data(0, PAYLOAD_ROLE) or {}
                if item.text(0) == label and (element is None or payload.get("element") == element):
                    return item
        raise KeyError(label)


class PaletteWidget(QWidget):
    """The palette dock's widget: drag an entry onto the canvas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = PaletteTree(self)
        layout.addWidget(self.tree)
        self.setMinimumWidth(170)

    def mime_for(self, label: str, element: str | None = None) -> QMimeData:
        """The QMimeData a drag of this entry carries."""
        return self.tree.mimeData([self.tree.entry(label, element)])

    def sizeHint(self) -> QSize:
        return QSize(210, 520)


class PaletteDrop:
    """A palette item dragged over the canvas: where it would go, and adding it on drop.

    Touchpoints land in the cell and at the index under the pointer; a stage is inserted at the
    nearest column boundary and a lane at the nearest row boundary; pain points, opportunities
    and metrics attach to the touchpoint under the pointer, else to the stage column (metrics:
    the lane-header column means the whole journey); a persona joins the project.
    """

    def __init__(self, canvas: JourneyCanvas, payload: dict) -> None:
        self.canvas = canvas
        self.scene = canvas.journey_scene
        self.payload = payload
        self.element = str(payload.get("element", ""))

    # ---------------------------------------------------------------- targets
    def _card_at(self, pos: QPointF) -> CardItem | None:
        for item in self.scene.hits(pos):
            if isinstance(item, CardItem) and item.is_touchpoint:
                return item
        return None

    def _annotated_at(self, pos: QPointF) -> str | None:
        """The touchpoint or stage that the pain point or opportunity card under pos is about."""
        journey = self.scene.journey
        for item in self.scene.hits(pos):
            if isinstance(item, CardItem) and item.kind in ("pain_point", "opportunity"):
                return journey.target_of(item.element_id)
        return None

    def _stage_index(self, pos: QPointF) -> int:
        return sum(1 for s in self.scene.layout.stages if s.header.cx < pos.x())

    def _lane_index(self, pos: QPointF) -> int:
        return sum(1 for ln in self.scene.layout.lanes if ln.row.cy < pos.y())

    def target(self, pos: QPointF):
        """What a drop at pos would do, or None where it cannot go."""
        layout = self.scene.layout
        if self.element == "touchpoint":  # not into a cell hidden under the pinned headers
            return None if self.scene.covered(pos) else layout.drop_target(pos.x(), pos.y())
        if self.element == "stage":
            return ("stage", self._stage_index(pos))
        if self.element == "lane":
            return ("lane", self._lane_index(pos))
        if self.element in ("pain_point", "opportunity", "metric"):
            card = self._card_at(pos)
            if card is not None:
                return ("card", card.element_id)
            about = self._annotated_at(pos)
            if about is not None:  # onto a pain point or opportunity: beside it, on what it is about
                return ("card", about) if about in self.scene.card_items else ("stage", about)
            if self.scene.in_header_column(pos):  # the header column stands for the whole journey
                return ("journey", None) if self.element == "metric" else None
            stage = layout.stage_at(pos.x())
            if stage is not None and 0 <= pos.y() <= layout.height:
                return ("stage", stage.id)
            return None
        if self.element == "persona":
            return ("project", None)
        return None

    # --------------------------------------------------------------- feedback
    def hover(self, pos: QPointF) -> bool:
        """Show where the drop would go; False when it cannot be dropped here."""
        target = self.target(pos)
        marker, layout = self.scene.marker, self.scene.layout
        if target is None:
            marker.hide()
            return False
        if self.element == "touchpoint":
            marker.show_bar(qrect(layout.insertion_line(*target)))
        elif self.element == "stage":
            stages = layout.stages
            index = target[1]
            x = stages[index].header.x if index < len(stages) else (stages[-1].header.right if stages
                                                                       else style.LANE_HEADER_W)
            marker.show_bar(QRectF(x - 1.5, 0, 3, layout.height))
        elif self.element == "lane":
            lanes = layout.lanes
            index = target[1]
            y = lanes[index].row.y if index < len(lanes) else layout.height
            marker.show_bar(QRectF(0, y - 1.5, layout.width, 3))
        elif target[0] == "card":
            marker.show_outline(qrect(layout.cards[target[1]].rect).adjusted(-3, -3, 3, 3))
        elif target[0] == "stage":
            rect = self.scene.stage_rect(target[1])
            if rect is not None:
                marker.show_outline(rect.adjusted(2, 2, -2, -2))
        elif target[0] == "journey":  # the column in its own place, which a pinned column's pane shows
            marker.show_outline(QRectF(2, layout.header_h + 2, style.LANE_HEADER_W - 4,
                                       layout.height - layout.header_h - 4))
        else:
            marker.hide()
        return True

    def leave(self) -> None:
        self.scene.marker.hide()

    # ------------------------------------------------------------------- drop
    def drop(self, pos: QPointF) -> list[str]:
        """Add the element (one undo step); returns the ids to select."""
        self.scene.marker.hide()
        target = self.target(pos)
        if target is None:
            return []
        editor, journey = self.canvas.editor, self.canvas.journey
        from app.model import Metric, Persona

        try:
            if self.element == "touchpoint":
                channel = Channel(self.payload.get("channel", "other"))
                stage_id, lane_id, index = target
                title = "New touchpoint" if channel is Channel.OTHER else f"New {channel.label.lower()} touchpoint"
                tp = editor.add_touchpoint(journey, stage_id, lane_id, index, title=title, channel=channel)
                self.canvas.set_current_cell((stage_id, lane_id))
                return [tp.id]
            if self.element == "stage":
                stage = editor.add_stage(journey, "New stage", index=target[1])
                return [stage.id]
            if self.element == "lane":
                kind = LaneKind(self.payload.get("lane_kind", "touchpoints"))
                visible = [ln.id for ln in journey.lanes(visible_only=True)]
                all_lanes = [ln.id for ln in journey.lanes()]
                index = all_lanes.index(visible[target[1]]) if target[1] < len(visible) else len(all_lanes)
                lane = editor.add_lane(journey, kind, index=index)
                return [lane.id]
            if self.element in ("pain_point", "opportunity"):
                ann = editor.add_annotation(journey, AnnotationKind(self.element), target[1])
                return [ann.id]
            if self.element == "metric":
                metric_kind = MetricKind(self.payload.get("metric_kind", "csat"))
                metric = editor.add_metric(journey, Metric(metric_kind, unit=metric_kind.default_unit), target[1])
                return [metric.id]
            if self.element == "persona":
                n = len(editor.project.personas) + 1
                editor.add_persona(Persona(f"Persona {n}"))
                return []
        except (ModelError, ValueError) as exc:
            self.canvas.statusMessage.emit(str(exc))
        return []
