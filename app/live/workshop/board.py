"""What participants see of the journey: its stages, the lanes they may aim a note at, and the
pain points and opportunities they may vote on. Nothing else of the project leaves the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.model import AnnotationKind, Journey, LaneKind, NodeKind

# lanes a note can be aimed at: the card lanes and the two annotation lanes
NOTE_LANES = (LaneKind.TOUCHPOINTS, LaneKind.ACTIONS, LaneKind.THOUGHTS, LaneKind.PAIN_POINTS,
              LaneKind.OPPORTUNITIES, LaneKind.BACKSTAGE, LaneKind.TEXT)

# the kind of note a lane suggests, and the lane a kind of note goes to when accepted
KIND_OF_LANE = {
    LaneKind.TOUCHPOINTS: "touchpoint",
    LaneKind.ACTIONS: "touchpoint",
    LaneKind.BACKSTAGE: "touchpoint",
    LaneKind.THOUGHTS: "thought",
    LaneKind.TEXT: "question",
    LaneKind.PAIN_POINTS: "pain_point",
    LaneKind.OPPORTUNITIES: "opportunity",
}


@dataclass(frozen=True)
class Board:
    journey: str
    title: str
    stages: tuple[tuple[str, str], ...]  # (id, name)
    lanes: tuple[tuple[str, str], ...]  # (lane kind, title)
    cards: tuple[tuple[str, str, str, str], ...]  # (id, text, kind, stage id): what can be voted on

    def stage_ids(self) -> set[str]:
        return {s for s, _ in self.stages}

    def lane_kinds(self) -> set[str]:
        return {k for k, _ in self.lanes}

    def card_ids(self) -> set[str]:
        return {c[0] for c in self.cards}

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "stages": [{"id": i, "name": n} for i, n in self.stages],
            "lanes": [{"kind": k, "title": t} for k, t in self.lanes],
            "cards": [{"id": i, "text": t, "kind": k, "stage": s} for i, t, k, s in self.cards],
        }


def board_of(journey: Journey) -> Board:
    lanes: dict[str, str] = {}
    for lane in journey.lanes(visible_only=True):
        if lane.kind in NOTE_LANES and lane.kind.value not in lanes:
            lanes[lane.kind.value] = lane.title
    cards = []
    for ann in journey.annotations():
        target = journey.target_of(ann.id)
        if target is None:
            continue
        stage = target if journey.kind_of(target) is NodeKind.STAGE else journey.stage_of(target).id
        kind = "pain_point" if ann.kind is AnnotationKind.PAIN_POINT else "opportunity"
        cards.append((ann.id, ann.text, kind, stage))
    return Board(journey.id, journey.title, tuple((s.id, s.name) for s in journey.stages()),
                 tuple(lanes.items()), tuple(cards))
