"""End to end through the real CLI: an identity made with a logo, colours (one CMYK), the
group's own fonts (a TrueType and a CFF OpenType) and a signature; applied to every template
(fonts embedded, CMYK colour exact in the content stream, signature in the text, QR from the
link); exported, imported in another user's folder and applied there; refusals."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fontmaker  # noqa: E402

from helpers import content_streams, decode_qr, pdffonts, pdftotext, render_png, run_cli  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402

NAME = "Collectif Habitat Têtu"
SIGNATURE = "Collectif Habitat Têtu — contact@habitat-tetu.org — 06 12 34 56 78"
URL = "https://habitat-tetu.org/agir"


def _content(pdf_path: Path) -> bytes:
    return b"".join(content_streams(pdf_path))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("identity")
    env = {"PANCARTE_IDENTITIES": str(base / "alice"), "PANCARTE_CACHE": str(base / "cache"),
           "PANCARTE_LANG": "fr"}
    logo = base / "logo.png"
    im = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((30, 30, 570, 570), fill=(20, 120, 60, 255))
    im.save(logo, pnginfo=_png_text("Author", "alice /home/alice/secret"))
    ttf = fontmaker.renamed(base / "groupe-affiche.ttf", "Groupe Affiche")
    otf = fontmaker.cff(base / "groupe-texte.otf", "Groupe Texte")
    r = run_cli("identity", "create", NAME, "--logo", logo, "--color", "cmyk(90,10,70,20)",
                "--color", "#2b2d42", "--font", ttf, "--font", otf, "--signature", SIGNATURE,
                "--url", URL, env=env)
    assert r.returncode == 0, r.stderr
    return base, env


def _png_text(key, value):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(key, value)
    return info


def test_list_and_show(made):
    base, env = made
    r = run_cli("identity", "list", "--json", env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [d["name"] for d in data] == [NAME]
    d = data[0]
    assert d["colors"][0] == {"value": "cmyk(90,10,70,20)", "screen": "#14b83d",
                              "cmyk": [90.0, 10.0, 70.0, 20.0]}
    assert d["display_face"] == "Groupe Affiche" and d["text_face"] == "Groupe Texte"
    assert d["logo"] is True and d["signature"] == SIGNATURE and d["url"] == URL
    r = run_cli("identity", "show", NAME, "--json", env=env)
    assert json.loads(r.stdout) == d
    r = run_cli("identity", "show", NAME, env=env)
    assert "cmyk(90,10,70,20)" in r.stdout and "Groupe Affiche" in r.stdout


@pytest.mark.parametrize("template", template_ids())
def test_applied_to_every_template(made, template, tmp_path):
    base, env = made
    out = tmp_path / f"{template}.pdf"
    r = run_cli("compose", template, "--sample", "--identity", NAME, "--preset", "imprimeur",
                "--allow-overflow", "-o", out, env=env)
    assert r.returncode == 0, r.stderr
    fonts = {f["name"].split("+")[-1]: f for f in pdffonts(out)}
    assert "GroupeAffiche-Regular" in fonts and fonts["GroupeAffiche-Regular"]["emb"] == "yes"
    assert "GroupeTexte-Regular" in fonts and fonts["GroupeTexte-Regular"]["emb"] == "yes"
    assert b".9 .1 .7 .2 k" in _content(out) or b".9 .1 .7 .2 K" in _content(out)
    text = re.sub(r"\s+", " ", pdftotext(out))
    assert "contact@habitat-tetu.org" in text and "06 12 34 56 78" in text
    # the logo is painted: the PDF holds an image without the PNG's text chunk
    assert b"alice" not in out.read_bytes()


def test_url_becomes_the_qr_when_none_given(made, tmp_path):
    base, env = made
    out = tmp_path / "affiche.pdf"
    r = run_cli("compose", "poster-a4", "--title", "Assemblée des locataires",
                "--text", "Mardi, salle commune.", "--identity", NAME, "-o", out, env=env)
    assert r.returncode == 0, r.stderr
    assert URL in decode_qr(render_png(out, 150))
    out2 = tmp_path / "autre.pdf"
    r = run_cli("compose", "poster-a4", "--title", "Assemblée", "--qr", "https://autre.example",
                "--identity", NAME, "-o", out2, env=env)
    assert decode_qr(render_png(out2, 150)) == ["https://autre.example"]


def test_contrast_is_fixed_with_a_warning(made, tmp_path):
    base, env = made
    out = tmp_path / "placard.pdf"
    # placard-a3: white text on the accent (now the light green): under AA, changed
    r = run_cli("compose", "placard-a3", "--sample", "--identity", NAME, "-o", out, env=env)
    assert r.returncode == 0, r.stderr
    assert "WCAG" in r.stderr and "#14b83d" in r.stderr


def test_export_import_in_another_folder(made, tmp_path):
    base, env = made
    shared = tmp_path / "charte.pancarte-identite"
    r = run_cli("identity", "export", NAME, "-o", shared, env=env)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(shared) as z:
        names = sorted(z.namelist())
    assert names == ["fonts/font-1.ttf", "fonts/font-2.ttf", "identity.json", "logo.png"]
    bob = {"PANCARTE_IDENTITIES": str(tmp_path / "bob"), "PANCARTE_CACHE": str(tmp_path / "c"),
           "PANCARTE_LANG": "fr"}
    assert json.loads(run_cli("identity", "list", "--json", env=bob).stdout) == []
    r = run_cli("identity", "import", shared, env=bob)
    assert r.returncode == 0, r.stderr
    r = run_cli("identity", "import", shared, env=bob)
    assert r.returncode == 2 and "existe déjà" in r.stderr
    out = tmp_path / "bob.pdf"
    r = run_cli("compose", "flyer-a5", "--sample", "--identity", NAME, "-o", out, env=bob)
    assert r.returncode == 0, r.stderr
    assert {f["name"].split("+")[-1] for f in pdffonts(out)} >= {"GroupeAffiche-Regular"}
    assert "contact@habitat-tetu.org" in pdftotext(out)
    r = run_cli("identity", "remove", NAME, env=bob)
    assert r.returncode == 0
    assert json.loads(run_cli("identity", "list", "--json", env=bob).stdout) == []


def test_refusals(made, tmp_path):
    base, env = made
    env = {**env, "PANCARTE_IDENTITIES": str(tmp_path / "ids")}
    locked = fontmaker.renamed(tmp_path / "locked.ttf", "Fonderie Fermee", fs_type=0x0002)
    r = run_cli("identity", "create", "Groupe", "--font", locked, env=env)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1
    assert "licence" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("identity", "create", "Groupe", "--color", "vert", env=env)
    assert r.returncode == 1 and "couleur" in r.stderr
    bad = tmp_path / "faux.pancarte-identite"
    bad.write_bytes(b"PK\x03\x04 pas un zip")
    r = run_cli("identity", "import", bad, env=env)
    assert r.returncode == 1 and "identité" in r.stderr
    r = run_cli("compose", "poster-a4", "--identity", "Inconnu", "-o", tmp_path / "x.pdf",
                env=env)
    assert r.returncode == 1 and not (tmp_path / "x.pdf").exists()
    assert not (tmp_path / "ids").exists() or list((tmp_path / "ids").iterdir()) == []
