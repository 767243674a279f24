"""JourneyFollower: the part shared by docks that redraw for the window's current journey (dashboard,
insights): follow tab switches, listen to the current journey's model changes, and coalesce a burst of
changes into one refresh on the next turn of the event loop."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer

from app.model import Change, Journey


class JourneyFollower:
    """Mixin for a QWidget with a `refresh()` method; call `follow(window)` once in __init__."""

    _journey: Journey | None = None

    def refresh(self) -> None:
        """Redraw for the current journey (the widget this mixes into says how)."""
        raise NotImplementedError

    def follow(self, window: Any) -> None:
        assert isinstance(self, QObject), "JourneyFollower mixes into a QWidget"
        self._timer = QTimer(self)  # dies with the dock, so no refresh reaches a deleted one
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        window.journeyChanged.connect(self._journey_changed)
        editor = getattr(window, "editor", None)
        if editor is not None:
            editor.edited.connect(self.schedule_refresh)

    def _watch(self, journey: Journey | None) -> None:
        if self._journey is journey:
            return
        if self._journey is not None:
            self._journey.unsubscribe(self._on_change)
        self._journey = journey
        if journey is not None:
            journey.subscribe(self._on_change)

    def _journey_changed(self, journey: Journey) -> None:
        self._watch(journey)
        self.schedule_refresh()

    def _on_change(self, _change: Change) -> None:
        if shiboken6.isValid(self):  # the model may outlive a closed dock
            self.schedule_refresh()

    def schedule_refresh(self, *_args: Any) -> None:
        self._timer.start()

    def detach(self) -> None:
        self._watch(None)
