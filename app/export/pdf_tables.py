"""The flowing pages of the PDF export: the pain-point register (a LongTable sorted by severity
x votes, whose header row repeats on every page it spans), the opportunities register (each
opportunity with the pain points it answers, its owner and status) and the notes. Both flow through a
platypus Frame page after page on the document's canvas; user text is escaped (para(), markup()) so
`<b>`, `&` and `<font>` print literally."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.layout import style
from app.model import Annotation

from .pdf_pages import ACCENT, LIGHT, SECTION_TITLES, para
from .pdf_surface import SANS, SANS_BOLD

if TYPE_CHECKING:
    from .pdf_pages import Document


def _styles(k: float, accent: str = ACCENT) -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=SANS, fontSize=8.5 * k, leading=11 * k, textColor=HexColor(style.INK))
    return {
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=HexColor(style.MUTED_INK)),
        "head": ParagraphStyle("head", parent=body, fontName=SANS_BOLD, fontSize=7.5 * k, leading=9.5 * k,
                               textColor=HexColor("#ffffff")),
        "center": ParagraphStyle("center", parent=body, alignment=1, fontName=SANS_BOLD),
        "h2": ParagraphStyle("h2", parent=body, fontName=SANS_BOLD, fontSize=11 * k, leading=15 * k,
                             textColor=HexColor(accent), spaceBefore=10 * k, spaceAfter=4 * k),
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
    """The pain points with their stage and touchpoint, by severity x votes (the model's order)."""
    from app.model.report import pain_point_register

    return [(p, *doc.target_names(p.id)) for p in pain_point_register(doc.journey)]


def table_commands(k: float, accent: str = ACCENT) -> list[tuple[Any, ...]]:
    """The report tables' look: a dark header row, rules between rows, cells aligned at the top."""
    from reportlab.lib.colors import HexColor

    return [
        ("FONTNAME", (0, 0), (-1, -1), SANS),  # the cells' own font: no base-14 Helvetica in the file
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(accent)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4 * k, HexColor(style.GRID)),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * k),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * k),
        ("LEFTPADDING", (0, 0), (-1, -1), 5 * k),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5 * k),
    ]


def draw_register(doc: Document) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    k = doc.k
    st = _styles(k, doc.accent)
    rows = register_rows(doc)
    header = [Paragraph(h, st["head"]) for h in ("#", "Pain point", "Severity", "Votes", "Stage", "Touchpoint")]
    data: list[list[Any]] = [header]
    commands = table_commands(k, doc.accent)
    for i, (pain, stage, touchpoint) in enumerate(rows, start=1):
        sev = max(1, min(5, pain.severity))
        sev_style = _styles(k)["center"]
        sev_style.textColor = HexColor(style.SEVERITY_INK[sev])
        data.append([
            Paragraph(str(i), st["muted"]),
            para(pain.text or "\u2014", st["body"]),
            Paragraph(f"{sev} / 5", sev_style),
            Paragraph(str(pain.votes), st["center"]),
            para(stage, st["body"]),
            para(touchpoint, st["body"]) if touchpoint else Paragraph("<i>the whole stage</i>", st["muted"]),
        ])
        commands.append(("BACKGROUND", (2, i), (2, i), HexColor(style.SEVERITY_COLORS[sev])))
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
                "most pressing first: severity (5 = most severe) \u00d7 votes")
    _flow(doc, "painpoints", "Pain-point register", subtitle, [table])


def draw_opportunities(doc: Document) -> None:
    """The opportunities register: each opportunity, its stage, the pain points it answers,
    its votes, owner and status; most voted first."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    from app.model.report import opportunity_register

    k = doc.k
    st = _styles(k, doc.accent)
    small = st["body"].clone("answers", fontSize=7.5 * k, leading=9.5 * k)
    rows = opportunity_register(doc.journey)
    header = [Paragraph(h, st["head"]) for h in ("#", "Opportunity", "Stage", "Answers the pain points", "Votes",
                                                 "Owner", "Status")]
    data: list[list[Any]] = [header]
    commands = table_commands(k, doc.accent)
    for i, (opportunity, answers) in enumerate(rows, start=1):
        stage, touchpoint = doc.target_names(opportunity.id)
        where = f"{stage}\n{touchpoint}" if touchpoint else stage
        answered = "\n".join(f"\u2022 {p.text}" for p in answers)
        data.append([
            Paragraph(str(i), st["muted"]),
            para(opportunity.text or "\u2014", st["body"]),
            para(where, st["muted"]),
            para(answered, small) if answers else Paragraph("<i>none recorded here</i>", st["muted"]),
            Paragraph(str(opportunity.votes), st["center"]),
            para(opportunity.owner, st["body"]) if opportunity.owner else Paragraph("\u2014", st["muted"]),
            Paragraph(opportunity.status.label, st["center"]),
        ])
        commands.append(("BACKGROUND", (6, i), (6, i), HexColor(STATUS_FILL[opportunity.status.value])))
        if i % 2 == 0:
            commands.append(("BACKGROUND", (0, i), (5, i), HexColor("#f8f9fb")))
    width = doc.w - 2 * doc.margin
    fractions = (0.04, 0.26, 0.13, 0.29, 0.06, 0.12, 0.10)  # "In progress" on one line
    table = LongTable(data, colWidths=[width * f for f in fractions], repeatRows=1)
    table.setStyle(TableStyle(commands))
    done = sum(1 for o, _ in rows if o.status.value == "done")
    votes = sum(o.votes for o, _ in rows)
    subtitle = (f"{len(rows)} opportunit{'ies' if len(rows) != 1 else 'y'} \u00b7 {votes} dot "
                f"vote{'s' * (votes != 1)} \u00b7 {done} done \u00b7 most voted first")
    _flow(doc, "opportunities", "Opportunities register", subtitle, [table])


STATUS_FILL = {"idea": "#f1f3f6", "planned": "#e3effd", "in_progress": "#fff4d6", "done": "#e3f4e6"}


def draw_notes(doc: Document) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

    k = doc.k
    st = _styles(k, doc.accent)
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
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(doc.accent)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4 * k, HexColor(style.GRID)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#ffffff"), HexColor(LIGHT)]),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * k),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * k),
        ]))
        story.append(table)
    if not story:
        story.append(Paragraph("No notes recorded for this journey.", st["muted"]))
    _flow(doc, "notes", "Notes", "", story)
