"""Room clients: the y-websocket protocol over `websockets`, for the command line, tests and the editor.

`room_url` checks an address; `pull_room` and `push_room` are one-shot syncs (waymark room pull/push);
`RoomLink` is the editor's connection: its own thread and asyncio loop, reconnecting with a
back-off when the network drops, handing every message to a callback and taking messages to send
from any thread. It knows nothing of Qt or of the document: app/widgets/live_session.py
connects it to a CollabSession on the GUI thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from pycrdt import (
    Doc,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from .server import room_of

MAX_MESSAGE = 64 * 1024 * 1024


class RoomError(Exception):
    """A room that cannot be reached or used, with a message for people."""


def refuse_busy_room(doc: Doc, project: dict[str, Any], url: str) -> None:
    """RoomError when the synced room holds a map other than `project` (pushing would replace the
    room's work without anyone choosing to)."""
    from .schema import SchemaError, is_empty, read_project, same
    from .session import canonical

    if is_empty(doc):
        return
    try:
        held = canonical(read_project(doc))
    except (SchemaError, ValueError, KeyError, TypeError):
        held = None
    if held is not None and same(held, project):
        return
    what = "a map"
    if held is not None:
        cards = sum(len(j.get("touchpoints", [])) for j in held.get("journeys", []))
        what = f'the map "{held.get("title", "")}" ({cards} card{"s" if cards != 1 else ""})'
    raise RoomError(f"the room {url} already holds {what}; nothing was changed. "
                    f"Pass --replace to replace it (save it first with `waymark room pull {url} -o FILE`)")


@dataclass(frozen=True)
class RoomAddress:
    url: str  # ws://host:port/room?token=...
    room: str
    display: str  # without the token

    def __str__(self) -> str:
        return self.display


def room_url(address: str, token: str | None = None) -> RoomAddress:
    """Check a ws://HOST:PORT/ROOM address; the token from `token` or the address's own ?token=."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("ws", "wss"):
        raise RoomError(f"{address!r} is not a room address: it should look like ws://HOST:PORT/ROOM")
    if not parts.hostname:
        raise RoomError(f"{address!r} names no host: it should look like ws://HOST:PORT/ROOM")
    try:
        parts.port  # noqa: B018  # raises on a bad port
    except ValueError:
        raise RoomError(f"{address!r} has a bad port number") from None
    room = room_of(parts.path)
    if room is None:
        raise RoomError(f"{address!r} names no room (or a bad one): add /ROOM, letters, digits, '.', '_' or '-'")
    query = parse_qs(parts.query)
    token = token or (query.get("token") or [""])[0]
    query["token"] = [token] if token else []
    query_text = urlencode({k: v[0] for k, v in query.items() if v})
    url = urlunsplit((parts.scheme, parts.netloc, "/" + room, query_text, ""))
    display = urlunsplit((parts.scheme, parts.netloc, "/" + room, "", ""))
    return RoomAddress(url, room, display)


def _refusal(exc: BaseException, address: RoomAddress) -> RoomError:
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    if isinstance(exc, InvalidStatus):
        status = exc.response.status_code
        if status == 403:
            return RoomError(f"{address}: the server refused the connection (wrong or missing token)")
        return RoomError(f"{address}: the server answered HTTP {status}, not a room")
    if isinstance(exc, ConnectionClosed):
        reason = exc.rcvd.reason if exc.rcvd is not None else ""
        return RoomError(f"{address}: the server closed the connection{': ' + reason if reason else ''}")
    if isinstance(exc, (OSError, asyncio.TimeoutError)):
        return RoomError(f"{address}: cannot connect ({exc or 'timed out'})")
    return RoomError(f"{address}: {exc}")


async def _connect(address: RoomAddress, timeout: float) -> Any:
    from websockets.asyncio.client import connect

    return await connect(address.url, max_size=MAX_MESSAGE, open_timeout=timeout, proxy=None)


async def sync_doc(ws: Any, doc: Doc, timeout: float) -> None:
    """The y-websocket handshake: send our state, merge the server's answer into `doc`, answer its state."""
    await ws.send(create_sync_message(doc))
    async with asyncio.timeout(timeout):
        while True:
            message = await ws.recv()
            if not isinstance(message, bytes) or len(message) < 2 or message[0] != YMessageType.SYNC:
                continue  # presence of others: not needed here
            reply = handle_sync_message(message[1:], doc)
            if reply is not None:
                await ws.send(reply)
            if message[1] == YSyncMessageType.SYNC_STEP2:
                return


async def confirm(ws: Any, doc: Doc, timeout: float) -> None:
    """Wait until the server has stored everything sent so far: it answers messages in order, so its
    answer to a fresh state request comes after it has journaled and applied our updates."""
    await sync_doc(ws, doc, timeout)


async def pull_room(address: RoomAddress, timeout: float = 30.0) -> Doc:
    """The room's document as the server holds it now."""
    doc: Doc[Any] = Doc()
    try:
        ws = await _connect(address, timeout)
        try:
            await sync_doc(ws, doc, timeout)
        finally:
            await ws.close()
    except Exception as exc:  # every network failure becomes one sentence
        raise _refusal(exc, address) from None
    return doc


async def push_room(address: RoomAddress, write: Callable[[Doc], None], timeout: float = 30.0) -> Doc:
    """Sync with the room, let `write` change the document, send the change, wait until it is stored."""
    doc: Doc[Any] = Doc()
    try:
        ws = await _connect(address, timeout)
        try:
            await sync_doc(ws, doc, timeout)
            before = doc.get_state()
            write(doc)
            await ws.send(create_update_message(doc.get_update(before)))
            await confirm(ws, doc, timeout)
        finally:
            await ws.close()
    except RoomError:
        raise
    except Exception as exc:
        raise _refusal(exc, address) from None
    return doc


class RoomLink:
    """A connection to one room in a thread of its own, reconnecting until stopped.

    `on_message(bytes)` and `on_status(state, detail)` are called on the link's thread; state is
    "connecting", "connected", "offline" (will retry) or "refused" (will not: wrong token, no room).
    `send` may be called from any thread; what is sent while offline is dropped, because the
    handshake on reconnecting carries everything the other side lacks."""

    def __init__(self, address: RoomAddress, on_message: Callable[[bytes], None],
                 on_status: Callable[[str, str], None], retry: tuple[float, float] = (0.2, 5.0)) -> None:
        self.address = address
        self._on_message = on_message
        self._on_status = on_status
        self._retry = retry
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue[bytes | None] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._ws: Any = None
        self._ready = threading.Event()
        self.connected = False

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"waymark-live-{self.address.room}", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def _run(self) -> None:
        asyncio.run(self._main())

    def send(self, message: bytes) -> None:
        loop, queue = self._loop, self._queue
        if loop is not None and queue is not None and not self._stopping:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, message)
            except RuntimeError:  # the loop has closed
                pass

    def stop(self, farewell: bytes | None = None) -> None:
        if farewell is not None:
            self.send(farewell)
        self._stopping = True
        loop, queue = self._loop, self._queue
        if loop is not None and queue is not None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, None)
            except RuntimeError:
                pass
        if self._thread is not None:
            self._thread.join(5)

    def drop(self) -> None:
        """Cut the connection now (as a network failure would); the link reconnects by itself."""
        loop, ws = self._loop, self._ws
        if loop is not None and ws is not None:
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(ws.close()))

    async def _main(self) -> None:
        from websockets.exceptions import InvalidStatus

        self._loop = asyncio.get_running_loop()
        self._queue = asyncio.Queue()
        self._ready.set()
        delay = self._retry[0]
        while not self._stopping:
            self._on_status("connecting", str(self.address))
            try:
                ws = await _connect(self.address, 10.0)
            except InvalidStatus as exc:
                self._on_status("refused", str(_refusal(exc, self.address)))
                return
            except Exception as exc:  # offline: try again later
                self._on_status("offline", str(_refusal(exc, self.address)))
                await self._pause(delay)
                delay = min(delay * 2, self._retry[1])
                continue
            delay = self._retry[0]
            self._ws = ws
            self.connected = True
            self._on_status("connected", str(self.address))
            detail = await self._pump(ws)
            self.connected = False
            self._ws = None
            if not self._stopping:
                self._on_status("offline", detail)
                await self._pause(delay)

    async def _pause(self, seconds: float) -> None:
        assert self._queue is not None
        try:
            async with asyncio.timeout(seconds):
                while True:  # drain what was sent while offline; stop() wakes us
                    if await self._queue.get() is None:
                        return
        except TimeoutError:
            return

    async def _pump(self, ws: Any) -> str:
        assert self._queue is not None
        while not self._queue.empty():  # stale: the handshake carries it
            if self._queue.get_nowait() is None:
                self._stopping = True

        async def reader() -> None:
            async for message in ws:
                if isinstance(message, bytes):
                    self._on_message(message)

        async def writer() -> None:
            assert self._queue is not None
            while True:
                message = await self._queue.get()
                if message is None:
                    return
                await ws.send(message)

        tasks = [asyncio.create_task(reader()), asyncio.create_task(writer())]
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        detail = f"{self.address}: connection lost"
        for task in done:
            exc = task.exception()
            if exc is not None:
                detail = str(_refusal(exc, self.address))
        try:
            await ws.close()
        except Exception:  # closing a broken connection
            pass
        return detail
