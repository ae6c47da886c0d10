"""Frames and their content: text styles, paragraphs, the four kinds of frame. Plain data, no
Qt, no ReportLab; :mod:`pancarte.model.document` puts them on pages.

Lengths are millimetres from the top-left corner of the trim box; font sizes are points. Each
stored field says how it is read and written (:mod:`pancarte.model.stored`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any, assert_never

import pancarte.model.stored as read
from pancarte.errors import DocumentError
from pancarte.geometry import Rect
from pancarte.i18n import _
from pancarte.model.stored import Validator, read_fields, shown, stored, write_fields

ROLES = (
    "title",
    "subtitle",
    "heading",
    "paragraph",
    "quote",
    "attribution",
    "list_item",
    "contact",
    "event",
    "caption",
)
ALIGNS = ("left", "center", "right", "justify")
VALIGNS = ("top", "middle", "bottom")
QR_ECC = ("L", "M", "Q", "H")
IMAGE_FITS = ("fit", "fill", "stretch")
MAX_TEXT = 200_000  # characters in one paragraph: more is not a poster
MAX_PARAGRAPHS = 5000  # in one text frame
MAX_QR_CONTENT = 4000
MAX_CAPTION = 500
_IMAGE_NAME = re.compile(r"images/(?!\.{1,2}\Z)[A-Za-z0-9_.-]{1,100}")


# --------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph looks. ``scale`` multiplies the frame's size, so autofit scales all
    roles of a frame together; every other length is in em of the resulting size."""

    family: str = "Lato"
    bold: bool = False
    italic: bool = False
    scale: float = 1.0
    line_spacing: float = 1.25
    align: str = "left"
    color: str = "$text"
    uppercase: bool = False
    tracking: float = 0.0  # thousandths of an em added after every glyph
    space_before: float = 0.0
    space_after: float = 0.6
    indent: float = 0.0  # left indent (em); list items hang their marker in it

    def merged(self, overrides: dict[str, Any] | None) -> TextStyle:
        if not overrides:
            return self
        return replace(self, **overrides)


_STYLE_FIELDS = {f.name: f.type for f in fields(TextStyle)}

DEFAULT_ROLE_STYLES: dict[str, dict[str, Any]] = {
    "title": {"family": "Roboto Condensed", "bold": True, "scale": 2.2, "line_spacing": 1.0,
              "space_after": 0.25},
    "subtitle": {"bold": True, "scale": 1.35, "line_spacing": 1.1, "space_after": 0.4},
    "heading": {"bold": True, "scale": 1.3, "line_spacing": 1.1, "space_before": 0.5,
                "space_after": 0.3},
    "paragraph": {},
    "quote": {"italic": True, "indent": 1.0, "space_after": 0.2},
    "attribution": {"scale": 0.85, "align": "right", "space_after": 0.6},
    "list_item": {"indent": 1.1, "space_after": 0.25},
    "contact": {"bold": True, "scale": 0.95},
    "event": {"bold": True, "line_spacing": 1.15, "space_after": 0.2},
    "caption": {"scale": 0.8, "space_after": 0.2},
}


def read_style(v: Validator, value: Any, where: str) -> dict[str, Any]:
    """Style overrides (a dict of :class:`TextStyle` fields), each value checked."""
    d = v.obj(value, where)
    out: dict[str, Any] = {}
    for k, val in d.items():
        if k not in _STYLE_FIELDS:
            raise DocumentError(_("{where}: unknown style property '{name}'", where=where,
                                  name=shown(k)))
        kind = _STYLE_FIELDS[k]
        if kind == "bool":
            out[k] = v.bool(val, f"{where}.{k}")
        elif kind == "float":
            out[k] = v.length(val, f"{where}.{k}", minimum=-100, maximum=100)
        elif k == "align":
            out[k] = v.choice(val, f"{where}.{k}", ALIGNS)
        elif k == "color":
            out[k] = v.color(val, f"{where}.{k}")
        else:
            out[k] = v.str(val, f"{where}.{k}", max_len=64)
    if "scale" in out and out["scale"] <= 0:
        raise DocumentError(_("{where}: scale must be positive", where=where))
    if "line_spacing" in out and out["line_spacing"] <= 0:
        raise DocumentError(_("{where}: line_spacing must be positive", where=where))
    return out


