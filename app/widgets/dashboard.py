"""The CX dashboard dock: the journey's charts inside Qt.

The charts are app/export/charts.py's, the same module the PDF report prints, embedded here with
FigureCanvasQTAgg: metrics against their targets per stage, metric trends over time (the dated
history), the emotion curve per persona, the CX-assessment radar (the 5 C's and the five key
components per stage) and the satisfaction-loyalty quadrant. Clicking a bar or point selects
that element on the canvas (matplotlib pick events). matplotlib is imported only when the dock
is created; the charts follow tab switches and model changes, redrawn once per event-loop turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from app.model import Journey
from app.widgets.journey_follower import JourneyFollower

# (tab, draw(tab, journey)): each calls one chart of app/export/charts.py with the tab's figure
Draw = Callable[["ChartTab", Journey], None]
MIN_CHART_H = 220
ROW_H = 150  # pixels for each of several stacked charts (metrics against targets, trends)


class ChartTab(QWidget):
    """One matplotlib canvas; artists carry the element ids a click selects."""

    def __init__(self, dock: DashboardDock, draw: Draw) -> None:
        super().__init__()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.dock = dock
        self.draw_into = draw
        self.figure = Figure(figsize=(4, 3), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumSize(260, MIN_CHART_H)
        self.pickable: dict[Any, list[str]] = {}  # artist -> element id per bar/point
        self.canvas.mpl_connect("pick_event", self._picked)
        # many small multiples get the height they need to stay readable; the tab scrolls
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller)

    def redraw(self, journey: Journey) -> None:
        self.figure.clear()
        self.pickable = {}
        self.draw_into(self, journey)
        rows = sum(1 for ax in self.figure.axes if ax.axison and ax.name == "rectilinear")
        self.canvas.setMinimumHeight(max(MIN_CHART_H, ROW_H * rows + 60) if rows > 2 else MIN_CHART_H)
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


def draw_targets(tab: ChartTab, journey: Journey) -> None:
    from app.export import charts

    charts.draw_targets(tab.figure, journey, pick=tab.pick)


def draw_trends(tab: ChartTab, journey: Journey) -> None:
    from app.export import charts

    charts.draw_trends(tab.figure, journey, pick=tab.pick)


def draw_emotions(tab: ChartTab, journey: Journey) -> None:
    from app.export import charts

    personas = list(getattr(tab.dock.project(), "personas", []))
    charts.draw_emotions(tab.figure, journey, personas, pick=tab.pick)


def draw_radar(tab: ChartTab, journey: Journey) -> None:
    from app.export import charts

    charts.draw_radar(tab.figure, journey, pick=tab.pick)


def draw_loyalty(tab: ChartTab, journey: Journey) -> None:
    from app.export import charts

    charts.draw_loyalty(tab.figure, journey, pick=tab.pick)


# ---------------------------------------------------------------------- dock
class DashboardDock(JourneyFollower, QDockWidget):
    """Charts of the current journey; a click on a bar or point selects its element."""

    TABS = (("Targets", draw_targets), ("Trends", draw_trends), ("Emotion", draw_emotions),
            ("CX radar", draw_radar), ("Satisfaction & loyalty", draw_loyalty))

    def __init__(self, window: Any) -> None:
        super().__init__("Dashboard", window)
        self.window_ = window
        self.tabs = QTabWidget()
        self.charts: dict[str, ChartTab] = {}
        for name, draw in self.TABS:
            tab = ChartTab(self, draw)
            self.charts[name] = tab
            self.tabs.addTab(tab, name.replace("&", "&&"))  # "&" would mark a shortcut letter
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
