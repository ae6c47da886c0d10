"""Load and save ``.pancarte`` files.

A ``.pancarte`` file is a ZIP archive, laid out like an ODF file:

- ``mimetype`` — first, stored uncompressed: ``application/x-pancarte+zip``;
- ``document.json`` — UTF-8 JSON of :meth:`Document.to_dict`, with ``format`` and
  ``format_version``;
- ``images/<name>`` — the PNG or JPEG files that image frames show;
- ``fonts/<sha256>.ttf`` — since format version 2, the group's own faces the text uses (an
  identity's font files, TrueType), listed in ``document.json`` as
  ``"fonts": [{"family": …, "file": "fonts/…"}]`` so that the document looks the same on a
  machine without that identity. Each is checked again when read (a font, TrueType, its
  licence allowing embedding, named by its content hash).

Saving is atomic (temporary file in the same folder, fsync, rename) and raises
:class:`~pancarte.errors.ExportError` for anything the disk refuses. Loading trusts nothing: every
damaged, hostile or too-new file raises :class:`~pancarte.errors.DocumentError` with a one-line
message, whatever its bytes; members are read into memory with bounded reads, never extracted.
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import re
import stat
import zipfile
from dataclasses import replace
from typing import IO, Any

from pancarte.errors import DocumentError, ExportError
from pancarte.files import (
    ArchiveError,
    NotRegularFile,
    ZipLimits,
    open_regular,
    open_zip,
    os_reason,
    read_member,
    write_atomic,
)
from pancarte.i18n import _
from pancarte.model import migrations
from pancarte.model.document import Document, ImageFrame, TextFrame

__all__ = [
    "MIMETYPE",
    "dumps_document",
    "load_document",
    "loads_document",
    "save_document",
]

MIMETYPE = b"application/x-pancarte+zip"
DOCUMENT_JSON = "document.json"

# Limits a file must respect to be read (and that a save refuses to break).
MAX_MEMBER_SIZE = 64 * 1024 * 1024  # declared uncompressed size of one member
MAX_TOTAL_SIZE = 256 * 1024 * 1024  # sum of the declared sizes of all members
MAX_JSON_SIZE = 16 * 1024 * 1024  # document.json
MAX_MEMBERS = 2000
MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024  # zipfile reads it whole before we see any member
MAX_ARCHIVE_SIZE = MAX_TOTAL_SIZE + 16 * 1024 * 1024
MAX_MIMETYPE_SIZE = 256
MAX_INT_DIGITS = 20  # no field needs more; bigger ints overflow float() in the validator
MAX_FONTS = 8  # font files one document carries
MAX_FONT_SIZE = 20 * 1024 * 1024  # one font file (the identity's limit)
MAX_FAMILY = 64  # characters of a carried font's family name

_IMAGE_MEMBER = re.compile(r"images/[A-Za-z0-9_.-]{1,100}")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_FONT_MEMBER = re.compile(r"fonts/[0-9a-f]{64}\.ttf")
_TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # a fixed date keeps the archive reproducible


def _sha256(data: bytes) -> str:
    import hashlib  # loads OpenSSL's library (~3 ms): only for documents that carry fonts

    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------
# Saving


def save_document(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write ``doc`` to ``path`` atomically: the file is either the new one or untouched.

    An existing file keeps its permission bits (a symlink is followed, not replaced); a new one
    gets the usual mode under the umask. Raises ExportError when the disk refuses (permission,
    missing folder, full disk…) and ValueError when the document itself is inconsistent (a frame
    showing an image it does not hold: a bug, not a user error).
    """
    members = _archive_members(doc)  # inconsistencies raise before the disk is touched
    target = os.path.abspath(os.fspath(path))
    shown = _display(os.path.realpath(target) if os.path.islink(target) else target)
    try:
        write_atomic(target, lambda out: _write_archive(members, out))
    except OSError as exc:
        folder = os.path.dirname(os.path.realpath(target))
        denied = exc.errno in (errno.EACCES, errno.EPERM) and not os.access(folder, os.W_OK)
        raise ExportError(_("cannot save {name}: {reason}", name=shown,
                            reason=_os_reason(exc, folder=folder if denied else None))) from exc


