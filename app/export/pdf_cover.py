"""The cover page (title, client, author, date, version, the consultant's organisation and logo,
the client's logo, key figures and contents) and the persona pages of the PDF export. Drawn
directly on the canvas of a pdf_pages.Document, in the report's accent colour."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.layout import style
from app.model import Persona
from app.model.analytics import customer_touchpoints
from app.model.personas import initials

from .pdf_pages import LIGHT, RULE, SECTION_TITLES, load_image
from .pdf_surface import string_width
from .pdf_tags import tagged

if TYPE_CHECKING:
    from .pdf_pages import Document

BAND_INK = "#bcccdc"


def _label_value(doc: Document, x: float, y: float, label: str, value: str, width: float) -> None:
    k = doc.k
    doc.text(x, y, label.upper(), 7 * k, style.MUTED_INK, bold=True)
    doc.block(x, y - 15 * k, width, value or "\u2014", 11.5 * k, style.INK, max_lines=2)


def draw_cover(doc: Document) -> None:
    c, k, m, j = doc.canvas, doc.k, doc.margin, doc.journey
    band_h = doc.h * 0.42
    doc._fill(doc.accent)
    c.rect(0, doc.h - band_h, doc.w, band_h, stroke=0, fill=1)
    x, width = m * 1.4, doc.w - 2.8 * m
    y = doc.h - band_h + band_h * 0.62
    doc.text(x, y + 34 * k, "CUSTOMER JOURNEY MAP", 9 * k, BAND_INK, bold=True)
    title = j.title or doc.project.title
    # the whole title, smaller when long, within the band above the state chip
    lines_end = doc.block(x, y, width * 0.8, title, 28 * k, "#ffffff", bold=True, leading=1.15,
                          height=y - (doc.h - band_h) - 40 * k, role="H1")
    # the state as an outlined chip under the title
    state = j.state.label
    chip_w = string_width(state, 9 * k) + 16 * k
    chip_y = lines_end - 8 * k
    doc._stroke("#ffffff", 0.8 * k)
    c.roundRect(x, chip_y - 5 * k, chip_w, 18 * k, 9 * k, stroke=1, fill=0)
    doc.text(x + 8 * k, chip_y + 1 * k, state, 9 * k, "#ffffff")
    if doc.project.title and doc.project.title != title:
        doc.block(x + chip_w + 10 * k, chip_y + 1 * k, width - chip_w - 10 * k, doc.project.title, 9 * k, BAND_INK,
                  max_lines=1)

    # details below the band
    top = doc.h - band_h - 40 * k
    col = (doc.w - 2.8 * m) / 4
    when = j.date or doc.options.date or date.today().isoformat()
    report = doc.brand
    details = [("Client", j.client), ("Prepared by", report.author or j.author), ("Date", when),
               ("Version", report.version) if report.version else ("State", state)]
    for i, (label, value) in enumerate(details):
        _label_value(doc, x + i * col, top, label, value, col - 16 * k)

    # key figures
    y = top - 62 * k
    doc._stroke(RULE, 0.6 * k)
    c.line(x, y + 18 * k, doc.w - 1.4 * m, y + 18 * k)
    figures = (("Stages", len(j.stages())), ("Touchpoints", len(customer_touchpoints(j))),
               ("Pain points", len(j.pain_points())), ("Opportunities", len(j.opportunities())),
               ("Personas", len(doc.project.personas)))
    fig_w = (doc.w * 0.55 - x) / len(figures)
    for i, (label, count) in enumerate(figures):
        doc.text(x + i * fig_w, y - 12 * k, str(count), 22 * k, doc.accent, bold=True)
        doc.block(x + i * fig_w, y - 26 * k, fig_w - 6 * k, label, 8 * k, style.MUTED_INK, max_lines=1)

    _organisation(doc, x, 44 * k, doc.w * 0.55 - x)
    logo = load_image(j.logo, doc.options.base_dir)  # the client's logo
    if logo is not None:
        iw, ih = logo.getSize()
        box_w, box_h = 140 * k, 70 * k
        s = min(box_w / iw, box_h / ih)
        lw, lh = iw * s, ih * s
        with tagged(c, "Figure", f"Logo of {j.client or 'the client'}"):
            c.drawImage(logo, doc.w - 1.4 * m - lw, 36 * k + (box_h - lh) / 2 + 10 * k, lw, lh, mask="auto")


def _organisation(doc: Document, x: float, y: float, width: float) -> None:
    """The consultant's logo and organisation name at the cover's lower left (baseline y)."""
    from .pdf_logo import draw_logo

    k, report = doc.k, doc.brand
    if not (report.logo or report.organisation):
        return
    box_w, box_h = min(150 * k, width * 0.45), 56 * k
    used = 0.0
    if report.logo:
        from .pdf_logo import SvgUnavailable

        try:
            with tagged(doc.canvas, "Figure", f"Logo of {report.organisation or 'the organisation'}"):
                used = draw_logo(doc.canvas, report.logo, x, y, box_w, box_h)
        except SvgUnavailable as exc:  # a missing library: the rest of the report still prints, and says so
            doc.warnings.append(f"waymark export: warning: {exc}")
    if report.organisation:
        tx = x + used + (14 * k if used else 0)
        doc.block(tx, y + box_h / 2 + (4 * k if used else -box_h / 2 + 14 * k), width - used - 14 * k,
                  report.organisation, 13 * k, style.INK, bold=True, max_lines=2, leading=1.2)


def draw_contents(doc: Document, total: int) -> None:
    """The list of sections with their first page, at the cover's lower right."""
    k = doc.k
    entries = [(SECTION_TITLES[s], p) for s, p in sorted(doc.starts.items(), key=lambda sp: sp[1]) if s != "cover"]
    if not entries:
        return
    x = doc.w * 0.62
    right = doc.w - 1.4 * doc.margin
    y = doc.h * 0.58 - 120 * k
    doc.text(x, y, "CONTENTS", 7 * k, style.MUTED_INK, bold=True)
    y -= 17 * k
    doc._stroke(RULE, 0.4 * k)
    doc.canvas.setDash([1 * k, 2 * k], 0)
    for title, page in entries:
        tw = doc.text(x, y, title, 10 * k, style.INK)
        label = str(page)
        pw = doc.text(right, y, label, 10 * k, style.INK, align="right")
        doc.canvas.line(x + tw + 4 * k, y + 1 * k, right - pw - 4 * k, y + 1 * k)
        y -= 16 * k
    doc.canvas.setDash([], 0)


