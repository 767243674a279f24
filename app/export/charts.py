"""The charts of a journey, drawn once with matplotlib for both the dashboard dock (which embeds
them with FigureCanvasQTAgg) and the PDF report (which prints them as vectors): each metric
against its target per stage, metric trends over time, the emotion curve, the CX-assessment
radars and the satisfaction-loyalty quadrant.

Each `draw_*(fig, journey, ..., pick=None)` draws into a `matplotlib.figure.Figure` (no pyplot
global state, so the PDF can draw from a worker thread); `pick(artist, ids)` is told which
elements a bar or point stands for, so a click in the dashboard selects them. Colours, line
styles and marker shapes differ together, so the charts read in greyscale too; a persona's
colour is the model's (app.model.personas). Labels wrap rather than being cut short.
The PDF report prints these figures through app/export/pdf_charts.py, straight onto its pages
in its own fonts. matplotlib is imported only inside these functions.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.layout import style as layout_style
from app.model import FIVE_CS, KEY_COMPONENTS, Journey, MetricKind, NodeKind, Persona
from app.model.loyalty import MIN_POINTS_FOR_R, satisfaction_loyalty
from app.model.metrics_math import format_value
from app.model.personas import persona_color
from app.model.vocabulary import PERSONA_PALETTE
from app.render.font_chain import printable
from app.render.visual_order import visual

Pick = Callable[[Any, list[str]], None]  # (artist, the element id of each of its bars or points)

VALUE_COLOR = "#243b53"
MISS_COLOR = "#243b53"  # dark: misses its target (reads as black in greyscale)
MEET_COLOR = "#bcccdc"  # light: meets it
TARGET_COLOR = "#c62828"
GRID_COLOR = "#d9dee4"
BAND_COLOR = "#f1f3f6"
SERIES_COLORS = PERSONA_PALETTE  # series that are not personas (stages, metrics) cycle the same hues
LINE_STYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
JOURNEY_COLUMN = "Whole journey"
RC: dict[Any, Any] = {  # keys typed Any: matplotlib's stubs list every rc name as a Literal
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#52606d",
    "axes.labelcolor": layout_style.INK,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "xtick.color": layout_style.MUTED_INK,
    "ytick.color": layout_style.MUTED_INK,
    "legend.frameon": False,
    "legend.fontsize": 7,
    "pdf.fonttype": 42,  # embedded TrueType: chart text stays real, searchable text
    "svg.fonttype": "none",
    "text.parse_math": False,  # user text is printed as typed: "$5 to $10" is not a formula
}

_added_fonts: set[str] = set()


def _add_font(path: str) -> None:
    from matplotlib import font_manager

    if path not in _added_fonts:
        font_manager.fontManager.addfont(path)
        _added_fonts.add(path)


def font_families(texts: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The charts' fonts, the PDF's fallback chain (app.render.font_chain): DejaVu Sans (as on the
    map), the CJK subset holding the characters of `texts` (TrueType outlines, so the chart embeds
    it as a TrueType subset), then Noto Emoji. matplotlib falls back along the list glyph by glyph."""
    import logging

    from app.render.font_chain import EMOJI_FILE, active_chain

    chain = active_chain()
    families = ["DejaVu Sans"]
    face = chain.prepare(texts)
    if face is not None:
        _add_font(str(face.regular))
        _add_font(str(face.bold))
        families.append(face.family)
    if EMOJI_FILE.is_file():
        _add_font(str(EMOJI_FILE))
        families.append("Noto Emoji")
    # Noto Emoji (and some CJK fonts) have no bold face: matplotlib would say so on every bold label
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    return tuple(families)


def rc(texts: tuple[str, ...] = ()) -> dict[Any, Any]:
    """matplotlib settings for a chart whose labels include `texts`: RC with the font chain."""
    return {**RC, "font.family": list(font_families(texts))}


@functools.lru_cache(maxsize=1)
def shapes_text() -> bool:
    """Whether matplotlib orders right-to-left text and joins Arabic letters itself (it does
    when built with libraqm, from 3.11 on); older ones draw glyphs left to right as stored."""
    from matplotlib import ft2font

    return hasattr(ft2font, "__libraqm_version__")


