"""A composed piece does not print a bare band where nothing was put: the event strip of a
poster with no event goes, and the title band grows over its place (fill/bands.py). With an
event the strip stays; a ``.pancarte`` keeps every frame of the template. Checked on the
document and on the real PDF's pixels."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from PIL import Image

from helpers import run_cli
from pancarte.fill.bands import without_empty_bands
from pancarte.model.document import Paragraph
from pancarte.model.edit import compose
from pancarte.model.fileformat import load_document

TEXT = ("Les parents d’élèves appellent à se rassembler devant la mairie annexe : trois "
        "classes fermeront à la rentrée si rien ne bouge.")


def _frames(doc):
    return {f.id: f for f in doc.pages[0].frames}


def test_the_empty_event_strip_goes_and_the_title_band_grows():
    doc = compose("poster-a3", title="Pas une classe de moins !", text=TEXT)
    before = _frames(doc)
    assert {"strip", "event", "band", "title"} <= before.keys()
    after = _frames(without_empty_bands(doc))
    assert "strip" not in after and "event" not in after
    grown = before["strip"].h
    assert after["band"].h == pytest.approx(before["band"].h + grown)
    assert after["title"].h == pytest.approx(before["title"].h + grown)
    assert after["body"] == before["body"]  # the rest is left as it was
    # an event in the strip: nothing changes
    filled = compose("poster-a3", title="Pas une classe de moins !", text=TEXT)
    frames = tuple(f if f.id != "event"
                   else replace(f, paragraphs=(Paragraph("Samedi 14 mars, 10 h 30"),))
                   for f in filled.pages[0].frames)
    filled = replace(filled, pages=(replace(filled.pages[0], frames=frames),))
    assert without_empty_bands(filled) is filled


def _pixel(pdf, tmp_path, x_mm: float, y_mm: float) -> tuple[int, int, int]:
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", str(pdf), str(png)],
                   check=True)
    with Image.open(png.with_suffix(".png")) as im:
        rgb = im.convert("RGB")
        # the PDF's media box has the bleed around the trim (3 mm each side for poster-a3)
        scale = rgb.width / (297 + 6)
        return rgb.getpixel((round((x_mm + 3) * scale), round((y_mm + 3) * scale)))


def test_on_the_printed_poster(tmp_path):
    plain = tmp_path / "plain.pdf"
    r = run_cli("compose", "poster-a3", "--title", "Pas une classe de moins !", "--text",
                TEXT, "--preset", "maison", "-o", plain, env={"PANCARTE_LANG": "fr"})
    assert r.returncode == 0, r.stderr
    assert "« event » est vide" not in r.stderr
    # where the dark strip was (196–252 mm), the title band's colour: a red, not the ink
    r_, g, b = _pixel(plain, tmp_path, 5, 240)
    assert r_ > 150 and g < 120 and b < 120, (r_, g, b)
    with_event = tmp_path / "event.pdf"
    r = run_cli("compose", "poster-a3", "--title", "Pas une classe de moins !", "--text",
                TEXT, "--when", "2026-03-14 10:30", "--where", "Mairie annexe, Rennes",
                "--preset", "maison", "-o", with_event, env={"PANCARTE_LANG": "fr"})
    assert r.returncode == 0, r.stderr
    r_, g, b = _pixel(with_event, tmp_path, 5, 240)
    assert max(r_, g, b) < 90, (r_, g, b)  # the strip, in ink, holds the event
    kept = tmp_path / "kept.pancarte"
    r = run_cli("compose", "poster-a3", "--title", "Pas une classe de moins !", "--text",
                TEXT, "-o", kept, env={"PANCARTE_LANG": "fr"})
    assert r.returncode == 0, r.stderr
    loaded = load_document(kept)
    doc = getattr(loaded, "document", loaded)
    assert {"strip", "event"} <= _frames(doc).keys()  # to be filled in the editor
