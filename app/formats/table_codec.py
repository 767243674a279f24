"""The text encodings of the table formats' cells (CSV and XLSX), written and parsed back.

- Emotion: ``-2`` .. ``+2`` (empty: no score).
- Persona emotions: ``Maya: +1; Tom: -2`` (persona name, colon, score; ``;`` or a new line between).
- Pain points / opportunities: one per line, ``S4 (3 votes): text``; ``S4: text`` with no votes;
  a line without the ``S`` prefix is severity 3 with no votes.
- Metrics: one per line, ``NAME [kind]: VALUE UNIT (target T; lower is better; n=N; DATE;
  source S; history DATE=V n=N, DATE=V)``; the ``[kind]`` only when the name is not the kind's
  own (``CSAT``, ``NPS``, ``CES``, ``Retention rate``, ``Customer lifetime value``, ``Custom KPI``);
  ``no value`` when the metric has no value yet.
Every parser raises ValueError with a message for people; the caller adds the row and column.
"""

from __future__ import annotations

import math
import re

from app.model import Metric, MetricKind, MetricSample

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_ANNOTATION = re.compile(r"^S(\d+)(?:\s*\((\d+)\s*votes?\))?\s*:\s*(.*)$", re.I)
_METRIC = re.compile(r"^(?P<name>.*?)(?:\s*\[(?P<kind>[\w ]+)\])?:\s*(?P<rest>.*)$")
_VALUE = re.compile(rf"^(?P<value>{_NUMBER})\s*(?P<unit>.*)$")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_SAMPLE = re.compile(rf"^(?P<date>\S+?)\s*=\s*(?P<value>{_NUMBER})(?:\s+n\s*=\s*(?P<n>\d+))?$")
_TRUE = {"yes", "y", "true", "1", "x", "✓"}
_FALSE = {"", "no", "n", "false", "0", "-"}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# ------------------------------------------------------------------ emotion and flags
def format_emotion(value: int | None) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


