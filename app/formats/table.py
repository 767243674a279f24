"""A journey as a table, one row per touchpoint, in CSV and Excel (.xlsx), out and back in.

Besides the touchpoint rows, a ``(journey)`` row carries the journey's title, notes and
metrics, and one ``(stage)`` row per stage carries its description, pain points,
opportunities and metrics (so empty stages and stage order survive a round trip). The cell
encodings (``S4 (3 votes): text``, ``NPS: 12 (target 30; n=512; 2026-09-30)``,
``Maya: +1; Tom: -2``) are documented in docs/formats.md; `table_codec` parses and writes them.
openpyxl is imported only inside the .xlsx functions.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.model import (
    Annotation,
    AnnotationKind,
    Channel,
    Journey,
    Lane,
    LaneKind,
    Metric,
    ModelError,
    Persona,
    Project,
    Stage,
    Touchpoint,
)

from . import FormatError
from .table_codec import (
    format_annotations,
    format_emotion,
    format_metrics,
    format_persona_emotions,
    parse_annotations,
    parse_bool,
    parse_emotion,
    parse_metrics,
    parse_persona_emotions,
)

COLUMNS = ("Stage", "Lane", "Order", "Channel", "Title", "Description", "Owner", "Emotion", "Emotion label",
           "Persona emotions", "Moment of truth", "Delight", "Pain points", "Opportunities", "Metrics", "Notes")
JOURNEY_ROW = "(journey)"
LANE_ROW = "(lane)"
STAGE_ROW = "(stage)"
_ALIASES = {"touchpoint": "title", "phase": "stage", "score": "emotion", "swimlane": "lane",
            "pain_point": "pain_points", "opportunity": "opportunities", "mot": "moment_of_truth"}
_STANDARD_LANES = (LaneKind.EMOTION, LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES, LaneKind.METRICS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP CSV injection)
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
MAX_PROBLEMS_SHOWN = 8
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def column_key(header: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return _ALIASES.get(key, key)


_KEYS = [column_key(c) for c in COLUMNS]


# ------------------------------------------------------------------ export
def _lane_cell(lane: Lane) -> str:
    resolved = _lane_kind_by_title(lane.title)
    return lane.title if resolved is lane.kind else f"{lane.title} [{lane.kind.value}]"


def journey_rows(project: Project, journey: Journey) -> list[list[Any]]:
    """The table of a journey: header, the (journey) row, (stage) rows and touchpoint rows."""
    names = {p.id: p.name for p in project.personas}
    rows: list[list[Any]] = [list(COLUMNS)]

    def row(**cells: Any) -> list[Any]:
        return [cells.get(k, "") for k in _KEYS]

    rows.append(row(lane=JOURNEY_ROW, title=journey.title, description=journey.notes,
                    metrics=format_metrics(journey.metrics(journey_level=True))))
    for lane in journey.lanes():
        rows.append(row(lane=LANE_ROW, title=_lane_cell(lane), description="hidden" if lane.hidden else ""))
    lane_rank = {lane.id: lane.position for lane in journey.lanes()}
    for stage in journey.stages():
        rows.append(row(stage=stage.name, lane=STAGE_ROW, description=stage.description,
                        pain_points=format_annotations(journey.pain_points(stage.id)),
                        opportunities=format_annotations(journey.opportunities(stage.id)),
                        metrics=format_metrics(journey.metrics(stage.id))))
        tps = sorted(journey.touchpoints(stage.id), key=lambda t: (lane_rank[journey.lane_of(t.id).id], t.order))
        for tp in tps:
            rows.append(row(
                stage=stage.name, lane=_lane_cell(journey.lane_of(tp.id)), order=tp.order + 1,
                channel=tp.channel.label, title=tp.title, description=tp.description, owner=tp.owner,
                emotion=format_emotion(tp.emotion), emotion_label=tp.emotion_label,
                persona_emotions=format_persona_emotions(tp.persona_emotions, names),
                moment_of_truth="yes" if tp.moment_of_truth else "", delight="yes" if tp.delight else "",
                pain_points=format_annotations(journey.pain_points(tp.id)),
                opportunities=format_annotations(journey.opportunities(tp.id)),
                metrics=format_metrics(journey.metrics(tp.id)), notes=tp.notes,
            ))
    return rows


def _guard(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV only): every text
    cell, whatever its column (a metric or a persona may be named "=HYPERLINK(...)"); plain numbers
    such as an emotion of -2 stay numbers."""
    if (isinstance(value, str) and value.lstrip("'").startswith(_FORMULA_START)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def write_csv(project: Project, journey: Journey) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for i, r in enumerate(journey_rows(project, journey)):
        writer.writerow(r if i == 0 else [_guard(v) for v in r])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(project: Project, journey: Journey) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", journey.title).strip()[:31] or "Journey"
    widths = {"stage": 18, "lane": 16, "order": 7, "channel": 14, "title": 32, "description": 44, "owner": 14,
              "emotion": 9, "emotion_label": 14, "persona_emotions": 22, "moment_of_truth": 10, "delight": 9,
              "pain_points": 40, "opportunities": 40, "metrics": 40, "notes": 30}
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(journey_rows(project, journey), start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                value = _XLSX_ILLEGAL.sub("", value)  # control characters a workbook cannot hold
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = wrap
            if r == 1:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="E8EAED")
            elif values[1] in (JOURNEY_ROW, LANE_ROW, STAGE_ROW):
                cell.font = Font(bold=True, color="3C4043")
    for c, key in enumerate(_KEYS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = widths.get(key, 14)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ import
def _decode(data: bytes, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append("the CSV file is not UTF-8; it was read as Windows-1252 (Western European)")
        return data.decode("cp1252", errors="replace")


def read_csv(data: bytes, fallback_title: str, warnings: list[str]) -> Project:
    if b"\x00" in data[:4096]:
        raise FormatError("this is a binary file, not CSV text")
    text = _decode(data, warnings)
    if not text.strip():
        raise FormatError("the file is empty; expected a header row (Stage, Lane, Title, ...)", line=1)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    try:
        rows = [[str(c) for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise FormatError(f"not readable as CSV: {exc}") from None
    unguarded = [[c[1:] if c.startswith("'") and c.lstrip("'")[:1] in _FORMULA_START else c for c in r] for r in rows]
    return rows_to_project(unguarded, fallback_title, warnings)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, fallback_title: str, warnings: list[str]) -> Project:
    import zipfile

    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        raise FormatError("this is not an Excel workbook (.xlsx files are ZIP archives; this one is not)")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FormatError(f"this is not a readable Excel workbook ({exc})") from None
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        raise FormatError(f"this Excel workbook is damaged ({type(exc).__name__}: {exc})") from None
    try:
        chosen = None
        for sheet in book.worksheets:
            header = next(sheet.iter_rows(max_row=1, values_only=True), ())
            if "title" in {column_key(_cell_text(v)) for v in header}:
                chosen = sheet
                break
        if chosen is None:
            raise FormatError("no sheet has a header row with a Title column")
        rows = [[_cell_text(v) for v in r] for r in chosen.iter_rows(values_only=True)]
        sheets = len(book.worksheets)
    except FormatError:
        raise
    except Exception as exc:  # a damaged part of the archive shows only while the rows are read
        raise FormatError(f"this Excel workbook is damaged ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()
    if sheets > 1:
        warnings.append(f"the workbook has {sheets} sheets; only {chosen.title!r} was imported")
    return rows_to_project(rows, fallback_title, warnings)


@dataclass
class _Problems:
    items: list[tuple[int, str, str]] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append((row, column, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        row, column, message = self.items[0]
        rest = self.items[1:MAX_PROBLEMS_SHOWN]
        extra = "".join(f"; row {r}, {c}: {m}" for r, c, m in rest)
        more = len(self.items) - 1 - len(rest)
        if more > 0:
            extra += f"; and {more} more"
        raise FormatError(message + extra, row=row, field=column)


@functools.cache
def _names_of(enum: Any) -> dict[str, Any]:
    """Every way a table may name a lane kind or a channel (value, label, value with spaces), lower case."""
    names: dict[str, Any] = {}
    for member in enum:
        for name in (member.value, member.label.lower(), member.value.replace("_", " ")):
            names.setdefault(name, member)
    return names


def _lane_kind_by_title(title: str) -> LaneKind | None:
    kind: LaneKind | None = _names_of(LaneKind).get(title.strip().lower())
    return kind


def _channel(text: str) -> Channel | None:
    low = text.strip().lower()
    if not low:
        return Channel.OTHER
    channel: Channel | None = _names_of(Channel).get(low)
    return channel


class _Builder:
    """Turns table rows into one journey, collecting problems with their row and column."""

    def __init__(self, project: Project, journey: Journey, problems: _Problems, warnings: list[str]) -> None:
        self.project = project
        self.journey = journey
        self.problems = problems
        self.warnings = warnings
        self.stages: list[Stage] = []
        self.lanes: dict[tuple[str, LaneKind], Lane] = {}
        self.personas: dict[str, Persona] = {}
        self.declared_lanes = False
        self.cards: list[tuple[Stage, Lane, float, int, Touchpoint, dict[str, str]]] = []

    def stage(self, name: str, declare: bool) -> Stage:
        if not declare:
            for stage in reversed(self.stages):
                if stage.name == name:
                    return stage
            for stage in reversed(self.stages):
                if stage.name.lower() == name.lower():
                    return stage
        stage = self.journey.add_stage(Stage(name))
        self.stages.append(stage)
        return stage

    def lane(self, cell: str, r: int, declare: bool = False) -> Lane | None:
        m = re.match(r"^(.*?)\s*\[([\w ]+)\]$", cell.strip())
        title, kind_text = (m.group(1), m.group(2)) if m else (cell.strip(), "")
        if kind_text:
            kind = _lane_kind_by_title(kind_text)
            if kind is None:
                self.problems.add(r, "Lane", f"unknown lane kind {kind_text!r}")
                return None
        else:
            kind = _lane_kind_by_title(title) or LaneKind.TOUCHPOINTS
        if not kind.holds_cards and not declare:
            self.problems.add(r, "Lane", f"a {kind.label} lane does not hold touchpoints; use Touchpoints, "
                                         "Customer actions, Thoughts, Backstage or Notes")
            return None
        title = title or kind.label
        key = (title.lower(), kind)
        if key not in self.lanes:
            self.lanes[key] = Lane(kind, title)
        elif declare:
            self.problems.add(r, "Title", f"the lane {title!r} is declared twice")
        if declare:
            self.declared_lanes = True
        return self.lanes[key]

    def persona_id(self, name: str) -> str:
        if name not in self.personas:
            self.personas[name] = self.project.add_persona(Persona(name))
        return self.personas[name].id

    def attach(self, cells: dict[str, str], target_id: str, r: int) -> None:
        for key, kind in (("pain_points", AnnotationKind.PAIN_POINT), ("opportunities", AnnotationKind.OPPORTUNITY)):
            column = COLUMNS[_KEYS.index(key)]
            try:
                for text, severity, votes in parse_annotations(cells.get(key, "")):
                    self.journey.add_annotation(Annotation(kind, text, severity=severity, votes=votes), target_id)
            except (ValueError, ModelError) as exc:
                self.problems.add(r, column, str(exc))
        self.add_metrics(cells.get("metrics", ""), target_id, r)

    def add_metrics(self, text: str, target_id: str | None, r: int) -> None:
        try:
            metrics: list[Metric] = parse_metrics(text)
            for m in metrics:
                self.journey.add_metric(m, target_id)
        except (ValueError, ModelError) as exc:
            self.problems.add(r, "Metrics", str(exc))


def _row_cells(keys: list[str], row: list[str]) -> dict[str, str]:
    cells = {}
    for i, key in enumerate(keys):
        value = row[i].strip() if i < len(row) else ""
        if value:
            cells[key] = value
    return cells


def rows_to_project(rows: list[list[str]], fallback_title: str, warnings: list[str]) -> Project:
    """Rows of text (the header first) -> a one-journey project; FormatError names row and column."""
    header_index = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise FormatError("the table is empty; expected a header row (Stage, Lane, Title, ...)", row=1)
    header = rows[header_index]
    keys = [column_key(h) for h in header]
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key and key in seen:
            raise FormatError(f"the column {header[i].strip()!r} appears twice (columns {seen[key] + 1} and {i + 1})",
                              row=header_index + 1)
        seen[key] = i
    missing = [name for name in ("Stage", "Title") if column_key(name) not in seen]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or "nothing"
        raise FormatError(f"the header row has no {' or '.join(missing)} column (found: {found}); the first row "
                          "must name the columns: " + ", ".join(COLUMNS), row=header_index + 1)
    unknown = [header[i].strip() for i, k in enumerate(keys) if k and k not in _KEYS]
    if unknown:
        warnings.append(f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(repr(u) for u in unknown)}: "
                        "their values are kept in each touchpoint's notes")
    labels = {k: header[i].strip() for i, k in enumerate(keys)}

    project = Project(fallback_title)
    journey = Journey(fallback_title)
    problems = _Problems()
    build = _Builder(project, journey, problems, warnings)
    with journey.batched():
        for index in range(header_index + 1, len(rows)):
            r = index + 1
            cells = _row_cells(keys, rows[index])
            if not cells:
                continue
            marker = cells.get("lane", "").lower()
            if marker == JOURNEY_ROW:
                title = cells.get("title", "")
                if title:
                    project.title = title
                    journey.title = title
                journey.notes = cells.get("description", "")
                build.add_metrics(cells.get("metrics", ""), None, r)
                continue
            if marker == LANE_ROW:
                lane = build.lane(cells.get("title", ""), r, declare=True)
                if lane is not None:
                    lane.hidden = cells.get("description", "").lower() == "hidden"
                continue
            stage_name = cells.get("stage", "")
            if marker == STAGE_ROW:
                if not stage_name:
                    problems.add(r, labels["stage"], "a (stage) row needs the stage's name")
                    continue
                stage = build.stage(stage_name, declare=True)
                if cells.get("description"):
                    journey.update(stage.id, description=cells["description"])
                build.attach(cells, stage.id, r)
                continue
            _touchpoint_row(build, cells, labels, r, unknown_keys=[k for k in cells if k not in _KEYS])
        _place_cards(build)
    problems.raise_if_any()
    project.add_journey(journey)
    return project


def _touchpoint_row(build: _Builder, cells: dict[str, str], labels: dict[str, str], r: int,
                    unknown_keys: list[str]) -> None:
    problems = build.problems
    title = cells.get("title", "")
    if not cells.get("stage"):
        problems.add(r, labels["stage"], "the stage is empty; every touchpoint row names its stage")
        return
    if not title:
        problems.add(r, labels["title"], "the title is empty; every touchpoint row needs a title")
        return
    lane = build.lane(cells.get("lane", ""), r)
    order_text = cells.get("order", "")
    order = 0.0
    if order_text:
        try:
            order = float(order_text)
        except ValueError:
            problems.add(r, labels.get("order", "Order"), f"{order_text!r} is not a number")
    notes = [cells["notes"]] if cells.get("notes") else []
    channel = _channel(cells.get("channel", ""))
    if channel is None:
        build.warnings.append(f"row {r}, Channel: {cells['channel']!r} is not a Waymark channel; used Other "
                              "(the original is in the touchpoint notes)")
        notes.append(f"Channel: {cells['channel']}")
        channel = Channel.OTHER
    notes += [f"{labels[k]}: {cells[k]}" for k in unknown_keys]
    values: dict[str, Any] = {}
    for key, parse in (("emotion", parse_emotion), ("moment_of_truth", parse_bool), ("delight", parse_bool)):
        try:
            values[key] = parse(cells.get(key, ""))
        except ValueError as exc:
            problems.add(r, labels.get(key, key), str(exc))
    try:
        named = parse_persona_emotions(cells.get("persona_emotions", ""))
    except ValueError as exc:
        problems.add(r, labels.get("persona_emotions", "Persona emotions"), str(exc))
        named = {}
    if lane is None or len(values) < 3:
        return
    tp = Touchpoint(title, description=cells.get("description", ""), channel=channel, owner=cells.get("owner", ""),
                    emotion=values["emotion"], emotion_label=cells.get("emotion_label", ""),
                    persona_emotions={build.persona_id(n): s for n, s in named.items()},
                    moment_of_truth=values["moment_of_truth"], delight=values["delight"], notes="\n".join(notes))
    stage = build.stage(cells["stage"], declare=False)
    build.cards.append((stage, lane, order, r, tp, cells))


def _place_cards(build: _Builder) -> None:
    journey = build.journey
    for lane in build.lanes.values():
        journey.add_lane(lane)
    if not any(lane.kind.holds_cards for lane in journey.lanes()):
        journey.add_lane(Lane(LaneKind.TOUCHPOINTS), 0)
    if not build.declared_lanes:
        for kind in _STANDARD_LANES:
            journey.add_lane(Lane(kind))
    for stage, lane, _order, r, tp, cells in sorted(build.cards, key=lambda c: (c[0].position, c[1].position,
                                                                                c[2], c[3])):
        journey.add_touchpoint(tp, stage.id, lane.id)
        build.attach(cells, tp.id, r)
