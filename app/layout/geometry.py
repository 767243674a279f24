"""Small geometry values for the layout (no Qt): rectangles, points and smooth curves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

Point = tuple[float, float]
# a cubic Bezier segment: start, control 1, control 2, end
Segment = tuple[Point, Point, Point, Point]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def intersects(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


class PointRun(Protocol):
    """Points read by slices (a list, or a view that makes only the slices asked for)."""

    def __len__(self) -> int: ...

    def __getitem__(self, part: slice, /) -> list[Point]: ...


def smooth_curve(points: PointRun, low: float, high: float,
                 start: int = 0, stop: int | None = None) -> list[Segment]:
    """Cubic Bezier segments through the points, as a monotone cubic (Fritsch-Carlson, the curve
    of PCHIP): it never overshoots between two scores, is flat at each peak and dip, and so stays
    inside [low, high] in y, on screen and on paper alike. Points run left to right.

    `start`/`stop`: only segments start..stop-1 (segment i runs from point i to point i+1). A
    segment depends on points i-1..i+2 alone, so an edit recomputes the few segments around the
    points it moved and keeps the others (the result is the same as computing all of them)."""
    n = len(points)
    if n < 2:
        return []
    stop = n - 1 if stop is None else min(stop, n - 1)
    start = max(0, start)
    if start >= stop:
        return []
    lo, hi = max(0, start - 1), min(n, stop + 2)  # the points the segments depend on
    part = points[lo:hi]
    xs = [p[0] for p in part]
    ys = [min(max(p[1], low), high) for p in part]
    # the secant slope from point k to k+1 (local indices), each computed once: an edit recomputes
    # the segments of whole stages, on every curve
    secants = [(y1 - y0) / (x1 - x0) if x1 - x0 > 0 else 0.0
               for x0, x1, y0, y1 in zip(xs, xs[1:], ys, ys[1:], strict=False)]

    def m(i: int) -> float:  # the tangent at point i (global index)
        if i == 0:
            return secants[0]
        if i == n - 1:
            return secants[n - 2 - lo]
        k = i - lo
        d0, d1 = secants[k - 1], secants[k]
        if d0 * d1 > 0:
            h0, h1 = xs[k] - xs[k - 1], xs[k + 1] - xs[k]
            w1, w2 = 2 * h1 + h0, h1 + 2 * h0
            return (w1 + w2) / (w1 / d0 + w2 / d1)
        return 0.0

    slopes = [m(i) for i in range(start, stop + 1)]
    segments: list[Segment] = []
    for i in range(start, stop):
        k = i - lo
        x0, x1, y0, y1 = xs[k], xs[k + 1], ys[k], ys[k + 1]
        third = (x1 - x0) / 3
        c1 = (x0 + third, min(max(y0 + slopes[i - start] * third, low), high))
        c2 = (x1 - third, min(max(y1 - slopes[i + 1 - start] * third, low), high))
        segments.append(((x0, y0), c1, c2, (x1, y1)))
    return segments


def split_cubic(segment: Segment, pieces: int) -> list[Segment]:
    """The same cubic as `pieces` consecutive cubics of equal parameter span (de Casteljau), so
    that a long curve can be drawn piece by piece where it is seen."""
    out: list[Segment] = []
    rest = segment
    for k in range(pieces, 1, -1):
        t = 1 / k
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = rest
        ax, ay = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        bx, by = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        cx, cy = x2 + (x3 - x2) * t, y2 + (y3 - y2) * t
        dx, dy = ax + (bx - ax) * t, ay + (by - ay) * t
        ex, ey = bx + (cx - bx) * t, by + (cy - by) * t
        fx, fy = dx + (ex - dx) * t, dy + (ey - dy) * t
        out.append(((x0, y0), (ax, ay), (dx, dy), (fx, fy)))
        rest = ((fx, fy), (ex, ey), (cx, cy), (x3, y3))
    out.append(rest)
    return out
