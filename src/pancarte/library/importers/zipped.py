"""Zip-based documents (.odt, .docx): bounded archives and members, read in memory, and
their XML parsed with defusedxml, depth-checked."""

from __future__ import annotations

import io
import zipfile

from pancarte import files
from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers.builder import Chunk

MAX_XML = 40_000_000  # bytes of one uncompressed member of an .odt or .docx
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_TOTAL = 200_000_000  # declared uncompressed size of a whole .odt/.docx


def open_zip(data: bytes, name: str, *, members: int = MAX_ZIP_MEMBERS,
             member_size: int = MAX_XML, total: int = MAX_ZIP_TOTAL,
             not_zip: str | None = None) -> zipfile.ZipFile:
    """The zip archive in ``data``, its central directory checked (members, declared sizes,
    compression ratios); LibraryError otherwise (``not_zip``: the message when it is no zip
    archive at all)."""
    try:
        return files.open_zip(io.BytesIO(data), len(data), files.ZipLimits(
            members=members, member_size=member_size, total=total))
    except files.ArchiveError as exc:
        if exc.kind == "not-zip" and not_zip is not None:
            raise LibraryError(not_zip) from None
        raise LibraryError(_zip_refusal(exc, name)) from None


def read_member(zf: zipfile.ZipFile, member: str, limit: int = MAX_XML,
                name: str = "") -> bytes:
    """A zip member's bytes, read in memory; LibraryError past ``limit`` bytes, whatever
    the archive's directory claims, or when its data are corrupt."""
    try:
        return files.read_member(zf, member, limit)
    except files.ArchiveError as exc:
        raise LibraryError(_zip_refusal(exc, name)) from None


def _zip_refusal(exc: files.ArchiveError, name: str) -> str:
    if exc.kind == "not-zip":
        return _("{path} is damaged: it is not a valid zip archive", path=name)
    if exc.kind == "missing":
        return _("{path} is damaged: {member} is missing", path=name, member=exc.member)
    if exc.kind == "damaged":
        return _("{path} is damaged: {member} cannot be decompressed", path=name,
                 member=exc.member)
    return _("{path} is too large once uncompressed", path=name)


def parse_xml(data: bytes, name: str):
    try:
        from defusedxml import ElementTree as SafeET
        from defusedxml.common import DefusedXmlException
    except ImportError:  # pragma: no cover - a declared dependency
        raise LibraryError(_("reading .odt and .docx files needs the defusedxml package")) from None
    import xml.etree.ElementTree as ET

    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise LibraryError(_("{path} holds forbidden XML constructs (entities, DTD)",
                             path=name)) from None
    except ET.ParseError as exc:
        raise LibraryError(_("{path} is damaged: {reason}", path=name, reason=exc)) from None
    _check_depth(root, name)
    return root


MAX_XML_DEPTH = 200  # word processors nest tables in tables a few levels, never hundreds


def _check_depth(root, name: str) -> None:
    """Refuse XML nested deeper than :data:`MAX_XML_DEPTH` (measured without recursion), so
    that the readers below, which walk it recursively, never run out of stack."""
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            raise LibraryError(_("{path} is nested too deeply to be a real document (over "
                                 "{limit} levels)", path=name, limit=MAX_XML_DEPTH))
        stack.extend((child, depth + 1) for child in el)


def xml_text(lines: list[Chunk]) -> str:
    return "\n\n".join("\n".join(c.lines) for c in lines)
