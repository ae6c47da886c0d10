"""Sharing a library: zip export, import and merge, hostile archives."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from pancarte.library.archive import read_archive, read_archive_bytes
from pancarte.library.errors import LibraryError
from pancarte.library.importers import parse_bytes
from pancarte.library.store import open_library
from pancarte.library.tract import Block


def _zip(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _index(tracts: list[dict]) -> str:
    return json.dumps({"format": "pancarte-library", "format_version": 1, "tracts": tracts})


def test_round_trip(tmp_path):
    out = tmp_path / "partage.zip"
    with open_library(tmp_path / "a.db") as a:
        extra = a.create(title="Tract à partager", tags=["x"], blocks=[
            Block("title", text="Tract à partager"),
            Block("list", items=("un", "deux"), numbered=True),
            Block("quote", text="« Citation »", attribution="Quelqu’un"),
            Block("paragraph", text="Partager", debris=True)])
        a.update(extra.id, tags=["x", "y"])
        n = a.export_archive(out)
        originals = {t.id: t for t in a.tracts()}
    assert n == len(originals) == 7
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert "library.json" in names
        md = [x for x in names if x.endswith(".md")]
        assert len(md) == 7 and all(x.startswith("tracts/") for x in md)
        text = zf.read(next(x for x in md if "tract-a-partager" in x)).decode()
    assert text.startswith("# Tract à partager\n") and "1. un" in text and "> — Quelqu’un" in text
    assert "Partager" not in text.replace("partager", "")  # debris is not in the readable copy
    # into an empty library: everything identical, ids and revisions included
    with open_library(tmp_path / "b.db", samples=False) as b:
        report = b.merge_archive(out)
        assert sorted(report.added) == sorted(originals)
        assert {t.id: t for t in b.tracts()} == originals
        again = b.merge_archive(out)
        assert again.added == [] and sorted(again.unchanged) == sorted(originals)


def test_merge_newer_revision_wins(tmp_path):
    shared = tmp_path / "s.zip"
    with open_library(tmp_path / "a.db", samples=False) as a:
        t = a.create(title="Original", blocks=[Block("paragraph", text="v1")])
        a.export_archive(shared)
    with open_library(tmp_path / "b.db", samples=False) as b:
        b.merge_archive(shared)
        b.update(t.id, blocks=[Block("paragraph", text="v2 chez B")])  # revision 2 here
        report = b.merge_archive(shared)  # revision 1 there: ours stays
        assert report.unchanged == [t.id] and b.get(t.id).blocks[0].text == "v2 chez B"
    with open_library(tmp_path / "a.db", samples=False) as a:
        a.update(t.id, blocks=[Block("paragraph", text="v2 chez A")])
        a.update(t.id, blocks=[Block("paragraph", text="v3 chez A")])
        a.export_archive(shared)
    with open_library(tmp_path / "b.db", samples=False) as b:
        report = b.merge_archive(shared)
        assert report.updated == [t.id]
        got = b.get(t.id)
        assert got.revision == 3 and got.blocks[0].text == "v3 chez A"
        assert b.search("chez")[0].id == t.id


def test_merge_conflict_keeps_ours(tmp_path):
    shared = tmp_path / "s.zip"
    with open_library(tmp_path / "a.db", samples=False) as a:
        t = a.create(title="T", blocks=[Block("paragraph", text="v1")])
        a.export_archive(shared)
    with open_library(tmp_path / "b.db", samples=False) as b:
        b.merge_archive(shared)
    with open_library(tmp_path / "a.db", samples=False) as a:
        a.update(t.id, blocks=[Block("paragraph", text="A")])
        a.export_archive(shared)
    with open_library(tmp_path / "b.db", samples=False) as b:
        b.update(t.id, blocks=[Block("paragraph", text="B")])
        report = b.merge_archive(shared)
        assert report.conflicts == [t.id] and b.get(t.id).blocks[0].text == "B"


def test_same_text_under_another_id_is_not_added_twice(tmp_path):
    shared = tmp_path / "s.zip"
    with open_library(tmp_path / "a.db", samples=False) as a:
        a.create(title="T", blocks=[Block("paragraph", text="Même texte.")])
        a.export_archive(shared)
    with open_library(tmp_path / "b.db", samples=False) as b:
        mine = b.create(title="T", blocks=[Block("paragraph", text="Même texte.")])
        report = b.merge_archive(shared)
        assert report.added == [] and report.unchanged == [mine.id] and b.count() == 1


def test_markdown_only_entries_are_parsed(tmp_path):
    data = _zip({"library.json": _index([{"id": "abcdef123456", "title": "Depuis le md",
                                         "file": "tracts/t.md"}]),
                 "tracts/t.md": "# Depuis le md\n\n- un\n- deux\n"})
    tracts = read_archive_bytes(data, "x.zip")
    assert [b.kind for b in tracts[0].blocks] == ["title", "list"]


@pytest.mark.parametrize("members, needle", [
    ({"x.txt": "hello"}, "no library.json"),
    ({"library.json": "{not json"}, "cannot be read"),
    ({"library.json": json.dumps({"format": "other"})}, "not ours"),
    ({"library.json": json.dumps({"format": "pancarte-library", "format_version": 9,
                                  "tracts": []})}, "newer version"),
    ({"library.json": _index([{"id": "../../etc", "title": "x", "blocks": []}])},
     "not a valid tract id"),
    ({"library.json": _index([{"id": "abcdef1234", "title": "x",
                               "file": "../../evil.md"}])}, "names no readable file"),
    ({"library.json": _index([{"id": "abcdef1234", "title": "x", "file": "/etc/passwd"}])},
     "names no readable file"),
    ({"library.json": _index([{"id": "abcdef1234", "title": "x", "blocks": [
        {"kind": "script", "text": "x"}]}])}, "must be one of"),
    ({"library.json": _index([{"id": "abcdef1234", "title": 3, "blocks": []}])},
     "expected text"),
    ({"library.json": _index([{"id": "abcdef1234", "title": "x", "revision": -1, "blocks": []}])},
     "positive whole number"),
    ({"library.json": _index(["not an object"])}, "not an object"),
])
def test_hostile_archives_are_refused(tmp_path, members, needle):
    data = _zip(members)
    with pytest.raises(LibraryError, match=needle):
        read_archive_bytes(data, "hostile.zip")


def test_archive_is_never_extracted(tmp_path):
    evil = tmp_path / "sub" / "evil.zip"
    evil.parent.mkdir()
    evil.write_bytes(_zip({"../../pwned.txt": "x", "/abs.txt": "y",
                           "library.json": _index([])}))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with open_library(tmp_path / "l.db", samples=False) as lib:
        report = lib.merge_archive(evil)
    assert report.added == []
    after = sorted(p.name for p in tmp_path.rglob("*"))
    assert set(after) - set(before) <= {"l.db", "l.db-wal", "l.db-shm"}


def test_archive_bomb_is_refused(tmp_path):
    bomb = _zip({"library.json": b" " * 120_000_000})
    with pytest.raises(LibraryError, match="too large"):
        read_archive_bytes(bomb, "bomb.zip")


def test_not_a_zip(tmp_path):
    p = tmp_path / "x.zip"
    p.write_bytes(b"not a zip at all")
    with pytest.raises(LibraryError, match="not a valid zip"):
        read_archive(p)


def test_a_shared_library_given_as_a_text_is_recognised():
    data = _zip({"library.json": _index([])})
    with pytest.raises(LibraryError, match="shared library"):
        parse_bytes(data, "partage.dat")


def test_failed_merge_changes_nothing(tmp_path):
    data = _zip({"library.json": _index([
        {"id": "abcdef1234", "title": "ok", "blocks": []},
        {"id": "bad id!", "title": "x", "blocks": []}])})
    p = tmp_path / "half.zip"
    p.write_bytes(data)
    with open_library(tmp_path / "l.db", samples=False) as lib:
        with pytest.raises(LibraryError):
            lib.merge_archive(p)
        assert lib.count() == 0


def test_export_failure_leaves_no_file(tmp_path):
    with open_library(tmp_path / "l.db", samples=False) as lib:
        with pytest.raises(LibraryError, match="cannot write"):
            lib.export_archive(tmp_path / "missing-dir" / "x.zip")
