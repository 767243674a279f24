"""Project <-> plain dict, the in-memory form of a .journey file (format version CURRENT_VERSION).

`project_to_dict` writes the canonical form; `project_from_dict` builds a model from a
dict that `validation.validate_document` has accepted. Each element's fields are listed here
once, in its `*_to_dict` and `*_from_dict` pair; the clipboard's fragments (copying.py) use the
same pairs.
"""

from __future__ import annotations

from typing import Any

from .elements import Annotation, Lane, Metric, MetricSample, Persona, Stage, Touchpoint
from .journey import Journey
from .project import Project
from .report import ReportSettings
from .vocabulary import AnnotationKind
from .workshop_results import results_from_dict, results_to_dict

FORMAT_NAME = "waymark-journey"
CURRENT_VERSION = 3


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def metric_to_dict(m: Metric, target: str | None) -> dict[str, Any]:
    return {
        "id": m.id,
        "kind": m.kind.value,
        "name": m.name,
        "value": _num(m.value),
        "unit": m.unit,
        "target": _num(m.target),
        "higher_is_better": m.higher_is_better,
        "sample_size": m.sample_size,
        "date": m.date,
        "source": m.source,
        "attached_to": target,
        "history": [
            {"date": s.date, "value": _num(s.value), "sample_size": s.sample_size} for s in m.history
        ],
    }


def touchpoint_to_dict(t: Touchpoint) -> dict[str, Any]:
    """The touchpoint's own fields (where it sits, its stage and lane, is the journey's)."""
    return {
        "id": t.id,
        "title": t.title,
        "description": t.description,
        "channel": t.channel.value,
        "owner": t.owner,
        "emotion": t.emotion,
        "emotion_label": t.emotion_label,
        "persona_emotions": dict(t.persona_emotions),
        "moment_of_truth": t.moment_of_truth,
        "delight": t.delight,
        "notes": t.notes,
    }


def journey_to_dict(j: Journey) -> dict[str, Any]:
    def annotations(kind: AnnotationKind) -> list[dict[str, Any]]:
        return [annotation_to_dict(a, j.target_of(a.id)) for a in j.annotations(kind)]

    return {
        "id": j.id,
        "title": j.title,
        "state": j.state.value,
        "client": j.client,
        "author": j.author,
        "date": j.date,
        "notes": j.notes,
        "logo": j.logo,
        "stages": [
            {
                "id": s.id,
                "name": s.name,
                "description": s.description,
                "width": _num(s.width),
                "five_cs": dict(s.five_cs),
                "components": dict(s.components),
            }
            for s in j.stages()
        ],
        "lanes": [
            {"id": ln.id, "kind": ln.kind.value, "title": ln.title, "hidden": ln.hidden} for ln in j.lanes()
        ],
        "touchpoints": [
            {"id": t.id, "stage": j.stage_of(t.id).id, "lane": j.lane_of(t.id).id, **touchpoint_to_dict(t)}
            for t in j.touchpoints()
        ],
        "path": [
            {"from": a, "to": b, "label": j.path_label(a, b)}
            for a, b in sorted(j.path_edges(), key=lambda e: (_rank(j, e[0]), _rank(j, e[1])))
        ],
        "pain_points": annotations(AnnotationKind.PAIN_POINT),
        "opportunities": annotations(AnnotationKind.OPPORTUNITY),
        "metrics": [metric_to_dict(m, j.target_of(m.id)) for m in j.metrics()],
    }


def annotation_to_dict(a: Annotation, target: str | None) -> dict[str, Any]:
    """A pain point's or opportunity's fields (its kind is the list it is written in); only an
    opportunity has an owner and a status."""
    d: dict[str, Any] = {"id": a.id, "text": a.text, "severity": a.severity, "votes": a.votes}
    if a.kind is AnnotationKind.OPPORTUNITY:
        d["owner"] = a.owner
        d["status"] = a.status.value
    d["attached_to"] = target
    return d


def annotation_from_dict(kind: AnnotationKind | str, a: dict[str, Any]) -> Annotation:
    kind = AnnotationKind(kind)
    extra = {}
    if kind is AnnotationKind.OPPORTUNITY:
        extra = {"owner": a.get("owner", ""), "status": a.get("status", "idea")}
    return Annotation(kind, a["text"], id=a["id"], severity=a.get("severity", 3), votes=a.get("votes", 0),
                      **extra)


def _rank(j: Journey, tp_id: str) -> tuple[int, int, int]:
    return j._journey_order(j.get(tp_id))


def persona_to_dict(p: Persona) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "role": p.role,
        "description": p.description,
        "photo": p.photo,
        "goals": list(p.goals),
        "frustrations": list(p.frustrations),
        "color": p.color,
    }


