"""The inspector's forms, one per kind of element: journey, stage, lane, touchpoint, pain point
or opportunity, persona (and a message when there is nothing to edit).

Each form lists its fields on a BoundForm (inspector_fields.py), which keeps them in step with the
model in both directions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from app.editing import JourneyEditor
from app.model import (
    EMOTION_LABELS,
    FIVE_CS,
    AnnotationKind,
    KEY_COMPONENTS,
    Channel,
    Journey,
    JourneyState,
    LaneKind,
    Persona,
)
from app.model.vocabulary import OpportunityStatus

from .inspector_fields import BoundForm

EMOTION_CHOICES: list[tuple[str, Any]] = [("Not rated", None)] + [
    (f"{score:+d}  {label}" if score else f"0  {label}", score) for score, label in sorted(EMOTION_LABELS.items())
]


def persona_color(persona: Persona, personas: list[Persona]) -> str:
    """The colour the map uses for the persona: the model's rule (app.model.personas)."""
    from app.model.personas import persona_color

    return persona_color(persona, personas)


def swatch(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class JourneyForm(BoundForm):
    def __init__(self, editor: JourneyEditor, journey: Journey, show_persona: Callable[[str], None]) -> None:
        super().__init__("Journey", editor, journey, journey.id)  # the element edited is the journey
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
        names = [(p.id, p.name, persona_color(p, personas)) for p in personas]
        if names == self._persona_names:
            return
        self._persona_names = names
        while self._personas.count():
            item = self._personas.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for persona_id, name, color in names:
            button = QPushButton(swatch(color), name or "Unnamed persona")
            button.setToolTip("Edit this persona (its colour draws its emotion curve)")
            button.setFlat(True)
            button.setStyleSheet("text-align: left; padding: 3px 6px;")
            button.clicked.connect(lambda _c=False, pid=persona_id: self._show_persona(pid))
            self._personas.addWidget(button)

    def _add_persona(self) -> None:
        persona = self.editor.add_persona(Persona(f"Persona {len(self.editor.project.personas) + 1}"))
        self._show_persona(persona.id)


class StageForm(BoundForm):
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
            changes: dict[str, Any] = {table: scores}
            self.editor.update(self.journey, self.element_id, step="Rate stage", **changes)
        spin = self.number(key.capitalize(), f"{table}.{key}", 0, 5, 1, write=write, read=read, special="—")
        spin.setToolTip("0 (shown as —) means not rated")


class LaneForm(BoundForm):
    def __init__(self, editor: JourneyEditor, journey: Journey, element_id: str) -> None:
        super().__init__("Lane", editor, journey, element_id)
        self.line("Title", "title")
        self.combo("Kind", "kind", [(k.label, k) for k in LaneKind])
        self.check("Hidden", "hidden")
        self.refresh()


class TouchpointForm(BoundForm):
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
            self._persona_emotion(persona)
        self.section("Flags")
        self.check("Moment of truth", "moment_of_truth")
        self.check("Delight moment", "delight")
        self.text("Notes", "notes")
        self.refresh()

    def _persona_emotion(self, persona: Persona) -> None:
        """A score field for one persona's emotion at this touchpoint."""
        def write(score: int | None) -> None:
            self.editor.set_emotion(self.journey, self.element_id, score, persona.id)

        def read() -> int | None:
            score: int | None = self.value("persona_emotions").get(persona.id)
            return score
        self.combo(persona.name or "Persona", f"persona.{persona.id}", EMOTION_CHOICES, write=write, read=read)


class AnnotationForm(BoundForm):
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


class PersonaForm(BoundForm):
    def __init__(self, editor: JourneyEditor, journey: Journey, persona_id: str, back: Callable[[], None]) -> None:
        super().__init__("Persona", editor, journey, persona_id)
        self.line("Name", "name", on_finish=True)
        self.line("Role", "role", on_finish=True)
        self.text("Goals", "goals", as_list=True, lines=4).setPlaceholderText("One goal per line")
        self.text("Frustrations", "frustrations", as_list=True, lines=4).setPlaceholderText(
            "One frustration per line")
        color = QWidget()
        row = QHBoxLayout(color)
        row.setContentsMargins(0, 0, 0, 0)
        self.swatch = QPushButton()
        self.swatch.setObjectName("color_button")
        self.swatch.setFixedSize(44, 24)
        self.swatch.clicked.connect(self._pick_color)
        self.color_name = QLabel()
        row.addWidget(self.swatch)
        row.addWidget(self.color_name)
        row.addStretch(1)
        self.layout_.addRow("Colour", color)
        self._pulls.append(self._pull_color)
        buttons = QWidget()
        row2 = QHBoxLayout(buttons)
        row2.setContentsMargins(0, 8, 0, 0)
        done = QPushButton("Back to journey")
        done.clicked.connect(back)
        delete = QPushButton("Delete persona")
        def delete_persona() -> None:
            self.editor.remove_persona(self.element_id)
            back()
        delete.clicked.connect(delete_persona)
        row2.addWidget(done)
        row2.addWidget(delete)
        self.layout_.addRow(buttons)
        self.refresh()

    def value(self, name: str) -> Any:
        return getattr(self.editor.project.persona(self.element_id), name)

    def write(self, changes: dict[str, Any], merge: bool) -> None:
        self.editor.update_persona(self.element_id, **changes)

    def _pick_color(self) -> None:
        from PySide6.QtWidgets import QColorDialog

        current = QColor(self.editor.project.persona_color(self.editor.project.persona(self.element_id)))
        chosen = QColorDialog.getColor(current, self, "Persona colour")
        if chosen.isValid():
            self._try(lambda: self.write({"color": chosen.name()}, False))

    def _pull_color(self) -> None:
        own = self.value("color") or ""
        shown = self.editor.project.persona_color(self.editor.project.persona(self.element_id))  # the model's rule
        self.color_name.setText(own if own == shown or own.lower() == shown else f"automatic ({shown})")
        self.swatch.setStyleSheet(f"background: {shown}; border: 1px solid palette(mid);")


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
