"""What each page of a map cut into pages of whole stages shows, worked out once for all of
them (app/export/pdf_map.py draws them): the cards and path steps of each page, found in one
pass by bisection instead of testing every card and step against every page; each run of
stages' layout with only its own stages and its pieces of the emotion curves; and where a curve
crosses a page's edge. Pure Python over app.layout's result.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from app.layout import CardBox, EmotionPoint, JourneyLayout, PathArrow
from app.layout.geometry import Segment
from app.layout.paging import BandPlan


def cards_by_page(layout: JourneyLayout, plan: BandPlan) -> list[list[CardBox]]:
    """The cards of each page, in one pass: a card belongs to its stage's band and to the part
    its top lies in (parts are cut between cards, never through one)."""
    band_of = {sb.id: bi for bi, (a, b) in enumerate(plan.bands) for sb in layout.stages[a:b]}
    tops = [top for top, _ in plan.parts]
    parts = len(plan.parts)
    out: list[list[CardBox]] = [[] for _ in plan.pages]
    for card in layout.cards.values():
        band = band_of.get(card.stage_id) if card.stage_id is not None else None
        if band is None:
            continue
        part = max(0, bisect_right(tops, card.rect.y + 0.5) - 1)
        out[band * parts + part].append(card)
        # a card cut by a forced break (taller than a page allows) shows on the next part too
        while part + 1 < parts and card.rect.bottom > tops[part + 1] + 0.5:
            part += 1
            out[band * parts + part].append(card)
    return out


def arrows_by_page(layout: JourneyLayout, plan: BandPlan) -> list[list[PathArrow]]:
    """The path steps of each page, in one pass: those whose box reaches into the page's window
    (a step across a break is on both pages; draw_arrow then leaves out its pieces that do not
    reach in)."""
    parts = len(plan.parts)
    spans = [(plan.pages[bi * parts].x0, plan.pages[bi * parts].x1) for bi in range(len(plan.bands))]
    band_right = [x1 for _, x1 in spans]
    part_bottom = [bottom for _, bottom in plan.parts]
    out: list[list[PathArrow]] = [[] for _ in plan.pages]
    for arrow in layout.arrows:
        x0, y0, x1, y1 = _arrow_box(arrow)
        bi = bisect_right(band_right, x0)  # the first band whose right edge lies past the box's left
        while bi < len(spans) and spans[bi][0] < x1:
            pi = bisect_right(part_bottom, y0)
            while pi < parts and plan.parts[pi][0] < y1:
                out[bi * parts + pi].append(arrow)
                pi += 1
            bi += 1
    return out


def _arrow_box(arrow: PathArrow) -> tuple[float, float, float, float]:
    """left, top, right, bottom of a step's control points (a step routed round cards: all its legs)."""
    xs = [p[0] for piece in arrow.segments for p in piece]
    ys = [p[1] for piece in arrow.segments for p in piece]
    return min(xs), min(ys), max(xs) + 0.01, max(ys) + 0.01


def band_layouts(layout: JourneyLayout, plan: BandPlan) -> list[JourneyLayout]:
    """The layout as each band draws it: the emotion curves cut down to the points and segments
    that reach into the band, so a long curve is not walked again on every page."""
    cuts = [_SeriesCuts(s.points, s.segments) for s in layout.emotion]
    out = []
    for first, last in plan.bands:
        x0 = layout.stages[first].header.x if layout.stages else 0.0
        x1 = layout.stages[last - 1].header.right if layout.stages else layout.width
        series = [replace(s, points=cut.points(x0 - 8, x1 + 8), segments=cut.segments(x0, x1))
                  for s, cut in zip(layout.emotion, cuts, strict=True)]
        # only the band's stages: the grid's column lines of other pages are not walked either;
        # pages of runs of stages name the curves in their caption, not in a legend a page's edge could cut
        legend = layout.legend if len(plan.bands) == 1 else []
        out.append(replace(layout, emotion=series, stages=layout.stages[first:last], legend=legend))
    return out


class _SeriesCuts:
    """The points and segments of an emotion curve within a run of x, found by bisection (they
    run left to right; a curve that does not is filtered point by point)."""

    def __init__(self, points: list[EmotionPoint], segments: list[Segment]) -> None:
        self._points, self._segments = points, segments
        self._xs = [p.x for p in points]
        self._starts = [g[0][0] for g in segments]
        self._ends = [g[3][0] for g in segments]
        self._sorted = all(a <= b for seq in (self._xs, self._starts, self._ends)
                           for a, b in zip(seq, seq[1:], strict=False))

    def points(self, x0: float, x1: float) -> list[EmotionPoint]:
        if not self._sorted:
            return [p for p in self._points if x0 <= p.x <= x1]
        return self._points[bisect_left(self._xs, x0):bisect_right(self._xs, x1)]

    def segments(self, x0: float, x1: float) -> list[Segment]:
        if not self._sorted:
            return [g for g in self._segments if g[0][0] <= x1 and x0 <= g[3][0]]
        return self._segments[bisect_left(self._ends, x0):bisect_right(self._starts, x1)]


class CurveIndex:
    """Where an emotion curve crosses a vertical line, found by bisection on its segments."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self.ends = [g[3][0] for g in segments]
        self.ordered = all(a[3][0] <= b[0][0] + 1e-9 for a, b in zip(segments, segments[1:], strict=False))

    def y_at(self, x: float) -> float | None:
        """The y of the curve where it crosses x (its segments run left to right and each is
        linear in x: control points at thirds), None where it does not."""
        start = bisect_left(self.ends, x) if self.ordered else 0
        for p0, c1, c2, p3 in self.segments[start:]:
            if p0[0] <= x <= p3[0] and p3[0] > p0[0]:
                t = (x - p0[0]) / (p3[0] - p0[0])
                u = 1 - t
                return u * u * u * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * p3[1]
            if self.ordered and p0[0] > x:
                break
        return None
