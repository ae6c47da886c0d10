"""Sharing a library: a zip with one Markdown file per tract and ``library.json``.

``library.json`` holds every tract's id, metadata and blocks — what an import reads — and
names its Markdown file, the copy people read (and the fallback when an entry has no
blocks). Importing merges by id: a tract we do not have is added, a higher revision replaces
ours, anything else keeps ours; a tract whose text we already hold under another id is not
added twice.

Reading is safe against hostile archives: members are read in memory (never extracted), by
the names ``library.json`` gives only when they are plain relative paths, with bounded sizes.
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pancarte.files import write_atomic
from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers import parse_bytes
from pancarte.library.importers.decoding import read_bounded
from pancarte.library.importers.zipped import open_zip, read_member
from pancarte.library.tract import Tract, content_hash, now_iso, to_markdown

if TYPE_CHECKING:
    from pancarte.library.store import Library

FORMAT = "pancarte-library"
FORMAT_VERSION = 1
MAX_ARCHIVE = 200_000_000  # bytes of a shared library zip
MAX_INDEX = 100_000_000  # bytes of library.json, uncompressed
MAX_MARKDOWN = 5_000_000
MAX_TRACTS = 100_000
_MEMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,120}){0,2}")


@dataclass
class MergeReport:
    """What a merge did, tract ids by outcome."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # same revision, other text: ours kept

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": self.conflicts}


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()
    return slug[:40].strip("-") or "tract"


def export_archive(lib: Library, path: str | os.PathLike) -> int:
    """Write every tract of ``lib`` to the zip ``path`` (through a temporary file: a failure
    leaves any previous file untouched); return the number of tracts."""
    tracts = list(lib.tracts())
    buf = io.BytesIO()
    entries = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        used: set[str] = set()
        for t in tracts:
            name = f"tracts/{_slug(t.title)}-{t.id[:8]}.md"
            k = 2
            while name in used:
                name = f"tracts/{_slug(t.title)}-{t.id[:8]}-{k}.md"
                k += 1
            used.add(name)
            zf.writestr(_info(name, t.updated), to_markdown(t))
            entries.append({**t.to_dict(), "file": name})
        index = {"format": FORMAT, "format_version": FORMAT_VERSION, "exported": now_iso(),
                 "tracts": entries}
        zf.writestr(_info("library.json", now_iso()),
                    json.dumps(index, ensure_ascii=False, indent=1))
    _write_atomic(Path(path), buf.getvalue())
    return len(tracts)


def _info(name: str, stamp: str) -> zipfile.ZipInfo:
    try:
        date = (int(stamp[0:4]), int(stamp[5:7]), int(stamp[8:10]), int(stamp[11:13]),
                int(stamp[14:16]), int(stamp[17:19]))
        if date[0] < 1980:
            raise ValueError
    except (ValueError, IndexError):
        date = (1980, 1, 1, 0, 0, 0)
    info = zipfile.ZipInfo(name, date_time=date)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise LibraryError(_("cannot write {path}: {reason}", path=path,
                             reason=exc.strerror or exc)) from None


def read_archive(path: str | os.PathLike) -> list[Tract]:
    """The tracts of a shared library zip, validated. LibraryError when it is not one, or
    is damaged or hostile."""
    p = Path(path)
    data = read_bounded(p, MAX_ARCHIVE)
    return read_archive_bytes(data, p.name)


def read_archive_bytes(data: bytes, name: str) -> list[Tract]:
    zf = open_zip(data, name, members=MAX_TRACTS + 1, member_size=MAX_INDEX,
                  total=MAX_INDEX + MAX_ARCHIVE,
                  not_zip=_("{path} is not a shared library (not a valid zip archive)",
                            path=name))
    with zf:
        infos = {i.filename: i for i in zf.infolist()}
        if "library.json" not in infos:
            raise LibraryError(_("{path} is not a shared library (it has no library.json)",
                                 path=name))
        raw = read_member(zf, "library.json", MAX_INDEX, name)
        try:
            index = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise LibraryError(_("{path} is damaged: library.json cannot be read",
                                 path=name)) from None
        except RecursionError:  # [[[[…]]]] a hundred thousand levels deep
            raise LibraryError(_("{path} is damaged: library.json is nested too deeply",
                                 path=name)) from None
        if not isinstance(index, dict) or index.get("format") != FORMAT:
            raise LibraryError(_("{path} is not a shared library (library.json is not ours)",
                                 path=name))
        version = index.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise LibraryError(_("{path} is damaged: library.json has no valid version",
                                 path=name))
        if version > FORMAT_VERSION:
            raise LibraryError(_("{path} was shared by a newer version of Pancarte; update "
                                 "Pancarte to import it", path=name))
        entries = index.get("tracts")
        if not isinstance(entries, list) or len(entries) > MAX_TRACTS:
            raise LibraryError(_("{path} is damaged: library.json has no valid tract list",
                                 path=name))
        tracts = []
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise LibraryError(_("{path} is damaged: tract {n} is not an object",
                                     path=name, n=i + 1))
            entry = dict(entry)
            if "blocks" not in entry:
                entry["blocks"] = _blocks_from_markdown(zf, infos, entry.get("file"), name)
            entry.pop("file", None)
            tracts.append(Tract.from_dict(entry, where=f"{name}: tracts[{i}]"))
    return tracts


def _blocks_from_markdown(zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
                          member: Any, name: str) -> list[dict[str, Any]]:
    if (not isinstance(member, str) or not _MEMBER.fullmatch(member) or ".." in member
            or member not in infos):
        raise LibraryError(_("{path} is damaged: a tract names no readable file", path=name))
    data = read_member(zf, member, MAX_MARKDOWN, name)
    parsed = parse_bytes(data, member if member.endswith(".md") else member + ".md")
    return [b.to_dict() for b in parsed.blocks]


def merge_archive(lib: Library, path: str | os.PathLike) -> MergeReport:
    """Merge the shared library at ``path`` into ``lib`` (one transaction: all or nothing)."""
    incoming = read_archive(path)
    report = MergeReport()
    stamp = now_iso()
    with lib.transaction():
        for tract in incoming:
            if not tract.created:
                tract = tract.edited(created=stamp, updated=tract.updated or stamp)
            local = lib._fetch(tract.id)
            if local is None:
                twin = lib.find_by_content(tract.blocks)
                if twin is not None:
                    report.unchanged.append(twin.id)
                    continue
                lib.put(tract)
                report.added.append(tract.id)
            elif tract.revision > local.revision:
                lib.put(tract)
                report.updated.append(tract.id)
            elif (tract.revision == local.revision
                  and content_hash(tract.blocks) != content_hash(local.blocks)):
                report.conflicts.append(tract.id)
            else:
                report.unchanged.append(tract.id)
    return report
