"""Mermaid `journey` diagrams in and out, parsed the way Mermaid itself parses them.

Reading follows Mermaid's pre-processing (CRLF to LF, front matter removed, with its ``title``
used as the diagram title, ``%%{...}%%`` directives and whole-line ``%%`` comments removed)
and the lexer of its ``journey.jison`` grammar: ``#`` comments, entity codes (``#59;`` for
``;``), ``title``, ``accTitle``, ``accDescr`` (single line or ``{ ... }``), ``section`` and
``task: score: actor, actor``. Its errors (no ``journey`` header, a ``;``, a task without
``:``) are FormatErrors with the line and column of the original file.

Mapping: sections become stages, tasks touchpoints (a Touchpoints lane, plus an Emotion lane),
score 1..5 becomes emotion score - 3 (-2..+2), actors become project personas with a
per-persona score on each task that names them. accTitle/accDescr go into the journey notes.
"""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from app.model import Journey, Lane, LaneKind, Persona, Project, Stage, Touchpoint

from . import FormatError, decode_text

DEFAULT_STAGE = "Tasks"
_I = re.IGNORECASE
_ENTITY = re.compile(r"#(\w+);")
_PLACEHOLDER = re.compile("\ue000(\\w+)\ue001")
_BREAK = re.compile(r"</?br\s*/?>", _I)
_ACC_TITLE_NOTE = re.compile(r"^accTitle:[ \t]*(.*)$", re.M)
_ACC_DESCR_NOTE = re.compile(r"^accDescr:[ \t]*(.*)$", re.M)
_ACC_DESCR_BLOCK_NOTE = re.compile(r"^accDescr\s*\{\n?(.*?)\n?\}[ \t]*$", re.M | re.S)

# The lexer rules of Mermaid's journey.jison, in its order: the first rule that matches wins.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"%%(?!\{)[^\n]*"), "SKIP"),
    (re.compile(r"[^}]%%[^\n]*"), "SKIP"),
    (re.compile(r"\n+"), "NEWLINE"),
    (re.compile(r"\s+"), "SKIP"),
    (re.compile(r"#[^\n]*"), "SKIP"),
    (re.compile(r"journey", _I), "JOURNEY"),
    (re.compile(r"title\s[^#\n;]+", _I), "TITLE"),
    (re.compile(r"accTitle\s*:\s*", _I), "ACC_TITLE"),
    (re.compile(r"accDescr\s*:\s*", _I), "ACC_DESCR"),
    (re.compile(r"accDescr\s*\{\s*", _I), "ACC_DESCR_BLOCK"),
    (re.compile(r"section\s[^#:\n;]+", _I), "SECTION"),
    (re.compile(r"[^#:\n;]+"), "TASK_NAME"),
    (re.compile(r":[^#\n;]+"), "TASK_DATA"),
    (re.compile(r":"), "COLON"),
    (re.compile(r".", re.S), "INVALID"),
]
_REST_OF_LINE = re.compile(r"[^\n]*")
_BLOCK_TEXT = re.compile(r"[^}]*")


@dataclass
class _Token:
    kind: str
    text: str
    offset: int


@dataclass
class _Task:
    name: str
    score: int | None
    note: str
    actors: list[str]
    line: int


@dataclass
class MermaidJourney:
    """What a journey diagram says, before it becomes a Waymark project."""

    title: str = ""
    acc_title: str = ""
    acc_descr: str = ""
    sections: list[tuple[str, list[_Task]]] = field(default_factory=list)


# ------------------------------------------------------------------ pre-processing
def _blank(text: str) -> str:
    """The same number of lines as text, empty: removed parts keep line numbers right."""
    return "\n" * text.count("\n")


