"""Preflight: one small document per finding, the words (English and French), JSON, the
exit status of ``pancarte preflight``."""

from __future__ import annotations

import argparse
import io
import json

import pytest
from print_support import make_doc, png_bytes, text_frame

from pancarte.cli.preflight import run_preflight
from pancarte.geometry import MM
from pancarte.i18n import set_language
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import ImageFrame, QRFrame, ShapeFrame, TextFrame
from pancarte.model.edit import compose
from pancarte.model.fileformat import save_document
from pancarte.model.templates import template_ids
from pancarte.preflight import (
    PreflightOptions,
    describe,
    fix,
    legible_distance,
    legible_metres,
    line,
    message,
    preflight,
    required_dpi,
)

ENGINE = LayoutEngine()


def codes(doc, **options) -> list[str]:
    return [f.code for f in preflight(doc, options=PreflightOptions(**options), engine=ENGINE)]


def only(doc, code: str, **options):
    found = [f for f in preflight(doc, options=PreflightOptions(**options), engine=ENGINE)
             if f.code == code]
    assert len(found) == 1, [f.code for f in preflight(doc, engine=ENGINE)]
    return found[0]


def test_a_clean_document_has_no_finding():
    doc = make_doc(text_frame(), ShapeFrame("s", 0, 0, 210, 10, fill="#000000"))
    assert codes(doc) == []


@pytest.mark.parametrize("template", template_ids())
def test_template_samples_are_clean(template):
    """``compose --sample`` must print no warning (tests/render/test_pdf_output.py)."""
    assert codes(compose(template, sample=True)) == []


# ---------------------------------------------------------------------------------------------
# One fixture per finding


def test_text_overflow():
    doc = make_doc(text_frame(w=30, h=8, text="mot " * 200))
    f = only(doc, "text-overflow")
    assert f.severity == "error" and f.frame == "t"


def test_glyph_missing():
    f = only(make_doc(text_frame(text="Paix 漢")), "glyph-missing")
    assert "U+6F22" in message(f)


@pytest.mark.parametrize("frame", [
    TextFrame("e", 20, 20, 50, 20, name="body"),
    QRFrame("e", 20, 20, 40, 40, name="qr"),
    ImageFrame("e", 20, 20, 40, 40, name="photo"),
])
def test_frame_empty(frame):
    f = only(make_doc(frame), "frame-empty")
    assert f.severity == "warning" and f.frame == "e"


def test_an_empty_logo_frame_is_optional():
    assert codes(make_doc(ImageFrame("l", 20, 20, 40, 40, name="logo"))) == []


def test_frame_outside_page():
    f = only(make_doc(text_frame(x=300)), "frame-outside-page")
    assert f.severity == "warning"


def test_frame_in_bleed_only():
    doc = make_doc(ShapeFrame("s", -2.5, 50, 2, 20, fill="#000000"), bleed=3)
    assert only(doc, "frame-in-bleed-only").frame == "s"


def test_text_cut_off_is_an_error():
    f = only(make_doc(text_frame(x=-10)), "text-cut-off")
    assert f.severity == "error"


def test_qr_cut_off_is_an_error():
    doc = make_doc(QRFrame("q", 190, 20, 40, 40, content="https://exemple.org"))
    assert only(doc, "qr-cut-off").severity == "error"


def test_text_outside_safe_zone():
    f = only(make_doc(text_frame(x=2), safe_margin=4), "text-outside-safe-zone")
    assert f.severity == "warning" and f.params["margin_mm"] == 4


def test_qr_outside_safe_zone():
    doc = make_doc(QRFrame("q", 1, 20, 40, 40, content="https://exemple.org"), safe_margin=4)
    assert only(doc, "qr-outside-safe-zone").frame == "q"


