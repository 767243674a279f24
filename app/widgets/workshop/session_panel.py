"""The Session dock: the phase (Collect, Vote, Review), the countdown, pause and lock, who is in
the room (and removing someone), applying the room's ratings and votes, and ending the session.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDockWidget,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.editing import JourneyEditor
from app.live.workshop.state import PHASE_LABELS, PHASES, SessionState

from . import decisions
from .link import WorkshopLink


EXTEND_MINUTES = 2.0  # what "Add time" gives when the countdown has run out


def is_time_up(state: SessionState) -> bool:
    return state.time_up(time.time())


def next_phase(state: SessionState) -> str | None:
    """The phase after the current one (None in Review, the last)."""
    index = PHASES.index(state.phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def clock_text(state: SessionState) -> str:
    left = state.timer.left(time.time())
    if left is None:
        return ""
    if is_time_up(state):
        return "Time is up"
    seconds = int(left + 0.999)
    return f"{seconds // 60}:{seconds % 60:02d}" + ("" if state.timer.running else " (paused)")


def phase_text(state: SessionState) -> str:
    if state.locked:
        return f"{PHASE_LABELS[state.phase]} phase · contributions paused"
    if is_time_up(state):
        return f"{PHASE_LABELS[state.phase]} phase · contributions closed"
    return f"{PHASE_LABELS[state.phase]} phase"


def extend_time(link: WorkshopLink) -> None:
    link.command("timer", minutes=EXTEND_MINUTES)


def move_on(link: WorkshopLink) -> None:
    following = next_phase(link.state)
    if following is not None:
        link.command("phase", phase=following)


class SessionDock(QDockWidget):
    def __init__(self, link: WorkshopLink, editor: JourneyEditor, parent: QWidget | None = None) -> None:
        super().__init__("Workshop session", parent)
        self.setObjectName("workshop_session_dock")
        self.link, self.editor = link, editor
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)

        phases = QHBoxLayout()
        self.phase_group = QButtonGroup(self)
        self.phase_buttons: dict[str, QPushButton] = {}
        for phase in PHASES:
            button = QPushButton(PHASE_LABELS[phase])
            button.setCheckable(True)
            button.setStyleSheet("QPushButton:checked { font-weight: bold; }")  # the current phase stands out
            self.phase_group.addButton(button)
            self.phase_buttons[phase] = button
            button.clicked.connect(lambda _=False, p=phase: link.command("phase", phase=p))
            phases.addWidget(button)
        layout.addLayout(phases)

        self.clock = QLabel()
        self.clock.setObjectName("workshop_session_clock")
        font = QFont(self.clock.font())
        font.setPixelSize(34)
        font.setBold(True)
        self.clock.setFont(font)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.clock)
        # when the countdown runs out: say so, and offer the two ways on
        self.time_up = QWidget()
        self.time_up.setObjectName("workshop_time_up")
        up_layout = QVBoxLayout(self.time_up)
        up_layout.setContentsMargins(0, 0, 0, 4)
        self.time_up_label = QLabel()
        self.time_up_label.setWordWrap(True)
        self.time_up_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        up_buttons = QHBoxLayout()
        self.extend = QPushButton(f"Add {EXTEND_MINUTES:g} minutes")
        self.extend.clicked.connect(lambda: extend_time(link))
        self.move_on = QPushButton()
        self.move_on.clicked.connect(lambda: move_on(link))
        up_buttons.addWidget(self.extend)
        up_buttons.addWidget(self.move_on)
        up_layout.addWidget(self.time_up_label)
        up_layout.addLayout(up_buttons)
        self.time_up.hide()
        layout.addWidget(self.time_up)
        timer_row = QGridLayout()
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 240)
        self.minutes.setDecimals(1)
        self.minutes.setValue(10)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Countdown minutes")
        self.start_timer = QPushButton("Start countdown")
        self.start_timer.clicked.connect(lambda: link.command("timer", minutes=self.minutes.value()))
        self.pause = QPushButton("Pause countdown")
        self.pause.clicked.connect(self._toggle_pause)
        self.lock = QPushButton("Lock contributions")
        self.lock.setCheckable(True)
        self.lock.clicked.connect(lambda on: link.command("lock", locked=bool(on)))
        timer_row.addWidget(self.minutes, 0, 0)
        timer_row.addWidget(self.start_timer, 0, 1)
        timer_row.addWidget(self.pause, 1, 0)
        timer_row.addWidget(self.lock, 1, 1)
        layout.addLayout(timer_row)

        self.people = QLabel()
        layout.addWidget(self.people)
        self.participants = QListWidget()
        self.participants.setObjectName("workshop_participants")
        layout.addWidget(self.participants, 1)
        self.remove = QPushButton("Remove participant…")
        self.remove.clicked.connect(self.remove_selected)
        layout.addWidget(self.remove)

        self.room = QLabel()
        self.room.setWordWrap(True)
        layout.addWidget(self.room)
        apply_row = QHBoxLayout()
        self.apply_ratings = QPushButton("Apply ratings")
        self.apply_ratings.setToolTip("Set the room's mean rating on the touchpoints of each rated stage "
                                      "(one undo step)")
        self.apply_ratings.clicked.connect(self._apply_ratings)
        self.apply_votes = QPushButton("Apply votes")
        self.apply_votes.setToolTip("Add the room's dots to the cards' votes (one undo step)")
        self.apply_votes.clicked.connect(self._apply_votes)
        apply_row.addWidget(self.apply_ratings)
        apply_row.addWidget(self.apply_votes)
        layout.addLayout(apply_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setWidget(body)

        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(150)
        self._refresh.timeout.connect(self.refresh)
        link.changed.connect(lambda _e: self._refresh.start())
        self.refresh()

    def _toggle_pause(self) -> None:
        state = self.link.state
        if state.timer.running:
            self.link.command("timer", pause=True)
        elif state.timer.remaining is not None:
            self.link.command("timer", resume=True)

    def _tick(self) -> None:
        state = self.link.state
        up = is_time_up(state)
        self.clock.setText(clock_text(state) or "No countdown")
        self.clock.setStyleSheet("color: #c0392b;" if up else "")
        if up:
            self.time_up_label.setText(f"Contributions for the {PHASE_LABELS[state.phase]} phase are closed.")
            following = next_phase(state)
            self.move_on.setText(f"Next phase: {PHASE_LABELS[following]}" if following else "")
            self.move_on.setVisible(following is not None)
        self.time_up.setVisible(up)

    def refresh(self) -> None:
        state = self.link.state
        self.phase_buttons[state.phase].setChecked(True)
        self.lock.setChecked(state.locked)
        self.lock.setText("Unlock contributions" if state.locked else "Lock contributions")
        self.pause.setText("Resume countdown" if state.timer.remaining is not None else "Pause countdown")
        self.pause.setEnabled(state.timer.running or state.timer.remaining is not None)
        active = state.active()
        self.people.setText(f"{len(active)} participant{'s' if len(active) != 1 else ''} in the room")
        current = self.participants.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.participants.clear()
        for p in active:
            notes = len(state.notes_of(p.id))
            label = (f"{p.name or 'Anonymous'} ({p.id}) · {notes} note{'s' if notes != 1 else ''}, "
                     f"{state.dots_used(p.id)} dots")
            item = QListWidgetItem(label)  # list items show plain text: names are never markup here
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.participants.addItem(item)
            if p.id == selected:
                self.participants.setCurrentItem(item)
        ratings = state.stage_ratings()
        dots = sum(state.card_votes().values())
        self.room.setText(f"Room ratings: {len(ratings)} stage{'s' if len(ratings) != 1 else ''} rated by "
                          f"{sum(1 for r in state.ratings.values() if r)} people · {dots} dots placed")
        self.apply_ratings.setEnabled(bool(ratings))
        self.apply_votes.setEnabled(bool(dots))
        self._tick()

    def remove_selected(self) -> None:
        item = self.participants.currentItem()
        if item is None:
            self.message.setText("Select a participant to remove.")
            return
        pid = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(self, "Remove participant",
                                      f"Remove {pid} from the session? Their phone is disconnected and their "
                                      "votes and ratings no longer count; their notes stay in the journal.")
        if answer == QMessageBox.StandardButton.Yes:
            self.link.command("remove", pid=pid)

    def _apply_ratings(self) -> None:
        changed = decisions.apply_ratings(self.editor, self.link.journey, self.link.state)
        self.message.setText(f"Applied the room's ratings to {changed} touchpoint{'s' if changed != 1 else ''}.")

    def _apply_votes(self) -> None:
        added = decisions.apply_votes(self.editor, self.link.journey, self.link.state)
        self.message.setText(f"Added {added} dot{'s' if added != 1 else ''} to the cards.")
