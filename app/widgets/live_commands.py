"""File > Share live…, Join live… and Stop live session: the window's live co-editing commands.

Sharing starts a room server inside Waymark (in a thread, its journal under the app's data
folder) or uses a running `waymark serve`; the project goes into a fresh room and this window
joins it. Joining fetches the room's map and opens it in this window, unsaved (save it where
you like). The status bar shows the room, the others present, and whether the link is up.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

if TYPE_CHECKING:  # the network parts load on first use: the editor's start-up needs none of them
    from pycrdt import Doc

    from app.live.collab.client import RoomAddress
    from app.live.collab.server import LiveServer

    from .live_session import LiveSession
    from .main_window import MainWindow

STATES = {"connecting": "connecting…", "connected": "connected", "offline": "offline, retrying (edits are kept)",
          "refused": "refused", "stopped": "stopped"}


def room_slug(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")[:40] or "map"
    return f"{stem}-{secrets.token_hex(3)}"


def rooms_store() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".waymark") / "live-rooms"


class LiveCommands(QObject):
    """The live session of one window (at most one at a time)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session: LiveSession | None = None
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setContentsMargins(0, 0, 12, 0)
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)

    # ------------------------------------------------------------ commands
    def share_dialog(self) -> None:
        from app.live.collab.client import RoomError, room_url
        from app.live.collab.schema import SchemaError

        from .live_dialogs import InvitationDialog, ShareLiveDialog, lan_address, remember_name

        dialog = ShareLiveDialog(self.window, room_slug(Path(self.window.display_name()).stem))
        if not dialog.exec():
            return
        name = dialog.name.text().strip() or "Host"
        remember_name(name)
        try:
            if dialog.here.isChecked():
                host = "0.0.0.0" if dialog.network.isChecked() else "127.0.0.1"
                address, token = self.share_here(name, host, dialog.port.value())
                shown = address.display.replace("0.0.0.0", lan_address())
                note = ("Anyone on this network can join while this window shares. The room lives in this "
                        "Waymark: it closes when you stop sharing.")
            else:
                address = room_url(dialog.address.text(), dialog.token.text().strip() or None)
                token = dialog.token.text().strip()
                if not self.share_to(address, name, token):
                    return
                shown, note = address.display, ""
        except (RoomError, OSError, SchemaError) as exc:
            QMessageBox.warning(self.window, "Share live", str(exc))
            return
        InvitationDialog(self.window, shown, token, note).exec()

    def join_dialog(self) -> None:
        from app.live.collab.client import RoomError
        from app.live.collab.schema import SchemaError

        from .live_dialogs import JoinLiveDialog, remember_name

        dialog = JoinLiveDialog(self.window)
        if not dialog.exec():
            return
        name = dialog.name.text().strip() or "Guest"
        remember_name(name)
        try:
            self.join(dialog.address.text(), dialog.token.text().strip() or None, name)
        except (RoomError, SchemaError) as exc:
            QMessageBox.warning(self.window, "Join live", str(exc))

    def stop(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            session.stop()
            session.deleteLater()
        self.label.hide()
        self.window.actions_.stop_live.setEnabled(False)

    # ------------------------------------------------------------ the work (tests call these)
    def share_here(self, name: str, host: str = "127.0.0.1", port: int = 0) -> tuple[RoomAddress, str]:
        """Start a room server in this process and share the project in a fresh room of it."""
        from app.live.collab.client import RoomAddress, room_url
        from app.live.collab.server import LiveServer, ServerSettings, new_token

        token = new_token()
        server = LiveServer(ServerSettings(host=host, port=port, store=rooms_store(), token=token))
        server.start()
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "127.0.0.1") else host
        room = room_slug(Path(self.window.display_name()).stem)
        address = room_url(f"ws://{shown_host}:{server.port}/{room}", token)
        try:
            self.share_to(address, name, token, server=server, ask=False)
        except BaseException:
            server.stop()
            raise
        return RoomAddress(address.url, address.room, f"ws://{host}:{server.port}/{room}"), token

    def share_to(self, address: RoomAddress, name: str, token: str, server: LiveServer | None = None,
                 ask: bool = True) -> bool:
        """Put this window's project into the room (replacing what it held, after asking) and stay in it."""
        from app.live.collab.client import push_room
        from app.live.collab.schema import is_empty, write_project
        from app.model.serialize import project_to_dict

        if ask and not is_empty(self._fetch(address)):
            answer = QMessageBox.question(
                self.window, "Share live",
                f"The room {address} already holds a map. Replace it with {self.window.display_name()}?")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        d = project_to_dict(self.window.project())
        doc = self._wait(push_room(address, lambda doc: write_project(doc, d), timeout=15))
        self._start(address, doc, name, server, token)
        return True

    def join(self, address_text: str, token: str | None, name: str) -> bool:
        """Open the room's map in this window (after offering to save the current one) and stay in it."""
        from app.live.collab.client import room_url
        from app.live.collab.session import project_from_doc

        address = room_url(address_text, token)
        doc = self._fetch(address)
        project = project_from_doc(doc)
        if not self.window.files.maybe_save():
            return False
        self.window.set_project(project, None)
        self._start(address, doc, name, None, token or "")
        return True

    def _fetch(self, address: RoomAddress) -> Doc:
        from app.live.collab.client import pull_room

        return self._wait(pull_room(address, timeout=15))

    @staticmethod
    def _wait(work: Any) -> Any:
        """Run a short network exchange to its end (a wait cursor meanwhile; it times out)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return asyncio.run(work)
        finally:
            QApplication.restoreOverrideCursor()

    def _start(self, address: RoomAddress, doc: Doc, name: str, server: LiveServer | None, token: str) -> None:
        from .live_presence import color_for
        from .live_session import LiveSession

        self.stop()
        user = {"name": name, "color": color_for(name)}
        self.session = LiveSession(self.window, address, doc, user, server=server, token=token)
        self.session.statusChanged.connect(self._show_status)
        self.window.actions_.stop_live.setEnabled(True)
        self._show_status(self.session.state, self.session.detail)

    def _show_status(self, state: str, detail: str) -> None:
        session = self.session
        if session is None:
            self.label.hide()
            return
        others = sorted(str((s.get("user") or {}).get("name", "Someone")) for s in session.peers().values())
        who = f" · with {', '.join(others)}" if others else " · nobody else yet"
        self.label.setText(f"Live · {session.address.room} · {STATES.get(state, state)}{who}")
        self.label.setToolTip(detail)
        self.label.show()
        if state == "refused":
            QMessageBox.warning(self.window, "Live session", detail)
            self.stop()

    def peers(self) -> dict[int, dict[str, Any]]:
        return self.session.peers() if self.session is not None else {}
