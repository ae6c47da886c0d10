"""The tract library on disk: one SQLite database with an FTS5 index.

The database lives in the user's data folder (``library.sqlite3``) unless ``PANCARTE_LIBRARY``
or an explicit path names another file. It runs in WAL mode with a busy timeout, and every
write is a short ``BEGIN IMMEDIATE`` transaction, so the editor and the command line can use
it at the same time.

A file that is not a Pancarte library — not SQLite, truncated, another program's database, or
a library from a newer Pancarte — raises :class:`LibraryError` and is left exactly as it was:
it is checked through a read-only connection before anything is written. A new library is
built in a temporary file (schema and bundled sample tracts) and moved into place in one step.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers import Parsed, read_document
from pancarte.library.search import _key, fts_query
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
BUSY_TIMEOUT = 15.0  # seconds a writer waits for another one

# Each entry brings the schema from version i to i + 1. Never edit a released entry: append.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE tracts (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        content_hash TEXT NOT NULL,
        blocks TEXT NOT NULL
    );
    CREATE INDEX tracts_content_hash ON tracts(content_hash);
    CREATE INDEX tracts_updated ON tracts(updated);
    CREATE VIRTUAL TABLE tract_index USING fts5(
        title, heading, paragraph, list, quote, contact, tags,
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    INSERT INTO tract_index(tract_index, rank)
        VALUES ('rank', 'bm25(8.0, 4.0, 1.0, 1.5, 1.0, 1.0, 4.0)');
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
_TABLES = {"tracts", "tract_index"}
# one row of tract_index per tract, one column per kind of text: a query's words may be found
# in different blocks of a tract, and the best column tells what kind of block matched
INDEX_COLUMNS = ("title", "heading", "paragraph", "list", "quote", "contact", "tags")
_SNIPPETS = ", ".join(f"snippet(tract_index, {k}, '\x02', '\x03', '…', 10)"
                      for k in range(len(INDEX_COLUMNS)))
RANK_ROWS = 1000  # matches ranked by bm25 at most (see Library._ranked_rows)
WINDOW = 2000  # tracts looked at first, newest first, when there are more (ditto)
PHRASE_RANK_TRACTS = 5000  # a library this small ranks phrases by bm25, keeps prefixes
_PHRASE = re.compile(r'"[^"]*\s[^"]*"')  # a quoted phrase of several words
_PREFIX = re.compile(r'"((?:[^"]|"")+)"\*')  # one quoted term with a star, as fts_query writes
_UNIT = re.compile(r'\((?:[^()"]|"(?:[^"]|"")*")*\)|"(?:[^"]|"")*"\*?|NOT')
_PREFIX_TERMS = 64  # a prefix standing for more terms than this stays a prefix


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
class SearchHit:
    """A search result: the tract, the kind of its best matching block and a snippet."""

    id: str
    title: str
    kind: str
    snippet: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.kind, "snippet": self.snippet}


@dataclass(frozen=True)
class ImportOutcome:
    """One file of :meth:`Library.import_files`: its tract (``created`` false when the same
    text was already there) or the error that stopped it."""

    path: str
    tract: Tract | None = None
    created: bool = False
    error: LibraryError | None = None


class Library:
    """An open tract library. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike, *, samples: bool = True,
                 timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self._timeout = timeout
        self._depth = 0
        if not self.path.exists():
            _create(self.path, samples=samples, timeout=timeout)
        needs_init = _check_file(self.path, timeout)
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise LibraryError(_("cannot open the library {path}: {reason}", path=self.path,
                                 reason=exc)) from None
        try:
            self._conn.execute("PRAGMA foreign_keys=ON")
            if needs_init or self._version() < SCHEMA_VERSION:
                self._migrate()
                if needs_init and samples:
                    load_samples(self)
            if self._conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            self._conn.close()
            raise _db_error(self.path, exc) from None
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def _raw(cls, conn: sqlite3.Connection, path: Path) -> Library:
        lib = cls.__new__(cls)
        lib.path, lib._conn, lib._depth, lib._timeout = path, conn, 0, BUSY_TIMEOUT
        return lib

    # ---- life cycle ------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one. Use it
        to group many writes (it makes bulk imports fast)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _db_error(self.path, exc) from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise
        self._depth = 0
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise _db_error(self.path, exc) from None

    def _q(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise _db_error(self.path, exc) from None

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        with self.transaction():
            version = self._version()
            if version > SCHEMA_VERSION:
                raise _newer(self.path, version)
            for step in range(version, SCHEMA_VERSION):
                # executescript would commit our transaction: run statement by statement
                for statement in _statements(MIGRATIONS[step]):
                    self._conn.execute(statement)
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")

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
        rows = self._q("SELECT id FROM tracts WHERE id GLOB ? LIMIT 2", (key + "*",))
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

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Tracts matching ``query``, best first, one hit per tract. Accents and case are
        ignored, the last word is a prefix (``ecol`` finds ``écologie``), ``"…"`` is a phrase
        and ``-word`` excludes; any text is a valid query (nothing matches: ``[]``)."""
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        top = self._q("SELECT max(num) FROM tracts")[0][0] or 0
        expanded = match if top <= PHRASE_RANK_TRACTS else _PREFIX.sub(
            lambda m: self._prefix(m.group(1)), match)
        if expanded != match:  # FTS5 wants AND written out next to a parenthesis
            match = " ".join(_UNIT.findall(expanded))
            match = re.sub(r'(?<=["*)]) (?=[("])', " AND ", match)
        rows = self._ranked_rows(match, limit)
        if not rows:
            return []
        nums = [r[0] for r in rows]
        meta = {num: (tract_id, title) for num, tract_id, title in self._q(
            f"SELECT num, id, title FROM tracts WHERE num IN ({','.join('?' * len(nums))})",
            nums)}
        hits = []
        for num, score, *snippets in rows:
            if num in meta:
                kind, snippet = _best_snippet(tuple(snippets))
                hits.append(SearchHit(meta[num][0], meta[num][1], kind, snippet, float(score)))
        return hits

    def _prefix(self, word: str) -> str:
        """``"word"*`` made cheap. FTS5 merges the doclists of every term a long prefix
        stands for at each statement (15–20 ms for a common stem over 100,000 tracts, and a
        search runs several; a library of PHRASE_RANK_TRACTS tracts or fewer keeps the
        prefix, and bm25 sees it as one term): a complete word most tracts have is searched as that word (the
        longer words it begins would only add to plenty); any other prefix becomes the OR of
        the terms it stands for, read once from the index's vocabulary."""
        key = _key(word.replace('""', '"'))
        star = f'"{word}"*'
        if len(key) < 4 or '"' in key or " " in key:
            return star  # 2- and 3-letter prefixes have their own index: already cheap
        exact = f'"{word}"'
        if self._q("SELECT rowid FROM tract_index WHERE tract_index MATCH ? "
                   "ORDER BY rowid DESC LIMIT 1 OFFSET ?", (exact, RANK_ROWS)):
            return exact
        try:
            self._conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.tract_vocab "
                               "USING fts5vocab(main, tract_index, 'row')")
            terms = [t for (t,) in self._q(
                "SELECT term FROM temp.tract_vocab WHERE term >= ? AND term < ? LIMIT ?",
                (key, key + "\U0010ffff", _PREFIX_TERMS + 1))]
        except sqlite3.Error:
            return star
        if not terms or len(terms) > _PREFIX_TERMS or any('"' in t for t in terms):
            return star  # nothing (the tokenizer may see the word otherwise) or too many
        return "(" + " OR ".join(f'"{t}"' for t in terms) + ")"

    def _ranked_rows(self, match: str, limit: int) -> list[tuple[Any, ...]]:
        """``(rowid, score, snippet per column…)`` of the best ``limit`` matches.

        Nothing here costs in proportion to the library: no count of the matches, no bm25
        over thousands of them (a few µs each), and no bm25 for a phrase in a big library
        (its weight needs the number of tracts having the phrase: a position check in every
        tract having its words, 50–100 ms for ``"le quartier"`` over 100,000 tracts).

        * A query matching at most RANK_ROWS tracts (one row looked up at that offset tells)
          is ranked by bm25 — if it has a phrase, only in a library of PHRASE_RANK_TRACTS
          tracts at most.
        * Otherwise the newest matches are taken, looked for a window of WINDOW tracts at a
          time from the newest (the window growing fourfold), with the title matches of the
          first window before them; those with the words in their title come first, then in
          a heading or the tags, then the others, each newest first (scores -3, -2, -1).

        Snippets are made for the returned rows only (in a ranking query SQLite would make
        them for every match it sorts); they also tell where the words are."""
        top = self._q("SELECT max(num) FROM tracts")[0][0]
        if top is None:
            return []
        ranked = (top <= PHRASE_RANK_TRACTS or not _PHRASE.search(match)) and not self._q(
            "SELECT rowid FROM tract_index WHERE tract_index MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?", (match, RANK_ROWS))
        if ranked:
            rows = self._q("SELECT rowid, rank FROM tract_index WHERE tract_index MATCH ? "
                           "ORDER BY rank LIMIT ?", (match, limit))
            nums = [r[0] for r in rows]
        else:
            nums = self._newest(match, limit, int(top))
        if not nums:
            return []
        snippets = {r[0]: r[1:] for r in self._q(
            f"SELECT rowid, {_SNIPPETS} FROM tract_index WHERE tract_index MATCH ? "
            f"AND rowid IN ({','.join('?' * len(nums))})", (match, *nums))}
        empty = ("",) * len(INDEX_COLUMNS)
        if ranked:
            return [(num, score, *snippets.get(num, empty)) for num, score in rows]

        def score(num: int) -> float:
            found = snippets.get(num, empty)
            if "\x02" in found[0]:
                return -3.0
            return -2.0 if "\x02" in found[1] or "\x02" in found[6] else -1.0

        scored = sorted(((num, score(num)) for num in nums), key=lambda r: r[1])[:limit]
        return [(num, s, *snippets.get(num, empty)) for num, s in scored]

    def _newest(self, match: str, limit: int, top: int) -> list[int]:
        """Rowids of the newest ``limit`` matches (and of the title matches among the first
        window's), newest first: a window of tracts at a time, from the newest."""
        found: list[int] = []
        hi, window = top + 1, max(1, WINDOW)
        first = True
        while hi > 0 and len(found) < limit:
            lo = max(0, hi - window)
            rows = [num for (num,) in self._q(
                "SELECT rowid FROM tract_index WHERE tract_index MATCH ? AND rowid >= ? "
                "AND rowid < ? ORDER BY rowid DESC LIMIT ?", (match, lo, hi, limit))]
            if first and len(rows) == limit:  # more in this window than taken: titles first
                titles = [num for (num,) in self._q(
                    "SELECT rowid FROM tract_index WHERE tract_index MATCH ? AND rowid >= ? "
                    "AND rowid < ? ORDER BY rowid DESC LIMIT ?",
                    (f"{{title}} : ({match})", lo, hi, limit))]
                seen = set(titles)
                rows = titles + [num for num in rows if num not in seen]
            found += rows
            hi, window, first = lo, window * 4, False
        return found

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


