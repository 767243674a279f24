"""The join panel: a QR code, the short URL and the join code, with the phase and the countdown,
large enough to read from the back of a room on a projector. It floats over the top-right corner
of the map, so it stays on screen in presentation mode (which hides the docks).
"""

from __future__ import annotations

import io

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget


def qr_pixmap(url: str, size: int) -> QPixmap:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=2, dark="#000000", light="#ffffff")
    image = QImage.fromData(buffer.getvalue())
    return QPixmap.fromImage(image).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.FastTransformation)


class JoinPanel(QFrame):
    extend = Signal()  # "Add time", offered when the countdown has run out
    move_on = Signal()  # "Next phase"

    def __init__(self, join_url: str, short_url: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshop_join_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # black on white whatever the theme: a QR code and a code read from the back of the room
        self.setStyleSheet("#workshop_join_panel { background: white; border: 2px solid #7b3fd0; border-radius: 10px; }"
                           "#workshop_join_panel QLabel, #workshop_join_panel QToolButton "
                           "{ color: #111; background: transparent; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(4)
        self.hide_button = QToolButton(self)
        self.hide_button.setText("Smaller")
        self.hide_button.setAutoRaise(True)
        self.hide_button.setToolTip("Show only the join code and the countdown")
        self.hide_button.setCheckable(True)
        self.hide_button.toggled.connect(self._collapse)
        self.heading = QLabel("Join from your phone")
        self.qr = QLabel()
        self.qr.setObjectName("workshop_qr")
        self.qr.setPixmap(qr_pixmap(join_url, 240))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.url = QLabel(short_url.removeprefix("http://"))
        self.code = QLabel(code)
        self.code.setObjectName("workshop_join_code")
        self.phase = QLabel()
        self.clock = QLabel()
        self.clock.setObjectName("workshop_countdown")
        for label, size, bold in ((self.heading, 15, True), (self.url, 20, True), (self.code, 40, True),
                                  (self.phase, 15, False), (self.clock, 44, True)):
            font = QFont(label.font())
            font.setPixelSize(size)
            font.setBold(bold)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.hide_button)
        layout.addLayout(top)
        caption = QLabel("join code")
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.qr, self.url, caption, self.code, self.phase, self.clock):
            layout.addWidget(w)
        self.time_up = QWidget()
        self.time_up.setObjectName("workshop_join_time_up")
        row = QHBoxLayout(self.time_up)
        row.setContentsMargins(0, 4, 0, 0)
        self.extend_button = QPushButton("Add time")
        self.move_on_button = QPushButton("Next phase")
        for button, signal in ((self.extend_button, self.extend), (self.move_on_button, self.move_on)):
            button.setStyleSheet("QPushButton { color: white; background: #7b3fd0; border: 0; border-radius: 6px;"
                                 " padding: 6px 12px; font-weight: bold; }")
            button.clicked.connect(signal.emit)
            row.addWidget(button)
        self.time_up.hide()
        layout.addWidget(self.time_up)
        self.adjustSize()

    def _collapse(self, small: bool) -> None:
        for w in (self.qr, self.url):
            w.setVisible(not small)
        self.hide_button.setText("Larger" if small else "Smaller")
        self.adjustSize()
        self.place()

    def set_status(self, phase: str, clock: str, *, time_up: bool = False, next_phase: str = "") -> None:
        """The phase and the countdown; when time is up, the ways on (add time, the next phase)."""
        self.phase.setText(phase)
        self.clock.setText(clock)
        self.clock.setVisible(bool(clock))
        self.clock.setStyleSheet("color: #c0392b;" if time_up else "")
        self.move_on_button.setText(f"Next: {next_phase}")
        self.move_on_button.setVisible(bool(next_phase))
        if time_up != self.time_up.isVisible():
            self.time_up.setVisible(time_up)
            self.place()

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.adjustSize()
            self.move(parent.width() - self.width() - 24, 40)
            self.raise_()
