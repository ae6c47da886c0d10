"""Issue 15's "Done when", end to end through the real CLI: an identity made with a logo, a
colour, the group's own font file and a signature; applied to every template; exported;
imported in another user's folders (alice's folders are gone by then) and applied there to
every template — the PDFs embed the font and paint the colour exactly — and the three phone
images of every template (exact pixels, under 1 MB, no metadata, the colour and the link's
QR code in the image, the signature in the alt text)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "identity"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "social"))

import fontmaker  # noqa: E402
from phone_checks import check_image  # noqa: E402

from helpers import content_streams, decode_qr, pdffonts, pdftotext, run_cli  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402
from pancarte.social import SHAPES  # noqa: E402

NAME = "Amicale des Glycines"
SIGNATURE = "Amicale des Glycines — amicale.glycines@example.org — 06 12 34 56 78"
URL = "https://glycines.example.org/agir"
COLOUR = "cmyk(5,95,85,10)"  # a deep red: AA with white text and on white paper
FONT_NAME = "GlycinesAffiche-Regular"
TEMPLATES = template_ids()
TRACT = Path(__file__).resolve().parent / "files" / "tracts" / "social2-locataires-tour-b.txt"


def _env(home: Path) -> dict[str, str]:
    """Every folder Pancarte reads or writes, under ``home``: one user."""
    return {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
            "PANCARTE_IDENTITIES": str(home / "identities"),
            "PANCARTE_CACHE": str(home / "pcache"),
            "PANCARTE_LIBRARY": str(home / "library.sqlite3"), "PANCARTE_LANG": "fr"}


def _content(pdf_path: Path) -> bytes:
    return b"".join(content_streams(pdf_path))


def _check_pdf(out: Path) -> None:
    fonts = {f["name"].split("+")[-1]: f for f in pdffonts(out)}
    assert FONT_NAME in fonts, sorted(fonts)
    assert fonts[FONT_NAME]["emb"] == "yes"
    content = _content(out)
    assert b".05 .95 .85 .1 k" in content or b".05 .95 .85 .1 K" in content
    text = re.sub(r"\s+", " ", pdftotext(out))
    assert "amicale.glycines@example.org" in text
    assert b"alice" not in out.read_bytes()


@pytest.fixture(scope="module")
def users(tmp_path_factory):
    """The identity made in alice's folders, applied there to every template, exported,
    imported in bob's; alice's folders are then removed."""
    base = tmp_path_factory.mktemp("e2e")
    alice, bob = _env(base / "alice"), _env(base / "bob")
    made = base / "made"
    made.mkdir()
    logo = made / "logo.png"  # wide: squashed into a square frame it would show
    im = Image.new("RGBA", (900, 300), (0, 0, 0, 0))
    ImageDraw.Draw(im).rounded_rectangle((10, 10, 890, 290), 60, fill=(200, 20, 40, 255))
    im.save(logo)
    font = fontmaker.renamed(made / "glycines-affiche.ttf", "Glycines Affiche")
    r = run_cli("identity", "create", NAME, "--logo", logo, "--color", COLOUR, "--font", font,
                "--signature", SIGNATURE, "--url", URL, env=alice)
    assert r.returncode == 0, r.stderr
    pdfs = base / "alice-pdfs"
    pdfs.mkdir()
    for template in TEMPLATES:
        out = pdfs / f"{template}.pdf"
        r = run_cli("compose", template, "--sample", "--identity", NAME, "--preset",
                    "imprimeur", "--allow-overflow", "-o", out, env=alice)
        assert r.returncode == 0, (template, r.stderr)
    shared = base / "charte.pancarte-identite"
    r = run_cli("identity", "export", NAME, "-o", shared, env=alice)
    assert r.returncode == 0, r.stderr
    shutil.rmtree(base / "alice")
    shutil.rmtree(made)  # nothing of alice's is left but the shared file
    assert json.loads(run_cli("identity", "list", "--json", env=bob).stdout) == []
    r = run_cli("identity", "import", shared, env=bob)
    assert r.returncode == 0, r.stderr
    shown = json.loads(run_cli("identity", "show", NAME, "--json", env=bob).stdout)
    return {"base": base, "bob": bob, "pdfs": pdfs, "identity": shown}


def test_imported_identity_is_the_same(users):
    d = users["identity"]
    assert d["name"] == NAME and d["signature"] == SIGNATURE and d["url"] == URL
    assert d["colors"][0]["value"] == COLOUR and d["logo"] is True
    assert d["display_face"] == "Glycines Affiche"


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_for_both_users(users, template, tmp_path):
    _check_pdf(users["pdfs"] / f"{template}.pdf")  # in alice's folders
    out = tmp_path / f"{template}.pdf"
    r = run_cli("compose", template, "--sample", "--identity", NAME, "--preset", "imprimeur",
                "--allow-overflow", "-o", out, env=users["bob"])
    assert r.returncode == 0, r.stderr
    _check_pdf(out)

    screen = tuple(int(users["identity"]["colors"][0]["screen"][i:i + 2], 16)
                   for i in (1, 3, 5))
    for shape in SHAPES:
        png = tmp_path / f"{template}-{shape}.png"
        # a long text of the group's, its link from the identity
        r = run_cli("compose", template, "--title", "Tour B : le chauffage, maintenant !",
                    "--text-file", TRACT, "--identity", NAME, "--social", shape, "-o", png,
                    env=users["bob"])
        assert r.returncode == 0, r.stderr
        assert r.stdout.splitlines() == [str(png), str(png.with_suffix(".txt"))]
        check_image(png, shape)
        with Image.open(png) as im:
            rgb = im.convert("RGB")
            assert decode_qr(rgb) == [URL], (template, shape)
            near = sum(n for n, c in rgb.getcolors(1 << 22)
                       if sum(abs(a - b) for a, b in zip(c, screen, strict=True)) < 30)
            assert near > 0.002 * rgb.width * rgb.height, (template, shape, near)
        alt = png.with_suffix(".txt").read_text("utf-8")
        assert alt.rstrip().endswith(URL)
        for line in TRACT.read_text("utf-8").split("\n\n")[1:]:  # the whole text
            # (a dash leading a section's heading is its marker, not its words)
            assert " ".join(line.split()[:8]).lstrip("•0123456789. ").lstrip("—– ") in alt
