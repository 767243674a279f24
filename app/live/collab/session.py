"""A CollabSession binds one open Project to its shared document and speaks the y-websocket protocol.

It lives on the thread that owns the Project (the GUI thread in the editor): messages from the
network come in through `receive`, messages for the network go out through the `send` callable
(which hands them to the network thread). Local edits (the model's change notifications) mark
the session dirty; `flush` writes the difference into the document, one Yjs update. A remote
update is applied to the document and then to the model with app/live/collab/reconcile.py,
flagged so that it is neither sent back nor treated as a local edit.

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
    TransactionEvent,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)

from app.model import Change, Project
from app.model.serialize import project_from_dict, project_to_dict

from .schema import SchemaError, is_empty, read_project, write_project

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
        self.synced = False  # the server's state has arrived (first SYNC_STEP2)
        self.on_local_edit: Callable[[], None] = lambda: None  # the bridge schedules flush()
        self.on_remote_edit: Callable[[], None] = lambda: None
        self.on_peers: Callable[[], None] = lambda: None
        self.on_synced: Callable[[], None] = lambda: None
        self._journeys: list[Any] = []
        self.awareness = Awareness(doc)
        self._seen: dict[int, float] = {}
        self._subscription = doc.observe(self._on_doc_update)
        project.subscribe(self._on_project_change)
        self._watch_journeys()
        if user is not None:
            self.awareness.set_local_state({"user": user, "journey": None, "selection": []})
        if is_empty(doc):
            write_project(doc, project_to_dict(project))

    def close(self) -> None:
        self.project.unsubscribe(self._on_project_change)
        for j in self._journeys:
            j.unsubscribe(self._on_journey_change)
        self._journeys = []
        self.doc.unobserve(self._subscription)

    # ------------------------------------------------------------ local edits
    def _watch_journeys(self) -> None:
        for j in self._journeys:
            j.unsubscribe(self._on_journey_change)
        self._journeys = list(self.project.journeys)
        for j in self._journeys:
            j.subscribe(self._on_journey_change)

    def _on_project_change(self, change: Change) -> None:
        if change.op.startswith("journey_"):
            self._watch_journeys()
        self._on_journey_change(change)

    def _on_journey_change(self, _change: Change) -> None:
        if self._remote:
            return
        if not self._dirty:
            self._dirty = True
            self.on_local_edit()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self) -> None:
        """Write local edits into the document (the update goes out through `send`)."""
        if not self._dirty:
            return
        self._dirty = False
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
            self._remote += 1
            try:
                handle_sync_message(message[1:], self.doc)
            finally:
                self._remote -= 1
            self.apply_remote()
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
