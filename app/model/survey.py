"""Survey responses -> journey metrics: read CSV/XLSX answers, compute NPS/CSAT/CES per target.

Reading: CSV in UTF-8 with or without a BOM (other encodings fall back to Windows-1252 with
a warning), delimiter sniffed from the header (comma, semicolon or tab), quoted multi-line
fields; XLSX through openpyxl (imported only when an XLSX file is read). Each row keeps the
physical line (CSV) or sheet row (XLSX) where it starts, so problems are reported by line.

Computing: a SurveyMapping says which column holds the score, which column names the stage
or touchpoint (or a fixed stage/touchpoint; neither = the journey as a whole) and which holds
the date. Rows that cannot be used (blank, not a number, out of the scale, unknown target)
are listed in `skipped` with their line; none is dropped silently.

Applying: `survey_changes` plans the metric updates (a new dated history sample for an
existing metric of that kind on the same target, else a new Metric); `apply_survey`
applies them directly (the CLI); the editor pushes the same plan as one undo step.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import metrics_math
from .elements import Metric, MetricSample
from .journey import Journey, NodeKind
from .vocabulary import MetricKind

SURVEY_KINDS = (MetricKind.NPS, MetricKind.CSAT, MetricKind.CES)
MAX_SURVEY_BYTES = 64 * 1024 * 1024
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


class SurveyError(ValueError):
    """A survey file or mapping that cannot be used, with a message for people."""


@dataclass
class SurveyRow:
    line: int  # physical line (CSV) or sheet row (XLSX) where the record starts
    values: list[Any]

    def get(self, index: int) -> Any:
        return self.values[index] if index < len(self.values) else None


@dataclass
class SurveyTable:
    columns: list[str]
    rows: list[SurveyRow]
    source: str = ""
    warnings: list[str] = field(default_factory=list)

    def column_index(self, name: str) -> int:
        """The index of a column by name (exact, then case-insensitive) or 1-based number."""
        if name in self.columns:
            return self.columns.index(name)
        low = name.strip().casefold()
        for i, column in enumerate(self.columns):
            if column.strip().casefold() == low:
                return i
        if name.strip().isdigit() and 1 <= int(name) <= len(self.columns):
            return int(name) - 1
        listed = ", ".join(repr(c) for c in self.columns)
        raise SurveyError(f"no column named {name!r}; the columns are {listed}")


# ------------------------------------------------------------------ reading
def read_survey(path: str | Path) -> SurveyTable:
    """Read a .csv (or .txt/.tsv) or .xlsx file of survey answers."""
    from .reading import UnreadableFile, read_capped

    p = Path(path)
    try:
        data = read_capped(p, MAX_SURVEY_BYTES, "survey file")
    except UnreadableFile as exc:
        raise SurveyError(f"{p}: {exc}") from None
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(data, str(p))
    return read_csv_bytes(data, str(p))


def _sniff_delimiter(header: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_bytes(data: bytes, source: str = "<data>") -> SurveyTable:
    warnings: list[str] = []
    if b"\x00" in data[:4096]:
        raise SurveyError(f"{source}: this is not a text (CSV) file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        warnings.append(f"{source}: not UTF-8 (byte {exc.start + 1}); read as Windows-1252 text")
    if not text.strip():
        raise SurveyError(f"{source}: the file is empty")
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[SurveyRow] = []
    columns: list[str] | None = None
    last_line = 0
    try:
        for record in reader:
            start = last_line + 1
            last_line = reader.line_num
            if columns is None:
                if not any(v.strip() for v in record):
                    continue
                columns = [v.strip() for v in record]
                continue
            rows.append(SurveyRow(start, list(record)))
    except csv.Error as exc:
        raise SurveyError(f"{source}, line {reader.line_num}: {exc}") from None
    if columns is None:
        raise SurveyError(f"{source}: the file has no header row")
    return SurveyTable(columns, rows, source, warnings)


def read_xlsx(data: bytes | Path, source: str = "<data>") -> SurveyTable:
    from openpyxl import load_workbook  # lazily: only when an XLSX file is read

    if isinstance(data, Path):
        source, data = str(data), data.read_bytes()
    if not data.startswith(b"PK"):
        raise SurveyError(f"{source}: not a readable XLSX workbook (.xlsx files are ZIP archives; this one is not)")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a dozen kinds on damaged workbooks
        raise SurveyError(f"{source}: not a readable XLSX workbook ({_damage(exc)})") from None
    try:
        if not book.worksheets:
            raise SurveyError(f"{source}: the workbook has no sheets")
        sheet = book.worksheets[0]
        columns: list[str] | None = None
        rows: list[SurveyRow] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(cells)
            if columns is None:
                if not any(v not in (None, "") for v in values):
                    continue
                columns = ["" if v is None else str(v).strip() for v in values]
                while columns and not columns[-1]:
                    columns.pop()
                continue
            rows.append(SurveyRow(number, values))
    except SurveyError:
        raise
    except Exception as exc:  # a damaged part shows only while the rows are read
        raise SurveyError(f"{source}: the XLSX workbook is damaged ({_damage(exc)})") from None
    finally:
        try:
            book.close()
        except Exception:  # closing a damaged archive: nothing more to report
            pass
    if columns is None:
        raise SurveyError(f"{source}: the first sheet is empty")
    return SurveyTable(columns, rows, source)


def _damage(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# -------------------------------------------------------------------- dates
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"
                  r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})"
                      r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")


def slash_order(values: Sequence[Any]) -> str:
    """'dmy' or 'mdy' for a column of slashed dates: a part above 12 decides; otherwise
    dates with a time of day (form exports) read month first, plain dates day first."""
    with_time = False
    for v in values:
        m = _SLASHED.match(str(v).strip()) if isinstance(v, str) else None
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return "dmy"
        if b > 12 >= a:
            return "mdy"
        with_time = with_time or m.group(4) is not None
    return "mdy" if with_time else "dmy"


def parse_date(value: Any, order: str = "dmy") -> dt.date | None:
    """A date from ISO text, d/m/Y or m/d/Y (with an optional time), an Excel serial number
    or a datetime cell; None when it is not a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value < 2958466:  # Excel serials: 1900-01-01 .. 9999-12-31
            return (EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        m = _ISO.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _SLASHED.match(text)
        if m:
            a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if year < 100:
                year += 2000
            day, month = (a, b) if order == "dmy" else (b, a)
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{5}(\.\d+)?", text):
            return parse_date(float(text))
    except ValueError:
        return None
    return None


# ------------------------------------------------------------------ mapping
@dataclass
class SurveyMapping:
    """Which columns mean what, and the question type."""

    kind: MetricKind
    score_column: str
    touchpoint_column: str | None = None  # values name a stage or touchpoint of the journey
    stage: str | None = None  # all answers about this stage
    touchpoint: str | None = None  # all answers about this touchpoint
    date_column: str | None = None

    def __post_init__(self) -> None:
        self.kind = MetricKind(self.kind)
        if self.kind not in SURVEY_KINDS:
            raise SurveyError(f"surveys give NPS, CSAT or CES, not {self.kind.label}")
        if sum(x is not None for x in (self.touchpoint_column, self.stage, self.touchpoint)) > 1:
            raise SurveyError("give only one of a stage/touchpoint column, a fixed stage or a fixed touchpoint")


@dataclass
class SkippedRow:
    line: int
    reason: str


@dataclass
class SurveyResult:
    """One computed metric: the answers about one target."""

    kind: MetricKind
    target_kind: str  # journey, stage or touchpoint
    target_id: str | None
    target_name: str
    value: float
    sample_size: int
    date: str  # ISO date of the latest answer, "" when the survey has no dates
    nps: metrics_math.NpsResult | None = None

    def describe(self) -> str:
        """'NPS -35.9 ± 25.1 (n=39: 8 promoters, 9 passives, 22 detractors)' for people."""
        if self.nps is not None:
            r = self.nps
            text = (f"NPS {r.score:.1f} ± {r.margin:.1f} (n={r.n}: {r.promoters} promoters, "
                    f"{r.passives} passives, {r.detractors} detractors)")
        elif self.kind is MetricKind.CSAT:
            text = f"CSAT {self.value:.1f} % (n={self.sample_size})"
        else:
            text = f"CES {self.value:.2f} (n={self.sample_size})"
        where = "journey" if self.target_kind == "journey" else f"{self.target_kind} {self.target_name!r}"
        return f"{text} for {where}" + (f", latest answer {self.date}" if self.date else "")


@dataclass
class SurveyComputation:
    results: list[SurveyResult]
    skipped: list[SkippedRow]
    rows: int  # data rows read
    date_problems: list[SkippedRow] = field(default_factory=list)  # answers used, date unreadable


def _score(raw: Any, kind: MetricKind) -> tuple[float | None, str]:
    low, high = metrics_math.SCALES[kind]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "blank score"
    if isinstance(raw, bool):
        return None, f"not a number: {raw!r}"
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip()
        try:
            value = float(text.replace(",", ".")) if re.fullmatch(r"[+-]?\d+([.,]\d+)?", text) else math.nan
        except ValueError:
            value = math.nan
        if math.isnan(value):
            return None, f"not a number: {text[:40]!r}"
    if value != int(value):
        return None, f"{value:g} is not a whole number on the {low}-{high} scale"
    if not low <= value <= high:
        return None, f"{value:g} is outside the {kind.label} scale {low}-{high}"
    return value, ""


def _fixed_target(journey: Journey, mapping: SurveyMapping) -> tuple[str, str | None, str]:
    if mapping.stage is not None:
        stage = next((s for s in journey.stages() if s.name.strip().casefold() == mapping.stage.strip().casefold()),
                     None)
        if stage is None:
            names = ", ".join(repr(s.name) for s in journey.stages())
            raise SurveyError(f"no stage named {mapping.stage!r} in {journey.title!r}; the stages are {names}")
        return "stage", stage.id, stage.name
    if mapping.touchpoint is not None:
        low = mapping.touchpoint.strip().casefold()
        tp = next((t for t in journey.touchpoints() if t.title.strip().casefold() == low or t.id == mapping.touchpoint),
                  None)
        if tp is None:
            raise SurveyError(f"no touchpoint named {mapping.touchpoint!r} in {journey.title!r}")
        return "touchpoint", tp.id, tp.title
    return "journey", None, journey.title


def _named_target(journey: Journey, name: str) -> tuple[str, str, str] | None:
    found = journey.find(name.strip()) if name.strip() else None
    if found is None or journey.kind_of(found.id) not in (NodeKind.STAGE, NodeKind.TOUCHPOINT):
        return None
    if journey.kind_of(found.id) is NodeKind.STAGE:
        return "stage", found.id, found.name
    return "touchpoint", found.id, found.title


def compute_survey(table: SurveyTable, mapping: SurveyMapping, journey: Journey) -> SurveyComputation:
    """The metric of each target from the answers, with every unusable row listed by line."""
    score_i = table.column_index(mapping.score_column)
    group_i = table.column_index(mapping.touchpoint_column) if mapping.touchpoint_column else None
    date_i = table.column_index(mapping.date_column) if mapping.date_column else None
    fixed = None if group_i is not None else _fixed_target(journey, mapping)
    order = slash_order([r.get(date_i) for r in table.rows]) if date_i is not None else "dmy"

    groups: dict[str | None, tuple[str, str, list[float], list[dt.date]]] = {}
    skipped: list[SkippedRow] = []
    date_problems: list[SkippedRow] = []
    for row in table.rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values):
            skipped.append(SkippedRow(row.line, "blank row"))
            continue
        score, why = _score(row.get(score_i), mapping.kind)
        if score is None:
            skipped.append(SkippedRow(row.line, why))
            continue
        if group_i is None:
            assert fixed is not None  # no group column: _fixed_target gave the one target
            kind, target_id, target_name = fixed
        else:
            name = row.get(group_i)
            name = "" if name is None else str(name)
            named = _named_target(journey, name)
            if named is None:
                reason = "no stage or touchpoint given" if not name.strip() else \
                    f"no stage or touchpoint named {name.strip()[:60]!r} in the journey"
                skipped.append(SkippedRow(row.line, reason))
                continue
            kind, target_id, target_name = named
        entry = groups.setdefault(target_id, (kind, target_name, [], []))
        entry[2].append(score)
        if date_i is not None:
            raw = row.get(date_i)
            day = parse_date(raw, order)
            if day is None:
                if raw is not None and str(raw).strip():
                    date_problems.append(SkippedRow(row.line, f"unreadable date {str(raw)[:40]!r}"))
            else:
                entry[3].append(day)

    rank = _target_rank(journey)
    results = []
    for target_id, (kind, name, scores, days) in sorted(groups.items(), key=lambda kv: rank(kv[0])):
        breakdown = metrics_math.nps_breakdown(scores) if mapping.kind is MetricKind.NPS else None
        value = breakdown.score if breakdown else metrics_math.compute(mapping.kind, scores)
        latest = max(days).isoformat() if days else ""
        results.append(SurveyResult(mapping.kind, kind, target_id, name, value, len(scores), latest, breakdown))
    return SurveyComputation(results, skipped, len(table.rows), date_problems)


