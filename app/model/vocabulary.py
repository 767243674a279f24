"""The fixed vocabularies of the journey domain: channels, lane kinds, metric kinds, CX scales.

Each enum's value is what the .journey file stores; `label` is what people read.
"""

from __future__ import annotations

import math
from enum import StrEnum


class Channel(StrEnum):
    WEBSITE = "website"
    SOCIAL = "social_media"
    EMAIL = "email"
    PHONE = "phone"
    IN_STORE = "in_store"
    LIVE_CHAT = "live_chat"
    MOBILE_APP = "mobile_app"
    ADVERTISING = "advertising"
    WORD_OF_MOUTH = "word_of_mouth"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.WEBSITE: "Website",
    Channel.SOCIAL: "Social media",
    Channel.EMAIL: "Email",
    Channel.PHONE: "Phone",
    Channel.IN_STORE: "In-store",
    Channel.LIVE_CHAT: "Live chat",
    Channel.MOBILE_APP: "Mobile app",
    Channel.ADVERTISING: "Advertising",
    Channel.WORD_OF_MOUTH: "Word of mouth",
    Channel.OTHER: "Other",
}


class LaneKind(StrEnum):
    TOUCHPOINTS = "touchpoints"
    ACTIONS = "actions"
    THOUGHTS = "thoughts"
    EMOTION = "emotion"
    PAIN_POINTS = "pain_points"
    OPPORTUNITIES = "opportunities"
    METRICS = "metrics"
    BACKSTAGE = "backstage"
    TEXT = "text"

    @property
    def label(self) -> str:
        return _LANE_LABELS[self]

    @property
    def holds_cards(self) -> bool:
        """Lanes whose cells hold touchpoint-like cards that the user places and orders."""
        return self in CARD_LANES


_LANE_LABELS = {
    LaneKind.TOUCHPOINTS: "Touchpoints",
    LaneKind.ACTIONS: "Customer actions",
    LaneKind.THOUGHTS: "Thoughts",
    LaneKind.EMOTION: "Emotion curve",
    LaneKind.PAIN_POINTS: "Pain points",
    LaneKind.OPPORTUNITIES: "Opportunities",
    LaneKind.METRICS: "Metrics",
    LaneKind.BACKSTAGE: "Backstage",
    LaneKind.TEXT: "Notes",
}

CARD_LANES = frozenset(
    {LaneKind.TOUCHPOINTS, LaneKind.ACTIONS, LaneKind.THOUGHTS, LaneKind.BACKSTAGE, LaneKind.TEXT}
)


class JourneyState(StrEnum):
    CURRENT = "current"
    FUTURE = "future"

    @property
    def label(self) -> str:
        return "Current state" if self is JourneyState.CURRENT else "Future state"


class AnnotationKind(StrEnum):
    PAIN_POINT = "pain_point"
    OPPORTUNITY = "opportunity"

    @property
    def label(self) -> str:
        return "Pain point" if self is AnnotationKind.PAIN_POINT else "Opportunity"


class OpportunityStatus(StrEnum):
    """Where an opportunity stands, for the opportunities register."""

    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class MetricKind(StrEnum):
    CSAT = "csat"
    NPS = "nps"
    CES = "ces"
    RETENTION = "retention"
    CLV = "clv"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _METRIC_LABELS[self]

    @property
    def value_range(self) -> tuple[float, float]:
        """Inclusive bounds of a valid value of this kind."""
        return _METRIC_RANGES[self]

    @property
    def default_unit(self) -> str:
        return _METRIC_UNITS[self]


_METRIC_LABELS = {
    MetricKind.CSAT: "CSAT",
    MetricKind.NPS: "NPS",
    MetricKind.CES: "CES",
    MetricKind.RETENTION: "Retention rate",
    MetricKind.CLV: "Customer lifetime value",
    MetricKind.CUSTOM: "Custom KPI",
}
_METRIC_RANGES = {
    MetricKind.CSAT: (0.0, 100.0),
    MetricKind.NPS: (-100.0, 100.0),
    MetricKind.CES: (1.0, 7.0),
    MetricKind.RETENTION: (0.0, 100.0),
    MetricKind.CLV: (0.0, math.inf),
    MetricKind.CUSTOM: (-math.inf, math.inf),
}
_METRIC_UNITS = {
    MetricKind.CSAT: "%",
    MetricKind.NPS: "",
    MetricKind.CES: "",
    MetricKind.RETENTION: "%",
    MetricKind.CLV: "EUR",
    MetricKind.CUSTOM: "",
}

EMOTION_MIN, EMOTION_MAX = -2, 2
SEVERITY_MIN, SEVERITY_MAX = 1, 5
CX_SCORE_MIN, CX_SCORE_MAX = 1, 5

EMOTION_LABELS = {
    -2: "frustrated",
    -1: "annoyed",
    0: "neutral",
    1: "pleased",
    2: "delighted",
}


def signed(score: int) -> str:
    """An emotion score or change as people write it: "+2", "0", "-1"."""
    return f"{score:+d}" if score else "0"

# The 5 C's of customer experience and the five key components (seed articles).
FIVE_CS = ("clarity", "consistency", "customization", "connection", "concern")
KEY_COMPONENTS = ("personalization", "consistency", "convenience", "communication", "empathy")

# One palette for personas without a colour of their own: the canvas, the PDF, the charts, PNG and
# SVG all take a persona's colour from persona_color (app/model/personas.py), never from here directly.
PERSONA_PALETTE = ("#2f80ed", "#eb5757", "#9b51e0", "#f2994a", "#219653", "#56ccf2")
