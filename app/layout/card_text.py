"""How tall a card, a lane row or the header row must be to show all of its text.

Client text is never cut on the map: a card grows to hold its wrapped title and owner, a lane
row to hold its title, the header row to hold the longest stage name and the journey title.
Text is measured with DejaVu Sans' own advance widths (app.layout.typeface, no Qt), wrapped
with the renderers' rule (app.layout.wrapping) into a width a little narrower than the one the
renderers wrap into, so that no renderer's metrics need more lines than the layout made room for.
"""

from __future__ import annotations

from functools import lru_cache

from app.model import Annotation, Channel, Touchpoint

from . import style
from .typeface import font_metrics
from .wrapping import ASCENT, LINE_SPACING, break_lines

# the renderers wrap into the full width; the layout counts lines in this share of it, so a
# renderer measuring a few per cent wider (Qt's hinting) still needs no more lines
SLACK = 0.95

# the boxes' insets, shared with the drawing code (app.render.draw) through CardBox and here
TITLE_TOP = 7.0  # card top to its title box
CARD_BOTTOM = 5.0  # footer box to the card's bottom edge
FOOTER_LINE_H = 14.0  # one footer line (owner or channel; pills; votes)
FOOTER_GAP = 2.0  # between the title box and the footer box
FLAG_W = 14.0  # one moment-of-truth or delight badge with its gap
STAGE_NAME_TOP = 8 + style.SMALL_PT * 1.45  # the stage number's line above the name
LANE_TITLE_TOP = 10.0  # the lane title's top inside its header cell
CHIPS_TOP = 26.0  # the journey-level metric chips under a one-line metrics lane title (with air below it)
CORNER_PT = style.BODY_PT + 0.5  # the journey title in the top-left cell


def line_height(size: float) -> float:
    return size * LINE_SPACING


@lru_cache(maxsize=65536)
def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """How many lines text takes wrapped to width (at least one)."""
    if width <= 0 or not text.strip():
        return 1
    metrics = font_metrics(bold)
    room = width * SLACK
    longest = max(1, int(room / (size * 0.15)) + 1)
    return max(1, len(break_lines(text, lambda t: metrics.width(t, size) <= room, longest)))


def block_height(lines: int, size: float) -> float:
    """The height of a text box holding this many lines (app.render.text.lines_that_fit's inverse)."""
    return lines * line_height(size) + size * (ASCENT + 0.24 - LINE_SPACING) + 0.5


def touchpoint_label(tp: Touchpoint) -> str:
    """The footer's label: the owner, else the channel's name ("Other" says nothing, so none)."""
    return tp.owner.strip() or ("" if tp.channel is Channel.OTHER else tp.channel.label)


def title_left(kind: str) -> float:
    """The title box's left inset: right of the channel icon on a touchpoint."""
    return 8 + style.ICON + 7 if kind == "touchpoint" else 10


def flags_width(tp: Touchpoint) -> float:
    """The width of the badges at the footer's right, with the gap before the label."""
    n = int(tp.moment_of_truth) + int(tp.delight)
    return n * FLAG_W - 4 + 6 if n else 0.0


def touchpoint_size(tp: Touchpoint, width: float) -> tuple[float, float]:
    """(card height, footer height) of a touchpoint card this wide."""
    title = tp.title.strip() or "Untitled touchpoint"
    title_w = width - 8 - title_left("touchpoint")
    title_h = block_height(line_count(title, title_w, style.TITLE_PT, True), style.TITLE_PT)
    footer_h = FOOTER_LINE_H
    label = touchpoint_label(tp)
    if label:
        lines = line_count(label, width - 20 - flags_width(tp), style.SMALL_PT)
        footer_h += (lines - 1) * line_height(style.SMALL_PT)
    height = TITLE_TOP + title_h + FOOTER_GAP + footer_h + CARD_BOTTOM
    return max(style.TOUCHPOINT_H, height), footer_h


def note_height(note: Annotation, width: float) -> float:
    """The height of a pain-point or opportunity note this wide."""
    text = note.text.strip() or note.kind.label
    body_h = block_height(line_count(text, width - 8 - title_left("note") - 2, style.BODY_PT), style.BODY_PT)
    return max(style.NOTE_H, TITLE_TOP + body_h + FOOTER_GAP + FOOTER_LINE_H + CARD_BOTTOM)


def lane_title_lines(title: str, reserve: float) -> int:
    return line_count(title, style.LANE_HEADER_W - 2 * style.CELL_PAD - reserve, style.TITLE_PT, True)


def lane_title_height(title: str, reserve: float) -> float:
    """The least height of a lane row whose header shows this title (`reserve`: room kept at the right)."""
    return LANE_TITLE_TOP + block_height(lane_title_lines(title, reserve), style.TITLE_PT) + style.CELL_PAD


def chips_top(title: str) -> float:
    """How far below the metrics lane's top its journey-level chips start, under its whole title."""
    return CHIPS_TOP + (lane_title_lines(title, 0.0) - 1) * line_height(style.TITLE_PT)


def stage_header_height(name: str, width: float) -> float:
    """The header row height a stage's name needs in a column this wide."""
    lines = line_count(name, width - 2 * style.CELL_PAD, style.HEADER_PT, True)
    return STAGE_NAME_TOP + block_height(lines, style.HEADER_PT) + 8 - 2


def corner_height(title: str) -> float:
    """The header row height the journey's title needs in the top-left cell (state line below it)."""
    lines = line_count(title, style.LANE_HEADER_W - 24, CORNER_PT, True)
    return 9 - 1 + block_height(lines, CORNER_PT) + 10 + 9
