"""The metrics charts of a journey as matplotlib Figures: each metric against its target per
stage, the emotion curve, and the CX-assessment radars (the 5 C's and the key components).

Built on `matplotlib.figure.Figure` directly (no pyplot global state), so they can be drawn
from a worker thread and shared with the dashboard widget. `figure_pdf_bytes` renders one to a
one-page vector PDF with its text as embedded TrueType, which the PDF export places as a form.
Colours, line styles and marker shapes differ together, so the charts read in greyscale too.
matplotlib is imported only inside these functions.
"""

from __future__ import annotations

import functools
import io
import warnings
from dataclasses import dataclass
from typing import Any

from app.layout import style as S
from app.model import FIVE_CS, KEY_COMPONENTS, Journey, NodeKind
from app.render.font_chain import printable
from app.render.visual_order import visual

VALUE_COLOR = "#243b53"
MISS_COLOR = "#243b53"  # dark: misses its target (reads as black in greyscale)
MEET_COLOR = "#bcccdc"  # light: meets it
TARGET_COLOR = "#c62828"
GRID_COLOR = "#d9dee4"
LINE_STYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P"]
RC: dict[Any, Any] = {  # keys typed Any: matplotlib's stubs list every rc name as a Literal
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#52606d",
    "axes.labelcolor": S.INK,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "xtick.color": S.MUTED_INK,
    "ytick.color": S.MUTED_INK,
    "pdf.fonttype": 42,  # embedded TrueType: chart text stays real, searchable text
    "svg.fonttype": "none",
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


def _journey_texts(journey: Journey, personas: list | None = None) -> tuple[str, ...]:
    names = [s.name for s in journey.stages()] + [m.name for m in journey.metrics()]
    names += [m.unit for m in journey.metrics()] + [p.name for p in personas or []]
    return tuple(n for n in names if n)


@dataclass
class StageMetric:
    """One metric name's values per stage (None where a stage has none)."""

    name: str
    unit: str
    values: list[float | None]
    targets: list[float | None]
    higher_is_better: bool = True

    def meets(self, i: int) -> bool | None:
        v, t = self.values[i], self.targets[i]
        if v is None or t is None:
            return None
        return v >= t if self.higher_is_better else v <= t


def stage_metrics(journey: Journey) -> tuple[list[str], list[StageMetric]]:
    """Stage names and, per metric name, the stage values (a stage's own metric first, else the
    mean of its touchpoints' metrics of that name) and targets."""
    stages = journey.stages()
    by_name: dict[str, StageMetric] = {}
    index = {s.id: i for i, s in enumerate(stages)}
    collected: dict[str, list[list[tuple[bool, float, float | None]]]] = {}
    for metric in journey.metrics():
        target = journey.target_of(metric.id)
        if target is None or metric.value is None:
            continue
        own = journey.kind_of(target) is NodeKind.STAGE
        stage_id = target if own else journey.stage_of(target).id
        key = metric.name
        if key not in by_name:
            by_name[key] = StageMetric(metric.name, metric.unit, [None] * len(stages), [None] * len(stages),
                                       metric.higher_is_better)
            collected[key] = [[] for _ in stages]
        collected[key][index[stage_id]].append((own, metric.value, metric.target))
    for key, per_stage in collected.items():
        sm = by_name[key]
        for i, entries in enumerate(per_stage):
            if not entries:
                continue
            chosen = [e for e in entries if e[0]] or entries
            sm.values[i] = sum(e[1] for e in chosen) / len(chosen)
            targets = [e[2] for e in chosen if e[2] is not None]
            sm.targets[i] = sum(targets) / len(targets) if targets else None
    return [s.name for s in stages], list(by_name.values())


def _new_figure(width_in: float, height_in: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), layout="constrained")


def _short(text: str, limit: int = 16) -> str:
    """A label of at most `limit` characters a line: wrapped between words (CJK between
    characters), never cut, each line in reading order (see label)."""
    from app.render.text import break_lines, is_cjk

    def fits(line: str) -> bool:  # a word alone always fits: the chart makes room rather than cut it
        return len(line) <= limit or (" " not in line.strip() and not any(is_cjk(ch) for ch in line))

    return "\n".join(chart_label(line) for line in break_lines(text, fits))


