"""Replicas for the live co-editing tests: sessions joined by an in-memory hub instead of a server.

The hub delivers what each replica sends to every other replica, in an order the test chooses;
a replica cut off by a partition keeps its messages until the partition heals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pycrdt import Doc, create_sync_message

from app.live.collab.schema import read_project
from app.live.collab.session import CollabSession, project_from_doc
from app.model import Project
from app.model.serialize import project_to_dict


@dataclass
class Replica:
    name: str
    session: CollabSession
    outbox: list[bytes] = field(default_factory=list)
    connected: bool = True

    @property
    def project(self) -> Project:
        return self.session.project


def replicas(project: Project, count: int) -> list[Replica]:
    """`count` replicas of `project`: the first shares it, the others join from its document."""
    out: list[Replica] = []
    first_doc = Doc()
    first = Replica("r0", None)  # type: ignore[arg-type]
    first.session = CollabSession(project, first_doc, first.outbox.append)
    out.append(first)
    for i in range(1, count):
        doc = Doc()
        doc.apply_update(first_doc.get_update())
        replica = Replica(f"r{i}", None)  # type: ignore[arg-type]
        replica.session = CollabSession(project_from_doc(doc), doc, replica.outbox.append)
        out.append(replica)
    first.outbox.clear()
    return out


def deliver(reps: list[Replica], rnd: random.Random, steps: int | None = None) -> None:
    """Move messages from connected replicas to the other connected replicas, in random order."""
    pending = [(r, m) for r in reps if r.connected for m in r.outbox]
    for r in reps:
        if r.connected:
            r.outbox.clear()
    rnd.shuffle(pending)
    for sender, message in pending[:steps] if steps is not None else pending:
        for r in reps:
            if r is not sender and r.connected:
                r.session.receive(message)
    if steps is not None:
        for sender, message in pending[steps:]:
            sender.outbox.append(message)


def heal(reps: list[Replica], rnd: random.Random) -> None:
    """Everyone reconnects and syncs with everyone (state vectors, then what each lacks)."""
    for r in reps:
        r.connected = True
    for _ in range(3):
        deliver(reps, rnd)
        for a in reps:
            for b in reps:
                if a is not b:
                    a.session.receive(create_sync_message(b.session.doc))  # b asks a
                    for message in a.outbox:
                        b.session.receive(message)
                    a.outbox.clear()
    deliver(reps, rnd)


def state(r: Replica) -> dict:
    return read_project(r.session.doc)


def model_state(r: Replica) -> dict:
    return project_to_dict(r.project)
