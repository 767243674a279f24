"""The dialogs of File > Share live… and File > Join live…, and the invitation shown after sharing."""

from __future__ import annotations

import getpass
import socket

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

NAME_KEY = "live/name"


def default_name() -> str:
    saved = QSettings().value(NAME_KEY)
    if isinstance(saved, str) and saved.strip():
        return saved
    try:
        return getpass.getuser().capitalize()
    except (KeyError, OSError):
        return "Guest"


def remember_name(name: str) -> None:
    QSettings().setValue(NAME_KEY, name)


def lan_address() -> str:
    """This computer's address on the local network (no traffic is sent: a UDP socket is only aimed)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, nothing is sent
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def _ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The dialog's OK (named for what it does) and Cancel buttons, wired to accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ShareLiveDialog(QDialog):
    """Start a server in Waymark (this computer or the local network), or use a running one."""

    def __init__(self, parent: QWidget | None, room: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share live")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel("Others join with File > Join live… and edit this map with you as it happens. "
                       "Your file stays yours: save it as usual.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(default_name())
        form.addRow("Your &name:", self.name)
        self.here = QRadioButton("Start a server in Waymark")
        self.running = QRadioButton("Use a running server (waymark serve)")
        self.here.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.here)
        group.addButton(self.running)
        form.addRow(self.here)
        self.network = QRadioButton("for the local network")
        self.local = QRadioButton("for this computer only")
        self.network.setChecked(True)
        reach = QButtonGroup(self)
        reach.addButton(self.network)
        reach.addButton(self.local)
        form.addRow("", self.network)
        form.addRow("", self.local)
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(0)
        self.port.setSpecialValueText("any free port")
        form.addRow("&Port:", self.port)
        form.addRow(self.running)
        self.address = QLineEdit(f"ws://127.0.0.1:1234/{room}")
        self.token = QLineEdit()
        self.token.setPlaceholderText("the server's token")
        form.addRow("&Room address:", self.address)
        form.addRow("&Token:", self.token)
        layout.addLayout(form)
        layout.addWidget(_ok_cancel(self, "Share"))
        self.here.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        here = self.here.isChecked()
        for widget in (self.network, self.local, self.port):
            widget.setEnabled(here)
        for line in (self.address, self.token):
            line.setEnabled(not here)


class JoinLiveDialog(QDialog):
    """The room address and token someone passed on, and the name others will see."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Join live")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.address = QLineEdit()
        self.address.setPlaceholderText("ws://HOST:PORT/ROOM (or the whole invitation with ?token=…)")
        self.address.setMinimumWidth(420)
        self.token = QLineEdit()
        self.token.setPlaceholderText("given with the address")
        self.name = QLineEdit(default_name())
        form.addRow("&Room address:", self.address)
        form.addRow("&Token:", self.token)
        form.addRow("Your &name:", self.name)
        layout.addLayout(form)
        layout.addWidget(_ok_cancel(self, "Join"))


class InvitationDialog(QDialog):
    """What to pass on: the address and the token, and one line with both to copy."""

    def __init__(self, parent: QWidget | None, address: str, token: str, note: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sharing live")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        head = QLabel("<b>Pass these on to the people who join</b> (File > Join live…):")
        layout.addWidget(head)
        form = QFormLayout()
        self.address = QLineEdit(address)
        self.token = QLineEdit(token)
        for field in (self.address, self.token):
            field.setReadOnly(True)
        form.addRow("Room address:", self.address)
        form.addRow("Token:", self.token)
        layout.addLayout(form)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.invitation = f"{address}?token={token}"
        copy = QPushButton("&Copy invitation")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.invitation))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)
