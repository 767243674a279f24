"""The satisfaction-loyalty view: does satisfaction turn into loyalty, stage by stage and
touchpoint by touchpoint?

The seed articles link the two (satisfied customers come back and recommend the brand). Each
stage or touchpoint measured for both CSAT and a loyalty metric (NPS, or the retention rate) is
one point; the quadrants split at the targets (or, without targets, at the points' mean), and
the Pearson correlation r is given when there are at least MIN_POINTS_FOR_R points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .journey import Journey, NodeKind
from .vocabulary import MetricKind

MIN_POINTS_FOR_R = 3
LOYALTY_KINDS = (MetricKind.NPS, MetricKind.RETENTION)


@dataclass(frozen=True)
class LoyaltyPoint:
    element_id: str
    label: str
    is_stage: bool
    csat: float
    loyalty: float
    metric_ids: tuple[str, ...]  # the CSAT and loyalty metrics behind the point


@dataclass(frozen=True)
class SatisfactionLoyalty:
    loyalty_kind: MetricKind  # NPS or RETENTION: the y axis
    points: list[LoyaltyPoint]
    csat_split: float  # where the quadrants divide
    loyalty_split: float
    r: float | None  # Pearson correlation; None below MIN_POINTS_FOR_R points or without spread

    @property
    def quadrants(self) -> dict[str, list[LoyaltyPoint]]:
        """The points by quadrant: satisfied and loyal, satisfied not loyal, loyal not satisfied, neither."""
        out: dict[str, list[LoyaltyPoint]] = {"loyal": [], "at risk": [], "captive": [], "detractors": []}
        for p in self.points:
            satisfied, loyal = p.csat >= self.csat_split, p.loyalty >= self.loyalty_split
            key = "loyal" if satisfied and loyal else "at risk" if satisfied else "captive" if loyal else "detractors"
            out[key].append(p)
        return out


def pearson_r(xs: list[float], ys: list[float]) -> float | None:
    """The Pearson correlation coefficient; None for fewer than two points or no spread."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _means(journey: Journey, kind: MetricKind) -> dict[str, tuple[float, list[str], list[float]]]:
    """Per stage or touchpoint: mean value of its metrics of `kind`, their ids, their targets."""
    found: dict[str, tuple[list[float], list[str], list[float]]] = {}
    for metric in journey.metrics():
        target = journey.target_of(metric.id)
        if metric.kind is not kind or metric.value is None or target is None:
            continue
        values, ids, targets = found.setdefault(target, ([], [], []))
        values.append(metric.value)
        ids.append(metric.id)
        if metric.target is not None:
            targets.append(metric.target)
    return {k: (sum(v) / len(v), ids, t) for k, (v, ids, t) in found.items()}


def satisfaction_loyalty(journey: Journey) -> SatisfactionLoyalty | None:
    """The view for a journey, with NPS or retention (whichever pairs with CSAT more often; NPS
    on a tie) as loyalty; None when no stage or touchpoint has both."""
    csat = _means(journey, MetricKind.CSAT)
    best: tuple[MetricKind, dict[str, tuple[float, list[str], list[float]]]] | None = None
    for kind in LOYALTY_KINDS:
        loyalty = _means(journey, kind)
        paired = {k: v for k, v in loyalty.items() if k in csat}
        if paired and (best is None or len(paired) > len(best[1])):
            best = (kind, paired)
    if best is None:
        return None
    kind, loyalty = best
    order = {el: i for i, el in enumerate(_element_order(journey))}
    points = []
    for element_id in sorted(loyalty, key=lambda e: order.get(e, len(order))):
        is_stage = journey.kind_of(element_id) is NodeKind.STAGE
        obj = journey.get(element_id)
        points.append(LoyaltyPoint(element_id, obj.name if is_stage else obj.title, is_stage,
                                   csat[element_id][0], loyalty[element_id][0],
                                   (*csat[element_id][1], *loyalty[element_id][1])))
    csat_targets = [t for p in points for t in csat[p.element_id][2]]
    loyalty_targets = [t for p in points for t in loyalty[p.element_id][2]]
    xs, ys = [p.csat for p in points], [p.loyalty for p in points]
    r = pearson_r(xs, ys) if len(points) >= MIN_POINTS_FOR_R else None
    return SatisfactionLoyalty(kind, points, _mean(csat_targets) if csat_targets else _mean(xs),
                               _mean(loyalty_targets) if loyalty_targets else _mean(ys), r)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _element_order(journey: Journey) -> list[str]:
    """Stages left to right, each followed by its touchpoints in reading order."""
    out: list[str] = []
    for stage in journey.stages():
        out.append(stage.id)
        out.extend(t.id for t in journey.touchpoints(stage.id))
    return out
