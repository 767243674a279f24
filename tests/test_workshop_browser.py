"""A workshop from a real phone browser (Debian's chromium via Playwright) to the saved file.

`waymark workshop` prints the join URL; the phone opens it, types a name, adds a pain point, rates a
stage and votes. The server stops; the facilitator opens the project in the editor and starts the
session again on the same port: the phone reconnects by itself with its token, the note is in the
Inbox, the facilitator accepts it, the phone shows it on the map, and it is in the saved file.

With WAYMARK_DOC_SHOTS=1 the screenshots go to docs/images/ (for docs/workshop.md).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.model import load_project

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs a browser: install the Debian package chromium (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shots_folder(tmp_path: Path) -> Path:
    folder = ROOT / "docs" / "images" if os.environ.get("WAYMARK_DOC_SHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_phone_joins_adds_rates_votes_and_the_facilitator_accepts(qtbot, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    project = tmp_path / "retail.journey"
    shutil.copy(SAMPLE, project)
    journey = load_project(project).journey()
    stage = journey.stages()[2]
    card = journey.pain_points()[0]
    port = free_port()
    shots = shots_folder(tmp_path)
    cli = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "workshop", str(project), "--host", "127.0.0.1",
                            "--port", str(port), "--votes", "3", "--minutes", "15"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    window = None
    try:
        assert cli.stdout is not None
        url = cli.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?code=")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1,
                                          is_mobile=True, has_touch=True)
            page = context.new_page()
            page.goto(url)
            expect(page.locator("#link")).to_have_text("Connected")
            page.get_by_label("Your name").fill("Ana")
            page.get_by_label("Note", exact=True).fill("Delivery <b>slot</b> is never confirmed")
            page.get_by_label("Stage").select_option(label=stage.name)
            page.get_by_role("radio", name="Pain point").check(force=True)
            page.get_by_role("button", name="Send").click()
            mine = page.locator("#my-notes")
            expect(mine).to_contain_text("Delivery <b>slot</b> is never confirmed")  # as typed, not bold
            expect(mine).to_contain_text("Waiting for the facilitator")
            assert page.locator("#my-notes b").count() == 0
            page.get_by_role("button", name=f"Rate {stage.name} \u22121 (annoyed)").click()
            expect(page.get_by_role("button", name=f"Rate {stage.name} \u22121 (annoyed)")).to_have_attribute(
                "aria-pressed", "true")
            page.get_by_role("button", name=f"Vote for {card.text}").click()
            expect(page.locator("#dots")).to_have_text("Dots left: 2 of 3")
            expect(page.get_by_role("heading", name="My notes")).to_be_visible()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shots / "workshop-phone.png"), full_page=False)
            page.emulate_media(color_scheme="dark")
            page.locator("#vote-h").scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "workshop-phone-dark.png"), full_page=False)
            page.emulate_media(color_scheme="light")

            cli.send_signal(signal.SIGINT)  # the headless session stops; the journal stays
            out, _ = cli.communicate(timeout=20)
            assert "1 contribution," in out
            expect(page.locator("#link")).to_have_text("Reconnecting…", timeout=10_000)

            from app.widgets.main_window import MainWindow

            window = MainWindow(load_project(project), project)
            window.show()
            window.resize(1400, 860)
            link = window.workshop.start(window.current_journey(), "127.0.0.1", port)
            assert link is not None and link.server.code in url
            expect(page.locator("#link")).to_have_text("Connected", timeout=20_000)  # reconnected by itself
            inbox = window.workshop.inbox
            qtbot.waitUntil(lambda: len(inbox._items) == 1, timeout=5000)
            item = next(iter(inbox._items.values()))
            qtbot.waitUntil(lambda: item.text(2) == "Ana", timeout=5000)
            assert item.text(0) == "Delivery <b>slot</b> is never confirmed"
            window.resizeDocks([inbox], [520], Qt.Orientation.Horizontal)
            inbox.tree.setColumnWidth(0, 330)
            qtbot.wait(50)
            inbox.grab().save(str(tmp_path / "inbox-one-note.png"))
            shot = window.grab().scaledToWidth(1100, Qt.TransformationMode.SmoothTransformation).toImage()
            shot.convertToFormat(QImage.Format.Format_Indexed8).save(str(shots / "workshop-editor.png"))
            inbox.tree.scrollToItem(item)
            qtbot.mouseClick(inbox.tree.viewport(), Qt.MouseButton.LeftButton,
                             pos=inbox.tree.visualItemRect(item).center())
            qtbot.mouseClick(inbox.accept_button, Qt.MouseButton.LeftButton)
            expect(mine).to_contain_text("On the map", timeout=10_000)
            # the new pain point goes on every phone's vote list (the editor sends the board once its
            # burst of edits settles: let the Qt event loop run), its text shown as typed
            qtbot.waitUntil(lambda: any(c[1].startswith("Delivery <b>") for c in link.server.room.board.cards),
                            timeout=5000)
            expect(page.get_by_role("button", name="Vote for Delivery <b>slot</b> is never confirmed")).to_be_visible(
                timeout=10_000)
            # the participant rejoined as themselves: the same name, the same dot
            expect(page.locator("#dots")).to_have_text("Dots left: 2 of 3")
            browser.close()

        assert window.save()
        saved = json.loads(project.read_text("utf-8"))
        journey_doc = saved["journeys"][0]
        accepted = [p for p in journey_doc["pain_points"] if p["text"] == "Delivery <b>slot</b> is never confirmed"]
        assert len(accepted) == 1 and accepted[0]["attached_to"] == stage.id
        record = saved["workshops"][0]
        assert {"id": "p1", "name": "Ana"} in record["participants"]
        assert record["supporters"] == [{"card": accepted[0]["id"], "participants": ["p1"]}]
    finally:
        if cli.poll() is None:
            cli.kill()
        if window is not None:
            window.workshop.suspend()
            window.editor.stack.setClean()
            window.close()
