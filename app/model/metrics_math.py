"""The customer-experience metric formulas: CSAT, NPS (with its margin of error), CES, retention.

Pure functions on plain numbers, no Qt. Scores outside a formula's scale raise ValueError;
the survey reader checks ranges first and reports bad rows by line, so callers normally
pass clean scores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .vocabulary import MetricKind

# The answer scale of each survey question type: (lowest, highest) score.
SCALES: dict[MetricKind, tuple[int, int]] = {
    MetricKind.NPS: (0, 10),
    MetricKind.CSAT: (1, 5),
    MetricKind.CES: (1, 7),
}

Z_95 = 1.96


def _checked(scores: Iterable[float], kind: MetricKind) -> list[float]:
    low, high = SCALES[kind]
    values = [float(s) for s in scores]
    for s in values:
        if not math.isfinite(s) or not low <= s <= high:
            raise ValueError(f"{kind.label} answers are on the {low}-{high} scale, not {s:g}")
    return values


def csat(scores: Iterable[float]) -> float:
    """Customer satisfaction: the share of 4 and 5 answers on a 1-5 scale, in percent."""
    values = _checked(scores, MetricKind.CSAT)
    if not values:
        raise ValueError("CSAT needs at least one answer")
    return 100.0 * sum(1 for s in values if s >= 4) / len(values)


@dataclass(frozen=True)
class NpsResult:
    """A Net Promoter Score with its parts and the 95 % margin of error (in NPS points)."""

    score: float
    promoters: int
    passives: int
    detractors: int
    margin: float

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors


def nps_breakdown(scores: Iterable[float]) -> NpsResult:
    """NPS on a 0-10 scale: % promoters (9-10) minus % detractors (0-6), -100..100.

    Margin of error at 95 %: 1.96 * sqrt((p(1-p) + d(1-d) + 2pd) / n) * 100, where p and d
    are the promoter and detractor shares; it is the standard error of the difference of
    two shares of one multinomial sample.
    """
    values = _checked(scores, MetricKind.NPS)
    n = len(values)
    if not n:
        raise ValueError("NPS needs at least one answer")
    promoters = sum(1 for s in values if s >= 9)
    detractors = sum(1 for s in values if s <= 6)
    passives = n - promoters - detractors
    return NpsResult(
        score=100.0 * (promoters - detractors) / n,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        margin=nps_margin(promoters, detractors, n),
    )


def nps(scores: Iterable[float]) -> float:
    return nps_breakdown(scores).score


def nps_margin(promoters: int, detractors: int, n: int) -> float:
    """The 95 % margin of error of an NPS, in NPS points (0 when n is 0)."""
    if n <= 0:
        return 0.0
    p, d = promoters / n, detractors / n
    variance = p * (1 - p) + d * (1 - d) + 2 * p * d
    return Z_95 * math.sqrt(max(variance, 0.0) / n) * 100.0


def ces(scores: Iterable[float]) -> float:
    """Customer effort score: the mean answer on a 1-7 scale."""
    values = _checked(scores, MetricKind.CES)
    if not values:
        raise ValueError("CES needs at least one answer")
    return sum(values) / len(values)


def retention_rate(customers_at_end: int, new_customers: int, customers_at_start: int) -> float:
    """Retention rate ((E - N) / S) x 100: customers kept over a period, in percent."""
    if customers_at_start <= 0:
        raise ValueError("retention needs a positive number of customers at the start")
    if min(customers_at_end, new_customers) < 0:
        raise ValueError("customer counts cannot be negative")
    if new_customers > customers_at_end:
        raise ValueError("new customers cannot exceed the customers at the end of the period")
    return 100.0 * (customers_at_end - new_customers) / customers_at_start


def compute(kind: MetricKind, scores: Sequence[float]) -> float:
    """The metric of a survey question type from its answers."""
    kind = MetricKind(kind)
    if kind is MetricKind.NPS:
        return nps(scores)
    if kind is MetricKind.CSAT:
        return csat(scores)
    if kind is MetricKind.CES:
        return ces(scores)
    raise ValueError(f"{kind.label} is not computed from survey answers")


# ------------------------------------------------------------------ targets
@dataclass(frozen=True)
class TargetComparison:
    """How a value stands against its target; gap > 0 means better than the target."""

    value: float
    target: float
    higher_is_better: bool
    gap: float
    met: bool

    @property
    def status(self) -> str:
        return "met" if self.met else "missed"


def compare_to_target(value: float | None, target: float | None, higher_is_better: bool = True
                      ) -> TargetComparison | None:
    """Value against target (None when either is missing). The gap is signed so that a
    positive gap is always good: value - target when higher is better, target - value otherwise."""
    if value is None or target is None:
        return None
    gap = value - target if higher_is_better else target - value
    return TargetComparison(value, target, higher_is_better, gap, gap >= 0)


def target_attainment(value: float | None, target: float | None, higher_is_better: bool = True) -> float | None:
    """value / target as a percentage (inverted when lower is better); None when undefined."""
    if value is None or target is None:
        return None
    if higher_is_better:
        return None if target == 0 else 100.0 * value / target
    return None if value == 0 else 100.0 * target / value


def format_value(value: float | None, unit: str = "") -> str:
    """A metric value for people: '72.5 %', '-35.9', '4.2', '—' when missing."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    if text == "-0":
        text = "0"
    if not unit:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text} %"
