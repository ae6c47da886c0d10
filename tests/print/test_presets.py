"""Output presets on real files: page boxes (pdfinfo), PDF/X-4 (pikepdf: output intent, keys,
XMP, our ICC profile), colour operators in the content streams, privacy of the metadata."""

from __future__ import annotations

import getpass
import subprocess

import pikepdf
import pytest
from print_support import (
    color_operators,
    jpeg_with_gps,
    make_doc,
    text_frame,
)

from helpers import MM, content_streams, pdfinfo, pdfinfo_boxes
from pancarte.export import export_pdf
from pancarte.model.document import ImageFrame, ShapeFrame
from pancarte.model.edit import compose
from pancarte.render.pdfx import icc_bytes, rgb_to_cmyk

TEMPLATE = "poster-a3"  # has an image frame (logo), a QR code, coloured bands
TOL = 0.05 * MM


def _doc():
    doc = compose(TEMPLATE, sample=True)
    (_, logo), = doc.frames_named("logo")
    from dataclasses import replace

    from pancarte.images import clean_image

    images = {"images/logo.jpg": clean_image(jpeg_with_gps())}
    doc = replace(doc, images=images)
    return doc.replace_frame(replace(logo, image="images/logo.jpg"))


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("presets")
    doc = _doc()
    out = {}
    for preset in ("maison", "en-ligne", "imprimeur"):
        path = folder / f"{preset}.pdf"
        export_pdf(doc, path, preset=preset, invariant=True)
        out[preset] = path
    return out, doc


def _close(a, b) -> bool:
    return all(abs(x - y) <= TOL for x, y in zip(a, b, strict=True))


def _grown(box, mm):
    d = mm * MM
    return (box[0] - d, box[1] - d, box[2] + d, box[3] + d)


def test_maison_is_the_trim_alone(exports):
    paths, doc = exports
    for boxes in pdfinfo_boxes(paths["maison"]):
        trim = boxes["TrimBox"]
        assert _close(boxes["MediaBox"], trim) and _close(boxes["BleedBox"], trim)
        assert abs((trim[2] - trim[0]) - doc.width * MM) <= TOL


def test_en_ligne_has_bleed_and_no_marks(exports):
    paths, doc = exports
    for boxes in pdfinfo_boxes(paths["en-ligne"]):
        assert _close(boxes["BleedBox"], _grown(boxes["TrimBox"], doc.bleed))
        assert _close(boxes["MediaBox"], boxes["BleedBox"])


def test_imprimeur_has_bleed_and_room_for_marks(exports):
    paths, doc = exports
    for boxes in pdfinfo_boxes(paths["imprimeur"]):
        assert _close(boxes["BleedBox"], _grown(boxes["TrimBox"], doc.bleed))
        media, bleed = boxes["MediaBox"], boxes["BleedBox"]
        assert media[0] < bleed[0] - 1 and media[2] > bleed[2] + 1


def test_explicit_flags_override_the_preset(tmp_path):
    doc = make_doc(text_frame())
    a = tmp_path / "a.pdf"
    export_pdf(doc, a, preset="maison", bleed=True)
    boxes = pdfinfo_boxes(a)[0]
    assert _close(boxes["BleedBox"], _grown(boxes["TrimBox"], doc.bleed))
    b = tmp_path / "b.pdf"
    export_pdf(doc, b, preset="imprimeur", marks=False)
    boxes = pdfinfo_boxes(b)[0]
    assert _close(boxes["MediaBox"], boxes["BleedBox"])


@pytest.mark.parametrize("preset", ["en-ligne", "imprimeur"])
def test_pdfx4_output_intent_and_keys(exports, preset):
    paths, _ = exports
    with pikepdf.open(paths[preset]) as pdf:
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        assert profile.read_bytes() == icc_bytes()
        info = pdf.trailer.Info
        assert str(info.GTS_PDFXVersion) == "PDF/X-4"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title)
        assert len(pdf.trailer.ID) == 2
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert "<pdf:Trapped>False</pdf:Trapped>" in xmp and "xmpMM:DocumentID" in xmp
        assert pdf.pdf_version == "1.6"
        for page in pdf.pages:
            assert "/TrimBox" in page.obj and "/BleedBox" in page.obj
    assert pdfinfo(paths[preset]).get("PDF subtype") == "PDF/X-4"


