"""End to end: every template composed with its sample through the CLI, then the PDF checked
with poppler (boxes, fonts, text) and zxing-cpp (the QR code), as a print shop would."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import (  # noqa: E402
    MM,
    decode_qr,
    pdffonts,
    pdfinfo_boxes,
    pdftotext,
    render_png,
    run_cli,
)
from pancarte.layout.boxes import GlyphRun, QRItem  # noqa: E402
from pancarte.layout.engine import LayoutEngine  # noqa: E402
from pancarte.model.edit import compose  # noqa: E402
from pancarte.model.templates import load_template, template_ids, template_info  # noqa: E402

REQUIRED_TEMPLATES = ("placard-a3", "placard-50x70", "poster-a4", "poster-a3", "poster-a2",
                      "flyer-a5", "flyer-a6", "tract-a4")
TEMPLATES = template_ids()
TOL = 0.05 * MM  # ±0.05 mm, in pt
QR_OVERRIDE = "https://exemple.org/a?b=c&d=é"
QR_DPI = 150
BASE14 = ("Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats")
SPECIAL = "’«»—"  # typographic punctuation that must survive when the sample has it


def test_required_templates_exist():
    missing = [t for t in REQUIRED_TEMPLATES if t not in TEMPLATES]
    assert not missing, f"templates missing from assets/templates: {missing}"


def test_there_are_templates():
    assert TEMPLATES, "template_ids() is empty"


# ---------------------------------------------------------------------------------------------
# Composition, cached per (template, flags) for the whole module


class _Compositions:
    """``compose TEMPLATE --sample FLAGS`` through the CLI, once per (template, flags)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.done: dict[tuple[str, tuple[str, ...]], tuple[Path, str]] = {}

    def run(self, template: str, *flags: str) -> tuple[Path, str]:
        key = (template, flags)
        if key not in self.done:
            out = self.folder / f"{template}-{len(self.done)}.pdf"
            r = run_cli("compose", template, "--sample", *flags, "-o", out,
                        env={"PANCARTE_LANG": "en"})
            assert r.returncode == 0, (
                f"compose {template} --sample {' '.join(flags)}: exit {r.returncode}\n"
                f"{r.stderr}")
            assert "Traceback" not in r.stderr, r.stderr
            assert out.is_file() and out.read_bytes().startswith(b"%PDF-")
            self.done[key] = (out, r.stderr)
        return self.done[key]

    def __call__(self, template: str, *flags: str) -> Path:
        return self.run(template, *flags)[0]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> _Compositions:
    return _Compositions(tmp_path_factory.mktemp("pdf-output"))


@pytest.mark.parametrize("template", TEMPLATES)
def test_sample_composes_without_warnings(pdf, template):
    """A template's own sample is the showcase: it fits, every glyph is there, the QR code is
    large enough for its scan distance."""
    _, stderr = pdf.run(template)
    assert stderr == "", stderr


@pytest.mark.parametrize("template", TEMPLATES)
def test_sample_text_and_qr_inside_the_safe_zone(template):
    doc = compose(template, sample=True)
    layout = LayoutEngine().layout(doc)
    safe = doc.safe_margin * MM
    eps = 0.01
    for n, page in enumerate(layout.pages, 1):
        lo_x, hi_x, hi_y = safe - eps, page.width - safe + eps, page.height - safe + eps
        for it in page.items:
            if isinstance(it, QRItem):  # the quiet zone included
                r = it.rect
                assert (r.x >= lo_x and r.y >= safe - eps and r.x + r.w <= hi_x
                        and r.y + r.h <= hi_y), f"page {n}: QR code {r} outside the safe zone"
            elif isinstance(it, GlyphRun):
                assert it.xs[0] >= lo_x and it.end <= hi_x and safe - eps <= it.y <= hi_y, (
                    f"page {n}: {it.text!r} at x {it.xs[0] / MM:.1f}–{it.end / MM:.1f} mm, "
                    f"baseline {it.y / MM:.1f} mm: outside the {doc.safe_margin:g} mm safe zone")


def _size(box: tuple[float, ...]) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