def chart_label(text: str) -> str:
    """Text as a chart label: in reading order with joined letters whichever matplotlib draws it
    (app.render.visual_order.visual, the map's and tables' shaping, when matplotlib does not)."""
    text = printable(text)  # joiners and variation selectors have no glyph of their own
    return text if shapes_text() else visual(text)


def _journey_texts(journey: Journey, personas: Sequence[Persona] = ()) -> tuple[str, ...]:
    names = [s.name for s in journey.stages()] + [m.name for m in journey.metrics()]
    names += [m.unit for m in journey.metrics()] + [p.name for p in personas]
    names += [t.title for t in journey.touchpoints()]  # the satisfaction-loyalty points are labelled
    return tuple(n for n in names if n)


def new_figure(width_in: float, height_in: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), layout="constrained")


def _label(text: str, limit: int = 16) -> str:
    """A label of at most `limit` characters a line: wrapped between words (CJK between
    characters), never cut, each line in reading order (see chart_label)."""
    from app.render.text import break_lines, is_cjk

    def fits(line: str) -> bool:  # a word alone always fits: the chart makes room rather than cut it
        return len(line) <= limit or (" " not in line.strip() and not any(is_cjk(ch) for ch in line))

    return "\n".join(chart_label(line) for line in break_lines(text, fits))


def _style_axes(ax: Any) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color=GRID_COLOR, linewidth=0.6)
    ax.set_axisbelow(True)


def _empty(fig: Any, text: str) -> None:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", color=layout_style.MUTED_INK, wrap=True)


def _no_pick(_artist: Any, _ids: list[str]) -> None:
    return None


# --------------------------------------------------------------------------- metrics per stage
@dataclass
class StageMetric:
    """One metric name's value and target per column (the whole journey, then each stage, where
    the metric has either), with the ids of the metrics behind each column."""

    name: str
    unit: str
    kind: MetricKind
    columns: list[str] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    targets: list[float | None] = field(default_factory=list)
    ids: list[list[str]] = field(default_factory=list)
    higher_is_better: bool = True

    def meets(self, i: int) -> bool | None:
        v, t = self.values[i], self.targets[i]
        if v is None or t is None:
            return None
        return v >= t if self.higher_is_better else v <= t


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def stage_metrics(journey: Journey) -> list[StageMetric]:
    """Per metric name, its columns: the whole journey (its journey-level metrics), then each
    stage (the stage's own metric first, else the mean of its touchpoints'). A column shows a
    value, a target, or both: a future state with targets only is charted too."""
    stages = journey.stages()
    order = {s.id: i + 1 for i, s in enumerate(stages)}  # 0: the whole journey
    names = {0: JOURNEY_COLUMN, **{i + 1: s.name for i, s in enumerate(stages)}}
    found: dict[str, dict[int, list[tuple[bool, Any]]]] = {}
    first: dict[str, Any] = {}
    for metric in journey.metrics():
        if metric.value is None and metric.target is None:
            continue
        target = journey.target_of(metric.id)
        if target is None:
            column, own = 0, True
        else:
            own = journey.kind_of(target) is NodeKind.STAGE
            column = order[target if own else journey.stage_of(target).id]
        first.setdefault(metric.name, metric)
        found.setdefault(metric.name, {}).setdefault(column, []).append((own, metric))
    out = []
    for name, columns in found.items():
        m0 = first[name]
        sm = StageMetric(name, m0.unit, m0.kind, higher_is_better=m0.higher_is_better)
        for column in sorted(columns):
            entries = columns[column]
            chosen = [m for own, m in entries if own] or [m for _, m in entries]
            sm.columns.append(names[column])
            sm.values.append(_mean([m.value for m in chosen if m.value is not None]))
            sm.targets.append(_mean([m.target for m in chosen if m.target is not None]))
            sm.ids.append([m.id for m in chosen])
        out.append(sm)
    return out


def metric_names(journey: Journey) -> list[str]:
    return [sm.name for sm in stage_metrics(journey)]


