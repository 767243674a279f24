"""OpenJourney Format (.ojf) import, as the spec describes it and as real files write it.

Accepted variants: the persona and point of view at the root (spec) or in a ``metadata``
object (``title``, ``persona``, ``pov``, ``version``); sentiment, purpose and severity values
outside the spec's lists; a node with no score. Mapping (docs/formats.md):

- stages -> stages; swimlanes -> lanes whose kind is guessed from the name (actions,
  touchpoints, thoughts for emotional-state lanes, backstage); nodes -> touchpoints;
- nodes of a pain-point lane (pain, friction, issues, blockers) -> pain points on their stage
  (an opportunity when the node's purpose is a gain or opportunity, or its score is positive);
- score -5..+5 -> emotion round(score * 2 / 5) (-2..+2), the original kept in the notes;
  sentiment -> emotion label; isMomentOfTruth -> moment of truth; a tag naming a channel
  (Chat, Email, Phone, Mobile, Web, ...) -> channel; purpose, severity, tags
  and the service-blueprint layers -> notes.
"""

from __future__ import annotations

import json
import math
from typing import Any

from app.model import Annotation, AnnotationKind, Channel, Journey, Lane, LaneKind, Persona, Project, Stage, Touchpoint

from app.model.reading import HugeNumber, parse_json

from . import FormatError, decode_text

SCORE_MIN, SCORE_MAX = -5, 5
SEVERITY = {"low": 2, "medium": 3, "high": 4, "critical": 5}
_PAIN_WORDS = ("pain", "friction", "issue", "blocker", "roadblock", "problem", "obstacle")
_LANE_WORDS: tuple[tuple[tuple[str, ...], LaneKind], ...] = (
    (("emotion", "feeling", "sentiment", "thought", "mood", "health"), LaneKind.THOUGHTS),
    (("touchpoint", "channel", "tool", "digital", "physical", "vendor"), LaneKind.TOUCHPOINTS),
    (("action", "activit", "interaction", "journey", "doing", "step"), LaneKind.ACTIONS),
    (("backstage", "internal", "support", "system", "staff"), LaneKind.BACKSTAGE),
)
_POSITIVE_PURPOSES = {"gain", "opportunity", "idea"}
_TAG_CHANNELS = {
    "chat": Channel.LIVE_CHAT, "live chat": Channel.LIVE_CHAT, "email": Channel.EMAIL, "e-mail": Channel.EMAIL,
    "phone": Channel.PHONE, "call": Channel.PHONE, "mobile": Channel.MOBILE_APP, "app": Channel.MOBILE_APP,
    "mobile app": Channel.MOBILE_APP, "web": Channel.WEBSITE, "website": Channel.WEBSITE,
    "social": Channel.SOCIAL, "social media": Channel.SOCIAL, "store": Channel.IN_STORE,
    "in-store": Channel.IN_STORE, "advertising": Channel.ADVERTISING, "ads": Channel.ADVERTISING,
}


def channel_of_tags(tags: list[str]) -> Channel:
    """The first tag that names a channel (Chat, Email, Phone, Mobile, Web, Social, Store, Ads); else Other."""
    for tag in tags:
        channel = _TAG_CHANNELS.get(tag.strip().lower())
        if channel is not None:
            return channel
    return Channel.OTHER


def emotion_of_score(score: float) -> int:
    """An OpenJourney score (-5..+5) on Waymark's -2..+2 scale: round(score * 2 / 5), halves away from 0."""
    scaled = score * 2 / 5
    return int(math.copysign(math.floor(abs(scaled) + 0.5), scaled))


def lane_kind(name: str) -> LaneKind | None:
    """The Waymark lane kind for a swimlane name; None for a pain-point lane (its nodes become pain points)."""
    low = name.lower()
    if any(w in low for w in _PAIN_WORDS):
        return None
    for words, kind in _LANE_WORDS:
        if any(w in low for w in words):
            return kind
    return LaneKind.TOUCHPOINTS


