"""The elements of a journey: plain dataclasses stored on the journey graph's nodes.

Elements never know where they sit: stage, lane, attachment and the customer path
are edges of the journey graph. Order fields (`position`, `order`) are compact
indices kept by the Journey.
"""

from __future__ import annotations

import re

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .vocabulary import (
    CX_SCORE_MAX,
    CX_SCORE_MIN,
    EMOTION_MAX,
    EMOTION_MIN,
    FIVE_CS,
    KEY_COMPONENTS,
    SEVERITY_MAX,
    SEVERITY_MIN,
    AnnotationKind,
    Channel,
    LaneKind,
    MetricKind,
    OpportunityStatus,
)


class ModelError(ValueError):
    """An edit or a value the journey model refuses, with a message for people."""


def new_id() -> str:
    import uuid  # on first use: opening a file makes no new ids, and uuid costs the editor's start-up 2 ms

    return str(uuid.uuid4())


def check_emotion(value: int | None, what: str = "emotion") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ModelError(f"{what} must be a whole number from -2 to +2, not {value!r}")
    if not EMOTION_MIN <= value <= EMOTION_MAX:
        raise ModelError(f"{what} must be from -2 to +2, not {value}")
    return value


def check_int_range(value: Any, low: int, high: float, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ModelError(f"{what} must be a whole number, not {value!r}")
    if not low <= value <= high:
        hi = "" if math.isinf(high) else f" to {int(high)}"
        raise ModelError(f"{what} must be from {low}{hi}, not {value}")
    return value


def check_metric_value(kind: MetricKind, value: float | None, what: str = "value") -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelError(f"{what} must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ModelError(f"{what} must be a finite number, not {value}")
    low, high = kind.value_range
    if not low <= value <= high:
        if math.isinf(high):
            raise ModelError(f"{what} of a {kind.label} metric must be at least {low:g}, not {value:g}")
        raise ModelError(f"{what} of a {kind.label} metric must be from {low:g} to {high:g}, not {value:g}")
    return float(value)


_CHANNELS: dict[str, Channel] = {c.value: c for c in Channel}  # a member is equal to its value, too


class Element:
    """Shared behaviour of the journey elements."""

    id: str

    def copy(self) -> Any:
        # every concrete element is a dataclass; this shared base is not, so mypy cannot see it
        return replace(self)  # type: ignore[type-var]

    def validate(self) -> None:
        """Raise ModelError naming the first field whose value breaks a rule (each kind says which)."""
        raise NotImplementedError

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self))  # type: ignore[arg-type]  # as copy(): a dataclass


@dataclass(eq=True)
class Stage(Element):
    name: str
    id: str = field(default_factory=new_id)
    description: str = ""
    width: float = 1.0  # relative column width; 1.0 is the default column
    position: int = 0
    five_cs: dict[str, int] = field(default_factory=dict)
    components: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Stage:
        return replace(self, five_cs=dict(self.five_cs), components=dict(self.components))

    def validate(self) -> None:
        if not (0.25 <= self.width <= 8.0):
            raise ModelError(f"stage width must be from 0.25 to 8, not {self.width}")
        for table, names in ((self.five_cs, FIVE_CS), (self.components, KEY_COMPONENTS)):
            for key, score in table.items():
                if key not in names:
                    raise ModelError(f"unknown CX dimension {key!r}; expected one of {', '.join(names)}")
                check_int_range(score, CX_SCORE_MIN, CX_SCORE_MAX, f"CX score for {key}")


@dataclass(eq=True)
class Lane(Element):
    kind: LaneKind
    title: str = ""
    id: str = field(default_factory=new_id)
    hidden: bool = False
    position: int = 0

    def __post_init__(self) -> None:
        self.kind = LaneKind(self.kind)
        if not self.title:
            self.title = self.kind.label

    def validate(self) -> None:
        LaneKind(self.kind)


