"""Small geometry values for the layout (no Qt): rectangles, points and smooth curves."""

from __future__ import annotations

from dataclasses import dataclass

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


def smooth_curve(points: list[Point], low: float, high: float) -> list[Segment]:
    """Cubic Bezier segments through the points, as a monotone cubic (Fritsch-Carlson, the curve
    of PCHIP): it never overshoots between two scores, is flat at each peak and dip, and so stays
    inside [low, high] in y, on screen and on paper alike. Points run left to right."""
    n = len(points)
    if n < 2:
        return []
    xs = [p[0] for p in points]
    ys = [min(max(p[1], low), high) for p in points]
    h = [xs[i + 1] - xs[i] for i in range(n - 1)]
    d = [(ys[i + 1] - ys[i]) / h[i] if h[i] > 0 else 0.0 for i in range(n - 1)]
    m = [d[0]] + [0.0] * (n - 2) + [d[-1]]
    for i in range(1, n - 1):
        if d[i - 1] * d[i] > 0:
            w1, w2 = 2 * h[i] + h[i - 1], h[i] + 2 * h[i - 1]
            m[i] = (w1 + w2) / (w1 / d[i - 1] + w2 / d[i])
    segments: list[Segment] = []
    for i in range(n - 1):
        third = h[i] / 3
        p1, p2 = (xs[i], ys[i]), (xs[i + 1], ys[i + 1])
        c1 = (xs[i] + third, min(max(ys[i] + m[i] * third, low), high))
        c2 = (xs[i + 1] - third, min(max(ys[i + 1] - m[i + 1] * third, low), high))
        segments.append((p1, c1, c2, p2))
    return segments
