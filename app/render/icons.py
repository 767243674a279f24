"""Channel icons as vector line drawings on a Surface, so they stay crisp on screen and in print.

Each icon is drawn on a 24-unit grid mapped onto the target rectangle (18 points on a card), in the
channel's colour, with strokes of 2 grid units (1.5 pt at 18 pt): a website is a browser window,
social media three linked share nodes, email an envelope, phone a handset, in-store a shop front
with an awning, live chat a speech bubble with dots, a mobile app a phone outline, advertising a
megaphone, word of mouth two people, and anything else a dot.
"""

from __future__ import annotations

from collections.abc import Callable

from app.layout import style
from app.layout.geometry import Point, Rect
from app.model.vocabulary import Channel
from app.render.surface import Surface

GRID = 24.0


class _Pen:
    """Maps the icon's 24-unit grid onto a rectangle and draws in one colour."""

    def __init__(self, surface: Surface, rect: Rect, color: str) -> None:
        self.s = surface
        self.k = min(rect.w, rect.h) / GRID
        self.x0 = rect.x + (rect.w - GRID * self.k) / 2
        self.y0 = rect.y + (rect.h - GRID * self.k) / 2
        self.color = color
        self.stroke = 2.0 * self.k

    def p(self, x: float, y: float) -> Point:
        return (self.x0 + x * self.k, self.y0 + y * self.k)

    def rect(self, x: float, y: float, w: float, h: float, radius: float = 0.0, fill: bool = False) -> None:
        px, py = self.p(x, y)
        self.s.rect(Rect(px, py, w * self.k, h * self.k), self.color if fill else None,
                    None if fill else self.color, self.stroke, radius * self.k)

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float | None = None) -> None:
        a, b = self.p(x1, y1), self.p(x2, y2)
        self.s.line(a[0], a[1], b[0], b[1], self.color, self.stroke if width is None else width * self.k)

    def circle(self, x: float, y: float, r: float, fill: bool = False) -> None:
        cx, cy = self.p(x, y)
        self.s.circle(cx, cy, r * self.k, self.color if fill else None, None if fill else self.color, self.stroke)

    def polygon(self, pts: list[Point], fill: bool = False) -> None:
        self.s.polygon([self.p(x, y) for x, y in pts], self.color if fill else None,
                       None if fill else self.color, self.stroke)

    def curve(self, pts: list[Point], width: float | None = None) -> None:
        """One cubic Bezier through four grid points."""
        a, b, c, d = (self.p(x, y) for x, y in pts)
        self.s.curve([(a, b, c, d)], self.color, self.stroke if width is None else width * self.k)


def _website(p: _Pen) -> None:
    p.rect(2, 4, 20, 16, radius=2.5)
    p.line(2, 9.5, 22, 9.5)
    for x in (5.5, 8.5, 11.5):
        p.circle(x, 6.8, 0.9, fill=True)


def _social(p: _Pen) -> None:
    p.line(8.6, 10.6, 15.4, 6.4)
    p.line(8.6, 13.4, 15.4, 17.6)
    for x, y in ((18, 5), (6, 12), (18, 19)):
        p.circle(x, y, 3.0, fill=True)


def _email(p: _Pen) -> None:
    p.rect(2, 5, 20, 14, radius=2)
    p.line(2.8, 6.5, 12, 13)
    p.line(12, 13, 21.2, 6.5)


def _phone(p: _Pen) -> None:
    # a handset lying on its back: ear and mouth pieces joined by a bowed grip
    p.curve([(6.5, 5.5), (3.0, 9.5), (13.5, 21.5), (18.5, 17.5)], width=3.2)
    p.polygon([(3.6, 6.2), (7.4, 2.4), (10.6, 5.6), (7.2, 9.0)], fill=True)
    p.polygon([(15.0, 16.8), (18.4, 13.4), (21.6, 16.6), (17.8, 20.4)], fill=True)


def _in_store(p: _Pen) -> None:
    p.polygon([(4, 3.5), (20, 3.5), (22, 9), (2, 9)])
    p.line(8.7, 3.5, 8, 9, width=1.5)
    p.line(15.3, 3.5, 16, 9, width=1.5)
    p.line(4, 9, 4, 20.5)
    p.line(20, 9, 20, 20.5)
    p.line(2.5, 20.5, 21.5, 20.5)
    p.rect(9.5, 13.5, 5, 7)


def _live_chat(p: _Pen) -> None:
    p.rect(2, 3.5, 20, 13.5, radius=3.5)
    p.polygon([(6.5, 16.2), (6.5, 21.5), (11.5, 16.2)], fill=True)
    for x in (7.5, 12, 16.5):
        p.circle(x, 10.2, 1.4, fill=True)


def _mobile_app(p: _Pen) -> None:
    p.rect(6, 2, 12, 20, radius=2.5)
    p.line(10.5, 18.5, 13.5, 18.5)
    p.line(10.5, 5, 13.5, 5, width=1.2)


def _advertising(p: _Pen) -> None:
    p.polygon([(3, 9.5), (8, 9.5), (17, 4.5), (17, 19.5), (8, 14.5), (3, 14.5)])
    p.line(6.5, 14.5, 8.5, 20.5)
    p.line(19.8, 8.8, 22, 7.6, width=1.6)
    p.line(20.2, 12, 22.6, 12, width=1.6)
    p.line(19.8, 15.2, 22, 16.4, width=1.6)


def _word_of_mouth(p: _Pen) -> None:
    p.circle(8, 7.5, 3.3)
    p.circle(16.5, 8.5, 2.8)
    p.curve([(2, 21), (2, 13.5), (14, 13.5), (14, 21)])
    p.curve([(15.5, 14.2), (19.5, 13.5), (22.5, 15.5), (22.5, 20)])


def _other(p: _Pen) -> None:
    p.circle(12, 12, 4.5, fill=True)


_DRAWERS: dict[Channel, Callable[[_Pen], None]] = {
    Channel.WEBSITE: _website,
    Channel.SOCIAL: _social,
    Channel.EMAIL: _email,
    Channel.PHONE: _phone,
    Channel.IN_STORE: _in_store,
    Channel.LIVE_CHAT: _live_chat,
    Channel.MOBILE_APP: _mobile_app,
    Channel.ADVERTISING: _advertising,
    Channel.WORD_OF_MOUTH: _word_of_mouth,
    Channel.OTHER: _other,
}


def draw_icon(surface: Surface, channel: Channel, rect: Rect, color: str | None = None) -> None:
    """The channel's icon fitted into rect (square), in the channel colour unless given."""
    channel = Channel(channel)
    pen = _Pen(surface, rect, color or style.CHANNEL_COLORS.get(channel, style.MUTED_INK))
    _DRAWERS.get(channel, _other)(pen)
