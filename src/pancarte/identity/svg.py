"""An SVG logo made safe and drawn once, at import, as a PNG large enough for print.

Nothing in the SVG is trusted. Before CairoSVG sees it, the file is parsed with defusedxml (no
DTD, no entity, no external reference) and walked: no script or foreign content, no reference
to anything outside the file (``href``, ``url(…)``, ``@import``: only ``#id`` inside the file
and embedded PNG or JPEG ``data:`` images are allowed), a bounded number of elements, nesting
depth and of shapes once every ``<use>`` and ``url(#…)`` is expanded (a "billion laughs" made
of ``<use>`` is refused before it is drawn), and a size taken from its ``viewBox`` (or width
and height). CairoSVG then draws it with a URL fetcher that refuses every address but those
embedded images: it reads no local file and opens no connection.

The PNG is :data:`LONG_SIDE` pixels on its long side: 300 dpi on 20 cm, more than the largest
logo frame of the templates needs. The identity keeps the original SVG beside it, so that a
later, better converter (or a vector path into the PDF) can use it.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from pancarte.i18n import _
from pancarte.identity.model import IdentityError

MAX_SVG_BYTES = 4 * 2**20
MAX_ELEMENTS = 50_000
MAX_DEPTH = 200  # nesting of elements, and of references followed
MAX_EXPANDED = 200_000  # elements drawn once every <use> and url(#…) is followed
MAX_EMBEDDED = 16 * 2**20  # decoded bytes of one embedded data: image
MAX_ASPECT = 20.0
LONG_SIDE = 2400

SVG_NS = "http://www.w3.org/2000/svg"
_REFUSED_TAGS = {"script", "foreignObject", "iframe", "audio", "video", "handler", "listener"}
_URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*)\1\s*\)", re.I)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg);base64,", re.I)
_NUMBER = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|mm|cm|in|pc)?\s*\Z")


def looks_like_svg(data: bytes, filename: str = "") -> bool:
    if filename.lower().endswith((".svg", ".svgz")):
        return True
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096])


def svg_to_png(data: bytes, filename: str, long_side: int = LONG_SIDE) -> bytes:
    """The SVG ``data`` drawn as a PNG (cleaned like any image) of ``long_side`` pixels on its
    long side; IdentityError (one line) for a file that is not a sound, self-contained SVG."""
    width, height = check_svg(data, filename)
    if width >= height:
        size = (long_side, max(1, round(long_side * height / width)))
    else:
        size = (max(1, round(long_side * width / height)), long_side)
    try:
        from cairosvg.surface import PNGSurface
    except (ImportError, OSError):  # OSError: the cairo library itself is missing
        raise IdentityError(_("SVG logos need CairoSVG and the cairo library, which are not "
                              "installed: give a PNG or JPEG export of {name}",
                              name=filename)) from None
    try:
        png = PNGSurface.convert(bytestring=data, output_width=size[0], output_height=size[1],
                                 unsafe=False, url_fetcher=_fetch)
    except _Outside:
        raise _refused(filename, _("it refers to a file or an address outside it")) from None
    except Exception:  # noqa: BLE001 — CairoSVG raises many kinds on odd drawings
        raise IdentityError(_("the SVG logo {name} cannot be drawn: give a PNG or JPEG "
                              "export of it", name=filename)) from None
    from pancarte.images import ImageError, clean_image

    try:
        return clean_image(png, filename)
    except ImageError as exc:
        raise IdentityError(str(exc)) from None


def check_svg(data: bytes, filename: str) -> tuple[float, float]:
    """The drawing's width and height (in its own units) when ``data`` is an SVG Pancarte
    draws safely; IdentityError naming the first reason otherwise."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if len(data) > MAX_SVG_BYTES:
        raise _refused(filename, _("it is larger than {mb} MB", mb=MAX_SVG_BYTES // 2**20))
    if data.startswith(b"\x1f\x8b"):
        raise _refused(filename, _("it is compressed (.svgz): save it as plain SVG"))
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise _refused(filename, _("it declares a DTD or entities")) from None
    except (ParseError, ValueError, UnicodeError, RecursionError):
        raise IdentityError(_("{name} is not an SVG file (its XML is damaged)",
                              name=filename)) from None
    if _local(root.tag) != "svg" or _ns(root.tag) not in ("", SVG_NS):
        raise IdentityError(_("{name} is not an SVG file", name=filename))
    ids: dict[str, Any] = {}
    refs: dict[int, list[str]] = {}
    count = 0
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        count += 1
        if count > MAX_ELEMENTS or depth > MAX_DEPTH:
            raise _refused(filename, _("it is too complex to draw"))
        if not isinstance(el.tag, str):
            continue  # a comment or a processing instruction
        if _local(el.tag) in _REFUSED_TAGS:
            raise _refused(filename, _("it holds a script or foreign content"))
        own: list[str] = []
        for key, value in el.attrib.items():
            if _local(key) == "id":
                ids.setdefault(value, el)
            if _local(key) == "href":
                own.extend(_href(value, filename))
            own.extend(_urls(value, filename))
        if el.text and _local(el.tag) == "style":
            if "@import" in el.text.lower():
                raise _refused(filename, _("it refers to a file or an address outside it"))
            own.extend(_urls(el.text, filename))
        refs[id(el)] = own
        stack.extend((child, depth + 1) for child in el)
    _check_expansion(root, ids, refs, filename)
    return _size(root, filename)


class _Outside(Exception):
    """CairoSVG asked for something outside the file."""


def _fetch(url: str, _resource_type: str) -> bytes:
    """CairoSVG's URL fetcher: embedded PNG and JPEG images only."""
    m = _DATA_IMAGE.match(url)
    if m is None:
        raise _Outside(url)
    payload = url[m.end():]
    if len(payload) > MAX_EMBEDDED * 4 // 3 + 4:
        raise _Outside("large")
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        raise _Outside("damaged") from None


def _refused(filename: str, reason: str) -> IdentityError:
    return IdentityError(_("the SVG logo {name} is refused: {reason}", name=filename,
                           reason=reason))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _href(value: str, filename: str) -> list[str]:
    v = value.strip()
    if v.startswith("#"):
        return [v[1:]]
    if _DATA_IMAGE.match(v):
        return []
    raise _refused(filename, _("it refers to a file or an address outside it"))


def _urls(value: str, filename: str) -> list[str]:
    out = []
    for m in _URL.finditer(value):
        target = m.group(2).strip()
        if target.startswith("#"):
            out.append(target[1:])
        elif not _DATA_IMAGE.match(target):
            raise _refused(filename, _("it refers to a file or an address outside it"))
    if len(re.findall(r"url\s*\(", value, re.I)) != len(_URL.findall(value)):
        raise _refused(filename, _("it refers to a file or an address outside it"))
    return out


def _check_expansion(root: Any, ids: dict[str, Any], refs: dict[int, list[str]],
                     filename: str) -> None:
    """Refuse a drawing whose elements, once every reference is followed, exceed
    MAX_EXPANDED (or whose references loop)."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def weight(el: Any, depth: int) -> int:
        key = id(el)
        if key in memo:
            return memo[key]
        if key in active:
            raise _refused(filename, _("its references loop"))
        if depth > MAX_DEPTH:
            raise _refused(filename, _("it is too complex to draw"))
        active.add(key)
        total = 1
        for child in el:
            total += weight(child, depth + 1)
            if total > MAX_EXPANDED:
                break
        for target in refs.get(key, ()):
            ref = ids.get(target)
            if ref is not None:
                total += weight(ref, depth + 1)
            if total > MAX_EXPANDED:
                break
        active.discard(key)
        if total > MAX_EXPANDED:
            raise _refused(filename, _("it is too complex to draw"))
        memo[key] = total
        return total

    weight(root, 0)


def _size(root: Any, filename: str) -> tuple[float, float]:
    box = root.get("viewBox")
    w = h = 0.0
    if box:
        parts = re.split(r"[\s,]+", box.strip())
        try:
            w, h = float(parts[2]), float(parts[3])
        except (IndexError, ValueError):
            w = h = 0.0
    if not (w > 0 and h > 0):
        w, h = _length(root.get("width")), _length(root.get("height"))
    if not (w > 0 and h > 0) or w != w or h != h or w == float("inf") or h == float("inf"):
        raise _refused(filename, _("it has no size (no viewBox, width or height)"))
    if max(w, h) / min(w, h) > MAX_ASPECT:
        raise _refused(filename, _("it is too narrow to be a logo"))
    return w, h


def _length(value: str | None) -> float:
    if not value:
        return 0.0
    m = _NUMBER.match(value)
    return float(m.group(1)) if m else 0.0
