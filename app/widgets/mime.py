"""MIME types Waymark puts on drags and the clipboard, shared by the palette, canvas and window."""

from __future__ import annotations

import json
from typing import Any

# dragged from the palette: {"element": "stage"|"lane"|"touchpoint"|"pain_point"|"opportunity"|
#   "metric"|"persona", plus "channel" (touchpoint), "lane_kind" (lane), "metric_kind" (metric)}
PALETTE_MIME = "application/x-waymark-palette"
# cut/copied elements: {"format": "waymark-fragment", "touchpoints": [...], ...} (serialize.py dicts)
FRAGMENT_MIME = "application/x-waymark-fragment"


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def decode(data: bytes | bytearray | memoryview) -> dict[str, Any] | None:
    """The payload, or None when the bytes are not a Waymark payload (never raises)."""
    try:
        value = json.loads(bytes(data).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None
