"""The workshop server: a Starlette app (the phone page and one WebSocket) under uvicorn, in its
own thread with its own event loop. The editor and `waymark workshop` both run it through
`WorkshopServer`.

Every request must carry the session's join code (``?code=``): without it or with a wrong one
the answer is 401 (for a person, a small page asking for the code). Requests over 16 KB are
refused (413), connections are bounded (uvicorn's limit, and a cap on open WebSockets), and a
source that keeps guessing codes is refused (429) for a minute. Page loads (any HTTP request) are
rate-limited per source address too (429 with Retry-After): a phone loads the page once and then
talks over its WebSocket, which has its own per-participant limit.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hmac
import socket
import threading
import time
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

from .board import Board
from .page import code_form, phone_page
from .protocol import MAX_MESSAGE_BYTES, Refusal, parse
from .room import Room
from .state import Event

MAX_REQUEST_BYTES = 16 * 1024
MAX_SOCKETS = 200  # open phone connections (a room of a hundred, each with a spare tab)
MAX_GUESSES = 30  # wrong join codes per source address per minute
HELLO_TIMEOUT = 10.0
HTTP_BURST = 60  # page loads a source address may make at once (a reload-happy table sharing one laptop) ...
HTTP_PER_SECOND = 1.0  # ... and then per second
MAX_SOURCES = 4096  # addresses remembered for the limits above (a flood of spoofed ones must not grow memory)


class LoadLimit:
    """A token bucket per source address for HTTP requests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # source -> (tokens, when)

    def take(self, source: str) -> float:
        """0 when the request may go ahead; otherwise the seconds until it may."""
        now = self.clock()
        tokens, stamp = self._buckets.get(source, (float(HTTP_BURST), now))
        tokens = min(float(HTTP_BURST), tokens + (now - stamp) * HTTP_PER_SECOND)
        if tokens < 1:
            self._buckets[source] = (tokens, now)
            return (1 - tokens) / HTTP_PER_SECOND
        if source not in self._buckets and len(self._buckets) >= MAX_SOURCES:
            self._forget_rested(now)
        self._buckets[source] = (tokens - 1, now)
        return 0.0

    def _forget_rested(self, now: float) -> None:
        """Drop the sources whose bucket has refilled: they are as if never seen."""
        full = [s for s, (t, when) in self._buckets.items() if t + (now - when) * HTTP_PER_SECOND >= HTTP_BURST]
        for source in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[source]


class Gate:
    """The checks every request passes first: size, join code, guessing."""

    def __init__(self, app: ASGIApp, room: Room, loads: LoadLimit | None = None) -> None:
        self.app = app
        self.room = room
        self.loads = loads or LoadLimit()
        self._misses: dict[str, list[float]] = {}

    def _code_ok(self, scope: Scope) -> bool:
        from urllib.parse import parse_qs

        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("code") or [""])[0].strip().upper()
        return bool(given) and hmac.compare_digest(given.encode(), self.room.code.encode())

    def _recent_misses(self, scope: Scope, add: bool) -> int:
        source = (scope.get("client") or ("?", 0))[0]
        now = time.monotonic()
        recent = [t for t in self._misses.get(source, []) if now - t < 60]
        if add:
            recent.append(now)
        self._misses[source] = recent[-MAX_GUESSES - 1:]
        return len(recent)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        try:
            length = int(headers.get(b"content-length", b"0"))
        except ValueError:
            length = MAX_REQUEST_BYTES + 1
        if length > MAX_REQUEST_BYTES:
            await self._refuse(scope, receive, send, 413,
                               f"request too large: the limit is {MAX_REQUEST_BYTES:,} bytes")
            return
        if self.room.state.ended:
            await self._refuse(scope, receive, send, 410, "this workshop session has ended")
            return
        if self._recent_misses(scope, add=False) >= MAX_GUESSES:  # locked out, even with a right guess
            await self._refuse(scope, receive, send, 429, "too many wrong join codes: wait a minute")
            return
        if scope["type"] == "http":
            wait = self.loads.take((scope.get("client") or ("?", 0))[0])
            if wait:
                seconds = max(1, int(wait + 0.999))
                await self._refuse(scope, receive, send, 429,
                                   f"too many page loads from this address: wait {seconds} second"
                                   f"{'s' if seconds != 1 else ''} and reload", {"Retry-After": str(seconds)})
                return
        if not self._code_ok(scope):
            has_code = b"code=" in scope.get("query_string", b"")
            if has_code:
                self._recent_misses(scope, add=True)
            if scope["type"] == "http" and scope["path"] == "/" and scope["method"] == "GET":
                await HTMLResponse(code_form(wrong=has_code), status_code=401,
                                   headers=_PAGE_HEADERS)(scope, receive, send)
                return
            await self._refuse(scope, receive, send, 401, "a valid join code is needed (?code=...)")
            return
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, message: str,
                      headers: dict[str, str] | None = None) -> None:
        response = PlainTextResponse(message + "\n", status_code=status, headers=headers)
        if scope["type"] == "websocket":
            ws = WebSocket(scope, receive, send)
            if "websocket.http.response" in scope.get("extensions", {}):
                await ws.send_denial_response(response)
            else:
                await ws.close(4000 + status, message)
            return
        await response(scope, receive, send)


