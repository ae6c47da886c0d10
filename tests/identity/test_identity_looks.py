"""How an identity looks on the templates: contrast fixed by moving lightness only (OKLCH,
hue and chroma kept; a grey ink goes to white or black, never to a drab mid grey), the
group's colours put where the template's design expects them, and a corner logo that covers
no text (checked against the laid-out page)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import pdfinfo_boxes, render_png, run_cli  # noqa: E402
from pancarte.identity.apply import apply_identity  # noqa: E402
from pancarte.identity.colour import ACHROMATIC, contrast, nearest_passing, to_oklch  # noqa: E402
from pancarte.identity.model import Identity  # noqa: E402
from pancarte.layout.boxes import GlyphRun, ImageItem  # noqa: E402
from pancarte.layout.engine import LayoutEngine  # noqa: E402
from pancarte.model.color import parse_color  # noqa: E402
from pancarte.model.document import ImageFrame  # noqa: E402
from pancarte.model.edit import compose  # noqa: E402

MM = 72 / 25.4
RED, YELLOW = "#8b1a1a", "#ffd400"
WITHOUT_LOGO_FRAME = ["booklet-a5", "flyer-a5", "flyer-a6", "placard-50x70", "placard-a3",
                      "tract-a4"]


def _logo() -> bytes:
    im = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse((10, 10, 390, 390), fill=(139, 26, 26, 255))
    d.polygon([(200, 60), (240, 170), (350, 170), (260, 235), (295, 345), (200, 275),
               (105, 345), (140, 235), (50, 170), (160, 170)], fill=(255, 212, 0, 255))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


IDENTITY = Identity(name="Rouge et Or", colors=(RED, YELLOW), logo=_logo(),
                    signature="Collectif Rouge et Or — 12 rue des Tanneurs — "
                              "rouge-et-or@exemple.org", url="https://rouge-et-or.exemple.org")


@pytest.mark.parametrize(("fg", "bg", "ratio"), [
    (YELLOW, "#ffffff", 4.5), (YELLOW, "#f8f5ea", 3.0), (RED, "#111111", 3.0),
    ("#14b83d", "#ffffff", 4.5), ("#d7191c", RED, 4.5), ("#2a6fdb", "#0d1f4f", 4.5)])
def test_the_fix_moves_lightness_only_and_no_further_than_needed(fg, bg, ratio):
    f, b = parse_color(fg), parse_color(bg)
    fixed = nearest_passing(f, b, ratio)
    assert contrast(fixed, b) >= ratio
    (l0, c0, h0), (l1, c1, h1) = to_oklch(f), to_oklch(fixed)
    assert abs((h1 - h0 + np.pi) % (2 * np.pi) - np.pi) < 0.03  # the same hue
    assert c1 > 0.5 * c0  # still a colour, not a grey (sRGB may cap the chroma a little)
    # nearest: a lightness step less would not pass
    from pancarte.identity.colour import from_oklch

    back = from_oklch(l1 - 0.01 * np.sign(l1 - l0), c0, h0)
    assert contrast(back, b) < ratio + 0.1


def test_a_grey_ink_goes_to_white_or_black_not_to_a_mid_grey():
    for fg, bg in (("#141414", RED), ("#ffffff", YELLOW), ("#1a1a1a", "#2b2d42")):
        fixed = nearest_passing(parse_color(fg), parse_color(bg), 4.5)
        assert fixed.hex() in ("#ffffff", "#141414", "#000000"), (fg, bg, fixed.hex())
        assert to_oklch(fixed)[1] < ACHROMATIC


def test_the_design_keeps_its_light_and_dark_places():
    # flyer-a5 is drawn round a light accent and a deep band: yellow on the accent, the
    # group's red on the band, and nothing needs a contrast fix
    doc, notes = apply_identity(compose("flyer-a5", sample=True), IDENTITY)
    assert doc.colors["accent"] == YELLOW and doc.colors["deep"] == RED
    assert not [n for n in notes if "WCAG" in n]
    # a template with no dark role keeps the main colour on its accent
    doc, _notes = apply_identity(compose("tract-a4", sample=True),
                                 Identity(name="x", colors=("#14b83d", "#2b2d42")))
    assert doc.colors["accent"] == "#14b83d"


@pytest.mark.parametrize("template", WITHOUT_LOGO_FRAME)
def test_a_corner_logo_covers_no_text(template):
    doc, notes = apply_identity(compose(template, sample=True), IDENTITY)
    (logo,) = [f for _i, f in doc.frames_named("logo") if isinstance(f, ImageFrame)]
    assert not [n for n in notes if "logo" in n]
    page = LayoutEngine().layout(doc).pages[0]
    lx, ly, lw, lh = logo.x * MM, logo.y * MM, logo.w * MM, logo.h * MM
    assert logo.x >= doc.safe_margin and logo.x + logo.w <= doc.width - doc.safe_margin
    assert logo.y >= doc.safe_margin and logo.y + logo.h <= doc.height - doc.safe_margin
    for item in page.items:
        if isinstance(item, GlyphRun) and item.text.strip():
            top, bottom = item.y - 0.95 * item.size, item.y + 0.3 * item.size
            apart = (lx >= item.end or lx + lw <= item.xs[0] or ly >= bottom
                     or ly + lh <= top)
            assert apart, (template, item.text)
    assert any(isinstance(i, ImageItem) and i.frame == logo.id for i in page.items)


def test_every_template_printed_in_the_identity(tmp_path):
    """Through the CLI, every template: the group's two colours are painted, and the title
    is never a washed-out grey."""
    from pancarte.model.templates import template_ids

    env = {"PANCARTE_IDENTITIES": str(tmp_path / "ids"), "PANCARTE_CACHE": str(tmp_path / "c"),
           "PANCARTE_LANG": "fr"}
    logo = tmp_path / "logo.png"
    logo.write_bytes(_logo())
    r = run_cli("identity", "create", "Rouge et Or", "--logo", logo, "--color", RED,
                "--color", YELLOW, "--signature", IDENTITY.signature, env=env)
    assert r.returncode == 0, r.stderr
    for template in template_ids():
        out = tmp_path / f"{template}.pdf"
        r = run_cli("compose", template, "--sample", "--identity", "Rouge et Or",
                    "--allow-overflow", "-o", out, env=env)
        assert r.returncode == 0, r.stderr
        px = np.asarray(render_png(out, 72).convert("RGB")).astype(int)
        red = (abs(px - [139, 26, 26]).sum(axis=2) < 30).mean()
        yellow = (abs(px - [255, 212, 0]).sum(axis=2) < 40).sum()
        assert red > 0.01 and yellow >= 20, (template, red, yellow)  # yellow: the logo's star
        # the title, cut out of the page: no solid grey in it (a stroke of a large title
        # painted grey; the anti-aliased edges of white or black letters are not solid)
        (_i, title), = compose(template, sample=True).frames_named("title")
        boxes = pdfinfo_boxes(out)[0]
        x0 = boxes["TrimBox"][0] + title.x * MM
        y0 = boxes["MediaBox"][3] - boxes["TrimBox"][3] + title.y * MM
        scale = 40 / 72
        crop = render_png(out, 40, crop=(x0 * scale, y0 * scale, title.w * MM * scale,
                                         title.h * MM * scale))
        tp = np.asarray(crop.convert("RGB")).astype(int)
        grey = ((np.ptp(tp, axis=2) < 12) & (tp.min(axis=2) > 90) & (tp.max(axis=2) < 200))
        solid = (grey[1:-1, 1:-1] & grey[:-2, 1:-1] & grey[2:, 1:-1] & grey[1:-1, :-2]
                 & grey[1:-1, 2:])
        assert solid.sum() < 10, (template, solid.sum())


def test_no_free_place_is_said(monkeypatch):
    from pancarte.i18n import set_language

    set_language("en")
    try:
        from dataclasses import replace as dc_replace

        from pancarte.model.document import Page, Paragraph, TextFrame

        words = ("Les locataires de la cité des Tilleuls se réunissent chaque mardi "
                 "soir ; venez nombreux, avec vos voisines et vos voisins ! ") * 40
        full = TextFrame(id="all", name="body", x=4, y=4, w=140, h=202,
                         paragraphs=(Paragraph(words, role="paragraph"),), size=14.0)
        doc = compose("flyer-a5", sample=True)
        doc = dc_replace(doc, pages=(Page(frames=(full,)),))
        out, notes = apply_identity(doc, IDENTITY)
        assert any("no place for the logo" in n for n in notes)
        (logo,) = [f for _i, f in out.frames_named("logo")]
        assert logo.w < 0.12 * 148 * 0.6  # made as small as allowed
    finally:
        set_language(None)


def _plates(doc):
    from pancarte.model.document import ShapeFrame

    return [(i, f) for i, f in doc.frames_named("logo-fond") if isinstance(f, ShapeFrame)]


def test_a_logo_that_melts_into_its_ground_gets_a_plate(tmp_path):
    """The red disc logo on a red band: a light plate under it (just beneath it in the
    stacking order, a margin round the disc), so the disc shows whole; printed, the margin
    round the disc is the plate's white."""
    from pancarte.model.fileformat import save_document

    doc, _notes = apply_identity(compose("placard-a3", sample=True), IDENTITY)
    (page, logo), = [(i, f) for i, f in doc.frames_named("logo") if isinstance(f, ImageFrame)]
    (_p, plate), = _plates(doc)
    frames = list(doc.pages[page].frames)
    assert frames.index(plate) == frames.index(logo) - 1
    assert plate.fill == "#ffffff"
    assert plate.x < logo.x and plate.y < logo.y
    assert plate.x + plate.w > logo.x + logo.w and plate.y + plate.h > logo.y + logo.h
    path = tmp_path / "p.pancarte"
    save_document(doc, path)
    out = tmp_path / "p.pdf"
    r = run_cli("export", path, "-o", out, "--preset", "maison")
    assert r.returncode == 0, r.stderr
    boxes = pdfinfo_boxes(out)[0]
    scale = 100 / 72
    x0 = (boxes["TrimBox"][0] + (plate.x + plate.w * 0.02) * MM) * scale
    y0 = (boxes["MediaBox"][3] - boxes["TrimBox"][3] + (plate.y + plate.h * 0.02) * MM) * scale
    corner = np.asarray(render_png(out, 100, crop=(x0, y0, 4, 4)).convert("RGB")).astype(int)
    assert (corner > 245).all(), corner  # the plate's corner, outside the disc: white


def test_no_plate_when_the_logo_stands_out_or_is_opaque():
    # on a white ground the red disc stands out
    doc, _notes = apply_identity(compose("poster-a3", sample=True), IDENTITY)
    assert not _plates(doc)
    # an opaque logo (a JPEG) brings its own ground
    im = Image.open(io.BytesIO(IDENTITY.logo)).convert("RGB")
    jpeg = io.BytesIO()
    im.save(jpeg, "JPEG")
    opaque = Identity(name="Opaque", colors=(RED, YELLOW), logo=jpeg.getvalue())
    doc, _notes = apply_identity(compose("placard-a3", sample=True), opaque)
    assert not _plates(doc)
