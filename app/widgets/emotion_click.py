"""Setting emotions without the inspector: a click on the emotion lane at a stage gives the nearest
touchpoint of that stage the score under the pointer, and + / − change the selected touchpoint's
score (quick repeats are one undo step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent

from app.model import NodeKind
from app.model.vocabulary import EMOTION_MAX, EMOTION_MIN, signed

from .interactions import Interaction

if TYPE_CHECKING:
    from .canvas import JourneyCanvas


def touchpoint_at(canvas: JourneyCanvas, pos: QPointF) -> str | None:
    """The card whose emotion slot is nearest pos, in the stage under pos (the layout spreads a
    stage's cards evenly over its column, in lane then card order)."""
    layout = canvas.journey_scene.layout
    band = layout.emotion_band
    if band is None or not (band.y - 6 <= pos.y() <= band.bottom + 6):
        return None
    stage = layout.stage_at(pos.x())
    if stage is None:
        return None
    journey = canvas.journey
    members = sorted((c for c in layout.cards.values() if c.kind == "touchpoint" and c.stage_id == stage.id),
                     key=lambda c: (journey.get(c.lane_id).position if c.lane_id else 0, c.index))
    if not members:
        return None
    slots = [(stage.header.x + (i + 0.5) / len(members) * stage.header.w, c.id) for i, c in enumerate(members)]
    return min(slots, key=lambda slot: abs(slot[0] - pos.x()))[1]


class ClickEmotion(Interaction):
    """A press on the emotion lane away from any point: on release, set the score there."""

    def __init__(self, canvas: JourneyCanvas, tp_id: str) -> None:
        super().__init__(canvas)
        self.tp_id = tp_id

    def click(self, scene_pos: QPointF, event: QMouseEvent) -> None:
        score = self.scene.layout.score_at(scene_pos.y())
        editor, journey = self.canvas.editor, self.canvas.journey
        self.apply(lambda: editor.set_emotion(journey, self.tp_id, score))
        self.canvas.select_ids([self.tp_id], ensure_visible=False)
        self.canvas.statusMessage.emit(f"Emotion {signed(score)}: + and − change it")


def step_emotion(canvas: JourneyCanvas, delta: int) -> bool:
    """+ / −: raise or lower the selected touchpoints' emotion; False when none is selected."""
    journey = canvas.journey
    ids = [i for i in canvas.selected_ids() if i in journey and journey.kind_of(i) is NodeKind.TOUCHPOINT]
    for tp_id in ids:
        current = journey.get(tp_id).emotion
        score = 0 if current is None else max(EMOTION_MIN, min(EMOTION_MAX, current + delta))
        if score != current:
            canvas.editor.update(journey, tp_id, step="Set emotion", merge=True, emotion=score)
    if ids:
        canvas.statusMessage.emit(f"Emotion {signed(journey.get(ids[-1]).emotion or 0)}")
    return bool(ids)


EMOTION_KEYS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Equal: 1, Qt.Key.Key_Minus: -1, Qt.Key.Key_Underscore: -1}
