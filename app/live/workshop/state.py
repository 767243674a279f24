"""The state of one workshop session, rebuilt from its events.

Everything that happens in a session (a participant joins, adds a note, rates a stage,
votes; the facilitator accepts, dismisses, changes the phase) is one event: a small JSON
object with an ``op``. `SessionState.apply` is the only place that changes the state, and
it is deterministic, so the same list of events always gives the same state. That gives
three things at once: the journal on disk is the list of events (a crash loses nothing
that was acknowledged: replaying the journal rebuilds the session), the server and the
editor each keep their own copy by applying the same events in the same order, and no
state is shared between threads.

Checks (budgets, phases, who may edit what) happen before an event is made
(`app.live.workshop.room`); `apply` trusts its events, except that it skips those that
refer to something it does not know (a journal edited by hand must not crash a session).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

Event = dict[str, Any]

NOTE_KINDS = ("pain_point", "opportunity", "thought", "question", "touchpoint")
NOTE_KIND_LABELS = {
    "pain_point": "Pain point",
    "opportunity": "Idea",
    "thought": "Thought",
    "question": "Question",
    "touchpoint": "Touchpoint",
}
PHASES = ("collect", "vote", "review")
PHASE_LABELS = {"collect": "Collect", "vote": "Vote", "review": "Review"}

PENDING, ACCEPTED, MERGED, DISMISSED, WITHDRAWN = "pending", "accepted", "merged", "dismissed", "withdrawn"


@dataclass
class Participant:
    id: str  # "p1", "p2": what the project file keeps (anonymous unless a name was given)
    token: str  # the secret a phone keeps to reconnect as the same participant
    name: str = ""
    removed: bool = False


@dataclass
class Contribution:
    id: str  # chosen by the phone, so a message sent again after a reconnect is not counted twice
    participant: str
    stage: str
    lane: str  # a lane kind ("thoughts") or "" for the stage as a whole
    kind: str
    text: str
    seq: int  # arrival order
    status: str = PENDING
    card: str = ""  # the map element it became or was merged into

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "stage": self.stage, "lane": self.lane, "kind": self.kind, "text": self.text,
                "status": self.status}


@dataclass
class Timer:
    """A countdown: running towards `deadline` (epoch seconds) or paused with `remaining` seconds."""

    deadline: float | None = None
    remaining: float | None = None

    def left(self, now: float) -> float | None:
        if self.deadline is not None:
            return max(0.0, self.deadline - now)
        return self.remaining

    @property
    def running(self) -> bool:
        return self.deadline is not None

    def expired(self, now: float) -> bool:
        """Time is up: a running countdown reached 0 (contributions for the phase are closed)."""
        return self.deadline is not None and now >= self.deadline


@dataclass
class RoomRating:
    """The room's rating of one stage: how many rated it, their mean and spread."""

    n: int
    mean: float
    spread: float  # population standard deviation
    scores: tuple[int, ...]