def draw_persona(doc: Document, persona: Persona, index: int) -> None:
    c, k, m = doc.canvas, doc.k, doc.margin
    color = doc.project.persona_color(persona)
    y = doc.top - 14 * k
    doc.text(m, y, "PERSONA", 7 * k, style.MUTED_INK, bold=True)
    # portrait: the photo, or initials in the persona's colour
    size = 84 * k
    py = y - 14 * k - size
    photo = load_image(persona.photo, doc.options.base_dir)
    if photo is not None:
        iw, ih = photo.getSize()
        s = max(size / iw, size / ih)
        c.saveState()
        path = c.beginPath()
        path.roundRect(m, py, size, size, 8 * k)
        c.clipPath(path, stroke=0, fill=0)
        with tagged(c, "Figure", f"Photo of {persona.name or 'the persona'}"):
            c.drawImage(photo, m + (size - iw * s) / 2, py + (size - ih * s) / 2, iw * s, ih * s, mask="auto")
        c.restoreState()
    else:
        doc._fill(color)
        c.roundRect(m, py, size, size, 8 * k, stroke=0, fill=1)
        doc.text(m + size / 2, py + size / 2 - 10 * k, initials(persona.name), 28 * k, "#ffffff", bold=True,
                 align="center")
    tx = m + size + 20 * k
    text_w = doc.w - m - tx
    after = doc.block(tx, py + size - 22 * k, text_w, persona.name or "Unnamed persona", 22 * k, style.INK,
                      bold=True, max_lines=1, role="H2")
    if persona.role:
        after = doc.block(tx, after - 2 * k, text_w, persona.role, 11.5 * k, style.MUTED_INK, max_lines=1)
    end = py
    if persona.description:
        end = min(py, doc.block(tx, after - 6 * k, min(text_w, 560 * k), persona.description, 9.5 * k, style.INK,
                                max_lines=8) + 9.5 * k)

    # goals and frustrations in two columns
    top = end - 34 * k
    gap = 28 * k
    col_w = (doc.w - 2 * m - gap) / 2
    bottom = doc.bottom + 78 * k
    columns = (("Goals", persona.goals), ("Frustrations", persona.frustrations))
    size = _list_size(doc, [items for _, items in columns], col_w - 12 * k, top - 22 * k - bottom)
    for i, (title, items) in enumerate(columns):
        x = m + i * (col_w + gap)
        with tagged(c, "H2"):
            doc.text(x, top, title, 11 * k, doc.accent, bold=True)
        doc._stroke(doc.accent if i == 0 else style.BAD, 1.2 * k)
        c.line(x, top - 6 * k, x + col_w, top - 6 * k)
        yy = top - 22 * k
        if not items:
            doc.text(x, yy, "None recorded", 9.5 * k, style.MUTED_INK)
        for item in items:
            doc.text(x, yy, "\u2022", size, style.MUTED_INK)
            yy = doc.block(x + 12 * k, yy, col_w - 12 * k, item, size, style.INK) - 4 * k * size / (9.5 * k)

    _persona_emotions(doc, persona, color)


