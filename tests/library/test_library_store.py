"""The store: creation with samples, tracts' life, ids, damaged databases, two processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from library_support import assert_nothing_lost

from pancarte.library.errors import LibraryError
from pancarte.library.importers import read_document
from pancarte.library.store import (
    SCHEMA_VERSION,
    default_path,
    open_library,
    sample_files,
)
from pancarte.library.tract import Block, Tract


def test_default_path_follows_env(tmp_path):
    assert default_path({"PANCARTE_LIBRARY": str(tmp_path / "x.db")}) == tmp_path / "x.db"
    assert default_path({}).name == "library.sqlite3"
    assert "pancarte" in str(default_path({}))


def test_default_library_is_the_env_one(lib_path):
    with open_library() as lib:
        assert lib.path == lib_path
    assert lib_path.exists()


def test_new_library_has_the_samples(lib_path):
    with open_library(lib_path) as lib:
        infos = lib.list_tracts()
        assert len(infos) == len(sample_files()) >= 6
        assert all("exemple" in t.tags for t in infos)
        version = lib._conn.execute("PRAGMA user_version").fetchone()[0]
        mode = lib._conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert version == SCHEMA_VERSION and mode == "wal"
    # no temporary file left behind
    assert sorted(p.name for p in lib_path.parent.iterdir()
                  if p.name.startswith(".library")) == []


def test_sample_ids_are_the_same_everywhere(tmp_path):
    with open_library(tmp_path / "a.db") as a, open_library(tmp_path / "b.db") as b:
        assert [t.id for t in a.list_tracts()] and sorted(t.id for t in a.list_tracts()) == sorted(
            t.id for t in b.list_tracts())


def test_library_without_samples(tmp_path):
    with open_library(tmp_path / "empty.db", samples=False) as lib:
        assert lib.count() == 0 and lib.list_tracts() == []


def test_import_then_reimport_returns_the_same_tract(tmp_path):
    src = tmp_path / "appel.txt"
    src.write_text("Grève !\n\nSoutenons les grévistes.\n\nContact : c@example.org\n", "utf-8")
    with open_library(tmp_path / "l.db", samples=False) as lib:
        t1, created1 = lib.import_file(src, tags=["grève"])
        # the same text, otherwise encoded and wrapped
        other = tmp_path / "copie.txt"
        other.write_bytes("Grève !\r\n\r\nSoutenons   les grévistes.\r\n\r\nContact : "
                          "c@example.org\r\n".encode("cp1252"))
        t2, created2 = lib.import_file(other, tags=["soutien"])
        assert created1 and not created2
        assert t2.id == t1.id
        assert t2.tags == ("grève", "soutien") and t2.revision == 2
        assert lib.count() == 1
        assert t1.source == "appel.txt"
        assert t1.created.endswith("Z") and "T" in t1.created


def test_tract_json_round_trip(tmp_path):
    with open_library(tmp_path / "l.db") as lib:
        for info in lib.list_tracts():
            t = lib.get(info.id)
            assert Tract.from_dict(t.to_dict()) == t


def test_create_edit_remove(tmp_path):
    with open_library(tmp_path / "l.db", samples=False) as lib:
        t = lib.create(title="Nouveau", blocks=[Block("paragraph", text="Texte.")],
                       tags=["a", "A", " b  c "])
        assert t.revision == 1 and t.tags == ("a", "b c") and len(t.id) == 32
        t2 = lib.update(t.id, title="Renommé", blocks=[*t.blocks, Block("contact", text="x@y.org")])
        assert t2.revision == 2 and t2.title == "Renommé" and len(t2.blocks) == 2
        assert t2.created == t.created and t2.updated >= t.updated
        assert lib.update(t.id, title="Renommé") == t2  # no change, no new revision
        with pytest.raises(LibraryError, match="changed meanwhile"):
            lib.update(t.id, title="Encore", expected_revision=1)
        assert lib.search("renomme")[0].id == t.id
        removed = lib.remove(t.id[:8])
        assert removed.id == t.id and lib.count() == 0
        assert lib.search("renomme") == []
        with pytest.raises(LibraryError, match="no tract"):
            lib.get(t.id)


def test_id_prefixes(tmp_path):
    with open_library(tmp_path / "l.db", samples=False) as lib:
        a = lib.create(title="A")
        # the twin shares a's first 10 characters and differs from the 11th on (a random id
        # may well have a "0" there: 1 in 16)
        other = "1" if a.id[10] == "0" else "0"
        twin = a.id[:10] + other * 22
        lib.put(Tract(id=twin, title="Twin", created=a.created, updated=a.created))
        with pytest.raises(LibraryError, match="several"):
            lib.resolve(a.id[:8])
        assert lib.resolve(a.id[:11]) == a.id
        assert lib.resolve(twin[:11]) == twin
        assert lib.resolve(a.id) == a.id
        with pytest.raises(LibraryError, match="at least 6"):
            lib.resolve("abc")
        with pytest.raises(LibraryError, match="no tract"):
            lib.resolve("zzzzzzzz")
        with pytest.raises(LibraryError, match="no tract"):
            lib.resolve("abc*de[f]")


def test_drop_debris(tmp_path):
    src = tmp_path / "web.txt"
    src.write_text("Titre\n\nTexte.\n\nRetour en haut\n", "utf-8")
    with open_library(tmp_path / "l.db", samples=False) as lib:
        kept, _ = lib.import_file(src)
        dropped, _ = lib.import_file(src, drop_debris=True)
    assert kept.blocks[-1].debris and not any(b.debris for b in dropped.blocks)
    assert kept.id != dropped.id


def test_import_files_reports_each_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Titre\n\nTexte.\n", "utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    seen = []
    with open_library(tmp_path / "l.db", samples=False) as lib:
        out = lib.import_files([good, bad], progress=lambda k, n, name: seen.append((k, n)))
    assert out[0].tract is not None and out[0].created and out[0].error is None
    assert out[1].tract is None and "empty" in str(out[1].error)
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_samples_lose_nothing():
    for path in sample_files():
        parsed = read_document(path)
        assert_nothing_lost(path.read_text("utf-8"), parsed)


def test_samples_cover_every_shape():
    blocks = [b for p in sample_files() for b in read_document(p).blocks]
    kinds = {b.kind for b in blocks}
    assert kinds == {"title", "heading", "paragraph", "list", "quote", "contact"}
    assert any(b.kind == "list" and b.numbered for b in blocks)
    assert any(b.kind == "list" and not b.numbered for b in blocks)
    assert any(b.kind == "quote" and b.attribution for b in blocks)
    assert any(b.debris for b in blocks)
    text = "\n".join(s for b in blocks for s in b.strings())
    assert "#" in text and "'" in text and "’" in text and '"' in text and "«" in text
    sources = "\n".join(p.read_text("utf-8") for p in sample_files())
    for shape in ("\n— ", "\n-- ", "\n• ", "\n1 – ", "\n2) ", "\n1. ", "\n– "):
        assert shape in sources, shape
    assert len(sample_files()) >= 6


# ---------------------------------------------------------------------------------------------
# Damaged or foreign databases: a clear error, the file untouched


def _make_library(path):
    with open_library(path):
        pass
    return path.read_bytes()


def _damaged_cases(tmp_path):
    cases = {}
    p = tmp_path / "random.db"
    p.write_bytes(os.urandom(20_000))
    cases["random"] = (p, "not an SQLite database")
    p = tmp_path / "sqlite-garbage.db"
    p.write_bytes(b"SQLite format 3\x00" + os.urandom(20_000))
    cases["garbage"] = (p, "")
    for size in (50, 4096, None):
        p = tmp_path / f"truncated-{size}.db"
        data = _make_library(p)
        p.write_bytes(data[: size if size is not None else len(data) // 2])
        cases[f"truncated-{size}"] = (p, "" if size == 50 else "truncated")
    p = tmp_path / "empty.db"
    p.write_bytes(b"")
    cases["empty"] = (p, "empty")
    p = tmp_path / "future.db"
    _make_library(p)
    with sqlite3.connect(p) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    cases["future"] = (p, "newer version")
    p = tmp_path / "foreign.db"
    with sqlite3.connect(p) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    cases["foreign"] = (p, "another program")
    p = tmp_path / "no-tables.db"
    _make_library(p)
    with sqlite3.connect(p) as conn:
        conn.execute("DROP TABLE tracts")
    conn.close()
    cases["missing-table"] = (p, "damaged")
    return cases


def test_damaged_databases_are_refused_and_untouched(tmp_path):
    for name, (path, needle) in _damaged_cases(tmp_path).items():
        before = path.read_bytes()
        with pytest.raises(LibraryError) as info:
            with open_library(path) as lib:
                lib.create(title="should never be written")
        message = str(info.value)
        assert str(path) in message, name
        assert needle in message, (name, message)
        assert path.read_bytes() == before, name


def test_empty_sqlite_database_is_initialised(tmp_path):
    path = tmp_path / "blank.db"
    with sqlite3.connect(path) as conn:  # an SQLite file with a header and nothing in it
        conn.execute("CREATE TABLE t (x)")
        conn.execute("DROP TABLE t")
    conn.close()
    assert path.stat().st_size > 0
    with open_library(path) as lib:
        assert lib.count() >= 6


def test_migration_from_an_older_schema(tmp_path, monkeypatch):
    """A database at version 1 is brought to a (pretend) version 2 on opening."""
    from pancarte.library import database, store

    path = tmp_path / "old.db"
    _make_library(path)
    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS,
                                                 "CREATE TABLE extra (x INTEGER);"])
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(database.MIGRATIONS))
    with store.open_library(path) as lib:
        assert lib._conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert lib._conn.execute("SELECT count(*) FROM extra").fetchone()[0] == 0


def test_library_path_is_a_folder(tmp_path):
    with pytest.raises(LibraryError, match="folder"):
        open_library(tmp_path)


# ---------------------------------------------------------------------------------------------
# Two processes at once

WRITER = textwrap.dedent("""
    import os, sys, time
    from pancarte.library.store import open_library
    from pancarte.library.tract import Block
    path, go, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    while not os.path.exists(go):
        time.sleep(0.005)
    end = time.monotonic() + seconds
    kept = i = 0
    while time.monotonic() < end:
        with open_library(path) as lib:
            t = lib.create(title=f"Tract {os.getpid()} {i}",
                           blocks=[Block("paragraph", text=f"écologie {i}")])
            lib.update(t.id, tags=["boucle"])
            if i % 3 == 0:
                lib.remove(t.id)
            else:
                kept += 1
        i += 1
    print("writer", i, kept)
