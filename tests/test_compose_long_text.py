"""``compose --text-file`` with a long tract: a poster gets a designer's choice of the text's
blocks (as ``--tract`` does for a tract of the library), said on stderr; ``--whole-text``
refuses the choice; ``--blocks`` picks from the text's own blocks; a text that fits goes in
whole, as before. Checked on the real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import pdffonts, pdftotext, run_cli

TRACTS = Path(__file__).parent / "files" / "tracts"
LONG = TRACTS / "pick-rassemblement-lavoir.txt"  # 1,333 words, a "•" programme, a quote


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("-\n", "").split())


@pytest.mark.parametrize("template", ["poster-a3", "placard-a3", "flyer-a5"])
def test_a_long_text_file_becomes_a_choice_of_its_blocks(tmp_path, template):
    out = tmp_path / "a.pdf"
    r = run_cli("compose", template, "--text-file", LONG, "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) >= 2
    assert "a choice of its blocks" in r.stderr or "un choix de ses blocs" in r.stderr
    assert "library show" not in r.stderr  # a text file is not in the library
    assert "--blocks" in lines[-1]
    text = _flat(pdftotext(out))
    # the title, the day and place of the lead: what a passer-by must read
    assert "SAUVONS" in text.upper() and "LAVOIR" in text.upper()
    assert "14 juin" in text
    # late sections are left out, not squeezed in
    assert "Saint-Aubin" not in text
    assert "soixante affiches" not in text
    assert pdffonts(out)  # fonts embedded: a real PDF, not an empty page
    assert not (tmp_path / "a.pdf.tmp").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_whole_text_refuses_the_choice(tmp_path):
    out = tmp_path / "a.pdf"
    r = run_cli("compose", "poster-a3", "--text-file", LONG, "--whole-text", "-o", out)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_blocks_pick_from_the_text_file(tmp_path):
    out = tmp_path / "a.pdf"
    r = run_cli("compose", "poster-a3", "--text-file", LONG, "--blocks", "1,3", "-o", out)
    assert r.returncode == 0, r.stderr
    text = _flat(pdftotext(out))
    assert "LAVOIR" in text.upper()
    assert "Depuis l'hiver dernier" in text or "Depuis l’hiver dernier" in text
    assert "Le samedi 14 juin, de 10" not in text  # block 2 was not asked for


def test_blocks_without_a_text_is_a_usage_error(tmp_path):
    r = run_cli("compose", "poster-a3", "--blocks", "1", "-o", tmp_path / "a.pdf")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_short_text_goes_in_whole_with_no_note(tmp_path):
    out = tmp_path / "a.pdf"
    short = tmp_path / "court.txt"
    short.write_text("Assemblée de quartier jeudi 12 juin à 19 h, salle Jean-Moulin.\n\n"
                     "Venez nombreuses et nombreux : loyers, écoles, transports.\n",
                     encoding="utf-8")
    r = run_cli("compose", "poster-a3", "--title", "Assemblée !", "--text-file", short,
                "-o", out)
    assert r.returncode == 0, r.stderr
    assert "choi" not in r.stderr  # no choice was made
    text = _flat(pdftotext(out))
    assert "loyers, écoles, transports" in text


def test_allow_overflow_keeps_the_whole_text(tmp_path):
    out = tmp_path / "a.pdf"
    r = run_cli("compose", "poster-a3", "--text-file", LONG, "--allow-overflow", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "un choix de ses blocs" not in r.stderr and "a choice of its blocks" not in r.stderr


def test_a_text_file_on_a_phone_image_finds_its_title(tmp_path):
    """The phone image reads the text into blocks too: its first line fills the title band
    (not the body), its contact the footer; the alt text still holds the whole text."""
    from PIL import Image

    out = tmp_path / "s.png"
    r = run_cli("compose", "poster-a3", "--text-file", LONG, "--social", "portrait", "-o", out)
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        assert im.size == (1080, 1350)
        band = im.convert("L").crop((0, 0, 1080, 300))
        light = sum(band.histogram()[236:])
    assert light > 0.03 * 1080 * 300  # white capitals on the title band, not an empty band
    alt = (tmp_path / "s.txt").read_text(encoding="utf-8")
    assert _flat(alt).startswith("Sauvons le lavoir")
    assert "Saint-Aubin" in alt  # the whole text, even what the image leaves out