_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def build_app(room: Room, loads: LoadLimit | None = None) -> ASGIApp:
    sockets = {"open": 0}

    async def page(request: Request) -> Response:
        nonce, html = phone_page()
        csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
               f"connect-src 'self' ws://{request.headers.get('host', '')}; img-src data:; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        return HTMLResponse(html, headers={**_PAGE_HEADERS, "Content-Security-Policy": csp})

    async def not_here(request: Request) -> Response:
        return PlainTextResponse("nothing here: the workshop page is at /\n", status_code=404)

    async def phone(ws: WebSocket) -> None:
        if sockets["open"] >= MAX_SOCKETS:
            await ws.close(1013, "the room is full: try again in a moment")
            return
        sockets["open"] += 1
        pid = None
        try:
            await ws.accept()
            try:
                first = await asyncio.wait_for(ws.receive(), HELLO_TIMEOUT)
                message = parse(_payload(first))
                if message.type != "hello":
                    raise Refusal("say hello first: {\"type\": \"hello\", \"token\": ...}")
                participant = room.join(message.data.get("token"), message.data.get("name", ""))
            except Refusal as refusal:
                await ws.send_json({"type": "refused", "message": str(refusal)})
                await ws.close(4400, str(refusal)[:120])
                return
            except TimeoutError:
                await ws.close(4408, "no hello")
                return
            pid = participant.id
            room.peers.setdefault(pid, set()).add(ws)
            await room.durable()  # a new participant's token is on disk before the phone gets it
            await ws.send_json(room.welcome(participant))
            while True:
                raw = await ws.receive()
                if raw["type"] == "websocket.disconnect":
                    break
                ref = None
                try:
                    if not room.allow(pid):
                        raise Refusal("too many messages at once: wait a second and try again")
                    message = parse(_payload(raw))
                    ref = message.ref
                    answer = room.handle(pid, message)
                except Refusal as refusal:
                    answer = {"type": "error", "message": str(refusal)}
                if ref is not None:
                    answer["ref"] = ref
                await room.durable()  # journaled (fsync) before the phone hears "received"
                await ws.send_json(answer)
        except (WebSocketDisconnect, RuntimeError):
            pass  # the phone went away (sleep, network): it reconnects with its token
        finally:
            sockets["open"] -= 1
            if pid is not None:
                room.peers.get(pid, set()).discard(ws)
                if not room.peers.get(pid):
                    room.peers.pop(pid, None)

    app = Starlette(routes=[Route("/", page, methods=["GET"]), WebSocketRoute("/ws", phone),
                            Route("/{rest:path}", not_here)])
    return Gate(app, room, loads)


def _payload(message: MutableMapping[str, Any]) -> str | bytes:
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    data = message.get("text")
    if data is None:
        data = message.get("bytes") or b""
    return data


def lan_address() -> str:
    """The address phones on the same network reach this machine at (127.0.0.1 when offline).

    Connecting a UDP socket sends nothing; it only asks the OS which interface it would use."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, no packet leaves
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


class WorkshopServer:
    """A running session: `start()`, the join URL, `command()` from any thread, `stop()`."""

    def __init__(self, journal_file: Path, board: Board, *, host: str, port: int = 0, budget: int = 5,
                 minutes: float | None = None, listener: Callable[[list[Event]], None] | None = None) -> None:
        self.host = host
        # the port first: a port in use must not leave a session started in the journal
        self._socket = socket.create_server((host, port), reuse_port=False)
        self.port = int(self._socket.getsockname()[1])
        try:
            self.room = Room(journal_file, board, budget=budget, minutes=minutes, listener=listener)
        except BaseException:
            self._socket.close()
            raise
        self.loop: asyncio.AbstractEventLoop | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def short_url(self) -> str:
        # listening on every interface: phones use this machine's address on the local network
        shown = lan_address() if self.host in ("0.0.0.0", "") else self.host
        return f"http://{shown}:{self.port}"

    @property
    def code(self) -> str:
        return self.room.code

    @property
    def join_url(self) -> str:
        return f"{self.short_url}/?code={self.code}"

    def start(self, timeout: float = 10.0) -> None:
        import uvicorn

        config = uvicorn.Config(build_app(self.room), log_level="warning", access_log=False, lifespan="off",
                                ws="websockets-sansio", ws_max_size=4 * MAX_MESSAGE_BYTES,
                                limit_concurrency=MAX_SOCKETS + 50, timeout_keep_alive=5,
                                h11_max_incomplete_event_size=MAX_REQUEST_BYTES, server_header=False)
        self._server = uvicorn.Server(config)
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self.loop = loop
            asyncio.set_event_loop(loop)
            ready.set()
            loop.call_soon(self.room.arm_timer)  # a countdown from the start or a resumed journal
            try:
                loop.run_until_complete(self._server.serve(sockets=[self._socket]))
            except BaseException as exc:  # reported by stop()/wait(); the thread must not die silently
                self._error = exc
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="workshop-server", daemon=True)
        self._thread.start()
        ready.wait(timeout)
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise OSError(f"the workshop server did not start: {self._error or 'timed out'}")
            time.sleep(0.01)

    def command(self, name: str, **args: Any) -> concurrent.futures.Future[None]:
        """Run a facilitator command on the server's loop; safe from any thread."""
        if self.loop is None or self.loop.is_closed():
            raise RuntimeError("the workshop server is not running")
        return asyncio.run_coroutine_threadsafe(self.room.facilitate(name, args), self.loop)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, *, end: bool = False, timeout: float = 10.0) -> None:
        """Stop serving; with end=True the session ends first (tokens invalid, journal archived)."""
        if self.running:
            if end:
                with contextlib.suppress(Exception):
                    self.command("end").result(timeout)
            self._server.should_exit = True
            assert self._thread is not None
            self._thread.join(timeout)
        self._socket.close()
        self.room.close()
