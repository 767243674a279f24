"""A project: the journeys of one customer (current and future state) and the personas they share.

As in Journey, each rule is a ``check_*`` method that the mutation runs first and the editor runs
before pushing an undo command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from .elements import ModelError, Persona
from .journey import Change, Journey, NodeKind
from .personas import persona_color
from .report import ReportSettings, check_language, default_language
from .workshop_results import WorkshopResults

DEFAULT_TITLE = "Untitled project"


@dataclass
class PersonaRemoval:
    persona: Persona
    index: int
    scores: list[tuple[str, str, int]] = field(default_factory=list)  # (journey, touchpoint, score)


class Project:
    """The unit saved in one .journey file."""

    def __init__(self, title: str = DEFAULT_TITLE, language: str | None = None) -> None:
        self.title = title
        self.journeys: list[Journey] = []
        self.personas: list[Persona] = []
        self.language = check_language(language) if language else default_language()  # BCP 47
        self.report = ReportSettings()  # the consultant's brand on the PDF
        self.workshops: list[WorkshopResults] = []  # what workshop sessions decided (see workshop_results)
        self._observers: list[Callable[[Change], None]] = []

    def subscribe(self, observer: Callable[[Change], None]) -> None:
        self._observers.append(observer)

    def unsubscribe(self, observer: Callable[[Change], None]) -> None:
        if observer in self._observers:
            self._observers.remove(observer)

    def _emit(self, change: Change) -> None:
        for observer in list(self._observers):
            observer(change)

    # ------------------------------------------------------------------ journeys
    def journey(self, key: str | int | None = None) -> Journey:
        """A journey by id, title (case-insensitive) or index; the first when key is None."""
        if not self.journeys:
            raise ModelError("the project has no journeys")
        if key is None:
            return self.journeys[0]
        if isinstance(key, int):
            return self.journeys[key]
        for j in self.journeys:
            if j.id == key or j.title.lower() == key.lower():
                return j
        names = ", ".join(repr(j.title) for j in self.journeys)
        raise ModelError(f"no journey named {key!r}; the project has {names}")

    # --------------------------------------------------------------------- rules
    def check_new_journey(self, journey: Journey, index: int | None = None) -> None:
        if any(j.id == journey.id for j in self.journeys):
            raise ModelError(f"duplicate journey id {journey.id!r}")
        if index is not None and not 0 <= index <= len(self.journeys):
            raise ModelError(f"no place {index} among the project's {len(self.journeys)} journeys")

    def check_remove_journey(self, journey_id: str) -> None:
        """A person may delete this journey: not the project's last one."""
        self.journey(journey_id)
        if len(self.journeys) <= 1:
            raise ModelError("a project keeps at least one journey")

    def check_new_persona(self, persona: Persona) -> None:
        if any(p.id == persona.id for p in self.personas):
            raise ModelError(f"duplicate persona id {persona.id!r}")
        persona.validate()

    def check_persona_update(self, persona_id: str, **changes: Any) -> Persona:
        """The persona as it would be after the changes (a validated copy; the project is untouched)."""
        persona = self.persona(persona_id)
        allowed = {f.name for f in fields(persona)} - {"id"}
        unknown = set(changes) - allowed
        if unknown:
            raise ModelError(f"a persona has no field {', '.join(sorted(unknown))}")
        trial = persona.copy()
        for name, value in changes.items():
            setattr(trial, name, value)
        trial.validate()
        return trial

    def check_report(self, **changes: Any) -> ReportSettings:
        """The report settings as they would be after the changes (a validated copy; the project
        is untouched): only known fields, text everywhere, a #RRGGBB accent, a logo that is a
        readable PNG, JPEG or SVG."""
        unknown = set(changes) - set(ReportSettings.field_names())
        if unknown:
            raise ModelError(f"the report settings have no field {', '.join(sorted(unknown))}")
        trial = self.report.copy()
        for name, value in changes.items():
            setattr(trial, name, value)
        trial.validate()
        return trial

    # ------------------------------------------------------------------ journeys
    def add_journey(self, journey: Journey, index: int | None = None) -> Journey:
        self.check_new_journey(journey, index)
        self.journeys.insert(len(self.journeys) if index is None else index, journey)
        self._emit(Change("journey_added", None, (journey.id,)))
        return journey

    def remove_journey(self, journey_id: str) -> tuple[Journey, int]:
        """Take a journey out (the undo of adding one too, so the keep-one rule is the editor's
        to ask, through check_remove_journey)."""
        journey = self.journey(journey_id)
        index = self.journeys.index(journey)
        self.journeys.remove(journey)
        self._emit(Change("journey_removed", None, (journey_id,)))
        return journey, index

    def title_follows(self, journey: Journey) -> bool:
        """Whether renaming this journey renames the project too: its first journey, while the two
        titles are one (or the project still has the default title). So the file name offered on
        Save As, the cover of the PDF and `waymark info` never name the same map two ways."""
        return bool(self.journeys) and journey is self.journeys[0] and self.title in (journey.title, DEFAULT_TITLE)

    def set_title(self, title: str) -> str:
        old, self.title = self.title, title
        self._emit(Change("meta", None, ("project",), ("title",)))
        return old

    def set_report(self, **changes: str) -> dict[str, str]:
        """Change report settings (organisation, logo, accent, ...); returns the old values."""
        trial = self.check_report(**changes)
        old = {name: getattr(self.report, name) for name in changes}
        self.report = trial
        self._emit(Change("meta", None, ("project",), ("report", *changes)))
        return old

    def set_language(self, language: str) -> str:
        old, self.language = self.language, check_language(language)
        self._emit(Change("meta", None, ("project",), ("language",)))
        return old

    # ------------------------------------------------------------------ personas
    def persona_color(self, persona: Persona) -> str:
        """The colour that draws this persona on the canvas, in the PDF, the charts, PNG and SVG."""
        return persona_color(persona, self.personas)

    def persona(self, persona_id: str) -> Persona:
        for p in self.personas:
            if p.id == persona_id:
                return p
        raise ModelError(f"no persona with id {persona_id!r}")

    def add_persona(self, persona: Persona, index: int | None = None) -> Persona:
        self.check_new_persona(persona)
        self.personas.insert(len(self.personas) if index is None else index, persona)
        self._emit(Change("persona_added", None, (persona.id,)))
        return persona

    def remove_persona(self, persona_id: str) -> PersonaRemoval:
        """Remove a persona and its per-persona emotion scores in every journey."""
        persona = self.persona(persona_id)
        removal = PersonaRemoval(persona, self.personas.index(persona))
        for j in self.journeys:
            for tp in j.touchpoints():
                if persona_id in tp.persona_emotions:
                    removal.scores.append((j.id, tp.id, tp.persona_emotions[persona_id]))
                    scores = dict(tp.persona_emotions)
                    del scores[persona_id]
                    j.update(tp.id, persona_emotions=scores)
        self.personas.remove(persona)
        self._emit(Change("persona_removed", None, (persona_id,)))
        return removal

    def restore_persona(self, removal: PersonaRemoval) -> None:
        self.personas.insert(removal.index, removal.persona)
        for journey_id, tp_id, score in removal.scores:
            j = self.journey(journey_id)
            scores = dict(j.get(tp_id).persona_emotions)
            scores[removal.persona.id] = score
            j.update(tp_id, persona_emotions=scores)
        self._emit(Change("persona_added", None, (removal.persona.id,)))

    def update_persona(self, persona_id: str, **changes: Any) -> dict[str, Any]:
        persona = self.persona(persona_id)
        trial = self.check_persona_update(persona_id, **changes)
        changes = {k: getattr(trial, k) for k in changes}
        old = {k: getattr(persona, k) for k in changes}
        for k, v in changes.items():
            setattr(persona, k, v)
        self._emit(Change("persona_updated", None, (persona_id,), tuple(changes)))
        return old

    # ---------------------------------------------------------------- workshops
    def workshop(self, session_id: str) -> WorkshopResults | None:
        return next((w for w in self.workshops if w.id == session_id), None)

    def set_workshop(self, results: WorkshopResults | None, session_id: str = "") -> WorkshopResults | None:
        """Put a session's results in the project (replacing its earlier ones), or remove them
        (results None); returns what was there before, for undo."""
        key = results.id if results is not None else session_id
        old = self.workshop(key)
        index = self.workshops.index(old) if old is not None else len(self.workshops)
        if old is not None:
            self.workshops.remove(old)
        if results is not None:
            self.workshops.insert(index, results.copy())
        self._emit(Change("workshop", None, (key,)))
        return old

    def element_kind(self, journey: Journey, element_id: str) -> NodeKind:
        return journey.kind_of(element_id)