""")

READER = textwrap.dedent("""
    import os, sys, time
    from pancarte.library.errors import LibraryError
    from pancarte.library.store import open_library
    path, go, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    while not os.path.exists(go):
        time.sleep(0.005)
    end = time.monotonic() + seconds
    i = seen = 0
    while time.monotonic() < end:
        with open_library(path) as lib:
            seen = max(seen, len(lib.search("ecol")))
            for info in lib.list_tracts()[:3]:
                try:
                    lib.get(info.id)
                except LibraryError:  # removed meanwhile by a writer: fine
                    continue
        i += 1
    print("reader", i, seen)
""")


def test_two_processes_at_once(tmp_path):
    """Two writers and a reader, each opening the library again and again for 1.5 s."""
    path = tmp_path / "shared.db"
    _make_library(path)
    go = tmp_path / "go"
    env = dict(os.environ, PANCARTE_LANG="en")
    scripts = [WRITER, WRITER, READER]
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), str(go), "1.5"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for script in scripts]
    go.write_text("go")
    results = [p.communicate(timeout=120) for p in procs]
    kept = 0
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "busy" not in err and "Traceback" not in err
        role, iterations, value = out.split()
        assert int(iterations) >= 10, out  # they did run side by side for a while
        if role == "writer":
            kept += int(value)
    with open_library(path) as lib:
        assert len([t for t in lib.list_tracts() if t.title.startswith("Tract ")]) == kept
