"""A simulated room for the workshop server: N participants over real WebSockets on loopback, each
sending notes and votes the way a phone does (one message, wait for its answer, the next), all at
once. Used by `python -m benchmarks workshop` and by the load tests (bounded in count and time).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import websockets


@dataclass
class ParticipantRun:
    token: str = ""
    pid: str = ""
    acked_notes: list[str] = field(default_factory=list)  # note ids the server acknowledged
    votes_acked: dict[str, int] = field(default_factory=dict)  # card -> dots acknowledged
    refused_votes: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds from send to acknowledgement
    errors: list[str] = field(default_factory=list)


async def run_participant(ws_url: str, index: int, notes: int, cards: list[str], stages: list[str],
                          votes: int, run: ParticipantRun | None = None, timeout: float = 30.0) -> ParticipantRun:
    """Join, send `notes` notes and then `votes` votes (spread over the cards), waiting for each answer."""
    run = run or ParticipantRun()
    async with websockets.connect(ws_url, open_timeout=timeout, max_size=2**20) as ws:
        await ws.send(json.dumps({"type": "hello", "token": run.token or None, "name": ""}))
        welcome = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if welcome.get("type") != "welcome":
            run.errors.append(str(welcome))
            return run
        run.token, run.pid = welcome["token"], welcome["you"]["participant"]

        async def ask(message: dict[str, Any]) -> dict[str, Any]:
            start = time.perf_counter()
            await ws.send(json.dumps(message))
            while True:
                answer = json.loads(await asyncio.wait_for(ws.recv(), timeout))
                if answer.get("ref") == message["ref"]:
                    run.latencies.append(time.perf_counter() - start)
                    return answer

        for k in range(notes):
            note_id = f"n{index:04d}x{k:04d}"
            answer = await ask({"type": "note", "ref": note_id, "id": note_id, "stage": stages[k % len(stages)],
                                "lane": "", "kind": "pain_point" if k % 2 else "thought",
                                "text": f"Participant {index} note {k}: the delivery slot was not confirmed"})
            if answer.get("type") == "ack":
                run.acked_notes.append(note_id)
            else:
                run.errors.append(answer.get("message", str(answer)))
        for k in range(votes):
            card = cards[(index + k) % len(cards)]
            answer = await ask({"type": "vote", "ref": f"v{index:04d}x{k:04d}", "card": card, "delta": 1})
            if answer.get("type") == "ack":
                run.votes_acked[card] = run.votes_acked.get(card, 0) + 1
            else:
                run.refused_votes += 1
    return run


async def run_room(ws_url: str, participants: int, notes: int, cards: list[str], stages: list[str],
                   votes: int) -> list[ParticipantRun]:
    """All participants at once; each result holds what the server acknowledged to it."""
    return list(await asyncio.gather(*(run_participant(ws_url, i, notes, cards, stages, votes)
                                       for i in range(participants))))


def ws_url(join_url: str) -> str:
    """http://host:port/?code=X -> ws://host:port/ws?code=X"""
    base, _, query = join_url.partition("/?")
    return base.replace("http://", "ws://", 1) + "/ws?" + query


def main(argv: list[str]) -> int:
    """`python -m benchmarks.workshop_load WS_URL PEOPLE NOTES VOTES CARDS STAGES`: run a room in this
    process (apart from the server's, as phones are) and print what was acknowledged, as JSON."""
    url, people, notes, votes = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    cards, stages = argv[4].split(","), argv[5].split(",")
    runs = asyncio.run(run_room(url, people, notes, cards, stages, votes))
    print(json.dumps([{"pid": r.pid, "token": r.token, "acked_notes": r.acked_notes, "votes_acked": r.votes_acked,
                       "refused_votes": r.refused_votes, "latencies": r.latencies, "errors": r.errors}
                      for r in runs]))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