def index_texts(tract: Tract) -> list[str]:
    """The text of each column of ``tract_index`` for ``tract`` (debris is not searched)."""
    cols: dict[str, list[str]] = {name: [] for name in INDEX_COLUMNS}
    if tract.title:
        cols["title"].append(tract.title)
    for b in tract.blocks:
        if b.debris or (b.kind == "title" and b.text == tract.title):
            continue
        cols[b.kind].extend(s for s in b.strings() if s.strip())
    cols["tags"] = list(tract.tags)
    return ["\n".join(cols[name]) for name in INDEX_COLUMNS]


def _best_snippet(snippets: tuple[str, ...]) -> tuple[str, str]:
    """The kind of text that matched best (most words found; the earlier column on a tie)
    and its snippet, highlight marks removed."""
    best_k, best_n = 0, -1
    for k, snip in enumerate(snippets):
        n = snip.count("\x02")
        if n > best_n:
            best_k, best_n = k, n
    if not snippets:
        return INDEX_COLUMNS[0], ""
    text = snippets[best_k].replace("\x02", "").replace("\x03", "")
    return INDEX_COLUMNS[best_k], " ".join(text.split())


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
# Opening safely


def _statements(script: str) -> list[str]:
    """Split a migration into statements (``sqlite3.complete_statement`` knows triggers)."""
    out, cur = [], ""
    for line in script.splitlines(keepends=True):
        cur += line
        if sqlite3.complete_statement(cur):
            out.append(cur.strip())
            cur = ""
    if cur.strip():
        out.append(cur.strip())
    return out