def _style_to_dict(style: TextStyle) -> dict[str, Any]:
    default = TextStyle()
    return {k: getattr(style, k) for k in _STYLE_FIELDS if getattr(style, k) != getattr(default, k)}


def _role_styles(v: Validator, value: Any, where: str) -> dict[str, dict[str, Any]]:
    return {v.choice(k, where, ROLES): read_style(v, st, f"{where}.{k}")
            for k, st in v.obj(value, where).items()}


# --------------------------------------------------------------------------------------------
# Content


def _source(v: Validator, value: Any, where: str) -> dict[str, Any] | None:
    """Where a paragraph was copied from: eight short keys at most, ints and text kept."""
    if value is None:
        return None
    return {str(k)[:32]: (val if isinstance(val, (int, str)) and not isinstance(val, bool)
                          else None)
            for k, val in list(v.obj(value, where).items())[:8]}


def _empty(value: Any) -> bool:
    return not value


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a text frame. ``text`` may hold inline emphasis: ``**gras**``,
    ``*italique*`` (``\\*`` for a literal asterisk). ``marker`` is a list item's bullet or
    number (``•``, ``2.``). ``source`` records the tract it was copied from."""

    text: str = stored(read.text(MAX_TEXT), absent="")
    role: str = stored(read.one_of(ROLES), "paragraph")
    marker: str = stored(read.text(16), "", omit=_empty)
    style: dict[str, Any] = stored(read_style, factory=dict, write=dict, omit=_empty)
    source: dict[str, Any] | None = stored(_source, None, write=dict,
                                           omit=lambda src: src is None)

    json_order = ("role", "text")  # as released
    read_order = ("source",)  # the order a bad file's first error is found in, as released

    def __hash__(self) -> int:  # style dicts are compared, not hashed
        return hash((self.text, self.role, self.marker))


@dataclass(frozen=True)
class Frame:
    """Base of every frame: an id unique in the document, an optional template name
    (``title``, ``body``…), a kind and a rectangle in mm from the trim's top-left."""

    id: str = stored(read.ident)
    x: float = stored(read.length(-20000, 20000))
    y: float = stored(read.length(-20000, 20000))
    w: float = stored(read.length(0, 20000))
    h: float = stored(read.length(0, 20000))
    name: str = stored(read.text(64), "")

    kind = "frame"

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.w, self.h)

    def moved(self, x: float, y: float, w: float | None = None, h: float | None = None) -> Frame:
        return replace(self, x=x, y=y, w=self.w if w is None else w, h=self.h if h is None else h)


@dataclass(frozen=True)
class TextFrame(Frame):
    paragraphs: tuple[Paragraph, ...] = stored(
        lambda v, value, where: _paragraphs(v, value, where), (),
        write=lambda paras: [write_fields(p) for p in paras], absent=[])
    size: float = stored(read.length(1, 5000), 12.0)  # pt, nominal size of the "paragraph" role
    autofit: bool = stored(read.flag, False)
    min_size: float = stored(read.length(1, 5000), 6.0)
    max_size: float = stored(read.length(1, 5000), 72.0)
    valign: str = stored(read.one_of(VALIGNS), "top")
    padding: float = stored(read.length(0, 1000), 0.0)  # mm
    balance: bool = stored(read.flag, False)  # balanced lines (titles and slogans)
    hyphenate: bool = stored(read.flag, True)  # still off when the document turns hyphenation off
    style: TextStyle = stored(lambda v, value, where: TextStyle().merged(read_style(v, value, where)),
                              factory=TextStyle, write=_style_to_dict, absent={})
    role_styles: dict[str, dict[str, Any]] = stored(
        _role_styles, factory=dict, write=lambda styles: {k: dict(st) for k, st in styles.items()})
    background: str | None = stored(read.colour_or_none, None)
    next_frame: str | None = stored(read.ident_or_none, None)  # the frame the text continues in

    kind = "text"

    def __hash__(self) -> int:
        return hash((self.id, self.paragraphs))

    def style_for(self, role: str, overrides: dict[str, Any] | None = None) -> TextStyle:
        base = self.style.merged(DEFAULT_ROLE_STYLES.get(role))
        return base.merged(self.role_styles.get(role)).merged(overrides)


