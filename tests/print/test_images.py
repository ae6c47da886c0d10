"""Images: EXIF orientation, metadata stripped from documents and PDFs, the bomb guard,
damaged files, downsampling to the need (never up), cropping to what shows, --logo."""

from __future__ import annotations

import argparse
import io
import struct
import zlib

import pikepdf
import pytest
from print_support import SECRETS, jpeg_with_gps, make_doc, png_bytes

from pancarte.cli.output import apply_logo, write_output
from pancarte.errors import PancarteError
from pancarte.export import export_pdf
from pancarte.images import ImageError, clean_image, image_size, import_image, prepare_for_pdf
from pancarte.model.document import ImageFrame
from pancarte.model.edit import compose


def _pil(data: bytes):
    from PIL import Image

    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def _huge_png(w: int = 20000, h: int = 20000) -> bytes:
    """A PNG that declares 400 Mpx in a few bytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))


def _embedded_images(path) -> list[pikepdf.Stream]:
    out = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                out.append((int(obj.Width), int(obj.Height), str(obj.ColorSpace),
                            obj.read_raw_bytes(), "/SMask" in obj))
    return out


def test_orientation_is_applied_and_metadata_stripped():
    data = jpeg_with_gps((400, 300), orientation=6)
    assert image_size(data) == (300, 400)
    cleaned = clean_image(data)
    for secret in SECRETS:
        assert secret not in cleaned, secret
    im = _pil(cleaned)
    assert im.size == (300, 400) and not im.getexif()
    # orientation 6 turns the picture a quarter clockwise: the dark left band is now on top
    assert im.convert("L").getpixel((150, 10)) < 60 and im.convert("L").getpixel((150, 390)) > 200


def test_an_upright_jpeg_keeps_its_compressed_data():
    data = jpeg_with_gps((400, 300), orientation=1)
    cleaned = clean_image(data)
    assert all(s not in cleaned for s in SECRETS)
    assert cleaned[-2000:] == data[-2000:]  # the entropy-coded scan is untouched
    assert _pil(cleaned).tobytes() == _pil(data).tobytes()


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jeanne Militante")
    cleaned = clean_image(png_bytes(pnginfo=info))
    assert b"Jeanne" not in cleaned and b"tEXt" not in cleaned


def test_other_formats_become_png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(out, "GIF")
    assert clean_image(out.getvalue()).startswith(b"\x89PNG")


def test_decompression_bomb_is_an_error():
    with pytest.raises(ImageError, match="too many pixels"):
        image_size(_huge_png())
    with pytest.raises(ImageError):
        clean_image(_huge_png())


@pytest.mark.parametrize("data", [b"", b"not an image", jpeg_with_gps()[:600],
                                  png_bytes()[:60]])
def test_damaged_images_are_errors(data):
    with pytest.raises(ImageError):
        clean_image(data)


def test_import_image_names_and_limits(tmp_path):
    p = tmp_path / "Mon logo é.jpg"
    p.write_bytes(jpeg_with_gps())
    name, data = import_image(p)
    assert name == "images/Mon-logo--.jpg" and data.startswith(b"\xff\xd8")
    with pytest.raises(ImageError):
        import_image(tmp_path / "missing.png")


# ---------------------------------------------------------------------------------------------
# What the PDF embeds


def test_downsampled_to_300_dpi_at_print_size():
    p = prepare_for_pdf(png_bytes((3000, 3000)), (0, 0, 50 * 72 / 25.4, 50 * 72 / 25.4),
                        (0, 0, 500, 500))
    assert p.pixels == (591, 591)


def test_never_upsampled():
    p = prepare_for_pdf(png_bytes((100, 100)), (0, 0, 300, 300), (0, 0, 300, 300))
    assert p.pixels == (100, 100)


def test_only_the_visible_part_is_kept():
    # a 2:1 picture filling a square frame: half of it shows
    p = prepare_for_pdf(png_bytes((1000, 500)), (-72, 0, 144, 72), (0, 0, 72, 72),
                        max_dpi=10_000)
    assert 500 <= p.pixels[0] <= 502 and p.pixels[1] == 500
    assert p.rect[0] <= 0 and p.rect[0] + p.rect[2] >= 72 - 1e-9


def test_pdf_embeds_no_exif_gps_or_comment(tmp_path):
    doc = make_doc(ImageFrame("i", 20, 20, 60, 45, image="images/p.jpg"),
                   images={"images/p.jpg": jpeg_with_gps(orientation=6)})
    # the default PDF (a print shop's: CMYK) and the home printer's (RGB) alike
    for preset, space in ((None, "/DeviceCMYK"), ("maison", "/DeviceRGB")):
        out = tmp_path / f"{preset}.pdf"
        export_pdf(doc, out, preset=preset)
        images = _embedded_images(out)
        assert len(images) == 1
        w, h, cs, raw, _ = images[0]
        assert (w, h) == (300, 400) and cs == space
        data = out.read_bytes()
        for secret in SECRETS:
            assert secret not in raw and secret not in data, secret


def test_cmyk_export_converts_images(tmp_path):
    doc = make_doc(ImageFrame("i", 20, 20, 60, 45, image="images/p.jpg"),
                   images={"images/p.jpg": jpeg_with_gps()})
    out = tmp_path / "a.pdf"
    export_pdf(doc, out, preset="imprimeur")
    (w, h, cs, raw, _), = _embedded_images(out)
    assert cs == "/DeviceCMYK" and b"SecretCam" not in raw


def test_transparency_becomes_a_soft_mask(tmp_path):
    doc = make_doc(ImageFrame("i", 20, 20, 30, 30, image="images/a.png"),
                   images={"images/a.png": png_bytes((200, 200), (200, 30, 40, 128),
                                                     mode="RGBA")})
    for preset in (None, "imprimeur"):
        out = tmp_path / f"{preset}.pdf"
        export_pdf(doc, out, preset=preset)
        main = [i for i in _embedded_images(out) if i[4]]
        assert len(main) == 1, preset


def test_a_page_with_a_transparent_image_declares_its_blending_space(tmp_path):
    """A home printer's RGB page that paints a PNG with alpha says it blends in RGB (Acrobat
    otherwise blends it in CMYK and dulls the whole page); poppler composites it as the editor
    shows it, over the page's colour; a page without transparency is left as it was."""
    import subprocess

    from PIL import Image

    from pancarte.model.document import Page

    logo = png_bytes((200, 200), (200, 30, 40, 128), mode="RGBA")
    doc = make_doc(pages=(Page(frames=(ImageFrame("i", 20, 20, 60, 60, image="images/a.png"),),
                               background="#1a4fa0"), Page(background="#ffd500")),
                   images={"images/a.png": logo}, width=100, height=100)
    out = tmp_path / "maison.pdf"
    export_pdf(doc, out, preset="maison")
    with pikepdf.open(out) as pdf:
        group = pdf.pages[0].obj.Group
        assert (group.Type, group.S, group.CS) == ("/Group", "/Transparency", "/DeviceRGB")
        assert "/Group" not in pdf.pages[1].obj
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", "-singlefile", out,
                    tmp_path / "p"], check=True)
    with Image.open(tmp_path / "p.png") as img:
        rgb = img.convert("RGB")
        centre = rgb.getpixel((rgb.width // 2, rgb.height // 2))
        corner = rgb.getpixel((3, 3))
    alpha = 128 / 255
    expected = [a * alpha + b * (1 - alpha) for a, b in zip((200, 30, 40), corner, strict=True)]
    assert corner == (26, 79, 160)  # the page's blue
    assert all(abs(c - e) <= 3 for c, e in zip(centre, expected, strict=True)), centre
    # the copies of a sheet too; the PDF/X page blends in the output intent's profile
    sheets = tmp_path / "nup.pdf"
    export_pdf(doc, sheets, nup=2, preset="maison")
    with pikepdf.open(sheets) as pdf:
        assert pdf.pages[0].obj.Group.CS == "/DeviceRGB"
    shop = tmp_path / "shop.pdf"
    export_pdf(doc, shop, preset="imprimeur")
    with pikepdf.open(shop) as pdf:
        assert pdf.pages[0].obj.Group.CS[0] == "/ICCBased"
    plain = tmp_path / "plain.pdf"
    export_pdf(make_doc(ImageFrame("i", 20, 20, 60, 60, image="images/b.png"),
                        images={"images/b.png": png_bytes((50, 50))}), plain, preset="maison")
    with pikepdf.open(plain) as pdf:
        assert "/Group" not in pdf.pages[0].obj


# ---------------------------------------------------------------------------------------------
# --logo


def test_logo_fills_the_logo_frame(tmp_path):
    p = tmp_path / "logo.jpg"
    p.write_bytes(jpeg_with_gps())
    doc, found = apply_logo(compose("poster-a3", sample=True), p)
    assert found
    (_, frame), = doc.frames_named("logo")
    assert frame.image == "images/logo.jpg" and frame.image in doc.images
    assert b"SecretCam" not in doc.images[frame.image]


def test_logo_without_a_logo_frame_is_a_warning(tmp_path):
    p = tmp_path / "logo.png"
    p.write_bytes(png_bytes())
    doc = compose("flyer-a6", sample=True)
    assert apply_logo(doc, p) == (doc, False)
    warnings: list[str] = []
    args = argparse.Namespace(logo=str(p), allow_overflow=False, marks=False, no_marks=False,
                              bleed=None,
                              preset=None, tile=None, overlap=None, nup=None, sheet=None,
                              imposition=None, width=None, dpi=150.0)
    assert write_output(doc, str(tmp_path / "a.pdf"), "pdf", args, warn=warnings.append) == 0
    assert warnings == ["the template has no logo frame: logo.png is not used"]


def test_a_damaged_logo_is_a_clear_error(tmp_path):
    p = tmp_path / "logo.jpg"
    p.write_bytes(jpeg_with_gps()[:500])
    with pytest.raises(PancarteError, match="cannot be read"):
        apply_logo(compose("poster-a3", sample=True), p)


def test_logo_from_an_endless_device_is_refused(tmp_path):
    """/dev/urandom reports size 0 but never ends: the read is bounded."""
    import pytest

    from pancarte.images import ImageError, import_image

    with pytest.raises(ImageError):
        import_image("/dev/urandom")
