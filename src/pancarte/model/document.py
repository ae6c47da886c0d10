"""The document model: Document → pages → frames → content. Plain data, no Qt, no ReportLab.

Lengths are millimetres from the top-left corner of the trim box; font sizes are points.
``to_dict``/``from_dict`` give the JSON form stored in ``document.json``; ``from_dict``
validates every field and raises :class:`~pancarte.errors.DocumentError` on anything off, so a
hostile or damaged file never reaches the layout engine.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from pancarte.errors import DocumentError
from pancarte.geometry import Rect
from pancarte.i18n import _
from pancarte.model.color import is_color

FORMAT_VERSION = 1

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
FRAME_NAMES = ("title", "body", "programme", "event", "qr", "logo", "footer")
QR_ECC = ("L", "M", "Q", "H")
IMAGE_FITS = ("fit", "fill", "stretch")
MAX_TEXT = 200_000  # characters in one paragraph: more is not a poster
MAX_PAGES = 64
MAX_FRAMES = 500
_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
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


# --------------------------------------------------------------------------------------------
# Content


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a text frame. ``text`` may hold inline emphasis: ``**gras**``,
    ``*italique*`` (``\\*`` for a literal asterisk). ``marker`` is a list item's bullet or
    number (``•``, ``2.``). ``source`` records the tract it was copied from."""

    text: str
    role: str = "paragraph"
    marker: str = ""
    style: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] | None = None

    def __hash__(self) -> int:  # style dicts are compared, not hashed
        return hash((self.text, self.role, self.marker))


@dataclass(frozen=True)
class Frame:
    """Base of every frame: an id unique in the document, an optional template name
    (``title``, ``body``…), a kind and a rectangle in mm from the trim's top-left."""

    id: str
    x: float
    y: float
    w: float
    h: float
    name: str = ""

    kind = "frame"

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.w, self.h)

    def moved(self, x: float, y: float, w: float | None = None, h: float | None = None) -> Frame:
        return replace(self, x=x, y=y, w=self.w if w is None else w, h=self.h if h is None else h)


@dataclass(frozen=True)
class TextFrame(Frame):
    paragraphs: tuple[Paragraph, ...] = ()
    size: float = 12.0  # pt, nominal size of the "paragraph" role
    autofit: bool = False
    min_size: float = 6.0
    max_size: float = 72.0
    valign: str = "top"
    padding: float = 0.0  # mm
    balance: bool = False  # balanced lines (titles and slogans)
    hyphenate: bool = True  # still off when the document turns hyphenation off
    style: TextStyle = field(default_factory=TextStyle)
    role_styles: dict[str, dict[str, Any]] = field(default_factory=dict)
    background: str | None = None
    next_frame: str | None = None  # id of the frame the text continues in

    kind = "text"

    def __hash__(self) -> int:
        return hash((self.id, self.paragraphs))

    def style_for(self, role: str, overrides: dict[str, Any] | None = None) -> TextStyle:
        base = self.style.merged(DEFAULT_ROLE_STYLES.get(role))
        return base.merged(self.role_styles.get(role)).merged(overrides)


@dataclass(frozen=True)
class QRFrame(Frame):
    content: str = ""
    ecc: str = "M"
    dark: str = "#000000"
    light: str = "#ffffff"
    caption: str = ""

    kind = "qr"


@dataclass(frozen=True)
class ImageFrame(Frame):
    image: str = ""  # name inside the .pancarte archive, "images/…"
    fit: str = "fit"

    kind = "image"


@dataclass(frozen=True)
class ShapeFrame(Frame):
    fill: str | None = "$accent"
    stroke: str | None = None
    stroke_width: float = 0.0  # mm

    kind = "shape"


FRAME_KINDS: dict[str, type[Frame]] = {
    cls.kind: cls for cls in (TextFrame, QRFrame, ImageFrame, ShapeFrame)
}


@dataclass(frozen=True)
class Page:
    frames: tuple[Frame, ...] = ()
    background: str | None = None

    def frame(self, frame_id: str) -> Frame | None:
        return next((f for f in self.frames if f.id == frame_id), None)


@dataclass(frozen=True)
class Settings:
    french_rules: bool = True
    hyphenate: bool = True
    lang: str = "fr"


