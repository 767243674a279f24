"""The shared map drawing (app/render): what a recording surface receives, text fitting, icons, QtSurface."""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass, field

import pytest

from app.layout import layout_journey
from app.layout import style
from app.layout.geometry import Rect
from app.model import (
    Annotation,
    AnnotationKind,
    Channel,
    Journey,
    Lane,
    LaneKind,
    Metric,
    MetricKind,
    Persona,
    Project,
    Stage,
    Touchpoint,
)
from app.render import draw
from app.render.fonts import font_metrics, font_path
from app.render.text import ASCENT, ELLIPSIS, elide, wrap

LONG_TITLE = ("Sees an advert on the underground that promises next-day delivery for every order over fifty "
              "pounds, decides to look it up later on the phone, forgets, and sees it again the next morning")


@dataclass
class Call:
    op: str
    args: tuple
    kwargs: dict = field(default_factory=dict)


class RecordingSurface:
    """A Surface that records every call; text is measured from the real DejaVu Sans metrics."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def __getattr__(self, op: str):
        if op not in ("rect", "line", "curve", "polygon", "circle", "text"):
            raise AttributeError(op)

        def record(*args, **kwargs) -> None:
            self.calls.append(Call(op, args, kwargs))
        return record

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return font_metrics(bold).width(text, size)

    def element(self, role: str):
        return nullcontext()

    def symbol(self, key, rect: Rect, draw) -> None:
        self.calls.append(Call("symbol", (key, rect)))
        draw(self, rect)

    def texts(self) -> list[Call]:
        return [c for c in self.calls if c.op == "text"]

    def strings(self) -> list[str]:
        return [c.args[2] for c in self.texts()]

    def texts_in(self, rect: Rect) -> list[Call]:
        return [c for c in self.texts()
                if rect.x - 0.01 <= c.args[0] < rect.right and rect.y <= c.args[1] <= rect.bottom]


def _hand_made() -> tuple[Project, Journey, dict[str, Touchpoint]]:
    project = Project("Hand-made")
    maya = project.add_persona(Persona("Мария", color="#2f80ed"))
    ken = project.add_persona(Persona("Ken"))
    j = project.add_journey(Journey("Online order <b>&<font name=x>"))
    aware = j.add_stage(Stage("Осведомлённость"))
    buy = j.add_stage(Stage("購入 Purchase"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    for kind in (LaneKind.EMOTION, LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES, LaneKind.METRICS):
        j.add_lane(Lane(kind))
    tps = {
        "long": j.add_touchpoint(Touchpoint(LONG_TITLE, channel=Channel.ADVERTISING, owner="Marketing", emotion=-1,
                                            persona_emotions={maya.id: 1, ken.id: -2}, moment_of_truth=True),
                                 aware.id, lane.id),
        "cyr": j.add_touchpoint(Touchpoint("Читает отзывы", channel=Channel.WEBSITE, emotion=1,
                                           persona_emotions={maya.id: 2, ken.id: 0}, delight=True), aware.id, lane.id),
        "markup": j.add_touchpoint(Touchpoint("<b>Bold</b> & <font name=x>", channel=Channel.EMAIL, emotion=2,
                                              persona_emotions={maya.id: -1}), buy.id, lane.id),
    }
    j.add_path(tps["long"].id, tps["cyr"].id)
    j.add_path(tps["cyr"].id, tps["markup"].id)
    j.add_path(tps["markup"].id, tps["long"].id)  # advocacy feeds awareness: a loop back
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Delivery cost shown late", severity=4, votes=3),
                     tps["long"].id)
    j.add_annotation(Annotation(AnnotationKind.OPPORTUNITY, "Show costs up front", votes=2), aware.id)
    j.add_metric(Metric(MetricKind.CSAT, value=72.0, target=80.0, unit="%"), aware.id)
    j.add_metric(Metric(MetricKind.CES, value=5.5, target=5.0), buy.id)
    j.add_metric(Metric(MetricKind.NPS, value=10.0))
    return project, j, tps


def _draw(project: Project, journey: Journey, **kwargs) -> tuple[RecordingSurface, object]:
    layout = layout_journey(journey, project.personas)
    surface = RecordingSurface()
    draw.draw_map(surface, layout, journey, project.personas, **kwargs)
    return surface, layout


# ------------------------------------------------------------------------------------------ draw_map
def test_every_name_and_title_of_the_synthetic_map_is_drawn(synthetic) -> None:
    project = synthetic(30)
    journey = project.journeys[0]
    surface, layout = _draw(project, journey)
    strings = surface.strings()
    joined = " ".join(strings)
    for stage in journey.stages():
        assert stage.name in strings
    for lane in journey.lanes(visible_only=True):
        assert lane.title in strings
    for tp in journey.touchpoints():
        card = layout.cards[tp.id]
        lines = [c.args[2] for c in surface.texts_in(card.title_rect)]
        assert " ".join(lines) == tp.title
    for ann in journey.pain_points():
        assert ann.text in joined


def test_an_over_long_title_is_drawn_whole_inside_its_grown_card() -> None:
    project, journey, tps = _hand_made()
    surface, layout = _draw(project, journey)
    card = layout.cards[tps["long"].id]
    assert card.rect.h > style.TOUCHPOINT_H  # the card grew to hold the whole title
    box = card.title_rect
    lines = surface.texts_in(box)
    assert len(lines) >= 4
    assert " ".join(c.args[2] for c in lines) == " ".join(LONG_TITLE.split())
    assert not any(ELLIPSIS in t for t in surface.strings())
    for call in lines:
        x, baseline, text, size = call.args[:4]
        bold = call.args[5] if len(call.args) > 5 else call.kwargs.get("bold", False)
        assert x >= box.x and x + surface.text_width(text, size, bold) <= box.right + 0.01
        assert baseline - size * ASCENT >= box.y - 0.01
        assert baseline + size * 0.24 <= box.bottom + 0.01


def test_markup_and_unicode_are_drawn_literally() -> None:
    project, journey, tps = _hand_made()
    surface, _ = _draw(project, journey)
    strings = surface.strings()
    assert "<b>Bold</b> & <font" in " ".join(strings)
    assert "Осведомлённость" in strings
    assert "Читает отзывы" in strings


def test_paint_order_grid_first_and_cards_over_arrows() -> None:
    project, journey, tps = _hand_made()
    surface, layout = _draw(project, journey)
    first = surface.calls[0]
    assert first.op == "rect" and first.args[0] == layout.bounds and first.args[1] == style.PAPER
    last_curve = max(i for i, c in enumerate(surface.calls) if c.op == "curve" and c.args[1] == style.PATH_INK)
    card_rect = layout.cards[tps["long"].id].rect
    card_fill = next(i for i, c in enumerate(surface.calls) if c.op == "rect" and c.args[0] == card_rect)
    assert card_fill > last_curve


def test_selected_card_gets_a_selection_outline() -> None:
    project, journey, tps = _hand_made()
    tp_id = tps["cyr"].id
    plain, layout = _draw(project, journey)
    chosen, _ = _draw(project, journey, selected=frozenset({tp_id}))
    rect = layout.cards[tp_id].rect
    outline = [c for c in chosen.calls if c.op == "rect" and c.args[0] == rect and c.args[2] == style.SELECTION]
    assert len(outline) == 1
    assert not [c for c in plain.calls if c.op == "rect" and len(c.args) > 2 and c.args[2] == style.SELECTION]


def test_pain_point_card_shows_severity_label_and_vote_dots() -> None:
    project, journey, _ = _hand_made()
    pain = journey.pain_points()[0]
    layout = layout_journey(journey, project.personas)
    surface = RecordingSurface()
    draw.draw_card(surface, layout.cards[pain.id], pain, journey)
    assert "S4" in surface.strings()
    band = [c for c in surface.calls if c.op == "rect" and c.args[1] == style.SEVERITY_COLORS[4]]
    assert band, "the severity colour is drawn"
    dots = [c for c in surface.calls if c.op == "circle"]
    assert len(dots) == 3
    assert "3" in surface.strings()  # the dots are numbered


def test_many_votes_show_ten_dots_and_a_count() -> None:
    ann = Annotation(AnnotationKind.PAIN_POINT, "Queue", severity=2, votes=23)
    card = draw.CardBox("a", "pain_point", Rect(0, 0, 208, style.NOTE_H), None, None, 0)
    surface = RecordingSurface()
    draw.draw_card(surface, card, ann, Journey())
    assert len([c for c in surface.calls if c.op == "circle"]) == 10
    assert "23" in surface.strings()  # the total, numbered


def _luminance(color: str) -> float:
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_severity_bands_keep_their_order_in_greyscale() -> None:
    fills = []
    for severity in range(1, 6):
        ann = Annotation(AnnotationKind.PAIN_POINT, "x", severity=severity)
        card = draw.CardBox("a", "pain_point", Rect(0, 0, 208, style.NOTE_H), None, None, 0)
        surface = RecordingSurface()
        draw.draw_card(surface, card, ann, Journey())
        band = [c for c in surface.calls if c.op == "rect" and c.args[0].w == 4.0]
        fills.append(band[0].args[1])
    lum = [_luminance(f) for f in fills]
    assert lum == sorted(lum, reverse=True) and len(set(lum)) == 5


@pytest.mark.parametrize(("value", "target", "higher", "expected"), [
    (85.0, 80.0, True, style.GOOD), (72.0, 80.0, True, style.BAD), (72.0, None, True, style.NEUTRAL),
    (3.0, 4.0, False, style.GOOD),
])
def test_metric_chip_is_coloured_by_its_target(value, target, higher, expected) -> None:
    metric = Metric(MetricKind.CES if not higher else MetricKind.CSAT, value=value, target=target,
                    higher_is_better=higher, unit="%" if higher else "")
    card = draw.CardBox(metric.id, "metric", Rect(0, 0, 208, style.CHIP_H), None, None, 0)
    surface = RecordingSurface()
    draw.draw_card(surface, card, metric, Journey())
    status = [c for c in surface.calls if c.op == "circle"]
    assert len(status) == 1 and (status[0].args[3] or status[0].args[4]) == expected
    marks = [c for c in surface.calls if c.op == "line"]
    assert len(marks) == (0 if expected == style.NEUTRAL else 2)  # a tick or a cross inside the disc
    strings = surface.strings()
    assert metric.name in strings
    assert draw.format_metric_value(value, metric.unit) in strings
    for call in surface.texts():
        assert call.args[0] >= 0 and call.args[0] + surface.text_width(call.args[2], call.args[3]) <= 208


def test_metric_values_read_naturally() -> None:
    assert draw.format_metric_value(72.0, "%") == "72%"
    assert draw.format_metric_value(4.25, "") == "4.2" or draw.format_metric_value(4.25, "") == "4.3"
    assert draw.format_metric_value(1520.0, "€") == "€1,520"
    assert draw.format_metric_value(12.0, "pts") == "12 pts"
    assert draw.format_metric_value(None, "%") == "–"
    assert draw.format_metric_value(-12.0, "") == "\u221212"


def test_emotion_curve_has_guides_one_curve_per_series_and_a_legend() -> None:
    project, journey, tps = _hand_made()
    layout = layout_journey(journey, project.personas)
    surface = RecordingSurface()
    draw.draw_emotion(surface, layout)
    strings = surface.strings()
    for label in ("+2", "+1", "0", "\u22121", "\u22122"):
        assert label in strings
    assert {"Customer", "Мария", "Ken"} <= set(strings)
    curves = [c for c in surface.calls if c.op == "curve"]
    assert {c.args[1] for c in curves} == {s.color for s in layout.emotion}
    dots = [c for c in surface.calls if c.op == "circle"]
    assert len(dots) == sum(len(s.points) for s in layout.emotion)
    by_score = {(round(c.args[0], 3), round(c.args[1], 3)): c.args[3] for c in dots}
    for series in layout.emotion:
        for p in series.points:
            assert by_score[(round(p.x, 3), round(p.y, 3))] == style.EMOTION_COLORS[p.score]


def test_single_series_has_no_legend() -> None:
    project, journey, tps = _hand_made()
    layout = layout_journey(journey, [])  # no personas: only the journey's own curve
    surface = RecordingSurface()
    draw.draw_emotion(surface, layout)
    assert "Customer" not in surface.strings()


def test_arrow_ends_with_a_head_at_the_target_edge() -> None:
    project, journey, tps = _hand_made()
    layout = layout_journey(journey, project.personas)
    for arrow in layout.arrows:
        surface = RecordingSurface()
        draw.draw_arrow(surface, arrow)
        head = [c for c in surface.calls if c.op == "polygon"][0]
        assert head.args[0][0] == arrow.segment[3]
        assert head.args[1] == style.PATH_INK
        chosen = RecordingSurface()
        draw.draw_arrow(chosen, arrow, selected=True)
        assert [c for c in chosen.calls if c.op == "polygon"][0].args[1] == style.SELECTION


def test_path_arrows_stay_inside_the_map_and_below_the_stage_headers(synthetic) -> None:
    project, journey, tps = _hand_made()
    for proj, j in ((project, journey), (synthetic(60), None)):
        j = j or proj.journeys[0]
        layout = layout_journey(j, proj.personas)
        assert layout.arrows
        for arrow in layout.arrows:
            for x, y in arrow.segment:  # a Bezier lies inside the hull of its control points
                assert 0 <= x <= layout.width and style.STAGE_HEADER_H <= y <= layout.height


@pytest.mark.parametrize("channel", list(Channel))
def test_each_channel_icon_draws_inside_its_box(channel: Channel) -> None:
    surface = RecordingSurface()
    box = Rect(100, 50, style.ICON, style.ICON)
    draw.draw_channel_icon(surface, channel, box)
    assert surface.calls[0].op == "symbol"  # one reusable shape: the PDF writes it once
    assert len(surface.calls) > 1
    colors = set()
    for call in surface.calls[1:]:
        if call.op == "polygon":
            points = call.args[0]
            colors.add(call.args[1] or call.args[2])
        elif call.op == "circle":
            x, y, r = call.args[:3]
            points = [(x - r, y - r), (x + r, y + r)]
            colors.add(call.args[3] or call.args[4])
        elif call.op == "line":
            points = [call.args[:2], call.args[2:4]]
            colors.add(call.args[4])
        elif call.op == "rect":
            r = call.args[0]
            points = [(r.x, r.y), (r.right, r.bottom)]
            colors.add(call.args[1] or call.args[2])
        else:
            points = [p for seg in call.args[0] for p in seg]
            colors.add(call.args[1])
        for x, y in points:
            assert box.x - 0.01 <= x <= box.right + 0.01 and box.y - 0.01 <= y <= box.bottom + 0.01
    assert colors == {style.CHANNEL_COLORS[channel]}


def test_channel_icons_differ_from_each_other() -> None:
    shapes = set()
    for channel in Channel:
        surface = RecordingSurface()
        draw.draw_channel_icon(surface, channel, Rect(0, 0, 18, 18))
        shapes.add(repr([(c.op, c.args) for c in surface.calls]))
    assert len(shapes) == len(Channel)


# ------------------------------------------------------------------------------------------ text
def test_wrap_keeps_every_word_when_it_fits() -> None:
    s = RecordingSurface()
    text = "Compares delivery options on the website"
    lines = wrap(s, text, 80, 9.5, True)
    assert " ".join(lines) == text and len(lines) > 1
    assert all(s.text_width(line, 9.5, True) <= 80 for line in lines)


def test_wrap_ends_with_an_ellipsis_when_lines_run_out() -> None:
    s = RecordingSurface()
    lines = wrap(s, LONG_TITLE, 150, 9.5, True, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith(ELLIPSIS)
    assert all(s.text_width(line, 9.5, True) <= 150 for line in lines)


def test_wrap_breaks_words_longer_than_the_line_and_cjk() -> None:
    s = RecordingSurface()
    word = "Supercalifragilisticexpialidocious-antidisestablishmentarianism"
    lines = wrap(s, word, 90, 8)
    assert "".join(lines) == word and all(s.text_width(x, 8) <= 90 for x in lines)
    cjk = "注文を確定して確認メールを受け取る" * 3
    lines = wrap(s, cjk, 60, 8, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith(ELLIPSIS)
    assert all(s.text_width(x, 8) <= 60 for x in lines)


def test_wrap_honours_line_breaks_and_nothing_fits_nothing() -> None:
    s = RecordingSurface()
    assert wrap(s, "one\ntwo", 500, 8) == ["one", "two"]
    assert wrap(s, "anything", 0, 8) == []
    assert wrap(s, "", 100, 8) == []


def test_elide_shortens_to_the_width() -> None:
    s = RecordingSurface()
    assert elide(s, "Marketing", 200, 7) == "Marketing"
    short = elide(s, "Marketing team of the EMEA region", 60, 7)
    assert short.endswith(ELLIPSIS) and s.text_width(short, 7) <= 60


# ------------------------------------------------------------------------------------------ fonts
def test_dejavu_fonts_are_found_without_importing_matplotlib() -> None:
    import subprocess
    import sys

    code = ("import sys; from app.render.fonts import font_path; "
            "print(font_path().name, font_path(True).name, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "False"]
    assert font_path().is_file() and font_path(True).is_file()


def test_qt_surface_registers_and_uses_dejavu_sans(qapp) -> None:
    from PySide6.QtGui import QFontDatabase, QFontInfo, QImage, QPainter

    from app.render.qt_surface import QtSurface

    image = QImage(200, 60, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    try:
        surface = QtSurface(painter)
        assert "DejaVu Sans" in QFontDatabase.families()
        for bold in (False, True):
            font = surface.font(style.TITLE_PT, bold)
            info = QFontInfo(font)
            assert info.family() == "DejaVu Sans" and info.bold() == bold
            # measures like the TTF's advance widths, which the SVG and PDF use
            text = "Compares delivery options"
            assert math.isclose(surface.text_width(text, style.TITLE_PT, bold),
                                font_metrics(bold).width(text, style.TITLE_PT), rel_tol=0.03)
        surface.text(5, 30, "Awareness", style.TITLE_PT, "#000000", True)
    finally:
        painter.end()
    dark = sum(1 for x in range(200) for y in range(60) if image.pixelColor(x, y).lightness() < 128)
    assert dark > 30


def test_qt_surface_draws_a_card_at_its_layout_coordinates(qapp) -> None:
    from PySide6.QtGui import QColor, QImage, QPainter

    from app.render.qt_surface import QtSurface

    project, journey, tps = _hand_made()
    layout = layout_journey(journey, project.personas)
    card = layout.cards[tps["cyr"].id]
    image = QImage(int(card.rect.w) + 20, int(card.rect.h) + 20, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#777777"))
    painter = QPainter(image)
    painter.translate(10 - card.rect.x, 10 - card.rect.y)  # an item at the card's position
    try:
        draw.draw_card(QtSurface(painter), card, tps["cyr"], journey, selected=True)
    finally:
        painter.end()
    assert image.pixelColor(5, 5).name() == "#777777"  # nothing outside the card
    assert image.pixelColor(int(card.rect.w / 2) + 10, int(card.rect.h / 2) + 10).name() == style.CARD_FILL
    top_edge = image.pixelColor(int(card.rect.w / 2) + 10, 11)
    assert top_edge.blue() > top_edge.red() + 60  # the selection outline (blue)


def test_touchpoint_footer_names_the_owner_else_the_channel() -> None:
    card = draw.CardBox("t", "touchpoint", Rect(0, 0, 208, style.TOUCHPOINT_H), None, None, 0)
    cases = [(Touchpoint("A", owner="Logistics", channel=Channel.EMAIL), "Logistics"),
             (Touchpoint("A", channel=Channel.EMAIL), "Email"),
             (Touchpoint("A", channel=Channel.OTHER), None)]
    for tp, expected in cases:
        surface = RecordingSurface()
        draw.draw_card(surface, card, tp, Journey())
        footer = [c.args[2] for c in surface.texts_in(card.footer_rect)]
        assert footer == ([expected] if expected else [])


def test_a_step_down_the_column_goes_round_the_cards_in_between() -> None:
    j = Journey("Column")
    stage = j.add_stage(Stage("Only"))
    touch = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    actions = j.add_lane(Lane(LaneKind.ACTIONS))
    a = j.add_touchpoint(Touchpoint("A"), stage.id, touch.id)
    b = j.add_touchpoint(Touchpoint("B"), stage.id, touch.id)
    c = j.add_touchpoint(Touchpoint("C"), stage.id, actions.id)
    j.add_path(a.id, b.id)
    j.add_path(a.id, c.id)
    layout = layout_journey(j)
    arrows = {(x.source, x.target): x.segment for x in layout.arrows}
    card_a, card_b = layout.cards[a.id].rect, layout.cards[b.id].rect
    straight = arrows[(a.id, b.id)]
    assert all(abs(x - card_a.cx) < 0.01 for x, _ in straight)  # next card down: straight down
    around = arrows[(a.id, c.id)]
    assert all(x >= card_b.right - 0.01 for x, _ in around)  # never across B
    assert all(x <= layout.width for x, _ in around)


def test_huge_texts_are_cut_to_their_box() -> None:
    s = RecordingSurface()
    for text in ("W" * 200_000, "word " * 50_000, "注" * 100_000):
        lines = wrap(s, text, 150, 9.5, True, max_lines=3)
        assert len(lines) == 3 and lines[-1].endswith(ELLIPSIS)
        assert all(s.text_width(line, 9.5, True) <= 150 for line in lines)
    assert s.text_width(elide(s, "x" * 100_000, 80, 7), 7) <= 80


def test_emotion_curve_never_overshoots_between_scores() -> None:
    """A curve from +2 down to -2 and up again stays within the scores it joins (no wobble
    past the band), and is flat at the peak, as a person reads the emotional curve."""
    from app.layout.geometry import smooth_curve

    pts = [(0.0, 10.0), (50.0, 90.0), (100.0, 10.0), (150.0, 50.0), (200.0, 50.0)]
    segments = smooth_curve(pts, 10.0, 90.0)
    assert [s[0] for s in segments] + [segments[-1][3]] == pts
    for (p0, c1, c2, p3) in segments:
        lo, hi = min(p0[1], p3[1]), max(p0[1], p3[1])
        for t in (i / 20 for i in range(21)):
            y = (1 - t) ** 3 * p0[1] + 3 * (1 - t) ** 2 * t * c1[1] + 3 * (1 - t) * t**2 * c2[1] + t**3 * p3[1]
            assert lo - 1e-9 <= y <= hi + 1e-9
    # flat at the peak (50, 90): the control points on either side are level with it
    assert segments[0][2][1] == 90.0 and segments[1][1][1] == 90.0
