"""Word documents (.docx) into blocks."""

from __future__ import annotations

import re

from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers.builder import Chunk, Parsed, build
from pancarte.library.importers.decoding import clean_text
from pancarte.library.importers.zipped import open_zip, parse_xml, read_member, xml_text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def parse_docx(data: bytes, name: str = "document.docx") -> Parsed:
    """Blocks from a Word document: Title and Heading styles, numbered and bulleted lists
    (from ``numbering.xml``), paragraphs, tables read cell by cell."""
    with open_zip(data, name) as zf:
        names = set(zf.namelist())
        document = parse_xml(read_member(zf, "word/document.xml", name=name), name)
        numbering = (parse_xml(read_member(zf, "word/numbering.xml", name=name), name)
                     if "word/numbering.xml" in names else None)
        styles = (parse_xml(read_member(zf, "word/styles.xml", name=name), name)
                  if "word/styles.xml" in names else None)
    walker = _Walker(_num_formats(numbering), _style_info(styles))
    body = document.find(_w("body"))
    if body is None:
        raise LibraryError(_("{path} is damaged: it has no text body", path=name))
    walker.walk(body)
    chunks = [c for c in walker.chunks if any(ln.strip() for ln in c.lines)]
    if not chunks:
        raise LibraryError(_("{path} is empty", path=name))
    return build(chunks, "docx", xml_text(chunks))


def _num_formats(numbering) -> dict[tuple[str, str], str]:
    """(numId, level) → the level's number format (``decimal``, ``bullet``…)."""
    num_formats: dict[tuple[str, str], str] = {}
    if numbering is None:
        return num_formats
    abstract: dict[str, dict[str, str]] = {}
    for an in numbering.iter(_w("abstractNum")):
        levels = {}
        for lvl in an.iter(_w("lvl")):
            fmt = lvl.find(_w("numFmt"))
            levels[lvl.get(_w("ilvl"), "0")] = fmt.get(_w("val"), "") if fmt is not None else ""
        abstract[an.get(_w("abstractNumId"), "")] = levels
    for num in numbering.iter(_w("num")):
        ref = num.find(_w("abstractNumId"))
        if ref is not None:
            for ilvl, fmt in abstract.get(ref.get(_w("val"), ""), {}).items():
                num_formats[(num.get(_w("numId"), ""), ilvl)] = fmt
    return num_formats


def _style_info(styles) -> dict[str, tuple[str, str | None]]:
    """style id → (its name in lower case, the numId it lists with)."""
    style_info: dict[str, tuple[str, str | None]] = {}
    if styles is not None:
        for st in styles.iter(_w("style")):
            nm = st.find(_w("name"))
            num_id = st.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
            style_info[st.get(_w("styleId"), "")] = (
                (nm.get(_w("val"), "") if nm is not None else "").lower(),
                num_id.get(_w("val")) if num_id is not None else None)
    return style_info


def _paragraph_props(p) -> tuple[str, str | None, str]:
    """A paragraph's own style id, numId and list level."""
    ppr = p.find(_w("pPr"))
    style_id = ""
    num_id: str | None = None
    ilvl = "0"
    if ppr is not None:
        ps = ppr.find(_w("pStyle"))
        style_id = ps.get(_w("val"), "") if ps is not None else ""
        numpr = ppr.find(_w("numPr"))
        if numpr is not None:
            nid, lvl = numpr.find(_w("numId")), numpr.find(_w("ilvl"))
            num_id = nid.get(_w("val")) if nid is not None else None
            ilvl = lvl.get(_w("val"), "0") if lvl is not None else "0"
    return style_id, num_id, ilvl


def _style_hint(keys: tuple[str, str]) -> tuple[str | None, bool]:
    """What a paragraph's style (its id and name) says it is, and whether it numbers."""
    if any(k in ("title", "titre") for k in keys):
        return "title", False
    if any(re.fullmatch(r"(heading|titre) ?\d", k) for k in keys):
        return "heading", False
    if any(k in ("listbullet", "list bullet") for k in keys):
        return "item", False
    if any(k in ("listnumber", "list number") for k in keys):
        return "item", True
    return None, False


class _Walker:
    """Walks a Word body into chunks, knowing its numbering formats and styles."""

    def __init__(self, num_formats: dict[tuple[str, str], str],
                 style_info: dict[str, tuple[str, str | None]]) -> None:
        self.num_formats = num_formats
        self.style_info = style_info
        self.chunks: list[Chunk] = []

    def paragraph(self, p) -> None:
        style_id, num_id, ilvl = _paragraph_props(p)
        sname, style_num = self.style_info.get(style_id, (style_id.lower(), None))
        if num_id is None:
            num_id = style_num
        hint: str | None = "item"
        if num_id is not None and num_id != "0":
            numbered = (self.num_formats.get((num_id, ilvl), "decimal")
                        not in ("bullet", "none", ""))
        else:
            hint, numbered = _style_hint((style_id.lower(), sname))
        self.chunks.append(Chunk(_docx_lines(p), hint=hint, numbered=numbered))

    def walk(self, el) -> None:
        for child in el:
            if child.tag == _w("p"):
                self.paragraph(child)
            elif child.tag in (_w("del"), _w("sectPr")):
                continue
            else:
                self.walk(child)


def _docx_lines(p) -> list[str]:
    parts: list[str] = []

    def rec(node) -> None:
        for child in node:
            tag = child.tag
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("\u2011")
            elif tag == _w("softHyphen"):
                parts.append("\u00ad")
            elif tag in (_w("del"), _w("delText"), _w("instrText"), _w("pPr"), _w("rPr"),
                         _w("footnoteReference"), _w("endnoteReference")):
                continue
            else:
                rec(child)

    rec(p)
    return clean_text("".join(parts)).split("\n")
