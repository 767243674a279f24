"""Journey analytics on the networkx graph: what the map says about the customer's path.

Definitions (documented here because tests and the Insights panel rely on them):

- **Pain weight** of a touchpoint = sum over the pain points attached to it of
  severity x (1 + votes). A severity-4 pain point with 2 dot votes weighs 4 x 3 = 12.
- **On the path**: a touchpoint with at least one incoming or outgoing path step.
- **Entry touchpoints**: on-path touchpoints without an incoming step that sit in the first
  stage holding any on-path touchpoint (the customer starts at the start of the journey).
  When the path is a closed loop there is no such touchpoint; the earliest on-path
  touchpoint in journey order is then the entry.
- **Exit touchpoints**: on-path touchpoints without an outgoing step in the last stage
  holding any on-path touchpoint; for a closed loop, the latest on-path touchpoint.
- **Customer touchpoints**: the cards of the touchpoints lanes (thoughts, actions, backstage
  and notes lanes hold other cards), plus any card the path passes through; a journey
  without a touchpoints lane counts all its cards.
- **Unreachable**: customer touchpoints no entry leads to (only reported once a path is drawn).
- **Dead ends**: reachable touchpoints without an outgoing step that are not exits.
- **Loops**: the simple cycles of the path (the first MAX_LOOPS found), each starting at its
  earliest touchpoint in journey order.
- **Critical path**: the entry-to-exit path with the greatest total pain weight. Loops are
  condensed first (networkx condensation), a condensed loop counting once with all its
  touchpoints; then the heaviest path of the resulting DAG is found by dynamic programming.
  Ties go to the path with more touchpoints, then to the first in journey order.
- **Moments of truth**: the touchpoints with the lowest emotion score and those with the
  highest pain weight (all ties; a pain weight of 0 is no moment of truth).
- **Channel mix**: the channels of each stage's customer touchpoints.
- **Current vs future state**: touchpoints matched by title (case-insensitive, trimmed).

No Qt here: the Insights dock and `waymark info --json` both read these dataclasses.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from .elements import Metric, Touchpoint
from .journey import Journey, NodeKind
from .project import Project
from .vocabulary import JourneyState, signed

MAX_LOOPS = 50

COMPARED_FIELDS = ("description", "channel", "owner", "emotion", "emotion_label", "moment_of_truth", "delight")


def customer_touchpoints(journey: Journey) -> list[Touchpoint]:
    """The cards of the touchpoints lanes and the cards on the path, in journey order."""
    return journey.customer_touchpoints()


def pain_weight(journey: Journey, touchpoint_id: str) -> int:
    """Sum of severity x (1 + votes) over the pain points on one touchpoint."""
    return sum(p.severity * (1 + p.votes) for p in journey.pain_points(touchpoint_id))


@dataclass
class Finding:
    """One line of the Insights panel: what was found and the elements it concerns."""

    category: str
    title: str
    detail: str = ""
    ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MomentsOfTruth:
    lowest_emotion: list[str] = field(default_factory=list)
    emotion: int | None = None
    highest_pain: list[str] = field(default_factory=list)
    pain_weight: int = 0
    flagged: list[str] = field(default_factory=list)  # marked by the user

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CriticalPath:
    ids: list[str] = field(default_factory=list)
    pain_weight: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TouchpointChange:
    title: str
    current_id: str
    future_id: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "current_id": self.current_id, "future_id": self.future_id,
                "fields": {k: {"current": a, "future": b} for k, (a, b) in self.fields.items()}}


@dataclass
class EmotionDelta:
    title: str
    current_id: str
    future_id: str
    current: int
    future: int

    @property
    def delta(self) -> int:
        return self.future - self.current

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "delta": self.delta}


@dataclass
class TargetDelta:
    kind: str
    stage: str | None  # None: the journey as a whole
    current: float | None
    future: float | None
    current_id: str | None
    future_id: str | None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.future is None:
            return None
        return self.future - self.current

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "delta": self.delta}


@dataclass
class StateComparison:
    current_id: str
    future_id: str
    current_title: str
    future_title: str
    added: list[str] = field(default_factory=list)  # future touchpoint ids
    removed: list[str] = field(default_factory=list)  # current touchpoint ids
    changed: list[TouchpointChange] = field(default_factory=list)
    emotion_deltas: list[EmotionDelta] = field(default_factory=list)
    target_deltas: list[TargetDelta] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "current_id": self.current_id, "future_id": self.future_id,
            "current_title": self.current_title, "future_title": self.future_title,
            "added": list(self.added), "removed": list(self.removed),
            "changed": [c.to_dict() for c in self.changed],
            "emotion_deltas": [d.to_dict() for d in self.emotion_deltas],
            "target_deltas": [d.to_dict() for d in self.target_deltas],
        }


@dataclass
class JourneyAnalytics:
    journey_id: str
    titles: dict[str, str] = field(default_factory=dict)  # element id -> name, for people
    pain_weights: dict[str, int] = field(default_factory=dict)
    moments_of_truth: MomentsOfTruth = field(default_factory=MomentsOfTruth)
    critical_path: CriticalPath = field(default_factory=CriticalPath)
    entries: list[str] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)
    loops: list[list[str]] = field(default_factory=list)
    stages_without_touchpoints: list[str] = field(default_factory=list)
    stages_without_metrics: list[str] = field(default_factory=list)
    channel_mix: dict[str, dict[str, int]] = field(default_factory=dict)  # stage id -> channel -> count
    comparison: StateComparison | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "journey_id": self.journey_id,
            "pain_weights": dict(self.pain_weights),
            "moments_of_truth": self.moments_of_truth.to_dict(),
            "critical_path": self.critical_path.to_dict(),
            "entries": list(self.entries),
            "exits": list(self.exits),
            "unreachable": list(self.unreachable),
            "dead_ends": list(self.dead_ends),
            "loops": [list(loop) for loop in self.loops],
            "stages_without_touchpoints": list(self.stages_without_touchpoints),
            "stages_without_metrics": list(self.stages_without_metrics),
            "channel_mix": {k: dict(v) for k, v in self.channel_mix.items()},
            "comparison": None if self.comparison is None else self.comparison.to_dict(),
            "findings": [f.to_dict() for f in self.findings()],
        }

    def _names(self, ids: list[str]) -> str:
        return ", ".join(self.titles.get(i, i) for i in ids)

    def findings(self) -> list[Finding]:
        """The analysis as a flat list for the Insights panel and `waymark info`."""
        out: list[Finding] = []
        mot = self.moments_of_truth
        if mot.lowest_emotion and mot.emotion is not None:
            out.append(Finding("Moments of truth", f"Lowest emotion ({signed(mot.emotion)})",
                               self._names(mot.lowest_emotion), list(mot.lowest_emotion)))
        if mot.highest_pain:
            out.append(Finding("Moments of truth", f"Highest pain weight ({mot.pain_weight})",
                               self._names(mot.highest_pain), list(mot.highest_pain)))
        if mot.flagged:
            out.append(Finding("Moments of truth", "Flagged as moments of truth", self._names(mot.flagged),
                               list(mot.flagged)))
        cp = self.critical_path
        if cp.ids:
            out.append(Finding("Critical path", f"Critical path, pain weight {cp.pain_weight}",
                               " → ".join(self.titles.get(i, i) for i in cp.ids), list(cp.ids)))
        for category, ids in (("Path", self.entries), ("Path", self.exits)):
            if ids:
                label = "Entry" if ids is self.entries else "Exit"
                out.append(Finding(category, f"{label} touchpoints ({len(ids)})", self._names(ids), list(ids)))
        for label, ids in (("Unreachable touchpoints", self.unreachable), ("Dead ends", self.dead_ends)):
            if ids:
                out.append(Finding("Gaps", f"{label} ({len(ids)})", self._names(ids), list(ids)))
        for loop in self.loops:
            out.append(Finding("Loops", f"Loop of {len(loop)} touchpoints",
                               " → ".join(self.titles.get(i, i) for i in [*loop, loop[0]]), list(loop)))
        for label, ids in (("Stages without touchpoints", self.stages_without_touchpoints),
                           ("Stages without metrics", self.stages_without_metrics)):
            if ids:
                out.append(Finding("Gaps", f"{label} ({len(ids)})", self._names(ids), list(ids)))
        for stage_id, mix in self.channel_mix.items():
            if mix:
                text = ", ".join(f"{channel} {n}" for channel, n in mix.items())
                n = len(mix)
                title = f"{self.titles.get(stage_id, stage_id)}: {n} channel{'s' * (n != 1)}"
                out.append(Finding("Channel mix", title, text, [stage_id]))
        c = self.comparison
        if c is not None:
            other = c.future_title if self.journey_id == c.current_id else c.current_title
            cat = f"Compared with {other}"
            if c.added:
                out.append(Finding(cat, f"Added in the future state ({len(c.added)})", self._names(c.added),
                                   [i for i in c.added if i in self.titles]))
            if c.removed:
                out.append(Finding(cat, f"Removed from the current state ({len(c.removed)})",
                                   self._names(c.removed), [i for i in c.removed if i in self.titles]))
            for ch in c.changed:
                mine = ch.current_id if self.journey_id == c.current_id else ch.future_id
                out.append(Finding(cat, f"Changed: {ch.title}", ", ".join(ch.fields), [mine]))
            for d in c.emotion_deltas:
                if d.delta:
                    mine = d.current_id if self.journey_id == c.current_id else d.future_id
                    out.append(Finding(cat, f"Emotion {signed(d.delta)}: {d.title}",
                                       f"{signed(d.current)} → {signed(d.future)}", [mine]))
            for t in c.target_deltas:
                if t.delta:
                    where = t.stage or "journey"
                    metric_id = t.current_id if self.journey_id == c.current_id else t.future_id
                    out.append(Finding(cat, f"{t.kind.upper()} target {t.delta:+g} ({where})",
                                       f"{t.current:g} → {t.future:g}", [metric_id] if metric_id else []))
        return out


# ------------------------------------------------------------------ analysis
def _on_path_graph(journey: Journey) -> nx.DiGraph:
    graph = nx.DiGraph()
    order = {t.id: i for i, t in enumerate(journey.touchpoints())}
    edges = journey.path_edges()
    nodes = sorted({n for e in edges for n in e}, key=order.__getitem__)
    graph.add_nodes_from(nodes)
    graph.add_edges_from(sorted(edges, key=lambda e: (order[e[0]], order[e[1]])))
    return graph


def _entries_exits(journey: Journey, graph: nx.DiGraph, order: dict[str, int]) -> tuple[list[str], list[str]]:
    if not graph:
        return [], []
    stage_pos = {n: journey.stage_of(n).position for n in graph}
    first, last = min(stage_pos.values()), max(stage_pos.values())
    entries = [n for n in graph if graph.in_degree(n) == 0 and stage_pos[n] == first]
    exits = [n for n in graph if graph.out_degree(n) == 0 and stage_pos[n] == last]
    if not entries:
        entries = [min(graph, key=order.__getitem__)]
    if not exits:
        exits = [max(graph, key=order.__getitem__)]
    return entries, exits


def _critical_path(graph: nx.DiGraph, weights: dict[str, int], entries: list[str], exits: list[str],
                   order: dict[str, int]) -> CriticalPath:
    if not graph or not entries:
        return CriticalPath()
    cond = nx.condensation(graph)
    members = {c: sorted(cond.nodes[c]["members"], key=order.__getitem__) for c in cond}
    comp_of = cond.graph["mapping"]
    start = {comp_of[n] for n in entries}
    end = {comp_of[n] for n in exits}
    cweight = {c: sum(weights.get(n, 0) for n in members[c]) for c in cond}
    best: dict[int, tuple[int, int]] = {}
    prev: dict[int, int | None] = {}
    for c in nx.lexicographical_topological_sort(cond, key=lambda c: order[members[c][0]]):
        candidates: list[tuple[tuple[int, int], int | None]] = []
        if c in start:
            candidates.append(((cweight[c], len(members[c])), None))
        for p in cond.predecessors(c):
            if p in best:
                w, n = best[p]
                candidates.append(((w + cweight[c], n + len(members[c])), p))
        if candidates:
            score, p = max(candidates, key=lambda x: x[0])  # first max wins ties
            best[c], prev[c] = score, p
    finals = [c for c in best if c in end] or list(best)
    tail = max(finals, key=lambda c: (best[c], -order[members[c][0]]))
    chain: list[int] = []
    node: int | None = tail
    while node is not None:
        chain.append(node)
        node = prev[node]
    ids = [n for c in reversed(chain) for n in members[c]]
    return CriticalPath(ids, best[tail][0])


def _loops(graph: nx.DiGraph, order: dict[str, int]) -> list[list[str]]:
    loops = []
    # Johnson's search (unbounded) yields each cycle in time linear in the graph, so taking the
    # first MAX_LOOPS stays cheap; a length bound would make it explore every short path instead.
    for cycle in itertools.islice(nx.simple_cycles(graph), MAX_LOOPS):
        i = min(range(len(cycle)), key=lambda k: order[cycle[k]])
        loops.append(cycle[i:] + cycle[:i])
    return sorted(loops, key=lambda loop: [order[n] for n in loop])


def analyse(journey: Journey, project: Project | None = None) -> JourneyAnalytics:
    """Every analysis of one journey (and its comparison with the other state, if the project has one)."""
    touchpoints = journey.touchpoints()
    stages = journey.stages()
    order = {t.id: i for i, t in enumerate(touchpoints)}
    result = JourneyAnalytics(journey.id)
    result.titles = {t.id: t.title for t in touchpoints} | {s.id: s.name for s in stages}
    weights = {t.id: pain_weight(journey, t.id) for t in touchpoints}
    result.pain_weights = {k: v for k, v in weights.items() if v}

    scores = {t.id: t.emotion for t in touchpoints if t.emotion is not None}
    mot = result.moments_of_truth
    if scores:
        mot.emotion = min(scores.values())
        mot.lowest_emotion = [tp_id for tp_id, score in scores.items() if score == mot.emotion]
    heaviest = max(weights.values(), default=0)
    if heaviest > 0:
        mot.pain_weight = heaviest
        mot.highest_pain = [t for t, w in weights.items() if w == heaviest]
    mot.flagged = [t.id for t in touchpoints if t.moment_of_truth]

    customer = customer_touchpoints(journey)
    customer_ids = {t.id for t in customer}
    graph = _on_path_graph(journey)
    result.entries, result.exits = _entries_exits(journey, graph, order)
    if graph:
        reached = set(result.entries)
        frontier = list(result.entries)
        while frontier:  # one search from all entries at once
            node = frontier.pop()
            for nxt in graph.successors(node):
                if nxt not in reached:
                    reached.add(nxt)
                    frontier.append(nxt)
        result.unreachable = [t.id for t in customer if t.id not in reached]
        exits = set(result.exits)
        result.dead_ends = [n for n in graph if n in reached and graph.out_degree(n) == 0 and n not in exits]
        result.loops = _loops(graph, order)
        result.critical_path = _critical_path(graph, weights, result.entries, result.exits, order)

    for stage in stages:
        members = journey.touchpoints(stage.id)
        if not any(t.id in customer_ids for t in members):
            result.stages_without_touchpoints.append(stage.id)
        if not journey.metrics(stage.id) and not any(journey.metrics(t.id) for t in members):
            result.stages_without_metrics.append(stage.id)
        mix = Counter(t.channel.label for t in members if t.id in customer_ids)
        result.channel_mix[stage.id] = dict(sorted(mix.items(), key=lambda kv: (-kv[1], kv[0])))

    if project is not None:
        pair = state_pair(journey, project)
        if pair is not None:
            current, future = pair
            result.comparison = compare_states(current, future)
            other = (future if current is journey else current).touchpoints()
            result.titles.update({t.id: t.title for t in other if t.id not in result.titles})
    return result


def _counterpart(journey: Journey, project: Project) -> Journey | None:
    other_state = JourneyState.FUTURE if journey.state is JourneyState.CURRENT else JourneyState.CURRENT
    return next((j for j in project.journeys if j is not journey and j.state is other_state), None)


def state_pair(journey: Journey, project: Project) -> tuple[Journey, Journey] | None:
    """(current state, future state): the journey and the project's first journey of the other
    state, in that order; None when the project has only one state."""
    other = _counterpart(journey, project)
    if other is None:
        return None
    return (journey, other) if journey.state is JourneyState.CURRENT else (other, journey)


# ---------------------------------------------------------------- comparison
def _key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _metric_key(journey: Journey, metric_id: str) -> tuple[str, str | None]:
    metric = journey.get(metric_id)
    target = journey.target_of(metric_id)
    if target is None:
        return metric.kind.value, None
    if journey.kind_of(target) is NodeKind.STAGE:
        return metric.kind.value, journey.get(target).name
    return metric.kind.value, journey.stage_of(target).name


def compare_states(current: Journey, future: Journey) -> StateComparison:
    """Touchpoints added, removed and changed (matched by title), emotion and metric target deltas."""
    result = StateComparison(current.id, future.id, current.title, future.title)
    now: dict[str, Touchpoint] = {}
    for t in current.touchpoints():
        now.setdefault(_key(t.title), t)
    then: dict[str, Touchpoint] = {}
    for t in future.touchpoints():
        then.setdefault(_key(t.title), t)
    result.removed = [t.id for t in current.touchpoints() if _key(t.title) not in then]
    result.added = [t.id for t in future.touchpoints() if _key(t.title) not in now]
    for key, a in now.items():
        b = then.get(key)
        if b is None:
            continue
        changes = {f: (_plain(getattr(a, f)), _plain(getattr(b, f)))
                   for f in COMPARED_FIELDS if getattr(a, f) != getattr(b, f)}
        stage_a, stage_b = current.stage_of(a.id).name, future.stage_of(b.id).name
        if _key(stage_a) != _key(stage_b):
            changes["stage"] = (stage_a, stage_b)
        if changes:
            result.changed.append(TouchpointChange(a.title, a.id, b.id, changes))
        if a.emotion is not None and b.emotion is not None:
            result.emotion_deltas.append(EmotionDelta(a.title, a.id, b.id, a.emotion, b.emotion))
    targets_now: dict[tuple[str, str | None], Metric] = {}
    for m in current.metrics():
        targets_now.setdefault(_metric_key(current, m.id), m)
    targets_then: dict[tuple[str, str | None], Metric] = {}
    for m in future.metrics():
        targets_then.setdefault(_metric_key(future, m.id), m)
    for metric_key in [*targets_now, *(k for k in targets_then if k not in targets_now)]:
        now_metric, then_metric = targets_now.get(metric_key), targets_then.get(metric_key)
        ta = now_metric.target if now_metric is not None else None
        tb = then_metric.target if then_metric is not None else None
        if ta is None and tb is None:
            continue
        result.target_deltas.append(TargetDelta(metric_key[0], metric_key[1], ta, tb,
                                                now_metric.id if now_metric else None,
                                                then_metric.id if then_metric else None))
    return result


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") and not isinstance(value, (int, float)) else value


# --------------------------------------------------------------------- text
def describe(data: dict[str, Any]) -> list[str]:
    """Lines for people from an analytics dict (as produced by JourneyAnalytics.to_dict)."""
    lines = []
    category = None
    for f in data.get("findings", []):
        if f["category"] != category:
            category = f["category"]
            lines.append(f"{category}:")
        lines.append(f"  {f['title']}" + (f": {f['detail']}" if f["detail"] else ""))
    return lines or ["nothing to report"]
