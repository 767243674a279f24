"""What a room accepts from one connection: y-websocket messages of a bounded size at a bounded rate.

Every message is parsed before the room sees it. A message that is not y-websocket, an update
that does not decode, one larger than the cap, or a burst above the rate closes that
connection with a WebSocket close code and a reason, and is logged with the room and the peer;
the room and its other connections go on. An update that passes is journaled (committed) before
it is handed to the room, which applies it and broadcasts it: nobody hears of an update that
a crash could still lose.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pycrdt import (
    Decoder,
    YMessageType,
    YSyncMessageType,
    create_update_message,
    get_state,
    merge_updates,
    read_message,
)

log = logging.getLogger("waymark.live")

CLOSE_POLICY = 1008  # rate or refusal
CLOSE_TOO_BIG = 1009
CLOSE_BAD_DATA = 1007
MAX_BACKLOG = 20_000  # messages waiting for one slow reader before it is cut off (it resyncs on reconnect)


@dataclass(frozen=True)
class Limits:
    max_message: int = 16 * 1024 * 1024  # bytes: a first push of a 2,000-card map is ~2 MB
    rate: float = 400.0  # messages per second, sustained, per connection
    burst: int = 800  # messages at once before the rate applies


class Refusal(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _payload(decoder: Decoder, what: str) -> bytes:
    """The length-prefixed payload, which must fill the rest of the message exactly."""
    try:
        length = decoder.read_var_uint()
    except (IndexError, RuntimeError):
        raise Refusal(CLOSE_BAD_DATA, f"malformed {what}: no length prefix") from None
    if length != decoder.length:
        raise Refusal(CLOSE_BAD_DATA, f"malformed {what}: the length prefix says {length} bytes, "
                                      f"the message has {decoder.length}")
    return bytes(decoder.stream[decoder.i0:decoder.i0 + length])


def check_message(message: Any, limits: Limits) -> bytes | None:
    """The update a message carries (None when it carries none); Refusal when it is not acceptable."""
    if not isinstance(message, (bytes, bytearray)) or len(message) < 2:
        raise Refusal(CLOSE_BAD_DATA, "malformed message: not a binary y-websocket message")
    if len(message) > limits.max_message:
        raise Refusal(CLOSE_TOO_BIG, f"message of {len(message)} bytes is over the {limits.max_message}-byte cap")
    kind = message[0]
    if kind == YMessageType.SYNC:
        sync = message[1]
        if sync not in (YSyncMessageType.SYNC_STEP1, YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
            raise Refusal(CLOSE_BAD_DATA, f"malformed message: unknown sync message type {sync}")
        data = _payload(Decoder(bytes(message[2:])), "sync message")
        if sync == YSyncMessageType.SYNC_STEP1:
            return None
        try:
            get_state(data)  # decodes the whole update
        except ValueError as exc:
            raise Refusal(CLOSE_BAD_DATA, f"malformed update: {exc}") from None
        return data
    if kind == YMessageType.AWARENESS:
        decoder = Decoder(_payload(Decoder(bytes(message[1:])), "awareness message"))
        try:
            for _ in range(decoder.read_var_uint()):
                decoder.read_var_uint()
                decoder.read_var_uint()
                text = decoder.read_var_string()
                if text:
                    json.loads(text)
        except (IndexError, RuntimeError, ValueError) as exc:
            raise Refusal(CLOSE_BAD_DATA, f"malformed awareness message: {exc}") from None
        return None
    raise Refusal(CLOSE_BAD_DATA, f"malformed message: unknown message type {kind}")


_UPDATE = bytes([YMessageType.SYNC, YSyncMessageType.SYNC_UPDATE])


def coalesce(messages: list[bytes]) -> list[bytes]:
    """Runs of consecutive update messages merged into one update each (Yjs updates merge), so a
    client that has fallen behind gets one frame instead of hundreds; other messages keep their place."""
    out: list[bytes] = []
    run: list[bytes] = []

    def close_run() -> None:
        if len(run) == 1:
            out.append(create_update_message(run[0]))
        elif run:
            out.append(create_update_message(merge_updates(*run)))
        run.clear()

    for message in messages:
        if message[:2] == _UPDATE:
            run.append(read_message(message[2:]))
        else:
            close_run()
            out.append(message)
    close_run()
    return out


class RateLimit:
    """A token bucket: `burst` messages at once, `rate` a second after that."""

    def __init__(self, limits: Limits) -> None:
        self.rate = limits.rate
        self.capacity = float(limits.burst)
        self.tokens = float(limits.burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class GuardedChannel:
    """A pycrdt Channel in front of an ASGI websocket: checks, journals, then yields each message.

    A reader task takes messages off the socket as they come and queues their updates for the
    journal at once; the room gets each message, in order, when the commit holding it is done.
    So a client sending faster than one fsync a message shares commits with itself, not only
    with the others, and its edits do not queue up behind the disk one by one."""

    def __init__(self, inner: Any, room: str, peer: str, limits: Limits,
                 journal: Callable[[str, bytes], asyncio.Future[None]],
                 close: Callable[[int, str], Awaitable[None]]) -> None:
        self._inner = inner
        self.room = room
        self.peer = peer
        self._limits = limits
        self._rate = RateLimit(limits)
        self._journal = journal
        self._close = close
        self.closed = False
        self._ready: asyncio.Queue[tuple[bytes, asyncio.Future[None] | None] | Refusal | None] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    @property
    def path(self) -> str:
        return str(self._inner.path)

    def send_nowait(self, message: bytes) -> None:
        """Queue a message for this connection's writer. Never raises and never waits: the room
        broadcasts to everyone from one loop, which a slow or vanished reader must not hold up."""
        if self.closed:
            return
        if self._outbox.qsize() >= MAX_BACKLOG:
            log.warning("room %s: %s reads too slowly (%d messages waiting); connection closed",
                        self.room, self.peer, MAX_BACKLOG)
            self.closed = True
            asyncio.ensure_future(self._shut(CLOSE_POLICY, "too slow: messages piled up"))
            return
        self._outbox.put_nowait(message)
        if self._writer is None:
            self._writer = asyncio.create_task(self._write())

    async def send(self, message: bytes) -> None:
        self.send_nowait(message)

    async def _write(self) -> None:
        while not self.closed:
            batch = [await self._outbox.get()]
            while not self._outbox.empty():  # a backlog (a busy room, a slow link) goes out merged
                batch.append(self._outbox.get_nowait())
            for message in coalesce(batch):
                try:
                    await self._inner.send(message)
                except Exception as exc:  # the connection is gone; the room serves the others
                    self.closed = True
                    log.info("room %s: %s is gone (%s)", self.room, self.peer, type(exc).__name__)
                    return

    def __aiter__(self) -> GuardedChannel:
        return self

    async def _read(self) -> None:
        try:
            while True:
                try:
                    message = await self._inner.recv()
                except StopAsyncIteration:
                    break
                try:
                    if not self._rate.take():
                        raise Refusal(CLOSE_POLICY, f"more than {self._limits.rate:g} messages a second")
                    update = check_message(message, self._limits)
                except Refusal as refusal:
                    self._ready.put_nowait(refusal)
                    return
                future = self._journal(self.room, update) if update is not None and update != b"\x00\x00" else None
                self._ready.put_nowait((bytes(message), future))
        except Exception as exc:  # a broken socket ends this connection only
            log.info("room %s: %s dropped (%s)", self.room, self.peer, type(exc).__name__)
        self._ready.put_nowait(None)

    async def __anext__(self) -> bytes:
        if self._reader is None:
            self._reader = asyncio.create_task(self._read())
        item = await self._ready.get()
        if item is None:
            raise StopAsyncIteration
        if isinstance(item, Refusal):
            log.warning("room %s: refused a message from %s: %s; connection closed", self.room, self.peer,
                        item.reason)
            await self._shut(item.code, item.reason[:120])
            raise StopAsyncIteration
        message, committed = item
        if committed is not None:
            try:
                await committed
            except OSError as exc:
                log.error("room %s: cannot journal an update from %s: %s; connection closed", self.room, self.peer, exc)
                await self._shut(1011, "the server cannot store updates")
                raise StopAsyncIteration from None
        return message

    async def _shut(self, code: int, reason: str) -> None:
        self.closed = True
        for task in (self._reader, self._writer):
            if task is not None:
                task.cancel()
        await self._close(code, reason)

    def finish(self) -> None:
        """The room is done with this connection: stop its tasks."""
        self.closed = True
        for task in (self._reader, self._writer):
            if task is not None:
                task.cancel()
