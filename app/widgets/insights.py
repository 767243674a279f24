"""The Insights panel: the journey analytics (app.model.analytics) as a tree of findings.

Clicking a finding selects the elements it concerns on the canvas. The panel follows the
current journey (tab switches) and every model change, recomputing once per event-loop turn.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDockWidget, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.widgets.journey_follower import JourneyFollower
from app.model.analytics import Finding, JourneyAnalytics, analyse, customer_touchpoints

IDS_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2


class InsightsDock(JourneyFollower, QDockWidget):
    """Findings about the current journey; each selects its elements when clicked."""

    def __init__(self, window: Any) -> None:
        super().__init__("Insights", window)
        self.window_ = window
        self.analytics: JourneyAnalytics | None = None
        self.follow(window)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #52606d;")
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setUniformRowHeights(False)
        self.tree.itemClicked.connect(self._item_clicked)
        self.tree.itemActivated.connect(self._item_clicked)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(48)
        self.detail.setStyleSheet("background: #f1f3f6; border: 1px solid #d9dee4; border-radius: 3px; padding: 6px;")
        self.tree.currentItemChanged.connect(lambda item, _old: self._show_detail(item))
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        self.setWidget(body)

        self._watch(window.current_journey())
        self.refresh()

    # --------------------------------------------------------------- following
    # ------------------------------------------------------------------ content
    def refresh(self) -> None:
        journey = self.window_.current_journey()
        self._watch(journey)
        project = getattr(getattr(self.window_, "editor", None), "project", None)
        self.analytics = analyse(journey, project) if journey is not None else None
        self.tree.clear()
        if self.analytics is None:
            self.summary.setText("No journey open.")
            return
        findings = self.analytics.findings()
        n_tp = len(customer_touchpoints(journey))
        self.summary.setText(f"{journey.title}: {n_tp} touchpoints, {len(findings)} findings. "
                             "Click a finding to select it on the map.")
        self._show_detail(None)
        bold = QFont()
        bold.setBold(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for finding in findings:
            group = groups.get(finding.category)
            if group is None:
                group = QTreeWidgetItem(self.tree, [finding.category])
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[finding.category] = group
            self._add_finding(group, finding)
        self.tree.expandAll()

    def _add_finding(self, parent: QTreeWidgetItem, finding: Finding) -> None:
        item = QTreeWidgetItem(parent, [finding.title])
        item.setToolTip(0, finding.detail or finding.title)
        item.setData(0, IDS_ROLE, list(finding.ids))
        item.setData(0, DETAIL_ROLE, finding.detail)

    def _show_detail(self, item: QTreeWidgetItem | None) -> None:
        detail = item.data(0, DETAIL_ROLE) if item is not None else None
        self.detail.setText(detail or "Select a finding to see the touchpoints it concerns.")

    def findings_text(self) -> list[str]:
        """The visible findings, one line each (first line of each item)."""
        out: list[str] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            children = (group.child(k) for k in range(group.childCount()))
            out.extend(f"{group.text(0)}: {child.text(0)}" for child in children if child is not None)
        return out

    def _item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self._show_detail(item)
        ids = item.data(0, IDS_ROLE)
        if ids:
            self.window_.select_elements(list(ids))