def test_image_low_resolution_for_a_flyer():
    doc = make_doc(ImageFrame("i", 20, 20, 100, 100, image="images/a.png"),
                   images={"images/a.png": png_bytes((1000, 1000))})  # 254 dpi
    assert required_dpi(doc) == 300
    f = only(doc, "image-low-resolution")
    assert f.params["dpi"] == 254 and f.params["needed"] == 300
    assert f.params["px_w"] == round(100 / 25.4 * 300)
    assert "1181×1181" in fix(f)


def test_image_resolution_of_a_poster_needs_150_dpi():
    image = {"images/a.png": png_bytes((1000, 1000))}
    frame = ImageFrame("i", 20, 20, 100, 100, image="images/a.png")
    poster = make_doc(frame, width=420, height=594, images=image)
    assert required_dpi(poster) == 150 and codes(poster) == []
    by_kind = make_doc(frame, images=image, template="poster-a4")  # A4, but a poster
    assert required_dpi(by_kind) == 150 and codes(by_kind) == []


def test_image_smaller_than_frame():
    doc = make_doc(ImageFrame("i", 20, 20, 100, 100, image="images/a.png", name="photo"),
                   images={"images/a.png": png_bytes((2400, 1200))})
    f = only(doc, "image-smaller-than-frame")
    assert f.params["band_mm"] == 25


def test_rgb_in_cmyk_only_for_a_cmyk_export():
    doc = make_doc(text_frame(), ShapeFrame("s", 0, 0, 210, 10, fill="#e30613"),
                   ShapeFrame("k", 0, 20, 210, 10, fill="cmyk(0,100,100,0)"))
    assert codes(doc) == []
    f = only(doc, "rgb-in-cmyk", cmyk=True)
    assert f.frame == "s" and f.params["colors"] == "#e30613" and f.params["count"] == 1


def test_rgb_image_in_cmyk():
    doc = make_doc(ImageFrame("i", 20, 20, 30, 30, image="images/a.png"),
                   images={"images/a.png": png_bytes((400, 400))})
    assert codes(doc) == []
    assert only(doc, "rgb-image-in-cmyk", cmyk=True).frame == "i"


def test_text_too_small():
    f = only(make_doc(text_frame(size=5)), "text-too-small")
    assert f.params["size"] == 5 and f.params["min_size"] == 6


def test_qr_too_small_and_low_contrast():
    doc = make_doc(QRFrame("q", 20, 20, 20, 20, content="https://exemple.org",
                           dark="#999999", light="#aaaaaa"), scan_distance=2.0)
    found = codes(doc)
    assert "qr-too-small" in found and "qr-low-contrast" in found


def test_qr_too_dense_for_the_phone():
    """A long payload in a small code: every module too small for the scan distance (the
    event package's check, shown by the editor and ``pancarte preflight`` alike)."""
    text = "Appel à la grève : " + "tous ensemble, " * 40
    doc = make_doc(QRFrame("q", 20, 20, 40, 40, content=text, ecc="H"), scan_distance=1.0)
    f = only(doc, "qr-too-dense")
    assert f.severity == "warning" and f.frame == "q"
    assert fix(f).startswith("print the code larger")
    set_language("fr")
    try:
        assert "les modules du QR code font 0," in line(f) and " — imprimer" in line(f)
    finally:
        set_language(None)
    short = make_doc(QRFrame("q", 20, 20, 40, 40, content="https://exemple.org"))
    assert "qr-too-dense" not in codes(short)


def test_image_unreadable():
    doc = make_doc(ImageFrame("i", 20, 20, 30, 30, image="images/a.png"),
                   images={"images/a.png": b"\x89PNG\r\n\x1a\nnot a png at all"})
    assert only(doc, "image-unreadable").severity == "error"


# ---------------------------------------------------------------------------------------------
# Legibility at a distance


def test_one_centimetre_of_capitals_reads_from_three_metres():
    assert legible_metres(10 * MM) == pytest.approx(3.0)
    assert legible_metres(40 * MM) == pytest.approx(12.0)