def preprocess(text: str) -> tuple[str, str]:
    """Mermaid's pre-processing, keeping every line where it was; returns (text, front-matter title)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    title = ""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].strip() == "---":
        end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise FormatError("the front matter opened with '---' is never closed with '---'", line=first + 1)
        body = lines[first + 1:end]
        indents = [len(b) - len(b.lstrip()) for b in body if b.strip()]
        top = min(indents) if indents else 0
        for b in body:
            m = re.match(r"title:\s*(.*)$", b[top:]) if len(b) - len(b.lstrip()) == top else None
            if m:
                title = m.group(1).strip().strip("'\"").strip()
        for i in range(first, end + 1):
            lines[i] = ""
    text = "\n".join(lines)
    text = re.sub(r"%%\{.*?\}%%", lambda m: _blank(m.group(0)), text, flags=re.S)
    text = re.sub(r"^[ \t]*%%(?!\{)[^\n]*$", "", text, flags=re.M)
    return text, title


def _encode_entities(text: str) -> str:
    return _ENTITY.sub(lambda m: f"\ue000{m.group(1)}\ue001", text)


def _decode(text: str, breaks: bool = True) -> str:
    """A value as people read it: entity codes decoded, <br> as a line break (unless not breaks), trimmed."""

    def entity(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.isdigit():
            code = int(name)
            return chr(code) if 0 < code < 0x110000 else f"#{name};"
        decoded = html.unescape(f"&{name};")
        return f"#{name};" if decoded == f"&{name};" else decoded

    if breaks:
        text = _BREAK.sub("\n", text)
    text = _PLACEHOLDER.sub(entity, text)
    return "\n".join(part.strip() for part in text.split("\n")).strip()


# ------------------------------------------------------------------ lexing and parsing
class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def next(self) -> _Token | None:
        while self.pos < len(self.text):
            # the last rule (INVALID) matches any character, so a match is always found
            m, kind = next((m, k) for rule, k in _RULES if (m := rule.match(self.text, self.pos)))
            start, self.pos = self.pos, m.end()
            if kind != "SKIP":
                return _Token(kind, m.group(0), start)
        return None

    def take(self, pattern: re.Pattern[str]) -> _Token:
        m = pattern.match(self.text, self.pos)
        assert m is not None  # both patterns match the empty string
        start, self.pos = self.pos, m.end()
        return _Token("VALUE", m.group(0), start)


def _fail(lexer: _Lexer, offset: int, message: str) -> FormatError:
    line, column = lexer.where(offset)
    return FormatError(message, line=line, column=column)


def _score(raw: str, task: str, line: int, warnings: list[str]) -> tuple[int | None, str]:
    """Mermaid score text -> (emotion -2..+2 or None, note keeping the original when it changed)."""
    text = raw.strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not text or not math.isfinite(value):
        warnings.append(f"line {line}: the score {text!r} of task {task!r} is not a number from 1 to 5; "
                        "the touchpoint has no emotion score (the original is in its notes)")
        return None, f"Mermaid score: {text!r} (not a number)"
    clamped = min(5, max(1, int(math.floor(value + 0.5))))
    if clamped != value:
        warnings.append(f"line {line}: the score {text} of task {task!r} is outside 1..5 or not whole; "
                        f"used {clamped} (the original is in the touchpoint notes)")
        return clamped - 3, f"Mermaid score: {text} (used {clamped})"
    return clamped - 3, ""


def parse(text: str, warnings: list[str] | None = None) -> MermaidJourney:
    """Parse the text of a Mermaid journey diagram; FormatError names the line and column."""
    warnings = warnings if warnings is not None else []
    text, front_title = preprocess(text)
    lexer = _Lexer(_encode_entities(text))
    diagram = MermaidJourney(title=_decode(front_title))
    token = lexer.next()
    while token is not None and token.kind == "NEWLINE":
        token = lexer.next()
    if token is None:
        raise FormatError("the file is empty; a Mermaid journey diagram starts with the word 'journey'", line=1)
    if token.kind != "JOURNEY":
        found = token.text.strip().split("\n")[0][:40]
        raise _fail(lexer, token.offset, f"a Mermaid journey diagram starts with the word 'journey', "
                                         f"not {found!r}")
    current: list[_Task] | None = None
    while (token := lexer.next()) is not None:
        kind = token.kind
        if kind == "NEWLINE":
            continue
        if kind == "TITLE":
            diagram.title = _decode(token.text[6:])
        elif kind == "ACC_TITLE":
            diagram.acc_title = _decode(lexer.take(_REST_OF_LINE).text, breaks=False)
        elif kind == "ACC_DESCR":
            diagram.acc_descr = _decode(lexer.take(_REST_OF_LINE).text, breaks=False)
        elif kind == "ACC_DESCR_BLOCK":
            value = lexer.take(_BLOCK_TEXT)
            if lexer.pos >= len(lexer.text):
                raise _fail(lexer, token.offset, "the accDescr { block is never closed with }")
            lexer.pos += 1  # the closing brace
            diagram.acc_descr = _decode(value.text)
        elif kind == "SECTION":
            current = []
            diagram.sections.append((_decode(token.text[8:]) or DEFAULT_STAGE, current))
        elif kind == "TASK_NAME":
            name = _decode(token.text)
            data = lexer.next()
            line = lexer.where(token.offset)[0]
            if data is None or data.kind != "TASK_DATA":
                if data is not None and data.kind == "INVALID" and data.text == ";":
                    raise _fail(lexer, data.offset, "';' is not allowed in a Mermaid journey "
                                                    "(write #59; for a semicolon)")
                if data is not None and data.kind == "COLON":
                    raise _fail(lexer, data.offset, f"the task {name!r} has ':' but no score after it "
                                                    f"(write '{name}: 3: Actor')")
                raise _fail(lexer, token.offset, f"{name!r} is not a journey statement: a task needs ':' and "
                                                 f"a score (write '{name}: 3: Actor')")
            pieces = data.text[1:].split(":")
            emotion, note = _score(_decode(pieces[0]), name, line, warnings)
            actors = [_decode(a) for a in pieces[1].split(",")] if len(pieces) > 1 else []
            if current is None:
                current = []
                diagram.sections.append((DEFAULT_STAGE, current))
            current.append(_Task(name or "Untitled task", emotion, note, [a for a in actors if a], line))
        elif kind == "INVALID" and token.text == ";":
            raise _fail(lexer, token.offset, "';' is not allowed in a Mermaid journey (write #59; for a semicolon)")
        elif kind == "JOURNEY":
            raise _fail(lexer, token.offset, "'journey' may only start the diagram (write #106;ourney inside text)")
        else:
            raise _fail(lexer, token.offset, f"unexpected {token.text[:20]!r}")
    return diagram


# ------------------------------------------------------------------ to and from the model
def _notes(diagram: MermaidJourney) -> str:
    lines = []
    if diagram.acc_title:
        lines.append(f"accTitle: {diagram.acc_title}")
    if "\n" in diagram.acc_descr:
        lines.append("accDescr {\n" + diagram.acc_descr + "\n}")
    elif diagram.acc_descr:
        lines.append(f"accDescr: {diagram.acc_descr}")
    return "\n".join(lines)


def to_project(diagram: MermaidJourney, fallback_title: str) -> Project:
    title = diagram.title or diagram.acc_title or fallback_title
    project = Project(title)
    journey = Journey(title, notes=_notes(diagram))
    personas: dict[str, Persona] = {}
    with journey.batched():
        lane = journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
        journey.add_lane(Lane(LaneKind.EMOTION))
        previous: Touchpoint | None = None
        for name, tasks in diagram.sections:
            stage = journey.add_stage(Stage(name))
            for task in tasks:
                notes = [task.note] if task.note else []
                scores: dict[str, int] = {}
                for actor in task.actors:
                    if actor not in personas:
                        personas[actor] = project.add_persona(Persona(actor))
                    if task.score is not None:
                        scores[personas[actor].id] = task.score
                if task.score is None and task.actors:
                    notes.append("Actors: " + ", ".join(task.actors))
                tp = journey.add_touchpoint(
                    Touchpoint(task.name, emotion=task.score, persona_emotions=scores, notes="\n".join(notes)),
                    stage.id, lane.id)
                if previous is not None:
                    journey.add_path(previous.id, tp.id)
                previous = tp
    project.add_journey(journey)
    return project


def read_mermaid(data: bytes, fallback_title: str, warnings: list[str]) -> Project:
    return to_project(parse(decode_text(data, "diagram"), warnings), fallback_title)


def _escape(text: str, *, colon: bool = True, comma: bool = False, brace: bool = False) -> str:
    """Text safe inside a Mermaid journey statement; import decodes it back."""
    special = "#;" + (":" if colon else "") + ("," if comma else "") + ("}" if brace else "")
    text = re.sub(f"[{re.escape(special)}]", lambda m: f"#{ord(m.group(0))};", text)
    text = text.replace("%%", "#37;%")
    text = _BREAK.sub(lambda m: "#60;" + m.group(0)[1:], text)
    return "<br>".join(part.strip() for part in text.strip().split("\n"))


_KEYWORD_START = re.compile(r"(journey|title\s|section\s|acctitle|accdescr)", _I)


def _statement_safe(text: str) -> str:
    """Task and actor text must not start like a keyword: its first letter becomes an entity code."""
    if _KEYWORD_START.match(text):
        return f"#{ord(text[0])};{text[1:]}"
    return text


def acc_from_notes(notes: str) -> tuple[str, str]:
    """(accTitle, accDescr) written in a journey's notes by the Mermaid import."""
    if (block := _ACC_DESCR_BLOCK_NOTE.search(notes)) is not None:
        acc_descr = block.group(1).strip()
        notes = notes[:block.start()] + notes[block.end():]  # its lines are not accTitle lines
    else:
        acc_descr = m.group(1).strip() if (m := _ACC_DESCR_NOTE.search(notes)) else ""
    acc_title = m.group(1).strip() if (m := _ACC_TITLE_NOTE.search(notes)) else ""
    return acc_title, acc_descr