def _image_name(v: Validator, value: Any, where: str) -> str:
    image = v.str(value, where, max_len=120)
    if image and not _IMAGE_NAME.fullmatch(image):
        raise DocumentError(_("{where}: not a valid image name", where=where))
    return image


@dataclass(frozen=True)
class QRFrame(Frame):
    content: str = stored(read.text(MAX_QR_CONTENT), "")
    ecc: str = stored(read.one_of(QR_ECC), "M")
    dark: str = stored(read.colour, "#000000")
    light: str = stored(read.colour, "#ffffff")
    caption: str = stored(read.text(MAX_CAPTION), "")

    kind = "qr"


@dataclass(frozen=True)
class ImageFrame(Frame):
    image: str = stored(_image_name, "")  # name inside the .pancarte archive, "images/…"
    fit: str = stored(read.one_of(IMAGE_FITS), "fit")

    kind = "image"


@dataclass(frozen=True)
class ShapeFrame(Frame):
    fill: str | None = stored(read.colour_or_none, "$accent")
    stroke: str | None = stored(read.colour_or_none, None)
    stroke_width: float = stored(read.length(0, 1000), 0.0)  # mm

    kind = "shape"


#: every kind of frame: a function over frames matches on them and ends with
#: ``case _: assert_never(frame)`` (see docs/ARCHITECTURE.md, "A new frame kind")
AnyFrame = TextFrame | QRFrame | ImageFrame | ShapeFrame
FRAME_KINDS: dict[str, type[Frame]] = {
    cls.kind: cls for cls in (TextFrame, QRFrame, ImageFrame, ShapeFrame)
}


# --------------------------------------------------------------------------------------------
# JSON


def frame_to_dict(f: Frame) -> dict[str, Any]:
    """A frame's JSON form: ``id``, ``kind`` and ``name`` first, then its own fields."""
    return {"id": f.id, "kind": f.kind, "name": f.name, **write_fields(f, skip=("id", "name"))}


def frame_from_dict(v: Validator | None, data: Any, where: str = "frame") -> Frame:
    """A frame read from its JSON form; raises DocumentError naming the first bad field."""
    v = v or Validator()
    d = v.obj(data, where)
    kind = v.choice(d.get("kind"), where + ".kind", tuple(FRAME_KINDS))
    cls = FRAME_KINDS[kind]
    frame: AnyFrame = cls(**read_fields(cls, v, d, where))  # type: ignore[assignment]
    _check_frame(frame, where)
    return frame


def _check_frame(frame: AnyFrame, where: str) -> None:
    """What holds between a frame's fields (each was checked alone)."""
    match frame:
        case TextFrame():
            if frame.min_size > frame.max_size:
                raise DocumentError(_("{where}: min_size is larger than max_size", where=where))
        case QRFrame() | ImageFrame() | ShapeFrame():
            pass
        case _:
            assert_never(frame)


def _paragraphs(v: Validator, value: Any, where: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(**read_fields(Paragraph, v, v.obj(p, f"{where}[{i}]"), f"{where}[{i}]"))
                 for i, p in enumerate(v.list(value, where, max_len=MAX_PARAGRAPHS)))


__all__ = [
    "ALIGNS", "DEFAULT_ROLE_STYLES", "FRAME_KINDS", "IMAGE_FITS", "MAX_CAPTION", "MAX_PARAGRAPHS",
    "MAX_QR_CONTENT", "MAX_TEXT", "QR_ECC", "ROLES", "VALIGNS", "AnyFrame", "Frame",
    "ImageFrame", "Paragraph", "QRFrame", "ShapeFrame", "TextFrame", "TextStyle",
    "frame_from_dict", "frame_to_dict", "read_style",
]
