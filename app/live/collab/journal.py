"""The room journal: every update a room accepts, in SQLite, committed (fsync) before anyone hears of it.

One database file (rooms.sqlite3) in the store folder holds every room. Writers in the same
moment share one transaction (group commit): the room's connections each wait for the commit
that holds their update, so a burst of edits from many people costs one fsync, not one each.
Loading a room replays its updates; a room with many rows is compacted to one row (its
merged state) inside one transaction, so a crash mid-compaction loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
from pathlib import Path

from pycrdt import Doc

log = logging.getLogger("waymark.live")

COMPACT_AFTER = 200  # rows of one room before loading it merges them into one


class JournalError(OSError):
    """The store cannot be opened or written (a message for people)."""


class Journal:
    """Append-only updates per room, in `store/rooms.sqlite3`."""

    def __init__(self, store: str | os.PathLike[str]) -> None:
        folder = Path(store)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.path = folder / "rooms.sqlite3"
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # a commit is on disk when it returns
            self._db.execute("CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                             " room TEXT NOT NULL, data BLOB NOT NULL)")
            self._db.execute("CREATE INDEX IF NOT EXISTS updates_room ON updates (room, id)")
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(f"cannot open the room store in {folder}: {exc}") from exc
        self._lock = threading.Lock()
        self._pending: list[tuple[str, bytes, asyncio.Future[None]]] = []
        self._writing: asyncio.Task[None] | None = None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------- writing
    def append_now(self, rows: list[tuple[str, bytes]]) -> None:
        """Write rows in one transaction and return once it is committed."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT INTO updates (room, data) VALUES (?, ?)", rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def submit(self, room: str, update: bytes) -> asyncio.Future[None]:
        """Queue one update for the next commit; the future completes once it is on disk."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((room, update, future))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._drain())
        return future

    async def append(self, room: str, update: bytes) -> None:
        """Journal one update; returns once it is committed with whatever else was waiting."""
        await self.submit(room, update)

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                await asyncio.to_thread(self.append_now, [(room, data) for room, data, _ in batch])
            except Exception as exc:  # every waiter hears of it: their update is refused, not lost silently
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(JournalError(f"cannot write the room store: {exc}"))
                continue
            for _, _, future in batch:
                if not future.done():
                    future.set_result(None)

    # ------------------------------------------------------------- reading
    def load(self, room: str, doc: Doc) -> int:
        """Apply the room's journal to `doc`; returns the number of updates. Compacts long journals."""
        with self._lock:
            rows = self._db.execute("SELECT id, data FROM updates WHERE room = ? ORDER BY id", (room,)).fetchall()
        applied = 0
        for row_id, data in rows:
            try:
                doc.apply_update(bytes(data))
                applied += 1
            except ValueError as exc:  # refused on the way in; kept out of the room, said aloud
                log.error("room %s: journal row %s cannot be applied (%s); skipped", room, row_id, exc)
        if len(rows) > COMPACT_AFTER:
            self.compact(room, doc.get_update(), rows[-1][0])
        return applied

    def compact(self, room: str, state: bytes, upto: int) -> None:
        """Replace the rows up to `upto` by one row holding `state` (atomic)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM updates WHERE room = ? AND id <= ?", (room, upto))
                self._db.execute("INSERT INTO updates (room, data) VALUES (?, ?)", (room, state))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def rooms(self) -> list[str]:
        with self._lock:
            return [r for (r,) in self._db.execute("SELECT DISTINCT room FROM updates ORDER BY room")]
