"""The session logic, run on the server's event loop: phones' messages and facilitator commands.

A message that passes its checks becomes an event; `Room.record` writes it to the journal
(fsync) and only then applies it and answers, so every acknowledgement is on disk. Facilitator
commands arrive from the editor's thread through `WorkshopServer.command`, which runs them here,
on the loop, so the state has a single writer. The editor hears about every event through
`listener` (called on the loop's thread, batched per loop turn; the editor turns it into a Qt
signal).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from .board import Board
from .journal import Journal, read_journal
from .protocol import Message, Refusal
from .state import (
    ACCEPTED,
    MERGED,
    PENDING,
    PHASE_LABELS,
    PHASES,
    Contribution,
    Event,
    Participant,
    SessionState,
    Timer,
)

JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
RATE_BURST = 40  # messages a participant may send at once ...
RATE_PER_SECOND = 10.0  # ... and then per second


class Peer(Protocol):
    """One phone's connection (a WebSocket in the server; a fake in tests)."""

    async def send_json(self, data: Any) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


def new_join_code(length: int = 6) -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


class TokenBucket:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.tokens = float(RATE_BURST)
        self.stamp = clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(RATE_BURST, self.tokens + (now - self.stamp) * RATE_PER_SECOND)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class GroupCommit:
    """One fsync for every event written while the previous fsync ran: with 50 phones sending at
    once, each waits for one or two fsyncs instead of fifty."""

    def __init__(self, room: Room) -> None:
        self.room = room
        self._waiters: list[asyncio.Future[None]] = []
        self._running = False

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._waiters.append(future)
        if not self._running:
            self._running = True
            loop.create_task(self._run())
        await future

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._waiters:
                waiters, self._waiters = self._waiters, []
                covered = len(self.room._outbox)  # everything written before this fsync starts
                try:
                    await loop.run_in_executor(None, self.room.journal.sync)
                except OSError as exc:  # a full or failing disk: nothing is acknowledged
                    for w in waiters:
                        if not w.done():
                            w.set_exception(exc)
                    continue
                self.room._flush(covered)
                for w in waiters:
                    if not w.done():
                        w.set_result(None)
        finally:
            self._running = False