@dataclass(frozen=True)
class Document:
    """A whole document. ``images`` maps archive names (``images/…``) to file bytes."""

    width: float  # mm, trim
    height: float
    pages: tuple[Page, ...]
    bleed: float = 3.0
    safe_margin: float = 4.0
    reading_distance: float = 2.0  # metres at which the main text must be legible
    scan_distance: float = 0.5  # metres from which the QR code is scanned
    colors: dict[str, str] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    template: str = ""
    title: str = ""
    images: dict[str, bytes] = field(default_factory=dict, compare=True)
    # the event the poster announces, as pancarte.event.Event.to_dict() gives it (plain JSON
    # data, validated for shape and size here and for meaning by the event package)
    event: dict[str, Any] | None = None

    # ---- queries -------------------------------------------------------------------------

    def find_frame(self, frame_id: str) -> tuple[int, Frame] | None:
        for index, page in enumerate(self.pages):
            f = page.frame(frame_id)
            if f is not None:
                return index, f
        return None

    def frames_named(self, name: str) -> list[tuple[int, Frame]]:
        return [(i, f) for i, p in enumerate(self.pages) for f in p.frames if f.name == name]

    # ---- changes (return new documents; the model is immutable) ---------------------------

    def replace_frame(self, frame: Frame) -> Document:
        pages = []
        found = False
        for page in self.pages:
            frames = tuple(frame if f.id == frame.id else f for f in page.frames)
            found = found or any(f.id == frame.id for f in page.frames)
            pages.append(replace(page, frames=frames))
        if not found:
            raise KeyError(frame.id)
        return replace(self, pages=tuple(pages))

    # ---- JSON ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "pancarte",
            "format_version": FORMAT_VERSION,
            "template": self.template,
            "title": self.title,
            "width": self.width,
            "height": self.height,
            "bleed": self.bleed,
            "safe_margin": self.safe_margin,
            "reading_distance": self.reading_distance,
            "scan_distance": self.scan_distance,
            "colors": dict(self.colors),
            "settings": {
                "french_rules": self.settings.french_rules,
                "hyphenate": self.settings.hyphenate,
                "lang": self.settings.lang,
            },
            "pages": [_page_to_dict(p) for p in self.pages],
            **({} if self.event is None else {"event": _json_copy(self.event)}),
        }

    @classmethod
    def from_dict(cls, data: Any, images: dict[str, bytes] | None = None) -> Document:
        """Build and validate a document; raise DocumentError naming the first bad field."""
        v = _Validator()
        d = v.obj(data, "document")
        pages_raw = v.list(d.get("pages"), "pages", max_len=MAX_PAGES)
        if not pages_raw:
            raise DocumentError(_("the document has no page"))
        colors_raw = v.obj(d.get("colors", {}), "colors")
        colors = {}
        for k, c in colors_raw.items():
            colors[v.ident(k, "colors")] = v.color(c, f"colors.{k}", allow_ref=False)
        s = v.obj(d.get("settings", {}), "settings")
        settings = Settings(
            french_rules=v.bool(s.get("french_rules", True), "settings.french_rules"),
            hyphenate=v.bool(s.get("hyphenate", True), "settings.hyphenate"),
            lang=v.str(s.get("lang", "fr"), "settings.lang", max_len=16) or "fr",
        )
        pages = tuple(_page_from_dict(v, p, f"pages[{i}]") for i, p in enumerate(pages_raw))
        doc = cls(
            width=v.length(d.get("width"), "width", minimum=10, maximum=20000),
            height=v.length(d.get("height"), "height", minimum=10, maximum=20000),
            pages=pages,
            bleed=v.length(d.get("bleed", 3.0), "bleed", minimum=0, maximum=50),
            safe_margin=v.length(d.get("safe_margin", 4.0), "safe_margin", minimum=0, maximum=500),
            reading_distance=v.length(d.get("reading_distance", 2.0), "reading_distance",
                                      minimum=0.1, maximum=1000),
            scan_distance=v.length(d.get("scan_distance", 0.5), "scan_distance",
                                   minimum=0.05, maximum=1000),
            colors=colors,
            settings=settings,
            template=v.str(d.get("template", ""), "template", max_len=64),
            title=v.str(d.get("title", ""), "title", max_len=500),
            images=dict(images or {}),
            event=_event_from_dict(v, d.get("event")),
        )
        _check_references(doc)
        return doc


MAX_EVENT_NODES = 2000  # values in the event object, all levels together
MAX_EVENT_DEPTH = 6
MAX_EVENT_TEXT = 20_000  # characters in one string of the event


