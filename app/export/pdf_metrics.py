"""The metrics summary pages of the PDF export: the journey's own KPIs as tiles, then the
matplotlib charts of app/export/charts.py drawn as vectors straight onto the page in the report's
own fonts (app/export/pdf_charts.py: no raster image anywhere, no PDF per chart)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from app.layout import style
from app.render.draw import format_metric_value, metric_status_color

from .pdf_pages import LIGHT, SECTION_TITLES

if TYPE_CHECKING:
    from .pdf_pages import Document

MAX_FIGURE_W = 780.0  # points; larger slots scale the vector chart up instead of shrinking its type


def place_figure(doc: Document, make: Any, x: float, y_top: float, w: float, h: float, alt: str) -> None:
    """Draw make(width_in, height_in) -> Figure as vectors straight onto the page, in the slot: one
    Figure of the document's structure, which a screen reader announces by `alt`."""
    from .pdf_charts import draw_figure
    from .pdf_tags import tagged

    w, h = max(w, 72.0), max(h, 72.0)
    fig_w = min(w, MAX_FIGURE_W)
    fig_h = fig_w * h / w
    figure = make(fig_w / 72.0, fig_h / 72.0)
    with tagged(doc.canvas, "Figure", alt):
        draw_figure(doc.canvas, figure, x, y_top - h, w / fig_w)


def _value(value: float | None) -> str:
    from app.model.metrics_math import format_value

    return "no value" if value is None else format_value(value)


def targets_alt(series: list[Any]) -> str:
    """The bar charts' data in words: each metric's value (and target) per column."""
    parts = []
    for sm in series:
        columns = "; ".join(f"{column} {_value(value)}" + (f" (target {_value(target)})" if target is not None else "")
                            for column, value, target in zip(sm.columns, sm.values, sm.targets, strict=True))
        parts.append(f"{sm.name}{f' ({sm.unit})' if sm.unit else ''}: {columns}")
    return "Bar charts of metrics against their targets. " + ". ".join(parts) + "."


def emotion_alt(doc: Document) -> str:
    j = doc.journey
    named = [p.name for p in doc.project.personas
             if any(p.id in t.persona_emotions for t in j.touchpoints())]
    personas = f", with the curves of {', '.join(named)}" if named else ""
    return (f"Emotion curve: the customer's emotion from -2 (frustrated) to +2 (delighted) at each of the "
            f"{len(j.touchpoints())} touchpoints in journey order, across the stages "
            f"{', '.join(s.name for s in j.stages())}{personas}.")


def _fitted(text: str, width: float, size: float, smallest: float) -> tuple[str, float]:
    """Bold text for a tile: smaller type down to `smallest`, then down to the 6 pt floor, never cut."""
    from app.render.text import FLOOR_PT

    from .pdf_pages import MEASURE

    while size > FLOOR_PT and MEASURE.text_width(text, size, True) > width:
        size = max(FLOOR_PT, size - (1 if size > smallest else 0.5))
    return text, size