def _create(path: Path, samples: bool, timeout: float) -> None:
    """Build a new library next to ``path`` and move it into place, unless another program
    created one meanwhile. A crash leaves no half-made library behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise LibraryError(_("cannot create the library {path}: {reason}", path=path,
                             reason=exc.strerror or exc)) from None
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp, timeout=timeout, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            lib = Library._raw(conn, tmp)
            lib._migrate()
            if samples:
                load_samples(lib)
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another program made it first: use theirs
        except OSError:
            if not path.exists():
                os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise LibraryError(_("cannot create the library {path}: {reason}", path=path,
                             reason=exc)) from None
    except OSError as exc:
        raise LibraryError(_("cannot create the library {path}: {reason}", path=path,
                             reason=exc.strerror or exc)) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{tmp}{suffix}")
            except OSError:
                pass


def _check_file(path: Path, timeout: float) -> bool:
    """Check, without writing, that ``path`` is a Pancarte library this version can use.
    Return True when it is an empty SQLite database still to be initialised; raise
    LibraryError otherwise."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except IsADirectoryError:
        raise LibraryError(_("the library {path} is a folder, not a file", path=path)) from None
    except OSError as exc:
        raise LibraryError(_("cannot open the library {path}: {reason}", path=path,
                             reason=exc.strerror or exc)) from None
    if size == 0:
        raise LibraryError(_("the library {path} is an empty file, not a Pancarte library; it "
                             "was left as it is (move it away to start a new library)",
                             path=path))
    if not header.startswith(b"SQLite format 3\x00") or len(header) < 100:
        raise LibraryError(_("{path} is not a Pancarte library (it is not an SQLite database); "
                             "it was left as it is", path=path))
    _check_size(path, header, size)
    uri = "file:" + _uri_path(path) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout)
    except sqlite3.Error as exc:
        raise _db_error(path, exc) from None
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        if version == 0:
            if tables:
                raise LibraryError(_("{path} is an SQLite database of another program, not a "
                                     "Pancarte library; it was left as it is", path=path))
            return True
        if not _TABLES <= tables:
            raise LibraryError(_("the library {path} is damaged (tables are missing); it was "
                                 "left as it is", path=path))
        conn.execute("SELECT num, id, title, tags, source, created, updated, revision, "
                     "content_hash, blocks FROM tracts LIMIT 1").fetchall()
        conn.execute(f"SELECT {', '.join(INDEX_COLUMNS)} FROM tract_index LIMIT 1").fetchall()
        return False
    except sqlite3.Error as exc:
        raise _db_error(path, exc) from None
    finally:
        conn.close()


