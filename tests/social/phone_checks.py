"""Checks shared by the phone-image tests: the real file's pixel size, weight and metadata,
and an alt text that holds a tract's whole text in reading order."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from pancarte.library.importers import read_document
from pancarte.library.tract import Tract
from pancarte.social import MAX_BYTES, SHAPES

TRACTS = Path(__file__).resolve().parents[1] / "files" / "tracts"
LONG_TRACTS = ("social2-locataires-tour-b.txt", "social2-cantine-greve.md")


def long_tract(name: str) -> Tract:
    parsed = read_document(TRACTS / name)
    return Tract(id="social2" + re.sub(r"\W", "", name)[8:20], title=parsed.title,
                 blocks=parsed.blocks, revision=1)


def plain(text: str) -> str:
    return re.sub(r"\*\*|\*", "", text).strip()


def check_image(path: Path, shape: str) -> None:
    """Exactly the shape's pixels, under 1 MB, no metadata of any kind."""
    with Image.open(path) as im:
        assert im.size == SHAPES[shape], (path, im.size)
        info = {k: v for k, v in im.info.items()
                if k not in ("jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive",
                             "progression")}
        assert info == {}, info
        assert not im.getexif(), dict(im.getexif())
        assert not getattr(im, "text", {})
        assert "xmp" not in im.info and "icc_profile" not in im.info
    data = path.read_bytes()
    assert len(data) < MAX_BYTES, len(data)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"Exif", b"tIME", b"XML:com.adobe",
                  b"http://ns.adobe.com/xap"):
        assert chunk not in data, chunk
    assert str(path.parent).encode() not in data


def check_alt_whole(alt: str, tract: Tract) -> None:
    """Every string of every block of ``tract`` in ``alt``, the title first (the alt text
    reads the poster's frames top to bottom, so a programme beside the body comes after
    it)."""
    assert alt.splitlines()[0] == plain(tract.blocks[0].text)
    for block in tract.blocks:
        if not block.debris:
            for text in block.strings():
                assert plain(text) in alt, plain(text)[:60]
