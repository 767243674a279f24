"""The window's commands as QActions: menus, the toolbar, standard shortcuts and drawn icons.

Every command the user can give from a menu or the toolbar is one QAction here, with the
platform's standard shortcut where Qt knows one (QKeySequence.StandardKey). Icons come from
the desktop theme when it has them; otherwise a small line icon is drawn with QPainter so the
toolbar never shows a blank.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QIconEngine,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QUndoGroup,
)
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

if TYPE_CHECKING:
    from .main_window import MainWindow

Key = QKeySequence.StandardKey
ICON_PX = 64


# ---------------------------------------------------------------------------- icons
def _pen(p: QPainter, color: QColor, width: float = 4.0) -> None:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _page(p: QPainter) -> None:
    path = QPainterPath(QPointF(14, 6))
    for x, y in ((38, 6), (50, 18), (50, 58), (14, 58)):
        path.lineTo(x, y)
    path.closeSubpath()
    p.drawPath(path)
    p.drawPolyline([QPointF(38, 6), QPointF(38, 18), QPointF(50, 18)])


def _arrow(p: QPainter, mirrored: bool) -> None:
    if mirrored:
        p.translate(ICON_PX, 0)
        p.scale(-1, 1)
    path = QPainterPath(QPointF(52, 50))
    path.cubicTo(52, 24, 36, 18, 14, 24)
    p.drawPath(path)
    p.drawPolyline([QPointF(24, 12), QPointF(12, 24), QPointF(26, 34)])


def _magnifier(p: QPainter, sign: str) -> None:
    p.drawEllipse(QRectF(8, 8, 34, 34))
    p.drawLine(QPointF(37, 37), QPointF(56, 56))
    p.drawLine(QPointF(17, 25), QPointF(33, 25))
    if sign == "+":
        p.drawLine(QPointF(25, 17), QPointF(25, 33))


def _paint(name: str, p: QPainter, ink: QColor, accent: QColor) -> None:
    _pen(p, ink)
    if name == "new":
        _page(p)
    elif name == "open":
        path = QPainterPath(QPointF(6, 52))
        for x, y in ((6, 12), (24, 12), (30, 18), (52, 18), (52, 26)):
            path.lineTo(x, y)
        p.drawPath(path)
        p.drawPolygon([QPointF(6, 52), QPointF(16, 28), QPointF(60, 28), QPointF(50, 52)])
    elif name == "save":
        p.drawRoundedRect(QRectF(8, 8, 48, 48), 5, 5)
        p.drawRect(QRectF(18, 8, 24, 14))
        p.drawRect(QRectF(16, 34, 32, 22))
    elif name == "undo":
        _arrow(p, False)
    elif name == "redo":
        _arrow(p, True)
    elif name == "cut":
        p.drawEllipse(QRectF(8, 40, 16, 16))
        p.drawEllipse(QRectF(40, 40, 16, 16))
        p.drawLine(QPointF(20, 42), QPointF(46, 6))
        p.drawLine(QPointF(44, 42), QPointF(18, 6))
    elif name == "copy":
        p.drawRoundedRect(QRectF(8, 8, 32, 38), 4, 4)
        p.drawRoundedRect(QRectF(24, 20, 32, 38), 4, 4)
    elif name == "paste":
        p.drawRoundedRect(QRectF(10, 10, 44, 48), 4, 4)
        p.drawRoundedRect(QRectF(22, 4, 20, 12), 3, 3)
    elif name == "delete":
        p.drawLine(QPointF(10, 16), QPointF(54, 16))
        p.drawPolyline([QPointF(16, 16), QPointF(20, 58), QPointF(44, 58), QPointF(48, 16)])
        p.drawPolyline([QPointF(24, 16), QPointF(24, 8), QPointF(40, 8), QPointF(40, 16)])
        p.drawLine(QPointF(32, 26), QPointF(32, 48))
    elif name == "add_touchpoint":
        p.drawRoundedRect(QRectF(6, 14, 40, 30), 5, 5)
        _pen(p, accent, 5)
        p.drawLine(QPointF(50, 36), QPointF(50, 60))
        p.drawLine(QPointF(38, 48), QPointF(62, 48))
    elif name == "zoom_in":
        _magnifier(p, "+")
    elif name == "zoom_out":
        _magnifier(p, "-")
    elif name == "fit":
        for x, y, dx, dy in ((8, 8, 1, 1), (56, 8, -1, 1), (8, 56, 1, -1), (56, 56, -1, -1)):
            p.drawPolyline([QPointF(x, y + 14 * dy), QPointF(x, y), QPointF(x + 14 * dx, y)])
        p.drawRect(QRectF(22, 24, 20, 16))
    elif name == "presentation":
        p.drawRoundedRect(QRectF(6, 8, 52, 36), 3, 3)
        p.drawLine(QPointF(32, 44), QPointF(32, 56))
        p.drawLine(QPointF(20, 56), QPointF(44, 56))
        p.setBrush(accent)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon([QPointF(27, 18), QPointF(27, 34), QPointF(40, 26)])
    elif name == "pdf":
        _page(p)
        font = QFont("DejaVu Sans", 1)
        font.setPixelSize(14)
        font.setBold(True)
        p.setFont(font)
        p.setPen(accent)
        p.drawText(QRectF(10, 30, 44, 22), Qt.AlignmentFlag.AlignCenter, "PDF")
    elif name == "export":
        _page(p)
        _pen(p, accent, 5)
        p.drawLine(QPointF(22, 38), QPointF(60, 38))
        p.drawPolyline([QPointF(50, 28), QPointF(60, 38), QPointF(50, 48)])
    elif name == "import":
        _page(p)
        _pen(p, accent, 5)
        p.drawLine(QPointF(2, 38), QPointF(38, 38))
        p.drawPolyline([QPointF(28, 28), QPointF(38, 38), QPointF(28, 48)])
    elif name == "dashboard":
        p.drawLine(QPointF(8, 56), QPointF(58, 56))
        p.setBrush(accent)
        p.setPen(Qt.PenStyle.NoPen)
        for i, h in enumerate((18, 34, 26, 44)):
            p.drawRoundedRect(QRectF(10 + i * 12, 52 - h, 8, h), 2, 2)
    elif name == "insights":
        p.drawEllipse(QRectF(16, 6, 32, 32))
        p.drawLine(QPointF(24, 46), QPointF(40, 46))
        p.drawLine(QPointF(26, 54), QPointF(38, 54))
        _pen(p, accent, 4)
        p.drawLine(QPointF(32, 38), QPointF(32, 24))
    elif name == "compare":  # two maps, one above the other
        p.drawRoundedRect(QRectF(6, 6, 52, 20), 3, 3)
        p.drawRoundedRect(QRectF(6, 38, 52, 20), 3, 3)
        p.drawLine(QPointF(24, 6), QPointF(24, 26))
        p.drawLine(QPointF(24, 38), QPointF(24, 58))
        _pen(p, accent, 4)
        p.drawRoundedRect(QRectF(34, 42, 18, 12), 2, 2)
    elif name == "stage":
        p.drawRoundedRect(QRectF(6, 10, 52, 44), 4, 4)
        for column_x in (23.3, 40.6):
            p.drawLine(QPointF(column_x, 10), QPointF(column_x, 54))
    else:
        p.drawEllipse(QRectF(12, 12, 40, 40))


class DrawnIconEngine(QIconEngine):
    """Paints a line icon on demand at whatever size and device pixel ratio is asked (crisp on HiDPI)."""

    def __init__(self, name: str, ink: QColor | None = None) -> None:
        super().__init__()
        self.name = name
        self.ink = ink

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else None
        ink = QColor(self.ink) if self.ink else (
            palette.color(palette.ColorRole.WindowText) if palette else QColor("#1f2933"))
        accent = QColor("#2f80ed")
        if mode == QIcon.Mode.Disabled:
            ink.setAlphaF(0.35)
            accent.setAlphaF(0.35)
        side = min(rect.width(), rect.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2)
        painter.scale(side / ICON_PX, side / ICON_PX)
        _paint(self.name, painter, ink, accent)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return DrawnIconEngine(self.name, self.ink)


def drawn_icon(name: str, ink: QColor | None = None) -> QIcon:
    """A line icon in the palette's text colour, painted when shown (nothing is drawn at start-up)."""
    return QIcon(DrawnIconEngine(name, ink))


