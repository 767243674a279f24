"""JourneyEditor: the facade for every user edit. Each method asks the model whether the edit
is allowed, then pushes one named QUndoCommand onto the project's QUndoStack; the command
changes the model, and the views (canvas, inspector, docks) follow the model's change
notifications.

The rules are the model's (Journey.check_* and Project.check_*): the editor runs the same check
before the push that the model runs inside the command, so a refused edit raises ModelError to
the caller and changes nothing, the undo stack included. Should a command still fail inside the
model, it removes itself from the stack (ModelCommand) and the error reaches the caller.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.model import (
    Annotation,
    AnnotationKind,
    Journey,
    Lane,
    LaneKind,
    Metric,
    ModelError,
    NodeKind,
    Persona,
    Project,
    Stage,
    Touchpoint,
)

from .commands import ModelCommand, UpdateCommand

_KIND_NAMES = {
    NodeKind.STAGE: "stage",
    NodeKind.LANE: "lane",
    NodeKind.TOUCHPOINT: "touchpoint",
    NodeKind.METRIC: "metric",
}


def element_name(journey: Journey, element_id: str) -> str:
    """'touchpoint', 'pain point', ... for undo texts."""
    kind = journey.kind_of(element_id)
    if kind is NodeKind.ANNOTATION:
        return journey.get(element_id).kind.label.lower()
    return _KIND_NAMES[kind]


class JourneyEditor(QObject):
    """All edits of one project, each an undo step."""

    edited = Signal()  # after any push, undo or redo

    def __init__(self, project: Project, stack: QUndoStack | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.stack = stack if stack is not None else QUndoStack(self)
        if self.stack.parent() is None:
            # the stack lives and dies with its editor, so no signal reaches a deleted receiver
            self.stack.setParent(self)
        # signal to signal, not to a Python method: when the editor is deleted, Qt drops this
        # connection before it deletes the stack, whose clear() would otherwise call into the
        # half-deleted editor
        self.stack.indexChanged.connect(self.edited)

    def note_remote_edit(self) -> None:
        """Someone else's edit reached the model directly (live co-editing), not through the stack:
        the views that follow `edited` refresh, and the project counts as unsaved. Undo still
        undoes only this user's own steps."""
        self.stack.resetClean()
        self.edited.emit()

    # ----------------------------------------------------------------- plumbing
    def _push(self, text: str, do: Any, undo: Any) -> Any:
        # `do` and `undo` hold the model (journey, project), never the editor: a command that
        # held the editor would make editor -> stack -> command -> editor a reference cycle,
        # which only the garbage collector could end, and it may free the commands before the
        # stack that still lists them (a crash). Without the cycle an editor nobody owns goes
        # the moment its last reference does, its stack deleting its commands in order.
        command = ModelCommand(text, do, undo)
        self.stack.push(command)
        if command.error is not None:  # refused inside the model: the stack has dropped the command
            raise command.error
        return command.state

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Group several edits into one undo step."""
        self.stack.beginMacro(text)
        try:
            yield
        finally:
            self.stack.endMacro()

    # ------------------------------------------------------------------ adding
    def add_stage(self, journey: Journey, name: str, index: int | None = None, **fields: Any) -> Stage:
        stage = Stage(name, **fields)
        journey.check_new(stage)
        self._push("Add stage", lambda: journey.add_stage(stage.copy(), index),
                   lambda _s: journey.remove(stage.id))
        return journey.get(stage.id)

    def add_lane(self, journey: Journey, kind: LaneKind | str, title: str = "",
                 index: int | None = None) -> Lane:
        lane = Lane(LaneKind(kind), title)
        journey.check_new(lane)
        self._push("Add lane", lambda: journey.add_lane(lane.copy(), index), lambda _s: journey.remove(lane.id))
        return journey.get(lane.id)

    def add_touchpoint(self, journey: Journey, stage_id: str, lane_id: str, index: int | None = None,
                       text: str = "Add touchpoint", **fields: Any) -> Touchpoint:
        tp = Touchpoint(fields.pop("title", "New touchpoint"), **fields)
        journey.check_new(tp)
        journey.check_cell(stage_id, lane_id)
        self._push(text, lambda: journey.add_touchpoint(tp.copy(), stage_id, lane_id, index),
                   lambda _s: journey.remove(tp.id))
        return journey.get(tp.id)

    def add_annotation(self, journey: Journey, kind: AnnotationKind | str, target_id: str,
                       text: str = "", severity: int = 3, votes: int = 0) -> Annotation:
        ann = Annotation(AnnotationKind(kind), text or AnnotationKind(kind).label, severity=severity, votes=votes)
        journey.check_new(ann)
        journey.check_target(target_id, NodeKind.ANNOTATION)
        self._push(f"Add {ann.kind.label.lower()}", lambda: journey.add_annotation(ann.copy(), target_id),
                   lambda _s: journey.remove(ann.id))
        return journey.get(ann.id)

    def add_metric(self, journey: Journey, metric: Metric, target_id: str | None = None) -> Metric:
        journey.check_new(metric)
        journey.check_target(target_id, NodeKind.METRIC)
        self._push(f"Add {metric.kind.label} metric", lambda: journey.add_metric(metric.copy(), target_id),
                   lambda _s: journey.remove(metric.id))
        return journey.get(metric.id)

    def add_path(self, journey: Journey, source: str, target: str, label: str = "") -> None:
        journey.check_path(source, target)
        self._push("Connect touchpoints", lambda: journey.add_path(source, target, label),
                   lambda _s: journey.remove_path(source, target))

    def remove_path(self, journey: Journey, source: str, target: str) -> None:
        journey.check_path_exists(source, target)
        label = journey.path_label(source, target)
        self._push("Remove connection", lambda: journey.remove_path(source, target),
                   lambda _s: journey.add_path(source, target, label))

    def insert_fragment(self, journey: Journey, build: Any, text: str = "Paste") -> list[str]:
        """Run `build(journey) -> [ids]` as one undo step (paste, duplicate, templates). If the
        model refuses part of it, what was added is taken out again: all of it or nothing."""
        created: list[str] = []

        def do() -> list[str]:
            before = set(journey.graph)
            try:
                created[:] = build(journey)
            except ModelError:
                with journey.batched():
                    for element_id in [n for n in journey.graph if n not in before]:
                        if element_id in journey:
                            journey.remove(element_id)
                raise
            return created

        def undo(_state: Any) -> None:
            for element_id in reversed(created):
                if element_id in journey:
                    journey.remove(element_id)

        self._push(text, do, undo)
        return created

    # ---------------------------------------------------------------- removing
    def remove(self, journey: Journey, ids: Sequence[str], text: str | None = None) -> None:
        """Delete elements (with what belongs to them) as one undo step."""
        ids = [i for i in dict.fromkeys(ids) if i in journey]
        if not ids:
            return
        if text is None:
            text = f"Delete {element_name(journey, ids[0])}" if len(ids) == 1 else f"Delete {len(ids)} items"

        def do() -> list[Any]:
            with journey.batched():  # the views follow the whole deletion at once
                return [journey.remove(i) for i in ids if i in journey]

        def undo(removals: list[Any]) -> None:
            with journey.batched():
                for removal in reversed(removals):
                    journey.restore(removal)

        self._push(text, do, undo)

    # ---------------------------------------------------------------- changing
    def update(self, journey: Journey, element_id: str, *, step: str | None = None,
               merge: bool = False, **changes: Any) -> None:
        """Set fields of an element (any field, `text` of a pain point included), as one undo
        step named `step`. With merge=True, repeated edits of the same fields of the same
        element (typing, dragging a slider) collapse into one undo step."""
        trial = journey.check_update(element_id, **changes)
        if all(getattr(journey.get(element_id), k) == getattr(trial, k) for k in changes):
            return
        name = step or f"Edit {element_name(journey, element_id)}"
        key = f"{element_id}:{','.join(sorted(changes))}" if merge else None
        command = UpdateCommand(name, journey, element_id, changes, key)
        self.stack.push(command)
        if command.error is not None:
            raise command.error

    def set_emotion(self, journey: Journey, tp_id: str, score: int | None, persona_id: str | None = None) -> None:
        tp = journey.get(tp_id)
        if persona_id is None:
            self.update(journey, tp_id, step="Set emotion", emotion=score)
            return
        scores = dict(tp.persona_emotions)
        if score is None:
            scores.pop(persona_id, None)
        else:
            scores[persona_id] = score
        self.update(journey, tp_id, step="Set emotion", persona_emotions=scores)

    def set_meta(self, journey: Journey, text: str = "Edit journey details", **changes: Any) -> None:
        journey.check_meta(**changes)
        if all(getattr(journey, k, None) == v for k, v in changes.items()):
            return
        if "title" in changes and self.project.title_follows(journey):  # one title, one undo step
            project = self.project
            self._push(text, lambda: (journey.set_meta(**changes), project.set_title(changes["title"])),
                       lambda old: (journey.set_meta(**old[0]), project.set_title(old[1])))
            return
        self._push(text, lambda: journey.set_meta(**changes), lambda old: journey.set_meta(**old))

    def move_touchpoint(self, journey: Journey, tp_id: str, stage_id: str, lane_id: str,
                        index: int | None = None, text: str = "Move touchpoint") -> None:
        journey.check_move_touchpoint(tp_id, stage_id, lane_id)
        here = (journey.stage_of(tp_id).id, journey.lane_of(tp_id).id, journey.get(tp_id).order)
        siblings = len(journey.touchpoints(stage_id, lane_id))
        if index is not None and (stage_id, lane_id) == here[:2]:
            index = min(index, siblings - 1)
            if index == here[2]:
                return
        self._push(text, lambda: journey.move_touchpoint(tp_id, stage_id, lane_id, index),
                   lambda old: journey.move_touchpoint(tp_id, *old))

    def move_touchpoints(self, journey: Journey, tp_ids: Sequence[str], stage_id: str, lane_id: str,
                         index: int, text: str | None = None) -> None:
        """Move several touchpoints (kept in the given order) into one cell at index, counted among the
        cell's other cards: one undo step ("Move touchpoint" / "Move 3 touchpoints")."""
        ids = list(dict.fromkeys(tp_ids))
        if not ids:
            return
        for tp_id in ids:
            journey.check_move_touchpoint(tp_id, stage_id, lane_id)
        others = [t.id for t in journey.touchpoints(stage_id, lane_id) if t.id not in ids]
        index = max(0, min(index, len(others)))
        final = others[:index] + ids + others[index:]
        if [t.id for t in journey.touchpoints(stage_id, lane_id)] == final:
            return
        text = text or ("Move touchpoint" if len(ids) == 1 else f"Move {len(ids)} touchpoints")

        def do() -> list[tuple[str, tuple[str, str, int]]]:
            undo_steps = []
            with journey.batched():
                for tp_id in ids:  # first all to the end of the cell, in order ...
                    undo_steps.append((tp_id, journey.move_touchpoint(tp_id, stage_id, lane_id, None)))
                for offset, tp_id in enumerate(ids):  # ... then each to its final index
                    undo_steps.append((tp_id, journey.move_touchpoint(tp_id, stage_id, lane_id, index + offset)))
            return undo_steps

        def undo(undo_steps: list[tuple[str, tuple[str, str, int]]]) -> None:
            with journey.batched():
                for tp_id, old in reversed(undo_steps):
                    journey.move_touchpoint(tp_id, *old)

        self._push(text, do, undo)

    def move(self, journey: Journey, element_id: str, index: int, text: str | None = None) -> None:
        """Reorder a stage, lane, annotation or metric among its siblings."""
        if journey.index_of(element_id) == index:
            return
        text = text or f"Move {element_name(journey, element_id)}"
        self._push(text, lambda: journey.move(element_id, index), lambda old: journey.move(element_id, old))

    def attach(self, journey: Journey, element_id: str, target_id: str | None, text: str | None = None) -> None:
        journey.check_attach(element_id, target_id)
        if journey.target_of(element_id) == target_id:
            return
        text = text or f"Move {element_name(journey, element_id)}"
        self._push(text, lambda: journey.attach(element_id, target_id),
                   lambda old: journey.attach(element_id, old[0], old[1]))

    def apply_survey(self, journey: Journey, results: Sequence[Any], source: str = "") -> list[Any]:
        """Record computed survey results (app.model.survey) as metrics: one undo step."""
        from app.model.survey import survey_changes, updated_fields

        changes = survey_changes(journey, results, source)
        if not changes:
            return changes
        with self.macro("Import survey"):
            for change in changes:
                if isinstance(change.metric, Metric):
                    self.add_metric(journey, change.metric, change.target_id)
                else:
                    fields = updated_fields(journey.get(change.metric), change.sample, source)
                    self.update(journey, change.metric, step="Import survey", **fields)
        return changes

    # ----------------------------------------------------------------- project
    def add_persona(self, persona: Persona) -> Persona:
        self.project.check_new_persona(persona)
        project = self.project
        self._push("Add persona", lambda: project.add_persona(persona),
                   lambda _s: project.remove_persona(persona.id))
        return persona

    def remove_persona(self, persona_id: str) -> None:
        self.project.persona(persona_id)  # a persona that exists
        project = self.project
        self._push("Delete persona", lambda: project.remove_persona(persona_id),
                   lambda removal: project.restore_persona(removal))

    def update_persona(self, persona_id: str, **changes: Any) -> None:
        persona = self.project.persona(persona_id)
        trial = self.project.check_persona_update(persona_id, **changes)
        if all(getattr(persona, k) == getattr(trial, k) for k in changes):
            return
        project = self.project
        self._push("Edit persona", lambda: project.update_persona(persona_id, **changes),
                   lambda old: project.update_persona(persona_id, **old))

    def add_journey(self, journey: Journey, index: int | None = None) -> Journey:
        self.project.check_new_journey(journey, index)
        project = self.project
        self._push("Add journey", lambda: project.add_journey(journey, index),
                   lambda _s: project.remove_journey(journey.id))
        return journey

    def remove_journey(self, journey_id: str) -> None:
        self.project.check_remove_journey(journey_id)
        project = self.project
        self._push("Delete journey", lambda: project.remove_journey(journey_id),
                   lambda removed: project.add_journey(removed[0], removed[1]))

    def set_workshop(self, results: Any, text: str = "Record workshop results") -> None:
        """Put a workshop session's results (app.model.workshop_results) in the project."""
        results = results.copy()
        project = self.project
        self._push(text, lambda: project.set_workshop(results),
                   lambda old: project.set_workshop(old, results.id))

    def set_report(self, text: str = "Edit report settings", **changes: str) -> None:
        """Change the report's brand settings (organisation, logo, accent, footer,
        confidentiality, author, version) as one undo step; the model's rule (Project.check_report)
        runs before the push, so a refused value (a bad colour, a broken logo) leaves the stack as
        it was."""
        if self.project.check_report(**changes) == self.project.report:
            return
        project = self.project
        self._push(text, lambda: project.set_report(**changes), lambda old: project.set_report(**old))

    def set_language(self, language: str) -> None:
        from app.model.report import check_language

        check_language(language)
        if language == self.project.language:
            return
        project = self.project
        self._push("Set project language", lambda: project.set_language(language),
                   lambda old: project.set_language(old))

    def set_project_title(self, title: str) -> None:
        if title == self.project.title:
            return
        first = self.project.journeys[0] if self.project.journeys else None
        if first is not None and self.project.title_follows(first) and first.title == self.project.title:
            self.set_meta(first, "Rename project", title=title)  # the journey of the same name follows
            return
        project = self.project
        self._push("Rename project", lambda: project.set_title(title),
                   lambda old: project.set_title(old))
