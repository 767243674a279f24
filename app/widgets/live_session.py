"""The editor's side of a live session: a CollabSession on the GUI thread, a RoomLink on its own thread.

The link calls back on its network thread; those callbacks only emit Qt signals, which Qt queues
to this object's (the GUI) thread, where the session touches the document and the model. Local
edits (through the undo stack, as always) are written to the document once the event loop is
idle, so a burst of changes (a drag, a macro) becomes one update. Remote edits change the model
directly, never the undo stack: undo undoes only your own edits. When the connection drops,
editing goes on; the link reconnects with a back-off and the handshake merges both sides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.live.collab.client import RoomAddress, RoomLink
from app.live.collab.session import CollabSession

from .live_presence import PresenceMarks

if TYPE_CHECKING:
    from pycrdt import Doc

    from app.live.collab.server import LiveServer

    from .main_window import MainWindow

KEEPALIVE_MS = 10_000


class LiveSession(QObject):
    """One window's live session: the status it shows, presence, and the thread-safe bridge."""

    statusChanged = Signal(str, str)  # state, detail (GUI thread)
    peersChanged = Signal()
    remoteEdit = Signal()
    _incoming = Signal(bytes)  # emitted on the network thread, delivered on the GUI thread
    _linkStatus = Signal(str, str)

    def __init__(self, window: MainWindow, address: RoomAddress, doc: Doc, user: dict[str, Any],
                 server: LiveServer | None = None, token: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.address = address
        self.token = token
        self.user = user
        self.server = server  # the server this window started (Share live), stopped with the session
        self.state = "connecting"
        self.detail = str(address)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        self._incoming.connect(self._on_message)
        self._linkStatus.connect(self._on_status)
        self.link = RoomLink(address, self._incoming.emit, self._linkStatus.emit)
        self.session = CollabSession(window.project(), doc, self.link.send, user)
        self.session.on_local_edit = self._flush_timer.start
        self.session.on_remote_edit = self._after_remote_edit
        self.session.on_peers = self.peersChanged.emit
        self._marks: dict[int, PresenceMarks] = {}
        self.peersChanged.connect(self._show_presence)
        window.selectionChanged.connect(self._publish_selection)
        window.journeyChanged.connect(self._publish_journey)
        self._keepalive = QTimer(self)
        self._keepalive.setInterval(KEEPALIVE_MS)
        self._keepalive.timeout.connect(self._keep_alive)
        self._keepalive.start()
        self._publish_selection(window.current_canvas().selected_ids() if window.current_canvas() else [])
        self.link.start()

    # ------------------------------------------------------------ network -> GUI
    def _on_message(self, message: bytes) -> None:
        try:
            self.session.receive(message)
        except ValueError as exc:  # a message this client cannot read: said, not fatal
            self.window.statusBar().showMessage(f"Live: ignored a message the room sent ({exc})", 5000)

    def _on_status(self, state: str, detail: str) -> None:
        self.state, self.detail = state, detail
        if state == "connected":
            self._flush()
            for message in self.session.hello():
                self.link.send(message)
        self.statusChanged.emit(state, detail)

    def _after_remote_edit(self) -> None:
        self.window.editor.note_remote_edit()
        self.remoteEdit.emit()

    # ------------------------------------------------------------ GUI -> network
    def _flush(self) -> None:
        self.session.flush()

    def flush(self) -> None:
        """Write pending local edits to the document now (tests, closing)."""
        self._flush_timer.stop()
        self._flush()

    def _publish_selection(self, ids: list[str]) -> None:
        canvas = self.window.current_canvas()
        self.session.set_presence(canvas.journey.id if canvas is not None else None, list(ids))

    def _publish_journey(self, _journey: Any) -> None:
        canvas = self.window.current_canvas()
        self._publish_selection(canvas.selected_ids() if canvas is not None else [])

    def _keep_alive(self) -> None:
        if self.link.connected:
            self.link.send(self.session.presence_message())
        self._show_presence()  # those not heard from for a while fade out

    # ------------------------------------------------------------ presence
    def peers(self) -> dict[int, dict[str, Any]]:
        return self.session.peers()

    def _show_presence(self) -> None:
        peers = self.session.peers()
        canvases = self.window.canvases()
        for key in [k for k in self._marks if k not in {id(c) for c in canvases}]:
            del self._marks[key]
        for canvas in canvases:
            if "journey_scene" not in canvas.__dict__:
                continue  # a tab never shown has no scene yet
            marks = self._marks.get(id(canvas))
            if marks is None:
                marks = self._marks[id(canvas)] = PresenceMarks(canvas)
            marks.show(peers)
        self.statusChanged.emit(self.state, self.detail)

    def marks(self) -> list[Any]:
        return [m for marks in self._marks.values() for m in marks.marks]

    # ------------------------------------------------------------ ending
    def stop(self) -> None:
        self._keepalive.stop()
        self.flush()
        for marks in self._marks.values():
            marks.clear()
        self._marks = {}
        try:
            self.window.selectionChanged.disconnect(self._publish_selection)
            self.window.journeyChanged.disconnect(self._publish_journey)
        except (RuntimeError, TypeError):
            pass
        self.link.stop(farewell=self.session.leave_message() if self.link.connected else None)
        self.session.close()
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.state = "stopped"
        self.statusChanged.emit("stopped", str(self.address))
