"""The floor for ``pancarte compose``: the least any program must do to make the same PDF.

    python bench/floor_compose.py placard OUT.pdf [--pdfx]
    python bench/floor_compose.py tract OUT.pdf [--pdfx]

A plain ReportLab canvas: the TrueType faces the placard (or the tract) prints with, registered
and embedded (subset); a greedy line breaker over ``stringWidth``; the QR code as filled
rectangles (module matrix from ``qrcode``); trim + bleed + crop marks (TrimBox, BleedBox).
``--pdfx``: every colour in CMYK, then the output intent and the PDF/X-4 keys added with
pikepdf (what the print-shop default does). No Pancarte import: this is the baseline
``bench/bench_compose.py`` measures ``pancarte compose`` against.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
MM = 72 / 25.4
PDFX = "--pdfx" in sys.argv

PLACARD_TEXT = (
    "Samedi vingt-cinq mai, toutes et tous devant la mairie pour exiger des écoles ouvertes, "
    "des classes à vingt-cinq élèves au plus, des cantines publiques et gratuites, des "
    "remplaçantes et des remplaçants pour chaque absence, des locaux chauffés l'hiver et "
    "aérés l'été, des postes d'AESH stables, une médecine scolaire présente, des sorties "
    "financées, des bibliothèques ouvertes, des cours d'école végétalisées et sûres, et "
    "une vraie concertation avec les parents avant toute fermeture de classe décidée en "
    "haut lieu sans nous."
)


def colour(hexa: str):
    r, g, b = (int(hexa[i:i + 2], 16) / 255 for i in (1, 3, 5))
    if not PDFX:
        return Color(r, g, b)
    k = 1 - max(r, g, b)
    if k >= 1:
        return CMYKColor(0, 0, 0, 1)
    return CMYKColor((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def register(faces: dict[str, str]) -> None:
    for name, rel in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(ASSETS / "fonts" / rel)))


def lines_of(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking over stringWidth."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if line and pdfmetrics.stringWidth(trial, font, size) > width:
                out.append(line)
                line = word
            else:
                line = trial
        out.append(line)
    return out


def fit(text: str, font: str, _top: float, width: float, height: float, leading: float,
        lo: float, hi: float) -> tuple[float, list[str]]:
    """The largest size (halving the interval) at which ``text`` fits the box."""
    best = lo, lines_of(text, font, lo, width)
    for _ in range(8):
        mid = (lo + hi) / 2
        lines = lines_of(text, font, mid, width)
        if len(lines) * mid * leading <= height and all(
                pdfmetrics.stringWidth(line, font, mid) <= width for line in lines):
            best, lo = (mid, lines), mid
        else:
            hi = mid
    return best


def text_block(c: Canvas, lines: list[str], font: str, size: float, x: float, y: float,
               leading: float, fill) -> float:
    c.setFillColor(fill)
    c.setFont(font, size)
    for line in lines:
        y -= size * leading
        c.drawString(x, y, line)
    return y


def body_block(c: Canvas, lines: list[tuple[str, str]], x: float, y: float, fill) -> None:
    c.setFillColor(fill)
    for font, line in lines:
        y -= 10.5 * 1.35
        c.setFont(font, 10.5)
        c.drawString(x, y, line)


def qr(c: Canvas, data: str, x: float, y: float, side: float, dark) -> None:
    import qrcode

    q = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(data)
    q.make(fit=True)
    matrix = q.get_matrix()
    n = len(matrix)
    cell = side / n
    c.setFillColor(dark)
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                c.rect(x + start * cell, y + side - (r + 1) * cell, (col - start) * cell, cell,
                       stroke=0, fill=1)
            else:
                col += 1


def page_setup(c: Canvas, w: float, h: float, bleed: float, room: float) -> None:
    m = bleed + room
    c.setPageSize((w + 2 * m, h + 2 * m))
    c.setTrimBox((m, m, m + w, m + h))
    c.setBleedBox((m - bleed, m - bleed, m + w + bleed, m + h + bleed))
    c.translate(m, m)


def marks(c: Canvas, w: float, h: float, bleed: float) -> None:
    c.setStrokeColor(CMYKColor(1, 1, 1, 1))
    c.setLineWidth(0.25)
    length = 5 * MM
    for x in (0, w):
        for y in (0, h):
            dx = -1 if x == 0 else 1
            dy = -1 if y == 0 else 1
            c.line(x + dx * bleed, y, x + dx * (bleed + length), y)
            c.line(x, y + dy * bleed, x, y + dy * (bleed + length))


FACES = {
    "placard": {"RC-Bold": "roboto-condensed/RobotoCondensed-Bold.ttf",
                "Lato-Bold": "lato/Lato-Bold.ttf"},
    "tract": {"RC-Bold": "roboto-condensed/RobotoCondensed-Bold.ttf",
              "Vk": "vollkorn/Vollkorn-Regular.ttf", "Vk-Bold": "vollkorn/Vollkorn-Bold.ttf",
              "Lato": "lato/Lato-Regular.ttf", "Lato-Bold": "lato/Lato-Bold.ttf"},
}


def placard(c: Canvas) -> None:
    w, h, bleed = 297 * MM, 420 * MM, 3 * MM
    page_setup(c, w, h, bleed, 6 * MM)
    c.setFillColor(colour("#d7191c"))
    c.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed, stroke=0, fill=1)
    c.setFillColor(colour("#ffffff"))
    c.rect(0, 0, w, 128 * MM, stroke=0, fill=1)
    size, lines = fit("GRÈVE", "RC-Bold", 0, 269 * MM, 262 * MM, 0.95, 36, 420)
    text_block(c, lines, "RC-Bold", size, 14 * MM, h - 16 * MM, 0.95, colour("#ffffff"))
    size, lines = fit(PLACARD_TEXT, "RC-Bold", 0, 196 * MM, 86 * MM, 1.05, 12, 60)
    text_block(c, lines, "RC-Bold", size, 14 * MM, h - 302 * MM, 1.05, colour("#1a1a1a"))
    qr(c, "https://example.org/ecoles-nord", 219 * MM, h - 374 * MM, 68 * MM,
       colour("#1a1a1a"))
    text_block(c, ["COLLECTIF DES PARENTS DU QUARTIER NORD"], "Lato-Bold", 16, 14 * MM,
               h - 392 * MM, 1.0, colour("#d7191c"))
    marks(c, w, h, bleed)
    c.showPage()


def tract(c: Canvas) -> None:
    sample = json.loads((ASSETS / "templates" / "tract-a4.json").read_text("utf-8"))["sample"]
    w, h, bleed = 210 * MM, 297 * MM, 3 * MM
    red, ink, white = colour("#c8102e"), colour("#1a1a1a"), colour("#ffffff")
    body = []
    for para in sample["body"].split("\n\n"):
        if para.startswith("**"):  # a bold lead-in line, then the list
            head, _, para = para[2:].partition("**")
            body.append(("Vk-Bold", head))
        body += [("Vk", line) for line in lines_of(para.strip(), "Vk", 10.5, 154 * MM)]
    first = int(186 * MM // (10.5 * 1.35))
    # page 1: band, title, body
    page_setup(c, w, h, bleed, 6 * MM)
    c.setFillColor(red)
    c.rect(-bleed, h - 84 * MM, w + 2 * bleed, 84 * MM + bleed, stroke=0, fill=1)
    size, lines = fit(sample["title"].upper(), "RC-Bold", 0, 154 * MM, 60 * MM, 0.93, 18, 76)
    text_block(c, lines, "RC-Bold", size, 28 * MM, h - 14 * MM, 0.93, white)
    body_block(c, body[:first], 28 * MM, h - 96 * MM, ink)
    marks(c, w, h, bleed)
    c.showPage()
    # page 2: the rest of the body, band, event, footer, QR
    page_setup(c, w, h, bleed, 6 * MM)
    body_block(c, body[first:], 28 * MM, h - 18 * MM, ink)
    c.setFillColor(red)
    c.rect(-bleed, -bleed, w + 2 * bleed, 77 * MM + bleed, stroke=0, fill=1)
    event = sample["event"].replace("\n\n", "\n")
    size, lines = fit(event, "RC-Bold", 0, 110 * MM, 32 * MM, 1.05, 9, 20)
    text_block(c, lines, "RC-Bold", size, 28 * MM, h - 229 * MM, 1.05, white)
    footer = sample["footer"].replace("**", "").split("\n\n")
    y = text_block(c, [footer[0]], "Lato-Bold", 9, 28 * MM, h - 270 * MM, 1.25, white)
    text_block(c, lines_of(footer[1], "Lato", 9, 110 * MM), "Lato", 9, 28 * MM, y, 1.25,
               white)
    qr(c, sample["qr"], 140 * MM, h - 271 * MM, 42 * MM, ink)
    marks(c, w, h, bleed)
    c.showPage()


def make_pdfx(path: str) -> None:
    import pikepdf

    icc = ASSETS / "icc"
    profile = next(iter(sorted(icc.glob("*.ic[cm]"))), None)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String("FOGRA39"),
            RegistryName=pikepdf.String("http://www.color.org"))
        if profile is not None:
            stream = pikepdf.Stream(pdf, profile.read_bytes())
            stream[pikepdf.Name.N] = 4
            intent[pikepdf.Name.DestOutputProfile] = stream
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        pdf.docinfo[pikepdf.Name.GTS_PDFXVersion] = pikepdf.String("PDF/X-4")
        pdf.docinfo[pikepdf.Name.Trapped] = pikepdf.Name.False_
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
        pdf.save(path)


def main() -> None:
    kind, out = sys.argv[1], sys.argv[2]
    register(FACES[kind])
    c = Canvas(out, pageCompression=1, initialFontName=next(iter(FACES[kind])))
    c.setTitle("Pancarte")
    {"placard": placard, "tract": tract}[kind](c)
    c.save()
    if PDFX:
        make_pdfx(out)


if __name__ == "__main__":
    main()
