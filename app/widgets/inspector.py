"""The inspector dock: a form for what is selected (or the journey when nothing is).

Forms are bound both ways. Editing a field calls JourneyEditor (typing merges into one undo
step per field); every model change (an edit here, on the canvas, an undo) refreshes the
fields from the model, so the form always shows the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.editing import JourneyEditor
from app.model import (
    EMOTION_LABELS,
    AnnotationKind,
    FIVE_CS,
    KEY_COMPONENTS,
    Change,
    Channel,
    Journey,
    JourneyState,
    LaneKind,
    ModelError,
    NodeKind,
    Persona,
)

if TYPE_CHECKING:
    from .main_window import MainWindow

EMOTION_CHOICES: list[tuple[str, Any]] = [("Not rated", None)] + [
    (f"{score:+d}  {label}" if score else f"0  {label}", score) for score, label in sorted(EMOTION_LABELS.items())
]


def persona_colour(persona: Persona, personas: list[Persona]) -> str:
    """The colour the map uses for the persona: the model's rule (app.model.personas)."""
    from app.model.personas import persona_color

    return persona_color(persona, personas)


def swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class NoteEdit(QPlainTextEdit):
    """A multi-line field that says when the user leaves it (to commit as one step)."""

    editingFinished = Signal()

    def __init__(self, lines: int = 3) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class Form(QWidget):
    """Fields of one element bound to the model; `write` sends changes through the editor."""

    def __init__(self, heading: str, editor: JourneyEditor, journey: Journey, element_id: str | None) -> None:
        super().__init__()
        self.editor, self.journey, self.element_id = editor, journey, element_id
        self._pulls: list[Callable[[], None]] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 12)
        outer.setSpacing(8)
        title = QLabel(heading)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        outer.addWidget(title)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c53030;")
        self.error.hide()
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addLayout(self.layout_)
        outer.addWidget(self.error)
        outer.addStretch(1)

    # --------------------------------------------------------------- plumbing
    def value(self, name: str) -> Any:
        return getattr(self.journey.get(self.element_id), name)

    def write(self, changes: dict[str, Any], merge: bool) -> None:
        self.editor.update(self.journey, self.element_id, merge=merge, **changes)

    def _try(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ModelError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.refresh()  # the widgets show the model again, which refused the edit
            return
        self.error.hide()

    def refresh(self) -> None:
        for pull in self._pulls:
            pull()

    def section(self, text: str) -> None:
        label = QLabel(text.upper())
        label.setStyleSheet("color: #7b8794; font-size: 8pt; font-weight: 600; letter-spacing: 1px; padding-top: 8px;")
        label.setProperty("section", True)
        self.layout_.addRow(label)

    # ----------------------------------------------------------------- fields
    def line(self, label: str, name: str, *, on_finish: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        if on_finish:
            edit.editingFinished.connect(lambda: self._try(lambda: self.write({name: edit.text()}, False)))
        else:
            edit.textEdited.connect(lambda text: self._try(lambda: self.write({name: text}, True)))

        def pull() -> None:
            value = str(self.value(name) or "")
            if edit.text() != value:
                edit.setText(value)
        self._pulls.append(pull)
        self.layout_.addRow(label, edit)
        return edit

    def text(self, label: str, name: str, *, lines: int = 3, as_list: bool = False,
             on_finish: bool = False) -> NoteEdit:
        edit = NoteEdit(lines)
        edit.setObjectName(name)

        def model_text() -> str:
            value = self.value(name)
            return "\n".join(value) if as_list else str(value or "")

        def commit() -> None:
            text = edit.toPlainText()
            value: Any = [s.strip() for s in text.splitlines() if s.strip()] if as_list else text
            if text != model_text():
                self._try(lambda: self.write({name: value}, not on_finish))
        on_finish = on_finish or as_list
        if on_finish:
            edit.editingFinished.connect(commit)
        else:
            edit.textChanged.connect(commit)

        def pull() -> None:
            if edit.toPlainText() != model_text() and not (on_finish and edit.hasFocus()):
                edit.blockSignals(True)
                edit.setPlainText(model_text())
                edit.blockSignals(False)
        self._pulls.append(pull)
        self.layout_.addRow(label, edit)
        return edit

    def combo(self, label: str, name: str, choices: list[tuple[str, Any]],
              write: Callable[[Any], None] | None = None, read: Callable[[], Any] | None = None) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for text, value in choices:
            box.addItem(text, value)
        values = [v for _, v in choices]
        read = read or (lambda: self.value(name))
        write = write or (lambda v: self.write({name: v}, False))
        box.activated.connect(lambda i: self._try(lambda: write(values[i])))

        def pull() -> None:
            current = read()
            index = values.index(current) if current in values else -1
            if box.currentIndex() != index:
                box.blockSignals(True)
                box.setCurrentIndex(index)
                box.blockSignals(False)
        self._pulls.append(pull)
        self.layout_.addRow(label, box)
        return box

    def check(self, label: str, name: str) -> QCheckBox:
        box = QCheckBox(label)
        box.setObjectName(name)
        box.clicked.connect(lambda on: self._try(lambda: self.write({name: bool(on)}, False)))

        def pull() -> None:
            on = bool(self.value(name))
            if box.isChecked() != on:
                box.setChecked(on)
        self._pulls.append(pull)
        self.layout_.addRow("", box)
        return box

    def number(self, label: str, name: str, low: float, high: float, step: float = 1.0,
               write: Callable[[Any], None] | None = None, read: Callable[[], Any] | None = None,
               special: str = "") -> QSpinBox | QDoubleSpinBox:
        spin: QSpinBox | QDoubleSpinBox
        if float(step).is_integer():
            spin = QSpinBox()
            spin.setRange(int(low), int(high))
        else:
            spin = QDoubleSpinBox()
            spin.setRange(low, high)
            spin.setDecimals(2)
        spin.setSingleStep(step)  # type: ignore[arg-type]
        spin.setObjectName(name)
        spin.setKeyboardTracking(False)
        if special:
            spin.setSpecialValueText(special)
        read = read or (lambda: self.value(name))
        write = write or (lambda v: self.write({name: v}, True))
        spin.valueChanged.connect(lambda v: self._try(lambda: write(v)))

        def pull() -> None:
            value = read()
            value = low if value is None else value
            if spin.value() != value:
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)
        self._pulls.append(pull)
        self.layout_.addRow(label, spin)
        return spin


# ------------------------------------------------------------------------ the forms
class JourneyForm(Form):
    def __init__(self, editor: JourneyEditor, journey: Journey, show_persona: Callable[[str], None]) -> None:
        super().__init__("Journey", editor, journey, None)
        self.line("Title", "title", on_finish=True)
        self.combo("State", "state", [(s.label, s) for s in JourneyState])
        self.line("Client", "client", on_finish=True)
        self.line("Author", "author", on_finish=True)
        self.line("Date", "date", on_finish=True).setPlaceholderText("YYYY-MM-DD")
        self.text("Notes", "notes", on_finish=True, lines=4)
        self.section("Personas")
        self._personas = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self._personas)
        self._personas.setContentsMargins(0, 0, 0, 0)
        self.layout_.addRow(holder)
        self._show_persona = show_persona
        add = QPushButton("Add persona")
        add.clicked.connect(self._add_persona)
        self.layout_.addRow("", add)
        self._persona_names: list[tuple[str, str, str]] = []
        self.refresh()

    def value(self, name: str) -> Any:
        return getattr(self.journey, name)

    def write(self, changes: dict[str, Any], merge: bool) -> None:
        self.editor.set_meta(self.journey, **changes)

    def refresh(self) -> None:
        super().refresh()
        personas = self.editor.project.personas
        names = [(p.id, p.name, persona_colour(p, personas)) for p in personas]
        if names == self._persona_names:
            return
        self._persona_names = names
        while self._personas.count():
            item = self._personas.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for persona_id, name, colour in names:
            button = QPushButton(swatch(colour), name or "Unnamed persona")
            button.setToolTip("Edit this persona (its colour draws its emotion curve)")
            button.setFlat(True)
            button.setStyleSheet("text-align: left; padding: 3px 6px;")
            button.clicked.connect(lambda _c=False, pid=persona_id: self._show_persona(pid))
            self._personas.addWidget(button)

    def _add_persona(self) -> None:
        persona = self.editor.add_persona(Persona(f"Persona {len(self.editor.project.personas) + 1}"))
        self._show_persona(persona.id)


