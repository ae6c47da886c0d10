"""The library's SQLite database: its schema and migrations, opening it safely, and the
short write transactions every change runs in.

A file that is not a Pancarte library — not SQLite, truncated, another program's database, or
a library from a newer Pancarte — raises :class:`LibraryError` and is left exactly as it was:
it is checked through a read-only connection before anything is written. A new library is
built in a temporary file (schema and first content) and moved into place in one step.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from pancarte.i18n import _
from pancarte.library.errors import LibraryError

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


class Database:
    """An open library database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike, *, samples: bool = True,
                 timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self._timeout = timeout
        self._depth = 0
        if not self.path.exists():
            self._create(self.path, samples=samples, timeout=timeout)
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
                    self._first_fill()
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
    def _raw(cls, conn: sqlite3.Connection, path: Path) -> Self:
        lib = cls.__new__(cls)
        lib.path, lib._conn, lib._depth, lib._timeout = path, conn, 0, BUSY_TIMEOUT
        return lib

    @classmethod
    def _create(cls, path: Path, samples: bool, timeout: float) -> None:
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
                lib = cls._raw(conn, tmp)
                lib._migrate()
                if samples:
                    lib._first_fill()
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

    def _first_fill(self) -> None:
        """What a new library holds (a subclass adds the sample tracts)."""

    # ---- life cycle ------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
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