@dataclass(eq=True)
class Touchpoint(Element):
    title: str
    id: str = field(default_factory=new_id)
    description: str = ""
    channel: Channel = Channel.OTHER
    owner: str = ""
    emotion: int | None = None
    emotion_label: str = ""
    persona_emotions: dict[str, int] = field(default_factory=dict)
    moment_of_truth: bool = False
    delight: bool = False
    notes: str = ""
    order: int = 0

    def __post_init__(self) -> None:
        # the member by its value without Enum.__call__, which costs a tenth of opening a large file
        channel = self.channel
        self.channel = _CHANNELS[channel] if isinstance(channel, str) and channel in _CHANNELS else Channel(channel)

    def copy(self) -> Touchpoint:
        return replace(self, persona_emotions=dict(self.persona_emotions))

    def validate(self) -> None:
        Channel(self.channel)
        check_emotion(self.emotion)
        for persona, score in self.persona_emotions.items():
            check_emotion(score, f"emotion for persona {persona}")


@dataclass(eq=True)
class Annotation(Element):
    """A pain point or an opportunity, attached to a touchpoint or a stage. An opportunity also
    has an owner (who takes it forward) and a status (idea, planned, in progress, done)."""

    kind: AnnotationKind
    text: str
    id: str = field(default_factory=new_id)
    severity: int = 3
    votes: int = 0
    owner: str = ""
    status: OpportunityStatus = OpportunityStatus.IDEA
    order: int = 0

    def __post_init__(self) -> None:
        self.kind = AnnotationKind(self.kind)
        try:
            self.status = OpportunityStatus(self.status)
        except ValueError:
            pass  # validate() names the problem

    def validate(self) -> None:
        check_int_range(self.severity, SEVERITY_MIN, SEVERITY_MAX, "severity")
        check_int_range(self.votes, 0, math.inf, "votes")
        if not isinstance(self.owner, str):
            raise ModelError(f"owner must be text, not {self.owner!r}")
        if self.status not in tuple(OpportunityStatus):
            choices = ", ".join(s.value for s in OpportunityStatus)
            raise ModelError(f"status must be one of {choices}, not {self.status!r}")


@dataclass(eq=True)
class MetricSample:
    date: str
    value: float
    sample_size: int | None = None


@dataclass(eq=True)
class Metric(Element):
    kind: MetricKind
    name: str = ""
    id: str = field(default_factory=new_id)
    value: float | None = None
    unit: str = ""
    target: float | None = None
    higher_is_better: bool = True
    sample_size: int | None = None
    date: str = ""
    source: str = ""
    history: list[MetricSample] = field(default_factory=list)
    order: int = 0

    def __post_init__(self) -> None:
        self.kind = MetricKind(self.kind)
        if not self.name:
            self.name = self.kind.label

    def copy(self) -> Metric:
        return replace(self, history=[replace(s) for s in self.history])

    def validate(self) -> None:
        check_metric_value(self.kind, self.value, "value")
        check_metric_value(self.kind, self.target, "target")
        if self.sample_size is not None:
            check_int_range(self.sample_size, 0, math.inf, "sample size")
        for i, sample in enumerate(self.history):
            check_metric_value(self.kind, sample.value, f"history[{i}] value")
            if sample.sample_size is not None:
                check_int_range(sample.sample_size, 0, math.inf, f"history[{i}] sample size")

    def meets_target(self) -> bool | None:
        """Whether the value reaches its target; None when either is missing."""
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


PERSONA_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")  # what every renderer (Qt, reportlab, SVG) reads alike


@dataclass(eq=True)
class Persona(Element):
    name: str
    id: str = field(default_factory=new_id)
    role: str = ""
    description: str = ""
    photo: str = ""  # a data: URI or a path relative to the project file
    goals: list[str] = field(default_factory=list)
    frustrations: list[str] = field(default_factory=list)
    color: str = ""

    def copy(self) -> Persona:
        return replace(self, goals=list(self.goals), frustrations=list(self.frustrations))

    def validate(self) -> None:
        if self.color and not PERSONA_COLOR.fullmatch(self.color):
            raise ModelError(f"a persona colour is written #RRGGBB (like #1A73E8), not {self.color!r}")