def draw_targets(fig: Any, journey: Journey, names: Sequence[str] | None = None, pick: Pick | None = None,
                 columns: int = 1) -> None:
    """Small multiples, one per metric name (all of them, or `names`): the value per stage as a
    bar (dark: misses its target), the target as a red dashed tick."""
    import matplotlib

    pick = pick or _no_pick
    with matplotlib.rc_context(rc(_journey_texts(journey))):
        series = [sm for sm in stage_metrics(journey) if names is None or sm.name in names]
        if not series:
            _empty(fig, "No metric values or targets yet.\nAdd metrics in the inspector or import a survey.")
            return
        cols = max(1, min(columns, len(series)))
        rows = math.ceil(len(series) / cols)
        axes = fig.subplots(rows, cols, squeeze=False).flatten()
        for ax in axes[len(series):]:
            ax.axis("off")
        for ax, sm in zip(axes, series, strict=False):
            _metric_axes(ax, sm, pick, crowded=len(sm.columns) * cols > 8)
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=MISS_COLOR, edgecolor=VALUE_COLOR, label="Misses target"),
                   Patch(facecolor=MEET_COLOR, edgecolor=VALUE_COLOR, label="Meets target (or none set)"),
                   Line2D([], [], color=TARGET_COLOR, linestyle="--", label="Target")]
        fig.legend(handles=handles, loc="outside lower center", ncols=3)


def _metric_axes(ax: Any, sm: StageMetric, pick: Pick, crowded: bool) -> None:
    xs = list(range(len(sm.columns)))
    for x, value, ids in zip(xs, sm.values, sm.ids, strict=True):
        if value is None:
            continue
        color = MISS_COLOR if sm.meets(x) is False else MEET_COLOR
        bar = ax.bar([x], [value], width=0.62, color=color, edgecolor=VALUE_COLOR, linewidth=0.6)[0]
        pick(bar, ids)
        below = value < 0  # a negative bar's value goes under its end, not inside the dark bar
        ax.annotate(format_value(value), (x, value), xytext=(0, -2 if below else 2), textcoords="offset points",
                    ha="center", va="top" if below else "bottom", fontsize=6.5, color=layout_style.INK)
    for x, target, value in zip(xs, sm.targets, sm.values, strict=True):
        if target is not None:
            ax.plot([x - 0.4, x + 0.4], [target, target], color=TARGET_COLOR, linewidth=1.6, linestyle="--")
            if value is None:
                ax.annotate("target only", (x, target), xytext=(0, 3), textcoords="offset points", ha="center",
                            va="bottom", fontsize=6, color=layout_style.MUTED_INK)
    low, high = sm.kind.value_range
    if sm.kind is MetricKind.NPS:
        ax.axhline(0, color="#7b8794", linewidth=0.8)
    elif not math.isinf(high) and low >= 0:
        ax.set_ylim(0, high * 1.08)
    elif low >= 0 or all(v >= 0 for v in [*sm.values, *sm.targets] if v is not None):
        ax.set_ylim(bottom=0)  # bars of amounts start at zero, a target alone too
    pad = max(0.0, (3 - len(xs)) / 2)  # one or two bars stay bars, not walls, and sit in the middle
    ax.set_xlim(-0.6 - pad, len(xs) - 0.4 + pad)
    unit = f" ({sm.unit})" if sm.unit else ""
    ax.set_title(_label(f"{sm.name}{unit}", 34), loc="left")
    ax.set_xticks(xs, [_label(c, 18 if crowded else 12) for c in sm.columns], rotation=30 if crowded else 0,
                  ha="right" if crowded else "center", rotation_mode="anchor", fontsize=6.5)
    if not sm.higher_is_better:
        ax.set_ylabel("lower is better \u2193", fontsize=6.5, color=layout_style.MUTED_INK)
    _style_axes(ax)


# --------------------------------------------------------------------------- trends
def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def metric_place(journey: Journey, metric_id: str) -> str:
    target = journey.target_of(metric_id)
    if target is None:
        return JOURNEY_COLUMN
    obj = journey.get(target)
    return str(obj.name if journey.kind_of(target) is NodeKind.STAGE else obj.title)


