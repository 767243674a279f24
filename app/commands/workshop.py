"""`waymark workshop FILE`: run a workshop session without the editor.

The join URL is the first line of output (a script or a projector helper can read it), then
the join code, the journal and one line per contribution as it arrives. Ctrl+C stops serving
and keeps the journal: opening the project in the editor and starting a session on it brings
every contribution back into the Inbox for the facilitator to review.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from typing import Any

from . import load_or_report

DEFAULT_PORT = 8765


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "workshop",
        help="let a room add notes, ratings and votes from their phones (serves until Ctrl+C)",
        description="Serve a workshop session for the project FILE on the local network. Prints the join URL "
                    "first, then serves until Ctrl+C. Everything participants send is journaled next to FILE "
                    "(FILE's name with .workshop.jsonl); open FILE in Waymark and choose Workshop > Start "
                    "session to review it in the Inbox.",
    )
    parser.add_argument("file", metavar="FILE", help="the .journey project")
    parser.add_argument("--host", metavar="ADDR", help="address to listen on (default: this machine's address "
                        "on the local network, which phones can reach)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--votes", type=int, default=5, metavar="N", help="dots each participant may spend (default 5)")
    parser.add_argument("--minutes", type=float, metavar="N", help="start a countdown of N minutes")
    parser.add_argument("--journey", metavar="NAME", help="the journey to work on (default: the first)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        print(f"waymark workshop: --port must be from 0 to 65535, not {args.port}", file=sys.stderr)
        return 2
    if not 0 <= args.votes <= 100:
        print(f"waymark workshop: --votes must be from 0 to 100, not {args.votes}", file=sys.stderr)
        return 2
    if args.minutes is not None and not 0 < args.minutes <= 24 * 60:
        print(f"waymark workshop: --minutes must be more than 0 and at most 1440, not {args.minutes:g}",
              file=sys.stderr)
        return 2
    project = load_or_report(args.file)
    if project is None:
        return 1
    from app.model import ModelError

    try:
        journey = project.journey(args.journey)
    except ModelError as exc:
        print(f"waymark workshop: {args.file}: {exc}", file=sys.stderr)
        return 1
    from app.live.workshop.board import board_of
    from app.live.workshop.journal import journal_path
    from app.live.workshop.server import WorkshopServer, lan_address

    host = args.host or lan_address()
    try:
        server = WorkshopServer(journal_path(args.file), board_of(journey), host=host, port=args.port,
                                budget=args.votes, minutes=args.minutes, listener=_printer(board_of(journey)))
    except OSError as exc:
        print(f"waymark workshop: cannot listen on {host}:{args.port}: {exc.strerror or exc}"
              " (choose another with --host or --port)", file=sys.stderr)
        return 1
    try:
        server.start()
    except OSError as exc:
        print(f"waymark workshop: {exc}", file=sys.stderr)
        server.stop()
        return 1
    print(server.join_url, flush=True)
    state = server.room.state
    print(f"Join code: {server.code}   ({server.short_url}, then type the code)")
    print(f"Journey: {journey.title}   Dots per person: {state.budget}")
    if server.room.resumed:
        print(f"Resumed the session in {server.room.journal.path.name}: {len(state.participants)} participants, "
              f"{len(state.contributions)} contributions so far")
    for problem in server.room.problems:
        print(f"Note: {problem}", file=sys.stderr)
    print(f"Journal: {server.room.journal.path}")
    print("Serving; press Ctrl+C to stop (the journal is kept).", flush=True)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while server.running and not stop.is_set():
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    state = server.room.state
    print(f"Stopped. {_n(len(state.participants), 'participant')}, {_n(len(state.contributions), 'contribution')}, "
          f"{sum(state.card_votes().values())} dots recorded in {server.room.journal.path.name}.", flush=True)
    return 0


def _printer(board: Any) -> Any:
    stages = dict(board.stages)

    def show(events: list[dict[str, Any]]) -> None:
        for e in events:
            stamp = time.strftime("%H:%M:%S", time.localtime(e.get("t", time.time())))
            if e["op"] == "note":
                text = e["text"].replace("\n", " ")
                print(f"{stamp} {e['pid']}: {e['kind'].replace('_', ' ')} at {stages.get(e['stage'], '?')}: "
                      f"{text[:100]}", flush=True)
            elif e["op"] == "join":
                print(f"{stamp} {e['pid']} joined{' as ' + e['name'] if e.get('name') else ''}", flush=True)

    return show


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
