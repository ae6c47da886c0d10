"""PDF renderer (ReportLab): paints a laid-out document, never measures or breaks text.

Text is written with our own text operators: each glyph run becomes ``TJ`` arrays whose
adjustments put every character exactly where the layout engine placed it (kerning and
justification included), while the characters themselves stay searchable through the
font's ToUnicode map. User text never goes near ReportLab's paragraph markup.

The page is the trim plus the bleed (plus room for crop marks when they are on); TrimBox
and BleedBox are written on every page.

A page is painted by :class:`PagePainter` in the trim's own coordinates (origin at the trim's
bottom-left corner, points): the same painter serves the plain page, the tiles of a placard
printed on small sheets and the copies of an N-up sheet (:mod:`pancarte.render.imposition`),
each with its own translation and clip. In CMYK mode every colour is written with ``k``/``K``
(RGB colours through :mod:`pancarte.render.pdfx`) and images are converted; with ``pdfx`` the
finished file becomes a PDF/X-4.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.colors import Color as RLColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pancarte import __version__
from pancarte.geometry import MM
from pancarte.layout.boxes import (
    DocumentLayout,
    GlyphRun,
    ImageItem,
    PageLayout,
    QRItem,
    RectItem,
)
from pancarte.layout.fonts import FontLibrary, library
from pancarte.model.color import Color

MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.25  # pt
MARK_ROOM = 1 * MM  # beyond the marks, inside the MediaBox
# the registration colour: the Separation /All colour space, which prints on every plate
# without counting as 400 % ink
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters outside the BMP written as UTF-16
    surrogate pairs (ReportLab writes ``<1F600>``, which readers take for U+1F60)."""
    entries = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
               for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def subset_tag(font_name: str, subset: list[int], seed: bytes = b"") -> str:
    """The six capital letters before a subset font's name (``QXKZBM+Lato-Regular``), drawn
    from the document's content (``seed``), the font and the characters the subset holds: each
    file gets its own tags (two jobs ganged on a sheet do not clash) and the same content the
    same tags (reproducible)."""
    digest = hashlib.sha256(seed + font_name.encode("utf-8", "replace") + b"\0" +
                            ",".join(map(str, subset)).encode()).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


_rl_add_objects = ttfonts.TTFont.addObjects
_tags_lock = threading.Lock()


def _add_objects(self, doc) -> None:
    """ReportLab's TTFont.addObjects, with our subset tags instead of AAAAAA, AAAAAB…"""
    state = self.state.get(doc)
    subsets = list(state.subsets) if state is not None else []
    name = self.face.name.decode("latin-1") if isinstance(self.face.name, bytes) else \
        str(self.face.name)
    seed = getattr(doc, "_pancarte_seed", b"")
    tags = [subset_tag(name, list(sub), seed).encode("ascii") for sub in subsets]
    with _tags_lock:  # SUBSETN is looked up in the module when the objects are made
        original = ttfonts.SUBSETN
        ttfonts.SUBSETN = lambda n, *_a: tags[n] if n < len(tags) else original(n)
        try:
            _rl_add_objects(self, doc)
        finally:
            ttfonts.SUBSETN = original


ttfonts.TTFont.addObjects = _add_objects


@dataclass(frozen=True)
class PdfOptions:
    marks: bool = True
    bleed: bool = True  # False: the page is the trim alone (home printing)
    title: str = ""
    invariant: bool = False  # reproducible bytes (fixed dates and ids), for tests
    cmyk: bool = False  # every colour and image in CMYK (black text in 100 % K)
    pdfx: bool = False  # PDF/X-4 with the FOGRA39 output intent (needs cmyk)
    image_dpi: float = 300.0  # embedded images are downsampled to this at print size
    # mm at each edge of an imposed sheet (tiles, N-up, booklet) that the printer cannot
    # print: nothing is drawn there (home printers: 4.5); 0 for a print shop
    unprintable: float = 0.0


