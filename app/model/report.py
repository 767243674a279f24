"""The consultant's report: brand settings saved with the project, the project's language, and
the content of the registers the PDF prints (pain points by severity x votes, opportunities
with the pain points they answer).

The logo is stored inside the project as a data: URI (PNG, JPEG or SVG, at most 2 MB), so a
project stays one file; `logo_data_uri` checks an image before it is stored and says what is
wrong with a broken one.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from .elements import Annotation, ModelError
from .journey import Journey, NodeKind
from .personas import is_color

MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
DEFAULT_LANGUAGE = "en"


@dataclass(eq=True)
class ReportSettings:
    """What the consultant puts on every client document: their organisation and its logo, an
    accent colour, the footer and confidentiality lines, the author and the document version."""

    organisation: str = ""
    logo: str = ""  # data:image/png|jpeg|svg+xml;base64,... or ""
    accent: str = ""  # #RRGGBB, or "" for Waymark's default
    footer: str = ""
    confidentiality: str = ""
    author: str = ""
    version: str = ""

    def copy(self) -> ReportSettings:
        return replace(self)

    @staticmethod
    def field_names() -> tuple[str, ...]:
        return tuple(f.name for f in fields(ReportSettings))

    def validate(self) -> None:
        for name in self.field_names():
            if not isinstance(getattr(self, name), str):
                raise ModelError(f"report {name} must be text, not {getattr(self, name)!r}")
        if self.accent and not is_color(self.accent):
            raise ModelError(f"the accent colour must be #RRGGBB, not {self.accent!r}")
        if self.logo:
            check_logo(self.logo)

    def to_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.field_names()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReportSettings:
        return cls(**{name: str(d.get(name, "")) for name in cls.field_names()})


# --------------------------------------------------------------------------- language
def default_language(environ: dict[str, str] | None = None) -> str:
    """The BCP 47 tag of the user's locale ("de_CH.UTF-8" -> "de-CH"); "en" when none is set."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        tag = value.split(".")[0].split("@")[0].replace("_", "-")
        if tag and tag not in ("C", "POSIX") and _LANGUAGE.match(tag):
            return tag
    return DEFAULT_LANGUAGE


def check_language(tag: str) -> str:
    if not isinstance(tag, str) or not _LANGUAGE.match(tag):
        raise ModelError(f"the language must be a BCP 47 tag such as en, fr-CA or zh-Hans, not {tag!r}")
    return tag


# --------------------------------------------------------------------------- logo
def _sniff(data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    prologue = head.startswith((b"<?xml", b"<!--", b"<!doctype svg"))
    if head.startswith(b"<svg") or (prologue and b"<svg" in data[:4096].lower()):
        return "svg"
    return ""


def _check_raster(data: bytes, kind: str) -> None:
    from PIL import Image, UnidentifiedImageError  # pillow comes with reportlab

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width, height = image.size
    except UnidentifiedImageError:
        raise ModelError(f"the {kind.upper()} logo is damaged and cannot be read (its data is not a valid "
                         f"{kind.upper()} image)") from None
    except Exception as exc:  # truncated, corrupt: pillow raises many kinds
        raise ModelError(f"the {kind.upper()} logo is damaged and cannot be read ({exc})") from None
    if width < 1 or height < 1:
        raise ModelError(f"the {kind.upper()} logo has no pixels ({width} x {height})")


def _check_svg(data: bytes) -> None:
    import xml.etree.ElementTree as ET

    if b"<!ENTITY" in data:  # entity expansion can blow up memory; logos never need it
        raise ModelError("the SVG logo declares XML entities, which Waymark does not read")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ModelError(f"the SVG logo is not well-formed XML ({exc})") from None
    if not root.tag.endswith("svg"):
        raise ModelError(f"the SVG logo's top element is <{root.tag}>, not <svg>")


def logo_data_uri(data: bytes, name: str = "the logo") -> str:
    """A checked image as the data: URI stored in the project; ModelError naming the problem:
    too large, not PNG/JPEG/SVG, damaged."""
    if len(data) > MAX_LOGO_BYTES:
        raise ModelError(f"{name} is {len(data) / 1e6:.1f} MB; a logo may be at most 2 MB")
    if not data:
        raise ModelError(f"{name} is empty")
    kind = _sniff(data)
    if not kind:
        raise ModelError(f"{name} is not a PNG, JPEG or SVG image")
    if kind == "svg":
        _check_svg(data)
    else:
        _check_raster(data, kind)
    return f"data:{LOGO_TYPES[kind]};base64,{base64.b64encode(data).decode('ascii')}"


def logo_bytes(uri: str) -> tuple[str, bytes]:
    """(kind "png"|"jpeg"|"svg", the image's bytes) of a stored logo; ModelError if it is not one."""
    header, comma, payload = uri.partition(",")
    mime = header[5:].split(";")[0] if header.startswith("data:") else ""
    kind = next((k for k, m in LOGO_TYPES.items() if m == mime), "")
    if not comma or not kind or ";base64" not in header:
        raise ModelError("the logo must be a base64 data: URI of a PNG, JPEG or SVG image")
    if len(payload) > MAX_LOGO_BYTES * 4 // 3 + 4:
        raise ModelError("the logo is larger than 2 MB")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ModelError("the logo's base64 data is damaged") from None
    return kind, data


def check_logo(uri: str) -> None:
    """A stored logo that is really the image it says it is; ModelError naming the problem."""
    kind, data = logo_bytes(uri)
    logo_data_uri(data, "the logo")  # size, type and content, as when it was chosen
    if _sniff(data) != kind:
        raise ModelError(f"the logo says it is {kind.upper()} but holds a {_sniff(data).upper()} image")


# --------------------------------------------------------------------------- registers
def pain_point_priority(pain: Annotation) -> tuple[int, int, int]:
    """Sort key of the pain-point register: severity x votes, then severity, then votes (all
    descending), so a severe pain point many people voted for comes first."""
    return (-pain.severity * pain.votes, -pain.severity, -pain.votes)


def pain_point_register(journey: Journey) -> list[Annotation]:
    return sorted(journey.pain_points(), key=pain_point_priority)


def answered_pain_points(journey: Journey, opportunity_id: str) -> list[Annotation]:
    """The pain points an opportunity answers: those on the same touchpoint; for an
    opportunity about a whole stage, those on the stage and on its touchpoints."""
    target = journey.target_of(opportunity_id)
    if target is None:
        return []
    if journey.kind_of(target) is NodeKind.STAGE:
        targets = {target, *(t.id for t in journey.touchpoints(target))}
        return [p for p in journey.pain_points() if journey.target_of(p.id) in targets]
    return journey.pain_points(target)


def opportunity_register(journey: Journey) -> list[tuple[Annotation, list[Annotation]]]:
    """Opportunities with the pain points they answer, most voted first, then by priority."""
    rows = [(o, answered_pain_points(journey, o.id)) for o in journey.opportunities()]
    rows.sort(key=lambda r: (-r[0].votes, -r[0].severity))
    return rows