def _style_axes(ax: Any) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color=GRID_COLOR, linewidth=0.6)
    ax.set_axisbelow(True)


def metrics_figure(journey: Journey, width_in: float = 10.0, height_in: float = 3.2) -> Any:
    """Small multiples: one bar chart per metric, stage values as bars, targets as red ticks."""
    import matplotlib

    with matplotlib.rc_context(rc(_journey_texts(journey))):
        stage_names, series = stage_metrics(journey)
        fig = _new_figure(width_in, height_in)
        if not series:
            ax = fig.add_subplot()
            ax.axis("off")
            ax.text(0.5, 0.5, "No stage metrics recorded for this journey", ha="center", va="center",
                    color=S.MUTED_INK)
            return fig
        shown = series[:4]
        axes = fig.subplots(1, len(shown), squeeze=False)[0]
        labels = [_short(n, 12) for n in stage_names]
        xs = list(range(len(stage_names)))
        for ax, sm in zip(axes, shown, strict=False):
            values = [v if v is not None else 0.0 for v in sm.values]
            colors = [MISS_COLOR if sm.meets(i) is False else MEET_COLOR for i in xs]
            ax.bar(xs, values, width=0.62, color=colors, edgecolor=VALUE_COLOR, linewidth=0.6,
                   hatch=None)
            for x, t in zip(xs, sm.targets, strict=True):
                if t is not None:
                    ax.plot([x - 0.4, x + 0.4], [t, t], color=TARGET_COLOR, linewidth=1.6, linestyle="--")
            for x, v in zip(xs, sm.values, strict=True):
                if v is not None:
                    ax.annotate(f"{v:.3g}", (x, v), xytext=(0, 2), textcoords="offset points", ha="center",
                                va="bottom", fontsize=6.5, color=S.INK)
            unit = f" ({sm.unit})" if sm.unit else ""
            ax.set_title(_short(f"{sm.name}{unit}", max(12, 60 // len(shown))), loc="left")
            crowded = len(xs) * len(shown) > 8
            ax.set_xticks(xs, labels, rotation=35 if crowded else 0, ha="right" if crowded else "center",
                          rotation_mode="anchor")
            if not sm.higher_is_better:
                ax.set_ylabel("lower is better \u2193", fontsize=6.5, color=S.MUTED_INK)
            _style_axes(ax)
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=MISS_COLOR, edgecolor=VALUE_COLOR, label="Misses target"),
                   Patch(facecolor=MEET_COLOR, edgecolor=VALUE_COLOR, label="Meets target (or none set)"),
                   Line2D([], [], color=TARGET_COLOR, linestyle="--", label="Target")]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=7)
        return fig


