"""A CollabSession binds one open Project to its shared document and speaks the y-websocket protocol.

It lives on the thread that owns the Project (the GUI thread in the editor): messages from the
network come in through `receive`, messages for the network go out through the `send` callable
(which hands them to the network thread). Local edits (the model's change notifications) mark
the session dirty; `flush` writes them into the document, one Yjs update. A remote update is
applied to the document and then to the model, flagged so that it is neither sent back nor
treated as a local edit.

Both ways, an edit of fields of existing elements (the common case) moves only those elements
(increments.py: the model's "updated" changes name them locally, pycrdt's deep events remotely);
anything else (adds, removes, moves, journey and project fields) takes the whole-map pass:
schema.write_project locally, reconcile.apply_project remotely.

Presence rides on the awareness protocol: each participant publishes
{"user": {"name", "color"}, "journey": id, "selection": [ids]}.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pycrdt import (
    Awareness,
    Doc,
    Map,
    TransactionEvent,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)

from app.model import Change, ModelError, Project
from app.model.serialize import project_from_dict, project_to_dict

from .increments import Element, Structural, apply_elements, local_element, touched_by, write_elements
from .schema import JOURNEYS, META, PERSONAS, SchemaError, is_empty, read_project, write_project

PEER_TIMEOUT = 30.0  # seconds without a presence message before a participant counts as gone


class ProtocolError(ValueError):
    """A message that is not y-websocket."""


def canonical(project: dict[str, Any]) -> dict[str, Any]:
    """The dict as saving the project it describes writes it (journey order, path order)."""
    return project_to_dict(project_from_dict(project))


def project_from_doc(doc: Doc) -> Project:
    """The document's project as a model, valid (see schema.repair); SchemaError when it holds none."""
    if is_empty(doc):
        raise SchemaError("the room holds no map yet")
    from app.model.validation import validate_document

    d = read_project(doc)
    problems = validate_document(d)
    if problems:
        raise SchemaError("the room's map is not valid: " + "; ".join(str(p) for p in problems[:5]))
    return project_from_dict(d)