class StageForm(Form):
    def __init__(self, editor: JourneyEditor, journey: Journey, element_id: str) -> None:
        super().__init__("Stage", editor, journey, element_id)
        self.line("Name", "name")
        self.text("Description", "description")
        self.number("Width", "width", 0.25, 8.0, 0.25)
        self.section("The 5 C's (1–5)")
        for key in FIVE_CS:
            self._score("five_cs", key)
        self.section("Key components (1–5)")
        for key in KEY_COMPONENTS:
            self._score("components", key)
        self.refresh()

    def _score(self, table: str, key: str) -> None:
        def read() -> int:
            return int(self.value(table).get(key, 0))

        def write(score: int) -> None:
            scores = dict(self.value(table))
            if score:
                scores[key] = score
            else:
                scores.pop(key, None)
            self.editor.update(self.journey, self.element_id, step="Rate stage", **{table: scores})
        spin = self.number(key.capitalize(), f"{table}.{key}", 0, 5, 1, write=write, read=read, special="—")
        spin.setToolTip("0 (shown as —) means not rated")


class LaneForm(Form):
    def __init__(self, editor: JourneyEditor, journey: Journey, element_id: str) -> None:
        super().__init__("Lane", editor, journey, element_id)
        self.line("Title", "title")
        self.combo("Kind", "kind", [(k.label, k) for k in LaneKind])
        self.check("Hidden", "hidden")
        self.refresh()