def _check_size(path: Path, header: bytes, size: int) -> None:
    """A file shorter than its header says is truncated. (Skipped while a WAL file exists:
    another program may be checkpointing, and the header is then not final.)"""
    for attempt in range(3):
        if Path(f"{path}-wal").exists():
            return
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        valid = header[24:28] == header[92:96] and pages > 0
        if not valid or size >= pages * page_size:
            return
        if attempt < 2:  # another program may be writing this very moment: look again
            time.sleep(0.05)
            try:
                size = path.stat().st_size
                with open(path, "rb") as fh:
                    header = fh.read(100)
            except OSError:
                return
    raise LibraryError(_("the library {path} is damaged: the file is truncated ({size} bytes "
                         "instead of {expected}); it was left as it is", path=path, size=size,
                         expected=pages * page_size))


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.resolve()).replace(os.sep, "/"), safe="/:")


def _newer(path: Path, version: int) -> LibraryError:
    return LibraryError(_("the library {path} was made by a newer version of Pancarte (schema "
                          "{found}, this version reads up to {known}); it was left as it is: "
                          "update Pancarte to use it", path=path, found=version,
                          known=SCHEMA_VERSION))


def _db_error(path: Path, exc: sqlite3.Error) -> LibraryError:
    text = str(exc)
    lower = text.lower()
    if "locked" in lower or "busy" in lower:
        return LibraryError(_("the library {path} is busy (another program is writing to "
                              "it); try again", path=path))
    if "malformed" in lower or "not a database" in lower or "corrupt" in lower:
        return LibraryError(_("the library {path} is damaged ({reason}); it was left as it is",
                              path=path, reason=text))
    return LibraryError(_("cannot use the library {path}: {reason}", path=path, reason=text))


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
