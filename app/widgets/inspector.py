"""The inspector dock: the form for what is selected (or the journey when nothing is).

The dock follows the window's current journey and selection and rebuilds its form when the
selection or the set of personas changes; any other model change only refreshes the form's
fields. The forms themselves are in inspector_forms.py, their two-way binding in
inspector_fields.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea

from app.editing import JourneyEditor
from app.model import Change, Journey, NodeKind

from .inspector_fields import BoundForm, NoteEdit
from .inspector_forms import (
    AnnotationForm,
    JourneyForm,
    LaneForm,
    MessageForm,
    PersonaForm,
    StageForm,
    TouchpointForm,
)

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .metric_editor import MetricEditor

    # every form the dock shows can refresh its fields from the model
    InspectorForm = BoundForm | MessageForm | MetricEditor

__all__ = ["AnnotationForm", "BoundForm", "InspectorDock", "JourneyForm", "LaneForm", "MessageForm", "NoteEdit",
           "PersonaForm", "StageForm", "TouchpointForm"]


class InspectorDock(QDockWidget):
    """Shows the form of the selection on the current canvas."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__("Inspector", window)
        self.setObjectName("inspector_dock")
        self.window_ = window
        self.editor: JourneyEditor | None = None
        self.journey: Journey | None = None
        self.ids: list[str] = []
        self.persona_id: str | None = None
        self.form: InspectorForm | None = None
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(self.scroll_area)
        self.setMinimumWidth(280)
        window.journeyChanged.connect(self._on_journey)
        window.selectionChanged.connect(self._on_selection)

    def set_editor(self, editor: JourneyEditor | None) -> None:
        if self.editor is not None:
            self.editor.project.unsubscribe(self._on_change)
        self._set_journey(None)
        self.editor = editor
        self.ids, self.persona_id = [], None
        if editor is not None:
            editor.project.subscribe(self._on_change)
        self.rebuild()

    def _set_journey(self, journey: Journey | None) -> None:
        if self.journey is not None:
            self.journey.unsubscribe(self._on_change)
        self.journey = journey
        if journey is not None:
            journey.subscribe(self._on_change)

    def _on_journey(self, journey: Journey) -> None:
        if journey is not self.journey:
            self._set_journey(journey)
            self.ids, self.persona_id = [], None
            self.rebuild()

    def _on_selection(self, ids: list[str]) -> None:
        ids = list(ids)
        if ids == self.ids and self.persona_id is None:
            return
        self.ids, self.persona_id = ids, None
        self.rebuild()

    def show_persona(self, persona_id: str | None) -> None:
        self.persona_id = persona_id
        self.rebuild()

    def _on_change(self, change: Change) -> None:
        if self.form is None:
            return
        if self.persona_id and self.editor and self.persona_id not in [p.id for p in self.editor.project.personas]:
            self.persona_id = None
            self.rebuild()
            return
        structural = change.op in ("removed", "reset", "persona_added", "persona_removed") or (
            change.op == "persona_updated" and isinstance(self.form, TouchpointForm))
        if structural:
            self.rebuild()
        else:
            self.form.refresh()

    def rebuild(self) -> None:
        """Build the form for the current selection."""
        self.form = self._make_form()
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(self.form)

    def _make_form(self) -> InspectorForm:
        editor, journey = self.editor, self.journey
        if editor is None or journey is None:
            return MessageForm("No project")
        if self.persona_id is not None:
            return PersonaForm(editor, journey, self.persona_id, back=lambda: self.show_persona(None))
        ids = [i for i in self.ids if i in journey]
        persona_ids = [p.id for p in editor.project.personas]
        if len(self.ids) == 1 and self.ids[0] in persona_ids:
            return PersonaForm(editor, journey, self.ids[0], back=lambda: self.show_persona(None))
        if not ids:
            return JourneyForm(editor, journey, self.show_persona)
        if len(ids) > 1:
            return MessageForm(f"{len(ids)} items selected.\nSelect one item to edit its details.")
        kind = journey.kind_of(ids[0])
        if kind is NodeKind.STAGE:
            return StageForm(editor, journey, ids[0])
        if kind is NodeKind.LANE:
            return LaneForm(editor, journey, ids[0])
        if kind is NodeKind.TOUCHPOINT:
            return TouchpointForm(editor, journey, ids[0])
        if kind is NodeKind.ANNOTATION:
            return AnnotationForm(editor, journey, ids[0])
        return self._metric_form(editor, journey, ids[0])

    @staticmethod
    def _metric_form(editor: JourneyEditor, journey: Journey, metric_id: str) -> MetricEditor:
        from .metric_editor import MetricEditor  # loads when a metric is first selected

        return MetricEditor(editor, journey, metric_id)
