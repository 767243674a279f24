"""`waymark room push FILE URL` puts a project into a live room; `waymark room pull URL -o FILE` saves one."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "room",
        help="put a project into a live room, or save a room's map as a project file",
        description="Exchange maps with a live room (see `waymark serve`). ROOM_URL is ws://HOST:PORT/ROOM.",
    )
    sub = parser.add_subparsers(dest="room_command", metavar="ACTION", required=True)
    push = sub.add_parser("push", help="put a project into a room (the room's map becomes the file's)",
                          description="Put a project into a room: the room's map becomes the file's, as one "
                                      "change that people in the room see at once. Returns once the server "
                                      "has stored it. A room that holds another map already is left alone "
                                      "unless --replace is given.")
    push.add_argument("file", metavar="FILE", help="the .journey project to put in the room")
    push.add_argument("url", metavar="ROOM_URL", help="ws://HOST:PORT/ROOM")
    push.add_argument("--token", metavar="T", help="the room's token (or ?token=T in ROOM_URL)")
    push.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the server (default 30)")
    push.add_argument("--replace", action="store_true",
                      help="replace the map the room holds already (people in the room lose it)")
    push.set_defaults(func=run_push)
    pull = sub.add_parser("pull", help="save a room's current map as a project file",
                          description="Save the room's current map as a normal .journey project file "
                                      "(saved atomically; an existing FILE is kept as FILE.bak).")
    pull.add_argument("url", metavar="ROOM_URL", help="ws://HOST:PORT/ROOM")
    pull.add_argument("-o", "--output", required=True, metavar="FILE", help="the .journey file to write")
    pull.add_argument("--token", metavar="T", help="the room's token (or ?token=T in ROOM_URL)")
    pull.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the server (default 30)")
    pull.set_defaults(func=run_pull)


def run_push(args: argparse.Namespace) -> int:
    import asyncio

    from app.commands import load_or_report
    from pycrdt import Doc

    from app.live.collab.client import RoomError, push_room, refuse_busy_room, room_url
    from app.live.collab.schema import write_project
    from app.model.serialize import project_to_dict

    try:
        address = room_url(args.url, args.token)
    except RoomError as exc:
        print(f"waymark room push: {exc}", file=sys.stderr)
        return 2
    project = load_or_report(args.file)
    if project is None:
        return 1
    d = project_to_dict(project)

    def write(doc: Doc) -> None:
        if not args.replace:
            refuse_busy_room(doc, d, address.url)
        write_project(doc, d)

    try:
        asyncio.run(push_room(address, write, args.timeout))
    except RoomError as exc:
        print(f"waymark room push: {exc}", file=sys.stderr)
        return 1
    print(f"{args.file}: in room {address}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    import asyncio

    from app.live.collab.client import RoomError, pull_room, room_url
    from app.live.collab.schema import SchemaError
    from app.live.collab.session import project_from_doc
    from app.model import save_project

    try:
        address = room_url(args.url, args.token)
    except RoomError as exc:
        print(f"waymark room pull: {exc}", file=sys.stderr)
        return 2
    try:
        doc = asyncio.run(pull_room(address, args.timeout))
        project = project_from_doc(doc)
    except (RoomError, SchemaError) as exc:
        print(f"waymark room pull: {exc}", file=sys.stderr)
        return 1
    try:
        save_project(project, args.output)
    except OSError as exc:
        print(f"waymark room pull: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{args.output}: saved from room {address}")
    return 0
