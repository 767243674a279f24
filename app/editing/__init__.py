"""Undoable editing: the one facade through which every user edit reaches the model."""

from .editor import JourneyEditor

__all__ = ["JourneyEditor"]
