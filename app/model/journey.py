"""The journey: stages, lanes, touchpoints, annotations and metrics on one networkx graph.

Every element is a node (its dataclass under the node attribute ``obj``); where an
element sits is an edge: touchpoint -> stage (``in_stage``), touchpoint -> lane
(``in_lane``), annotation or metric -> what it is about (``about``/``measures``), and
the customer path is touchpoint -> touchpoint (``path``). Order inside a group is a
compact index on the element, maintained here.

Every mutation goes through the methods below, which validate, apply and tell
observers what changed. Each returns what its undo needs (old values, a Removal).
The rules live in the ``check_*`` methods: each mutation runs its check first, and the
editor (app.editing) runs the same check before it pushes an undo command, so an edit
the model refuses never reaches the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .elements import (
    Annotation,
    Element,
    Lane,
    Metric,
    ModelError,
    Stage,
    Touchpoint,
    new_id,
)
from .nxcore import load as _load_networkx
from .vocabulary import AnnotationKind, JourneyState, LaneKind

nx = _load_networkx()  # networkx's graph classes now, its algorithms on first use (see nxcore)
if TYPE_CHECKING:  # the loader returns a module object; mypy reads the types from networkx itself
    from networkx import DiGraph


class NodeKind(StrEnum):
    STAGE = "stage"
    LANE = "lane"
    TOUCHPOINT = "touchpoint"
    ANNOTATION = "annotation"
    METRIC = "metric"


class Rel(StrEnum):
    IN_STAGE = "in_stage"
    IN_LANE = "in_lane"
    PATH = "path"
    ABOUT = "about"
    MEASURES = "measures"


_KIND_OF_CLASS: dict[type, NodeKind] = {
    Stage: NodeKind.STAGE,
    Lane: NodeKind.LANE,
    Touchpoint: NodeKind.TOUCHPOINT,
    Annotation: NodeKind.ANNOTATION,
    Metric: NodeKind.METRIC,
}

META_FIELDS = ("title", "state", "client", "author", "notes", "date", "logo")


@dataclass(frozen=True)
class Change:
    """What one mutation changed, as observers (the canvas, the inspector) see it."""

    op: str  # added, removed, updated, moved, reordered, path_added, path_removed, meta, reset
    kind: NodeKind | None = None
    ids: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    # a batch's "reset" lists the changes it stands for (up to BATCH_PARTS), so that views can
    # follow a compound edit (a drop of several cards, its undo) without redoing everything
    parts: tuple[Change, ...] = ()


BATCH_PARTS = 64


@dataclass
class Removal:
    """Everything a removal took out, so that restore() puts it back exactly."""

    nodes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    edges: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.nodes)


Observer = Callable[[Change], None]


class Journey:
    """One customer journey (current or future state) of a project."""

    def __init__(
        self,
        title: str = "Untitled journey",
        *,
        id: str | None = None,
        state: JourneyState | str = JourneyState.CURRENT,
        client: str = "",
        author: str = "",
        notes: str = "",
        date: str = "",
        logo: str = "",
    ) -> None:
        self.id = id or new_id()
        self.title = title
        self.state = JourneyState(state)
        self.client = client
        self.author = author
        self.notes = notes
        self.date = date
        self.logo = logo
        self.graph: DiGraph = nx.DiGraph()
        self._observers: list[Observer] = []
        self._batch_depth = 0
        self._batch_dirty = False
        # Sizes of sibling groups, derived from the graph so that appending (loading, importing) costs
        # O(1) instead of re-sorting the group: filled on demand, dropped whole on any other reordering
        self._group_sizes: dict[tuple[Any, ...], int] = {}
        self._batch_parts: list[Change] | None = []  # None: too many to be worth listing

    # ----------------------------------------------------------------- observers
    def subscribe(self, observer: Observer) -> None:
        self._observers.append(observer)

    def unsubscribe(self, observer: Observer) -> None:
        if observer in self._observers:
            self._observers.remove(observer)

    def _emit(self, change: Change) -> None:
        if self._batch_depth:
            self._batch_dirty = True
            if self._batch_parts is not None:
                self._batch_parts.append(change)
                if len(self._batch_parts) > BATCH_PARTS:
                    self._batch_parts = None
            return
        for observer in list(self._observers):
            observer(change)

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Apply many mutations and tell observers once, as a single ``reset``."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth and self._batch_dirty:
                parts, self._batch_parts = self._batch_parts, []
                self._batch_dirty = False
                self._emit(Change("reset", parts=tuple(parts or ())))

    # ------------------------------------------------------------------- queries
    def __contains__(self, element_id: str) -> bool:
        return element_id in self.graph

    def get(self, element_id: str) -> Any:
        try:
            return self.graph._node[element_id]["obj"]  # not graph.nodes[...]: a view object per call
        except KeyError:
            raise ModelError(f"no element with id {element_id!r} in journey {self.title!r}") from None

    def kind_of(self, element_id: str) -> NodeKind:
        try:
            return self.graph._node[element_id]["kind"]  # as get(): no view object per call
        except KeyError:
            raise ModelError(f"no element with id {element_id!r} in journey {self.title!r}") from None

    def _of_kind(self, kind: NodeKind) -> list[Any]:
        return [d["obj"] for _, d in self.graph.nodes(data=True) if d["kind"] is kind]

    def stages(self) -> list[Stage]:
        return sorted(self._of_kind(NodeKind.STAGE), key=lambda s: s.position)

    def lanes(self, *, visible_only: bool = False) -> list[Lane]:
        lanes = sorted(self._of_kind(NodeKind.LANE), key=lambda lane: lane.position)
        return [lane for lane in lanes if not lane.hidden] if visible_only else lanes

    def lanes_of_kind(self, kind: LaneKind) -> list[Lane]:
        return [lane for lane in self.lanes() if lane.kind is kind]

    # _out and _in read the adjacency dicts directly: edge views cost a lot on hot paths (loading, layout)
    def _out(self, node: str, rel: Rel) -> str | None:
        for target, data in self.graph._succ[node].items():
            if data["rel"] is rel:
                return target
        return None

    def _in(self, node: str, rel: Rel) -> list[str]:
        return [s for s, d in self.graph._pred[node].items() if d["rel"] is rel]

    def stage_of(self, touchpoint_id: str) -> Stage:
        stage_id = self._out(touchpoint_id, Rel.IN_STAGE)
        if stage_id is None:
            raise ModelError(f"{touchpoint_id!r} is not a touchpoint (it sits in no stage)")
        return self.get(stage_id)

    def lane_of(self, touchpoint_id: str) -> Lane:
        lane_id = self._out(touchpoint_id, Rel.IN_LANE)
        if lane_id is None:
            raise ModelError(f"{touchpoint_id!r} is not a touchpoint (it sits in no lane)")
        return self.get(lane_id)

    def touchpoints(self, stage_id: str | None = None, lane_id: str | None = None) -> list[Touchpoint]:
        """Touchpoints in journey order, optionally only one stage, lane or cell."""
        if stage_id is not None:
            ids = self._in(stage_id, Rel.IN_STAGE)
            if lane_id is not None:
                ids = [t for t in ids if self._out(t, Rel.IN_LANE) == lane_id]
            return sorted((self.get(t) for t in ids), key=lambda t: t.order)
        if lane_id is not None:
            ids = self._in(lane_id, Rel.IN_LANE)
            return sorted((self.get(t) for t in ids), key=self._journey_order)
        return sorted(self._of_kind(NodeKind.TOUCHPOINT), key=self._journey_order)

    def customer_touchpoints(self) -> list[Touchpoint]:
        """What counts as a touchpoint (in counts and metrics): the cards of the touchpoints lanes
        and the cards on the customer path, in journey order; not thoughts, actions or notes."""
        lanes = {lane.id for lane in self.lanes_of_kind(LaneKind.TOUCHPOINTS)}
        if not lanes:
            return self.touchpoints()
        on_path = {n for edge in self.path_edges() for n in edge}
        return [t for t in self.touchpoints() if t.id in on_path or self._out(t.id, Rel.IN_LANE) in lanes]

    def _journey_order(self, tp: Touchpoint) -> tuple[int, int, int]:
        return (self.stage_of(tp.id).position, self.lane_of(tp.id).position, tp.order)

    def annotations(self, kind: AnnotationKind | None = None, target_id: str | None = None) -> list[Annotation]:
        if target_id is not None:
            found = [self.get(a) for a in self._in(target_id, Rel.ABOUT)]
        else:
            found = self._of_kind(NodeKind.ANNOTATION)
        if kind is not None:
            found = [a for a in found if a.kind is kind]
        return sorted(found, key=self._annotation_order)

    def _annotation_order(self, ann: Annotation) -> tuple[int, int, int, int]:
        target = self._annotation_target(ann.id)
        tk = self.graph.nodes[target]["kind"]
        if tk is NodeKind.STAGE:
            key = (self.get(target).position, -1, -1)
        else:
            key = self._journey_order(self.get(target))
        return (*key, ann.order)

    def pain_points(self, target_id: str | None = None) -> list[Annotation]:
        return self.annotations(AnnotationKind.PAIN_POINT, target_id)

    def opportunities(self, target_id: str | None = None) -> list[Annotation]:
        return self.annotations(AnnotationKind.OPPORTUNITY, target_id)

    def metrics(self, target_id: str | None = None, *, journey_level: bool = False) -> list[Metric]:
        """All metrics; or those measuring one stage or touchpoint; or the journey's own."""
        if target_id is not None:
            found = [self.get(m) for m in self._in(target_id, Rel.MEASURES)]
        elif journey_level:
            found = [m for m in self._of_kind(NodeKind.METRIC) if self.target_of(m.id) is None]
        else:
            found = self._of_kind(NodeKind.METRIC)
        return sorted(found, key=lambda m: (self._metric_target_rank(m.id), m.order))

    def _metric_target_rank(self, metric_id: str) -> tuple[int, int, int]:
        target = self.target_of(metric_id)
        if target is None:
            return (-1, -1, -1)
        if self.graph.nodes[target]["kind"] is NodeKind.STAGE:
            return (self.get(target).position, -1, -1)
        return self._journey_order(self.get(target))

    def target_of(self, element_id: str) -> str | None:
        """The stage or touchpoint an annotation or metric is attached to (None: the journey)."""
        rel = Rel.ABOUT if self.kind_of(element_id) is NodeKind.ANNOTATION else Rel.MEASURES
        return self._out(element_id, rel)

    def _annotation_target(self, annotation_id: str) -> str:
        target = self._out(annotation_id, Rel.ABOUT)
        if target is None:  # add_annotation and attach never leave one so
            raise ModelError(f"the note {annotation_id!r} is attached to nothing")
        return target

    def path_edges(self) -> list[tuple[str, str]]:
        return [(a, b) for a, b, d in self.graph.edges(data=True) if d["rel"] is Rel.PATH]

    def path_label(self, source: str, target: str) -> str:
        return self.graph.edges[source, target].get("label", "")

    def path_graph(self) -> DiGraph:
        """The customer path alone: touchpoints and the path edges between them."""
        view = nx.DiGraph()
        view.add_nodes_from(t.id for t in self.touchpoints())
        view.add_edges_from(self.path_edges())
        return view

    def successors(self, touchpoint_id: str) -> list[str]:
        return [t for _, t, d in self.graph.out_edges(touchpoint_id, data=True) if d["rel"] is Rel.PATH]

    def predecessors(self, touchpoint_id: str) -> list[str]:
        return self._in(touchpoint_id, Rel.PATH)

    def index_of(self, element_id: str) -> int:
        obj = self.get(element_id)
        return obj.position if isinstance(obj, (Stage, Lane)) else obj.order

    # ----------------------------------------------------------------- ordering
    def _group(self, element_id: str) -> Sequence[Element]:
        """The ordered siblings of an element (including itself)."""
        kind = self.graph.nodes[element_id]["kind"]
        if kind is NodeKind.STAGE:
            return self.stages()
        if kind is NodeKind.LANE:
            return self.lanes()
        if kind is NodeKind.TOUCHPOINT:
            return self.touchpoints(self._out(element_id, Rel.IN_STAGE), self._out(element_id, Rel.IN_LANE))
        target = self.target_of(element_id)
        if kind is NodeKind.ANNOTATION:
            obj = self.get(element_id)
            siblings = [self.get(a) for a in self._in(self._annotation_target(element_id), Rel.ABOUT)]
            return sorted((a for a in siblings if a.kind is obj.kind), key=lambda a: a.order)
        if target is None:
            return sorted(
                (m for m in self._of_kind(NodeKind.METRIC) if self.target_of(m.id) is None),
                key=lambda m: m.order,
            )
        return sorted((self.get(m) for m in self._in(target, Rel.MEASURES)), key=lambda m: m.order)

    def _group_key(self, element_id: str) -> tuple[Any, ...]:
        kind = self.graph.nodes[element_id]["kind"]
        if kind is NodeKind.TOUCHPOINT:
            return (kind, self._out(element_id, Rel.IN_STAGE), self._out(element_id, Rel.IN_LANE))
        if kind is NodeKind.ANNOTATION:
            return (kind, self._out(element_id, Rel.ABOUT), self.get(element_id).kind)
        if kind is NodeKind.METRIC:
            return (kind, self._out(element_id, Rel.MEASURES))
        return (kind,)

    def _append(self, element_id: str, key: tuple[Any, ...] | None = None) -> None:
        """Put a new element last among its (compactly numbered) siblings."""
        key = key or self._group_key(element_id)
        size = self._group_sizes.get(key)
        if size is None and key[0] is NodeKind.ANNOTATION:  # the usual miss: one per annotated element
            nodes = self.graph._node
            size = sum(1 for a in self._in(key[1], Rel.ABOUT) if a != element_id and nodes[a]["obj"].kind is key[2])
        elif size is None:
            size = sum(1 for s in self._group(element_id) if s.id != element_id)
        self._set_index(self.get(element_id), size)
        self._group_sizes[key] = size + 1

    def _put(self, element_id: str, index: int | None, key: tuple[Any, ...] | None = None) -> None:
        """Place a newly added element: appending is the cheap, common case."""
        if index is None:
            self._append(element_id, key)
        else:
            self._place(element_id, index)

    @staticmethod
    def _set_index(obj: Element, index: int) -> None:
        if isinstance(obj, (Stage, Lane)):
            obj.position = index
        elif isinstance(obj, (Touchpoint, Annotation, Metric)):
            obj.order = index

    def _place(self, element_id: str, index: int | None) -> list[str]:
        """Put an element at index among its siblings and renumber; returns the ids renumbered."""
        self._group_sizes.clear()
        obj = self.get(element_id)
        siblings = [s for s in self._group(element_id) if s.id != element_id]
        if index is None or index > len(siblings):
            index = len(siblings)
        siblings.insert(max(0, index), obj)
        changed = []
        for i, s in enumerate(siblings):
            if self.index_of(s.id) != i or s.id == element_id:
                self._set_index(s, i)
                changed.append(s.id)
        return changed

    def _compact(self, members: list[Element]) -> None:
        self._group_sizes.clear()
        for i, s in enumerate(sorted(members, key=lambda e: self.index_of(e.id))):
            self._set_index(s, i)

    # -------------------------------------------------------------------- rules
    # Each check raises ModelError (saying what is wrong) and changes nothing.
    def check_new(self, obj: Element) -> None:
        """A new element may join the journey: a known kind, an unused id, valid fields."""
        if type(obj) not in _KIND_OF_CLASS:
            raise ModelError(f"a journey holds no {type(obj).__name__}")
        if obj.id in self.graph:
            raise ModelError(f"duplicate id {obj.id!r}")
        obj.validate()

    def check_cell(self, stage_id: str, lane_id: str) -> None:
        """A touchpoint may sit in this stage and lane (a lane that holds cards)."""
        self._require(stage_id, NodeKind.STAGE)
        self._require_card_lane(lane_id)

    def check_target(self, target_id: str | None, kind: NodeKind) -> None:
        """A pain point, opportunity (kind ANNOTATION) or metric may be attached to target_id
        (a stage or touchpoint; None, the journey itself, for metrics only)."""
        if target_id is None:
            if kind is NodeKind.ANNOTATION:
                raise ModelError("a pain point or opportunity must be attached to a stage or touchpoint")
            return
        self._require(target_id, NodeKind.STAGE, NodeKind.TOUCHPOINT)

    def check_path(self, source: str, target: str) -> None:
        """A new customer-path step may lead from source to target."""
        self._require(source, NodeKind.TOUCHPOINT)
        self._require(target, NodeKind.TOUCHPOINT)
        if source == target:
            raise ModelError("a path step cannot lead from a touchpoint to itself")
        if target in self.graph._succ[source]:  # not has_edge: a hot path when loading
            raise ModelError(f"the path already leads from {self.get(source).title!r} to {self.get(target).title!r}")

    def check_path_exists(self, source: str, target: str) -> None:
        data = self.graph.get_edge_data(source, target) if source in self.graph and target in self.graph else None
        if not data or data["rel"] is not Rel.PATH:
            raise ModelError("no path step between those touchpoints")

    def check_update(self, element_id: str, **changes: Any) -> Element:
        """The element as it would be after the changes (a validated copy; the model is untouched)."""
        obj = self.get(element_id)
        allowed = {f.name for f in fields(obj)} - {"id", "position", "order", "kind"}
        if isinstance(obj, (Lane, Metric)):  # a metric may change kind (NPS -> CSAT) if its values fit
            allowed.add("kind")
        unknown = set(changes) - allowed
        if unknown:
            raise ModelError(f"{type(obj).__name__} has no editable field {', '.join(sorted(unknown))}")
        trial = obj.copy()
        for name, value in changes.items():
            setattr(trial, name, value)
        try:
            if hasattr(trial, "__post_init__"):
                trial.__post_init__()  # turns plain values into their types (a channel name into a Channel)
        except ModelError:
            raise
        except ValueError as exc:
            raise ModelError(f"{type(obj).__name__.lower()}: {exc}") from None
        trial.validate()
        if isinstance(trial, Lane) and not trial.kind.holds_cards and self._in(element_id, Rel.IN_LANE):
            raise ModelError(f"the {obj.title!r} lane holds cards; move them before changing its kind")
        return trial

    def check_meta(self, **changes: Any) -> None:
        """The journey's own details (title, state, client, ...) may take these values."""
        unknown = set(changes) - set(META_FIELDS)
        if unknown:
            raise ModelError(f"a journey has no field {', '.join(sorted(unknown))}")
        if "state" in changes:
            try:
                JourneyState(changes["state"])
            except ValueError:
                states = ", ".join(s.value for s in JourneyState)
                raise ModelError(f"a journey's state is one of {states}, not {changes['state']!r}") from None
        for name, value in changes.items():
            if name != "state" and not isinstance(value, str):
                raise ModelError(f"a journey's {name} is text, not {type(value).__name__}")

    def check_attach(self, element_id: str, target_id: str | None) -> None:
        """An annotation or metric may move to target_id."""
        kind = self.kind_of(element_id)
        if kind not in (NodeKind.ANNOTATION, NodeKind.METRIC):
            raise ModelError("only pain points, opportunities and metrics can be attached")
        self.check_target(target_id, kind)

    def check_move_touchpoint(self, tp_id: str, stage_id: str, lane_id: str) -> None:
        self._require(tp_id, NodeKind.TOUCHPOINT)
        self.check_cell(stage_id, lane_id)

    # ----------------------------------------------------------------- additions
    def _add_node(self, obj: Element) -> None:
        self.check_new(obj)
        self.graph.add_node(obj.id, kind=_KIND_OF_CLASS[type(obj)], obj=obj)

    def add_stage(self, stage: Stage, index: int | None = None) -> Stage:
        self._add_node(stage)
        self._put(stage.id, index)
        self._emit(Change("added", NodeKind.STAGE, (stage.id,)))
        return stage

    def add_lane(self, lane: Lane, index: int | None = None) -> Lane:
        self._add_node(lane)
        self._put(lane.id, index)
        self._emit(Change("added", NodeKind.LANE, (lane.id,)))
        return lane

    def _require(self, element_id: str, *kinds: NodeKind) -> Any:
        node = self.graph._node.get(element_id)
        if node is None:
            return self.get(element_id)  # raises, naming the id
        obj = node["obj"]
        if node["kind"] not in kinds:
            wanted = " or ".join(k.value for k in kinds)
            raise ModelError(f"{element_id!r} is a {self.graph.nodes[element_id]['kind'].value}, not a {wanted}")
        return obj

    def _require_card_lane(self, lane_id: str) -> Lane:
        lane = self._require(lane_id, NodeKind.LANE)
        if not lane.kind.holds_cards:
            raise ModelError(f"the {lane.title!r} lane ({lane.kind.label}) does not hold touchpoint cards")
        return lane

    def add_touchpoint(
        self, tp: Touchpoint, stage_id: str, lane_id: str, index: int | None = None
    ) -> Touchpoint:
        self.check_cell(stage_id, lane_id)
        self._add_node(tp)
        self.graph.add_edge(tp.id, stage_id, rel=Rel.IN_STAGE)
        self.graph.add_edge(tp.id, lane_id, rel=Rel.IN_LANE)
        self._put(tp.id, index, (NodeKind.TOUCHPOINT, stage_id, lane_id))
        self._emit(Change("added", NodeKind.TOUCHPOINT, (tp.id,)))
        return tp

    def add_annotation(self, ann: Annotation, target_id: str, index: int | None = None) -> Annotation:
        self.check_target(target_id, NodeKind.ANNOTATION)
        self._add_node(ann)
        self.graph.add_edge(ann.id, target_id, rel=Rel.ABOUT)
        self._put(ann.id, index, (NodeKind.ANNOTATION, target_id, ann.kind))
        self._emit(Change("added", NodeKind.ANNOTATION, (ann.id,)))
        return ann

    def add_metric(self, metric: Metric, target_id: str | None = None, index: int | None = None) -> Metric:
        self.check_target(target_id, NodeKind.METRIC)
        self._add_node(metric)
        if target_id is not None:
            self.graph.add_edge(metric.id, target_id, rel=Rel.MEASURES)
        self._put(metric.id, index, (NodeKind.METRIC, target_id))
        self._emit(Change("added", NodeKind.METRIC, (metric.id,)))
        return metric

    def add_path(self, source: str, target: str, label: str = "") -> None:
        self.check_path(source, target)
        self.graph.add_edge(source, target, rel=Rel.PATH, label=label)
        self._emit(Change("path_added", NodeKind.TOUCHPOINT, (source, target)))

    def remove_path(self, source: str, target: str) -> str:
        self.check_path_exists(source, target)
        data = self.graph.edges[source, target]
        self.graph.remove_edge(source, target)
        self._emit(Change("path_removed", NodeKind.TOUCHPOINT, (source, target)))
        return data.get("label", "")

    def load_elements(
        self,
        stages: Sequence[Stage],
        lanes: Sequence[Lane],
        touchpoints: Sequence[tuple[Touchpoint, str, str]],
        path: Sequence[tuple[str, str, str]],
        annotations: Sequence[tuple[Annotation, str]],
        metrics: Sequence[tuple[Metric, str | None]],
    ) -> None:
        """Add a whole journey read from a file, in one go: stages and lanes in order, touchpoints
        (with their stage and lane), path steps (from, to, label), pain points and opportunities
        (with their stage or touchpoint) and metrics (with theirs, or None), each last in its group.

        For a document that `validation.validate_document` accepted (the only caller is the file
        loader): that check covers every rule the check_* methods hold, element by element with the
        field path of each problem, so they are not asked again here; the graph is filled in one
        pass instead of one networkx call per node and edge, and observers hear one "reset".
        The nodes and edges go in in the order the one-by-one adds use, so the result is the same
        graph, iteration order included (tests/test_model.py compares them)."""
        graph = self.graph
        # networkx's own layout of a DiGraph (a dict of nodes' attributes, and successor and predecessor
        # dicts sharing one attribute dict per edge), filled as DiGraph.add_edges_from fills it, less its
        # per-edge dict copies and checks: a third of the time of opening a 100,000-touchpoint file
        nodes, succ, pred = graph._node, graph._succ, graph._pred
        counts: dict[tuple[Any, ...], int] = {}
        # the loops below write nodes and edges inline: a function call per node and per edge
        # costs a tenth of a second at 100,000 touchpoints
        for i, stage in enumerate(stages):
            stage.position = i
            nodes[stage.id], succ[stage.id], pred[stage.id] = {"kind": NodeKind.STAGE, "obj": stage}, {}, {}
        for i, lane in enumerate(lanes):
            lane.position = i
            nodes[lane.id], succ[lane.id], pred[lane.id] = {"kind": NodeKind.LANE, "obj": lane}, {}, {}
        for tp, stage_id, lane_id in touchpoints:
            tp_id, key = tp.id, (stage_id, lane_id)
            tp.order = counts.get(key, 0)
            counts[key] = tp.order + 1
            nodes[tp_id], pred[tp_id] = {"kind": NodeKind.TOUCHPOINT, "obj": tp}, {}
            succ[tp_id] = {stage_id: (in_stage := {"rel": Rel.IN_STAGE}), lane_id: (in_lane := {"rel": Rel.IN_LANE})}
            pred[stage_id][tp_id] = in_stage
            pred[lane_id][tp_id] = in_lane
        for a, b, label in path:
            succ[a][b] = pred[b][a] = {"rel": Rel.PATH, "label": label}
        for ann, target_id in annotations:
            key = (target_id, ann.kind)
            ann.order = counts.get(key, 0)
            counts[key] = ann.order + 1
            nodes[ann.id], pred[ann.id] = {"kind": NodeKind.ANNOTATION, "obj": ann}, {}
            succ[ann.id] = {target_id: (about := {"rel": Rel.ABOUT})}
            pred[target_id][ann.id] = about
        for metric, target in metrics:
            metric.order = counts.get((target,), 0)
            counts[(target,)] = metric.order + 1
            nodes[metric.id], succ[metric.id], pred[metric.id] = {"kind": NodeKind.METRIC, "obj": metric}, {}, {}
            if target is not None:
                succ[metric.id][target] = pred[target][metric.id] = {"rel": Rel.MEASURES}
        cache = getattr(graph, "__networkx_cache__", None)
        if cache:  # what networkx's own adds do after a change
            cache.clear()
        self._group_sizes.clear()
        self._emit(Change("reset"))

    # ------------------------------------------------------------------ removal
    def _cascade(self, element_id: str) -> list[str]:
        kind = self.kind_of(element_id)
        out = [element_id]
        if kind is NodeKind.STAGE:
            for tp in self._in(element_id, Rel.IN_STAGE):
                out += self._cascade(tp)
        elif kind is NodeKind.LANE:
            for tp in self._in(element_id, Rel.IN_LANE):
                out += self._cascade(tp)
        if kind in (NodeKind.STAGE, NodeKind.TOUCHPOINT):
            out += self._in(element_id, Rel.ABOUT) + self._in(element_id, Rel.MEASURES)
        return list(dict.fromkeys(out))

    def remove(self, element_id: str) -> Removal:
        """Remove an element and everything that belongs to it; returns what restore() needs."""
        kind = self.kind_of(element_id)
        doomed = self._cascade(element_id)
        doomed_set = set(doomed)
        removal = Removal()
        seen_edges: set[tuple[str, str]] = set()
        for node in doomed:
            removal.nodes.append((node, dict(self.graph.nodes[node])))
            for a, b, d in [*self.graph.out_edges(node, data=True), *self.graph.in_edges(node, data=True)]:
                if (a, b) not in seen_edges:
                    seen_edges.add((a, b))
                    removal.edges.append((a, b, dict(d)))
        # siblings to renumber once the element is gone
        survivors = [s for s in self._group(element_id) if s.id not in doomed_set]
        self._group_sizes.clear()
        self.graph.remove_nodes_from(doomed)
        self._compact(survivors)
        self._emit(Change("removed", kind, tuple(doomed)))
        return removal

    def restore(self, removal: Removal) -> None:
        """Undo a removal: the same elements, edges and order as before."""
        restored = set(removal.ids)
        for node, _ in removal.nodes:
            if node in self.graph:
                raise ModelError(f"cannot restore {node!r}: the id is in use")
        for a, b, _ in removal.edges:
            for end in (a, b):
                if end not in restored and end not in self.graph:
                    raise ModelError(f"cannot restore: {end!r}, which it belongs to, no longer exists")
        with self.batched():  # observers hear of the elements and their path steps at once
            for node, attrs in removal.nodes:
                self.graph.add_node(node, **attrs)
            for a, b, d in removal.edges:
                self.graph.add_edge(a, b, **d)
            # re-insert each restored element at its old index, lowest first, so that the
            # renumbering of survivors done by remove() is reversed exactly
            old_index = {node: self.index_of(node) for node, _ in removal.nodes}
            for node, _ in sorted(removal.nodes, key=lambda n: old_index[n[0]]):
                self._place(node, old_index[node])
            kind = removal.nodes[0][1]["kind"] if removal.nodes else None
            self._emit(Change("added", kind, removal.ids))
            for a, b, d in removal.edges:
                if d["rel"] is Rel.PATH:
                    self._emit(Change("path_added", NodeKind.TOUCHPOINT, (a, b)))

    # ------------------------------------------------------------------ updates
    def update(self, element_id: str, **changes: Any) -> dict[str, Any]:
        """Set fields of an element; returns their old values (for undo)."""
        obj = self.get(element_id)
        trial = self.check_update(element_id, **changes)
        old = {name: getattr(obj, name) for name in changes}
        for name in changes:
            setattr(obj, name, getattr(trial, name))
        self._emit(Change("updated", self.kind_of(element_id), (element_id,), tuple(changes)))
        return old

    def set_meta(self, **changes: Any) -> dict[str, Any]:
        self.check_meta(**changes)
        if "state" in changes:
            changes["state"] = JourneyState(changes["state"])
        old = {name: getattr(self, name) for name in changes}
        for name, value in changes.items():
            setattr(self, name, value)
        self._emit(Change("meta", None, (self.id,), tuple(changes)))
        return old

    # -------------------------------------------------------------------- moves
    def move_touchpoint(
        self, tp_id: str, stage_id: str, lane_id: str, index: int | None = None
    ) -> tuple[str, str, int]:
        """Move a touchpoint to a cell at index; returns (old stage, old lane, old index)."""
        self.check_move_touchpoint(tp_id, stage_id, lane_id)
        old = (self.stage_of(tp_id).id, self.lane_of(tp_id).id, self.get(tp_id).order)
        old_siblings = [s for s in self._group(tp_id) if s.id != tp_id]
        self.graph.remove_edge(tp_id, old[0])
        self.graph.remove_edge(tp_id, old[1])
        self.graph.add_edge(tp_id, stage_id, rel=Rel.IN_STAGE)
        self.graph.add_edge(tp_id, lane_id, rel=Rel.IN_LANE)
        self._compact(old_siblings)
        self._place(tp_id, index)
        self._emit(Change("moved", NodeKind.TOUCHPOINT, (tp_id,)))
        return old

    def move(self, element_id: str, index: int) -> int:
        """Reorder a stage, lane, annotation or metric among its siblings; returns the old index."""
        old = self.index_of(element_id)
        self._place(element_id, index)
        self._emit(Change("reordered", self.kind_of(element_id), (element_id,)))
        return old

    def attach(self, element_id: str, target_id: str | None, index: int | None = None) -> tuple[str | None, int]:
        """Attach an annotation or metric to another stage or touchpoint (metrics: None = journey)."""
        self.check_attach(element_id, target_id)
        kind = self.kind_of(element_id)
        rel = Rel.ABOUT if kind is NodeKind.ANNOTATION else Rel.MEASURES
        old_target = self.target_of(element_id)
        old_index = self.index_of(element_id)
        old_siblings = [s for s in self._group(element_id) if s.id != element_id]
        if old_target is not None:
            self.graph.remove_edge(element_id, old_target)
        if target_id is not None:
            self.graph.add_edge(element_id, target_id, rel=rel)
        self._compact(old_siblings)
        self._place(element_id, index)
        self._emit(Change("moved", kind, (element_id,)))
        return old_target, old_index

    # ------------------------------------------------------------------ helpers
    def card_lane(self) -> Lane | None:
        """The first touchpoints lane, where new touchpoints go by default."""
        lanes = self.lanes_of_kind(LaneKind.TOUCHPOINTS)
        return lanes[0] if lanes else next((ln for ln in self.lanes() if ln.kind.holds_cards), None)

    def find(self, name: str) -> Any:
        """An element by id, or a stage or touchpoint by its (case-insensitive) name."""
        if name in self.graph:
            return self.get(name)
        low = name.strip().lower()
        for stage in self.stages():
            if stage.name.lower() == low:
                return stage
        for tp in self.touchpoints():
            if tp.title.lower() == low:
                return tp
        return None

    def __repr__(self) -> str:
        return f"<Journey {self.title!r} {len(self.graph)} nodes>"