def _rl_color(c: Color, cmyk: bool = False, text: bool = True) -> RLColor:
    """ReportLab's colour for ``c``: as given (CMYK when the user gave cmyk()), or all in CMYK
    for a CMYK export, where near-black prints as black ink alone, 100 % K, whether text,
    QR code or rule (``text=False`` keeps a dark grey a grey tint)."""
    if c.cmyk is not None:
        return CMYKColor(*c.cmyk)
    if cmyk:
        from pancarte.render.pdfx import rgb_to_cmyk

        return CMYKColor(*rgb_to_cmyk(c.r, c.g, c.b, text))
    return RLColor(c.r, c.g, c.b)


class _Fonts:
    """ReportLab TTFont objects for our faces, registered under names of our own."""

    def __init__(self, fonts: FontLibrary) -> None:
        self.fonts = fonts
        self.by_key: dict[str, TTFont] = {}

    def get(self, key: str) -> TTFont:
        font = self.by_key.get(key)
        if font is None:
            name = "Pancarte-" + re.sub(r"[^A-Za-z0-9]+", "-", key.removesuffix(".ttf"))
            # never pdfmetrics.getFont() for a name not registered yet: on a miss it parses
            # every .afm file on the machine before giving up
            if name in pdfmetrics.getRegisteredFontNames():
                font = pdfmetrics.getFont(name)
            else:
                face = self.fonts.face_by_key(key)
                font = TTFont(name, io.BytesIO(face.data), shapable=False)
                pdfmetrics.registerFont(font)
            self.by_key[key] = font
        return font

    def sans(self) -> TTFont:
        """The bundled sans-serif, for Pancarte's own words on a sheet (labels, assembly map)."""
        return self.get(self.fonts.face(self.fonts.family_for_use("sans")).key)


def new_canvas(layout: DocumentLayout, options: PdfOptions, fonts: FontLibrary,
               pagesize: tuple[float, float]) -> tuple[Canvas, io.BytesIO, _Fonts]:
    """A ReportLab canvas set up as every Pancarte PDF is: no personal metadata, fixed dates
    and ids when ``options.invariant``."""
    rl_config.useA85 = 0  # binary image streams: ASCII85 makes them a quarter larger for nothing
    reg = _Fonts(fonts)
    first_face = next(
        (it.face for p in layout.pages for it in p.items if isinstance(it, GlyphRun)),
        fonts.face(fonts.family_for_use("sans")).key,
    )
    initial = reg.get(first_face)
    buf = io.BytesIO()
    canvas = Canvas(
        buf,
        pagesize=pagesize,
        invariant=1 if options.invariant else 0,
        initialFontName=initial.fontName,
        initialFontSize=12,
        pageCompression=1,
    )
    canvas._doc._pancarte_seed = _content_seed(layout)  # for the subset tags
    canvas.setTitle(options.title or "Pancarte")
    canvas.setAuthor("")
    canvas.setSubject("")
    canvas.setKeywords("")
    canvas.setCreator(f"Pancarte {__version__}")
    canvas.setProducer(f"Pancarte {__version__}")
    return canvas, buf, reg


def _content_seed(layout: DocumentLayout) -> bytes:
    """A digest of what the document says and where: the seed of its subset tags."""
    h = hashlib.sha256()
    for page in layout.pages:
        h.update(f"{page.width:.2f}x{page.height:.2f};".encode())
        for item in page.items:
            if isinstance(item, GlyphRun):
                h.update(f"{item.face}|{item.size:.2f}|{item.y:.1f}|".encode())
                h.update(item.text.encode("utf-8", "surrogatepass"))
    return h.digest()


def finish(canvas: Canvas, buf: io.BytesIO, options: PdfOptions) -> bytes:
    """Save the canvas; return the PDF bytes (made PDF/X-4 when ``options.pdfx``; else the
    pages with transparent images declare their blending space)."""
    canvas.save()
    data = buf.getvalue()
    if options.pdfx:
        from pancarte.render.pdfx import make_pdfx

        return make_pdfx(data, options.title)
    if b"/SMask" not in data:  # no transparent image: nothing to declare
        return data
    from pancarte.render.pdfx import with_transparency_groups

    return with_transparency_groups(data, options.cmyk)


