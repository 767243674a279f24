"""Pure-Python geometry of a journey map, shared by the canvas and every export. No Qt here."""

from .geometry import Rect
from .journey_layout import (
    CardBox,
    EmotionPoint,
    EmotionSeries,
    JourneyLayout,
    LaneBox,
    PathArrow,
    StageBox,
    layout_journey,
)

__all__ = [
    "CardBox", "EmotionPoint", "EmotionSeries", "JourneyLayout", "LaneBox", "PathArrow", "Rect",
    "StageBox", "layout_journey",
]
