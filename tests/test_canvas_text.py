"""The canvas shows client text whole: a card typed with a long title or owner grows to hold
every word (the one layout sizes it, so the PDF prints the same), and the rows below make room.
Driven with real key input."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from app.layout import style
from app.render.qt_surface import QtSurface
from app.render.text import ELLIPSIS, lines_that_fit, wrap
from tests.canvas_support import make_canvas

LONG = ("Compares delivery prices, return policies and the warranty terms of four online shops "
        "before asking a friend which one to trust with the order")


def _qt_lines(text: str, width: float, size: float, bold: bool) -> list[str]:
    """The lines Qt's own font metrics wrap the text into."""
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return wrap(QtSurface(painter), text, width, size, bold)
    finally:
        painter.end()


def test_a_long_title_typed_on_the_canvas_grows_its_card_to_show_every_word(qtbot):
    canvas = make_canvas(qtbot)
    tp = canvas.journey.find("Compares prices")
    before = canvas.journey_scene.card_items[tp.id].box.rect
    canvas.select_ids([tp.id])
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    edit = canvas.inplace.line_edit()
    qtbot.keyClicks(edit, LONG)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert canvas.journey.get(tp.id).title == LONG

    scene = canvas.journey_scene
    box = scene.card_items[tp.id].box
    assert box.rect.h > before.h  # the card grew
    lines = _qt_lines(LONG, box.title_rect.w, style.TITLE_PT, True)
    assert " ".join(lines) == LONG and not any(ELLIPSIS in line for line in lines)
    assert lines_that_fit(box.title_rect.h, style.TITLE_PT) >= len(lines)  # every line inside the card
    # the lanes below make room: the next row starts under the grown card, its notes move with it
    layout = scene.layout
    row = next(ln for ln in layout.lanes if ln.id == canvas.journey.card_lane().id)
    assert row.row.bottom >= box.rect.bottom + style.CELL_PAD
    below = next(ln for ln in layout.lanes if ln.index == row.index + 1)
    assert below.row.y >= box.rect.bottom
    note = next(c for c in layout.cards.values() if c.kind == "pain_point")
    assert scene.card_items[note.id].box.rect.y > box.rect.bottom
    # and undo gives the card back its size
    canvas.editor.stack.undo()
    assert canvas.journey.get(tp.id).title == "Compares prices"
    assert scene.card_items[tp.id].box.rect == before


def test_a_long_owner_wraps_in_the_footer_instead_of_being_cut(qtbot):
    canvas = make_canvas(qtbot)
    tp = canvas.journey.find("Sees advert")
    owner = "Brand partnerships and paid media planning team of the marketing department"
    canvas.editor.update(canvas.journey, tp.id, owner=owner)
    box = canvas.journey_scene.card_items[tp.id].box
    lines = _qt_lines(owner, box.footer_rect.w, style.SMALL_PT, False)
    assert len(lines) >= 2 and " ".join(lines) == owner
    assert box.footer_rect.h >= 14 + (len(lines) - 1) * style.SMALL_PT * 1.22 - 0.01
    assert box.footer_rect.y >= box.title_rect.bottom