def render_pdf(layout: DocumentLayout, options: PdfOptions | None = None,
               fonts: FontLibrary | None = None) -> bytes:
    """Return the PDF bytes of ``layout``."""
    options = options or PdfOptions()
    fonts = fonts or library()
    canvas, buf, reg = new_canvas(layout, options, fonts, _media_size(layout.pages[0], options))
    painter = PagePainter(canvas, reg, options)
    for page in layout.pages:
        _render_page(canvas, page, options, painter)
        canvas.showPage()
    return finish(canvas, buf, options)


def _margin(page: PageLayout, options: PdfOptions) -> float:
    """Distance from the MediaBox edge to the trim edge."""
    if not options.bleed:
        return 0.0
    if options.marks:
        return max(page.bleed, 3 * MM) + MARK_LENGTH + MARK_ROOM
    return page.bleed


def _media_size(page: PageLayout, options: PdfOptions) -> tuple[float, float]:
    m = _margin(page, options)
    return (page.width + 2 * m, page.height + 2 * m)


def _render_page(canvas: Canvas, page: PageLayout, options: PdfOptions,
                 painter: PagePainter) -> None:
    m = _margin(page, options)
    mw, mh = _media_size(page, options)
    canvas.setPageSize((mw, mh))
    b = page.bleed if options.bleed else 0.0
    canvas.setTrimBox((m, m, m + page.width, m + page.height))
    canvas.setBleedBox((m - b, m - b, m + page.width + b, m + page.height + b))
    canvas.setCropBox((0, 0, mw, mh))
    canvas.saveState()
    canvas.translate(m, m)
    # without bleed, what lies in the bleed is not on this page
    painter.draw(page, clip=None if options.bleed else (0, 0, page.width, page.height))
    canvas.restoreState()
    if options.bleed and options.marks:
        _crop_marks(canvas, page, m)


class PagePainter:
    """Paints the items of a laid-out page on a canvas whose origin is the trim's bottom-left
    corner (the caller translates, scales and clips). Prepared images are kept, so a page drawn
    on many sheets decodes and embeds each image once."""

    def __init__(self, canvas: Canvas, reg: _Fonts, options: PdfOptions) -> None:
        self.canvas = canvas
        self.reg = reg
        self.options = options
        self._images: dict[tuple, object] = {}

    def color(self, c: Color, text: bool = True) -> RLColor:
        return _rl_color(c, self.options.cmyk, text)

    @property
    def black(self) -> RLColor:
        return CMYKColor(0, 0, 0, 1) if self.options.cmyk else RLColor(0, 0, 0)

    def draw(self, page: PageLayout, clip: tuple[float, float, float, float] | None = None,
             ) -> None:
        """Paint ``page``; ``clip`` = (x, y, w, h) in layout coordinates (pt, y down)."""
        canvas = self.canvas
        H = page.height

        def X(x: float) -> float:
            return x

        def Y(y: float) -> float:
            return H - y

        canvas.saveState()
        if clip is not None:
            p = canvas.beginPath()
            p.rect(clip[0], H - clip[1] - clip[3], clip[2], clip[3])
            canvas.clipPath(p, stroke=0, fill=0)
        for item in page.items:
            if isinstance(item, GlyphRun):
                _draw_run(canvas, item, self.reg, X, Y, self.color(item.color, text=True))
            elif isinstance(item, RectItem):
                r = item.rect
                if item.fill is not None:
                    canvas.setFillColor(self.color(item.fill))
                if item.stroke is not None:
                    canvas.setStrokeColor(self.color(item.stroke))
                    canvas.setLineWidth(item.stroke_width)
                canvas.rect(X(r.x), Y(r.bottom), r.w, r.h,
                            stroke=1 if item.stroke is not None and item.stroke_width > 0 else 0,
                            fill=1 if item.fill is not None else 0)
            elif isinstance(item, QRItem):
                _draw_qr(canvas, item, X, Y, self.color)
            elif isinstance(item, ImageItem):
                self._draw_image(item, X, Y)
            else:  # a new kind of item must be drawn here, never silently left out
                raise TypeError(f"the PDF renderer cannot draw {type(item).__name__}")
        canvas.restoreState()

    def _draw_image(self, item: ImageItem, X, Y) -> None:
        from pancarte.images import prepare_for_pdf

        r, c = item.rect, item.clip
        key = (item.name, hash(item.data), (r.x, r.y, r.w, r.h), (c.x, c.y, c.w, c.h))
        cached = self._images.get(key)
        if cached is None:
            prepared = prepare_for_pdf(item.data, (r.x, r.y, r.w, r.h), (c.x, c.y, c.w, c.h),
                                       cmyk=self.options.cmyk, max_dpi=self.options.image_dpi,
                                       name=item.name)
            if prepared is None:
                self._images[key] = False
                return
            reader = ImageReader(prepared.source)
            if prepared.alpha is not None:
                reader.getRGBData()  # decodes now; then the soft mask is ours to give
                reader._dataA = ImageReader(prepared.alpha)
            cached = (reader, prepared.rect, prepared.alpha is not None)
            self._images[key] = cached
        elif cached is False:
            return
        reader, (x, y, w, h), has_alpha = cached
        canvas = self.canvas
        canvas.saveState()
        p = canvas.beginPath()
        p.rect(X(c.x), Y(c.bottom), c.w, c.h)
        canvas.clipPath(p, stroke=0, fill=0)
        canvas.drawImage(reader, X(x), Y(y + h), w, h, mask="auto" if has_alpha else None)
        canvas.restoreState()


