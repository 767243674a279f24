"""The CX dashboard dock: matplotlib charts of the current journey inside Qt.

Four tabs: metrics against their targets (per journey, stage and touchpoint), metric trends
over time (the dated history), the emotion curve per persona, and the CX-assessment radar
(the 5 C's and the five key components per stage). Clicking a bar or point selects that
element on the canvas (matplotlib pick events). matplotlib is imported only when the dock is
created; the charts follow tab switches and model changes, redrawn once per event-loop turn.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from PySide6.QtWidgets import QDockWidget, QTabWidget, QVBoxLayout, QWidget

from app.layout import style as S
from app.widgets.journey_follower import JourneyFollower
from app.model.metrics_math import format_value
from app.model import FIVE_CS, KEY_COMPONENTS, Journey, Metric, MetricKind, NodeKind

RC: dict[Any, Any] = {  # keys typed Any: matplotlib's stubs list every rc name as a Literal
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#9aa5b1",
    "axes.labelcolor": S.INK,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "xtick.color": S.MUTED_INK,
    "ytick.color": S.MUTED_INK,
    "legend.frameon": False,
    "legend.fontsize": 7,
}
VALUE = "#486581"
MET = "#3f8f5a"
MISSED = "#c0504d"
TARGET = S.INK


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _style(ax: Any) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color=S.GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _empty(fig: Any, text: str) -> None:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", color=S.MUTED_INK, wrap=True)


def metric_place(journey: Journey, metric: Metric) -> str:
    target = journey.target_of(metric.id)
    if target is None:
        return "Journey"
    obj = journey.get(target)
    return obj.name if journey.kind_of(target) is NodeKind.STAGE else obj.title


class ChartTab(QWidget):
    """One matplotlib canvas; artists carry the element ids a click selects."""

    def __init__(self, dock: DashboardDock, draw: Any) -> None:
        super().__init__()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.dock = dock
        self.draw_into = draw
        self.figure = Figure(figsize=(4, 3), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumSize(260, 220)
        self.pickable: dict[Any, list[str]] = {}  # artist -> element id per bar/point
        self.canvas.mpl_connect("pick_event", self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def redraw(self, journey: Journey) -> None:
        import matplotlib

        self.figure.clear()
        self.pickable = {}
        from app.export.charts import font_families

        with matplotlib.rc_context({**RC, "font.family": list(font_families())}):
            self.draw_into(self, journey)
        self.canvas.draw_idle()

    def pick(self, artist: Any, ids: list[str]) -> None:
        artist.set_picker(True)
        if hasattr(artist, "set_pickradius"):
            artist.set_pickradius(6)
        self.pickable[artist] = ids

    def _picked(self, event: Any) -> None:
        ids = self.pickable.get(event.artist)
        if not ids:
            return
        index = getattr(event, "ind", None)
        element = ids[int(index[0])] if index is not None and len(index) else ids[0]
        self.dock.select([element])


# -------------------------------------------------------------------- charts
def draw_targets(tab: ChartTab, journey: Journey) -> None:
    """Per metric kind, one bar per metric (journey, stage or touchpoint) and its target tick."""
    fig = tab.figure
    metrics = [m for m in journey.metrics() if m.value is not None]
    kinds = list(dict.fromkeys(m.kind for m in metrics))
    if not kinds:
        _empty(fig, "No metric values yet.\nAdd metrics in the inspector or import a survey.")
        return
    axes = fig.subplots(len(kinds), 1, squeeze=False)[:, 0]
    for ax, kind in zip(axes, kinds, strict=True):
        group = [m for m in metrics if m.kind is kind]
        xs = list(range(len(group)))
        colours = []
        for m in group:
            met = m.meets_target()
            colours.append(VALUE if met is None else MET if met else MISSED)
        for x, m, colour in zip(xs, group, colours, strict=True):
            bar = ax.bar([x], [m.value], width=0.55, color=colour)[0]
            tab.pick(bar, [m.id])
            ax.annotate(format_value(m.value), (x + 0.3, m.value), xytext=(3, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=7, color=S.INK)
        ax.set_xlim(-0.6, max(len(group), 4) - 0.4)  # a lone bar stays a bar, not a wall
        targets = [(x, m.target) for x, m in zip(xs, group, strict=True) if m.target is not None]
        if targets:
            marks = ax.scatter([t[0] for t in targets], [t[1] for t in targets], marker="_", s=420,
                               linewidths=2.2, color=TARGET, zorder=3, label="Target")
            tab.pick(marks, [group[t[0]].id for t in targets])
        low, high = kind.value_range
        if kind is MetricKind.NPS:
            ax.axhline(0, color="#7b8794", linewidth=0.8)
        elif not math.isinf(high):
            ax.set_ylim(0 if low >= 0 else low, high)
        unit = group[0].unit
        ax.set_title(f"{kind.label}" + (f" ({unit})" if unit else ""))
        ax.set_xticks(xs, [_short(metric_place(journey, m)) for m in group],
                      rotation=30 if len(group) > 3 else 0, ha="right" if len(group) > 3 else "center")
        _style(ax)
    from matplotlib.patches import Patch

    handles = [Patch(color=MET, label="Meets target"), Patch(color=MISSED, label="Below target"),
               Patch(color=VALUE, label="No target")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def draw_trends(tab: ChartTab, journey: Journey) -> None:
    """Per metric kind, each metric's dated history as a line of points."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    fig = tab.figure
    metrics = [m for m in journey.metrics() if any(_day(s.date) for s in m.history)]
    kinds = list(dict.fromkeys(m.kind for m in metrics))
    if not kinds:
        _empty(fig, "No dated history yet.\nEach survey import adds a point here.")
        return
    axes = fig.subplots(len(kinds), 1, squeeze=False)[:, 0]
    for ax, kind in zip(axes, kinds, strict=True):
        for i, m in enumerate(m for m in metrics if m.kind is kind):
            samples = sorted((s for s in m.history if _day(s.date)), key=lambda s: s.date)
            xs = [_day(s.date) for s in samples]
            ys = [s.value for s in samples]
            colour = S.PERSONA_COLORS[i % len(S.PERSONA_COLORS)]
            ax.plot(xs, ys, color=colour, linewidth=1.4, label=_short(metric_place(journey, m), 22))
            ax.set_title(kind.label)
            points = ax.scatter(xs, ys, color=colour, s=22, zorder=3)
            tab.pick(points, [m.id] * len(xs))
            if m.target is not None:
                ax.axhline(m.target, color=colour, linewidth=0.8, linestyle="--")
        ax.set_title(kind.label)
        if len(ax.get_lines()) > 1:
            ax.legend(loc="best")
        locator = AutoDateLocator(maxticks=5)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        _style(ax)


