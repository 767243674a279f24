"""The emotion curves' legend at the top of the emotion lane: a line swatch and the name of
each curve (the customer's own, then each persona's), every name in full.

The entries sit side by side at the lane's top right, as a chart legend does, a long name
wrapped onto more lines; when they do not fit in one row, they go into columns as wide as their
widest entries, in as many rows as it takes, and the emotion lane grows by the extra lines: the curve starts below the
legend. It spans the stage columns; a PDF that prints the map in runs of stages, a run a page,
names the curves in each page's caption instead, so that no name is cut at a page's edge.
Names are measured like card text (the layout's DejaVu metrics, in a slightly narrower width),
so no renderer needs more lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import style
from .card_text import SLACK, block_height
from .geometry import Rect
from .typeface import font_metrics
from .wrapping import ASCENT, break_lines

LABEL_PT = style.SMALL_PT
SWATCH_W = 14.0  # the line in the curve's colour
SWATCH_GAP = 4.0  # between the swatch and the name
ENTRY_GAP = 14.0  # between two entries side by side
ROW_GAP = 3.0
NAME_MOST_W = 150.0  # a longer name wraps (so one name does not take a whole row of the legend)
BASELINE = 14.0  # the first row's baseline below the lane's top (clear of the curve's band at 22)
TOP = BASELINE - LABEL_PT * ASCENT
ONE_ROW_H = block_height(1, LABEL_PT)
CLEARANCE = 3.0


@dataclass(frozen=True)
class LegendEntry:
    """One curve in the legend: its swatch from (x0, y) to (x1, y) and the box its name wraps in."""

    label: str
    color: str
    swatch: tuple[float, float, float]  # x0, x1, y
    text: Rect


def _name_lines(label: str, width: float) -> list[str]:
    metrics = font_metrics(False)
    room = width * SLACK
    longest = max(1, int(room / (LABEL_PT * 0.15)) + 1)
    return break_lines(label, lambda t: metrics.width(t, LABEL_PT) <= room, longest) or [""]


def _entry(label: str, color: str, x: float, top: float, text_w: float, lines: int) -> LegendEntry:
    baseline = top + LABEL_PT * ASCENT
    y = baseline - LABEL_PT * 0.36  # level with the middle of the name's first line
    text = Rect(x + SWATCH_W + SWATCH_GAP, top, text_w, block_height(lines, LABEL_PT))
    return LegendEntry(label, color, (x, x + SWATCH_W, y), text)


def legend_entries(series: Sequence[tuple[str, str]], left: float, right: float, lane_top: float) -> list[LegendEntry]:
    """The legend of these (label, colour) curves, right-aligned between x = left and x = right,
    its first row on the lane's top edge; none for fewer than two curves."""
    if len(series) < 2:
        return []
    area_w = max(1.0, right - left)
    most = max(1.0, min(NAME_MOST_W, area_w - SWATCH_W - SWATCH_GAP))
    sized = []
    for label, color in series:
        lines = _name_lines(" ".join(label.split()), most)
        # room for the widest line as a renderer measuring a few per cent wider sees it
        widest = max(font_metrics(False).width(line, LABEL_PT) for line in lines) / SLACK
        sized.append((label, color, min(most, widest), len(lines)))
    top = lane_top + TOP
    # as many columns as fit (all in one row when they do), each as wide as its widest entry
    widths: list[float] = []
    for columns in range(len(sized), 0, -1):
        widths = [max(SWATCH_W + SWATCH_GAP + w for _, _, w, _ in sized[j::columns]) for j in range(columns)]
        if sum(widths) + ENTRY_GAP * (columns - 1) <= area_w:
            break
    columns = len(widths)
    lefts = [right - sum(widths) - ENTRY_GAP * (columns - 1)]
    for w in widths[:-1]:
        lefts.append(lefts[-1] + w + ENTRY_GAP)
    out = []
    for start in range(0, len(sized), columns):
        row = sized[start:start + columns]
        for x, (label, color, w, n) in zip(lefts, row, strict=False):
            out.append(_entry(label, color, x, top, w, n))
        top += max(block_height(n, LABEL_PT) for *_, n in row) + ROW_GAP
    return out


def legend_extra(entries: Sequence[LegendEntry], lane_top: float) -> float:
    """How much more room than one row the legend takes: the emotion lane grows by this."""
    if not entries:
        return 0.0
    bottom = max(e.text.bottom for e in entries)
    extra = bottom - (lane_top + TOP + ONE_ROW_H)
    # more than one line: a little more air above the +2 dots, which sit on the band's top edge
    return round(extra + CLEARANCE, 3) if extra > 0.01 else 0.0