# -------------------------------------------------------------------------- actions
class WindowActions:
    """The QActions of one main window, grouped by menu."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.all: list[QAction] = []
        self.undo_group = QUndoGroup(window)
        w = window
        canvas = w.canvas_command

        # File
        self.new = self._make("&New", w.files.new_project, Key.New, "new")
        self.new_from_template = self._make("New from &template…", w.files.new_from_template,
                                            QKeySequence("Ctrl+Shift+N"))
        self.open = self._make("&Open…", w.files.open_dialog, Key.Open, "open")
        self.save = self._make("&Save", w.save, Key.Save, "save")
        self.save_as = self._make("Save &As…", w.files.save_as_dialog, Key.SaveAs)
        self.revert = self._make("Re&vert", w.files.revert)
        self.import_ = self._make("&Import…", w.files.import_dialog, QKeySequence("Ctrl+I"), "import")
        self.export_pdf = self._make("Export &PDF…", w.export_pdf, QKeySequence("Ctrl+P"), "pdf")
        self.export = self._make("&Export… (PNG, SVG, Mermaid, CSV, Excel)", w.files.export_dialog,
                                 QKeySequence("Ctrl+E"), "export")
        self.import_survey = self._make("Import &survey…", w.import_survey)
        self.share_live = self._make("S&hare live…", w.live.share_dialog)
        self.join_live = self._make("&Join live…", w.live.join_dialog)
        self.stop_live = self._make("Stop &live session", w.live.stop)
        self.stop_live.setEnabled(False)
        self.close = self._make("&Close", w.close, Key.Close)
        self.quit = self._make("&Quit", w.quit_application, Key.Quit)
        if self.quit.shortcut().isEmpty():  # some platforms define no Quit key
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        # Edit
        self.undo = self.undo_group.createUndoAction(window, "&Undo")
        self.undo.setShortcuts(QKeySequence.keyBindings(Key.Undo))
        self.undo.setIcon(drawn_icon("undo"))
        self.redo = self.undo_group.createRedoAction(window, "&Redo")
        self.redo.setShortcuts(_unique(QKeySequence.keyBindings(Key.Redo)
                                       + [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]))
        self.redo.setIcon(drawn_icon("redo"))
        self.undo.setProperty("command_name", "Undo")
        self.redo.setProperty("command_name", "Redo")
        self.all += [self.undo, self.redo]
        self.cut = self._make("Cu&t", canvas("cut_selection"), Key.Cut, "cut", canvas_only=True)
        self.copy = self._make("&Copy", canvas("copy_selection"), Key.Copy, "copy", canvas_only=True)
        self.paste = self._make("&Paste", canvas("paste"), Key.Paste, "paste", canvas_only=True)
        self.duplicate = self._make("D&uplicate", canvas("duplicate_selection"), QKeySequence("Ctrl+D"),
                                    canvas_only=True)
        # the Delete key alone: some platforms' standard Delete binding adds Ctrl+D, which is Duplicate here
        self.delete = self._make("&Delete", canvas("delete_selection"), QKeySequence(Qt.Key.Key_Delete), "delete",
                                 canvas_only=True)
        self.select_all = self._make("Select &all", canvas("select_all"), Key.SelectAll, canvas_only=True)
        # N is handled by the canvas itself (so that typing N in a text field never adds a card);
        # the menu shows the key and the action adds in the current cell when chosen
        self.add_touchpoint = self._make("Add &touchpoint", canvas("quick_add"), QKeySequence("N"),
                                         "add_touchpoint", shortcut_in_menu_only=True)
        # V and Shift+V are the canvas's own keys too (typing V in a text field votes for nothing)
        self.add_dot = self._make("Add a &vote dot", lambda: w.current_canvas().vote_selection(1), QKeySequence("V"),
                                  shortcut_in_menu_only=True)
        self.remove_dot = self._make("Take back a vote dot", lambda: w.current_canvas().vote_selection(-1),
                                     QKeySequence("Shift+V"), shortcut_in_menu_only=True)
        # + and - are the canvas's keys for the selected touchpoint's emotion (listed here to be found)
        self.raise_emotion = self._make("Raise emotion", lambda: w.current_canvas().step_emotion(1),
                                        QKeySequence("+"), shortcut_in_menu_only=True)
        self.lower_emotion = self._make("Lower emotion", lambda: w.current_canvas().step_emotion(-1),
                                        QKeySequence("-"), shortcut_in_menu_only=True)

        # View
        self.zoom_in = self._make("Zoom &in", w.zoom_in, Key.ZoomIn, "zoom_in")
        self.zoom_in.setShortcuts(_unique(QKeySequence.keyBindings(Key.ZoomIn) + [QKeySequence("Ctrl+=")]))
        self.zoom_out = self._make("Zoom &out", w.zoom_out, Key.ZoomOut, "zoom_out")
        self.fit = self._make("&Fit to window", canvas("fit"), QKeySequence("Ctrl+0"), "fit")
        self.actual_size = self._make("&100 %", canvas("reset_zoom"), QKeySequence("Ctrl+1"))
        self.presentation = self._make("&Presentation mode", w.toggle_presentation, Key.FullScreen,
                                       "presentation")
        self.presentation.setShortcuts(_unique([QKeySequence("F11")] + QKeySequence.keyBindings(Key.FullScreen)))
        self.presentation.setCheckable(True)
        self.presentation.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        # Escape leaves presentation mode; enabled only while presenting, so Escape keeps its usual
        # meaning (cancel, clear the selection) otherwise
        self.leave_presentation = self._make("Leave presentation mode", w.toggle_presentation,
                                             QKeySequence(Qt.Key.Key_Escape))
        self.leave_presentation.setEnabled(False)
        self.dashboard = self._make("&Dashboard", w.toggle_dashboard, QKeySequence("Ctrl+Shift+D"), "dashboard")
        self.insights = self._make("&Insights", w.toggle_insights, QKeySequence("Ctrl+Shift+I"), "insights")
        self.compare = self._make("&Compare current and future state", w.compare_states,
                                  QKeySequence("Ctrl+Shift+C"), "compare")

        # Journey
        self.add_stage = self._make("Add &stage", w.add_stage, QKeySequence("Ctrl+Alt+S"), "stage")
        self.add_lane = self._make("Add &lane…", w.add_lane, QKeySequence("Ctrl+Alt+R"))
        self.add_future = self._make("Add &future-state journey", w.add_future_journey)
        self.rename_journey = self._make("&Rename journey…", w.rename_journey)
        self.delete_journey = self._make("&Delete journey", w.delete_journey)

        # Help
        self.shortcuts = self._make("&Keyboard shortcuts", w.show_shortcuts, Key.HelpContents)
        self.about = self._make("&About Waymark", w.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

    def _make(self, text: str, slot: Callable[[], object], shortcut: Key | QKeySequence | None = None,
              icon: str | None = None, *, canvas_only: bool = False, shortcut_in_menu_only: bool = False) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            sequences = QKeySequence.keyBindings(shortcut) if isinstance(shortcut, Key) else [shortcut]
            action.setShortcuts(sequences)
        if icon:
            action.setIcon(drawn_icon(icon))
        tip = text.replace("&", "").replace("…", "")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        if canvas_only:
            # active while the map has focus, so text fields keep their own Copy/Paste/Delete
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.window.canvas_area().addAction(action)
        elif shortcut_in_menu_only:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.window.addAction(action)
        self.all.append(action)
        return action

    # ------------------------------------------------------------------ menus, toolbar
    def build_menus(self, recent_menu: QMenu, dock_toggles: list[QAction]) -> None:
        bar = self.window.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new, self.new_from_template, self.open])
        recent_menu.setTitle("Open &Recent")
        file.addMenu(recent_menu)
        file.addSeparator()
        file.addActions([self.save, self.save_as, self.revert])
        file.addSeparator()
        file.addActions([self.import_, self.import_survey, self.export_pdf, self.export])
        file.addSeparator()
        file.addActions([self.share_live, self.join_live, self.stop_live])
        file.addSeparator()
        file.addActions([self.close, self.quit])

        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addActions([self.cut, self.copy, self.paste, self.duplicate, self.delete])
        edit.addSeparator()
        edit.addActions([self.select_all, self.add_touchpoint, self.add_dot, self.remove_dot, self.raise_emotion,
                         self.lower_emotion])

        view = bar.addMenu("&View")
        view.addActions([self.zoom_in, self.zoom_out, self.fit, self.actual_size])
        view.addSeparator()
        view.addAction(self.presentation)
        view.addSeparator()
        view.addActions([self.dashboard, self.insights, self.compare])
        view.addSeparator()
        panels = view.addMenu("&Panels")
        panels.addActions(dock_toggles)

        journey = bar.addMenu("&Journey")
        journey.addActions([self.add_stage, self.add_lane])
        journey.addSeparator()
        journey.addActions([self.add_future, self.rename_journey, self.delete_journey])

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts, self.about])

    def build_toolbar(self) -> QToolBar:
        bar = QToolBar("Main toolbar", self.window)
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        groups = [
            [self.new, self.open, self.save],
            [self.undo, self.redo],
            [self.add_touchpoint, self.add_stage, self.delete],
            [self.zoom_out, self.zoom_in, self.fit],
            [self.export_pdf, self.export],
            [self.dashboard, self.insights, self.compare, self.presentation],
        ]
        for i, group in enumerate(groups):
            if i:
                bar.addSeparator()
            bar.addActions(group)
        return bar

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(menu group, command, keys) for every action with a shortcut, for Help > Keyboard shortcuts."""
        rows = []
        for menu in self.window.menuBar().findChildren(QMenu):
            title = menu.title().replace("&", "")
            for action in menu.actions():
                keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                                 # QKeySequence has operator[]; PySide6's stubs lack __getitem__
                                 if s[0].key() not in _DEVICE_KEYS)  # type: ignore[index]
                if keys and not action.isSeparator():
                    rows.append((title, command_name(action), keys))
        return rows


# dedicated keys of some keyboards (a "Copy" key): real shortcuts, but noise in the list people read
_DEVICE_KEYS = {Qt.Key.Key_New, Qt.Key.Key_Open, Qt.Key.Key_Save, Qt.Key.Key_Close, Qt.Key.Key_Undo,
                Qt.Key.Key_Redo, Qt.Key.Key_Cut, Qt.Key.Key_Copy, Qt.Key.Key_Paste, Qt.Key.Key_Find,
                Qt.Key.Key_ZoomIn, Qt.Key.Key_ZoomOut, Qt.Key.Key_Help, Qt.Key.Key_Exit, Qt.Key.Key_Back,
                Qt.Key.Key_Forward}


def command_name(action: QAction) -> str:
    """The command's name without mnemonic (Undo/Redo without the name of the step)."""
    return str(action.property("command_name") or action.text().replace("&", ""))


def _unique(sequences: list[QKeySequence]) -> list[QKeySequence]:
    seen: list[QKeySequence] = []
    for s in sequences:
        if not s.isEmpty() and s not in seen:
            seen.append(s)
    return seen