def _kpi_tiles(doc: Document, y_top: float) -> float:
    """The journey-level metrics as tiles, six to a row, every one of them (a future state's
    targets too, its value a dash); returns the y below them."""
    metrics = [m for m in doc.journey.metrics(journey_level=True) if m.value is not None or m.target is not None]
    if not metrics:
        return y_top
    k, c = doc.k, doc.canvas
    gap, tile_h = 10 * k, 60 * k
    per_row = min(len(metrics), 6)
    tile_w = min(170 * k, (doc.w - 2 * doc.margin - gap * (per_row - 1)) / per_row)
    for i, m in enumerate(metrics):
        x = doc.margin + (i % per_row) * (tile_w + gap)
        top = y_top - (i // per_row) * (tile_h + gap)
        doc._fill(LIGHT)
        c.roundRect(x, top - tile_h, tile_w, tile_h, 4 * k, stroke=0, fill=1)
        doc._fill(metric_status_color(m))
        c.rect(x, top - tile_h, 3 * k, tile_h, stroke=0, fill=1)
        doc.block(x + 10 * k, top - 12 * k, tile_w - 16 * k, m.name, 7 * k, style.MUTED_INK, bold=True, max_lines=2,
                  leading=1.2)
        value, size = _fitted(format_metric_value(m.value, m.unit), tile_w - 16 * k, 15 * k, 10 * k)
        doc.text(x + 10 * k, top - 40 * k, value, size, style.INK, bold=True)
        if m.target is not None:
            status = {True: "on target", False: "below target", None: "not measured yet"}[m.meets_target()]
            doc.block(x + 10 * k, top - 53 * k, tile_w - 16 * k,
                      f"target {format_metric_value(m.target, m.unit)} \u00b7 {status}", 6.5 * k, style.MUTED_INK,
                      max_lines=1)
    rows = math.ceil(len(metrics) / per_row)
    return y_top - rows * (tile_h + gap) - 6 * k


CHARTS_PER_PAGE = 4  # two by two: each chart keeps its title and its stage names readable


def draw_metrics(doc: Document) -> None:
    """The metrics section: the journey's KPIs and the emotion curve, then every metric against
    its target per stage (four charts a page, as many pages as needed); then the CX assessment
    and the satisfaction-loyalty view, each a contents entry of its own. Parts without data are
    left out, and the section with them when none has any."""
    from .charts import emotion_figure, has_emotions, metrics_figure, stage_metrics

    j, k = doc.journey, doc.k
    x, w = doc.margin, doc.w - 2 * doc.margin
    kpis = any(m.value is not None or m.target is not None for m in j.metrics(journey_level=True))
    emotions = has_emotions(j)
    series = stage_metrics(j)
    names = [sm.name for sm in series]
    begun = False
    if kpis or emotions:
        doc._begin("metrics", SECTION_TITLES["metrics"])
        begun = True
        top = doc.heading("Metrics summary", "The journey's key figures against their targets, and the emotion "
                          "curve across the journey")
        top = _kpi_tiles(doc, top)
        if emotions:
            place_figure(doc, lambda wi, hi: emotion_figure(j, doc.project.personas, wi, hi), x, top, w,
                         min(top - doc.bottom - 8 * k, w * 0.42), emotion_alt(doc))
        doc._end_page()
    pages = [names[i:i + CHARTS_PER_PAGE] for i in range(0, len(names), CHARTS_PER_PAGE)]
    for number, chunk in enumerate(pages, start=1):
        doc._begin("metrics", None if begun else SECTION_TITLES["metrics"])
        if begun:
            doc.marks.setdefault(doc.page, []).append((f"Metrics against targets ({number} of {len(pages)})"
                                                       if len(pages) > 1 else "Metrics against targets",
                                                       f"targets-{doc.page}", 1))
        begun = True
        part = f" \u00b7 page {number} of {len(pages)}" if len(pages) > 1 else ""
        top = doc.heading("Metrics against targets", f"{len(names)} metric{'s' * (len(names) != 1)} per stage; "
                          f"a dark bar misses its target, the red dashes mark it{part}")
        room = top - doc.bottom - 8 * k
        rows = math.ceil(len(chunk) / 2)
        place_figure(doc, lambda wi, hi, chunk=chunk: metrics_figure(j, wi, hi, chunk, 2), x, top, w,
                     min(room, rows * room / 2 + 30 * k) if rows == 1 else room,
                     targets_alt([sm for sm in series if sm.name in chunk]))
        doc._end_page()
    draw_cx(doc)
    draw_loyalty(doc)


def draw_cx(doc: Document) -> None:
    """The CX assessment page: the two radars and the scores table (left out when no stage is rated)."""
    from .charts import assessed_stages, radar_figure

    j, k = doc.journey, doc.k
    if not assessed_stages(j):
        return
    x, w = doc.margin, doc.w - 2 * doc.margin
    doc._begin("cx", SECTION_TITLES["cx"])
    top = doc.heading("CX assessment", "The 5 C's and the key components of customer experience, rated 1\u20135 "
                      "per stage")
    table = _cx_table(doc)
    _, table_h = table.wrap(w, doc.h)
    room = top - doc.bottom - 8 * k
    together = room - table_h - 18 * k >= min(room * 0.6, w * 0.3)
    chart_h = min(room - table_h - 18 * k if together else room, w * 0.42)
    stages = ", ".join(stage.name for stage in assessed_stages(j))
    place_figure(doc, lambda wi, hi: radar_figure(j, wi, hi), x, top, w, chart_h,
                 f"Radar charts of the 5 C's and the key components, rated 1 to 5, one shape per stage: {stages}. "
                 "The scores are in the table of CX scores per stage.")
    if together:
        table.drawOn(doc.canvas, x, top - chart_h - 12 * k - table_h)
    doc._end_page()
    if not together:  # many stages: the scores table flows over the next page(s), header repeated
        from .pdf_tables import _flow

        _flow(doc, "cx", "CX scores per stage", "The 5 C's | the key components, rated 1\u20135", [table],
              bookmark=False)


def draw_loyalty(doc: Document) -> None:
    """The satisfaction-loyalty quadrant (left out when no stage or touchpoint has both measures)."""
    from app.model.loyalty import satisfaction_loyalty

    from .charts import correlation_text, loyalty_figure

    j, k = doc.journey, doc.k
    view = satisfaction_loyalty(j)
    if view is None:
        return
    doc._begin("loyalty", SECTION_TITLES["loyalty"])
    loyalty = "NPS" if view.loyalty_kind.value == "nps" else "retention rate"
    top = doc.heading("Satisfaction and loyalty", f"CSAT against {loyalty} per stage and touchpoint \u00b7 "
                      f"{correlation_text(view)}")
    x, w = doc.margin, doc.w - 2 * doc.margin
    points = "; ".join(f"{p.label} CSAT {_value(p.csat)}, {loyalty} {_value(p.loyalty)}" for p in view.points)
    place_figure(doc, lambda wi, hi: loyalty_figure(j, wi, hi), x, top, w, min(top - doc.bottom - 8 * k, w * 0.8),
                 f"Scatter plot of CSAT against {loyalty} in four quadrants split at the targets. {points}. "
                 f"{correlation_text(view)}.")
    doc._end_page()


def _cx_table(doc: Document) -> Any:
    """The CX scores per stage as a compact table under the radars (blank where not rated)."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    from app.model import FIVE_CS, KEY_COMPONENTS

    from .pdf_pages import para
    from .pdf_tables import _styles

    k = doc.k
    st = _styles(k)
    small = st["body"].clone("cx", fontSize=7.5 * k, leading=9.5 * k)
    head = st["head"].clone("cxh", fontSize=6 * k, leading=7.5 * k, alignment=1)
    names = [*FIVE_CS, *KEY_COMPONENTS]
    data: list[list[Any]] = [[Paragraph("Stage", head)] + [Paragraph(n.capitalize(), head) for n in names]]
    for stage in doc.journey.stages():
        row: list[Any] = [para(stage.name, small)]
        for i, n in enumerate(names):
            score = (stage.five_cs if i < len(FIVE_CS) else stage.components).get(n)
            row.append("" if score is None else str(score))
        data.append(row)
    w = doc.w - 2 * doc.margin
    first = w * 0.13
    table = LongTable(data, colWidths=[first] + [(w - first) / len(names)] * len(names), repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(style.STAGE_FILL)),
        ("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"),
        ("FONTSIZE", (1, 1), (-1, -1), 7.5 * k),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4 * k, HexColor(style.GRID)),
        ("LINEAFTER", (len(FIVE_CS), 0), (len(FIVE_CS), -1), 0.8 * k, HexColor("#9aa5b1")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5 * k),
        ("LEFTPADDING", (1, 0), (-1, 0), 1.5 * k),
        ("RIGHTPADDING", (1, 0), (-1, 0), 1.5 * k),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * k),
    ]))
    return table
