"""Fractional positions: string keys that sort between their neighbours, so order merges without duplicates.

Two people who insert or move an element at the same spot at the same time both get a key
between the same neighbours; ties are broken by the element's id, so every replica sorts
the same way and no element appears twice (elements are keyed by id, their key is a field).
Keys use the 62 ASCII digits and letters in byte order and never end in '0', the scheme of
the `fractional-indexing` npm package without its integer part.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from typing import Any

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)
_VALUE = {c: i for i, c in enumerate(DIGITS)}


class PositionError(ValueError):
    """A position key that is not one (empty, a character outside the digits, or a trailing '0')."""


def is_key(key: object) -> bool:
    return isinstance(key, str) and bool(key) and not key.endswith("0") and all(c in _VALUE for c in key)


def _midpoint(a: str, b: str | None) -> str:
    """A key strictly between a ('' = the start) and b (None = the end); a < b."""
    if b is not None:
        n = 0
        while n < len(b) and (a[n] if n < len(a) else "0") == b[n]:
            n += 1
        if n > 0:
            return b[:n] + _midpoint(a[n:], b[n:])
    low = _VALUE[a[0]] if a else 0
    high = _VALUE[b[0]] if b is not None else _BASE
    if high - low > 1:
        return DIGITS[(low + high) // 2]
    if b is not None and len(b) > 1:
        return b[:1]
    return DIGITS[low] + _midpoint(a[1:], None)


def key_between(before: str | None, after: str | None) -> str:
    """A key that sorts after `before` and before `after` (None: no neighbour on that side)."""
    for key in (before, after):
        if key is not None and not is_key(key):
            raise PositionError(f"not a position key: {key!r}")
    if before is not None and after is not None and before >= after:
        raise PositionError(f"{before!r} does not sort before {after!r}")
    return _midpoint(before or "", after)


def keys_between(before: str | None, after: str | None, count: int) -> list[str]:
    """`count` increasing keys between two neighbours, as short as a balanced split makes them."""
    if count <= 0:
        return []
    if count == 1:
        return [key_between(before, after)]
    middle = count // 2
    mid = key_between(before, after)
    return [*keys_between(before, mid, middle), mid, *keys_between(mid, after, count - middle - 1)]


def spread(count: int) -> list[str]:
    """`count` increasing keys of equal length, evenly spaced: the positions of a list written at once."""
    if count <= 0:
        return []
    width = max(1, math.ceil(math.log(count + 1, _BASE)))
    step = _BASE**width // (count + 1)
    keys = []
    for i in range(1, count + 1):
        value, digits = i * step, []
        for _ in range(width):
            value, d = divmod(value, _BASE)
            digits.append(DIGITS[d])
        keys.append("".join(reversed(digits)).rstrip("0"))
    return keys


def rekey(order: Sequence[str], current: Mapping[str, Any]) -> dict[str, str]:
    """New keys for the fewest elements so that sorting by key gives `order`.

    `current` holds the keys the elements have now (new elements have none). The longest run
    that is already in order keeps its keys; every other element gets a key between its kept
    neighbours. Returns only the keys that change."""
    keyed = [(i, current[e]) for i, e in enumerate(order) if is_key(current.get(e))]
    keep = {order[i] for i in _longest_increasing(keyed)}
    changes: dict[str, str] = {}
    i = 0
    while i < len(order):
        if order[i] in keep:
            i += 1
            continue
        j = i
        while j < len(order) and order[j] not in keep:
            j += 1
        before = str(current[order[i - 1]]) if i > 0 else None  # order[i - 1] kept its key
        after = str(current[order[j]]) if j < len(order) else None
        for element, key in zip(order[i:j], keys_between(before, after, j - i), strict=True):
            changes[element] = key
        i = j
    return changes


def _longest_increasing(keyed: list[tuple[int, str]]) -> list[int]:
    """Indices (into order) of a longest strictly increasing run of keys, by patience sorting."""
    tails: list[int] = []  # index into keyed of the smallest tail of each run length
    parent: list[int] = [-1] * len(keyed)
    tail_keys: list[str] = []
    for n, (_, key) in enumerate(keyed):
        at = bisect.bisect_left(tail_keys, key)
        if at > 0:
            parent[n] = tails[at - 1]
        if at == len(tails):
            tails.append(n)
            tail_keys.append(key)
        else:
            tails[at] = n
            tail_keys[at] = key
    run: list[int] = []
    n = tails[-1] if tails else -1
    while n != -1:
        run.append(keyed[n][0])
        n = parent[n]
    return run[::-1]