def test_maison_is_not_pdfx(exports):
    paths, _ = exports
    with pikepdf.open(paths["maison"]) as pdf:
        assert "/OutputIntents" not in pdf.Root


@pytest.mark.parametrize("preset", ["en-ligne", "imprimeur"])
def test_cmyk_operators_only(exports, preset):
    paths, _ = exports
    for stream in content_streams(paths[preset]):
        # the one colour-space operator allowed: the crop marks' registration colour
        ops = color_operators(stream.replace(b"/All CS 1 SCN", b""))
        assert "k" in ops
        assert not ops & {"rg", "RG", "sc", "scn", "SC", "SCN"}, ops
        assert b"0 0 0 1 k\nBT" in stream  # the near-black text: 100 % K, not rich black
    with pikepdf.open(paths[preset]) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert obj.ColorSpace in (pikepdf.Name.DeviceCMYK, pikepdf.Name.DeviceGray)


def test_maison_is_rgb(exports):
    paths, _ = exports
    ops = set().union(*(color_operators(s) for s in content_streams(paths["maison"])))
    assert "rg" in ops


def test_cmyk_colours_stay_as_given(tmp_path):
    doc = make_doc(text_frame(), ShapeFrame("s", 0, 0, 210, 10, fill="cmyk(10,20,30,40)"),
                   ShapeFrame("r", 0, 20, 210, 10, fill="#e30613"))
    out = tmp_path / "a.pdf"
    export_pdf(doc, out, preset="imprimeur")
    stream, = content_streams(out)
    assert b".1 .2 .3 .4 k" in stream or b"0.1 0.2 0.3 0.4 k" in stream
    c, m, y, k = rgb_to_cmyk(0xE3 / 255, 0x06 / 255, 0x13 / 255)
    assert c < 0.1 and m > 0.9 and y > 0.8  # a red stays a red through the profile


def test_greys_and_black_text_in_black_ink():
    assert rgb_to_cmyk(0.5, 0.5, 0.5) == (0.0, 0.0, 0.0, 0.5)
    assert rgb_to_cmyk(0.1, 0.1, 0.11, text=True) == (0.0, 0.0, 0.0, 1.0)
    assert rgb_to_cmyk(0, 0, 0) == (0.0, 0.0, 0.0, 1.0)


def test_profile_is_a_cmyk_printer_profile():
    import io

    from PIL import ImageCms

    p = ImageCms.ImageCmsProfile(io.BytesIO(icc_bytes()))
    assert p.profile.xcolor_space.strip() == "CMYK" and p.profile.device_class == "prtr"
    assert "FOGRA39" in ImageCms.getProfileDescription(p)


def test_reproducible_pdfx(tmp_path):
    doc = _doc()
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    export_pdf(doc, a, preset="imprimeur", invariant=True)
    export_pdf(doc, b, preset="imprimeur", invariant=True)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("preset", ["maison", "en-ligne", "imprimeur"])
def test_metadata_free_of_user_and_path(tmp_path, preset):
    folder = tmp_path / "dossier-secret"
    folder.mkdir()
    out = folder / "affiche-privee.pdf"
    export_pdf(_doc(), out, preset=preset)  # real dates, real ids
    meta = subprocess.run(["pdfinfo", "-meta", str(out)], capture_output=True, text=True,
                          check=True).stdout
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    secrets = ["/tmp", "/home", "/root", "dossier-secret", "affiche-privee", "SecretCam",
               "Jeanne", "GPS"]
    user = getpass.getuser()
    if len(user) >= 4:
        secrets.append(user)
    data = out.read_bytes()
    for s in secrets:
        assert s not in meta and s not in info, s
        assert s.encode() not in data, s
    with pikepdf.open(out) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    raw = obj.read_bytes()
                except pikepdf.PdfError:  # a JPEG: its bytes as they are
                    raw = obj.read_raw_bytes()
                for s in secrets:
                    if len(s) >= 5:
                        assert s.encode() not in raw, s


def test_image_frame_in_cmyk_is_not_rgb(tmp_path):
    doc = make_doc(ImageFrame("i", 20, 20, 40, 30, image="images/p.jpg"),
                   images={"images/p.jpg": jpeg_with_gps()})
    out = tmp_path / "a.pdf"
    export_pdf(doc, out, preset="en-ligne")
    with pikepdf.open(out) as pdf:
        cs = [obj.ColorSpace for obj in pdf.objects
              if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
    assert cs == [pikepdf.Name.DeviceCMYK]