def test_text_not_legible_at_the_reading_distance():
    doc = make_doc(text_frame(size=40), reading_distance=10.0)
    f = only(doc, "text-not-legible")
    face = ENGINE.fonts.face("Lato")
    cap_mm = face.cap_height * 40 / MM
    assert f.params["legible_m"] == pytest.approx(round(cap_mm * 0.3, 1))
    assert f.params["needed_mm"] == 33
    assert "legible up to" in message(f)
    set_language("fr")
    assert f"lisible jusqu’à {f.params['legible_m']:g}".replace(".", ",") in message(f)


def test_legible_distance_per_frame():
    doc = make_doc(text_frame("a", w=170, size=100, h=60), text_frame("b", y=100, size=10))
    layout = ENGINE.layout(doc)
    d = legible_distance(layout, ENGINE.fonts)
    assert d["a"] == pytest.approx(10 * d["b"], rel=1e-6)
    assert codes(make_doc(text_frame("a", w=170, size=100, h=60), reading_distance=5)) == []


# ---------------------------------------------------------------------------------------------
# Words and JSON


def test_describe_has_every_field_and_a_fix_for_every_code():
    from pancarte.preflight import FIXES, MESSAGES

    assert set(FIXES) == set(MESSAGES)
    f = only(make_doc(text_frame(size=5)), "text-too-small")
    d = describe(f)
    assert set(d) == {"code", "severity", "page", "frame", "message", "fix", "params"}
    assert d["page"] == 1 and d["frame"] == "t" and d["fix"]
    json.dumps(d)


def test_every_message_and_fix_is_in_french():
    from helpers import french_catalog
    from pancarte.preflight import FIXES, MESSAGES

    fr = french_catalog()
    singulars = [m[0] if isinstance(m, tuple) else m for m in [*MESSAGES.values(), *FIXES.values()]]
    missing = [m for m in singulars if m not in fr]
    assert not missing, missing


def test_french_line_with_a_decimal_comma():
    f = only(make_doc(text_frame(size=5.5)), "text-too-small")
    set_language("fr")
    text = line(f)
    assert text.startswith("page 1 : ") and "5,5 pt" in text and " — agrandir" in text


def _preflight_cli(path, *flags) -> tuple[int, str]:
    ns = argparse.Namespace(document=str(path), json="--json" in flags,
                            preset="imprimeur" if "--imprimeur" in flags else None)
    out = io.StringIO()
    status = run_preflight(ns, out=out)
    return status, out.getvalue()


def test_run_preflight_json_and_exit_status(tmp_path):
    good = tmp_path / "good.pancarte"
    save_document(make_doc(text_frame(size=5)), good)
    status, out = _preflight_cli(good, "--json")
    data = json.loads(out)
    assert status == 0
    # 5 pt capitals are 1.3 mm: legible up to 0.4 m, and this is read at 0.5 m
    assert [d["code"] for d in data] == ["text-too-small", "text-not-legible"]
    assert {"code", "severity", "page", "frame", "message", "fix", "params"} <= set(data[0])
    bad = tmp_path / "bad.pancarte"
    save_document(make_doc(text_frame(x=-10)), bad)
    status, out = _preflight_cli(bad, "--json")
    assert status == 1 and json.loads(out)[0]["severity"] == "error"
    status, out = _preflight_cli(bad)
    assert status == 1 and out.startswith("error: page 1: ")


def test_run_preflight_checks_for_the_preset(tmp_path):
    path = tmp_path / "a.pancarte"
    save_document(compose("poster-a3", sample=True), path)
    assert json.loads(_preflight_cli(path, "--json")[1]) == []
    data = json.loads(_preflight_cli(path, "--json", "--imprimeur")[1])
    assert [d["code"] for d in data] == ["rgb-in-cmyk"]
    status, out = _preflight_cli(path)
    assert status == 0 and "ready to print" in out
