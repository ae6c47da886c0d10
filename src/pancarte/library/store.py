"""The tract library on disk: one SQLite database with an FTS5 index.

The database lives in the user's data folder (``library.sqlite3``) unless ``PANCARTE_LIBRARY``
or an explicit path names another file. It runs in WAL mode with a busy timeout, and every
write is a short ``BEGIN IMMEDIATE`` transaction, so the editor and the command line can use
it at the same time.

:class:`Library` is built in layers: :mod:`~pancarte.library.database` opens the file safely
(schema, migrations, damaged or foreign files left as they are), :mod:`~pancarte.library.ranking`
searches it, and this module reads and writes tracts, imports files and loads the samples.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pancarte.i18n import _
from pancarte.library.database import INDEX_COLUMNS, SCHEMA_VERSION
from pancarte.library.errors import LibraryError
from pancarte.library.importers import Parsed, read_document
from pancarte.library.ranking import SearchHit, Searching, index_texts
from pancarte.library.tract import (
    ID_RE,
    Block,
    Tract,
    content_hash,
    guess_title,
    normalize_tags,
    now_iso,
)

ENV_VAR = "PANCARTE_LIBRARY"
FILE_NAME = "library.sqlite3"
MIN_PREFIX = 6  # characters of an id that may stand for it


def default_path(environ: dict[str, str] | None = None) -> Path:
    """``$PANCARTE_LIBRARY``, else ``library.sqlite3`` in the user's data folder."""
    env = os.environ if environ is None else environ
    value = env.get(ENV_VAR, "").strip()
    if value:
        return Path(os.path.expanduser(value))
    import platformdirs

    return Path(platformdirs.user_data_dir("pancarte", appauthor=False)) / FILE_NAME


def open_library(path: str | os.PathLike | None = None, *, samples: bool = True) -> Library:
    """Open the library at ``path`` (default: :func:`default_path`), creating it — with the
    bundled sample tracts unless ``samples`` is false — when no file is there."""
    return Library(default_path() if path is None else Path(path), samples=samples)


@dataclass(frozen=True)
class TractInfo:
    """A line of ``library list``."""

    id: str
    title: str
    tags: tuple[str, ...]
    updated: str
    revision: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "tags": list(self.tags),
                "updated": self.updated}


@dataclass(frozen=True)
class ImportOutcome:
    """One file of :meth:`Library.import_files`: its tract (``created`` false when the same
    text was already there) or the error that stopped it."""

    path: str
    tract: Tract | None = None
    created: bool = False
    error: LibraryError | None = None