def _draw_run(canvas: Canvas, run: GlyphRun, reg: _Fonts, X, Y, color: RLColor) -> None:
    font = reg.get(run.face)
    face = font.face
    size = run.size
    canvas.setFillColor(color)
    code = canvas._code  # our own text operators, see the module docstring
    escape = canvas._escape
    chunks = font.splitString(run.text, canvas._doc)
    y = Y(run.y)
    i = 0
    out = ["BT"]
    for subset, data in chunks:
        name = font.getSubsetInternalName(subset, canvas._doc)
        out.append(f"{name} {_n(size)} Tf")
        out.append(f"1 0 0 1 {_n(X(run.xs[i]))} {_n(y)} Tm")
        parts: list[str] = []
        pending = bytearray()
        for k in range(len(data)):
            ch = run.text[i + k]
            pending.append(data[k])
            if i + k + 1 < len(run.xs) and k + 1 < len(data):
                natural = face.getCharWidth(ord(ch) if ch != "\u00a0" else 32) * size / 1000
                actual = run.xs[i + k + 1] - run.xs[i + k]
                adj = (natural - actual) * 1000 / size
                if abs(adj) > 0.05:
                    parts.append(f"({escape(bytes(pending))})")
                    parts.append(_n(adj))
                    pending = bytearray()
        if pending:
            parts.append(f"({escape(bytes(pending))})")
        out.append(f"[{' '.join(parts)}] TJ")
        i += len(data)
    out.append("ET")
    code.append("\n".join(out))


def _n(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _draw_qr(canvas: Canvas, item: QRItem, X, Y, color=_rl_color) -> None:
    r = item.rect
    canvas.setFillColor(color(item.light))
    canvas.rect(X(r.x), Y(r.bottom), r.w, r.h, stroke=0, fill=1)
    path = canvas.beginPath()
    for m in item.dark_rects():
        path.rect(X(m.x), Y(m.bottom), m.w, m.h)
    canvas.setFillColor(color(item.dark))
    canvas.drawPath(path, stroke=0, fill=1, fillMode=0)


def _crop_marks(canvas: Canvas, page: PageLayout, m: float) -> None:
    """Trim marks at the four corners, outside the bleed, in registration colour."""
    offset = max(page.bleed, 3 * MM)
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
    x0, x1 = m, m + page.width
    y0, y1 = m, m + page.height
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            canvas.line(x + sx * offset, y, x + sx * (offset + MARK_LENGTH), y)
            canvas.line(x, y + sy * offset, x, y + sy * (offset + MARK_LENGTH))
    canvas.restoreState()
