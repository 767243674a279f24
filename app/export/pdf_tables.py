"""The flowing pages of the PDF export: the pain-point register (a LongTable sorted by severity
then votes, whose header row repeats on every page it spans) and the notes. Both flow through a
platypus Frame page after page on the document's canvas; user text is escaped (para(), markup()) so
`<b>`, `&` and `<font>` print literally."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.layout import style as S
from app.model import Annotation

from .pdf_pages import ACCENT, LIGHT, SECTION_TITLES, para
from .pdf_surface import SANS, SANS_BOLD

if TYPE_CHECKING:
    from .pdf_pages import Document


def _styles(k: float) -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=SANS, fontSize=8.5 * k, leading=11 * k, textColor=HexColor(S.INK))
    return {
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=HexColor(S.MUTED_INK)),
        "head": ParagraphStyle("head", parent=body, fontName=SANS_BOLD, fontSize=7.5 * k, leading=9.5 * k,
                               textColor=HexColor("#ffffff")),
        "center": ParagraphStyle("center", parent=body, alignment=1, fontName=SANS_BOLD),
        "h2": ParagraphStyle("h2", parent=body, fontName=SANS_BOLD, fontSize=11 * k, leading=15 * k,
                             textColor=HexColor(ACCENT), spaceBefore=10 * k, spaceAfter=4 * k),
        "note": ParagraphStyle("note", parent=body, fontSize=9.5 * k, leading=13.5 * k, spaceAfter=6 * k),
    }


def _flow(doc: Document, section: str, title: str, subtitle: str, story: list[Any], bookmark: bool = True) -> None:
    """Lay the flowables out page after page; each page gets the section's heading."""
    from reportlab.platypus import Frame

    first = True
    while True:
        doc._begin(section, SECTION_TITLES[section] if first and bookmark else None)
        top = doc.heading(title if first else f"{title} (continued)", subtitle if first else "")
        frame = Frame(doc.margin, doc.bottom, doc.w - 2 * doc.margin, top - doc.bottom + 6 * doc.k,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
        placed = 0
        while story:
            head = story[0]
            if frame.add(head, doc.canvas, trySplit=0):
                story.pop(0)
                placed += 1
                continue
            parts = frame.split(head, doc.canvas)  # e.g. a LongTable: rows that fit, then the rest
            if len(parts) >= 2 and frame.add(parts[0], doc.canvas, trySplit=0):
                story[0:1] = parts[1:]
                placed += 1
            break
        if not placed and story:
            # taller than a whole page and unsplittable: print it from the top rather than loop forever
            head = story.pop(0)
            _width, height = head.wrapOn(doc.canvas, frame._aW, frame._aH)  # tables have no .height
            head.drawOn(doc.canvas, frame._x1, frame._y2 - height)
        doc._end_page()
        first = False
        if not story:
            return


def register_rows(doc: Document) -> list[tuple[Annotation, str, str]]:
    """The pain points with their stage and touchpoint, most severe first, then most voted."""
    rows = [(p, *doc.target_names(p.id)) for p in doc.journey.pain_points()]
    rows.sort(key=lambda r: (-r[0].severity, -r[0].votes))
    return rows


def table_commands(k: float) -> list[tuple[Any, ...]]:
    """The report tables' look: a dark header row, rules between rows, cells aligned at the top."""
    from reportlab.lib.colors import HexColor

    return [
        ("FONTNAME", (0, 0), (-1, -1), SANS),  # the cells' own font: no base-14 Helvetica in the file
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(ACCENT)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4 * k, HexColor(S.GRID)),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * k),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * k),
        ("LEFTPADDING", (0, 0), (-1, -1), 5 * k),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5 * k),
    ]


def draw_register(doc: Document) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    k = doc.k
    st = _styles(k)
    rows = register_rows(doc)
    header = [Paragraph(h, st["head"]) for h in ("#", "Pain point", "Severity", "Votes", "Stage", "Touchpoint")]
    data: list[list[Any]] = [header]
    commands = table_commands(k)
    for i, (pain, stage, touchpoint) in enumerate(rows, start=1):
        sev = max(1, min(5, pain.severity))
        sev_style = _styles(k)["center"]
        sev_style.textColor = HexColor(S.SEVERITY_INK[sev])
        data.append([
            Paragraph(str(i), st["muted"]),
            para(pain.text or "\u2014", st["body"]),
            Paragraph(f"{sev} / 5", sev_style),
            Paragraph(str(pain.votes), st["center"]),
            para(stage, st["body"]),
            para(touchpoint, st["body"]) if touchpoint else Paragraph("<i>the whole stage</i>", st["muted"]),
        ])
        commands.append(("BACKGROUND", (2, i), (2, i), HexColor(S.SEVERITY_COLORS[sev])))
        if i % 2 == 0:
            commands.append(("BACKGROUND", (0, i), (1, i), HexColor("#f8f9fb")))
            commands.append(("BACKGROUND", (3, i), (-1, i), HexColor("#f8f9fb")))
    if not rows:
        data.append([Paragraph("", st["body"]), Paragraph("No pain points recorded.", st["muted"]),
                     "", "", "", ""])
    width = doc.w - 2 * doc.margin
    fractions = (0.05, 0.39, 0.09, 0.07, 0.16, 0.24)
    table = LongTable(data, colWidths=[width * f for f in fractions], repeatRows=1)
    table.setStyle(TableStyle(commands))
    total = len(rows)
    votes = sum(r[0].votes for r in rows)
    subtitle = (f"{total} pain point{'s' * (total != 1)} \u00b7 {votes} dot vote{'s' * (votes != 1)} \u00b7 "
                "sorted by severity (5 = most severe), then by votes")
    _flow(doc, "painpoints", "Pain-point register", subtitle, [table])


def draw_notes(doc: Document) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

    k = doc.k
    st = _styles(k)
    j = doc.journey
    story: list[Any] = []
    if j.notes.strip():
        for paragraph in j.notes.replace("\r\n", "\n").split("\n\n"):
            if paragraph.strip():
                story.append(para(paragraph.strip(), st["note"]))
    noted = [t for t in j.touchpoints() if t.notes.strip()]
    if noted:
        story.append(Spacer(1, 6 * k))
        story.append(Paragraph("Touchpoint notes", st["h2"]))
        data: list[list[Any]] = [[Paragraph("Touchpoint", st["head"]), Paragraph("Stage", st["head"]),
                                  Paragraph("Note", st["head"])]]
        for t in noted:
            data.append([para(t.title, st["body"]), para(j.stage_of(t.id).name, st["muted"]),
                         para(t.notes.strip(), st["body"])])
        width = doc.w - 2 * doc.margin
        table = LongTable(data, colWidths=[width * 0.28, width * 0.16, width * 0.56], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(ACCENT)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4 * k, HexColor(S.GRID)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#ffffff"), HexColor(LIGHT)]),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * k),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * k),
        ]))
        story.append(table)
    if not story:
        story.append(Paragraph("No notes recorded for this journey.", st["muted"]))
    _flow(doc, "notes", "Notes", "", story)
