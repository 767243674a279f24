"""The canvas's current cell: the stage × lane where N adds, Tab walks and the arrows move.

The current cell is view state (highlighted on the map, never an undo step). It follows the
selection, a click on empty space, Tab/Shift+Tab and the arrow keys, and it survives layout
changes as long as its stage and lane exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from app.model import LaneKind, NodeKind

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

Cell = tuple[str, str]  # (stage id, lane id)


def quick_adds_in(kind: LaneKind) -> bool:
    """Lanes where N adds something: the card lanes (a card of that lane) and the pain point and
    opportunity lanes (a pain point or opportunity on the stage)."""
    return kind.holds_cards or kind in (LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES)


class CellCursor:
    """The canvas's current cell and the moves between cells."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas
        self.journey = canvas.journey
        self._current: Cell | None = None

    def current_cell(self) -> Cell | None:
        return self._current

    def default_cell(self) -> Cell | None:
        stages = self.journey.stages()
        lane = self.journey.card_lane()
        if not stages or lane is None or lane.hidden:
            lanes = [ln for ln in self.journey.lanes(visible_only=True) if ln.kind.holds_cards]
            lane = lanes[0] if lanes else None
        if not stages or lane is None:
            return None
        return stages[0].id, lane.id

    def set_current_cell(self, cell: Cell | None) -> None:
        self._current = cell
        rect = self.canvas.journey_scene.cell_rect(*cell) if cell else None
        if rect is None:
            self._current = None
        self.canvas.journey_scene.cell_highlight.set_cell(rect)

    def _card_lane_near(self, lane_id: str | None) -> str | None:
        if (lane_id is not None and lane_id in self.canvas.journey_scene.lane_items
                and quick_adds_in(self.journey.get(lane_id).kind)):
            return lane_id
        if self._current is not None and self._current[1] in self.canvas.journey_scene.lane_items:
            return self._current[1]
        default = self.default_cell()
        return default[1] if default else None

    def set_current_from(self, element_id: str) -> None:
        """The cell an element belongs to becomes current (for N, Tab, arrows and paste)."""
        journey = self.journey
        if element_id not in journey:
            return
        kind = journey.kind_of(element_id)
        if kind is NodeKind.TOUCHPOINT:
            self.set_current_cell((journey.stage_of(element_id).id, journey.lane_of(element_id).id))
        elif kind is NodeKind.STAGE:
            lane = self._card_lane_near(None)
            if lane:
                self.set_current_cell((element_id, lane))
        elif kind is NodeKind.LANE:
            if journey.get(element_id).kind.holds_cards:
                default = self.default_cell()
                stage = self._current[0] if self._current else (default[0] if default else None)
                if stage:
                    self.set_current_cell((stage, element_id))
        else:
            card = self.canvas.journey_scene.layout.cards.get(element_id)
            if card is not None and card.stage_id:
                lane = self._card_lane_near(None)
                if lane:
                    self.set_current_cell((card.stage_id, lane))

    def set_current_at(self, pos: QPointF) -> None:
        layout = self.canvas.journey_scene.layout
        stage, lane = layout.stage_at(pos.x()), layout.lane_at(pos.y())
        if stage is None:
            return
        lane_id = self._card_lane_near(lane.id if lane else None)
        if lane_id:
            self.set_current_cell((stage.id, lane_id))

    def forget_missing_cell(self) -> None:
        """After a layout change: drop the current cell if its stage or lane is gone, else redraw it."""
        current = self._current
        if current and (current[0] not in self.journey or current[1] not in self.journey
                        or current[1] not in self.canvas.journey_scene.lane_items):
            self._current = None
        self.set_current_cell(self._current)

    # ------------------------------------------------------------- navigation
    def _cells(self) -> tuple[list[str], list[str]]:
        stages = [s.id for s in self.canvas.journey_scene.layout.stages]
        lanes = [ln.id for ln in self.canvas.journey_scene.layout.lanes if ln.kind.holds_cards]
        return stages, lanes

    def step_cell(self, step: int) -> None:
        """Tab: the next cell to the right (then the next card lane); Shift+Tab: back."""
        stages, lanes = self._cells()
        if not stages or not lanes:
            return
        cells = [(s, ln) for ln in lanes for s in stages]
        current = self._current or self.default_cell()
        i = cells.index(current) + step if current in cells else 0
        self.canvas.select_ids([], ensure_visible=False)
        self.set_current_cell(cells[i % len(cells)])
        rect = self.canvas.journey_scene.cell_rect(*cells[i % len(cells)])
        if rect is not None:
            self.canvas.ensureVisible(rect, 40, 40)

    def navigate(self, dx: int, dy: int) -> None:
        """Arrows: the neighbouring card in the cell, else the neighbouring cell's nearest card."""
        stages, lanes = self._cells()
        if not stages or not lanes:
            return
        layout = self.canvas.journey_scene.layout
        selected = [i for i in self.canvas.selected_ids()
                    if i in layout.cards and layout.cards[i].kind == "touchpoint"]
        cell: Cell | None
        card = layout.cards[selected[0]] if selected else None
        if card is not None and card.stage_id is not None and card.lane_id is not None:
            cell, index = (card.stage_id, card.lane_id), card.index
        else:
            cell, index = self._current or self.default_cell(), -1
        if cell is None or cell[0] not in stages or cell[1] not in lanes:
            return

        def members(c: Cell) -> list[str]:
            return [b.id for b in sorted((b for b in layout.cards.values() if b.kind == "touchpoint"
                                          and (b.stage_id, b.lane_id) == c), key=lambda b: b.index)]

        here = members(cell)
        if dy and index >= 0 and 0 <= index + dy < len(here):
            self.canvas.select_ids([here[index + dy]])
            return
        if dy and index < 0 and here:
            self.canvas.select_ids([here[0] if dy > 0 else here[-1]])
            return
        si, li = stages.index(cell[0]) + dx, lanes.index(cell[1]) + dy
        if not (0 <= si < len(stages) and 0 <= li < len(lanes)):
            return
        target = (stages[si], lanes[li])
        there = members(target)
        if there:
            pick = there[-1] if dy < 0 else (there[0] if dy > 0 else there[min(max(index, 0), len(there) - 1)])
            self.canvas.select_ids([pick])
        else:
            self.canvas.select_ids([], ensure_visible=False)
            self.set_current_cell(target)
            rect = self.canvas.journey_scene.cell_rect(*target)
            if rect is not None:
                self.canvas.reveal(rect)