def draw_emotions(tab: ChartTab, journey: Journey) -> None:
    """The emotion curve over touchpoints in journey order: overall and per persona."""
    fig = tab.figure
    touchpoints = journey.touchpoints()
    if not any(t.emotion is not None or t.persona_emotions for t in touchpoints):
        _empty(fig, "No emotions recorded yet.")
        return
    ax = fig.add_subplot()
    xs = list(range(len(touchpoints)))
    series: list[tuple[str, str, list[int | None]]] = [("All customers", S.INK, [t.emotion for t in touchpoints])]
    personas = list(getattr(tab.dock.project(), "personas", []))
    for i, p in enumerate(personas):
        values = [t.persona_emotions.get(p.id) for t in touchpoints]
        if any(v is not None for v in values):
            series.append((p.name, p.color or S.PERSONA_COLORS[i % len(S.PERSONA_COLORS)], values))
    for k, (name, colour, values) in enumerate(series):
        pts = [(x, v, touchpoints[x].id) for x, v in zip(xs, values, strict=True) if v is not None]
        main = k == 0  # the overall curve on top, heavier; personas thinner underneath
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color=colour, linewidth=2.2 if main else 1.2,
                alpha=1.0 if main else 0.85, zorder=4 if main else 2, label=name)
        points = ax.scatter([p[0] for p in pts], [p[1] for p in pts], color=colour, s=28 if main else 14,
                            zorder=5 if main else 3)
        tab.pick(points, [p[2] for p in pts])
    # stage bands
    start = 0
    for k, stage in enumerate(journey.stages()):
        count = len(journey.touchpoints(stage.id))
        if count:
            if k % 2:
                ax.axvspan(start - 0.5, start + count - 0.5, color="#f1f3f6", zorder=0)
            ax.text(start + (count - 1) / 2, 2.45, _short(stage.name, 12), ha="center", va="bottom",
                    fontsize=7, color=S.MUTED_INK)
        start += count
    ax.set_ylim(-2.5, 2.9)
    ax.set_yticks([-2, -1, 0, 1, 2], ["−2", "−1", "0", "+1", "+2"])
    if len(touchpoints) <= 12:
        ax.set_xticks(xs, [_short(t.title, 12) for t in touchpoints], rotation=45, ha="right", fontsize=6.5)
    else:  # too many to label legibly: the stage bands name the columns, a click names the touchpoint
        ax.set_xticks([])
        ax.set_xlabel(f"{len(touchpoints)} touchpoints in journey order", color=S.MUTED_INK)
    ax.axhline(0, color="#9aa5b1", linewidth=0.6)
    ax.set_title("Emotion curve")
    ax.legend(loc="lower right", ncols=min(3, len(series)))
    _style(ax)


