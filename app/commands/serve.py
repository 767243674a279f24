"""`waymark serve`: run a live room server (y-websocket) that journals every update to a store folder."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run a live co-editing server (y-websocket rooms, one per map)",
        description="Run a live co-editing server. Each map is a room at ws://HOST:PORT/ROOM that any "
                    "y-websocket client (Waymark's File > Join live…, waymark room, the npm y-websocket "
                    "package) can join with ?token=TOKEN. Every update is committed to the store before "
                    "it is passed on; a restarted server carries on where it stopped. Refusals (wrong "
                    "token, malformed or oversized messages, floods) are logged on stderr.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this computer only; "
                             "0.0.0.0 for the local network)")
    parser.add_argument("--port", type=int, default=1234, help="port to listen on (default 1234; 0: any free port)")
    parser.add_argument("--store", default="waymark-rooms", metavar="DIR",
                        help="folder for the rooms' journal (default ./waymark-rooms)")
    parser.add_argument("--token", metavar="T", help="the token clients must send (default: a new random one, printed)")
    parser.add_argument("--room-token", action="append", default=[], metavar="ROOM=T",
                        help="a token for one room instead of the server's (repeatable)")
    parser.add_argument("--max-message", type=int, default=16 * 1024 * 1024, metavar="BYTES",
                        help="largest message accepted (default 16 MiB)")
    parser.add_argument("--rate", type=float, default=400.0, metavar="N",
                        help="messages a second one connection may send, sustained (default 400)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.live.collab.guard import Limits
    from app.live.collab.journal import JournalError
    from app.live.collab.server import LiveServer, ServerSettings, room_of

    if not 0 <= args.port <= 65535:
        print(f"waymark serve: --port {args.port} is not a port number (0 to 65535)", file=sys.stderr)
        return 2
    room_tokens = {}
    for item in args.room_token:
        room, sep, token = item.partition("=")
        if not sep or not token or room_of(room) is None:
            print(f"waymark serve: --room-token {item!r} should be ROOM=TOKEN", file=sys.stderr)
            return 2
        room_tokens[room_of(room) or room] = token
    if args.max_message < 1024 or args.rate <= 0:
        print("waymark serve: --max-message must be at least 1024 and --rate above 0", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    settings = ServerSettings(host=args.host, port=args.port, store=Path(args.store), token=args.token,
                              room_tokens=room_tokens,
                              limits=Limits(max_message=args.max_message, rate=args.rate,
                                            burst=max(1, int(args.rate * 2))))
    server = LiveServer(settings)
    import asyncio

    print(f"waymark serve: store {settings.store.resolve()}", file=sys.stderr)
    if not args.token:
        print(f"waymark serve: token {settings.token} (pass it on to the people who join)", file=sys.stderr)
    sys.stderr.flush()
    try:
        asyncio.run(server.serve())
    except JournalError as exc:
        print(f"waymark serve: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"waymark serve: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