def _task_score(tp: Touchpoint) -> int:
    if tp.emotion is not None:
        return tp.emotion + 3
    if tp.persona_emotions:
        return round(sum(tp.persona_emotions.values()) / len(tp.persona_emotions)) + 3
    return 3


def write_mermaid(project: Project, journey: Journey) -> str:
    """A Mermaid journey diagram of one journey: stages as sections, touchpoints as tasks."""
    names = {p.id: p.name for p in project.personas}
    out = ["journey"]
    if journey.title.strip():
        out.append(f"    title {_escape(journey.title, colon=False)}")
    acc_title, acc_descr = acc_from_notes(journey.notes)
    if acc_title:
        out.append(f"    accTitle: {_escape(acc_title, colon=False)}")
    if "\n" in acc_descr:
        body = "\n".join(f"        {_escape(line, colon=False, brace=True)}" for line in acc_descr.split("\n"))
        out.append("    accDescr {\n" + body + "\n    }")
    elif acc_descr:
        out.append(f"    accDescr: {_escape(acc_descr, colon=False)}")
    for stage in journey.stages():
        out.append(f"    section {_escape(stage.name) or 'Stage'}")
        lanes = {lane.id: lane.position for lane in journey.lanes()}
        tps = sorted(journey.touchpoints(stage.id), key=lambda t: (lanes[journey.lane_of(t.id).id], t.order))
        for tp in tps:
            actors = [_escape(names[pid], comma=True) for pid in tp.persona_emotions if pid in names]
            task = _statement_safe(_escape(tp.title)) or "Untitled task"
            line = f"      {task}: {_task_score(tp)}"
            if actors:
                line += ": " + ", ".join(a for a in actors if a)
            out.append(line)
    return "\n".join(out) + "\n"
