"""New from template: the templates of app.model.templates with their descriptions and a preview.

The preview is the template's first journey drawn by the same layout and drawing code as the
canvas and the exports, scaled down.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model import Project

PREVIEW_SIZE = QSize(560, 300)


def template_preview(project: Project, size: QSize = PREVIEW_SIZE) -> QImage:
    """The first journey of a project drawn to fit `size` (white paper, like the canvas)."""
    from app.layout import layout_journey
    from app.render.draw import draw_map

    from app.render.qt_surface import QtSurface

    journey = project.journey()
    layout = layout_journey(journey, project.personas)
    bounds = layout.bounds
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    margin = 8.0
    scale = min((size.width() - 2 * margin) / max(bounds.w, 1.0), (size.height() - 2 * margin) / max(bounds.h, 1.0))
    painter.translate((size.width() - bounds.w * scale) / 2, (size.height() - bounds.h * scale) / 2)
    painter.scale(scale, scale)
    painter.translate(-bounds.x, -bounds.y)
    draw_map(QtSurface(painter), layout, journey, project.personas)
    painter.end()
    return image


class NewFromTemplateDialog(QDialog):
    """Pick a template; `build_project()` makes the new project from it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.model.templates import TEMPLATES

        self.templates = TEMPLATES
        self.setWindowTitle("New from template")
        self.resize(900, 460)
        layout = QVBoxLayout(self)
        body = QHBoxLayout()
        layout.addLayout(body, 1)

        self.list = QListWidget()
        self.list.setObjectName("templates")
        self.list.setFixedWidth(250)
        self.list.setSpacing(3)
        self.list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        for name, template in TEMPLATES.items():
            item = QListWidgetItem(template.title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(template.description)
            self.list.addItem(item)
        body.addWidget(self.list)

        side = QVBoxLayout()
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("description")
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid palette(mid); background: white;")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Project title (optional)")
        side.addWidget(self.heading)
        side.addWidget(self.description)
        side.addWidget(self.preview)
        side.addWidget(self.title_edit)
        side.addStretch(1)
        body.addLayout(side, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._previews: dict[str, QPixmap] = {}
        self.list.currentItemChanged.connect(lambda _item, _previous: self._show_current())
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.setCurrentRow(0)

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, name: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    def _show_current(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        template = self.templates[name]
        self.heading.setText(template.title)
        self.description.setText(template.description)
        if name not in self._previews:
            from app.model.templates import build_template

            self._previews[name] = QPixmap.fromImage(template_preview(build_template(name)))
        self.preview.setPixmap(self._previews[name])

    def build_project(self) -> Project:
        from app.model.templates import build_template

        name = self.selected_name()
        assert name is not None
        title = self.title_edit.text().strip() or None
        return build_template(name, title)
