"""The words a start shaped are kept in Pancarte's cache folder (keyed by the font file's
content hash and HarfBuzz's version): the next run lays the same text out to the same glyphs
and advances without loading HarfBuzz; a damaged cache only means shaping again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pancarte.layout.fonts import FontLibrary, Shaped

TRACT = Path(__file__).resolve().parents[1] / "files" / "tracts" / "startup2-marche-couvert.txt"


def _words() -> list[str]:
    text = TRACT.read_text(encoding="utf-8")
    return sorted({w for w in text.replace("\n", " ").split(" ") if w})


def _shape_all(library: FontLibrary, family: str, bold: bool = False) -> list[Shaped]:
    face = library.face(family, bold=bold)
    return [face.shape("".join(c for c in w if face.has(c))) for w in _words()]


def test_shapes_read_back_are_harfbuzz_s(tmp_path, monkeypatch):
    monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path))
    first = FontLibrary()
    reference = {(f, b): _shape_all(first, f, b) for f, b in (("Vollkorn", False),
                                                               ("Lato", True))}
    assert not (tmp_path / "shapes").exists()  # written only when asked (the editor's start)
    first.save_shapes()
    files = sorted((tmp_path / "shapes").iterdir())
    assert len(files) == 2 and all(f.suffix == ".marshal" for f in files)

    second = FontLibrary()
    for (family, bold), shapes in reference.items():
        face = second.face(family, bold=bold)
        face._hb_font = "unused"  # type: ignore[assignment]  # shaping again would fail

        def no_harfbuzz():
            raise AssertionError("HarfBuzz loaded although every word is in the cache")

        monkeypatch.setattr("pancarte.layout.fonts._harfbuzz", no_harfbuzz)
        assert _shape_all(second, family, bold) == shapes
        monkeypatch.undo()
        monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path))
    # ligatures stay off and kerning on: « fi » is two glyphs, « AV » narrower than A + V
    lato = second.face("Lato")
    assert len(lato.shape("fi").glyphs) == 2
    av = lato.shape("AV")
    assert sum(av.advances) < lato.glyph_advance[av.glyphs[0]] + lato.glyph_advance[av.glyphs[1]]


def test_a_damaged_shapes_file_means_shaping_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path))
    first = FontLibrary()
    reference = _shape_all(first, "Vollkorn")
    first.save_shapes()
    (path,) = (tmp_path / "shapes").iterdir()
    path.write_bytes(path.read_bytes()[:100])
    assert _shape_all(FontLibrary(), "Vollkorn") == reference
    path.write_bytes(b"\x00garbage")
    again = FontLibrary()
    assert _shape_all(again, "Vollkorn") == reference
    again.save_shapes()  # written whole again
    assert _shape_all(FontLibrary(), "Vollkorn") == reference
    assert [p.name for p in (tmp_path / "shapes").iterdir()] == [path.name]  # no temporary


def test_a_run_with_every_word_cached_does_not_load_harfbuzz(tmp_path):
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pancarte.layout.engine import LayoutEngine\n"
        "from pancarte.model.document import Document, Page, TextFrame\n"
        "from pancarte.model.edit import text_to_paragraphs\n"
        f"text = Path({str(TRACT)!r}).read_text(encoding='utf-8')\n"
        "doc = Document(width=210, height=297, pages=(Page(frames=(TextFrame(id='t', x=10,"
        " y=10, w=190, h=277, size=9, paragraphs=text_to_paragraphs(text)),)),))\n"
        "engine = LayoutEngine()\n"
        "layout = engine.layout(doc)\n"
        "engine.fonts.save_shapes()\n"
        "runs = [(i.glyphs, i.xs) for p in layout.pages for i in p.items if hasattr(i, 'xs')]\n"
        "import zlib\n"
        "print('uharfbuzz' in sys.modules, len(runs), zlib.crc32(repr(runs).encode()))\n")
    env = dict(os.environ, PANCARTE_CACHE=str(tmp_path))
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True, timeout=120).stdout.split() for _ in range(2)]
    assert runs[0][0] == "True" and runs[1][0] == "False"
    assert runs[0][1:] == runs[1][1:] and int(runs[0][1]) > 20  # the same glyphs, same places
