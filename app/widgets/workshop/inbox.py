"""The Inbox dock: what the room sent, grouped by stage, waiting for the facilitator.

Accept makes the card (one undo step), Accept all makes them all (one undo step), Merge counts the
author as a supporter of a card already on the map, Dismiss sets a note aside (it stays in the
journal). A note whose card was undone comes back. Participant text is shown as plain text only.
Updates are incremental and coalesced, so a room sending a thousand notes never stalls the editor.
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editing import JourneyEditor
from app.live.workshop.state import ACCEPTED, MERGED, NOTE_KIND_LABELS, PENDING, Contribution

from . import decisions
from .link import WorkshopLink

CID_ROLE = Qt.ItemDataRole.UserRole


class InboxDock(QDockWidget):
    def __init__(self, link: WorkshopLink, editor: JourneyEditor, parent: QWidget | None = None) -> None:
        super().__init__("Inbox", parent)
        self.setObjectName("workshop_inbox_dock")
        self.link, self.editor, self.journey = link, editor, link.journey
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel("Nothing yet: notes from the room appear here.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("workshop_inbox")
        self.tree.setHeaderLabels(["Note", "Kind", "From"])
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 260)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.accept_selected())
        buttons = QHBoxLayout()
        self.accept_button = QPushButton("&Accept")
        self.accept_all_button = QPushButton("Accept a&ll")
        self.merge_button = QPushButton("&Merge into…")
        self.dismiss_button = QPushButton("&Dismiss")
        self.accept_button.clicked.connect(self.accept_selected)
        self.accept_all_button.clicked.connect(self.accept_all)
        self.merge_button.clicked.connect(self._merge_menu)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        for b in (self.accept_button, self.accept_all_button, self.merge_button, self.dismiss_button):
            buttons.addWidget(b)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.setWidget(body)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._shown: dict[str, tuple[str, ...]] = {}  # what each item shows, to touch only changed ones
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(120)
        self._refresh_timer.timeout.connect(self.refresh)
        link.changed.connect(lambda _events: self._refresh_timer.start())
        self.journey.subscribe(self._on_journey_change)
        self.refresh()

    def detach(self) -> None:
        self.journey.unsubscribe(self._on_journey_change)

    def _on_journey_change(self, _change: object) -> None:
        self._refresh_timer.start()

    # ------------------------------------------------------------------ contents
    def waiting(self) -> list[Contribution]:
        """Notes for the facilitator: pending ones, and accepted ones whose card was undone."""
        state = self.link.state
        out = []
        for c in state.contributions.values():
            p = state.participants.get(c.participant)
            if p is None or p.removed:
                continue
            if c.status == PENDING or (c.status in (ACCEPTED, MERGED) and c.card not in self.journey):
                out.append(c)
        return out

    def refresh(self) -> None:
        waiting = {c.id: c for c in self.waiting()}
        stages = {s.id: s.name for s in self.journey.stages()}
        for cid in [cid for cid in self._items if cid not in waiting]:
            gone = self._items.pop(cid)
            self._shown.pop(cid, None)
            parent = gone.parent()
            if parent is not None:
                parent.removeChild(gone)
        for cid, note in waiting.items():
            item: QTreeWidgetItem | None = self._items.get(cid)
            group = self._group(note.stage, stages.get(note.stage, "(a stage no longer on the map)"))
            if item is None:
                item = QTreeWidgetItem()
                item.setData(0, CID_ROLE, cid)
                self._items[cid] = item
                group.addChild(item)
            elif item.parent() is not group:
                old = item.parent()
                if old is not None:
                    old.removeChild(item)
                group.addChild(item)
            self._fill(item, note)
        for stage, group in list(self._groups.items()):
            if not group.childCount():
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(group))
                del self._groups[stage]
            else:
                group.setText(0, f"{stages.get(stage, '(a stage no longer on the map)')} ({group.childCount()})")
        people = len(self.link.state.active())
        self.summary.setText(f"{len(waiting)} waiting · {people} participant{'s' if people != 1 else ''}"
                             if waiting or people else "Nothing yet: notes from the room appear here.")
        self._update_buttons()

    def _group(self, stage: str, name: str) -> QTreeWidgetItem:
        group = self._groups.get(stage)
        if group is None:
            group = QTreeWidgetItem([name])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            order = [s.id for s in self.journey.stages()]
            rank = order.index(stage) if stage in order else len(order)
            index = sum(1 for s in self._groups if s in order and order.index(s) < rank)
            self.tree.insertTopLevelItem(index, group)
            group.setExpanded(True)
            self._groups[stage] = group
        return group

    def _fill(self, item: QTreeWidgetItem, note: Contribution) -> None:
        person = self.link.state.participants.get(note.participant)
        who = person.name if person and person.name else f"Anonymous ({note.participant})"
        shown = (note.text, note.kind, who)
        if self._shown.get(note.id) == shown:
            return
        self._shown[note.id] = shown
        item.setText(0, note.text.replace("\n", " "))
        item.setText(1, NOTE_KIND_LABELS.get(note.kind, note.kind))
        item.setText(2, who)
        # a tooltip would read "<b>" as markup: escape it, so it shows as typed
        item.setToolTip(0, f"<p>{html.escape(note.text)}</p>")

    def selected(self) -> list[Contribution]:
        contributions = self.link.state.contributions
        return [contributions[cid] for item in self.tree.selectedItems()
                if (cid := item.data(0, CID_ROLE)) in contributions]

    def _update_buttons(self) -> None:
        some = bool(self.selected())
        self.accept_button.setEnabled(some)
        self.dismiss_button.setEnabled(some)
        self.merge_button.setEnabled(len(self.selected()) == 1)
        self.accept_all_button.setEnabled(bool(self._items))

    # ------------------------------------------------------------------ decisions
    def accept_selected(self) -> None:
        self._accept(self.selected(), "Accept workshop notes")

    def accept_all(self) -> None:
        self._accept(self.waiting(), "Accept all workshop notes")

    def _accept(self, notes: list[Contribution], text: str) -> None:
        if not notes:
            return
        refused = []
        with self.editor.macro(text) if len(notes) > 1 else contextlib.nullcontext():
            for note in notes:
                try:
                    card = decisions.accept(self.editor, self.journey, self.link.state, note)
                except ValueError as exc:
                    refused.append(f"{note.text[:40]}: {exc}")
                    continue
                self.link.command("accept", cid=note.id, card=card)
        self.message.setText("Not accepted: " + "; ".join(refused) if refused else "")

    def dismiss_selected(self) -> None:
        for note in self.selected():
            self.link.command("dismiss", cid=note.id)

    def merge_candidates(self, note: Contribution) -> list[tuple[str, str]]:
        """(id, label) of the cards on the note's stage: touchpoint-lane cards and annotations."""
        j = self.journey
        if note.stage not in j:
            return []
        supporters = self._supporters()
        out = [(tp.id, tp.title) for tp in j.touchpoints(note.stage)]
        out += [(a.id, a.text) for a in j.annotations(target_id=note.stage)]
        out += [(a.id, a.text) for tp in j.touchpoints(note.stage) for a in j.annotations(target_id=tp.id)]
        return [(cid, f"{label}  ({supporters.get(cid, 0)} supporters)" if supporters.get(cid) else label)
                for cid, label in out]

    def _supporters(self) -> dict[str, int]:
        results = self.editor.project.workshop(decisions.session_id(self.link.state))
        return {card: len(p) for card, p in results.supporters.items()} if results else {}

    def _merge_menu(self) -> None:
        notes = self.selected()
        if len(notes) != 1:
            return
        menu = QMenu(self)
        for cid, label in self.merge_candidates(notes[0]):
            action = menu.addAction(label.replace("&", "&&")[:80])
            action.triggered.connect(lambda _=False, c=cid: self.merge(notes[0], c))
        if menu.isEmpty():
            QMessageBox.information(self, "Merge", "There is no card on this stage to merge into.")
            return
        menu.exec(self.merge_button.mapToGlobal(self.merge_button.rect().bottomLeft()))

    def merge(self, note: Contribution, card: str) -> None:
        decisions.merge(self.editor, self.journey, self.link.state, note, card)
        self.link.command("merge", cid=note.id, card=card)