def draw_trends(fig: Any, journey: Journey, pick: Pick | None = None) -> None:
    """Per metric kind, each metric's dated history as a line of points, its target dashed."""
    import matplotlib
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    pick = pick or _no_pick
    with matplotlib.rc_context(rc(_journey_texts(journey))):
        metrics = [m for m in journey.metrics() if any(_day(s.date) for s in m.history)]
        kinds = list(dict.fromkeys(m.kind for m in metrics))
        if not kinds:
            _empty(fig, "No dated history yet.\nEach survey import adds a point here.")
            return
        axes = fig.subplots(len(kinds), 1, squeeze=False)[:, 0]
        for ax, kind in zip(axes, kinds, strict=True):
            for i, m in enumerate(m for m in metrics if m.kind is kind):
                samples = sorted((s for s in m.history if _day(s.date)), key=lambda s: s.date)
                xs, ys = [_day(s.date) for s in samples], [s.value for s in samples]
                color = SERIES_COLORS[i % len(SERIES_COLORS)]
                ax.plot(xs, ys, color=color, linewidth=1.4, linestyle=LINE_STYLES[i % len(LINE_STYLES)],
                        label=_label(f"{m.name} \u00b7 {metric_place(journey, m.id)}", 28))
                pick(ax.scatter(xs, ys, color=color, s=22, zorder=3, marker=MARKERS[i % len(MARKERS)]),
                     [m.id] * len(xs))
                if m.target is not None:
                    ax.axhline(m.target, color=color, linewidth=0.8, linestyle="--")
            ax.set_title(kind.label, loc="left")
            ax.legend(loc="best")
            locator = AutoDateLocator(maxticks=5)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
            _style_axes(ax)


# --------------------------------------------------------------------------- emotion curve
def has_emotions(journey: Journey) -> bool:
    return any(t.emotion is not None or t.persona_emotions for t in journey.touchpoints())


def draw_emotions(fig: Any, journey: Journey, personas: Sequence[Persona] = (), pick: Pick | None = None) -> None:
    """The emotion curve: each touchpoint's score (-2..+2) in journey order, overall and per
    persona (in the persona's colour), over bands that name the stages."""
    import matplotlib

    pick = pick or _no_pick
    with matplotlib.rc_context(rc(_journey_texts(journey, personas))):
        touchpoints = journey.touchpoints()
        if not has_emotions(journey):
            _empty(fig, "No emotions recorded yet.")
            return
        ax = fig.add_subplot()
        xs = list(range(len(touchpoints)))
        customer = [t.emotion for t in touchpoints]
        series: list[tuple[str, str, list[int | None]]] = [("Customer", layout_style.INK, customer)]
        for persona in personas:
            scores = [t.persona_emotions.get(persona.id) for t in touchpoints]
            if any(s is not None for s in scores):
                series.append((persona.name, persona_color(persona, personas), scores))
        dense = len(touchpoints) >= 80
        for i, (label, color, scores) in enumerate(series):
            pts = [(x, s, touchpoints[x].id) for x, s in zip(xs, scores, strict=True) if s is not None]
            # the overall curve underneath and heavier, the personas' thinner on top: a persona whose
            # scores are the overall ones still shows, inside it (as on the map)
            main = i == 0
            ax.plot([p[0] for p in pts], [p[1] for p in pts], color=color, linewidth=2.4 if main else 1.1,
                    linestyle=LINE_STYLES[i % len(LINE_STYLES)], zorder=2 if main else 4,
                    marker=MARKERS[i % len(MARKERS)], markersize=0 if dense else 3.5, label=_label(label, 24))
            points = ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=0 if dense else 12, color=color,
                                marker=MARKERS[i % len(MARKERS)], zorder=5 if main else 6)
            pick(points, [p[2] for p in pts])
        start = 0
        stages = journey.stages()
        stage_ids = [journey.stage_of(t.id).id for t in touchpoints]
        for k, stage in enumerate(stages):
            count = stage_ids.count(stage.id)
            if k % 2 == 1 and count:
                ax.axvspan(start - 0.5, start + count - 0.5, color=BAND_COLOR, zorder=0)
            if count and len(stages) <= 12:  # more stages: the bands alone, labels would collide
                ax.text(start + count / 2 - 0.5, 2.55, _label(stage.name, max(6, count * 4)), ha="center",
                        va="bottom", fontsize=6.5, color=layout_style.MUTED_INK, clip_on=False)
            start += count
        ax.axhline(0, color="#9aa5b1", linewidth=0.6)
        ax.set_ylim(-2.4, 2.4)
        ax.set_yticks([-2, -1, 0, 1, 2], ["\u22122 frustrated", "\u22121", "0 neutral", "+1", "+2 delighted"])
        ax.set_xlim(-0.5, max(0.5, len(touchpoints) - 0.5))
        ax.set_xticks([])
        ax.set_title(f"Emotion curve \u00b7 {len(touchpoints)} touchpoints in journey order", loc="left", pad=22)
        _style_axes(ax)
        if len(series) > 1:
            fig.legend(loc="outside lower center", ncols=min(6, len(series)))