class _Reader:
    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings

    @staticmethod
    def fail(field: str, message: str) -> FormatError:
        return FormatError(message, field=field)

    def obj(self, value: Any, field: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, f"expected an object, found {_type(value)}")
        return value

    def items(self, d: dict[str, Any], key: str, path: str, required: bool) -> list[Any]:
        field = f"{path}.{key}" if path else key
        if key not in d:
            if required:
                raise self.fail(field, "is missing")
            return []
        if not isinstance(d[key], list):
            raise self.fail(field, f"expected a list, found {_type(d[key])}")
        return d[key]

    def text(self, d: dict[str, Any], key: str, path: str, required: bool = False) -> str:
        field = f"{path}.{key}" if path else key
        if key not in d or d[key] is None:
            if required:
                raise self.fail(field, "is missing")
            return ""
        if not isinstance(d[key], str):
            raise self.fail(field, f"expected text, found {_type(d[key])}")
        return d[key].strip()


def _type(value: Any) -> str:
    if isinstance(value, HugeNumber):
        return repr(value)
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number",
             float: "a number", type(None): "null"}
    kind = names.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        shown = repr(value)
        kind += f" {shown if len(shown) <= 30 else shown[:27] + '...'}"
    return kind


def _blueprint(reader: _Reader, value: Any, path: str) -> list[str]:
    bp = reader.obj(value, path)
    lines = []
    for layer in ("evidence", "onstage", "backstage", "support"):
        entries = reader.items(bp, layer, path, required=False)
        parts = []
        for k, entry in enumerate(entries):
            e = reader.obj(entry, f"{path}.{layer}[{k}]")
            texts = [str(v) for v in e.values() if isinstance(v, (str, int, float)) and str(v).strip()]
            if layer == "evidence" and len(texts) == 2:
                parts.append(f"{texts[0]} ({texts[1]})")
            else:
                parts.append(" — ".join(texts))
        if parts:
            lines.append(f"{layer.capitalize()}: " + "; ".join(parts))
    return lines


def read_document(doc: Any, fallback_title: str, warnings: list[str]) -> Project:
    reader = _Reader(warnings)
    root = reader.obj(doc, "(top level)")
    if root.get("format") == "waymark-journey":
        raise FormatError("this is a Waymark project, not an OpenJourney file; open it with File > Open")
    meta = reader.obj(root["metadata"], "metadata") if "metadata" in root else {}
    meta_path = "metadata" if "metadata" in root else ""
    persona_text = reader.text(meta, "persona", meta_path) if meta else reader.text(root, "persona", "")
    pov = reader.text(meta, "pov", meta_path) or reader.text(meta, "pointOfView", meta_path) if meta else ""
    pov = pov or reader.text(root, "pointOfView", "")
    title = reader.text(meta, "title", meta_path) if meta else ""
    title = title or reader.text(root, "title", "") or pov or fallback_title
    stages = reader.items(root, "stages", "", required=True)
    swimlanes = reader.items(root, "swimlanes", "", required=False)
    nodes = reader.items(root, "nodes", "", required=False)

    project = Project(title)
    if persona_text:
        name, _, role = persona_text.partition(",")
        project.add_persona(Persona(name.strip(), role=role.strip(), description=pov))
    journey = Journey(title, notes=f"Point of view: {pov}" if pov else "")
    stage_ids: dict[str, str] = {}
    lane_ids: dict[str, str | None] = {}
    with journey.batched():
        for i, s in enumerate(stages):
            sd = reader.obj(s, f"stages[{i}]")
            sid = reader.text(sd, "id", f"stages[{i}]", required=True)
            if sid in stage_ids:
                raise reader.fail(f"stages[{i}].id", f"duplicate stage id {sid!r}")
            name = reader.text(sd, "name", f"stages[{i}]") or f"Stage {i + 1}"
            stage_ids[sid] = journey.add_stage(Stage(name)).id
        for i, s in enumerate(swimlanes):
            sd = reader.obj(s, f"swimlanes[{i}]")
            lid = reader.text(sd, "id", f"swimlanes[{i}]", required=True)
            if lid in lane_ids:
                raise reader.fail(f"swimlanes[{i}].id", f"duplicate swimlane id {lid!r}")
            name = reader.text(sd, "name", f"swimlanes[{i}]") or f"Lane {i + 1}"
            kind = lane_kind(name)
            lane_ids[lid] = journey.add_lane(Lane(kind, name)).id if kind is not None else None
        if not any(v is not None for v in lane_ids.values()):
            journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
        for kind in (LaneKind.EMOTION, LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES):
            journey.add_lane(Lane(kind))
        for i, n in enumerate(nodes):
            _node(reader, journey, n, f"nodes[{i}]", stage_ids, lane_ids)
    project.add_journey(journey)
    return project


