"""Images for phones (``--social``): exact pixel sizes, under 1 MB, no metadata, an alt text
in reading order, type legible on a phone, every template in the three shapes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import decode_qr, run_cli  # noqa: E402
from pancarte.layout.engine import LayoutEngine  # noqa: E402
from pancarte.model.edit import compose  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402
from pancarte.social import MAX_BYTES, MIN_CAP_PX, SHAPES, export_social, min_cap_px  # noqa: E402

TEMPLATES = template_ids()
LONG = "\n\n".join(
    f"{i}. Nous exigeons — enfin ! — que le bailleur réponde « sous huit jours » ; "
    "les charges ont augmenté de 12,5 % sans explication… Où va l’argent ?"
    for i in range(1, 60))


def _no_metadata(path: Path) -> None:
    with Image.open(path) as im:
        info = {k: v for k, v in im.info.items()
                if k not in ("jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive",
                             "progression")}
        assert info == {}, info
        assert not im.getexif(), dict(im.getexif())
        if path.suffix == ".png":
            assert not getattr(im, "text", {})
    data = path.read_bytes()
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"Exif", b"tIME", b"XML:com.adobe"):
        assert chunk not in data, chunk
    assert str(path.parent).encode() not in data


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_in_three_shapes(template, tmp_path):
    doc = compose(template, sample=True)
    engine = LayoutEngine()
    for shape, (w, h) in SHAPES.items():
        out = tmp_path / f"{template}-{shape}.png"
        result = export_social(doc, out, shape, engine=engine)
        with Image.open(out) as im:
            assert im.size == (w, h)
            # laid out again, not letterboxed: the page fills the image (no white band of
            # the page's height ratio on two sides), and painted text is legible
            assert im.convert("RGB").getcolors(1 << 20) and len(im.convert("RGB").getcolors(1 << 20)) > 8
        assert out.stat().st_size < MAX_BYTES
        assert result.layout.pages[0].height / result.layout.pages[0].width == pytest.approx(h / w)
        assert min_cap_px(result.layout, engine, result.scale) >= MIN_CAP_PX - 0.5
        _no_metadata(out)
        alt = out.with_suffix(".txt").read_text("utf-8")
        assert alt.strip()


def test_cli_export_png_and_jpg(tmp_path):
    doc = tmp_path / "doc.pancarte"
    r = run_cli("compose", "poster-a4", "--sample", "--qr", "https://exemple.org/reunion",
                "-o", doc)
    assert r.returncode == 0, r.stderr
    for shape, suffix in (("square", ".png"), ("portrait", ".jpg"), ("story", ".png")):
        out = tmp_path / f"partage-{shape}{suffix}"
        r = run_cli("export", doc, "--social", shape, "-o", out)
        assert r.returncode == 0, r.stderr
        with Image.open(out) as im:
            assert im.size == SHAPES[shape]
            assert im.format == ("JPEG" if suffix == ".jpg" else "PNG")
            assert decode_qr(im) == ["https://exemple.org/reunion"]
        assert out.stat().st_size < MAX_BYTES
        _no_metadata(out)
        alt = out.with_suffix(".txt").read_text("utf-8")
        lines = alt.splitlines()
        # the title first, the QR code's link last, the sample's words in between
        assert lines[0].upper() == "QUEL AVENIR POUR LE CENTRE SOCIAL ?"
        assert lines[-1] == "QR code\u00a0: https://exemple.org/reunion"
        assert "Entrée libre" in alt and "**" not in alt
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("partage-"
                      + shape)) == sorted([out.name, out.with_suffix(".txt").name])


def test_cli_compose_long_text_picks_with_a_warning(tmp_path):
    text = tmp_path / "long.txt"
    text.write_text(LONG, "utf-8")
    out = tmp_path / "carre.jpg"
    r = run_cli("compose", "tract-a4", "--title", "Charges : ça suffit !", "--text-file", text,
                "--social", "square", "-o", out, env={"PANCARTE_LANG": "fr"})
    assert r.returncode == 0, r.stderr
    # one list of 59 demands: the image shows its first ones and says it shortened it
    assert "raccourcit 1 bloc" in r.stderr and "carre.txt" in r.stderr
    with Image.open(out) as im:
        assert im.size == (1080, 1080)
        rgb = im.convert("RGB")
    # the title given with --title is on the red band (white letters), and the first demands
    # below it (dark text on white): the image is not a band over an empty page
    band = [rgb.getpixel((x, y)) for x in range(0, 1080, 4) for y in range(40, 280, 4)]
    assert sum(1 for r, g, b in band if r > 200 and g > 200 and b > 200) > 300
    below = [rgb.getpixel((x, y)) for x in range(0, 1080, 4) for y in range(340, 1000, 4)]
    assert sum(1 for r, g, b in below if r < 90 and g < 90 and b < 90) > 1000
    alt = out.with_suffix(".txt").read_text("utf-8")
    assert "59. Nous exigeons" in alt and alt.startswith("Charges : ça suffit !")


def test_cli_usage_errors(tmp_path):
    r = run_cli("compose", "poster-a4", "--social", "square", "-o", tmp_path / "x.pdf")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    r = run_cli("compose", "poster-a4", "--social", "round", "-o", tmp_path / "x.png")
    assert r.returncode == 2
    r = run_cli("compose", "poster-a4", "--social", "story", "--tile", "A4",
                "-o", tmp_path / "x.png")
    assert r.returncode == 2
    assert list(tmp_path.iterdir()) == []
