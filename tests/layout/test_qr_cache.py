"""QR matrices are kept in the user's cache folder: a content encoded once is read back without
importing qrcode (the editor's start and each compose skip it), the same modules as encoding
it; a damaged, foreign or stale entry is never trusted, and a cache that cannot be written
changes nothing."""

from __future__ import annotations

import marshal
import subprocess
import sys

import pytest

from pancarte.layout import qr

CONTENT = "https://exemple.org/assemblée-générale?quartier=Belleville&heure=18h30"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path / "cache"))
    qr.qr_matrix.cache_clear()
    yield tmp_path / "cache" / "qr"
    qr.qr_matrix.cache_clear()


def entries(folder):
    return sorted(folder.iterdir()) if folder.exists() else []


def test_second_encoding_reads_the_cache_and_matches(cache):
    fresh = qr._encode(CONTENT, "Q")
    assert qr.qr_matrix(CONTENT, "Q") == fresh
    [entry] = entries(cache)
    assert not entry.name.startswith(".")  # no temporary file left
    qr.qr_matrix.cache_clear()
    assert qr.qr_matrix(CONTENT, "Q") == fresh
    # another level is another matrix, another entry
    assert qr.qr_matrix(CONTENT, "H") == qr._encode(CONTENT, "H") != fresh
    assert len(entries(cache)) == 2


def test_a_new_process_does_not_import_qrcode_on_a_hit(cache):
    qr.qr_matrix(CONTENT)
    assert entries(cache)
    code = (f"import sys; from pancarte.layout.qr import qr_matrix; m = qr_matrix({CONTENT!r}); "
            "print(len(m), 'qrcode' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.split() == [str(len(qr._encode(CONTENT, "M"))), "False"]


@pytest.mark.parametrize("damage", ["garbage", "other content", "wrong size", "big row"])
def test_a_bad_entry_is_ignored(cache, damage):
    fresh = qr._encode(CONTENT, "M")
    qr.qr_matrix(CONTENT)
    [entry] = entries(cache)
    version, ecc, content, rows = marshal.loads(entry.read_bytes())
    bad = {"garbage": b"\x00not marshal",
           "other content": marshal.dumps((version, ecc, CONTENT + "!", rows)),
           "wrong size": marshal.dumps((version, ecc, content, rows[:-1])),
           "big row": marshal.dumps((version, ecc, content, (1 << 200,) + rows[1:]))}[damage]
    entry.write_bytes(bad)
    qr.qr_matrix.cache_clear()
    assert qr.qr_matrix(CONTENT) == fresh
    assert marshal.loads(entry.read_bytes())[3] == rows  # written again, whole


def test_unwritable_cache_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("PANCARTE_CACHE", str(blocker))
    qr.qr_matrix.cache_clear()
    try:
        assert qr.qr_matrix(CONTENT) == qr._encode(CONTENT, "M")
    finally:
        qr.qr_matrix.cache_clear()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_too_long_is_still_refused(cache):
    with pytest.raises(qr.QRTooLong):
        qr.qr_matrix("x" * 8000, "H")
    assert entries(cache) == []
