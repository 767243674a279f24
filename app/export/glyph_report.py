"""What the printed document says, element by element, and which of its characters no font can
print. The PDF export reads every client text of the project here: to put all CJK characters into
one font subset before drawing (app.export.pdf_surface.use_language), and to report, with the
element each belongs to, the characters that would otherwise print as empty boxes:

    warning: touchpoint "Checkout 😀" (stage Purchase): U+1F600 cannot be printed

`waymark export --strict` turns such warnings into a failed export.
"""

from __future__ import annotations

import locale
import unicodedata
from collections.abc import Callable, Iterator

from app.model import Annotation, Journey, Project, Touchpoint
from app.render.font_chain import cjk_region, unprintable

DEFAULT_LANGUAGE = "en"


def document_language(project: Project) -> str:
    """The BCP 47 language tag of the document: the project's own language when it has one,
    else the user's locale (en_GB.UTF-8 -> en-GB), else English."""
    own = str(getattr(project, "language", "") or "").strip()
    if own:
        return own.replace("_", "-")
    try:
        name = locale.getlocale(locale.LC_MESSAGES)[0] or locale.getlocale()[0] or ""
    except (ValueError, AttributeError):  # LC_MESSAGES is missing on Windows
        name = locale.getlocale()[0] or ""
    name = name.split(".")[0].replace("_", "-")
    if not name or name in ("C", "POSIX") or not name[:2].isalpha():
        return DEFAULT_LANGUAGE
    return name


class ElementText:
    """One piece of client text and the element it belongs to, named for people. The name is
    made only when asked for (a report names few elements; a big map has thousands)."""

    __slots__ = ("_name", "text")

    def __init__(self, where: str | Callable[[], str], text: str) -> None:
        self._name = where
        self.text = text

    @property
    def where(self) -> str:
        """E.g. touchpoint "Checkout" (stage Purchase)."""
        name = self._name
        if not isinstance(name, str):
            name = self._name = name()
        return name


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[:limit - 1] + "…"}"'


def element_texts(project: Project, journey: Journey) -> Iterator[ElementText]:
    """Every client text the PDF of this journey can print, with where it comes from."""
    yield ElementText(f"project {_quote(project.title)}", project.title)
    name = f"journey {_quote(journey.title)}"
    for value in (journey.title, journey.client, journey.author, journey.notes, journey.date):
        yield ElementText(name, value)
    for stage in journey.stages():
        where = f"stage {_quote(stage.name)}"
        yield ElementText(where, stage.name)
        yield ElementText(where, stage.description)
    for lane in journey.lanes():
        yield ElementText(f"lane {_quote(lane.title)}", lane.title)
    for tp in journey.touchpoints():
        def card_name(tp: Touchpoint = tp) -> str:
            return f"touchpoint {_quote(tp.title)} (stage {journey.stage_of(tp.id).name})"

        for value in (tp.title, tp.description, tp.owner, tp.emotion_label, tp.notes):
            yield ElementText(card_name, value)
    for ann in journey.annotations():
        def note_name(ann: Annotation = ann) -> str:
            target = journey.target_of(ann.id)
            about = ""
            if target is not None:
                item = journey.get(target)
                about = f" (on {_quote(getattr(item, 'title', '') or getattr(item, 'name', ''))})"
            return f"{ann.kind.label.lower()} {_quote(ann.text)}{about}"

        yield ElementText(note_name, ann.text)
    for metric in journey.metrics():
        where = f"metric {_quote(metric.name)}"
        for value in (metric.name, metric.unit, metric.source):
            yield ElementText(where, value)
    for persona in project.personas:
        where = f"persona {_quote(persona.name)}"
        for value in (persona.name, persona.role, persona.description, *persona.goals, *persona.frustrations):
            yield ElementText(where, value)
    for other in project.journeys:  # the comparison section prints the other state's titles too
        if other is not journey:
            for tp in other.touchpoints():
                yield ElementText(f"touchpoint {_quote(tp.title)} of journey {_quote(other.title)}", tp.title)
            for stage in other.stages():
                yield ElementText(f"stage {_quote(stage.name)} of journey {_quote(other.title)}", stage.name)


def all_text(project: Project, journey: Journey) -> list[str]:
    return [item.text for item in element_texts(project, journey) if item.text]


def char_name(ch: str) -> str:
    """U+13000 EGYPTIAN HIEROGLYPH A001: how a character is named for people (it may not print)."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def unprintable_warnings(project: Project, journey: Journey, language: str | None = None,
                         texts: list[ElementText] | None = None) -> list[str]:
    """One line per element that holds characters no available font can print."""
    return [f"warning: {where}: {', '.join(char_name(ch) for ch in chars)} cannot be printed"
            for where, chars in unprintable_elements(project, journey, language, texts)]


def unprintable_elements(project: Project, journey: Journey, language: str | None = None,
                         texts: list[ElementText] | None = None) -> list[tuple[str, list[str]]]:
    """The elements holding characters no available font can print, each with those characters.
    `texts`: element_texts already read (the export reads them once)."""
    if texts is None:
        texts = list(element_texts(project, journey))
    if all(t.text.isascii() for t in texts):
        return []  # every font prints ASCII: nothing to look up
    region = cjk_region(language or document_language(project), "".join(t.text for t in texts[:2000]))
    found: dict[str, list[str]] = {}
    for item in texts:
        if not item.text or item.text.isascii():
            continue
        chars = unprintable(item.text, region)
        if chars:
            known = found.setdefault(item.where, [])
            known.extend(ch for ch in chars if ch not in known)
    return list(found.items())