def emotion_figure(journey: Journey, personas: list | None = None, width_in: float = 10.0,
                   height_in: float = 2.8) -> Any:
    """The emotion curve: each touchpoint's score (-2..+2) in journey order, per persona too."""
    import matplotlib

    with matplotlib.rc_context(rc(_journey_texts(journey, personas))):
        fig = _new_figure(width_in, height_in)
        ax = fig.add_subplot()
        touchpoints = journey.touchpoints()
        xs = list(range(len(touchpoints)))
        series: list[tuple[str, list[int | None]]] = [("Customer", [t.emotion for t in touchpoints])]
        for persona in personas or []:
            scores = [t.persona_emotions.get(persona.id) for t in touchpoints]
            if any(s is not None for s in scores):
                series.append((persona.name, scores))
        for i, (label, scores) in enumerate(series[:6]):
            pts = [(x, s) for x, s in zip(xs, scores, strict=True) if s is not None]
            if not pts:
                continue
            color = S.INK if i == 0 else S.PERSONA_COLORS[(i - 1) % len(S.PERSONA_COLORS)]
            ax.plot([p[0] for p in pts], [p[1] for p in pts], color=color, linewidth=1.8 if i == 0 else 1.1,
                    linestyle=LINE_STYLES[i % len(LINE_STYLES)], marker=MARKERS[i % len(MARKERS)],
                    markersize=3.5 if len(pts) < 80 else 0, label=_short(label, 20))
        # stage bands, labelled along the top
        start = 0
        stage_ids = [journey.stage_of(t.id).id for t in touchpoints]
        for k, stage in enumerate(journey.stages()):
            count = stage_ids.count(stage.id)
            if k % 2 == 1 and count:
                ax.axvspan(start - 0.5, start + count - 0.5, color="#f1f3f6", zorder=0)
            if count and len(journey.stages()) <= 12:  # more stages: the bands alone, labels would collide
                ax.text(start + count / 2 - 0.5, 2.55, _short(stage.name, 14), ha="center", va="bottom",
                        fontsize=7, color=S.MUTED_INK, clip_on=False)
            start += count
        ax.axhline(0, color="#9aa5b1", linewidth=0.6)
        ax.set_ylim(-2.4, 2.4)
        ax.set_yticks([-2, -1, 0, 1, 2], ["\u22122 frustrated", "\u22121", "0 neutral", "+1", "+2 delighted"])
        ax.set_xlim(-0.5, max(0.5, len(touchpoints) - 0.5))
        ax.set_xticks([])
        ax.set_xlabel(f"{len(touchpoints)} touchpoints in journey order")
        _style_axes(ax)
        if len(series) > 1:
            fig.legend(loc="outside lower center", frameon=False, fontsize=7, ncols=min(6, len(series)))
            ax.set_xlabel("")
            ax.set_title(f"Emotion curve \u00b7 {len(touchpoints)} touchpoints in journey order", loc="left",
                         pad=16)
        return fig


def radar_figure(journey: Journey, width_in: float = 10.0, height_in: float = 3.4) -> Any:
    """Two radars: the 5 C's and the key components, one polygon per assessed stage (1..5)."""
    import math

    import matplotlib

    with matplotlib.rc_context(rc(_journey_texts(journey))):
        fig = _new_figure(width_in, height_in)
        stages = journey.stages()
        for col, (title, names, attr) in enumerate((("The 5 C's", FIVE_CS, "five_cs"),
                                                    ("Key components", KEY_COMPONENTS, "components"))):
            ax = fig.add_subplot(1, 2, col + 1, projection="polar")
            angles = [2 * math.pi * i / len(names) for i in range(len(names))]
            assessed = [s for s in stages if getattr(s, attr)]
            for i, stage in enumerate(assessed[:6]):
                scores = [getattr(stage, attr).get(n, 0) for n in names]
                color = S.PERSONA_COLORS[i % len(S.PERSONA_COLORS)]
                ax.plot([*angles, angles[0]], [*scores, scores[0]], color=color, linewidth=1.2,
                        linestyle=LINE_STYLES[i % len(LINE_STYLES)], marker=MARKERS[i % len(MARKERS)],
                        markersize=3, label=_short(stage.name, 18))
                ax.fill([*angles, angles[0]], [*scores, scores[0]], color=color, alpha=0.06)
            ax.set_xticks(angles, [n.capitalize() for n in names], fontsize=7.5)
            ax.set_ylim(0, 5)
            ax.set_yticks([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"], fontsize=6, color=S.MUTED_INK)
            ax.grid(color=GRID_COLOR, linewidth=0.6)
            ax.set_title(title, pad=14)
            if not assessed:
                ax.text(0, 0, "not assessed", ha="center", va="center", color=S.MUTED_INK, fontsize=7)
            elif col == 1:
                fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", frameon=False, fontsize=7,
                           ncols=min(6, len(assessed)))
        return fig


def figure_pdf_bytes(fig: Any) -> bytes:
    """A figure as a one-page vector PDF (TrueType text embedded)."""
    import matplotlib

    buf = io.BytesIO()
    texts = tuple(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    with matplotlib.rc_context(rc(texts)), warnings.catch_warnings():
        # a character no font has (reported by the export, app.export.glyph_report) prints as a box
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="pdf", metadata={"Creator": "Waymark", "Producer": None,
                                                  "CreationDate": None})
    return buf.getvalue()
