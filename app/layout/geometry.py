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
    """Cubic Bezier segments through the points (Catmull-Rom, then control points clamped to
    [low, high] in y) so the curve never leaves the emotion band on screen or on paper."""
    segments: list[Segment] = []
    n = len(points)
    for i in range(n - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < n else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        # keep x monotone so the curve does not fold back between close points
        c1 = (min(max(c1[0], p1[0]), p2[0]), min(max(c1[1], low), high))
        c2 = (min(max(c2[0], p1[0]), p2[0]), min(max(c2[1], low), high))
        segments.append((p1, c1, c2, p2))
    return segments