class TouchpointForm(Form):
    def __init__(self, editor: JourneyEditor, journey: Journey, element_id: str) -> None:
        super().__init__("Touchpoint", editor, journey, element_id)
        self.line("Title", "title")
        self.text("Description", "description")
        self.combo("Channel", "channel", [(c.label, c) for c in Channel])
        self.line("Owner", "owner")
        self.section("Emotion")
        self.combo("Score", "emotion", EMOTION_CHOICES,
                   write=lambda v: self.editor.set_emotion(self.journey, self.element_id, v))
        self.line("Label", "emotion_label")
        for persona in editor.project.personas:
            self.combo(persona.name or "Persona", f"persona.{persona.id}", EMOTION_CHOICES,
                       write=lambda v, pid=persona.id: self.editor.set_emotion(self.journey, self.element_id, v, pid),
                       read=lambda pid=persona.id: self.value("persona_emotions").get(pid))
        self.section("Flags")
        self.check("Moment of truth", "moment_of_truth")
        self.check("Delight moment", "delight")
        self.text("Notes", "notes")
        self.refresh()


class AnnotationForm(Form):
    def __init__(self, editor: JourneyEditor, journey: Journey, element_id: str) -> None:
        heading = journey.get(element_id).kind.label
        super().__init__(heading, editor, journey, element_id)
        where = QLabel()
        where.setObjectName("target")
        where.setWordWrap(True)
        self.layout_.addRow("About", where)

        def pull_target() -> None:
            target = self.journey.target_of(self.element_id)
            about = self.journey.get(target) if target else None
            name = getattr(about, "title", None) or getattr(about, "name", "")
            where.setText(f"{type(about).__name__}: {name}" if about is not None else "the whole journey")
        self._pulls.append(pull_target)
        self.text("Text", "text")
        self.number("Severity", "severity", 1, 5, 1,
                    write=lambda v: self.editor.update(self.journey, self.element_id, step="Set severity", severity=v))
        votes = QWidget()
        row = QHBoxLayout(votes)
        row.setContentsMargins(0, 0, 0, 0)
        self.minus = QToolButton()
        self.minus.setText("−")
        self.minus.setObjectName("vote_minus")
        self.minus.setToolTip("Remove a vote")
        self.plus = QToolButton()
        self.plus.setText("+")
        self.plus.setObjectName("vote_plus")
        self.plus.setToolTip("Add a vote (dot-voting)")
        self.count = QLabel()
        self.count.setObjectName("votes")
        self.count.setMinimumWidth(36)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for button in (self.minus, self.plus):
            button.setFixedSize(30, 26)
        row.addWidget(self.minus)
        row.addWidget(self.count)
        row.addWidget(self.plus)
        row.addStretch(1)
        self.minus.clicked.connect(lambda: self._vote(-1))
        self.plus.clicked.connect(lambda: self._vote(+1))
        self.layout_.addRow("Votes", votes)
        self._pulls.append(self._pull_votes)
        if self.value("kind") is AnnotationKind.OPPORTUNITY:  # who takes it forward, and where it stands
            from app.model.vocabulary import OpportunityStatus

            self.line("Owner", "owner", on_finish=True)
            self.combo("Status", "status", [(s.label, s) for s in OpportunityStatus],
                       write=lambda v: self.editor.update(self.journey, self.element_id, step="Set status", status=v))
        self.refresh()

    def _vote(self, delta: int) -> None:
        votes = max(0, self.value("votes") + delta)
        self._try(lambda: self.editor.update(self.journey, self.element_id,
                                             step="Add vote" if delta > 0 else "Remove vote", votes=votes))

    def _pull_votes(self) -> None:
        votes = self.value("votes")
        self.count.setText(str(votes))
        self.minus.setEnabled(votes > 0)