def _assert_box_close(actual, expected, what: str) -> None:
    assert all(abs(a - e) <= TOL for a, e in zip(actual, expected, strict=True)), (
        f"{what}: {tuple(round(v, 2) for v in actual)} != "
        f"{tuple(round(v, 2) for v in expected)} (±{TOL:.2f} pt)")


def _grown(box: tuple[float, ...], mm: float) -> tuple[float, ...]:
    d = mm * MM
    return (box[0] - d, box[1] - d, box[2] + d, box[3] + d)


def _contains(outer, inner) -> bool:
    return (outer[0] <= inner[0] + 0.01 and outer[1] <= inner[1] + 0.01
            and outer[2] >= inner[2] - 0.01 and outer[3] >= inner[3] - 0.01)


def _strictly_contains(outer, inner) -> bool:
    return (outer[0] < inner[0] - 0.5 and outer[1] < inner[1] - 0.5
            and outer[2] > inner[2] + 0.5 and outer[3] > inner[3] + 0.5)


def _check_geometry(path: Path, template: str, bleed_mm: float, marks: bool) -> None:
    info = template_info(template)
    pages = pdfinfo_boxes(path)
    assert len(pages) == info.pages, f"{len(pages)} pages, the template has {info.pages}"
    for n, boxes in enumerate(pages, 1):
        trim, bleed, media = boxes["TrimBox"], boxes["BleedBox"], boxes["MediaBox"]
        w, h = _size(trim)
        assert abs(w - info.width * MM) <= TOL and abs(h - info.height * MM) <= TOL, (
            f"page {n}: TrimBox is {w / MM:.2f}×{h / MM:.2f} mm, "
            f"expected {info.width:g}×{info.height:g} mm")
        _assert_box_close(bleed, _grown(trim, bleed_mm),
                          f"page {n}: BleedBox should be the TrimBox + {bleed_mm:g} mm")
        assert _contains(media, bleed), f"page {n}: MediaBox {media} does not hold {bleed}"
        if marks:
            assert _strictly_contains(media, bleed), (
                f"page {n}: crop marks on, yet no room for them outside the BleedBox")
        else:
            _assert_box_close(media, bleed, f"page {n}: no marks: MediaBox == BleedBox")


def _default_bleed(template: str) -> float:
    """The template's own bleed (3 mm usually, large formats often 5 mm)."""
    return load_template(template).bleed


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_bleed_is_a_print_shop_bleed(template):
    assert 3.0 <= _default_bleed(template) <= 5.0


@pytest.mark.parametrize("template", TEMPLATES)
def test_default_boxes_and_crop_marks(pdf, template):
    path = pdf(template)
    _check_geometry(path, template, _default_bleed(template), marks=True)
    # the marks are really drawn: the top-left corner's horizontal mark lies left of the
    # BleedBox, level with the trim's top edge, where nothing else is painted
    boxes = pdfinfo_boxes(path)[0]
    media, bleed, trim = boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]
    dpi = 150
    s = dpi / 72
    y = (media[3] - trim[3]) * s
    im = render_png(path, dpi, 1, crop=(0, y - 6, (bleed[0] - media[0]) * s - 1, 12))
    darkest = im.convert("L").getextrema()[0]
    assert darkest < 160, "no crop mark drawn left of the BleedBox"


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_marks(pdf, template):
    _check_geometry(pdf(template, "--no-marks"), template, _default_bleed(template), marks=False)


# --bleed 5 shares its composition with the --qr override (one subprocess less per template)
BLEED_FLAGS = {0: ("--bleed", "0"), 5: ("--bleed", "5", "--qr", QR_OVERRIDE)}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("bleed", [0, 5])
def test_bleed_option(pdf, template, bleed):
    _check_geometry(pdf(template, *BLEED_FLAGS[bleed]), template, bleed, marks=True)


# ---------------------------------------------------------------------------------------------
# Fonts