def _event_from_dict(v: _Validator, data: Any) -> dict[str, Any] | None:
    """The ``event`` object checked for shape and size only: JSON values, bounded."""
    if data is None:
        return None
    d = v.obj(data, "event")
    budget = [MAX_EVENT_NODES]

    def check(value: Any, where: str, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise DocumentError(_("{where}: too many values (at most {limit})", where="event",
                                  limit=MAX_EVENT_NODES))
        if depth > MAX_EVENT_DEPTH:
            raise DocumentError(_("{where}: nested too deeply", where=where))
        if isinstance(value, dict):
            return {v.str(k, where, max_len=64): check(x, f"{where}.{k}", depth + 1)
                    for k, x in value.items()}
        if isinstance(value, list):
            return [check(x, f"{where}[{i}]", depth + 1) for i, x in enumerate(value)]
        if isinstance(value, str):
            return v.str(value, where, max_len=MAX_EVENT_TEXT)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return v.length(value, where, minimum=-1e15, maximum=1e15)
        raise DocumentError(_("{where}: expected JSON data", where=where))

    return check(d, "event", 0)


def _json_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_copy(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_json_copy(x) for x in value]
    return value


def _check_references(doc: Document) -> None:
    seen: set[str] = set()
    n = 0
    for page in doc.pages:
        for f in page.frames:
            n += 1
            if f.id in seen:
                raise DocumentError(_("two frames share the id '{id}'", id=_shown(f.id)))
            seen.add(f.id)
    if n > MAX_FRAMES:
        raise DocumentError(_("too many frames ({count}, at most {limit})", count=n,
                              limit=MAX_FRAMES))
    for page in doc.pages:
        for f in page.frames:
            if isinstance(f, TextFrame) and f.next_frame is not None:
                target = doc.find_frame(f.next_frame)
                if target is None or not isinstance(target[1], TextFrame):
                    raise DocumentError(_("frame '{id}' continues in a missing frame",
                                          id=_shown(f.id)))
            if isinstance(f, ImageFrame) and f.image and f.image not in doc.images:
                raise DocumentError(_("frame '{id}' shows a missing image '{image}'",
                                      id=_shown(f.id), image=_shown(f.image)))
            for attr in ("fill", "stroke", "dark", "light", "background"):
                value = getattr(f, attr, None)
                if isinstance(value, str) and value.startswith("$") and value[1:] not in doc.colors:
                    raise DocumentError(_("frame '{id}' uses an unknown colour '{colour}'",
                                          id=_shown(f.id), colour=_shown(value)))
    # a chain of linked frames must not loop, and a frame is continued from one frame at most
    nexts = {f.id: f.next_frame for p in doc.pages for f in p.frames
             if isinstance(f, TextFrame) and f.next_frame}
    if len(set(nexts.values())) != len(nexts):
        raise DocumentError(_("two frames continue in the same frame"))
    done: set[str] = set()
    for start in nexts:
        path: set[str] = set()
        cur: str | None = start
        while cur is not None and cur not in done:
            if cur in path:
                raise DocumentError(_("frame '{id}' continues in a loop", id=_shown(start)))
            path.add(cur)
            cur = nexts.get(cur)
        done |= path
    # scheme colours named in styles and page backgrounds must exist
    for i, page in enumerate(doc.pages):
        refs = [page.background]
        for f in page.frames:
            if isinstance(f, TextFrame):
                refs.append(f.style.color)
                refs += [s.get("color") for s in f.role_styles.values()]
                refs += [p.style.get("color") for p in f.paragraphs]
        for value in refs:
            if (isinstance(value, str) and value.startswith("$") and value != "$text"
                    and value[1:] not in doc.colors):
                raise DocumentError(_("page {page} uses an unknown colour '{colour}'",
                                      page=i + 1, colour=_shown(value)))


# --------------------------------------------------------------------------------------------
# JSON helpers


def _style_to_dict(style: TextStyle) -> dict[str, Any]:
    default = TextStyle()
    return {k: getattr(style, k) for k in _STYLE_FIELDS if getattr(style, k) != getattr(default, k)}


def _frame_to_dict(f: Frame) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "kind": f.kind, "name": f.name,
                           "x": f.x, "y": f.y, "w": f.w, "h": f.h}
    if isinstance(f, TextFrame):
        out.update(
            paragraphs=[_para_to_dict(p) for p in f.paragraphs],
            size=f.size, autofit=f.autofit, min_size=f.min_size, max_size=f.max_size,
            valign=f.valign, padding=f.padding, balance=f.balance, hyphenate=f.hyphenate,
            style=_style_to_dict(f.style),
            role_styles={k: dict(v) for k, v in f.role_styles.items()},
            background=f.background, next_frame=f.next_frame,
        )
    elif isinstance(f, QRFrame):
        out.update(content=f.content, ecc=f.ecc, dark=f.dark, light=f.light, caption=f.caption)
    elif isinstance(f, ImageFrame):
        out.update(image=f.image, fit=f.fit)
    elif isinstance(f, ShapeFrame):
        out.update(fill=f.fill, stroke=f.stroke, stroke_width=f.stroke_width)
    return out


