"""OpenDocument texts (.odt) into blocks."""

from __future__ import annotations

from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers.builder import Chunk, Parsed, build
from pancarte.library.importers.decoding import clean_text
from pancarte.library.importers.zipped import open_zip, parse_xml, read_member, xml_text

_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def _t(tag: str) -> str:
    return f"{{{_ODF_TEXT}}}{tag}"


_SKIPPED = ("tracked-changes", "note", "sequence-decls")


def parse_odt(data: bytes, name: str = "document.odt") -> Parsed:
    """Blocks from an OpenDocument text: headings (``text:h``, a paragraph in the Title
    style), lists (numbered when their list style numbers), paragraphs."""
    with open_zip(data, name) as zf:
        content = parse_xml(read_member(zf, "content.xml", name=name), name)
        styles = None
        if "styles.xml" in zf.namelist():
            styles = parse_xml(read_member(zf, "styles.xml", name=name), name)
    body = content.find(f"{{{_ODF_OFFICE}}}body")
    if body is None:
        raise LibraryError(_("{path} is damaged: it has no text body", path=name))
    walker = _Walker([styles, content])
    walker.walk(body, None)
    chunks = [c for c in walker.chunks if any(ln.strip() for ln in c.lines)]
    if not chunks:
        raise LibraryError(_("{path} is empty", path=name))
    return build(chunks, "odt", xml_text(chunks))


class _Walker:
    """Walks an OpenDocument body into chunks, knowing its paragraph styles' parents and which
    list styles number."""

    def __init__(self, roots: list) -> None:
        self.para_parent: dict[str, str] = {}
        self.numbered_styles: dict[str, bool] = {}
        self.chunks: list[Chunk] = []
        for root in roots:
            if root is not None:
                self._read_styles(root)

    def _read_styles(self, root) -> None:
        for st in root.iter(f"{{{_ODF_STYLE}}}style"):
            self.para_parent[st.get(f"{{{_ODF_STYLE}}}name", "")] = st.get(
                f"{{{_ODF_STYLE}}}parent-style-name", "")
        for ls in root.iter(_t("list-style")):
            first = next(iter(ls), None)
            self.numbered_styles[ls.get(f"{{{_ODF_STYLE}}}name", "")] = (
                first is not None and first.tag == _t("list-level-style-number"))

    def style_chain(self, style: str) -> list[str]:
        chain: list[str] = []
        while style and style not in chain and len(chain) < 20:
            chain.append(style)
            style = self.para_parent.get(style, "")
        return chain

    def _hint(self, p, list_numbered: bool | None) -> str | None:
        if list_numbered is not None:
            return "item"
        chain = [s.lower() for s in self.style_chain(p.get(_t("style-name"), ""))]
        if any(s in ("title", "titre") for s in chain):
            return "title"
        if any(s.startswith(("heading", "titre")) for s in chain):
            return "heading"
        return None

    def walk(self, el, list_numbered: bool | None) -> None:
        for child in el:
            tag = child.tag
            if tag == _t("h"):
                self.chunks.append(Chunk(_odf_lines(child), hint="heading"))
            elif tag == _t("p"):
                self.chunks.append(Chunk(_odf_lines(child), hint=self._hint(child, list_numbered),
                                         numbered=bool(list_numbered)))
            elif tag == _t("list"):
                style = child.get(_t("style-name"))
                numbered = (self.numbered_styles.get(style, False) if style is not None
                            else bool(list_numbered))
                self.walk(child, numbered)
            elif tag in (*map(_t, _SKIPPED), f"{{{_ODF_OFFICE}}}forms"):
                continue
            else:
                self.walk(child, list_numbered)


def _odf_lines(el) -> list[str]:
    parts: list[str] = []

    def rec(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if tag == _t("s"):
                try:
                    n = int(child.get(_t("c"), "1"))
                except ValueError:
                    n = 1
                parts.append(" " * max(1, min(n, 100)))
            elif tag == _t("tab"):
                parts.append("\t")
            elif tag == _t("line-break"):
                parts.append("\n")
            elif tag in (_t("note"), _t("bookmark-ref"), _t("change")):
                pass
            else:
                rec(child)
            if child.tail:
                parts.append(child.tail)

    rec(el)
    return clean_text("".join(parts)).split("\n")
