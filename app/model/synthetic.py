"""Synthetic projects of any size, for tests and benchmarks (deterministic for a given seed)."""

from __future__ import annotations

import random

from .elements import Annotation, Lane, Metric, MetricSample, Persona, Stage, Touchpoint
from .journey import Journey
from .project import Project
from .vocabulary import AnnotationKind, Channel, LaneKind, MetricKind

_STAGES = ["Awareness", "Consideration", "Purchase", "Post-Purchase", "Advocacy"]
_VERBS = ["Sees", "Reads", "Compares", "Asks about", "Orders", "Tracks", "Returns", "Reviews", "Shares"]
_THINGS = ["an advert", "the pricing page", "a friend's tip", "delivery options", "the order", "a parcel",
           "the help centre", "a survey", "the loyalty offer"]


def synthetic_project(touchpoints: int = 30, *, stages: int | None = None, seed: int = 1) -> Project:
    """A one-journey project with the given number of touchpoints spread over the stages."""
    rnd = random.Random(seed)
    n_stages = stages or max(5, min(40, touchpoints // 50))
    project = Project(f"Synthetic journey, {touchpoints} touchpoints")
    personas = [project.add_persona(Persona(name, role=role)) for name, role in
                (("Maya", "First-time buyer"), ("Tom", "Loyal customer"))]
    j = project.add_journey(Journey(f"Synthetic {touchpoints}", client="Example Ltd", author="Waymark"))
    with j.batched():
        stage_objs = [j.add_stage(Stage(_STAGES[i] if i < len(_STAGES) else f"Stage {i + 1}"))
                      for i in range(n_stages)]
        card = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
        actions = j.add_lane(Lane(LaneKind.ACTIONS))
        for kind in (LaneKind.EMOTION, LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES, LaneKind.METRICS):
            j.add_lane(Lane(kind))
        channels = list(Channel)
        previous = None
        for i in range(touchpoints):
            stage = stage_objs[i * n_stages // max(1, touchpoints)]
            lane = card if rnd.random() < 0.8 else actions
            tp = j.add_touchpoint(
                Touchpoint(
                    f"{rnd.choice(_VERBS)} {rnd.choice(_THINGS)} #{i + 1}",
                    description="Generated touchpoint used for tests and benchmarks.",
                    channel=rnd.choice(channels),
                    owner=rnd.choice(["Marketing", "Sales", "Support", "Logistics"]),
                    emotion=rnd.randint(-2, 2),
                    persona_emotions={p.id: rnd.randint(-2, 2) for p in personas},
                    moment_of_truth=rnd.random() < 0.05,
                    delight=rnd.random() < 0.05,
                ),
                stage.id,
                lane.id,
            )
            if previous is not None:
                j.add_path(previous.id, tp.id)
            previous = tp
            if rnd.random() < 0.25:
                j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, f"Pain at step {i + 1}",
                                            severity=rnd.randint(1, 5), votes=rnd.randint(0, 9)), tp.id)
            if rnd.random() < 0.1:
                j.add_annotation(Annotation(AnnotationKind.OPPORTUNITY, f"Improve step {i + 1}",
                                            severity=rnd.randint(1, 5)), tp.id)
        for s in stage_objs:
            j.add_metric(Metric(MetricKind.CSAT, value=float(rnd.randint(50, 95)), target=80.0, unit="%",
                                sample_size=rnd.randint(20, 400), date="2026-09-30",
                                history=[MetricSample("2026-06-30", float(rnd.randint(50, 95)), 100)]), s.id)
        j.add_metric(Metric(MetricKind.NPS, value=12.0, target=30.0, sample_size=512, date="2026-09-30"))
    return project