class CollabSession:
    """One Project kept in step with one shared document."""

    def __init__(self, project: Project, doc: Doc, send: Callable[[bytes], None],
                 user: dict[str, Any] | None = None) -> None:
        self.project = project
        self.doc = doc
        self._send = send
        self._remote = 0  # >0 while applying a remote update: not local, not to be sent
        self._dirty = False
        self._pending: set[Element] | None = set()  # local edits to write; None: the whole map
        self._arrived: set[Element] | None = set()  # elements a remote update changed; None: structural
        self.elements_read = 0  # elements the last remote update read, when it took the fast path
        self.increments = True  # False: every edit takes the whole-map pass (benchmarks compare the two)
        self.synced = False  # the server's state has arrived (first SYNC_STEP2)
        self.on_local_edit: Callable[[], None] = lambda: None  # the bridge schedules flush()
        self.on_remote_edit: Callable[[], None] = lambda: None
        self.on_peers: Callable[[], None] = lambda: None
        self.on_synced: Callable[[], None] = lambda: None
        self._journeys: dict[Any, Callable[[Change], None]] = {}
        self.awareness = Awareness(doc)
        self._seen: dict[int, float] = {}
        self._subscription = doc.observe(self._on_doc_update)
        # the root maps are kept: pycrdt unobserves through the object that observed
        self._roots = {root: doc.get(root, type=Map) for root in (META, PERSONAS, JOURNEYS)}
        self._deep = [(ymap, ymap.observe_deep(self._deep_observer(root))) for root, ymap in self._roots.items()]
        project.subscribe(self._on_project_change)
        self._watch_journeys()
        if user is not None:
            self.awareness.set_local_state({"user": user, "journey": None, "selection": []})
        if is_empty(doc):
            write_project(doc, project_to_dict(project))

    def close(self) -> None:
        self.project.unsubscribe(self._on_project_change)
        for j, observer in self._journeys.items():
            j.unsubscribe(observer)
        self._journeys = {}
        self.doc.unobserve(self._subscription)
        for ymap, subscription in self._deep:
            ymap.unobserve(subscription)
        self._deep = []

    # ------------------------------------------------------------ local edits
    def _watch_journeys(self) -> None:
        for j, observer in self._journeys.items():
            j.unsubscribe(observer)
        self._journeys = {}
        for j in self.project.journeys:
            self._journeys[j] = observer = self._journey_observer(j)
            j.subscribe(observer)

    def _journey_observer(self, j: Any) -> Callable[[Change], None]:
        return lambda change: self._on_local_change(change, j)

    def _on_project_change(self, change: Change) -> None:
        if change.op.startswith("journey_"):
            self._watch_journeys()
        self._on_local_change(change, None)

    def _on_local_change(self, change: Change, journey: Any) -> None:
        if self._remote:
            return
        self._note(change, journey)
        if not self._dirty:
            self._dirty = True
            self.on_local_edit()

    def _note(self, change: Change, journey: Any) -> None:
        """Remember which elements the change touched (None: more than fields of elements)."""
        if self._pending is None:
            return
        if not self.increments:
            self._pending = None
            return
        try:
            if change.op == "updated" and journey is not None and change.ids:
                self._pending.update(local_element(journey, i) for i in change.ids)
            elif change.op == "persona_updated" and journey is None and change.ids:
                self._pending.update(("persona", i) for i in change.ids)
            elif change.op == "reset" and change.parts:
                for part in change.parts:
                    self._note(part, journey)
            else:
                self._pending = None
        except (Structural, ModelError, KeyError):
            self._pending = None

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self) -> None:
        """Write local edits into the document (the update goes out through `send`)."""
        if not self._dirty:
            return
        self._dirty = False
        pending, self._pending = self._pending, set()
        if pending is not None:
            try:
                write_elements(self.doc, self.project, pending)
                return
            except Structural:
                pass
        write_project(self.doc, project_to_dict(self.project))

    def _on_doc_update(self, event: TransactionEvent) -> None:
        if not self._remote:
            self._send(create_update_message(event.update))

    # ------------------------------------------------------------ the network
    def hello(self) -> list[bytes]:
        """What to send when a connection opens: our state (the server answers with what we lack)
        and our presence."""
        out = [create_sync_message(self.doc)]
        state = self.awareness.get_local_state()
        if state is not None:
            out.append(self.presence_message())
        return out

    def presence_message(self) -> bytes:
        return create_awareness_message(self.awareness.encode_awareness_update([self.awareness.client_id]))

    def receive(self, message: bytes) -> None:
        """Handle one message from the server; replies go out through `send`."""
        if len(message) < 2:
            raise ProtocolError("a y-websocket message has at least two bytes")
        if message[0] == YMessageType.SYNC:
            self.flush()  # the document must hold our own edits before a remote one is merged into the model
            kind = message[1]
            if kind == YSyncMessageType.SYNC_STEP1:
                reply = handle_sync_message(message[1:], self.doc)
                if reply is not None:
                    self._send(reply)
                return
            if kind not in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
                raise ProtocolError(f"unknown sync message type {kind}")
            self._arrived = set()
            self._remote += 1
            try:
                handle_sync_message(message[1:], self.doc)
            finally:
                self._remote -= 1
            arrived, self._arrived = self._arrived, set()
            self._apply_arrived(arrived)
            if kind == YSyncMessageType.SYNC_STEP2 and not self.synced:
                self.synced = True
                self.on_synced()
        elif message[0] == YMessageType.AWARENESS:
            self.awareness.apply_awareness_update(read_message(message[1:]), "remote")
            now = time.monotonic()
            for client in self.awareness.states:
                self._seen.setdefault(client, now)
            self._seen.update({c: now for c in self._updated_clients(message)})
            self.on_peers()
        else:
            raise ProtocolError(f"unknown message type {message[0]}")

    @staticmethod
    def _updated_clients(message: bytes) -> list[int]:
        from pycrdt import Decoder

        decoder = Decoder(read_message(message[1:]))
        clients = []
        for _ in range(decoder.read_var_uint()):
            clients.append(decoder.read_var_uint())
            decoder.read_var_uint()
            decoder.read_var_string()
        return clients

    def _deep_observer(self, root: str) -> Callable[[Any], None]:
        def observe(events: Any) -> None:
            if not self._remote or self._arrived is None:
                return  # our own writes, or already known to need the whole-map pass
            try:
                self._arrived |= touched_by(root, events)
            except Structural:
                self._arrived = None

        return observe

    def _apply_arrived(self, arrived: set[Element] | None) -> None:
        """Apply a remote update: only the elements it changed, when that is all it changed."""
        self.elements_read = 0
        if arrived is not None and self.increments and not is_empty(self.doc):
            self._remote += 1
            try:
                self.elements_read = apply_elements(self.doc, self.project, arrived)
            except Structural:
                arrived = None
            finally:
                self._remote -= 1
            if arrived is not None:
                self.on_remote_edit()
                return
        self.apply_remote()

    def apply_remote(self) -> None:
        """Bring the model in line with the document (after remote updates)."""
        if is_empty(self.doc):
            return
        from app.model.validation import validate_document

        from .reconcile import apply_project

        found = read_project(self.doc)
        problems = validate_document(found)
        if problems:  # a foreign client wrote something the model cannot hold: the map stays as it was
            raise SchemaError("the room's map has problems, not applied: "
                              + "; ".join(str(p) for p in problems[:3]))
        target = canonical(found)
        self._remote += 1
        try:
            apply_project(self.project, target)
        finally:
            self._remote -= 1
        self._watch_journeys()
        self.on_remote_edit()

    # ------------------------------------------------------------ presence
    def set_presence(self, journey_id: str | None, selection: list[str]) -> None:
        state = dict(self.awareness.get_local_state() or {})
        if state.get("journey") == journey_id and state.get("selection") == selection:
            return
        state.update(journey=journey_id, selection=list(selection))
        self.awareness.set_local_state(state)
        self._send(self.presence_message())

    def leave_message(self) -> bytes:
        """Presence 'gone' for a clean goodbye."""
        self.awareness.set_local_state(None)
        return self.presence_message()

    def peers(self) -> dict[int, dict[str, Any]]:
        """The other participants' presence, those heard from in the last PEER_TIMEOUT seconds."""
        now = time.monotonic()
        return {c: s for c, s in self.awareness.states.items()
                if c != self.awareness.client_id and s and now - self._seen.get(c, now) < PEER_TIMEOUT}