def _target_rank(journey: Journey) -> Any:
    stage_pos = {s.id: (s.position, -1, -1) for s in journey.stages()}
    tp_pos = {t.id: i for i, t in enumerate(journey.touchpoints())}

    def rank(target_id: str | None) -> tuple[int, int, int]:
        if target_id is None:
            return (-1, -1, -1)
        if target_id in stage_pos:
            return stage_pos[target_id]
        return (journey.stage_of(target_id).position, 0, tp_pos[target_id])

    return rank


# ----------------------------------------------------------------- applying
class SurveyChange(NamedTuple):
    """One planned metric change: an existing metric id (gets the sample) or a new Metric."""

    metric: str | Metric
    target_id: str | None
    sample: MetricSample


def survey_changes(journey: Journey, results: Sequence[SurveyResult], source: str = "",
                   today: dt.date | None = None) -> list[SurveyChange]:
    """Plan the metric updates for computed results, without changing the journey."""
    changes = []
    for r in results:
        day = r.date or (today or dt.date.today()).isoformat()
        value = round(r.value, 1) if r.kind is not MetricKind.CES else round(r.value, 2)
        sample = MetricSample(day, value, r.sample_size)
        existing = next((m for m in journey.metrics(r.target_id, journey_level=r.target_id is None)
                         if m.kind is r.kind), None)
        if existing is not None:
            changes.append(SurveyChange(existing.id, r.target_id, sample))
        else:
            metric = Metric(r.kind, value=value, unit=r.kind.default_unit, sample_size=r.sample_size,
                            date=day, source=source, history=[MetricSample(day, value, r.sample_size)])
            changes.append(SurveyChange(metric, r.target_id, sample))
    return changes


def updated_fields(metric: Metric, sample: MetricSample, source: str = "") -> dict[str, Any]:
    """The fields an existing metric gets from a new sample: the sample joins the history
    (replacing a sample of the same date, kept in date order) and becomes the metric's
    value, sample size and date."""
    history = [s for s in metric.history if s.date != sample.date] + [sample]
    history.sort(key=lambda s: s.date)
    changes: dict[str, Any] = {"history": history, "value": sample.value, "sample_size": sample.sample_size,
                               "date": sample.date}
    if source:
        changes["source"] = source
    return changes


def apply_survey(journey: Journey, results: Sequence[SurveyResult], source: str = "",
                 today: dt.date | None = None) -> list[SurveyChange]:
    """Apply computed results to the journey directly (no undo: the command line)."""
    changes = survey_changes(journey, results, source, today)
    with journey.batched():
        for change in changes:
            if isinstance(change.metric, Metric):
                journey.add_metric(change.metric, change.target_id)
            else:
                journey.update(change.metric, **updated_fields(journey.get(change.metric), change.sample, source))
    return changes