class Library(Searching):
    """An open tract library. Use as a context manager, or call :meth:`close`."""

    def _first_fill(self) -> None:
        load_samples(self)

    # ---- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._q("SELECT count(*) FROM tracts")[0][0])

    def resolve(self, id_or_prefix: str) -> str:
        """The full id of the one tract whose id starts with ``id_or_prefix`` (at least 6
        characters). LibraryError when none or several match."""
        key = id_or_prefix.strip()
        if len(key) < MIN_PREFIX:
            raise LibraryError(_("give at least {n} characters of a tract id", n=MIN_PREFIX))
        if not ID_RE.fullmatch(key[:64]) or len(key) > 64:
            raise LibraryError(_("no tract with the id {id}", id=key))
        rows = self._q("SELECT id FROM tracts WHERE id GLOB ? ORDER BY id LIMIT 2",
                       (key + "*",))
        if not rows:
            raise LibraryError(_("no tract with the id {id}", id=key))
        if len(rows) > 1 and rows[0][0] != key:
            raise LibraryError(_("several tracts have an id starting with {id}: give more "
                                 "characters", id=key))
        return rows[0][0]  # the exact id sorts first

    def get(self, id_or_prefix: str) -> Tract:
        tract_id = self.resolve(id_or_prefix)
        tract = self._fetch(tract_id)
        if tract is None:  # removed meanwhile by another program
            raise LibraryError(_("no tract with the id {id}", id=id_or_prefix))
        return tract

    def _fetch(self, tract_id: str) -> Tract | None:
        rows = self._q("SELECT id, title, tags, source, created, updated, revision, blocks "
                       "FROM tracts WHERE id = ?", (tract_id,))
        return _row_to_tract(self.path, rows[0]) if rows else None

    def find_by_content(self, blocks: Iterable[Block]) -> Tract | None:
        rows = self._q("SELECT id FROM tracts WHERE content_hash = ? ORDER BY created LIMIT 1",
                       (content_hash(tuple(blocks)),))
        return self._fetch(rows[0][0]) if rows else None

    def list_tracts(self) -> list[TractInfo]:
        """Every tract, most recently changed first."""
        rows = self._q("SELECT id, title, tags, updated, revision FROM tracts "
                       "ORDER BY updated DESC, title, id")
        return [TractInfo(r[0], r[1], tuple(_json_list(self.path, r[2])), r[3], r[4])
                for r in rows]

    def tracts(self) -> Iterator[Tract]:
        """Every tract, oldest first (for exports)."""
        rows = self._q("SELECT id, title, tags, source, created, updated, revision, blocks "
                       "FROM tracts ORDER BY created, id")
        for r in rows:
            yield _row_to_tract(self.path, r)

    # ---- writing ---------------------------------------------------------------------------

    def create(self, title: str = "", blocks: Iterable[Block] = (), tags: Iterable[str] = (),
               source: str = "") -> Tract:
        """A new tract (a fresh random id, revision 1)."""
        blocks = tuple(blocks)
        stamp = now_iso()
        tract = Tract.from_dict({
            "id": uuid.uuid4().hex, "title": title or guess_title(blocks, source),
            "tags": list(normalize_tags(tags)), "source": source, "created": stamp,
            "updated": stamp, "revision": 1, "blocks": [b.to_dict() for b in blocks]})
        with self.transaction():
            self._insert(tract)
        return tract

    def add_parsed(self, parsed: Parsed, source: str = "", tags: Iterable[str] = (),
                   drop_debris: bool = False) -> tuple[Tract, bool]:
        """Store an imported text; return ``(tract, created)``. The same blocks imported again
        return the tract already there (with the new tags added)."""
        if drop_debris:
            parsed = parsed.without_debris()
        blocks = parsed.blocks
        tags = normalize_tags(tags)
        digest = content_hash(blocks)
        with self.transaction():
            rows = self._q("SELECT id FROM tracts WHERE content_hash = ? ORDER BY created "
                           "LIMIT 1", (digest,))
            if rows:
                tract = self._fetch(rows[0][0])
                assert tract is not None
                merged = normalize_tags((*tract.tags, *tags))
                if merged != tract.tags:
                    tract = self.update(tract.id, tags=merged)
                return tract, False
            tract_id = digest[:32]
            if self._q("SELECT 1 FROM tracts WHERE id = ?", (tract_id,)):
                tract_id = uuid.uuid4().hex
            stamp = now_iso()
            tract = Tract.from_dict({  # validated: what is stored can always be read back
                "id": tract_id, "title": (parsed.title or guess_title(blocks, source))[:500],
                "tags": list(tags), "source": source[:255], "created": stamp,
                "updated": stamp, "revision": 1, "blocks": [b.to_dict() for b in blocks]})
            self._insert(tract)
        return tract, True

    def import_file(self, path: str | os.PathLike, tags: Iterable[str] = (),
                    drop_debris: bool = False) -> tuple[Tract, bool]:
        """Import a text, Markdown, .odt or .docx file; return ``(tract, created)``."""
        parsed = read_document(path)
        return self.add_parsed(parsed, Path(path).name, tags, drop_debris)

    def import_files(self, paths: Iterable[str | os.PathLike], tags: Iterable[str] = (),
                     drop_debris: bool = False,
                     progress: Callable[[int, int, str], None] | None = None,
                     ) -> list[ImportOutcome]:
        """Import many files; a file that fails does not stop the others. ``progress(done,
        total, name)`` is called before each file."""
        names = [str(p) for p in paths]
        tags = normalize_tags(tags)
        out: list[ImportOutcome] = []
        for k, p in enumerate(names):
            if progress is not None:
                progress(k, len(names), p)
            try:
                tract, created = self.import_file(p, tags, drop_debris)
            except LibraryError as exc:
                out.append(ImportOutcome(p, error=exc))
            else:
                out.append(ImportOutcome(p, tract, created))
        if progress is not None:
            progress(len(names), len(names), "")
        return out

    def update(self, id_or_prefix: str, *, title: str | None = None,
               tags: Iterable[str] | None = None, blocks: Iterable[Block] | None = None,
               expected_revision: int | None = None) -> Tract:
        """Edit a tract's title, tags or blocks; the revision grows by one when something
        changed. With ``expected_revision``, fail rather than overwrite a newer edit."""
        with self.transaction():
            tract = self.get(id_or_prefix)
            if expected_revision is not None and tract.revision != expected_revision:
                raise LibraryError(_("the tract {id} was changed meanwhile (revision {rev})",
                                     id=tract.id[:12], rev=tract.revision))
            data = tract.to_dict()
            if title is not None:
                data["title"] = title.strip()
            if tags is not None:
                data["tags"] = list(normalize_tags(tags))
            if blocks is not None:
                data["blocks"] = [b.to_dict() for b in blocks]
            new = Tract.from_dict(data)
            if new == tract:
                return tract
            new = new.edited(revision=tract.revision + 1, updated=now_iso())
            self._replace(new)
        return new

    def remove(self, id_or_prefix: str) -> Tract:
        with self.transaction():
            tract = self.get(id_or_prefix)
            num = self._q("SELECT num FROM tracts WHERE id = ?", (tract.id,))[0][0]
            self._q("DELETE FROM tract_index WHERE rowid = ?", (num,))
            self._q("DELETE FROM tracts WHERE num = ?", (num,))
        return tract

    def put(self, tract: Tract) -> None:
        """Store ``tract`` as it is (id, revision and times included), replacing any tract
        with its id: what merging a shared library does."""
        with self.transaction():
            if self._q("SELECT 1 FROM tracts WHERE id = ?", (tract.id,)):
                self._replace(tract)
            else:
                self._insert(tract)

    def _insert(self, tract: Tract) -> None:
        self._q("INSERT INTO tracts (id, title, tags, source, created, updated, revision, "
                "content_hash, blocks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (tract.id, tract.title, _dump(list(tract.tags)), tract.source, tract.created,
                 tract.updated, tract.revision, tract.content_hash,
                 _dump([b.to_dict() for b in tract.blocks])))
        self._index(tract)

    def _replace(self, tract: Tract) -> None:
        self._q("UPDATE tracts SET title = ?, tags = ?, source = ?, created = ?, updated = ?, "
                "revision = ?, content_hash = ?, blocks = ? WHERE id = ?",
                (tract.title, _dump(list(tract.tags)), tract.source, tract.created,
                 tract.updated, tract.revision, tract.content_hash,
                 _dump([b.to_dict() for b in tract.blocks]), tract.id))
        self._index(tract)

    def _index(self, tract: Tract) -> None:
        num = self._q("SELECT num FROM tracts WHERE id = ?", (tract.id,))[0][0]
        self._q("DELETE FROM tract_index WHERE rowid = ?", (num,))
        self._q(f"INSERT INTO tract_index (rowid, {', '.join(INDEX_COLUMNS)}) "
                f"VALUES (?{', ?' * len(INDEX_COLUMNS)})", (num, *index_texts(tract)))

    # ---- sharing ---------------------------------------------------------------------------

    def export_archive(self, path: str | os.PathLike) -> int:
        """Write the library as a zip (Markdown files and ``library.json``); return the
        number of tracts."""
        from pancarte.library.archive import export_archive

        return export_archive(self, path)

    def merge_archive(self, path: str | os.PathLike):
        """Merge a shared library (a zip from :meth:`export_archive`); see
        :func:`pancarte.library.archive.merge_archive`."""
        from pancarte.library.archive import merge_archive

        return merge_archive(self, path)


