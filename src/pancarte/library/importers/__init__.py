"""Texts into tract blocks: plain text, Markdown, OpenDocument (.odt) and Word (.docx).

Every importer turns its input into *chunks* (runs of lines, with a hint when the format says
what they are: a heading, a list item…) and hands them to one :class:`Builder`, which
recognises the shapes tracts take (see docs/ARCHITECTURE.md, "Tracts"): a title on the first line, dash
headings, programme lines, numbered points, a quote and its attribution, contact lines,
web-page debris.

Nothing is lost: every non-space character of the input ends up in some block, except the
structural markers taken off (a list's bullets and numbers, a heading's or an attribution's
dash, Markdown's ``#`` and ``>``); :attr:`Parsed.removed` lists those markers.

Files are read whole (at most 5 MB); .odt and .docx members are read in memory with bounded
sizes (never extracted to disk) and their XML is parsed with defusedxml.
"""

from __future__ import annotations

import os
from pathlib import Path

from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers.builder import Parsed, build, split_chunks
from pancarte.library.importers.decoding import (
    MARKDOWN_SUFFIXES,
    MAX_FILE,
    clean_text,
    decode_text,
    read_bounded,
    sniff,
)
from pancarte.library.importers.docx import parse_docx
from pancarte.library.importers.markdown import MD_FIRST_HEADING, markdown_chunks
from pancarte.library.importers.odt import parse_odt

__all__ = ["Parsed", "parse_bytes", "parse_text", "read_document"]

def read_document(path: str | os.PathLike) -> Parsed:
    """Read and parse the file at ``path`` (format detected by content, then by extension).

    Raises LibraryError for a file that cannot be read, is empty, too large, binary, or a
    shared library archive (import those with :meth:`Library.merge_archive`)."""
    p = Path(path)
    data = read_bounded(p)
    return parse_bytes(data, p.name)


def parse_bytes(data: bytes, name: str) -> Parsed:
    """Parse a file's bytes; ``name`` (the file name) chooses Markdown for ``.md`` files and
    names the file in error messages."""
    if not data.strip():
        raise LibraryError(_("{path} is empty", path=name))
    if len(data) > MAX_FILE:
        raise LibraryError(_("{path} is too large to import (over {mb} MB)", path=name,
                             mb=MAX_FILE // 1_000_000))
    kind = sniff(data)
    if kind == "odt":
        return parse_odt(data, name)
    if kind == "docx":
        return parse_docx(data, name)
    if kind == "library":
        raise LibraryError(_("{path} is a shared library: import it as a .zip file", path=name))
    if kind == "badzip":
        raise LibraryError(_("{path} is damaged: it is not a valid zip archive", path=name))
    if kind == "zip":
        raise LibraryError(_("{path} is an archive, not a text, Markdown, .odt or .docx file",
                             path=name))
    text = decode_text(data, name)
    markdown = name.lower().endswith(MARKDOWN_SUFFIXES) or bool(MD_FIRST_HEADING.match(text))
    return parse_text(text, markdown=markdown)


def parse_text(text: str, markdown: bool = False) -> Parsed:
    """Blocks from plain text (or Markdown). Raises LibraryError when there is no text."""
    text = clean_text(text)
    if not text.strip():
        raise LibraryError(_("no text found to import"))
    if markdown:
        chunks, removed = markdown_chunks(text)
        return build(chunks, "markdown", text, removed, implicit_headings=False)
    return build(split_chunks(text), "text", text)