def project_to_dict(project: Project) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": CURRENT_VERSION,
        "title": project.title,
        "language": project.language,
        "report": project.report.to_dict(),
        "personas": [persona_to_dict(p) for p in project.personas],
        "journeys": [journey_to_dict(j) for j in project.journeys],
        "workshops": [results_to_dict(w) for w in project.workshops],
    }


def journey_from_dict(d: dict[str, Any], *, validated: bool = False) -> Journey:
    """A journey from its dict. `validated`: the dict is part of a document that
    validate_document accepted (a file being opened), so it is built in one go
    (Journey.load_elements) instead of element by element through the model's checks."""
    j = Journey(
        d.get("title", "Untitled journey"),
        id=d["id"],
        state=d.get("state", "current"),
        client=d.get("client", ""),
        author=d.get("author", ""),
        notes=d.get("notes", ""),
        date=d.get("date", ""),
        logo=d.get("logo", ""),
    )
    stages = [stage_from_dict(s) for s in d.get("stages", [])]
    lanes = [Lane(ln["kind"], ln.get("title", ""), id=ln["id"], hidden=ln.get("hidden", False))
             for ln in d.get("lanes", [])]
    lists = (("pain_points", AnnotationKind.PAIN_POINT), ("opportunities", AnnotationKind.OPPORTUNITY))
    notes = [(annotation_from_dict(kind, a), a["attached_to"]) for key, kind in lists for a in d.get(key, [])]
    if validated:
        touchpoints = [(touchpoint_from_dict(t), t["stage"], t["lane"]) for t in d.get("touchpoints", [])]
        path = [(e["from"], e["to"], e.get("label", "")) for e in d.get("path", [])]
        metrics = [(metric_from_dict(m), m.get("attached_to")) for m in d.get("metrics", [])]
        j.load_elements(stages, lanes, touchpoints, path, notes, metrics)
        return j
    with j.batched():
        for stage in stages:
            j.add_stage(stage)
        for lane in lanes:
            j.add_lane(lane)
        for t in d.get("touchpoints", []):
            j.add_touchpoint(touchpoint_from_dict(t), t["stage"], t["lane"])
        for e in d.get("path", []):
            j.add_path(e["from"], e["to"], e.get("label", ""))
        for ann, target in notes:
            j.add_annotation(ann, target)
        for m in d.get("metrics", []):
            j.add_metric(metric_from_dict(m), m.get("attached_to"))
    return j


def stage_from_dict(s: dict[str, Any]) -> Stage:
    return Stage(
        s["name"],
        id=s["id"],
        description=s.get("description", ""),
        width=float(s.get("width", 1.0)),
        five_cs=dict(s.get("five_cs", {})),
        components=dict(s.get("components", {})),
    )


def touchpoint_from_dict(t: dict[str, Any]) -> Touchpoint:
    return Touchpoint(
        t["title"],
        id=t["id"],
        description=t.get("description", ""),
        channel=t.get("channel", "other"),
        owner=t.get("owner", ""),
        emotion=t.get("emotion"),
        emotion_label=t.get("emotion_label", ""),
        persona_emotions=dict(t.get("persona_emotions", {})),
        moment_of_truth=t.get("moment_of_truth", False),
        delight=t.get("delight", False),
        notes=t.get("notes", ""),
    )


def metric_from_dict(m: dict[str, Any]) -> Metric:
    return Metric(
        m["kind"],
        m.get("name", ""),
        id=m["id"],
        value=_float(m.get("value")),
        unit=m.get("unit", ""),
        target=_float(m.get("target")),
        higher_is_better=m.get("higher_is_better", True),
        sample_size=m.get("sample_size"),
        date=m.get("date", ""),
        source=m.get("source", ""),
        history=[MetricSample(h["date"], float(h["value"]), h.get("sample_size")) for h in m.get("history", [])],
    )


def _float(v: Any) -> float | None:
    return None if v is None else float(v)


def persona_from_dict(p: dict[str, Any]) -> Persona:
    return Persona(
        p["name"],
        id=p["id"],
        role=p.get("role", ""),
        description=p.get("description", ""),
        photo=p.get("photo", ""),
        goals=list(p.get("goals", [])),
        frustrations=list(p.get("frustrations", [])),
        color=p.get("color", ""),
    )


def project_from_dict(d: dict[str, Any], *, validated: bool = False) -> Project:
    """A project from its dict; `validated`: validate_document accepted it (see journey_from_dict)."""
    project = Project(d.get("title", "Untitled project"), d.get("language") or None)
    project.report = ReportSettings.from_dict(d.get("report", {}))
    for p in d.get("personas", []):
        project.add_persona(persona_from_dict(p))
    for j in d.get("journeys", []):
        project.add_journey(journey_from_dict(j, validated=validated))
    project.workshops = [results_from_dict(w) for w in d.get("workshops", [])]
    return project
