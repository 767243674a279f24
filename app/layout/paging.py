"""How a laid-out journey map goes onto paper at a readable size: the smallest scale at which
its text stays above the printed floor, the split of a map too big for one sheet into pages of
whole stages (and, when it is also too tall, into parts cut between lanes or card rows), and the
fewest poster sheets that hold it.

This is the one home of the print floor (design principle 8): printed text is never smaller
than `TextFloor`, measured on the page as font size x scale. The PDF export, the export dialog's
preview and the tests all ask these functions. Pure Python: sizes are plain numbers, layout
units are points at 100 % (see app.layout.style), page units are PDF points.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from . import style as S
from .journey_layout import JourneyLayout

DEFAULT_MIN_TEXT_PT = 6.0
LEAST_MIN_TEXT_PT = 4.0  # below this, nobody reads it at arm's length, whatever they ask for
MOST_MIN_TEXT_PT = 24.0
MAX_FIT_SCALE = 2.5  # a small map on a large sheet stops growing here
TILE_OVERLAP_MM = 10.0
MM = 72.0 / 25.4

# the smallest size (in layout points) the map draws each kind of text at (app/render/draw.py):
# the corner's state label and card footers; card titles; lane titles; stage names
SMALLEST_CARD_TEXT = S.SMALL_PT - 0.5
CARD_TITLE = S.TITLE_PT
LANE_HEADER = S.TITLE_PT
STAGE_HEADER = S.HEADER_PT


class PagingError(ValueError):
    """A map that cannot be put on the chosen paper at a readable size, with a message for people."""


@dataclass(frozen=True)
class TextFloor:
    """The least printed size, in points, of each kind of text on a map page."""

    card_text: float = DEFAULT_MIN_TEXT_PT
    card_title: float = DEFAULT_MIN_TEXT_PT + 1
    header: float = DEFAULT_MIN_TEXT_PT + 3  # stage and lane headers

    @classmethod
    def from_min(cls, min_text_pt: float) -> TextFloor:
        """The floor for `--min-text-pt N`: card text N, card titles N + 1, headers N + 3."""
        check_min_text(min_text_pt)
        return cls(min_text_pt, min_text_pt + 1, min_text_pt + 3)

    @property
    def scale(self) -> float:
        """The least map scale that prints every kind of text at or above its floor."""
        return max(self.card_text / SMALLEST_CARD_TEXT, self.card_title / CARD_TITLE,
                   self.header / LANE_HEADER, self.header / STAGE_HEADER)


def check_min_text(min_text_pt: float) -> None:
    if not (LEAST_MIN_TEXT_PT <= min_text_pt <= MOST_MIN_TEXT_PT) or math.isnan(min_text_pt):
        raise PagingError(f"smallest text size must be from {LEAST_MIN_TEXT_PT:g} to {MOST_MIN_TEXT_PT:g} pt, "
                          f"not {min_text_pt:g} pt")


def readable_scale(min_text_pt: float = DEFAULT_MIN_TEXT_PT) -> float:
    return TextFloor.from_min(min_text_pt).scale


# ---------------------------------------------------------------------------- stage bands
@dataclass(frozen=True)
class MapWindow:
    """What one page of a banded map shows: stages first..last-1 and the body from y top to
    bottom (layout units, below the stage headers); headers are repeated around it."""

    first: int
    last: int  # exclusive
    x0: float
    x1: float
    top: float
    bottom: float
    band: int  # which run of stages, from 0
    part: int  # which vertical part of that run, from 0


@dataclass(frozen=True)
class BandPlan:
    """The pages of a map in fit mode: the scale they share and what each shows, band by band."""

    scale: float
    bands: list[tuple[int, int]]  # stage index ranges [first, last)
    parts: list[tuple[float, float]]  # body y ranges, shared by every band
    pages: list[MapWindow]
    stage_count: int
    header_h: float = S.STAGE_HEADER_H  # the layout's stage header row, repeated on every page

    @property
    def one_page(self) -> bool:
        return len(self.pages) == 1

    @property
    def content_size(self) -> tuple[float, float]:
        """The largest page content (headers included), in layout units."""
        w = S.LANE_HEADER_W + max((p.x1 - p.x0 for p in self.pages), default=0.0)
        h = self.header_h + max((p.bottom - p.top for p in self.pages), default=0.0)
        return w, h


def _pack(cuts: list[float], cap: float, forced: bool) -> list[tuple[float, float]] | None:
    """Greedy runs between allowed cut positions (sorted, first and last are the ends), each at
    most `cap` long. A piece longer than cap between two cuts is cut at cap when `forced`, else
    the packing fails (None)."""
    runs: list[tuple[float, float]] = []
    start, end = cuts[0], cuts[-1]
    while start < end - 1e-6:
        i = bisect_right(cuts, start + cap + 1e-6) - 1
        stop = cuts[i]
        if stop <= start + 1e-6:
            if not forced:
                return None
            stop = start + cap
        runs.append((start, min(stop, end)))
        start = min(stop, end)
    return runs


def _balanced(cuts: list[float], cap: float, forced: bool) -> list[tuple[float, float]] | None:
    """The fewest runs `_pack` finds at cap, then as even as they can be: the least cap that
    needs no more runs (so the last page is not a sliver and the scale can grow)."""
    runs = _pack(cuts, cap, forced)
    if runs is None or len(runs) <= 1:
        return runs
    low, high = (cuts[-1] - cuts[0]) / len(runs), cap
    for _ in range(40):
        mid = (low + high) / 2
        trial = _pack(cuts, mid, forced=False)
        if trial is not None and len(trial) <= len(runs):
            high = mid
        else:
            low = mid
    best = _pack(cuts, high, forced=False)
    return best if best is not None and len(best) <= len(runs) else runs


def row_cuts(layout: JourneyLayout) -> list[float]:
    """Where the map's body may be cut between two pages: lane boundaries and the gaps between
    rows of cards (never through a card, and never through the emotion lane)."""
    top, bottom = layout.header_h, layout.height
    spans = sorted((c.rect.y, c.rect.bottom) for c in layout.cards.values())
    merged: list[list[float]] = []
    for y0, y1 in spans:
        if merged and y0 <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], y1)
        else:
            merged.append([y0, y1])
    cuts = {top, bottom}
    cuts.update(lane.row.y for lane in layout.lanes)
    lane_of = sorted((lane.row.y, lane.row.bottom) for lane in layout.lanes)
    for a, b in zip(merged, merged[1:], strict=False):
        gap = (a[1] + b[0]) / 2
        # only between card rows of one lane: a cut at a lane boundary is already there
        if any(y0 < a[1] and b[0] < y1 for y0, y1 in lane_of):
            cuts.add(gap)
    return sorted(c for c in cuts if top <= c <= bottom)


def plan_bands(layout: JourneyLayout, area_w: float, area_h: float, floor: TextFloor,
               max_scale: float = MAX_FIT_SCALE) -> BandPlan:
    """Fit mode: the whole map on one page when it fits at a readable scale, else runs of whole
    stages side by side (and, when the map is also too tall, parts cut between lanes or card
    rows), all at one scale that fills the printable area (area_w x area_h, page points) as far
    as the largest page allows."""
    least = floor.scale
    stages = layout.stages
    n = len(stages)
    whole = min(area_w / layout.width, area_h / layout.height, max_scale)
    body = (layout.header_h, layout.height)
    if n == 0 or whole >= least:
        x0 = stages[0].header.x if stages else S.LANE_HEADER_W
        x1 = stages[-1].header.right if stages else layout.width
        page = MapWindow(0, n, x0, x1, *body, 0, 0)
        return BandPlan(whole, [(0, n)], [body], [page], n, layout.header_h)

    cap_w = area_w / least - S.LANE_HEADER_W
    cap_h = area_h / least - layout.header_h
    if cap_w <= 0 or cap_h <= 0:
        raise PagingError("the sheet is too small for the lane and stage headers at the readable size")
    widest = max(stages, key=lambda s: s.header.w)
    if widest.header.w > cap_w + 1e-6:
        raise PagingError(f"stage {widest.index + 1} ({widest.name!r}) is wider than the sheet at the readable "
                          "size: choose a larger paper, the other orientation, --tile or --page-size auto")
    xs = [s.header.x for s in stages] + [stages[-1].header.right]
    x_runs = _balanced(xs, cap_w, forced=False)
    assert x_runs is not None  # every stage fits on its own
    index_of = {x: i for i, x in enumerate(xs)}
    bands = [(index_of[a], index_of[b]) for a, b in x_runs]
    parts = _balanced(row_cuts(layout), cap_h, forced=True) or [body]
    widest_band = max(b - a for a, b in x_runs)
    tallest_part = max(b - a for a, b in parts)
    scale = min(area_w / (S.LANE_HEADER_W + widest_band), area_h / (layout.header_h + tallest_part), max_scale)
    pages = [MapWindow(first, last, xs[first], xs[last], top, bottom, bi, pi)
             for bi, (first, last) in enumerate(bands) for pi, (top, bottom) in enumerate(parts)]
    return BandPlan(max(scale, least), bands, parts, pages, n, layout.header_h)


def stage_range_label(first: int, last: int, total: int) -> str:
    """ "Stages 4–6 of 12", "Stage 3 of 12", "Stages 1–12" """
    if first == 0 and last == total:
        return f"Stages 1\u2013{total}" if total != 1 else "Stage 1"
    if last - first == 1:
        return f"Stage {first + 1} of {total}"
    return f"Stages {first + 1}\u2013{last} of {total}"


# ---------------------------------------------------------------------------- poster tiles
@dataclass(frozen=True)
class TilePlan:
    """A wall poster: rows x cols sheets at `scale`; sheet (r, c) shows the page-unit window
    starting at (xs[c], ys[r]) from the map's top-left (negative: white round the map)."""

    scale: float
    rows: int
    cols: int
    xs: list[float]  # left edge of each column's window, page units relative to the map's left
    ys: list[float]
    area_w: float
    area_h: float
    overlap: float  # what neighbouring sheets share, page units

    @property
    def sheets(self) -> int:
        return self.rows * self.cols

    def window(self, row: int, col: int) -> tuple[float, float, float, float]:
        """The layout rectangle (x, y, w, h) sheet (row, col) shows."""
        s = self.scale
        return self.xs[col] / s, self.ys[row] / s, self.area_w / s, self.area_h / s


def _tile_axis(length: float, area: float, overlap: float) -> list[float]:
    """Where each sheet's window starts along one side: the fewest sheets, neighbours sharing
    exactly `overlap`, the map centred on the poster (any white shared by the outer edges)."""
    count = 1 if length <= area + 1e-6 else math.ceil((length - overlap) / (area - overlap) - 1e-9)
    poster = area + (count - 1) * (area - overlap)
    start = -(poster - length) / 2
    return [start + i * (area - overlap) for i in range(count)]


def plan_tiles(layout: JourneyLayout, area_w: float, area_h: float, scale: float,
               overlap: float = TILE_OVERLAP_MM * MM) -> TilePlan:
    """The fewest sheets of area_w x area_h (printable, page points) that hold the map at scale,
    neighbours overlapping by at least `overlap`."""
    if area_w <= overlap or area_h <= overlap:
        raise PagingError("the sheet is too small for a poster with its overlap and crop marks")
    xs = _tile_axis(layout.width * scale, area_w, overlap)
    ys = _tile_axis(layout.height * scale, area_h, overlap)
    return TilePlan(scale, len(ys), len(xs), xs, ys, area_w, area_h, overlap)
