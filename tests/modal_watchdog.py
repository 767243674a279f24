"""A pytest plugin: a modal dialog nobody answers fails its test instead of hanging the suite.

Offscreen there is nobody to click a QMessageBox that a test did not expect, so its exec()
would wait forever (and CI with it). While a test runs, a timer (which keeps firing inside the
dialog's own event loop) looks for an application-modal widget; one left open for
MODAL_PATIENCE seconds is recorded with its title and text, rejected so the test can go on, and
the test then fails naming it. Tests that answer dialogs (monkeypatching exec, or clicking a
button from a single-shot timer) do so well within the patience.
"""

from __future__ import annotations

import time

import pytest

MODAL_PATIENCE = 30.0  # seconds


def _describe(widget) -> str:
    text = ""
    for attribute in ("text", "labelText"):
        getter = getattr(widget, attribute, None)
        if callable(getter):
            try:
                text = str(getter())
            except TypeError:
                text = ""
            if text:
                break
    return f"{type(widget).__name__} '{widget.windowTitle()}': {text[:200]}"


@pytest.fixture(autouse=True)
def _no_unanswered_modal_dialogs(request: pytest.FixtureRequest):
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield  # no Qt in this test
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        yield
        return
    left_open: list[str] = []
    seen: dict[int, float] = {}

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            seen.clear()
            return
        first = seen.setdefault(id(modal), time.monotonic())
        if time.monotonic() - first > MODAL_PATIENCE:
            left_open.append(_describe(modal))
            seen.pop(id(modal), None)
            reject = getattr(modal, "reject", None)
            if callable(reject):
                reject()
            else:
                modal.close()

    timer = QTimer()
    timer.setInterval(500)
    timer.timeout.connect(look)
    timer.start()
    yield
    timer.stop()
    if left_open:
        pytest.fail(f"a modal dialog was left open for {MODAL_PATIENCE:.0f} s with nobody to answer it: "
                    + "; ".join(left_open))