def _para_to_dict(p: Paragraph) -> dict[str, Any]:
    out: dict[str, Any] = {"role": p.role, "text": p.text}
    if p.marker:
        out["marker"] = p.marker
    if p.style:
        out["style"] = dict(p.style)
    if p.source is not None:
        out["source"] = dict(p.source)
    return out


def _page_to_dict(p: Page) -> dict[str, Any]:
    return {"background": p.background, "frames": [_frame_to_dict(f) for f in p.frames]}


def _page_from_dict(v: _Validator, data: Any, where: str) -> Page:
    d = v.obj(data, where)
    frames = tuple(
        frame_from_dict(v, f, f"{where}.frames[{i}]")
        for i, f in enumerate(v.list(d.get("frames", []), f"{where}.frames", max_len=MAX_FRAMES))
    )
    bg = d.get("background")
    return Page(frames=frames, background=None if bg is None else v.color(bg, f"{where}.background"))


def frame_from_dict(v: _Validator | None, data: Any, where: str = "frame") -> Frame:
    v = v or _Validator()
    d = v.obj(data, where)
    kind = v.choice(d.get("kind"), where + ".kind", tuple(FRAME_KINDS))
    common = dict(
        id=v.ident(d.get("id"), where + ".id"),
        name=v.str(d.get("name", ""), where + ".name", max_len=64),
        x=v.length(d.get("x"), where + ".x", minimum=-20000, maximum=20000),
        y=v.length(d.get("y"), where + ".y", minimum=-20000, maximum=20000),
        w=v.length(d.get("w"), where + ".w", minimum=0, maximum=20000),
        h=v.length(d.get("h"), where + ".h", minimum=0, maximum=20000),
    )
    if kind == "text":
        paras = tuple(
            _para_from_dict(v, p, f"{where}.paragraphs[{i}]")
            for i, p in enumerate(v.list(d.get("paragraphs", []), where + ".paragraphs",
                                         max_len=5000))
        )
        min_size = v.length(d.get("min_size", 6.0), where + ".min_size", minimum=1, maximum=5000)
        max_size = v.length(d.get("max_size", 72.0), where + ".max_size", minimum=1, maximum=5000)
        if min_size > max_size:
            raise DocumentError(_("{where}: min_size is larger than max_size", where=where))
        role_styles_raw = v.obj(d.get("role_styles", {}), where + ".role_styles")
        role_styles = {
            v.choice(k, where + ".role_styles", ROLES): v.style(s, f"{where}.role_styles.{k}")
            for k, s in role_styles_raw.items()
        }
        nf = d.get("next_frame")
        bg = d.get("background")
        return TextFrame(
            **common,
            paragraphs=paras,
            size=v.length(d.get("size", 12.0), where + ".size", minimum=1, maximum=5000),
            autofit=v.bool(d.get("autofit", False), where + ".autofit"),
            min_size=min_size,
            max_size=max_size,
            valign=v.choice(d.get("valign", "top"), where + ".valign", VALIGNS),
            padding=v.length(d.get("padding", 0.0), where + ".padding", minimum=0, maximum=1000),
            balance=v.bool(d.get("balance", False), where + ".balance"),
            hyphenate=v.bool(d.get("hyphenate", True), where + ".hyphenate"),
            style=TextStyle().merged(v.style(d.get("style", {}), where + ".style")),
            role_styles=role_styles,
            background=None if bg is None else v.color(bg, where + ".background"),
            next_frame=None if nf is None else v.ident(nf, where + ".next_frame"),
        )
    if kind == "qr":
        return QRFrame(
            **common,
            content=v.str(d.get("content", ""), where + ".content", max_len=4000),
            ecc=v.choice(d.get("ecc", "M"), where + ".ecc", QR_ECC),
            dark=v.color(d.get("dark", "#000000"), where + ".dark"),
            light=v.color(d.get("light", "#ffffff"), where + ".light"),
            caption=v.str(d.get("caption", ""), where + ".caption", max_len=500),
        )
    if kind == "image":
        image = v.str(d.get("image", ""), where + ".image", max_len=120)
        if image and not _IMAGE_NAME.fullmatch(image):
            raise DocumentError(_("{where}: not a valid image name", where=where + ".image"))
        return ImageFrame(**common, image=image,
                          fit=v.choice(d.get("fit", "fit"), where + ".fit", IMAGE_FITS))
    fill, stroke = d.get("fill", "$accent"), d.get("stroke")
    return ShapeFrame(
        **common,
        fill=None if fill is None else v.color(fill, where + ".fill"),
        stroke=None if stroke is None else v.color(stroke, where + ".stroke"),
        stroke_width=v.length(d.get("stroke_width", 0.0), where + ".stroke_width",
                              minimum=0, maximum=1000),
    )


