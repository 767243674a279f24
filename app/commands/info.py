"""`waymark info FILE [--journey NAME] [--json]`: what a project holds, for people or scripts.

Per journey: stages, touchpoints by channel, pain points by severity, metrics against their
targets, the emotion curve, and the analytics of app.model.analytics (moments of truth,
critical path, entry/exit, dead ends, loops, gaps, channel mix, current vs future state).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from app.commands import load_or_report
from app.model import Journey, Metric, ModelError, NodeKind, Project
from app.model.analytics import analyse, describe
from app.model.metrics_math import compare_to_target, format_value
from app.model.vocabulary import signed


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "info",
        help="summarise a project: stages, touchpoints, pain points, metrics, analytics",
        description="Summarise a .journey project: per journey its stages, touchpoints by channel, "
                    "pain points by severity, metrics against targets, emotion curve and analytics.",
    )
    parser.add_argument("file", help="the .journey project file")
    parser.add_argument("--journey", metavar="NAME", help="only this journey (title or id)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    parser.set_defaults(func=run)


# ---------------------------------------------------------------- attachment
def metric_target(journey: Journey, metric: Metric) -> dict[str, Any]:
    """What a metric is attached to, as {kind, id, name}."""
    target = journey.target_of(metric.id)
    if target is None:
        return {"kind": "journey", "id": journey.id, "name": journey.title}
    obj = journey.get(target)
    if journey.kind_of(target) is NodeKind.STAGE:
        return {"kind": "stage", "id": target, "name": obj.name}
    return {"kind": "touchpoint", "id": target, "name": obj.title}


def metric_dict(journey: Journey, metric: Metric) -> dict[str, Any]:
    comparison = compare_to_target(metric.value, metric.target, metric.higher_is_better)
    return {
        "id": metric.id,
        "kind": metric.kind.value,
        "name": metric.name,
        "value": metric.value,
        "target": metric.target,
        "unit": metric.unit,
        "higher_is_better": metric.higher_is_better,
        "meets_target": None if comparison is None else comparison.met,
        "sample_size": metric.sample_size,
        "date": metric.date or None,
        "source": metric.source,
        "history": [{"date": s.date, "value": s.value, "sample_size": s.sample_size} for s in metric.history],
        "attached_to": metric_target(journey, metric),
    }


def _analytics(project: Project, journey: Journey) -> dict[str, Any]:
    return analyse(journey, project).to_dict()


def journey_dict(project: Project, journey: Journey) -> dict[str, Any]:
    stages = journey.stages()
    touchpoints = journey.touchpoints()
    pains = journey.pain_points()
    return {
        "id": journey.id,
        "title": journey.title,
        "state": journey.state.value,
        "stages": [
            {"id": s.id, "name": s.name, "touchpoints": len(journey.touchpoints(s.id))} for s in stages
        ],
        "touchpoints": len(touchpoints),
        "touchpoints_by_channel": dict(Counter(t.channel.value for t in touchpoints).most_common()),
        "pain_points": len(pains),
        "pain_points_by_severity": {str(k): v for k, v in sorted(Counter(p.severity for p in pains).items())},
        "opportunities": len(journey.opportunities()),
        "emotion_curve": [
            {"id": t.id, "title": t.title, "stage": journey.stage_of(t.id).name, "emotion": t.emotion,
             "label": t.emotion_label, "persona_emotions": dict(t.persona_emotions)}
            for t in touchpoints
        ],
        "metrics": [metric_dict(journey, m) for m in journey.metrics()],
        "analytics": _analytics(project, journey),
    }


# ------------------------------------------------------------------- text
def _metric_line(journey: Journey, m: Metric) -> str:
    target = metric_target(journey, m)
    where = "journey" if target["kind"] == "journey" else f"{target['kind']} {target['name']}"
    text = f"    {m.name:<24} {format_value(m.value, m.unit):>10}"
    comparison = compare_to_target(m.value, m.target, m.higher_is_better)
    if m.target is not None:
        text += f"  target {format_value(m.target, m.unit)}"
        if comparison is not None:
            text += " (met)" if comparison.met else f" (missed by {format_value(abs(comparison.gap))})"
    if m.sample_size is not None:
        text += f"  n={m.sample_size}"
    if m.date:
        text += f"  {m.date}"
    return text + f"  [{where}]"


def journey_text(project: Project, journey: Journey) -> list[str]:
    d = journey_dict(project, journey)
    lines = [f"Journey: {journey.title} ({journey.state.label})"]
    lines.append(f"  Stages ({len(d['stages'])}): " + ", ".join(
        f"{s['name']} ({s['touchpoints']})" for s in d["stages"]))
    from app.model import Channel

    by_channel = ", ".join(f"{Channel(k).label} {v}" for k, v in d["touchpoints_by_channel"].items())
    lines.append(f"  Touchpoints: {d['touchpoints']}" + (f" ({by_channel})" if by_channel else ""))
    by_sev = ", ".join(f"severity {k}: {v}" for k, v in sorted(d["pain_points_by_severity"].items(), reverse=True))
    lines.append(f"  Pain points: {d['pain_points']}" + (f" ({by_sev})" if by_sev else ""))
    lines.append(f"  Opportunities: {d['opportunities']}")
    metrics = journey.metrics()
    lines.append(f"  Metrics: {len(metrics)}")
    lines.extend(_metric_line(journey, m) for m in metrics)
    curve = [t for t in d["emotion_curve"] if t["emotion"] is not None]
    if curve:
        lines.append("  Emotion curve:")
        for stage in d["stages"]:
            scores = [f"{t['title']} {signed(t['emotion'])}" for t in curve if t["stage"] == stage["name"]]
            if scores:
                lines.append(f"    {stage['name']}: " + ", ".join(scores))
    lines.append("  Analytics:")
    lines.extend("    " + line for line in describe(d["analytics"]))
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run(args: argparse.Namespace) -> int:
    project = load_or_report(args.file)
    if project is None:
        return 1
    try:
        journeys = [project.journey(args.journey)] if args.journey else list(project.journeys)
    except ModelError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = {
            "file": args.file,
            "project": project.title,
            "personas": [{"id": p.id, "name": p.name} for p in project.personas],
            "journeys": [journey_dict(project, j) for j in journeys],
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    lines = [f"Project: {project.title} ({_count(len(project.journeys), 'journey')}, "
             f"{_count(len(project.personas), 'persona')})"]
    for j in journeys:
        lines.append("")
        lines.extend(journey_text(project, j))
    print("\n".join(lines))
    return 0