def _score(reader: _Reader, nd: dict[str, Any], path: str) -> float | None:
    if "score" not in nd or nd["score"] is None:
        return None
    score = nd["score"]
    try:
        finite = not isinstance(score, bool) and isinstance(score, (int, float)) and math.isfinite(score)
    except OverflowError:  # an integer of hundreds of digits
        finite = False
    if not finite:
        raise reader.fail(f"{path}.score", f"expected a number from -5 to +5, found {_type(score)}")
    if not SCORE_MIN <= score <= SCORE_MAX:
        clamped = max(SCORE_MIN, min(SCORE_MAX, score))
        reader.warnings.append(f"{path}.score: {score:g} is outside -5..+5; used {clamped:g} "
                               "(the original is in the touchpoint notes)")
    return float(score)


def _node(reader: _Reader, journey: Journey, node: Any, path: str, stage_ids: dict[str, str],
          lane_ids: dict[str, str | None]) -> None:
    nd = reader.obj(node, path)
    sid = reader.text(nd, "stageId", path, required=True)
    lid = reader.text(nd, "swimlaneId", path, required=True)
    if sid not in stage_ids:
        raise reader.fail(f"{path}.stageId", f"no stage has the id {sid!r}")
    if lid not in lane_ids:
        raise reader.fail(f"{path}.swimlaneId", f"no swimlane has the id {lid!r}")
    title = reader.text(nd, "title", path) or "Untitled"
    description = reader.text(nd, "description", path)
    severity = reader.text(nd, "severity", path)
    sentiment = reader.text(nd, "sentiment", path)
    purpose = reader.text(nd, "purpose", path)
    score = _score(reader, nd, path)
    moment = nd.get("isMomentOfTruth", False)
    if moment is not None and not isinstance(moment, bool):
        raise reader.fail(f"{path}.isMomentOfTruth", f"expected true or false, found {_type(moment)}")
    tags = reader.items(nd, "tags", path, required=False)
    for k, tag in enumerate(tags):
        if not isinstance(tag, str):
            raise reader.fail(f"{path}.tags[{k}]", f"expected text, found {_type(tag)}")
    blueprint = _blueprint(reader, nd["blueprint"], f"{path}.blueprint") if nd.get("blueprint") is not None else []
    if severity and severity.lower() not in SEVERITY:
        reader.warnings.append(f"{path}.severity: {severity!r} is not low, medium or high; used medium")

    lane_id = lane_ids[lid]
    if lane_id is None:  # a pain-point swimlane: the node is a pain point (or a gain) of its stage
        positive = purpose.lower() in _POSITIVE_PURPOSES or (score is not None and score > 0)
        kind = AnnotationKind.OPPORTUNITY if positive else AnnotationKind.PAIN_POINT
        text = f"{title}: {description}" if description else title
        journey.add_annotation(Annotation(kind, text, severity=SEVERITY.get(severity.lower(), 3)), stage_ids[sid])
        return
    notes = []
    emotion = None
    if score is None:
        notes.append("OpenJourney score: none in the file")
    else:
        clamped = max(SCORE_MIN, min(SCORE_MAX, score))
        emotion = emotion_of_score(clamped)
        notes.append(f"OpenJourney score: {score:+g} (emotion {emotion:+d})")
    if purpose:
        notes.append(f"Purpose: {purpose}")
    if severity:
        notes.append(f"Severity: {severity}")
    if tags:
        notes.append("Tags: " + ", ".join(t.strip() for t in tags))
    notes += blueprint
    tp = Touchpoint(title, description=description, channel=channel_of_tags(tags), emotion=emotion,
                    emotion_label=sentiment,
                    moment_of_truth=bool(moment), notes="\n".join(notes))
    journey.add_touchpoint(tp, stage_ids[sid], lane_id)


def read_ojf(data: bytes, fallback_title: str, warnings: list[str]) -> Project:
    text = decode_text(data, "OpenJourney file")
    if not text.strip():
        raise FormatError("the file is empty; an OpenJourney file is a JSON object", line=1)
    try:
        doc = parse_json(text)
    except RecursionError:
        raise FormatError("the JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except ValueError as exc:  # NaN or Infinity, which JSON does not allow
        raise FormatError(f"not valid JSON: {exc}") from None
    return read_document(doc, fallback_title, warnings)