def draw_radar(tab: ChartTab, journey: Journey) -> None:
    """The 5 C's and the five key components per stage, rated 1-5, as two radars."""
    fig = tab.figure
    stages = [s for s in journey.stages() if s.five_cs or s.components]
    if not stages:
        _empty(fig, "No CX assessment yet.\nRate the 5 C's and key components of a stage in the inspector.")
        return
    axes = fig.subplots(1, 2, subplot_kw={"projection": "polar"})
    for ax, (title, names, attr) in zip(axes, (("The 5 C's", FIVE_CS, "five_cs"),
                                               ("Key components", KEY_COMPONENTS, "components")), strict=True):
        angles = [2 * math.pi * i / len(names) for i in range(len(names))]
        for i, stage in enumerate(stages):
            scores = getattr(stage, attr)
            if not scores:
                continue
            values = [scores.get(n, 0) for n in names]
            colour = S.PERSONA_COLORS[i % len(S.PERSONA_COLORS)]
            ax.plot([*angles, angles[0]], [*values, values[0]], color=colour, linewidth=1.3, label=stage.name)
            ax.fill([*angles, angles[0]], [*values, values[0]], color=colour, alpha=0.08)
            points = ax.scatter(angles, values, color=colour, s=14, zorder=3)
            tab.pick(points, [stage.id] * len(values))
        ax.set_xticks(angles, [n.capitalize() for n in names], fontsize=6.5)
        ax.set_ylim(0, 5)
        ax.set_yticks([1, 2, 3, 4, 5], ["1", "", "3", "", "5"], fontsize=6)
        ax.set_title(title, pad=14)
    handles, labels = axes[0].get_legend_handles_labels()
    if not handles:
        handles, labels = axes[1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)))


# ---------------------------------------------------------------------- dock
class DashboardDock(JourneyFollower, QDockWidget):
    """Charts of the current journey; a click on a bar or point selects its element."""

    TABS = (("Targets", draw_targets), ("Trends", draw_trends), ("Emotion", draw_emotions),
            ("CX radar", draw_radar))

    def __init__(self, window: Any) -> None:
        super().__init__("Dashboard", window)
        self.window_ = window
        self.tabs = QTabWidget()
        self.charts: dict[str, ChartTab] = {}
        for name, draw in self.TABS:
            tab = ChartTab(self, draw)
            self.charts[name] = tab
            self.tabs.addTab(tab, name)
        self.setWidget(self.tabs)
        self.follow(window)
        self.tabs.currentChanged.connect(lambda _i: self.schedule_refresh())
        self.refresh()

    def project(self) -> Any:
        return getattr(getattr(self.window_, "editor", None), "project", None)

    def refresh(self) -> None:
        """Redraw the visible chart (the others redraw when their tab is shown)."""
        journey = self.window_.current_journey()
        self._watch(journey)
        if not self.isVisible():  # hidden: redraw when shown again (showEvent), not on every edit
            return
        tab = self.tabs.currentWidget()
        if journey is not None and isinstance(tab, ChartTab):
            tab.redraw(journey)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.schedule_refresh()

    def redraw_all(self) -> None:
        journey = self.window_.current_journey()
        for tab in self.charts.values():
            tab.redraw(journey)

    def select(self, ids: list[str]) -> None:
        self.window_.select_elements(ids)
