"""Templates: one JSON file each in ``assets/templates``, loaded as new documents.

A template file is a document (see :mod:`pancarte.model.document`) plus ``id``, ``name``,
``kind``, ``description`` and ``sample`` (texts that show the template off when composed with
``--sample``). ``derive`` makes any size from a template: frames scale with the page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pancarte.assets import templates_dir
from pancarte.errors import DocumentError, TemplateError
from pancarte.i18n import _
from pancarte.model.document import Document, Frame, QRFrame, TextFrame

_TEMPLATE_KEYS = ("id", "name", "kind", "description", "sample")
_TEMPLATE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    name: dict[str, str]
    kind: str
    description: dict[str, str]
    width: float
    height: float
    pages: int
    sample: dict[str, Any]

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name.get("fr") or self.id


@cache
def _raw(template_id: str) -> dict[str, Any]:
    if not _TEMPLATE_ID.fullmatch(template_id):
        raise TemplateError(template_id[:80])
    path = templates_dir() / f"{template_id}.json"
    if not path.is_file():
        raise TemplateError(template_id)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(_("{template}: {reason}", template=template_id,
                              reason=exc)) from exc
    if data.get("id") != template_id:
        raise TemplateError(_("{template}: the file names another id", template=template_id))
    return data


def template_ids() -> list[str]:
    return sorted(p.stem for p in templates_dir().glob("*.json"))


def template_info(template_id: str) -> TemplateInfo:
    data = _raw(template_id)
    return TemplateInfo(
        id=template_id,
        name=dict(data.get("name", {})),
        kind=data.get("kind", "poster"),
        description=dict(data.get("description", {})),
        width=float(data["width"]),
        height=float(data["height"]),
        pages=len(data.get("pages", [])),
        sample=dict(data.get("sample", {})),
    )


def list_templates() -> list[TemplateInfo]:
    return [template_info(t) for t in template_ids()]


def load_template(template_id: str) -> Document:
    """A new document from the template (frames empty unless the template fills them)."""
    data = dict(_raw(template_id))
    for key in _TEMPLATE_KEYS:
        data.pop(key, None)
    data["template"] = template_id
    try:
        return Document.from_dict(data)
    except DocumentError as exc:
        raise TemplateError(_("{template}: {reason}", template=template_id,
                              reason=exc)) from exc


def derive(doc: Document, width: float | None = None, height: float | None = None,
           landscape: bool = False) -> Document:
    """The document at another trim size: frames and type scale with the page.

    ``landscape`` makes the page wider than tall (swapping the size when needed).
    """
    w = width if width is not None else doc.width
    h = height if height is not None else doc.height
    if landscape and h > w:
        w, h = h, w
    if (w, h) == (doc.width, doc.height):
        return doc
    sx, sy = w / doc.width, h / doc.height
    st = min(sx, sy)  # type scales with the smaller factor so text never outgrows its frame

    def scale_frame(f: Frame) -> Frame:
        f2 = replace(f, x=f.x * sx, y=f.y * sy, w=f.w * sx, h=f.h * sy)
        if isinstance(f2, TextFrame):
            f2 = replace(f2, size=f2.size * st, min_size=max(4.0, f2.min_size * st),
                         max_size=max(4.0, f2.max_size * st), padding=f2.padding * st)
        if isinstance(f2, QRFrame):  # a QR code stays square, centred where it was
            side = min(f.w, f.h) * st
            cx, cy = f2.x + f2.w / 2, f2.y + f2.h / 2
            f2 = replace(f2, x=cx - side / 2, y=cy - side / 2, w=side, h=side)
        return f2

    pages = tuple(replace(p, frames=tuple(scale_frame(f) for f in p.frames)) for p in doc.pages)
    return replace(doc, width=w, height=h, pages=pages,
                   safe_margin=doc.safe_margin * max(1.0, st) if st > 1 else doc.safe_margin)
