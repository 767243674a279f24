"""The room server: y-websocket rooms (pycrdt-websocket under uvicorn), journaled, behind a token.

A room is ``ws://HOST:PORT/ROOM``; ROOM names a map (letters, digits, '.', '_', '-'; '/' for
folders). A client passes the token as the ``token`` query parameter, as y-websocket's ``params``
option sends it. The token is one per server, or one per room (a room with its own token
refuses the server's). Refused connections are logged with the peer and the reason.

Rooms live in memory while someone is connected and in the journal (journal.py) always: a
room is loaded from the journal when its first client arrives, and every update is journaled
before the room applies and broadcasts it (guard.py).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from pycrdt import Doc
from pycrdt.websocket import ASGIServer, WebsocketServer, YRoom

from .guard import GuardedChannel, Limits
from .journal import Journal

log = logging.getLogger("waymark.live")

ROOM_NAME = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")


def new_token() -> str:
    return secrets.token_urlsafe(12)


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 1234
    store: Path = Path("waymark-rooms")
    token: str | None = None  # None: a fresh one (printed); "" would mean none, which we never allow
    room_tokens: dict[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        if not self.token:
            self.token = new_token()


def room_of(path: str) -> str | None:
    name = path.strip("/")
    if len(name) > 200 or not ROOM_NAME.fullmatch(name) or ".." in name.split("/"):
        return None
    return name


def _peer(scope: dict[str, Any]) -> str:
    client = scope.get("client") or ("?", 0)
    return f"{client[0]}:{client[1]}"


def _swallow(exception: Exception, logger: logging.Logger) -> bool:
    """One room's failure stays in that room: logged, never raised into the server."""
    logger.error("room error: %s: %s", type(exception).__name__, exception)
    return True


class JournaledRoom(YRoom):
    """pycrdt-websocket's room, broadcasting each update by queueing it on every connection.

    The stock room spawns a task per client per update; at 10 people x 100 edits a second that
    is 9,000 tasks a second. Journaling happens before the room sees an update (guard.py), so
    the room has no store of its own here."""

    async def _broadcast_updates(self) -> None:
        from pycrdt import create_update_message

        async with self._update_receive_stream:
            async for update in self._update_receive_stream:
                if self._task_group is None or self._task_group.cancel_scope.cancel_called:
                    return
                message = create_update_message(update)
                for client in list(self.clients):
                    send_nowait = getattr(client, "send_nowait", None)
                    if send_nowait is not None:
                        send_nowait(message)
                    elif self._task_group is not None:
                        self._task_group.start_soon(client.send, message)


class RoomServer(WebsocketServer):
    """pycrdt-websocket's server, with rooms loaded from and journaled to the store."""

    def __init__(self, settings: ServerSettings, journal: Journal) -> None:
        super().__init__(rooms_ready=True, auto_clean_rooms=True, exception_handler=_swallow, log=log)
        self.settings = settings
        self.journal = journal

    def token_for(self, room: str) -> str:
        return self.settings.room_tokens.get(room) or str(self.settings.token)

    def refuses(self, scope: dict[str, Any]) -> str | None:
        """Why a connection is refused (None: accepted)."""
        room = room_of(scope.get("path", ""))
        if room is None:
            return f"bad room name {scope.get('path', '')!r}"
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [""])[0]
        if not given:
            return f"no token for room {room}"
        if not hmac.compare_digest(given.encode(), self.token_for(room).encode()):
            return f"wrong token for room {room}"
        return None

    async def get_room(self, name: str) -> YRoom:
        if name not in self.rooms:
            room = room_of(name) or name
            doc: Doc[Any] = Doc()
            count = await asyncio.to_thread(self.journal.load, room, doc)
            if name not in self.rooms:  # another connection loaded it meanwhile
                log.info("room %s: opened (%d updates from the store)", room, count)
                self.rooms[name] = JournaledRoom(ready=True, ydoc=doc, exception_handler=_swallow, log=log)
        room_obj = self.rooms[name]
        await self.start_room(room_obj)
        return room_obj

    async def serve_guarded(self, websocket: Any, scope: dict[str, Any], send: Any) -> None:
        room = room_of(websocket.path) or "?"
        peer = _peer(scope)

        async def close(code: int, reason: str) -> None:
            try:
                await send({"type": "websocket.close", "code": code, "reason": reason})
            except Exception:  # already gone
                pass

        channel = GuardedChannel(websocket, room, peer, self.settings.limits, self.journal.submit, close)
        log.info("room %s: %s joined", room, peer)
        try:
            # pycrdt's Channel protocol also lists recv(); its rooms only iterate the channel (async for)
            await self.serve(channel)  # type: ignore[arg-type]
        finally:
            channel.finish()
        log.info("room %s: %s left", room, peer)