@dataclass
class SessionState:
    code: str = ""
    journey: str = ""
    budget: int = 5
    started: str = ""
    phase: str = "collect"
    locked: bool = False
    ended: bool = False
    timer: Timer = field(default_factory=Timer)
    participants: dict[str, Participant] = field(default_factory=dict)
    contributions: dict[str, Contribution] = field(default_factory=dict)
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)  # participant -> stage -> score
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # participant -> card -> dots

    def __post_init__(self) -> None:
        self._by_token: dict[str, Participant] = {}
        self.vote_refs: set[str] = set()  # message ids of votes counted (a vote sent again counts once)

    # ------------------------------------------------------------------ applying
    def apply(self, event: Event) -> bool:
        """Apply one event; False when it refers to something unknown (and changed nothing)."""
        handler = getattr(self, f"_on_{event.get('op')}", None)
        if handler is None:
            return False
        return handler(event) is not False

    def _on_start(self, e: Event) -> None:
        self.code, self.journey, self.budget = e["code"], e.get("journey", ""), int(e.get("budget", 5))
        self.started = e.get("started", "")
        minutes = e.get("minutes")
        if minutes:
            self.timer = Timer(deadline=float(e.get("t", 0)) + 60 * float(minutes))

    def _on_join(self, e: Event) -> None:
        p = Participant(e["pid"], e["token"], e.get("name", ""))
        self.participants[p.id] = p
        self._by_token[p.token] = p

    def _on_name(self, e: Event) -> bool:
        p = self.participants.get(e["pid"])
        if p is None:
            return False
        p.name = e["name"]
        return True

    def _on_note(self, e: Event) -> None:
        self.contributions[e["cid"]] = Contribution(e["cid"], e["pid"], e["stage"], e.get("lane", ""), e["kind"],
                                                    e["text"], len(self.contributions))

    def _on_edit(self, e: Event) -> bool:
        c = self.contributions.get(e["cid"])
        if c is None:
            return False
        for key in ("stage", "lane", "kind", "text"):
            if key in e:
                setattr(c, key, e[key])
        return True

    def _status(self, e: Event, status: str) -> bool:
        c = self.contributions.get(e["cid"])
        if c is None:
            return False
        c.status, c.card = status, e.get("card", "")
        return True

    def _on_withdraw(self, e: Event) -> bool:
        return self._status(e, WITHDRAWN)

    def _on_accept(self, e: Event) -> bool:
        return self._status(e, ACCEPTED)

    def _on_merge(self, e: Event) -> bool:
        return self._status(e, MERGED)

    def _on_dismiss(self, e: Event) -> bool:
        return self._status(e, DISMISSED)

    def _on_reopen(self, e: Event) -> bool:
        return self._status(e, PENDING)

    def _on_rate(self, e: Event) -> None:
        scores = self.ratings.setdefault(e["pid"], {})
        if e.get("score") is None:
            scores.pop(e["stage"], None)
        else:
            scores[e["stage"]] = int(e["score"])

    def _on_vote(self, e: Event) -> None:
        if e.get("ref"):
            self.vote_refs.add(f"{e['pid']}:{e['ref']}")
        dots = self.votes.setdefault(e["pid"], {})
        dots[e["card"]] = max(0, dots.get(e["card"], 0) + int(e["delta"]))
        if not dots[e["card"]]:
            del dots[e["card"]]

    def _on_phase(self, e: Event) -> None:
        self.phase = e["phase"]
        if self.timer.expired(float(e.get("t", 0))):  # the new phase opens: the old phase's time-up ends
            self.timer = Timer()

    def _on_lock(self, e: Event) -> None:
        self.locked = bool(e["locked"])

    def _on_timer(self, e: Event) -> None:
        self.timer = Timer(e.get("deadline"), e.get("remaining"))

    def _on_remove(self, e: Event) -> bool:
        p = self.participants.get(e["pid"])
        if p is None:
            return False
        p.removed = True
        self._by_token.pop(p.token, None)
        return True

    def _on_end(self, e: Event) -> None:
        self.ended = True
        self._by_token.clear()

    # ------------------------------------------------------------------- queries
    def by_token(self, token: str) -> Participant | None:
        return self._by_token.get(token)

    def active(self) -> list[Participant]:
        return [p for p in self.participants.values() if not p.removed]

    def next_participant_id(self) -> str:
        return f"p{len(self.participants) + 1}"

    def notes_of(self, pid: str) -> list[Contribution]:
        return [c for c in self.contributions.values() if c.participant == pid and c.status != WITHDRAWN]

    def pending(self) -> list[Contribution]:
        return [c for c in self.contributions.values() if c.status == PENDING and self._counts(c.participant)]

    def _counts(self, pid: str) -> bool:
        p = self.participants.get(pid)
        return p is not None and not p.removed

    def dots_used(self, pid: str) -> int:
        return sum(self.votes.get(pid, {}).values())

    def card_votes(self) -> dict[str, int]:
        """Dots per card from everyone still in the room."""
        totals: dict[str, int] = {}
        for pid, dots in self.votes.items():
            if self._counts(pid):
                for card, n in dots.items():
                    totals[card] = totals.get(card, 0) + n
        return totals

    def stage_ratings(self) -> dict[str, RoomRating]:
        by_stage: dict[str, list[int]] = {}
        for pid, scores in self.ratings.items():
            if self._counts(pid):
                for stage, score in scores.items():
                    by_stage.setdefault(stage, []).append(score)
        return {stage: RoomRating(len(s), statistics.fmean(s), statistics.pstdev(s), tuple(sorted(s)))
                for stage, s in by_stage.items()}

    def supporters(self) -> dict[str, list[str]]:
        """Card -> the participants whose notes it came from or were merged into it."""
        out: dict[str, list[str]] = {}
        for c in self.contributions.values():
            if c.status in (ACCEPTED, MERGED) and c.card and self._counts(c.participant):
                people = out.setdefault(c.card, [])
                if c.participant not in people:
                    people.append(c.participant)
        return out

    def time_up(self, now: float) -> bool:
        return self.timer.expired(now)

    def session_view(self, now: float) -> dict[str, Any]:
        """What every phone shows about the session: phase, lock and the countdown."""
        left = self.timer.left(now)
        return {"phase": self.phase, "locked": self.locked, "ended": self.ended,
                "seconds_left": None if left is None else round(left, 1), "timer_running": self.timer.running,
                "time_up": self.time_up(now), "budget": self.budget}

    def participant_view(self, pid: str) -> dict[str, Any]:
        """What one phone shows about its participant: name, notes, ratings, dots."""
        p = self.participants[pid]
        return {"participant": pid, "name": p.name,
                "notes": [c.public() for c in self.notes_of(pid)],
                "ratings": dict(self.ratings.get(pid, {})),
                "votes": dict(self.votes.get(pid, {})),
                "dots_left": self.budget - self.dots_used(pid)}


def replay(events: list[Event]) -> SessionState:
    state = SessionState()
    for event in events:
        state.apply(event)
    return state
