"""Where the text of a metric chip goes, so that all of it shows: the status mark at the left,
the metric's name, and its figures (the value and " / target").

A chip is one line tall when its name fits beside its figures. A longer name wraps beside
them (the chip grows a line at a time), and when the figures leave the name too little room
(the narrow journey-level chips under the metrics lane's title) the name takes the whole
width and the figures go on the line below it. Nothing is cut: the metrics lane grows with its
tallest stack of chips. The renderers (app.render.draw) wrap into the boxes made here with
their own font metrics; the layout counts lines in a slightly narrower width (card_text.SLACK),
so no renderer needs more lines than the chip has room for.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.model import Metric

from . import style
from .card_text import SLACK, block_height, line_count, line_height
from .geometry import Rect
from .typeface import font_metrics
from .wrapping import ASCENT

NAME_PT = style.BODY_PT  # the name and the value, bold
TARGET_PT = style.SMALL_PT  # " / target", regular
MARK_W = 22.0  # the status mark and its gap, at the chip's left
RIGHT_PAD = 10.0
FIGURES_GAP = 6.0  # between the name and the figures beside it
NAME_LEAST_W = 60.0  # a name squeezed narrower than this beside the figures goes above them instead
# a one-line chip centres its line; a taller one keeps that first line where it was
TEXT_TOP = style.CHIP_H / 2 + NAME_PT * 0.36 - NAME_PT * ASCENT
TEXT_BOTTOM = style.CHIP_H - TEXT_TOP - block_height(1, NAME_PT)


def format_metric_value(value: float | None, unit: str) -> str:
    """72 -> "72", 4.25 -> "4.2", 1500 -> "1,500", -12 -> "−12"; with its unit: "72%", "4.2 pts", "€1,500"."""
    if value is None:
        return "–"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.1f}".rstrip("0").rstrip(".")
    text = text.replace("-", "\u2212")  # a typographic minus, as wide as the plus
    if not unit:
        return text
    if unit in ("%", "‰"):
        return text + unit
    if unit in ("€", "$", "£", "¥"):
        return unit + text
    return f"{text} {unit}"


def metric_figures(metric: Metric) -> tuple[str, str]:
    """The chip's value and its target part (" / 80%", or "" without a target)."""
    value = format_metric_value(metric.value, metric.unit)
    target = f" / {format_metric_value(metric.target, metric.unit)}" if metric.target is not None else ""
    return value, target


@dataclass(frozen=True)
class ChipText:
    """The boxes of a chip's text, in layout coordinates."""

    name: Rect  # the name wraps in here (bold, NAME_PT)
    figures: Rect  # beside: the figures end at its right on the first line; below: they start at its left
    below: bool  # the figures are on the lines under the name
    mark_cy: float  # the status mark's centre, level with the first line

    @property
    def first_baseline(self) -> float:
        return self.name.y + NAME_PT * ASCENT


def _figures_width(value: str, target: str) -> float:
    return font_metrics(True).width(value, NAME_PT) + font_metrics(False).width(target, TARGET_PT)


def figures_together(value: str, target: str, width: float) -> bool:
    """Whether the value and the target share a line of this width (else the target goes below)."""
    return _figures_width(value, target) <= width * SLACK


def _figures_height(value: str, target: str, width: float) -> float:
    """The height of the figures under the name: on one line, or the value's lines then the target's."""
    if not target or figures_together(value, target, width):
        return block_height(line_count(value, width, NAME_PT, True), NAME_PT)
    value_h = line_count(value, width, NAME_PT, True) * line_height(NAME_PT)
    return value_h + block_height(line_count(target.strip(), width, TARGET_PT), TARGET_PT)


def chip_text(metric: Metric, rect: Rect) -> ChipText:
    """Where a chip's name and figures go inside its box (`rect`: the chip, as tall as chip_height
    makes it for its width)."""
    left, right = rect.x + MARK_W, rect.right - RIGHT_PAD
    width = max(1.0, right - left)
    top = rect.y + TEXT_TOP
    mark_cy = top + NAME_PT * ASCENT - NAME_PT * 0.36
    name = metric.name
    value, target = metric_figures(metric)
    # the renderers may measure a few per cent wider: the figures keep that much more room
    figures_w = _figures_width(value, target) / SLACK
    beside_w = width - figures_w - FIGURES_GAP
    if beside_w >= NAME_LEAST_W or line_count(name, beside_w, NAME_PT, True) == 1 and beside_w > 0:
        lines = line_count(name, beside_w, NAME_PT, True)
        name_box = Rect(left, top, beside_w, block_height(lines, NAME_PT))
        figures = Rect(right - figures_w, top, figures_w, block_height(1, NAME_PT))
        return ChipText(name_box, figures, False, mark_cy)
    lines = line_count(name, width, NAME_PT, True)
    name_box = Rect(left, top, width, block_height(lines, NAME_PT))
    below_top = top + lines * line_height(NAME_PT)
    figures = Rect(left, below_top, width, _figures_height(value, target, width))
    return ChipText(name_box, figures, True, mark_cy)


def chip_height(metric: Metric, width: float) -> float:
    """The height of a chip this wide that shows the metric's whole name and figures."""
    text = chip_text(metric, Rect(0.0, 0.0, width, style.CHIP_H))
    bottom = max(text.name.bottom, text.figures.bottom)
    return max(style.CHIP_H, round(bottom + TEXT_BOTTOM, 3))