def _list_size(doc: Document, columns: list[list[str]], width: float, room: float) -> float:
    """The type size at which every goal and frustration fits its column: 9.5 pt, smaller when
    the lists are long, never below the 6 pt floor (nothing is left out)."""
    from app.render.text import FLOOR_PT, wrap

    from .pdf_pages import MEASURE

    size = 9.5 * doc.k
    while size > FLOOR_PT:
        needed = max((sum(len(wrap(MEASURE, item, width, size)) * size * 1.35 + 4 * doc.k * size / (9.5 * doc.k)
                          for item in items) for items in columns), default=0.0)
        if needed <= room:
            break
        size = max(FLOOR_PT, size - 0.5)
    return size


def _persona_emotions(doc: Document, persona: Persona, color: str) -> None:
    """The persona's mean emotion per stage, as a strip of labelled cells along the bottom."""
    k, m, j = doc.k, doc.margin, doc.journey
    stages = j.stages()
    if not stages:
        return
    means: list[float | None] = []
    for stage in stages:
        scores = [t.persona_emotions[persona.id] for t in j.touchpoints(stage.id) if persona.id in t.persona_emotions]
        means.append(sum(scores) / len(scores) if scores else None)
    if all(v is None for v in means):
        return
    y = doc.bottom + 44 * k
    doc.text(m, y + 12 * k, f"EMOTION BY STAGE IN \u201c{j.title.upper()}\u201d", 7 * k, style.MUTED_INK, bold=True)
    cell_w = (doc.w - 2 * m) / len(stages)
    for i, (stage, mean) in enumerate(zip(stages, means, strict=True)):
        x = m + i * cell_w
        doc._fill(LIGHT)
        doc.canvas.rect(x + 1 * k, y - 36 * k, cell_w - 2 * k, 40 * k, stroke=0, fill=1)
        doc.block(x + 6 * k, y - 8 * k, cell_w - 12 * k, stage.name, 7.5 * k, style.MUTED_INK, max_lines=1)
        if mean is None:
            doc.text(x + 6 * k, y - 27 * k, "\u2014", 11 * k, style.MUTED_INK)
        else:
            score = round(mean)
            doc.text(x + 6 * k, y - 27 * k, f"{mean:+.1f}", 11 * k, style.INK, bold=True)
            doc._fill(style.EMOTION_COLORS[max(-2, min(2, score))])
            doc.canvas.circle(x + cell_w - 14 * k, y - 23 * k, 4 * k, stroke=0, fill=1)