# --------------------------------------------------------------------------- CX radar
def assessed_stages(journey: Journey) -> list[Any]:
    return [s for s in journey.stages() if s.five_cs or s.components]


def draw_radar(fig: Any, journey: Journey, pick: Pick | None = None) -> None:
    """Two radars, the 5 C's and the key components: one polygon per assessed stage (1..5),
    every stage in the legend."""
    import matplotlib

    pick = pick or _no_pick
    with matplotlib.rc_context(rc(_journey_texts(journey))):
        stages = assessed_stages(journey)
        if not stages:
            _empty(fig, "No CX assessment yet.\nRate the 5 C's and key components of a stage in the inspector.")
            return
        handles: dict[str, Any] = {}
        for col, (title, names, attr) in enumerate((("The 5 C's", FIVE_CS, "five_cs"),
                                                    ("Key components", KEY_COMPONENTS, "components"))):
            ax = fig.add_subplot(1, 2, col + 1, projection="polar")
            angles = [2 * math.pi * i / len(names) for i in range(len(names))]
            for i, stage in enumerate(stages):
                scores = getattr(stage, attr)
                if not scores:
                    continue
                values = [scores.get(n, 0) for n in names]
                color = SERIES_COLORS[i % len(SERIES_COLORS)]
                style, marker = LINE_STYLES[i % len(LINE_STYLES)], MARKERS[i % len(MARKERS)]
                (line,) = ax.plot([*angles, angles[0]], [*values, values[0]], color=color, linewidth=1.2,
                                  linestyle=style, marker=marker, markersize=3, label=_label(stage.name, 22))
                handles.setdefault(stage.id, line)
                ax.fill([*angles, angles[0]], [*values, values[0]], color=color, alpha=0.06)
                pick(ax.scatter(angles, values, color=color, s=10, zorder=3, marker=marker), [stage.id] * len(values))
            ax.set_xticks(angles, [n.capitalize() for n in names], fontsize=7)
            ax.set_ylim(0, 5)
            ax.set_yticks([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"], fontsize=6, color=layout_style.MUTED_INK)
            ax.grid(color=GRID_COLOR, linewidth=0.6)
            ax.set_title(title, pad=14)
        lines = list(handles.values())
        fig.legend(lines, [line.get_label() for line in lines], loc="outside lower center",
                   ncols=min(len(lines), 4 if len(lines) > 6 else 6))


# --------------------------------------------------------------------------- satisfaction and loyalty
QUADRANT_NAMES = {"loyal": "Satisfied and loyal", "at risk": "Satisfied, not loyal",
                  "captive": "Loyal, not satisfied", "detractors": "Neither: at risk of leaving"}


def correlation_text(view: Any) -> str:
    n = len(view.points)
    if view.r is not None:
        return f"Pearson r = {view.r:+.2f} (n = {n})"
    if n < MIN_POINTS_FOR_R:
        return f"Correlation needs at least {MIN_POINTS_FOR_R} measured points ({n} so far)"
    return f"No correlation: the {n} points do not vary"


def draw_loyalty(fig: Any, journey: Journey, pick: Pick | None = None) -> None:
    """CSAT against NPS or retention per stage (squares) and touchpoint (circles), in four
    quadrants split at the targets, with the Pearson correlation when there are enough points."""
    import matplotlib

    pick = pick or _no_pick
    with matplotlib.rc_context(rc(_journey_texts(journey))):
        view = satisfaction_loyalty(journey)
        if view is None:
            _empty(fig, "No stage or touchpoint has both CSAT and NPS or a retention rate yet.\n"
                        "Measure both to see whether satisfaction turns into loyalty.")
            return
        ax = fig.add_subplot()
        xs, ys = [p.csat for p in view.points], [p.loyalty for p in view.points]
        low_y, high_y = view.loyalty_kind.value_range
        x0, x1 = _span([*xs, view.csat_split], 0, 100)
        y0, y1 = _span([*ys, view.loyalty_split], low_y, high_y)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.axvline(view.csat_split, color="#7b8794", linewidth=0.8, linestyle="--")
        ax.axhline(view.loyalty_split, color="#7b8794", linewidth=0.8, linestyle="--")
        corners = {"loyal": (0.99, 0.98, "right", "top"), "at risk": (0.99, 0.02, "right", "bottom"),
                   "captive": (0.01, 0.98, "left", "top"), "detractors": (0.01, 0.02, "left", "bottom")}
        for key, (hx, hy, ha, va) in corners.items():
            ax.text(hx, hy, QUADRANT_NAMES[key], transform=ax.transAxes, ha=ha, va=va, fontsize=7,
                    color=layout_style.MUTED_INK, style="italic")
        for is_stage, marker, label in ((True, "s", "Stage"), (False, "o", "Touchpoint")):
            group = [p for p in view.points if p.is_stage is is_stage]
            if not group:
                continue
            points = ax.scatter([p.csat for p in group], [p.loyalty for p in group], marker=marker,
                                s=34 if is_stage else 24, color=VALUE_COLOR if is_stage else SERIES_COLORS[0],
                                zorder=3, label=label)
            pick(points, [p.element_id for p in group])
            for p in group:
                ax.annotate(_label(p.label, 18), (p.csat, p.loyalty), xytext=(4, 3), textcoords="offset points",
                            fontsize=6.5, color=layout_style.INK)
        kind = view.loyalty_kind
        ax.set_xlabel("CSAT (% satisfied)")
        ax.set_ylabel("NPS" if kind is MetricKind.NPS else "Retention rate (%)")
        ax.set_title(f"Satisfaction and loyalty\n{correlation_text(view)}", loc="left")
        _style_axes(ax)
        ax.grid(axis="x", color=GRID_COLOR, linewidth=0.6)
        fig.legend(loc="outside lower center", ncols=2)


def _span(values: list[float], low: float, high: float) -> tuple[float, float]:
    """An axis range around the values with 12 % room, within the metric's own range."""
    lo, hi = min(values), max(values)
    room = max((hi - lo) * 0.12, 5.0)
    return max(low, lo - room), min(high, hi + room)


# --------------------------------------------------------------------------- figures of a given size
def metrics_figure(journey: Journey, width_in: float = 10.0, height_in: float = 3.2,
                   names: Sequence[str] | None = None, columns: int = 2) -> Any:
    fig = new_figure(width_in, height_in)
    draw_targets(fig, journey, names, columns=columns)
    return fig


def emotion_figure(journey: Journey, personas: Sequence[Persona] = (), width_in: float = 10.0,
                   height_in: float = 2.8) -> Any:
    fig = new_figure(width_in, height_in)
    draw_emotions(fig, journey, personas)
    return fig


def radar_figure(journey: Journey, width_in: float = 10.0, height_in: float = 3.4) -> Any:
    fig = new_figure(width_in, height_in)
    draw_radar(fig, journey)
    return fig


def loyalty_figure(journey: Journey, width_in: float = 8.0, height_in: float = 5.0) -> Any:
    fig = new_figure(width_in, height_in)
    draw_loyalty(fig, journey)
    return fig