# ---------------------------------------------------------------------------------------------
# Samples


def sample_files() -> list[Path]:
    """The bundled sample tracts (``assets/library``), in their listed order."""
    from pancarte.assets import assets_dir

    folder = assets_dir() / "library"
    index = folder / "samples.json"
    try:
        listed = json.loads(index.read_text("utf-8"))
    except (OSError, ValueError):
        listed = {}
    files = [folder / name for name in listed if (folder / name).is_file()]
    files += sorted(p for p in folder.glob("*") if p.suffix in (".md", ".txt") and p not in files)
    return files


def load_samples(lib: Library) -> list[Tract]:
    """Import the bundled sample tracts (tagged ``exemple``) into ``lib``."""
    from pancarte.assets import assets_dir

    try:
        meta = json.loads((assets_dir() / "library" / "samples.json").read_text("utf-8"))
    except (OSError, ValueError, FileNotFoundError):
        meta = {}
    out = []
    with lib.transaction():
        for path in sample_files():
            tags = ["exemple", *meta.get(path.name, {}).get("tags", [])]
            tract, _created = lib.import_file(path, tags=tags)
            out.append(tract)
    return out


# ---------------------------------------------------------------------------------------------
# Rows


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_list(path: Path, text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise LibraryError(_("the library {path} is damaged (a tract's data cannot be read)",
                             path=path)) from None
    if not isinstance(value, list):
        raise LibraryError(_("the library {path} is damaged (a tract's data cannot be read)",
                             path=path))
    return value


def _row_to_tract(path: Path, row: tuple[Any, ...]) -> Tract:
    tract_id, title, tags, source, created, updated, revision, blocks = row
    return Tract.from_dict({
        "id": tract_id, "title": title, "tags": _json_list(path, tags), "source": source,
        "created": created, "updated": updated, "revision": revision,
        "blocks": _json_list(path, blocks)})


__all__ = ["SCHEMA_VERSION", "ImportOutcome", "Library", "SearchHit", "TractInfo", "default_path",
           "load_samples", "open_library", "sample_files"]
