"""Every template × every kind of payload, printed and scanned: zxing-cpp reads the PDF's QR
code at print resolution and as a blurred phone photo taken from the template's scan
distance, and reads back exactly the payload (a VEVENT with its CRLF) — or the payload is
refused, or flagged too dense, with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from event_helpers import ICS, run_compose
from PIL import ImageFilter

from helpers import MM, decode_qr, pdfinfo_boxes, render_png
from pancarte.errors import PancarteError
from pancarte.event.ical import read_ics
from pancarte.event.payload import vevent_variants
from pancarte.event.qr import PHONE_FIELD, PHONE_PIXELS, qr_findings
from pancarte.export import export_pdf
from pancarte.layout.boxes import QRItem
from pancarte.model.templates import template_ids

TEMPLATES = template_ids()
THABOR_FILE = ICS / "nextcloud-paris.ics"
THABOR = read_ics(THABOR_FILE).events[0]
PRINT_DPI = 300
PHONE_BLUR = 1.0  # px: focus and motion blur of a hand-held phone
TEXT = "Collectif Vélo Rennes — réunion chaque mardi à 18 h 30, « tous bienvenus » !"
PAYLOADS = {
    "url": ("--qr-content", "url", "--qr-caption"),
    "event": ("--qr-content", "event"),
    "geo": ("--qr-content", "geo"),
    "text": ("--qr-content", "text", "--qr-text", TEXT),
    "mailto": ("--qr-text", "mailto:velo-rennes@exemple.org?subject=Pique-nique%20du%20Thabor",
               "--qr-ecc", "Q"),
}
EXPECTED = {
    "url": THABOR.url,
    "geo": "geo:48.1147,-1.6694",
    "text": TEXT,
    "mailto": "mailto:velo-rennes@exemple.org?subject=Pique-nique%20du%20Thabor",
}


def phone_dpi(scan_distance_m: float) -> float:
    """The resolution of a phone camera's preview held at the scan distance."""
    return 25.4 * PHONE_PIXELS / (PHONE_FIELD * scan_distance_m * 1000)


def decode_area(path: Path, page: int, item: QRItem, dpi: float, blur: float = 0.0) -> list[str]:
    """Render only the code's area (plus 2 mm) at ``dpi`` and decode it."""
    boxes = pdfinfo_boxes(path)[page - 1]
    trim, media = boxes["TrimBox"], boxes["MediaBox"]
    ox, oy = trim[0], media[3] - trim[3]
    s, m, r = dpi / 72, 2 * MM, item.rect
    image = render_png(path, dpi, page, crop=((ox + r.x - m) * s, (oy + r.y - m) * s,
                                             (r.w + 2 * m) * s, (r.h + 2 * m) * s))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    return decode_qr(image)


@pytest.mark.parametrize("kind", list(PAYLOADS))
@pytest.mark.parametrize("template", TEMPLATES)
def test_payload_scans(tmp_path, template, kind):
    out = tmp_path / "affiche.pdf"
    doc, notes, _args = run_compose(template, "--sample", "--event", THABOR_FILE,
                                    *PAYLOADS[kind], "-o", out)
    result = export_pdf(doc, out, invariant=True)
    items = [(i + 1, it) for i, p in enumerate(result.layout.pages) for it in p.items
             if isinstance(it, QRItem)]
    assert len(items) == 1, "every template has one QR frame"
    page, item = items[0]
    payload = item.content
    if kind == "event":
        assert payload in vevent_variants(THABOR)
        assert payload.startswith("BEGIN:VEVENT\r\n") and payload.endswith("END:VEVENT\r\n")
    else:
        assert payload == EXPECTED[kind]
    assert decode_area(out, page, item, PRINT_DPI) == [payload]
    dense = [n for n in notes if "needs" in n and "mm" in n]
    if dense:  # refused for the phone, with a reason, and the editor shows it too
        assert [f.code for f in qr_findings(doc)] == ["qr-too-dense"]
        return
    assert not qr_findings(doc)
    dpi = phone_dpi(doc.scan_distance)
    assert decode_area(out, page, item, dpi, PHONE_BLUR) == [payload], (
        f"not read at {dpi:.0f} dpi, {item.module_size / MM:.2f} mm modules")
    if kind == "url":
        assert "exemple.org/pique-nique-thabor" in " ".join(
            p.text for f in doc.pages[page - 1].frames for p in getattr(f, "paragraphs", ()))


@pytest.mark.parametrize("template", TEMPLATES)
def test_payload_too_long_is_refused(template):
    with pytest.raises(PancarteError, match="too long"):
        run_compose(template, "--sample", "--qr-content", "text", "--qr-text", "é" * 1900,
                    "--qr-ecc", "H", "-o", "x.pdf")


def test_dense_text_is_flagged_with_its_reason():
    text = "Appel à la grève : " + "tous ensemble, " * 40
    doc, notes, _ = run_compose("flyer-a6", "--sample", "--qr-text", text, "-o", "x.pdf")
    assert any("a phone 0.25 m away needs 0.50 mm" in n for n in notes), notes
    assert [f.code for f in qr_findings(doc)] == ["qr-too-dense"]
