"""The editor's end of a workshop session: runs the server (app.live.workshop, no Qt) and turns what
it reports into Qt signals.

The server calls `_on_events` on its own thread; a queued signal carries the events to the GUI
thread, where a replica of the session state applies them in the same order as the server did.
Facilitator commands go the other way through `WorkshopServer.command` (thread-safe). The
widgets (Inbox, Session panel, join panel, map overlay) read the replica and listen to `changed`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal

from app.live.workshop.board import Board, board_of
from app.live.workshop.journal import journal_path
from app.live.workshop.server import WorkshopServer
from app.live.workshop.state import Event, SessionState
from app.model import Journey


class WorkshopLink(QObject):
    """One running session of one journey."""

    _arrived = Signal(list)  # from the server's thread, queued to the GUI thread
    changed = Signal(list)  # events applied to `state` (GUI thread)
    ended = Signal()

    def __init__(self, project_path: str | Path, journey: Journey, *, host: str, port: int = 0, budget: int = 5,
                 minutes: float | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journey = journey
        self.state = SessionState()
        self._arrived.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self._board_timer = QTimer(self)
        self._board_timer.setSingleShot(True)
        self._board_timer.setInterval(300)  # a burst of edits (accept all) sends the board once
        self._board_timer.timeout.connect(self._send_board)
        self.server = WorkshopServer(journal_path(project_path), board_of(journey), host=host, port=port,
                                     budget=budget, minutes=minutes, listener=self._on_events)
        for event in self.server.room.replayed:  # a resumed session: the replica starts where it was
            self.state.apply(event)
        self._board: Board = self.server.room.board
        journey.subscribe(self._on_journey_change)

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        self.server.start()
        self._apply([])  # flush events recorded before the loop ran (start, resume)

    def _on_events(self, events: list[Event]) -> None:
        if QThread.currentThread() is self.thread():  # recorded while starting, on the GUI thread
            self._apply(events)
        else:  # the server's thread: queued to the GUI thread
            self._arrived.emit(events)

    def _apply(self, events: list[Event]) -> None:
        for event in events:
            self.state.apply(event)
        self.changed.emit(events)
        if any(e["op"] == "end" for e in events):
            self.ended.emit()

    @property
    def running(self) -> bool:
        return self.server.running

    def stop(self, *, end: bool) -> None:
        """Stop serving; end=True ends the session (phones are told, tokens die, the journal is archived)."""
        self.journey.unsubscribe(self._on_journey_change)
        self.server.stop(end=end)

    def relocate(self, project_path: str | Path, timeout: float = 10.0) -> None:
        """Move the session's journal beside the project's new file (Save As); OSError when it cannot."""
        target = journal_path(project_path)
        if self.server.running:
            self.server.command("relocate", path=target).result(timeout)
        else:
            self.server.room.journal.move_to(target)

    # ------------------------------------------------------------------ commands
    def command(self, name: str, **args: Any) -> None:
        if self.server.running:
            self.server.command(name, **args)

    def _on_journey_change(self, _change: Any) -> None:
        self._board_timer.start()

    def _send_board(self) -> None:
        board = board_of(self.journey)
        if board != self._board:
            self._board = board
            self.command("board", board=board)