def _para_from_dict(v: _Validator, data: Any, where: str) -> Paragraph:
    d = v.obj(data, where)
    src = d.get("source")
    if src is not None:
        src = v.obj(src, where + ".source")
        src = {
            str(k)[:32]: (val if isinstance(val, (int, str)) and not isinstance(val, bool) else None)
            for k, val in list(src.items())[:8]
        }
    return Paragraph(
        text=v.str(d.get("text", ""), where + ".text", max_len=MAX_TEXT),
        role=v.choice(d.get("role", "paragraph"), where + ".role", ROLES),
        marker=v.str(d.get("marker", ""), where + ".marker", max_len=16),
        style=v.style(d.get("style", {}), where + ".style"),
        source=src,
    )


class _Validator:
    """Type checks with messages that name the field; every failure is a DocumentError.

    The field path (``pages[0].frames[2].w``) is technical and stays as is; the rest of the
    message is in the user's language.
    """

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise DocumentError(_("{where}: expected an object", where=where))
        return value

    def list(self, value: Any, where: str, max_len: int) -> list[Any]:
        if not isinstance(value, list):
            raise DocumentError(_("{where}: expected a list", where=where))
        if len(value) > max_len:
            raise DocumentError(_("{where}: too many entries (at most {limit})", where=where,
                                  limit=max_len))
        return value

    def str(self, value: Any, where: str, max_len: int) -> str:
        if not isinstance(value, str):
            raise DocumentError(_("{where}: expected text", where=where))
        if len(value) > max_len:
            raise DocumentError(_("{where}: text too long (at most {limit} characters)",
                                  where=where, limit=max_len))
        if "\x00" in value:
            raise DocumentError(_("{where}: text holds a NUL character", where=where))
        return value

    def bool(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise DocumentError(_("{where}: expected true or false", where=where))
        return value

    def length(self, value: Any, where: str, minimum: float, maximum: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DocumentError(_("{where}: expected a number", where=where))
        try:
            value = float(value)
        except OverflowError:
            raise DocumentError(_("{where}: number too large", where=where)) from None
        if not math.isfinite(value) or value < minimum or value > maximum:
            raise DocumentError(_("{where}: must be between {minimum} and {maximum}",
                                  where=where, minimum=format(minimum, "g"),
                                  maximum=format(maximum, "g")))
        return value

    def choice(self, value: Any, where: str, options: tuple[str, ...]) -> str:
        if value not in options:
            raise DocumentError(_("{where}: must be one of {options}", where=where,
                                  options=", ".join(options)))
        return value

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise DocumentError(_("{where}: not a valid identifier", where=where))
        return value

    def color(self, value: Any, where: str, allow_ref: bool = True) -> str:
        if not isinstance(value, str) or not is_color(value):
            raise DocumentError(_("{where}: not a colour (#rrggbb, cmyk(c,m,y,k) or $name)",
                                  where=where))
        if value.startswith("$") and not allow_ref:
            raise DocumentError(_("{where}: a scheme colour cannot refer to another",
                                  where=where))
        return value

    def style(self, value: Any, where: str) -> dict[str, Any]:
        d = self.obj(value, where)
        out: dict[str, Any] = {}
        for k, val in d.items():
            if k not in _STYLE_FIELDS:
                raise DocumentError(_("{where}: unknown style property '{name}'", where=where,
                                      name=_shown(k)))
            kind = _STYLE_FIELDS[k]
            if kind == "bool":
                out[k] = self.bool(val, f"{where}.{k}")
            elif kind == "float":
                out[k] = self.length(val, f"{where}.{k}", minimum=-100, maximum=100)
            elif k == "align":
                out[k] = self.choice(val, f"{where}.{k}", ALIGNS)
            elif k == "color":
                out[k] = self.color(val, f"{where}.{k}")
            else:
                out[k] = self.str(val, f"{where}.{k}", max_len=64)
        if "scale" in out and out["scale"] <= 0:
            raise DocumentError(_("{where}: scale must be positive", where=where))
        if "line_spacing" in out and out["line_spacing"] <= 0:
            raise DocumentError(_("{where}: line_spacing must be positive", where=where))
        return out


def _shown(value: Any, limit: int = 60) -> str:
    """``value`` fit for a one-line message (the message puts the quotes): control characters
    become '?', cut to ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = re.sub(r"[\x00-\x1f\x7f]", "?", text)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
