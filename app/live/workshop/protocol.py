"""The messages a phone may send, and the checks each one passes before the room looks at it.

Every message is one JSON object with a ``type``. Anything else gets a `Refusal` whose text
says what is wrong (shown on the phone as is), and the connection stays open.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .state import NOTE_KINDS

MAX_MESSAGE_BYTES = 16 * 1024
MAX_TEXT = 500  # characters in a note
MAX_NAME = 40
_ID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
TYPES = ("hello", "name", "note", "withdraw", "rate", "vote", "ping")


class Refusal(ValueError):
    """A message the server will not act on; str() is the reason, for people."""


@dataclass(frozen=True)
class Message:
    type: str
    data: dict[str, Any]
    ref: str | None  # the phone's id for this message, echoed in the answer


def parse(raw: str | bytes) -> Message:
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_MESSAGE_BYTES:
        raise Refusal(f"message too large: {size:,} bytes; the limit is {MAX_MESSAGE_BYTES:,}")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refusal(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise Refusal("a message must be a JSON object with a \"type\"")
    kind = data.get("type")
    if kind not in TYPES:
        raise Refusal(f"unknown message type {str(kind)[:40]!r}; expected one of {', '.join(TYPES)}")
    ref = data.get("ref")
    if ref is not None and not (isinstance(ref, str) and len(ref) <= 64):
        raise Refusal("\"ref\" must be text of at most 64 characters")
    checks = _CHECKS.get(kind)
    if checks:
        checks(data)
    return Message(kind, data, ref)


def clean_text(value: Any, what: str, limit: int, *, required: bool) -> str:
    """Plain text, trimmed, without control characters; refused when empty (if required) or too long."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Refusal(f"{what} must be text")
    text = "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()
    if required and not text:
        raise Refusal(f"{what} is empty")
    if len(text) > limit:
        raise Refusal(f"{what} is too long: {len(text)} characters; the limit is {limit}")
    return text


def _check_id(data: dict[str, Any], key: str) -> None:
    value = data.get(key)
    if not isinstance(value, str) or not _ID.match(value):
        raise Refusal(f"\"{key}\" must be an id of 6 to 64 letters, digits, '-' or '_'")


def _hello(data: dict[str, Any]) -> None:
    token = data.get("token")
    if token is not None and not (isinstance(token, str) and len(token) <= 100):
        raise Refusal("\"token\" must be text")
    data["name"] = clean_text(data.get("name"), "Your name", MAX_NAME, required=False)


def _name(data: dict[str, Any]) -> None:
    data["name"] = clean_text(data.get("name"), "Your name", MAX_NAME, required=False)


def _note(data: dict[str, Any]) -> None:
    _check_id(data, "id")
    _check_id(data, "stage")
    data["text"] = clean_text(data.get("text"), "the note", MAX_TEXT, required=True)
    if data.get("kind") not in NOTE_KINDS:
        raise Refusal(f"kind must be one of {', '.join(NOTE_KINDS)}")
    lane = data.get("lane") or ""
    if not isinstance(lane, str) or len(lane) > 40:
        raise Refusal("lane must be a lane kind or empty")
    data["lane"] = lane


def _withdraw(data: dict[str, Any]) -> None:
    _check_id(data, "id")


def _rate(data: dict[str, Any]) -> None:
    _check_id(data, "stage")
    score = data.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int) or not -2 <= score <= 2):
        raise Refusal("a rating must be a whole number from -2 to +2 (or null to clear it)")


def _vote(data: dict[str, Any]) -> None:
    _check_id(data, "card")
    if data.get("delta") not in (1, -1) or isinstance(data.get("delta"), bool):
        raise Refusal("\"delta\" must be 1 (add a dot) or -1 (take one back)")


_CHECKS = {"hello": _hello, "name": _name, "note": _note, "withdraw": _withdraw, "rate": _rate, "vote": _vote}
