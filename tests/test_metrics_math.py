"""The metric formulas, each against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from app.model import MetricKind
from app.model.metrics_math import (
    ces,
    compare_to_target,
    compute,
    csat,
    format_value,
    nps,
    nps_breakdown,
    nps_margin,
    retention_rate,
    target_attainment,
)


def test_csat_is_the_share_of_4_and_5_answers():
    # answers 5, 4, 3, 2, 5: three of five are 4 or 5 -> 3 / 5 = 60 %
    assert csat([5, 4, 3, 2, 5]) == pytest.approx(60.0)
    assert csat([4]) == 100.0
    assert csat([1, 2, 3]) == 0.0


def test_nps_promoters_minus_detractors():
    # 10 answers: promoters 9, 10, 10 (3); passives 7, 8 (2); detractors 0, 3, 5, 6, 6 (5)
    # NPS = 100 * (3 - 5) / 10 = -20
    scores = [9, 10, 10, 7, 8, 0, 3, 5, 6, 6]
    r = nps_breakdown(scores)
    assert (r.promoters, r.passives, r.detractors, r.n) == (3, 2, 5, 10)
    assert r.score == pytest.approx(-20.0)
    assert nps(scores) == pytest.approx(-20.0)
    # margin: p = 0.3, d = 0.5; p(1-p) + d(1-d) + 2pd = 0.21 + 0.25 + 0.30 = 0.76
    # 1.96 * sqrt(0.76 / 10) * 100 = 1.96 * 0.275681 * 100 = 54.03
    assert r.margin == pytest.approx(54.0335, abs=1e-3)


def test_nps_limits_and_boundaries():
    assert nps([9, 10]) == 100.0
    assert nps([0, 6]) == -100.0
    assert nps([7, 8]) == 0.0  # passives only
    assert nps_margin(0, 0, 0) == 0.0
    # all promoters: p = 1, d = 0 -> variance 0 + 0 + 0 = 0 -> margin 0
    assert nps_margin(5, 0, 5) == 0.0


def test_the_real_survey_nps():
    # /work/shared/testdata/surveys: 39 answers, 8 promoters, 22 detractors
    # 100 * (8 - 22) / 39 = -35.897 -> -35.9
    scores = [0, 0, 5, 2, 4, 3, 10, 3, 4, 7, 6, 8, 7, 9, 5, 1, 8, 2, 7, 9, 0, 10, 3, 3, 3, 2, 8, 9, 10, 8,
              7, 3, 3, 10, 2, 3, 8, 0, 9]
    r = nps_breakdown(scores)
    assert (r.n, r.promoters, r.detractors) == (39, 8, 22)
    assert round(r.score, 1) == -35.9
    # p = 8/39 = .20513, d = 22/39 = .56410: .16305 + .24589 + .23143 = .64037; sqrt(.64037/39) = .12814
    assert r.margin == pytest.approx(1.96 * math.sqrt(0.640368 / 39) * 100, abs=1e-3)
    assert round(r.margin, 1) == 25.1


def test_ces_is_the_mean_on_1_to_7():
    # (2 + 3 + 7 + 4) / 4 = 16 / 4 = 4.0
    assert ces([2, 3, 7, 4]) == pytest.approx(4.0)
    assert ces([1]) == 1.0


def test_retention_rate():
    # E = 1200 at the end, N = 300 new, S = 1000 at the start: (1200 - 300) / 1000 * 100 = 90 %
    assert retention_rate(1200, 300, 1000) == pytest.approx(90.0)
    with pytest.raises(ValueError, match="start"):
        retention_rate(10, 0, 0)
    with pytest.raises(ValueError, match="exceed"):
        retention_rate(10, 20, 5)


@pytest.mark.parametrize(("fn", "bad"), [(csat, [0]), (csat, [6]), (nps, [11]), (nps, [-1]), (ces, [8]),
                                         (ces, [0]), (nps, [float("nan")])])
def test_out_of_scale_answers_are_refused(fn, bad):
    with pytest.raises(ValueError, match="scale"):
        fn(bad)


def test_no_answers_is_an_error_not_a_zero():
    for fn in (csat, nps, ces):
        with pytest.raises(ValueError, match="at least one"):
            fn([])


def test_compute_dispatches_by_kind():
    assert compute(MetricKind.CSAT, [5, 1]) == 50.0
    assert compute(MetricKind.NPS, [10, 0, 8]) == pytest.approx(0.0)
    assert compute(MetricKind.CES, [3, 5]) == 4.0
    with pytest.raises(ValueError):
        compute(MetricKind.CLV, [1])


def test_target_comparison_respects_direction():
    # higher is better: 72 vs 80 -> gap 72 - 80 = -8, missed
    c = compare_to_target(72, 80, True)
    assert (c.gap, c.met, c.status) == (-8, False, "missed")
    # lower is better (CES effort): 3.5 vs 4 -> gap 4 - 3.5 = +0.5, met
    c = compare_to_target(3.5, 4, False)
    assert (c.gap, c.met) == (0.5, True)
    assert compare_to_target(None, 4) is None
    assert compare_to_target(80, 80).met  # reaching the target counts
    # attainment: 72 / 80 = 90 %; lower is better: 4 / 5 = 80 %
    assert target_attainment(72, 80) == pytest.approx(90.0)
    assert target_attainment(5, 4, False) == pytest.approx(80.0)
    assert target_attainment(5, 0) is None


def test_format_value():
    assert format_value(-35.897) == "-35.9"
    assert format_value(72.0, "%") == "72 %"
    assert format_value(540, "GBP") == "540 GBP"
    assert format_value(None) == "—"