class Room:
    """One workshop session: its state, journal, board and connected phones."""

    def __init__(self, journal_file: Path, board: Board, *, budget: int = 5, minutes: float | None = None,
                 listener: Callable[[list[Event]], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.board = board
        self.listener = listener
        events, self.problems = read_journal(journal_file)
        self.state = SessionState()
        for event in events:
            self.state.apply(event)
        self.resumed = bool(events) and not self.state.ended
        if self.state.ended:  # an ended session's journal left in place: keep it, start afresh
            self.problems.append(f"{journal_file.name}: the last session had ended; starting a new one")
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            Journal(journal_file).archive(stamp)
            self.state, events = SessionState(), []
        self.journal = Journal(journal_file)
        self.peers: dict[str, set[Peer]] = {}
        self._buckets: dict[str, TokenBucket] = {}
        self._outbox: list[Event] = []  # recorded, not yet known to be durable
        self._commit = GroupCommit(self)
        self.replayed = events
        self._time_up_call: asyncio.TimerHandle | None = None
        if not events:
            self.record({"op": "start", "code": new_join_code(), "journey": board.journey, "budget": budget,
                         "minutes": minutes, "started": datetime.now(UTC).isoformat(timespec="seconds")})

    @property
    def code(self) -> str:
        return self.state.code

    # ----------------------------------------------------------------- recording
    def record(self, event: Event) -> Event:
        """Write to the journal and apply. Nobody hears of it before it is durable: the caller awaits
        `durable()` before answering, and the editor is told after the fsync that covers it."""
        event["t"] = round(self.clock(), 3)
        self.journal.write(event)
        self.state.apply(event)
        self._outbox.append(event)
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not on the loop (start-up, tests): fsync now
            self.journal.sync()
            self._flush(len(self._outbox))
        return event

    async def durable(self) -> None:
        """Return once every event recorded so far is fsynced (shared with whoever else waits)."""
        if self._outbox:
            await self._commit.wait()

    def _flush(self, count: int) -> None:
        batch, self._outbox = self._outbox[:count], self._outbox[count:]
        if batch and self.listener is not None:
            self.listener(batch)

    # ------------------------------------------------------------------- phones
    def join(self, token: str | None, name: str) -> Participant:
        if self.state.ended:
            raise Refusal("this session has ended")
        if token:
            known = self.state.by_token(token)
            if known is not None:
                if name and name != known.name:
                    self.record({"op": "name", "pid": known.id, "name": name})
                return known
            if any(p.token == token and p.removed for p in self.state.participants.values()):
                raise Refusal("the facilitator removed you from this session")
        pid = self.state.next_participant_id()
        self.record({"op": "join", "pid": pid, "token": secrets.token_urlsafe(24), "name": name})
        return self.state.participants[pid]

    def allow(self, pid: str) -> bool:
        bucket = self._buckets.get(pid)
        if bucket is None:
            bucket = self._buckets[pid] = TokenBucket(self.clock)
        return bucket.take()

    def handle(self, pid: str, message: Message) -> dict[str, Any]:
        """Act on a checked message from a participant; the answer (an ack), or Refusal."""
        participant = self.state.participants.get(pid)
        if participant is None or participant.removed or self.state.ended:
            raise Refusal("you are no longer in this session")
        data = message.data
        kind = message.type
        if kind == "ping":
            return {"type": "pong"}
        if kind == "name":
            if data["name"] != participant.name:
                self.record({"op": "name", "pid": pid, "name": data["name"]})
            return {"type": "ack", "what": "name", "name": data["name"]}
        if kind == "note":
            return self._note(pid, data)
        if kind == "withdraw":
            note = self._own_pending(pid, data["id"], "withdrawn")
            self.record({"op": "withdraw", "cid": note.id})
            return {"type": "ack", "what": "withdraw", "id": note.id, **self._mine(pid)}
        if kind == "rate":
            self._require_open("Ratings")
            self._require_stage(data["stage"])
            self.record({"op": "rate", "pid": pid, "stage": data["stage"], "score": data.get("score")})
            return {"type": "ack", "what": "rate", "stage": data["stage"], "score": data.get("score")}
        if kind == "vote":
            return self._vote(pid, data, message.ref)
        raise Refusal(f"a phone cannot send {kind!r} now")

    def _require_open(self, what: str) -> None:
        if self.state.locked:
            raise Refusal("the facilitator has paused contributions for a moment")
        if self.state.phase == "review":
            raise Refusal(f"{what} are closed: the room is reviewing the results")
        if self.state.time_up(self.clock()):
            raise Refusal(f"Time is up: {what.lower()} for the {PHASE_LABELS[self.state.phase]} phase are closed "
                          "until the facilitator extends the time or moves on")

    def _require_stage(self, stage: str) -> None:
        if stage not in self.board.stage_ids():
            raise Refusal("that stage is no longer on the map; pick another")

    def _own_pending(self, pid: str, cid: str, verb: str) -> Contribution:
        note = self.state.contributions.get(cid)
        if note is None or note.participant != pid:
            raise Refusal("no such note of yours")
        if note.status != PENDING:
            raise Refusal(f"this note was already {note.status}; it can no longer be {verb}")
        return note

    def _note(self, pid: str, data: dict[str, Any]) -> dict[str, Any]:
        self._require_open("Notes")
        if self.state.phase != "collect":
            raise Refusal(f"notes are closed: the room is in the {PHASE_LABELS[self.state.phase]} phase")
        self._require_stage(data["stage"])
        if data["lane"] and data["lane"] not in self.board.lane_kinds():
            raise Refusal("that lane is not on the map; pick another or none")
        cid = data["id"]
        fields = {"stage": data["stage"], "lane": data["lane"], "kind": data["kind"], "text": data["text"]}
        existing = self.state.contributions.get(cid)
        if existing is None:
            self.record({"op": "note", "cid": cid, "pid": pid, **fields})
        else:
            note = self._own_pending(pid, cid, "changed")
            changed = {k: v for k, v in fields.items() if getattr(note, k) != v}
            if changed:  # the same note sent again after a reconnect changes nothing
                self.record({"op": "edit", "cid": cid, **changed})
        return {"type": "ack", "what": "note", "id": cid, "note": self.state.contributions[cid].public()}

    def _vote(self, pid: str, data: dict[str, Any], ref: str | None) -> dict[str, Any]:
        self._require_open("Votes")
        card, delta = data["card"], data["delta"]
        if ref and f"{pid}:{ref}" in self.state.vote_refs:
            return {"type": "ack", "what": "vote", "card": card, **self._mine(pid)}
        if card not in self.board.card_ids():
            raise Refusal("that card is not on the map any more")
        mine = self.state.votes.get(pid, {})
        if delta > 0 and self.state.dots_used(pid) >= self.state.budget:
            raise Refusal(f"you have used all {self.state.budget} of your dots; take one back to move it")
        if delta < 0 and not mine.get(card):
            raise Refusal("you have no dot on that card")
        self.record({"op": "vote", "pid": pid, "card": card, "delta": delta, "ref": ref})
        return {"type": "ack", "what": "vote", "card": card, **self._mine(pid)}

    def _mine(self, pid: str) -> dict[str, Any]:
        return {"you": self.state.participant_view(pid)}

    # ------------------------------------------------------------- what phones see
    def welcome(self, participant: Participant) -> dict[str, Any]:
        return {"type": "welcome", "token": participant.token, "board": self.board.to_json(),
                "session": self.state.session_view(self.clock()), **self._mine(participant.id)}

    async def send(self, pid: str, data: dict[str, Any]) -> None:
        for peer in list(self.peers.get(pid, ())):
            try:
                await peer.send_json(data)
            except Exception:  # a phone gone to sleep mid-send: it gets everything again on reconnect
                self.peers.get(pid, set()).discard(peer)

    async def broadcast(self, data: dict[str, Any]) -> None:
        await asyncio.gather(*(self.send(pid, data) for pid in list(self.peers)))

    async def _session_changed(self) -> None:
        self.arm_timer()
        await self.broadcast({"type": "session", "session": self.state.session_view(self.clock())})

    def arm_timer(self) -> None:
        """Tell every phone the moment the countdown reaches 0 (on the loop; again after each change)."""
        if self._time_up_call is not None:
            self._time_up_call.cancel()
            self._time_up_call = None
        left = self.state.timer.left(self.clock())
        if self.state.timer.running and left is not None and left > 0:
            loop = asyncio.get_running_loop()
            self._time_up_call = loop.call_later(left + 0.02, lambda: loop.create_task(self._time_up()))

    async def _time_up(self) -> None:
        self._time_up_call = None
        if self.state.time_up(self.clock()):
            await self.broadcast({"type": "session", "session": self.state.session_view(self.clock())})
        else:  # the clock said "not yet" (a clock that runs slower than the loop's): look again
            self.arm_timer()

    # -------------------------------------------------------- facilitator commands
    async def facilitate(self, name: str, args: dict[str, Any]) -> None:
        """One command from the editor (accept, dismiss, phase, ...), applied on the loop."""
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None:
            raise ValueError(f"unknown facilitator command {name!r}")
        await handler(**args)
        await self.durable()

    async def _decide(self, cid: str, op: str, card: str = "") -> None:
        note = self.state.contributions.get(cid)
        if note is None:
            return
        if op == "reopen" and note.status not in (ACCEPTED, MERGED):
            return
        self.record({"op": op, "cid": cid, "card": card})
        await self.durable()
        await self.send(note.participant, {"type": "you", **self._mine(note.participant)})

    async def _cmd_accept(self, cid: str, card: str) -> None:
        await self._decide(cid, "accept", card)

    async def _cmd_merge(self, cid: str, card: str) -> None:
        await self._decide(cid, "merge", card)

    async def _cmd_dismiss(self, cid: str) -> None:
        await self._decide(cid, "dismiss")

    async def _cmd_reopen(self, cid: str) -> None:
        await self._decide(cid, "reopen")

    async def _cmd_phase(self, phase: str) -> None:
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}")
        if phase != self.state.phase:
            self.record({"op": "phase", "phase": phase})
            await self.durable()
            await self._session_changed()

    async def _cmd_lock(self, locked: bool) -> None:
        if locked != self.state.locked:
            self.record({"op": "lock", "locked": locked})
            await self.durable()
            await self._session_changed()

    async def _cmd_timer(self, minutes: float | None = None, pause: bool = False, resume: bool = False) -> None:
        now, timer = self.clock(), self.state.timer
        if minutes is not None:
            new = Timer(deadline=now + 60 * minutes) if minutes > 0 else Timer()
        elif pause and timer.running:
            new = Timer(remaining=timer.left(now))
        elif resume and timer.remaining is not None:
            new = Timer(deadline=now + timer.remaining)
        else:
            return
        self.record({"op": "timer", "deadline": new.deadline, "remaining": new.remaining})
        await self.durable()
        await self._session_changed()

    async def _cmd_remove(self, pid: str) -> None:
        if pid not in self.state.participants or self.state.participants[pid].removed:
            return
        self.record({"op": "remove", "pid": pid})
        await self.durable()
        peers = self.peers.pop(pid, set())
        for peer in peers:
            try:
                await peer.send_json({"type": "removed", "message": "The facilitator removed you from this session."})
                await peer.close(4403, "removed")
            except Exception:
                pass

    async def _cmd_relocate(self, path: Path) -> None:
        """The project was saved under a new name: its journal follows (on the loop, the only writer)."""
        await self.durable()
        self.journal.move_to(path)

    async def _cmd_board(self, board: Board) -> None:
        if board != self.board:
            self.board = board
            await self.broadcast({"type": "board", "board": board.to_json()})

    async def _cmd_end(self) -> None:
        if self.state.ended:
            return
        self.record({"op": "end"})
        await self.durable()
        await self.broadcast({"type": "ended", "message": "The session has ended. Thank you!"})
        for peers in list(self.peers.values()):
            for peer in list(peers):
                try:
                    await peer.close(1001, "session ended")
                except Exception:
                    pass
        self.peers.clear()
        self.journal.archive(datetime.now(UTC).strftime("%Y%m%d-%H%M%S"))

    def close(self) -> None:
        if not self.journal.closed:
            self.journal.sync()
        self._flush(len(self._outbox))
        self.journal.close()
