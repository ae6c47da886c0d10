"""Bytes into text: a file read within bounds, its kind judged by content, its encoding
guessed, its line ends and stray control characters cleaned."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

from pancarte import files
from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers.zipped import read_member

MAX_FILE = 5_000_000  # bytes: more is not a tract
ODT_MIME = b"application/vnd.oasis.opendocument.text"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def read_bounded(path: Path, limit: int = MAX_FILE) -> bytes:
    """The bytes of ``path``; LibraryError when it cannot be read or holds more than
    ``limit`` bytes."""
    from pancarte.files import read_or_refuse

    return read_or_refuse(
        path, limit, LibraryError,
        _("{path} is too large to import (over {mb} MB)", path=path, mb=limit // 1_000_000),
        folder=_("{path} is a folder, not a file", path=path))


def sniff(data: bytes) -> str:
    """``"odt"``, ``"docx"``, ``"library"`` (a shared library), ``"zip"`` (another zip),
    ``"badzip"`` (a damaged one) or ``"text"``, judged by content."""
    if not data.startswith(b"PK\x03\x04"):
        return "text"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200 and read_member(zf, "mimetype", 200).strip() == ODT_MIME:
                    return "odt"
            if "word/document.xml" in names:
                return "docx"
            if "library.json" in names:
                return "library"
    except (zipfile.BadZipFile, LibraryError, OSError, RuntimeError, ValueError, EOFError):
        return "badzip"
    return "zip"


_BINARY_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\xd0\xcf\x11\xe0", "Word 97"),
    (b"{\\rtf", "RTF"),
    (b"\x7fELF", "ELF"),
)


def decode_text(data: bytes, name: str = "") -> str:
    """Text from bytes (:func:`pancarte.files.decode_text`: UTF-8 or UTF-16 with or without
    BOM, else Windows-1252, else Latin-1). Line ends become ``\\n``, the text is NFC-normalised, stray control
    characters are dropped; a binary file raises LibraryError."""
    for magic, label in _BINARY_MAGIC:
        if data.startswith(magic):
            raise LibraryError(_("{path} is a {kind} file, not a text: copy its text into a "
                                 ".txt file to import it", path=name, kind=label))
    try:
        text = files.decode_text(data)
    except files.NotText as exc:
        if exc.utf16:
            raise LibraryError(_("{path} is damaged: it is not valid UTF-16", path=name)) from None
        raise LibraryError(_("{path} is a binary file, not a text", path=name)) from None
    return clean_text(text, name)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean_text(text: str, name: str = "") -> str:
    """Normalise line ends to ``\\n`` (CRLF, CR, form feed, Unicode separators), NFC-normalise,
    drop a leading BOM and a few stray control characters; many of them mean a binary file."""
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 200):
        raise LibraryError(_("{path} is a binary file, not a text", path=name))
    if controls:
        text = _CONTROL.sub("", text)
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate({0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
    return unicodedata.normalize("NFC", text)
