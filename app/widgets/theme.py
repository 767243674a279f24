"""Light and dark palettes that follow the system colour scheme, and presentation mode.

The chrome (docks, menus, forms) follows the palette; the map itself stays print-white on the
canvas. Presentation mode is for projectors in workshops: full screen, docks hidden, larger UI
text and the canvas's larger rendering; F11 or Escape leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QToolBar, QWidget

PRESENTATION_FONT_SCALE = 1.35

_LIGHT = {
    QPalette.ColorRole.Window: "#f3f4f6",
    QPalette.ColorRole.WindowText: "#1f2933",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f5f7fa",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1f2933",
    QPalette.ColorRole.PlaceholderText: "#8a94a3",
    QPalette.ColorRole.Text: "#1f2933",
    QPalette.ColorRole.Button: "#eceff3",
    QPalette.ColorRole.ButtonText: "#1f2933",
    QPalette.ColorRole.BrightText: "#d64545",
    QPalette.ColorRole.Highlight: "#2f80ed",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#1f6fd1",
    QPalette.ColorRole.Mid: "#c5cbd3",
    QPalette.ColorRole.Dark: "#9aa5b1",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#e4e7eb",
    QPalette.ColorRole.Shadow: "#7b8794",
}

_DARK = {
    QPalette.ColorRole.Window: "#22262c",
    QPalette.ColorRole.WindowText: "#e4e7eb",
    QPalette.ColorRole.Base: "#1a1d21",
    QPalette.ColorRole.AlternateBase: "#262a30",
    QPalette.ColorRole.ToolTipBase: "#2d3239",
    QPalette.ColorRole.ToolTipText: "#e4e7eb",
    QPalette.ColorRole.PlaceholderText: "#7b8794",
    QPalette.ColorRole.Text: "#e4e7eb",
    QPalette.ColorRole.Button: "#2d3239",
    QPalette.ColorRole.ButtonText: "#e4e7eb",
    QPalette.ColorRole.BrightText: "#ff7b7b",
    QPalette.ColorRole.Highlight: "#3d8bf2",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7cb5ff",
    QPalette.ColorRole.Mid: "#3e444c",
    QPalette.ColorRole.Dark: "#15181b",
    QPalette.ColorRole.Light: "#4a5159",
    QPalette.ColorRole.Midlight: "#353a42",
    QPalette.ColorRole.Shadow: "#0d0f11",
}


def system_prefers_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme (Qt 6.5+ reports it)."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def make_palette(dark: bool) -> QPalette:
    palette = QPalette()
    for role, color in (_DARK if dark else _LIGHT).items():
        palette.setColor(role, QColor(color))
    disabled = QColor("#6b7480" if dark else "#9aa5b1")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, dark: bool | None = None) -> bool:
    """Apply the light or dark palette (the system's choice when dark is None); returns dark."""
    if dark is None:
        dark = system_prefers_dark()
    app.setStyle("Fusion")  # the palette is honoured the same way on every platform
    app.setPalette(make_palette(dark))
    app.setProperty("waymark_dark", dark)
    return dark


def follow_system_scheme(app: QApplication) -> None:
    """Re-apply the palette when the desktop switches between light and dark."""
    hints = QGuiApplication.styleHints()
    signal = getattr(hints, "colorSchemeChanged", None)
    if signal is not None:
        signal.connect(lambda _scheme: apply_theme(app))


@dataclass
class _Saved:
    geometry: bytes = b""
    was_maximized: bool = False
    visible: list[QWidget] = field(default_factory=list)
    font: QFont | None = None


class PresentationMode(QObject):
    """Full screen for projectors: docks, toolbars, menu and status bar hidden, larger text (the journey
    tabs), larger map rendering. The window's shortcuts keep working with the menu bar hidden."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._saved: _Saved | None = None

    def is_active(self) -> bool:
        return self._saved is not None

    def toggle(self) -> None:
        self.set_active(not self.is_active())

    def set_active(self, on: bool) -> None:
        if on == self.is_active():
            return
        window = self._window
        if on:
            hideable: list[QWidget] = [*window.findChildren(QDockWidget), *window.findChildren(QToolBar),
                                       window.menuBar(), window.statusBar()]
            saved = _Saved(bytes(window.saveGeometry().data()), window.isMaximized(),
                           [w for w in hideable if w.isVisible() and w.parent() is window], QFont(window.font()))
            self._saved = saved
            for widget in saved.visible:
                widget.hide()
            big = QFont(window.font())
            big.setPointSizeF(max(big.pointSizeF(), 9.0) * PRESENTATION_FONT_SCALE)
            window.setFont(big)
            self._set_canvases(True)
            window.showFullScreen()
        else:
            leaving = self._saved
            self._saved = None
            assert leaving is not None
            if leaving.font is not None:
                window.setFont(leaving.font)
            self._set_canvases(False)
            if leaving.was_maximized:
                window.showMaximized()
            else:
                window.showNormal()
                window.restoreGeometry(leaving.geometry)
            for widget in leaving.visible:
                widget.show()

    def _set_canvases(self, on: bool) -> None:
        for canvas in getattr(self._window, "canvases", lambda: [])():
            setter = getattr(canvas, "set_presentation", None)
            if setter is not None:
                setter(on)
