"""The chain of migrations that brings an older .journey document to the current version.

Each step takes a document of version N and returns one of version N + 1. Version 0 was
the pre-release layout (a single journey at the top level, emotions on 1..5); it is
kept as the first step so that the chain is exercised by tests from the start.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .serialize import CURRENT_VERSION

Document = dict[str, Any]


def _v0_to_v1(doc: Document) -> Document:
    """v0 stored one journey under "journey" with emotions 1..5; v1 has a list and -2..+2."""
    doc = copy.deepcopy(doc)
    journey = doc.pop("journey", None)
    if journey is not None and "journeys" not in doc:
        touchpoints = journey.get("touchpoints") if isinstance(journey, dict) else None
        for tp in touchpoints if isinstance(touchpoints, list) else []:  # other types: the validator says so
            if isinstance(tp, dict) and isinstance(tp.get("emotion"), int) and not isinstance(tp["emotion"], bool):
                tp["emotion"] = tp["emotion"] - 3
        doc["journeys"] = [journey]
    doc["version"] = 1
    return doc


def _v1_to_v2(doc: Document) -> Document:
    """v2 adds the project's language (BCP 47, from the user's locale when the file has none)
    and the report settings (organisation, logo, accent, footer, ...; all empty at first).
    Opportunities gain an owner and a status, whose defaults ("" and "idea") need no rewrite."""
    from .report import ReportSettings, default_language

    doc = dict(doc)
    doc.setdefault("language", default_language())
    doc.setdefault("report", ReportSettings().to_dict())
    doc["version"] = 2
    return doc


def _v2_to_v3(doc: Document) -> Document:
    """v3 adds the results of workshop sessions (`workshops`); a v2 file had none. The version
    changes so that an older Waymark refuses a file with results instead of dropping them."""
    doc = {**doc, "version": 3}
    doc.setdefault("workshops", [])
    return doc


MIGRATIONS: dict[int, Callable[[Document], Document]] = {0: _v0_to_v1, 1: _v1_to_v2, 2: _v2_to_v3}


def migrate(doc: Document) -> Document:
    version = doc.get("version", 0)
    while version < CURRENT_VERSION:
        doc = MIGRATIONS[version](doc)
        version = doc["version"]
    return doc
