"""Templates: one JSON file each in ``assets/templates``, loaded as new documents.

A template file is a document (see :mod:`pancarte.model.document`) plus ``id``, ``name``,
``kind``, ``description`` and ``sample`` (texts that show the template off when composed with
``--sample``), and optionally ``flow``. ``derive`` makes any size from a template: frames scale
with the page.

``flow`` says how a document grows when its text runs long (see
:mod:`pancarte.model.flowpages`)::

    "flow": {"chain": "body",           // the text frame (by name) whose text grows
             "page": {...},             // the continuation page, like an entry of "pages";
                                        // "{n}" in its frame ids is replaced by a number
             "columns": ["c{n}a", "c{n}b"],  // its frames the text flows through, in order
             "insert_before": 1,        // new pages go before the last page (the back page)
             "step": 2,                 // pages are added 2 at a time (recto and verso)
             "max_pages": 8}            // past this, the text that does not fit is a finding

Templates without ``flow`` keep the pages they have. Page furniture that must follow the
pages: an empty text frame named ``folio`` shows the page number, a text frame named
``continued`` ("suite au verso") shows on a recto only when the text goes on (see
:mod:`pancarte.layout.engine`).
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
from pancarte.model.document import MAX_PAGES, Document, Frame, QRFrame, TextFrame
from pancarte.model.flowpages import FlowSpec

_TEMPLATE_KEYS = ("id", "name", "kind", "description", "sample", "flow")
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
    max_pages: int = 0  # 0: the document keeps its ``pages``
    page_step: int = 1

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
        max_pages=spec.max_pages if (spec := flow_spec(template_id)) else 0,
        page_step=spec.step if spec else 1,
    )


@cache
def flow_spec(template_id: str) -> FlowSpec | None:
    """How documents made from ``template_id`` grow (None: they do not, or no such template)."""
    try:
        data = _raw(template_id)
    except TemplateError:
        return None
    flow = data.get("flow")
    if flow is None:
        return None

    def bad(reason: str) -> TemplateError:
        return TemplateError(_("{template}: {reason}", template=template_id,
                               reason=f"flow: {reason}"))

    if not isinstance(flow, dict) or not isinstance(flow.get("page"), dict):
        raise bad("page")
    columns = flow.get("columns")
    ints = {k: flow.get(k, d) for k, d in (("insert_before", 1), ("step", 2), ("max_pages", 8))}
    if (not isinstance(columns, list) or not columns
            or not all(isinstance(c, str) and "{n}" in c for c in columns)):
        raise bad("columns")
    frames = flow["page"].get("frames", [])
    if not isinstance(frames, list) or not all(
            isinstance(f, dict) and "{n}" in str(f.get("id", "")) for f in frames):
        raise bad("every frame id of the page needs {n}")
    base = len(data.get("pages", []))
    for k, v in ints.items():
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_PAGES:
            raise bad(k)
    if ints["step"] < 1 or ints["insert_before"] >= base or ints["max_pages"] < base:
        raise bad("step, insert_before, max_pages")
    spec = FlowSpec(chain=str(flow.get("chain", "body")), page=flow["page"],
                    columns=tuple(columns), insert_before=ints["insert_before"],
                    step=ints["step"], max_pages=ints["max_pages"],
                    width=float(data["width"]), height=float(data["height"]))
    # the pattern must make a valid page of this template, its columns text frames
    from pancarte.model.flowpages import continuation_page

    try:
        doc = load_template(template_id)
        page, ids = continuation_page(doc, spec)
        Document.from_dict(replace(doc, pages=(*doc.pages, page)).to_dict())
    except DocumentError as exc:
        raise bad(str(exc)) from exc
    if not all(isinstance(page.frame(i), TextFrame) for i in ids):
        raise bad("columns")
    return spec


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
