"""Markdown's explicit structure (headings, quotes, rules, links, code) as hinted chunks."""

from __future__ import annotations

import re

from pancarte.library.importers.builder import Chunk
from pancarte.library.importers.shapes import BULLET, NUMBER, RULE, join_lines

MD_FIRST_HEADING = re.compile(r"\s*#{1,6}[ \t]+\S")
_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+(#+))?[ \t]*")
_MD_QUOTE = re.compile(r"[ ]{0,3}(>)[ \t]?")
_MD_SETEXT = re.compile(r"[ ]{0,3}(=+|-{2,})[ \t]*")
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(([^()\s]+)\)")
_MD_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")


def markdown_chunks(text: str) -> tuple[list[Chunk], list[str]]:
    """Markdown's explicit structure (headings, quotes, rules, links) as hinted chunks; the
    rest (paragraphs and lists) goes to the builder as plain text."""
    removed: list[str] = []
    chunks: list[Chunk] = []
    cur: list[str] = []
    lines = text.split("\n")

    def flush() -> None:
        nonlocal cur
        if cur:
            chunks.append(Chunk(cur))
            cur = []

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _MD_FENCE.match(line)
        if fence:  # code: kept as typed, as one paragraph
            flush()
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence.group(1)):
                j += 1
            block = [ln for ln in lines[i:j + 1] if ln.strip()]
            chunks.append(Chunk(["\n".join(block)], hint="para"))
            i = j + 1
            continue
        if not line.strip():
            flush()
            i += 1
            continue
        line = _md_links(line, removed)
        m = (_MD_HEADING.fullmatch(line) if line.lstrip(" ")[:1] == "#" and len(line) < 2000
             else None)
        if m:
            flush()
            removed.append(m.group(1))
            if m.group(3):
                removed.append(m.group(3))
            chunks.append(Chunk([m.group(2)], hint="heading"))
            i += 1
            continue
        if _MD_QUOTE.match(line):
            flush()
            quote_lines: list[str] = []
            while i < len(lines) and _MD_QUOTE.match(lines[i]):
                q = _MD_QUOTE.match(lines[i])
                assert q is not None
                removed.append(">")
                quote_lines.append(_md_links(lines[i][q.end():], removed))
                i += 1
            chunks.extend(_quote_chunks(quote_lines, removed))
            continue
        if (cur and len(cur) == 1 and _MD_SETEXT.fullmatch(line)
                and not BULLET.match(cur[0]) and not NUMBER.match(cur[0])):
            removed.append(line.strip())
            chunks.append(Chunk([cur[0]], hint="heading"))
            cur = []
            i += 1
            continue
        if not cur and RULE.fullmatch(line):
            removed.append(line.strip())
            i += 1
            continue
        cur.append(line)
        i += 1
    flush()
    return chunks, removed


def _md_links(line: str, removed: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        removed.extend(ch for ch in (m.group(1), "[", "]") if ch)
        label, url = m.group(2), m.group(3)
        return f"{label} ({url})" if label else url

    return _MD_LINK.sub(repl, line)


def _quote_chunks(quote_lines: list[str], removed: list[str]) -> list[Chunk]:
    """A Markdown blockquote as a quote chunk; a last line starting with a dash is its
    attribution."""
    paras: list[list[str]] = [[]]
    for ln in quote_lines:
        if ln.strip():
            paras[-1].append(ln.strip(" \t"))
        elif paras[-1]:
            paras.append([])
    paras = [p for p in paras if p]
    if not paras:
        return []
    attribution = ""
    last = paras[-1][-1]
    m = re.match(r"(-{1,2}|—|–)[ \t\u00a0\u202f]*(?=\S)", last)
    if m:
        removed.append(m.group(1))
        attribution = last[m.end():]
        paras[-1].pop()
        paras = [p for p in paras if p]
    texts = [join_lines(p) for p in paras]
    if not texts:  # a quote made only of an attribution
        return [Chunk([attribution], hint="para")]
    return [Chunk(["\n".join(texts)], hint="quote", attribution=attribution)]


# ---------------------------------------------------------------------------------------------