class RoomApp(ASGIServer):
    """The ASGI app: refuses bad tokens before the handshake completes, guards every message after."""

    def __init__(self, server: RoomServer) -> None:
        super().__init__(server, on_connect=self._on_connect)
        self.server = server

    def _on_connect(self, _message: dict[str, Any], scope: dict[str, Any]) -> bool:
        reason = self.server.refuses(scope)
        if reason is not None:
            log.warning("refused a connection from %s: %s", _peer(scope), reason)
            return True
        return False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            if scope["type"] == "http":  # a browser pointed at the address: say what this is
                body = b"Waymark live room server: connect with a y-websocket client to ws://HOST:PORT/ROOM?token=...\n"
                await send({"type": "http.response.start", "status": 426,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": body})
                return
            await super().__call__(scope, receive, send)
            return
        message = await receive()
        if message["type"] != "websocket.connect":
            return
        if self._on_connect(message, scope):
            await send({"type": "websocket.close", "code": 1008, "reason": "refused: token"})
            return
        await send({"type": "websocket.accept"})
        from pycrdt.websocket.asgi_server import ASGIWebsocket

        websocket = ASGIWebsocket(receive, send, scope["path"])
        await self.server.serve_guarded(websocket, scope, send)


class LiveServer:
    """A room server in a thread of its own (uvicorn on an asyncio loop): `waymark serve` runs one in the
    main thread, the editor's Share live runs one in the background."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.port = settings.port
        self._uvicorn: Any = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self.error: BaseException | None = None

    async def serve(self) -> None:
        import uvicorn

        journal = Journal(self.settings.store)
        try:
            rooms = RoomServer(self.settings, journal)
            async with rooms:
                max_size = self.settings.limits.max_message + 1024
                config = uvicorn.Config(RoomApp(rooms), host=self.settings.host, port=self.settings.port,
                                        log_level="warning", lifespan="off", ws="websockets-sansio",
                                        ws_max_size=max_size, ws_per_message_deflate=False, access_log=False)
                self._uvicorn = uvicorn.Server(config)
                watcher = asyncio.create_task(self._note_port())
                try:
                    await self._uvicorn.serve()
                except SystemExit:  # uvicorn's answer to a port in use or an address not ours
                    pass
                finally:
                    watcher.cancel()
        finally:
            journal.close()
            self._ready.set()
        if not self._uvicorn.started:
            raise OSError(f"cannot listen on {self.settings.host}:{self.settings.port} "
                          "(the port is in use, or the address is not this computer's)")

    async def _note_port(self) -> None:
        while not self._uvicorn.started:
            await asyncio.sleep(0.01)
        sockets = [s for server in self._uvicorn.servers for s in server.sockets]
        if sockets:
            self.port = sockets[0].getsockname()[1]
        log.info("serving rooms at ws://%s:%d/ROOM", self.settings.host, self.port)
        self._ready.set()

    # ------------------------------------------------------------- in a thread
    def start(self, timeout: float = 10.0) -> None:
        """Serve in a background thread; returns once listening (self.port is the real port)."""

        def run() -> None:
            try:
                asyncio.run(self.serve())
            except BaseException as exc:  # reported through start()
                self.error = exc
                self._ready.set()

        self._thread = threading.Thread(target=run, name="waymark-live-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise OSError("the room server did not start in time")
        if self.error is not None or not (self._uvicorn and self._uvicorn.started):
            raise OSError(str(self.error or f"cannot listen on {self.settings.host}:{self.settings.port}"))

    def stop(self) -> None:
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
