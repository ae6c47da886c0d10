"""End to end: text that looks like markup, format strings or a ReportLab exploit prints
literally and runs nothing; characters no bundled font has are reported, never fatal."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import pdffonts, pdftotext, run_cli  # noqa: E402
from pancarte.assets import fonts_dir  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402

TEMPLATES = template_ids()
MARKUP = '<b>gras</b> & <font color="red">x</font> <para>'
FORMATS = r"&amp; %s {0} {name} %(x)s %d \x00 \n ${HOME} {{}}"
# pieces that must be found in the PDF text (compared without whitespace and case-insensitively:
# titles may be set in capitals, lines may break anywhere, and French typography puts a thin
# space before ";" and turns '"' into guillemets)
LITERAL = ("<b>gras</b>", "&", "<font", "x</font>", "<para>", "&amp", "%s", "{0}", "{name}",
           "%(x)s", "%d", r"\x00", r"\n", "${home}", "{{}}")


def cve_2023_33733_payload(marker: Path) -> str:
    """The public proof of concept of CVE-2023-33733 (ReportLab's rl_safe_eval escape through
    a paragraph's ``<font color>``), running ``touch MARKER``."""
    return (
        "<para><font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch "
        f"{marker}') for Word in [ orgTypeFun( 'Word', (str,), {{ 'mutated': 1, "
        "'startswith': lambda self, x: 1 == 0, '__eq__': lambda self, x: self.mutated and "
        "self.mutated - 1, 'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) "
        "}, '__hash__': lambda self: hash(str(self)) } ) ] ] for orgTypeFun in "
        "[type(type(1))] if 1] and 'red'\">exploit</font></para>"
    )


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


def _assert_fonts_embedded(path: Path) -> None:
    fonts = pdffonts(path)
    assert fonts
    for f in fonts:
        assert (f["emb"], f["sub"], f["uni"]) == ("yes", "yes", "yes"), f
        assert not f["name"].split("+")[-1].startswith(("Helvetica", "Times", "Courier")), f


def _compose(tmp_path: Path, template: str, *args: str, lang: str = "en"):
    out = tmp_path / f"{template}-{secrets.token_hex(4)}.pdf"
    r = run_cli("compose", template, *args, "-o", out, env={"PANCARTE_LANG": lang})
    assert "Traceback" not in r.stderr, r.stderr
    return r, out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Per template, one composition: markup and format strings as the title, the CVE payload
    as the body and (cut) as the QR content. Returns (result, pdf, marker)."""
    folder = tmp_path_factory.mktemp("hostile")
    cache = {}

    def make(template: str):
        if template not in cache:
            marker = folder / f"pwned-{secrets.token_hex(8)}"
            payload = cve_2023_33733_payload(marker)
            r, out = _compose(folder, template, "--title", f"{MARKUP} {FORMATS}",
                              "--text", payload, "--qr", payload[:200], "--allow-overflow")
            cache[template] = (r, out, marker)
        return cache[template]

    return make


@pytest.mark.parametrize("template", TEMPLATES)
def test_markup_and_format_strings_print_literally(hostile, template):
    r, out, _ = hostile(template)
    assert r.returncode == 0, r.stderr
    pdf_text = _squash(pdftotext(out))
    missing = [s for s in LITERAL if _squash(s) not in pdf_text]
    assert not missing, f"not printed literally: {missing}\n{pdftotext(out)}"
    _assert_fonts_embedded(out)


@pytest.mark.parametrize("template", TEMPLATES)
def test_cve_2023_33733_payload_is_inert(hostile, template):
    r, out, marker = hostile(template)
    assert r.returncode == 0, r.stderr
    assert not marker.exists(), "the CVE-2023-33733 payload ran a shell command"
    pdf_text = _squash(pdftotext(out))
    for piece in ("<para><font", "getattr(pow", "orgtypefun"):
        assert _squash(piece) in pdf_text, f"{piece!r} not printed literally"
    _assert_fonts_embedded(out)


def test_cve_payload_through_a_document_is_inert(tmp_path):
    """Same payload, saved in a .pancarte document and exported from it."""
    template = TEMPLATES[0]
    marker = tmp_path / f"pwned-{secrets.token_hex(8)}"
    payload = cve_2023_33733_payload(marker)
    doc = tmp_path / "hostile.pancarte"
    r = run_cli("compose", template, "--title", payload, "--text", payload, "-o", doc)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "hostile.pdf"
    r = run_cli("export", doc, "--allow-overflow", "-o", out)
    assert r.returncode == 0, r.stderr
    assert not marker.exists(), "the CVE-2023-33733 payload ran a shell command"
    assert _squash("exploit</font>") in _squash(pdftotext(out))


# ---------------------------------------------------------------------------------------------
# Characters no bundled font has


def _covered() -> set[int]:
    from fontTools.ttLib import TTFont

    cps: set[int] = set()
    for path in fonts_dir().rglob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            cps.update(font.getBestCmap())
    return cps


# an emoji, Linear B, a robot face, Egyptian hieroglyph A001: the ones no bundled font covers
CANDIDATES = ("\U0001f600", "\U00010000", "\U0001f916", "\U00013000")


@pytest.fixture(scope="module")
def uncovered() -> list[str]:
    covered = _covered()
    chars = [c for c in CANDIDATES if ord(c) not in covered]
    assert chars, "every candidate character is in a bundled font: pick others"
    return chars


@pytest.mark.parametrize("where", ["--title", "--text"])
def test_missing_glyph_is_a_warning_naming_the_character(tmp_path, uncovered, where):
    template = TEMPLATES[0]
    text = "Fête " + " ".join(uncovered) + " finie"
    r, out = _compose(tmp_path, template, "--sample", where, text)
    assert r.returncode == 0, r.stderr
    assert "warning" in r.stderr
    for ch in uncovered:
        assert f"U+{ord(ch):04X}" in r.stderr, f"no warning names U+{ord(ch):04X}:\n{r.stderr}"
    pdf_text = _squash(pdftotext(out))
    assert "fête" in pdf_text and "finie" in pdf_text
    _assert_fonts_embedded(out)


def test_missing_glyph_warning_in_french(tmp_path, uncovered):
    r, out = _compose(tmp_path, TEMPLATES[0], "--sample", "--title", f"Fête {uncovered[0]}",
                      lang="fr")
    assert r.returncode == 0, r.stderr
    assert "avertissement" in r.stderr and f"U+{ord(uncovered[0]):04X}" in r.stderr
    assert out.is_file()


@pytest.mark.parametrize("where", ["--title", "--text"])
def test_text_of_only_missing_glyphs_is_a_warning_not_an_overflow(tmp_path, uncovered, where):
    """A frame whose whole text is characters no font has: the characters are left out with
    a warning, as anywhere else; there is nothing left to overflow."""
    r, out = _compose(tmp_path, TEMPLATES[0], "--sample", where, uncovered[0])
    assert f"U+{ord(uncovered[0]):04X}" in r.stderr, r.stderr
    assert "does not fit" not in r.stderr, f"a false overflow:\n{r.stderr}"
    assert r.returncode == 0, r.stderr
    assert out.is_file()


def test_non_bmp_character_that_a_font_has_is_searchable(tmp_path):
    """A character outside the BMP that a bundled font draws (DejaVu Sans has U+1F600) must
    come back from the PDF as itself: the ToUnicode map must write it as UTF-16 (a surrogate
    pair), not as five hex digits that readers cut to U+1F60."""
    ch = "\U0001f600"
    if ord(ch) not in _covered():
        pytest.skip("no bundled font draws U+1F600")
    r, out = _compose(tmp_path, TEMPLATES[0], "--sample", "--text", f"Bonjour {ch} voisins")
    assert r.returncode == 0, r.stderr
    assert f"U+{ord(ch):04X}" not in r.stderr  # the glyph is there: no warning
    text = pdftotext(out)
    assert ch in text, (f"U+1F600 extracts as {[f'U+{ord(c):04X}' for c in text if ord(c) > 0x7F]}"
                        f"\n{text}")