def dumps_document(doc: Document) -> bytes:
    """Return the ``.pancarte`` archive of ``doc`` as bytes (same content as save_document)."""
    buffer = io.BytesIO()
    _write_archive(_archive_members(doc), buffer)
    return buffer.getvalue()


def _archive_members(doc: Document) -> list[tuple[str, bytes, int]]:
    """Return (name, data, compression) for every member, checked so that load accepts them.

    Only the images a frame shows are kept: the others are garbage from earlier edits. A
    document that ``Document.from_dict`` would refuse is a bug in the code that built it:
    ValueError, rather than a file that cannot be opened again.
    """
    referenced = sorted(_referenced_images(doc))
    missing = [name for name in referenced if name not in doc.images]
    if missing:
        raise ValueError(f"frames show images the document does not hold: {', '.join(missing)}")
    content = doc.to_dict()
    try:
        Document.from_dict(content, doc.images)  # never write a file that would not load back
    except DocumentError as exc:
        raise ValueError(f"the document would not load back: {exc}") from exc
    fonts = _font_members(doc)
    if fonts:
        content["fonts"] = [{"family": family, "file": member} for family, member, _d in fonts]
    text = json.dumps(content, ensure_ascii=False, indent=1, allow_nan=False)
    raw = text.encode("utf-8")
    if len(raw) > MAX_JSON_SIZE:
        raise ExportError(_("the document is too large to save ({size} MiB of text and layout, "
                            "at most {limit} MiB)", size=len(raw) // 2**20,
                            limit=MAX_JSON_SIZE // 2**20))
    members = [("mimetype", MIMETYPE, zipfile.ZIP_STORED),
               (DOCUMENT_JSON, raw, zipfile.ZIP_DEFLATED)]
    total = len(MIMETYPE) + len(raw)
    for name in referenced:
        data = doc.images[name]
        if not _is_image_member(name):
            raise ValueError(f"invalid image name in the document: {name!r}")
        if not isinstance(data, bytes) or not data.startswith(_IMAGE_MAGIC):
            raise ValueError(f"image {name!r} is neither a PNG nor a JPEG file")
        if len(data) > MAX_MEMBER_SIZE:
            raise ExportError(_("the image {name} is too large to save (at most {limit} MiB)",
                                name=name, limit=MAX_MEMBER_SIZE // 2**20))
        total += len(data)
        members.append((name, data, zipfile.ZIP_STORED))  # PNG and JPEG are compressed already
    for _family, member, data in fonts:
        if member not in {m[0] for m in members}:
            total += len(data)
            members.append((member, data, zipfile.ZIP_DEFLATED))
    if total > MAX_TOTAL_SIZE:
        raise ExportError(_("the document is too large to save (at most {limit} MiB in all)",
                            limit=MAX_TOTAL_SIZE // 2**20))
    return members


def _write_archive(members: list[tuple[str, bytes, int]], out: IO[bytes]) -> None:
    # No comment, no timestamps, no path but the member names: nothing about the user's machine.
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, compression in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = compression
            info.create_system = 3  # Unix, whatever saved it: same bytes everywhere
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)


def used_families(doc: Document) -> set[str]:
    """The families the text frames name (their own style and their roles' styles)."""
    out = set()
    for page in doc.pages:
        for f in page.frames:
            if isinstance(f, TextFrame):
                out.add(f.style.family)
                out.update(str(s["family"]) for s in f.role_styles.values() if "family" in s)
    return out


def _font_members(doc: Document) -> list[tuple[str, str, bytes]]:
    """(family, member, bytes) of the carried fonts the text uses, in family order; the
    others are left out, like unused images. ValueError for bytes load would refuse."""
    used = used_families(doc)
    out = []
    for family in sorted(f for f in doc.fonts if f in used):
        data = doc.fonts[family]
        if not _is_family_name(family):
            raise ValueError(f"invalid font family name in the document: {family!r}")
        if not isinstance(data, bytes) or not data.startswith(_TRUETYPE_MAGIC):
            raise ValueError(f"font {family!r} is not a TrueType file")
        if len(data) > MAX_FONT_SIZE:
            raise ExportError(_("the font {family} is too large to save (at most {limit} MiB)",
                                family=family, limit=MAX_FONT_SIZE // 2**20))
        out.append((family, f"fonts/{_sha256(data)}.ttf", data))
    if len(out) > MAX_FONTS:
        raise ExportError(_("the document uses too many font files of its own ({count}, at "
                            "most {limit})", count=len(out), limit=MAX_FONTS))
    return out


def _is_family_name(family: str) -> bool:
    return (isinstance(family, str) and 0 < len(family) <= MAX_FAMILY
            and family == family.strip() and not _CONTROL.search(family))


def _referenced_images(doc: Document) -> set[str]:
    return {
        f.image for page in doc.pages for f in page.frames if isinstance(f, ImageFrame) and f.image
    }


def _os_reason(exc: OSError, folder: str | None = None) -> str:
    """:func:`pancarte.files.os_reason`, naming ``folder`` when it refuses a write."""
    if folder is not None and exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied (cannot write in the folder {folder})",
                 folder=_display(folder))
    return _display(os_reason(exc))


# --------------------------------------------------------------------------------------------
# Loading


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read and validate the file at ``path``; raise DocumentError for anything off."""
    shown = _display(os.fspath(path))
    try:
        fp = open_regular(path)
    except FileNotFoundError as exc:
        raise DocumentError(_("cannot read {name}: No such file", name=shown)) from exc
    except IsADirectoryError as exc:
        raise DocumentError(_("cannot read {name}: it is a folder", name=shown)) from exc
    except NotRegularFile as exc:
        raise DocumentError(_("cannot read {name}: not a regular file", name=shown)) from exc
    except OSError as exc:
        raise DocumentError(_("cannot read {name}: {reason}", name=shown,
                              reason=_os_reason(exc))) from exc
    except ValueError as exc:  # a NUL in the path
        raise DocumentError(_("cannot read {name}: not a valid file name", name=shown)) from exc
    with fp:
        return _load(fp, shown, os.fstat(fp.fileno()).st_size)


def loads_document(data: bytes, name: str = "document") -> Document:
    """Read and validate a ``.pancarte`` archive held in memory; ``name`` is used in messages."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"loads_document() wants bytes, not {type(data).__name__}")
    buffer = io.BytesIO(data)
    return _load(buffer, _display(name), buffer.getbuffer().nbytes)


def _load(fp: IO[bytes], name: str, size: int) -> Document:
    if size == 0:
        raise DocumentError(_("cannot open {name}: the file is empty", name=name))
    if size > MAX_ARCHIVE_SIZE:
        raise DocumentError(_("cannot open {name}: the file is too large for a Pancarte "
                              "document", name=name))
    try:
        raw_json, images, font_files = _read_archive(fp, name, size)
    except DocumentError:
        raise
    except Exception as exc:  # whatever zipfile, zlib or the disk raise on damaged bytes
        raise DocumentError(_("cannot open {name}: the file is damaged or truncated",
                              name=name)) from exc
    data = _parse_json(raw_json, name)
    try:
        data = migrations.migrate(data)
        fonts = _carried_fonts(data.pop("fonts", []), font_files)
        doc = Document.from_dict(data, images)
        if fonts:
            used = used_families(doc)
            doc = replace(doc, fonts={k: v for k, v in fonts.items() if k in used})
    except DocumentError as exc:
        raise DocumentError(_("cannot open {name}: {reason}", name=name,
                              reason=_one_line(str(exc)))) from exc
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError,
            OverflowError) as exc:
        # Safety net: from_dict and the migrations should raise DocumentError themselves.
        raise DocumentError(_("cannot open {name}: the document is invalid ({error})",
                              name=name, error=type(exc).__name__)) from exc
    keep = _referenced_images(doc)
    if keep != doc.images.keys():
        doc = replace(doc, images={k: v for k, v in doc.images.items() if k in keep})
    return doc


def _carried_fonts(entries: Any, files: dict[str, bytes]) -> dict[str, bytes]:
    """family → TrueType bytes from the ``fonts`` list of ``document.json`` and the
    ``fonts/`` members; each font checked again as an identity's is (a font, TrueType, its
    licence allowing embedding). DocumentError (its reason) for anything off."""
    from pancarte.fontfiles import IdentityFontError, prepare_font

    if not isinstance(entries, list) or len(entries) > MAX_FONTS:
        raise DocumentError(_("the list of fonts is invalid (at most {limit})", limit=MAX_FONTS))
    fonts: dict[str, bytes] = {}
    for i, entry in enumerate(entries):
        family = entry.get("family") if isinstance(entry, dict) else None
        member = entry.get("file") if isinstance(entry, dict) else None
        if (not isinstance(family, str) or not _is_family_name(family)
                or family in fonts or not isinstance(member, str)):
            raise DocumentError(_("fonts[{index}] is invalid", index=i))
        data = files.get(member)
        if data is None:
            raise DocumentError(_("the font file {member} is missing", member=_cut(member)))
        try:
            prepared = prepare_font(data, family)
        except IdentityFontError as exc:
            raise DocumentError(_("a font it carries cannot be used: {reason}",
                                  reason=str(exc))) from None
        if prepared is not data:  # a CFF font: documents carry TrueType only
            raise DocumentError(_("the font file {member} is not a TrueType font",
                                  member=member))
        fonts[family] = data
    return fonts


def _read_archive(fp: IO[bytes], name: str,
                  size: int) -> tuple[bytes, dict[str, bytes], dict[str, bytes]]:
    """Return the raw document.json, the images and the font files, after checking every
    member's name and size."""
    limits = ZipLimits(members=MAX_MEMBERS, member_size=MAX_MEMBER_SIZE, total=MAX_TOTAL_SIZE,
                       directory=MAX_CENTRAL_DIRECTORY)
    try:
        archive = open_zip(fp, size, limits)
    except ArchiveError as exc:
        raise DocumentError(_refusal(exc, name)) from exc
    with archive:
        infos = archive.infolist()
        seen: set[str] = set()
        for info in infos:
            member = info.filename
            if info.orig_filename != member or _is_unsafe_name(member):
                raise DocumentError(_("cannot open {name}: the archive holds a file with an "
                                      "unsafe name ('{member}')", name=name,
                                      member=_cut(info.orig_filename)))
            if member in seen:
                raise DocumentError(_("cannot open {name}: the archive holds '{member}' twice",
                                      name=name, member=_cut(member)))
            seen.add(member)

        by_name = {info.filename: info for info in infos}
        if "mimetype" in by_name:
            mime = _read_member(archive, by_name["mimetype"], MAX_MIMETYPE_SIZE, name)
            if mime.strip() != MIMETYPE:
                raise DocumentError(_("cannot open {name}: not a Pancarte document (it is "
                                      "another kind of ZIP archive)", name=name))
        if DOCUMENT_JSON not in by_name:
            raise DocumentError(_("cannot open {name}: not a Pancarte document (the archive "
                                  "has no document.json)", name=name))
        raw_json = _read_member(archive, by_name[DOCUMENT_JSON], MAX_JSON_SIZE, name)
        images: dict[str, bytes] = {}
        for info in infos:
            if not _is_image_member(info.filename):
                continue  # unknown but harmless entries (folders, thumbnails…) are ignored
            data = _read_member(archive, info, MAX_MEMBER_SIZE, name)
            if not data.startswith(_IMAGE_MAGIC):
                raise DocumentError(_("cannot open {name}: the image {member} is neither a PNG "
                                      "nor a JPEG file", name=name, member=info.filename))
            images[info.filename] = data
        fonts: dict[str, bytes] = {}
        for info in infos:
            if not _FONT_MEMBER.fullmatch(info.filename):
                continue
            if len(fonts) >= MAX_FONTS:
                raise DocumentError(_("cannot open {name}: it carries too many fonts (at most "
                                      "{limit})", name=name, limit=MAX_FONTS))
            data = _read_member(archive, info, MAX_FONT_SIZE, name)
            if _sha256(data) != info.filename[6:-4]:
                raise DocumentError(_("cannot open {name}: the font file {member} is damaged",
                                      name=name, member=info.filename))
            fonts[info.filename] = data
    return raw_json, images, fonts


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    try:
        return read_member(archive, info, limit)
    except ArchiveError as exc:
        raise DocumentError(_refusal(exc, name)) from exc


def _archive_refusal(exc: ArchiveError, name: str) -> str:
    """The message for an archive :func:`pancarte.files.open_zip` or ``read_member`` refused."""
    member = _cut(exc.member)
    if exc.kind == "directory":
        return _("cannot open {name}: the archive lists too many files", name=name)
    if exc.kind == "not-zip":
        return _("cannot open {name}: not a Pancarte document (not a ZIP archive, or a damaged "
                 "one)", name=name)
    if exc.kind == "members":
        return _("cannot open {name}: the archive holds too many files ({count}, at most "
                 "{limit})", name=name, count=exc.count, limit=MAX_MEMBERS)
    if exc.kind == "declared":
        return _("cannot open {name}: the archive holds a file too large ('{member}', over "
                 "{limit} MiB)", name=name, member=member, limit=MAX_MEMBER_SIZE // 2**20)
    if exc.kind == "member-size":
        return _("cannot open {name}: '{member}' is too large", name=name, member=member)
    if exc.kind in ("total", "ratio"):
        return _("cannot open {name}: the archive is too large once unpacked (over {limit} "
                 "MiB)", name=name, limit=MAX_TOTAL_SIZE // 2**20)
    return _("cannot open {name}: the file is damaged or truncated", name=name)


def _is_unsafe_name(member: str) -> bool:
    """True for a member name that could escape a folder if someone extracted the archive."""
    if not member or member.startswith("/") or "\\" in member or ":" in member:
        return True  # absolute, Windows separators, drive letters ("C:x") and streams
    return any(part in (".", "..") for part in member.split("/"))


def _is_image_member(member: str) -> bool:
    return bool(_IMAGE_MEMBER.fullmatch(member)) and member not in ("images/.", "images/..")


# --------------------------------------------------------------------------------------------
# JSON


class _Refused(ValueError):
    """Raised by the JSON hooks (``constant``, ``too large`` or ``repeated key``, with the
    value at fault); the loader turns it into a DocumentError."""

    def __init__(self, kind: str, value: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.value = value


def _reject_constant(constant: str) -> Any:
    raise _Refused("constant", constant)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("too large")
    return value


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused("too large")
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Refused("repeated key", key)
            seen.add(key)
    return out


def _refusal(exc: _Refused | ArchiveError, name: str) -> str:
    if isinstance(exc, ArchiveError):
        return _archive_refusal(exc, name)
    if exc.kind == "constant":
        return _("cannot open {name}: document.json holds {constant}, which is not a number",
                 name=name, constant=_cut(exc.value))
    if exc.kind == "repeated key":
        return _("cannot open {name}: document.json repeats the key '{key}'", name=name,
                 key=_cut(exc.value))
    return _("cannot open {name}: document.json holds a number too large", name=name)


def _parse_json(raw: bytes, name: str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(_("cannot open {name}: document.json is not UTF-8 text",
                              name=name)) from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_parse_float,
                          parse_int=_parse_int, object_pairs_hook=_unique_keys)
    except _Refused as exc:
        raise DocumentError(_refusal(exc, name)) from exc
    except json.JSONDecodeError as exc:
        # exc.msg is the json module's own wording ("Expecting value"): technical, kept as is
        raise DocumentError(_("cannot open {name}: document.json is not valid JSON ({error}, "
                              "line {line}, column {column})", name=name, error=exc.msg,
                              line=exc.lineno, column=exc.colno)) from exc
    except (ValueError, RecursionError) as exc:
        raise DocumentError(_("cannot open {name}: document.json is not valid JSON (nested too "
                              "deeply or too large)", name=name)) from exc
    if not isinstance(data, dict):
        raise DocumentError(_("cannot open {name}: document.json does not hold a document "
                              "(expected a JSON object)", name=name))
    if data.get("format") != "pancarte":
        raise DocumentError(_("cannot open {name}: not a Pancarte document", name=name))
    if _holds_surrogate(data):
        # "\ud800" escapes decode to text that cannot be written back as UTF-8 or shaped
        raise DocumentError(_("cannot open {name}: document.json holds invalid characters "
                              "(lone surrogates)", name=name))
    return data


def _holds_surrogate(data: Any) -> bool:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# --------------------------------------------------------------------------------------------
# Messages


def _display(text: str | bytes) -> str:
    """``text`` fit for a one-line message: control characters become '?'."""
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return _CONTROL.sub("?", text.encode("utf-8", "replace").decode("utf-8"))


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", text)


def _cut(text: str, limit: int = 60) -> str:
    """``text`` fit for a message (the message puts the quotes), one line, cut to ``limit``
    characters."""
    shown = _display(text)
    return shown if len(shown) <= limit else f"{shown[: limit - 1]}…"