@pytest.mark.parametrize("template", TEMPLATES)
def test_fonts_embedded_subset_unicode(pdf, template):
    fonts = pdffonts(pdf(template))
    assert fonts, "pdffonts lists no font"
    for f in fonts:
        assert (f["emb"], f["sub"], f["uni"]) == ("yes", "yes", "yes"), f
        assert "TrueType" in f["type"], f


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_base14_font(pdf, template):
    path = pdf(template)
    names = [f["name"].split("+", 1)[-1] for f in pdffonts(path)]
    # also every /BaseFont of the file, used on a page or not
    names += [m.decode("latin-1").split("+", 1)[-1]
              for m in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", path.read_bytes())]
    bad = [n for n in names if n.startswith(BASE14)]
    assert not bad, f"standard (non-embedded) fonts in the PDF: {bad}"


# ---------------------------------------------------------------------------------------------
# Text


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("'", "’").replace("...", "…")
    return " ".join(text.split())


def _sample(template: str) -> dict:
    return template_info(template).sample


@pytest.mark.parametrize("template", TEMPLATES)
def test_sample_title_is_searchable(pdf, template):
    title = _sample(template).get("title")
    if not isinstance(title, str) or not title.strip():
        pytest.skip("the template's sample has no title")
    text = _norm(pdftotext(pdf(template)))
    missing = [w for w in _norm(title.replace("*", "")).split() if w not in text]
    assert not missing, f"title words not found in the PDF text: {missing}\n{text}"


@pytest.mark.parametrize("template", TEMPLATES)
def test_sample_accents_and_punctuation_survive(pdf, template):
    sample = " ".join(v for v in _sample(template).values() if isinstance(v, str))
    wanted = {c for c in sample if not c.isascii() and unicodedata.category(c).startswith("L")}
    wanted |= {c for c in SPECIAL if c in sample}
    if re.search(r"\w'", sample):
        wanted.add("’")  # French rules print an apostrophe as ’
    if not wanted:
        pytest.skip("no accented letter or French punctuation in the sample")
    text = _norm(pdftotext(pdf(template)))
    missing = sorted(c for c in wanted if _norm(c) not in text)
    assert not missing, (f"characters lost in the PDF text: "
                         f"{[f'U+{ord(c):04X} {c}' for c in missing]}\n{text}")


# ---------------------------------------------------------------------------------------------
# QR code


def _qr_items(template: str, qr: str | None = None) -> list[tuple[int, QRItem]]:
    layout = LayoutEngine().layout(compose(template, sample=True, qr=qr))
    return [(i + 1, it) for i, p in enumerate(layout.pages) for it in p.items
            if isinstance(it, QRItem)]


def _decode_qr_in(path: Path, page: int, item: QRItem) -> list[str]:
    """Render only the QR code's area (plus 2 mm) of ``page`` and decode it."""
    boxes = pdfinfo_boxes(path)[page - 1]
    trim, media = boxes["TrimBox"], boxes["MediaBox"]
    ox, oy = trim[0], media[3] - trim[3]  # trim's top-left, pt from the page's top-left
    s = QR_DPI / 72
    margin = 2 * MM
    r = item.rect
    crop = ((ox + r.x - margin) * s, (oy + r.y - margin) * s,
            (r.w + 2 * margin) * s, (r.h + 2 * margin) * s)
    return decode_qr(render_png(path, QR_DPI, page, crop=crop))


@pytest.mark.parametrize("template", TEMPLATES)
def test_sample_qr_decodes(pdf, template):
    url = _sample(template).get("qr")
    if not url:
        pytest.skip("the template's sample has no QR code")
    items = _qr_items(template)
    assert items, "the sample has a QR content but the layout has no QR code"
    path = pdf(template)
    for page, item in items:
        assert item.content == url
        assert _decode_qr_in(path, page, item) == [url]


@pytest.mark.parametrize("template", TEMPLATES)
def test_qr_override_decodes_exactly(pdf, template):
    if not _qr_items(template, QR_OVERRIDE):
        pytest.skip("the template has no QR frame")
    path = pdf(template, *BLEED_FLAGS[5])
    for page, item in _qr_items(template, QR_OVERRIDE):
        assert _decode_qr_in(path, page, item) == [QR_OVERRIDE]
