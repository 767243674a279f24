"""Save As during a workshop session: the journal moves beside the new file, so a crash afterwards
resumes the session (its inbox and the phones' tokens) on the new file, and nothing stays behind
under the old name."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import websockets

from app.live.workshop.journal import Journal, journal_path, read_journal
from app.model import load_project
from app.widgets.main_window import MainWindow
from benchmarks.workshop_load import ws_url

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


def phone(url: str, *messages: dict, token: str | None = None) -> list[dict]:
    async def go() -> list[dict]:
        async with websockets.connect(ws_url(url)) as ws:
            await ws.send(json.dumps({"type": "hello", "token": token}))
            out = [json.loads(await ws.recv())]
            for m in messages:
                await ws.send(json.dumps(m))
                out.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
            return out

    return asyncio.run(go())


def note(i: int, stage: str) -> dict:
    return {"type": "note", "ref": f"r{i}", "id": f"note-save-{i}", "stage": stage, "kind": "thought",
            "text": f"note {i}"}


def test_save_as_moves_the_journal_and_a_crash_after_resumes_on_the_new_file(qtbot, tmp_path):
    old = tmp_path / "retail.journey"
    shutil.copy(SAMPLE, old)
    window = MainWindow(load_project(old), old)
    window.show()
    journey = window.current_journey()
    stage = journey.stages()[0].id
    link = window.workshop.start(journey, "127.0.0.1", 0)
    assert link is not None
    welcome, first = phone(link.server.join_url, note(1, stage))
    assert first["type"] == "ack" and journal_path(old).exists()

    new = tmp_path / "copies" / "retail-workshop.journey"
    new.parent.mkdir()
    assert window.save_as(new)
    assert not journal_path(old).exists()  # nothing left beside the old name
    assert journal_path(new).exists()
    # the session keeps going, writing to the moved journal
    assert phone(link.server.join_url, note(2, stage), token=welcome["token"])[1]["type"] == "ack"
    events, problems = read_journal(journal_path(new))
    assert not problems and [e["cid"] for e in events if e["op"] == "note"] == ["note-save-1", "note-save-2"]

    # a crash: the process goes without ending the session (the journal stays as it is on disk)
    code = link.server.code
    window.workshop.suspend()
    window.editor.stack.setClean()
    window.close()

    again = MainWindow(load_project(new), new)
    again.show()
    try:
        resumed = again.workshop.start(again.current_journey(), "127.0.0.1", 0)
        assert resumed is not None and resumed.server.room.resumed and resumed.server.code == code
        inbox = again.workshop.inbox
        qtbot.waitUntil(lambda: len(inbox._items) == 2, timeout=5000)
        back = phone(resumed.server.join_url, token=welcome["token"])[0]  # the phone's token still works
        assert back["you"]["participant"] == welcome["you"]["participant"] and len(back["you"]["notes"]) == 2
    finally:
        again.workshop.suspend()
        again.editor.stack.setClean()
        again.close()


def test_a_journal_already_at_the_new_name_is_kept_aside(tmp_path):
    journal = Journal(tmp_path / "a.workshop.jsonl")
    journal.append({"op": "start", "code": "AAAAAA"})
    other = tmp_path / "b.workshop.jsonl"
    other.write_text('{"op":"start","code":"BBBBBB"}\n')
    aside = journal.move_to(other)
    journal.append({"op": "lock", "locked": True})
    journal.close()
    assert aside is not None and "BBBBBB" in aside.read_text()
    assert [e["op"] for e in read_journal(other)[0]] == ["start", "lock"]
    assert not (tmp_path / "a.workshop.jsonl").exists()


def test_moving_to_another_filesystem_copies_then_removes(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs /dev/shm on a filesystem other than the temporary folder's")
    with tempfile.TemporaryDirectory(dir=shm) as folder:
        journal = Journal(tmp_path / "a.workshop.jsonl")
        journal.append({"op": "start", "code": "AAAAAA"})
        target = Path(folder) / "a.workshop.jsonl"
        journal.move_to(target)
        journal.append({"op": "lock", "locked": True})  # still writing, now to the copy
        journal.close()
        assert not (tmp_path / "a.workshop.jsonl").exists()
        assert [e["op"] for e in read_journal(target)[0]] == ["start", "lock"]
        assert oct(os.stat(target).st_mode & 0o777) == oct(0o600)


def test_a_paused_session_moves_with_save_as_and_resumes_on_the_new_file(qtbot, tmp_path):
    old = tmp_path / "retail.journey"
    shutil.copy(SAMPLE, old)
    window = MainWindow(load_project(old), old)
    window.show()
    try:
        journey = window.current_journey()
        link = window.workshop.start(journey, "127.0.0.1", 0)
        assert link is not None
        welcome, first = phone(link.server.join_url, note(1, journey.stages()[0].id))
        assert first["type"] == "ack"
        code = link.server.code
        window.workshop.suspend()  # stopped, not ended: the journal waits beside the file
        assert journal_path(old).exists()

        new = tmp_path / "copies" / "retail-v2.journey"
        new.parent.mkdir()
        assert window.save_as(new)
        assert not journal_path(old).exists() and journal_path(new).exists()
        assert "Start session resumes it" in window.statusBar().currentMessage()

        resumed = window.workshop.start(window.current_journey(), "127.0.0.1", 0)
        assert resumed is not None and resumed.server.room.resumed and resumed.server.code == code
        qtbot.waitUntil(lambda: len(window.workshop.inbox._items) == 1, timeout=5000)
        back = phone(resumed.server.join_url, token=welcome["token"])[0]
        assert back["you"]["participant"] == welcome["you"]["participant"]
    finally:
        window.workshop.suspend()
        window.editor.stack.setClean()
        window.close()