class PersonaForm(Form):
    def __init__(self, editor: JourneyEditor, journey: Journey, persona_id: str, back: Callable[[], None]) -> None:
        super().__init__("Persona", editor, journey, persona_id)
        self.line("Name", "name", on_finish=True)
        self.line("Role", "role", on_finish=True)
        self.text("Goals", "goals", as_list=True, lines=4).setPlaceholderText("One goal per line")
        self.text("Frustrations", "frustrations", as_list=True, lines=4).setPlaceholderText(
            "One frustration per line")
        colour = QWidget()
        row = QHBoxLayout(colour)
        row.setContentsMargins(0, 0, 0, 0)
        self.swatch = QPushButton()
        self.swatch.setObjectName("color_button")
        self.swatch.setFixedSize(44, 24)
        self.swatch.clicked.connect(self._pick_colour)
        self.colour_name = QLabel()
        row.addWidget(self.swatch)
        row.addWidget(self.colour_name)
        row.addStretch(1)
        self.layout_.addRow("Colour", colour)
        self._pulls.append(self._pull_colour)
        buttons = QWidget()
        row2 = QHBoxLayout(buttons)
        row2.setContentsMargins(0, 8, 0, 0)
        done = QPushButton("Back to journey")
        done.clicked.connect(back)
        delete = QPushButton("Delete persona")
        delete.clicked.connect(lambda: (self.editor.remove_persona(self.element_id), back()))
        row2.addWidget(done)
        row2.addWidget(delete)
        self.layout_.addRow(buttons)
        self.refresh()

    def value(self, name: str) -> Any:
        return getattr(self.editor.project.persona(self.element_id), name)

    def write(self, changes: dict[str, Any], merge: bool) -> None:
        self.editor.update_persona(self.element_id, **changes)

    def _pick_colour(self) -> None:
        from PySide6.QtWidgets import QColorDialog

        current = QColor(self.editor.project.persona_color(self.editor.project.persona(self.element_id)))
        chosen = QColorDialog.getColor(current, self, "Persona colour")
        if chosen.isValid():
            self._try(lambda: self.write({"color": chosen.name()}, False))

    def _pull_colour(self) -> None:
        colour = self.value("color") or ""
        self.colour_name.setText(colour or "automatic")
        self.swatch.setStyleSheet(f"background: {colour or 'transparent'}; border: 1px solid palette(mid);")


class MessageForm(QWidget):
    def __init__(self, text: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: palette(mid);")
        layout.addWidget(label)
        layout.addStretch(1)

    def refresh(self) -> None:
        return None


# ------------------------------------------------------------------------- the dock
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
        self.form: QWidget | None = None
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(self.scroll)
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
            self.form.refresh()  # type: ignore[attr-defined]

    def rebuild(self) -> None:
        """Build the form for the current selection."""
        self.form = self._make_form()
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(self.form)

    def _make_form(self) -> QWidget:
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
    def _metric_form(editor: JourneyEditor, journey: Journey, metric_id: str) -> QWidget:
        try:
            from app.widgets.metric_editor import MetricEditor
        except ImportError:
            metric = journey.get(metric_id)
            return MessageForm(f"{metric.name}: {metric.value if metric.value is not None else 'no value'}\n"
                               "(the metric editor is not available in this build)")
        widget = MetricEditor(editor, journey, metric_id)
        if not hasattr(widget, "refresh"):
            widget.refresh = lambda: None  # type: ignore[attr-defined]
        return widget
