"""The colour profile is compressed once per machine, not once per export: the compressed
bytes are kept in the cache folder, and the PDF/X-4 file is the same with or without it."""

from __future__ import annotations

import zlib

import pikepdf

from pancarte.export import export_pdf
from pancarte.model.edit import compose
from pancarte.render import pdfx


def _export(path, cache, monkeypatch):
    monkeypatch.setenv("PANCARTE_CACHE", str(cache))
    pdfx._icc_deflated.cache_clear()  # a new process
    export_pdf(compose("placard-a3", sample=True), path, preset="imprimeur", invariant=True)
    return path.read_bytes()


def _cached(cache):
    return sorted(cache.glob(pdfx.ICC_CACHE_PREFIX + "*.zlib"))


def test_profile_compressed_once_and_the_pdf_unchanged(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = _export(tmp_path / "a.pdf", cache, monkeypatch)
    files = _cached(cache)
    assert len(files) == 1
    assert files[0].read_bytes() == zlib.compress(pdfx.icc_bytes(), 9)
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]

    calls = []
    real = zlib.compress
    icc = pdfx.icc_bytes()

    def compress(data, *args, **kwargs):
        if bytes(data) == icc:
            calls.append(1)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(zlib, "compress", compress)
    second = _export(tmp_path / "b.pdf", cache, monkeypatch)
    assert calls == []  # the profile read from the cache, not compressed again
    assert second == first
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile
        assert profile.read_bytes() == pdfx.icc_bytes()


def test_damaged_cache_file_is_compressed_again(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    good = _export(tmp_path / "a.pdf", cache, monkeypatch)
    (path,) = _cached(cache)
    path.write_bytes(b"x\x9c not a zlib stream")
    assert _export(tmp_path / "b.pdf", cache, monkeypatch) == good
    assert zlib.decompress(path.read_bytes()) == pdfx.icc_bytes()  # repaired


def test_unwritable_cache_still_exports(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    good = _export(tmp_path / "a.pdf", tmp_path / "cache", monkeypatch)
    assert _export(tmp_path / "b.pdf", blocker / "cache", monkeypatch) == good
