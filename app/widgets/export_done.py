"""After an export: say which file was written, with a way to open it or the folder it is in.

The note is not modal (the work goes on) and belongs to the window, so it never outlives it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_export(parent: QWidget, path: str | Path) -> QMessageBox:
    path = Path(path).resolve()
    box = QMessageBox(QMessageBox.Icon.Information, "Export finished", f"Exported {path.name}", parent=parent)
    box.setObjectName("export_done")
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names may hold "<" or "&"
    box.setInformativeText(f"Saved in {path.parent}")
    open_file = box.addButton("&Open", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("Show in &folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    # the buttons act without closing the note first: one may open the file and then the folder
    open_file.clicked.disconnect()
    open_folder.clicked.disconnect()
    open_file.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    return box