def parse_emotion(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an emotion score; use a whole number from -2 to +2") from None
    if not math.isfinite(value) or not value.is_integer() or not -2 <= value <= 2:
        raise ValueError(f"{text} is not an emotion score; use a whole number from -2 to +2")
    return int(value)


def parse_bool(text: str) -> bool:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no")


# ------------------------------------------------------------------ persona emotions
def format_persona_emotions(scores: dict[str, int], names: dict[str, str]) -> str:
    return "; ".join(f"{names[pid]}: {format_emotion(s)}" for pid, s in scores.items() if pid in names)


def parse_persona_emotions(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        name, sep, score = part.rpartition(":")
        if not sep or not name.strip():
            raise ValueError(f"{part.strip()!r} should be 'persona name: score', e.g. 'Maya: +1'")
        parsed = parse_emotion(score)
        if parsed is None:
            raise ValueError(f"{part.strip()!r} has no score after the colon")
        out[name.strip()] = parsed
    return out


# ------------------------------------------------------------------ annotations
def format_annotations(annotations: list) -> str:
    lines = []
    for a in annotations:
        votes = f" ({a.votes} vote{'s' if a.votes != 1 else ''})" if a.votes else ""
        lines.append(f"S{a.severity}{votes}: {' '.join(a.text.split())}")
    return "\n".join(lines)


def parse_annotations(text: str) -> list[tuple[str, int, int]]:
    """(text, severity, votes) for each line."""
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = _ANNOTATION.match(line)
        if m is None:
            out.append((line, 3, 0))
            continue
        severity = int(m.group(1))
        if not 1 <= severity <= 5:
            raise ValueError(f"severity S{severity} in {line!r} must be from S1 to S5")
        body = m.group(3).strip()
        if not body:
            raise ValueError(f"{line!r} has no text after the colon")
        out.append((body, severity, int(m.group(2) or 0)))
    return out


# ------------------------------------------------------------------ metrics
def _kind_by_name(name: str) -> MetricKind | None:
    low = name.strip().lower()
    for kind in MetricKind:
        if low in (kind.value, kind.label.lower()):
            return kind
    return None


def _value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "no value"
    if not unit:
        return _num(value)
    return f"{_num(value)}{unit}" if unit == "%" else f"{_num(value)} {unit}"


def format_metric(m: Metric) -> str:
    head = m.name if (_kind_by_name(m.name) or MetricKind.CUSTOM) is m.kind else f"{m.name} [{m.kind.value}]"
    details = []
    if m.target is not None:
        details.append(f"target {_value_text(m.target, m.unit)}")
    if not m.higher_is_better:
        details.append("lower is better")
    if m.sample_size is not None:
        details.append(f"n={m.sample_size}")
    if m.date:
        details.append(m.date if _DATE.match(m.date) else f"date {m.date}")
    if m.source:
        details.append(f"source {m.source.replace(';', ',')}")
    if m.history:
        samples = [f"{s.date}={_num(s.value)}" + (f" n={s.sample_size}" if s.sample_size is not None else "")
                   for s in m.history]
        details.append("history " + ", ".join(samples))
    text = f"{head}: {_value_text(m.value, m.unit)}"
    return text + (f" ({'; '.join(details)})" if details else "")


def format_metrics(metrics: list[Metric]) -> str:
    return "\n".join(format_metric(m) for m in metrics)


def _split_value(text: str, line: str) -> tuple[float | None, str]:
    text = text.strip()
    if text.lower() in ("no value", ""):
        return None, ""
    m = _VALUE.match(text)
    if m is None:
        raise ValueError(f"{text!r} in {line!r} is not a number (write e.g. 'NPS: 12 (target 30)')")
    return float(m.group("value")), m.group("unit").strip()


def parse_metric(line: str) -> Metric:
    m = _METRIC.match(line)
    if m is None or not m.group("name").strip():
        raise ValueError(f"{line!r} should be 'NAME: VALUE (target T)', e.g. 'NPS: 12 (target 30)'")
    name = m.group("name").strip()
    if m.group("kind"):
        kind = _kind_by_name(m.group("kind"))
        if kind is None:
            choices = ", ".join(k.value for k in MetricKind)
            raise ValueError(f"unknown metric kind [{m.group('kind')}] in {line!r}; use one of {choices}")
    else:
        kind = _kind_by_name(name) or MetricKind.CUSTOM
    rest = m.group("rest").strip()
    details: list[str] = []
    if rest.endswith(")") and " (" in f" {rest}":
        cut = rest.find("(")
        details = [d.strip() for d in rest[cut + 1:-1].split(";") if d.strip()]
        rest = rest[:cut]
    value, unit = _split_value(rest, line)
    metric = Metric(kind, name, value=value, unit=unit)
    for d in details:
        low = d.lower()
        if low.startswith("target "):
            metric.target, target_unit = _split_value(d[7:], line)
            metric.unit = metric.unit or target_unit
        elif low == "lower is better":
            metric.higher_is_better = False
        elif re.match(r"^n\s*=\s*\d+$", low):
            metric.sample_size = int(low.split("=")[1])
        elif _DATE.match(d):
            metric.date = d
        elif low.startswith("date "):
            metric.date = d[5:].strip()
        elif low.startswith("source "):
            metric.source = d[7:].strip()
        elif low.startswith("history "):
            for sample in d[8:].split(","):
                s = _SAMPLE.match(sample.strip())
                if s is None:
                    raise ValueError(f"history entry {sample.strip()!r} should be 'DATE=VALUE' or "
                                     "'DATE=VALUE n=COUNT'")
                size = int(s.group("n")) if s.group("n") else None
                metric.history.append(MetricSample(s.group("date"), float(s.group("value")), size))
        else:
            raise ValueError(f"{d!r} in {line!r} is not understood; use target, lower is better, n=, a date, "
                             "source or history")
    metric.validate()
    return metric


def parse_metrics(text: str) -> list[Metric]:
    return [parse_metric(line.strip()) for line in text.split("\n") if line.strip()]
