"""The PDF's "Current and future state" section: what the future-state journey changes, for a
client reading the report. Touchpoints new, removed and changed (field by field, old -> new),
the emotion scores that move, and the metric targets that change, as tables flowing page after
page. The comparison is the Insights dock's (`app.model.analytics.compare_states`, touchpoints
matched by title); the section appears when the project has both states.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.layout import style
from app.model import Channel, Journey, LaneKind
from app.model.metrics_math import format_value
from app.model.vocabulary import signed

from .pdf_pages import para
from .pdf_tables import _flow, _styles, table_commands

if TYPE_CHECKING:
    from .pdf_pages import Document

# as the comparison window marks them
NEW, REMOVED, CHANGED = style.CHANGE_NEW, style.CHANGE_REMOVED, style.CHANGE_CHANGED
FIELD_NAMES = {"description": "Description", "channel": "Channel", "owner": "Owner", "emotion": "Emotion",
               "emotion_label": "Emotion label", "moment_of_truth": "Moment of truth", "delight": "Delight moment",
               "stage": "Stage"}


def _value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "\u2014"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "channel":
        try:
            return Channel(value).label
        except ValueError:
            return str(value)
    if name == "emotion" and isinstance(value, int):
        return signed(value).replace("-", "\u2212")
    return str(value)  # the whole value: the table cell wraps it


def draw_comparison(doc: Document, current: Journey, future: Journey) -> None:
    """The section's pages for the exported journey and its other state (analytics.state_pair)."""
    from app.model.analytics import compare_states

    c = compare_states(current, future)
    k = doc.k
    st = _styles(k, doc.accent)
    moved = [d for d in c.emotion_deltas if d.delta]
    targets = [t for t in c.target_deltas if t.current != t.future]
    story: list[Any] = [_touchpoint_table(doc, st, current, future, c)]
    if moved:
        story += [para("Emotion", st["h2"]), _emotion_table(doc, st, moved)]
    if targets:
        story += [para("Metric targets", st["h2"]), _target_table(doc, st, targets)]
    counts = f"{len(c.added)} new, {len(c.removed)} removed, {len(c.changed)} changed touchpoints"
    _flow(doc, "comparison", "Current and future state", f"{current.title} \u2192 {future.title} \u00b7 {counts}",
          story)


def _table(doc: Document, data: list[list[Any]], widths: list[float], extra: list[tuple[Any, ...]]) -> Any:
    from reportlab.platypus import LongTable, TableStyle

    table = LongTable(data, colWidths=[w * (doc.w - 2 * doc.margin) for w in widths], repeatRows=1)
    table.setStyle(TableStyle([*table_commands(doc.k, doc.accent), *extra]))
    return table


def _touchpoint_table(doc: Document, st: dict[str, Any], current: Journey, future: Journey, c: Any) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    tag = ParagraphStyle("tag", parent=st["center"], textColor=HexColor("#ffffff"))
    header = [Paragraph(h, st["head"]) for h in ("Change", "Touchpoint", "Stage", "What changes")]
    rows: list[tuple[str, str, str, str]] = []
    rows += [(NEW, future.get(i).title, future.stage_of(i).name, _about(future, i)) for i in c.added]
    rows += [(REMOVED, current.get(i).title, current.stage_of(i).name, _about(current, i)) for i in c.removed]
    for ch in c.changed:  # one line per field: old -> new
        what = "\n".join(f"{FIELD_NAMES.get(name, name)}: {_value(name, a)} \u2192 {_value(name, b)}"
                          for name, (a, b) in ch.fields.items())
        rows.append((CHANGED, ch.title, current.stage_of(ch.current_id).name, what))
    if not rows:
        return para("The future state keeps every touchpoint as it is.", st["muted"])
    label = {NEW: "New", REMOVED: "Removed", CHANGED: "Changed"}
    data: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    for i, (color, title, stage, what) in enumerate(rows, start=1):
        data.append([Paragraph(label[color], tag), para(title, st["body"]), para(stage, st["muted"]),
                     para(what, st["body"])])
        extra.append(("BACKGROUND", (0, i), (0, i), HexColor(color)))
    return _table(doc, data, [0.12, 0.29, 0.16, 0.43], extra)  # "Removed" fits its column on portrait Letter


def _about(journey: Journey, tp_id: str) -> str:
    """A new or removed card in a line: a touchpoint's channel and owner; for a card in another
    lane (a customer thought, an action), the lane it is in."""
    tp, lane = journey.get(tp_id), journey.lane_of(tp_id)
    if lane is not None and lane.kind is not LaneKind.TOUCHPOINTS:
        return lane.title
    channel = tp.channel.label if tp.channel is not Channel.OTHER else ""
    return " \u00b7 ".join(part for part in (channel, tp.owner) if part) or "\u2014"


def _heads(st: dict[str, Any], names: tuple[str, ...], numeric_from: int) -> list[Any]:
    """Header cells; the columns of numbers (from `numeric_from` on) centred like their values."""
    from reportlab.platypus import Paragraph

    centred = st["head"].clone("head-centred", alignment=1)
    return [Paragraph(h, centred if i >= numeric_from else st["head"]) for i, h in enumerate(names)]


def _emotion_table(doc: Document, st: dict[str, Any], moved: list[Any]) -> Any:
    from reportlab.platypus import Paragraph

    header = _heads(st, ("Touchpoint", "Current state", "Future state", "Change"), 1)
    data: list[list[Any]] = [header]
    for d in sorted(moved, key=lambda d: -d.delta):
        data.append([para(d.title, st["body"]), Paragraph(_value("emotion", d.current), st["center"]),
                     Paragraph(_value("emotion", d.future), st["center"]),
                     Paragraph(_value("emotion", d.delta), st["center"])])
    return _table(doc, data, [0.46, 0.18, 0.18, 0.18], [])


def _target_table(doc: Document, st: dict[str, Any], targets: list[Any]) -> Any:
    from reportlab.platypus import Paragraph

    header = _heads(st, ("Metric", "About", "Current target", "Future target"), 2)
    data: list[list[Any]] = [header]
    for t in targets:
        data.append([Paragraph(t.kind.upper() if len(t.kind) <= 4 else t.kind.replace("_", " ").capitalize(),
                               st["body"]),
                     para(t.stage or "the whole journey", st["muted"]),
                     Paragraph(format_value(t.current), st["center"]), Paragraph(format_value(t.future), st["center"])])
    return _table(doc, data, [0.34, 0.3, 0.18, 0.18], [])
