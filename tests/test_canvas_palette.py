"""The palette offers every element kind, each entry carrying the PALETTE_MIME payload its drag delivers."""

from __future__ import annotations

from app.model import Channel, LaneKind, MetricKind
from app.widgets import mime


def test_palette_entries_and_payloads(qtbot):
    from app.widgets.palette import PaletteWidget

    palette = PaletteWidget()
    qtbot.addWidget(palette)
    tree = palette.tree
    assert tree.mimeTypes() == [mime.PALETTE_MIME]
    for channel in Channel:
        item = tree.entry(channel.label, "touchpoint")
        assert not item.icon(0).isNull()
        payload = mime.decode(bytes(tree.mimeData([item]).data(mime.PALETTE_MIME)))
        assert payload == {"element": "touchpoint", "channel": channel.value}
    for kind in LaneKind:
        assert mime.decode(bytes(palette.mime_for(f"{kind.label} lane", "lane").data(mime.PALETTE_MIME))) == {
            "element": "lane", "lane_kind": kind.value}
    for kind in MetricKind:
        payload = mime.decode(bytes(palette.mime_for(kind.label, "metric").data(mime.PALETTE_MIME)))
        assert payload == {"element": "metric", "metric_kind": kind.value}
    for label, element in (("Stage", "stage"), ("Pain point", "pain_point"), ("Opportunity", "opportunity"),
                           ("Persona", "persona")):
        assert mime.decode(bytes(palette.mime_for(label, element).data(mime.PALETTE_MIME)))["element"] == element
    # section headers cannot be dragged
    header = tree.topLevelItem(0)
    assert not tree.mimeData([header]).hasFormat(mime.PALETTE_MIME)


def test_persona_drop_adds_to_the_project(qtbot):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from app.widgets.palette import PaletteWidget
    from tests.canvas_support import make_canvas

    canvas = make_canvas(qtbot)
    data = PaletteWidget().mime_for("Persona", "persona")
    pos = canvas.mapFromScene(QPointF(400, 200))
    flags = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas.viewport(), QDragEnterEvent(pos, *flags))
    QApplication.sendEvent(canvas.viewport(), QDropEvent(QPointF(pos), *flags))
    assert [p.name for p in canvas.editor.project.personas] == ["Persona 1"]
    assert canvas.editor.stack.undoText() == "Add persona"
