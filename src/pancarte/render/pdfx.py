"""The CMYK output condition (FOGRA39) and the PDF/X-4 keys ReportLab cannot write.

* Colour: :func:`rgb_to_cmyk` for the colours of the layout (neutral greys and near-black text
  go to black ink alone), :func:`image_to_cmyk` for pictures, through Pancarte's own FOGRA39
  profile (``assets/icc``; how it is built: ``tools/build_icc.sh`` and ``assets/icc/README.md``).
* PDF/X-4: :func:`make_pdfx` takes the finished PDF and adds, with pikepdf, the output intent
  (``/S /GTS_PDFX`` with the profile as ``DestOutputProfile``), ``GTS_PDFXVersion``,
  ``Trapped``, a document ID and the XMP metadata (``pdfxid:GTS_PDFXVersion``). Dates and IDs
  derive from the document itself, so a reproducible export stays reproducible, and nothing
  about the user or the machine goes in.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from functools import cache
from pathlib import Path
from typing import cast

from pancarte import __version__
from pancarte.assets import assets_dir
from pancarte.errors import ExportError

PROFILE_FILE = "pancarte-fogra39.icc"
OUTPUT_CONDITION_ID = "FOGRA39"
OUTPUT_CONDITION = "Offset printing, coated paper (ISO 12647-2:2004/Amd 1, FOGRA39)"
REGISTRY = "http://www.color.org"
PDFX_VERSION = "PDF/X-4"


def icc_path() -> Path:
    return assets_dir() / "icc" / PROFILE_FILE


@cache
def icc_bytes() -> bytes:
    try:
        return icc_path().read_bytes()
    except OSError as exc:
        from pancarte.i18n import _

        raise ExportError(_("the CMYK colour profile is missing ({name}): reinstall Pancarte",
                            name=PROFILE_FILE)) from exc


ICC_CACHE_PREFIX = "icc-deflated-"


@cache
def _icc_deflated() -> bytes:
    """The profile as embedded, compressed (zlib level 9, for the smallest file). Compressing
    its 220 KiB takes longer than the rest of a placard's export, so the result is kept in
    Pancarte's cache folder, keyed by the profile's content hash: the PDF's bytes are the same
    either way. The cache is an optimisation only: a missing, unwritable or damaged cache
    file means compressing again."""
    from pancarte.layout.fonts import cache_dir

    data = icc_bytes()
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    path = cache_dir() / f"{ICC_CACHE_PREFIX}{digest}.zlib"
    try:
        cached = path.read_bytes()
        if zlib.decompress(cached) == data:
            return cached
    except (OSError, zlib.error):
        pass
    out = zlib.compress(data, 9)
    try:
        from pancarte.files import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, out)
    except OSError as exc:
        from pancarte.log import logger

        logger(__name__).debug("cannot cache the compressed colour profile: %s", exc)
    return out


@cache
def _transform(intent: str):
    from PIL import Image, ImageCms

    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(icc_bytes()))
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
    mode = {"perceptual": ImageCms.Intent.PERCEPTUAL,
            "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC}[intent]
    del Image
    return ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK", renderingIntent=mode, flags=flags)


_NEUTRAL = 2.5 / 255  # channels this close together: a grey, printed with black ink alone
_TEXT_BLACK = 0.25  # text this dark and neutral prints as 100 % K (no rich black: see docs/ARCHITECTURE.md, "Print")
_TEXT_NEUTRAL = 0.08


@cache
def rgb_to_cmyk(r: float, g: float, b: float, text: bool = False,
                ) -> tuple[float, float, float, float]:
    """CMYK (0..1) for an sRGB colour (0..1): greys in K alone, black or near-black text in
    100 % K, other colours through the FOGRA39 profile (relative colorimetric)."""
    hi, lo = max(r, g, b), min(r, g, b)
    if text and hi <= _TEXT_BLACK and hi - lo <= _TEXT_NEUTRAL:
        return (0.0, 0.0, 0.0, 1.0)
    if hi - lo <= _NEUTRAL:
        return (0.0, 0.0, 0.0, round(1.0 - (r + g + b) / 3, 4))
    from PIL import Image, ImageCms

    px = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in (r, g, b)))
    out = ImageCms.applyTransform(px, _transform("relative"))
    assert out is not None  # applyTransform returns None only when told to work in place
    c, m, y, k = cast(tuple[int, int, int, int], out.getpixel((0, 0)))
    return (round(c / 255, 4), round(m / 255, 4), round(y / 255, 4), round(k / 255, 4))


def image_to_cmyk(im):
    """A PIL image in CMYK through the FOGRA39 profile (perceptual); greyscale stays
    greyscale (DeviceGray prints with black ink)."""
    from PIL import ImageCms

    if im.mode in ("L", "CMYK"):
        return im
    if im.mode != "RGB":
        im = im.convert("RGB")
    return ImageCms.applyTransform(im, _transform("perceptual"))


# ---------------------------------------------------------------------------------------------
# PDF/X-4


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                       r"(?:([+-Z])(\d{2})?'?(\d{2})?'?)?")


def _xmp_date(pdf_date: str) -> str:
    """``D:20000101000000+00'00'`` → ``2000-01-01T00:00:00+00:00``."""
    m = _PDF_DATE.match(pdf_date.strip())
    if not m:
        return "2000-01-01T00:00:00Z"
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    out = f"{y}-{mo or '01'}-{d or '01'}T{h or '00'}:{mi or '00'}:{s or '00'}"
    if sign in ("+", "-"):
        return out + f"{sign}{th or '00'}:{tm or '00'}"
    return out + "Z"


def _uuid(seed: bytes, salt: str) -> str:
    h = hashlib.sha256(salt.encode() + seed).hexdigest()
    return f"uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _xmp(title: str, created: str, modified: str, seed: bytes) -> bytes:
    producer = f"Pancarte {__version__}"
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_xml_text(title)}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{modified}</xmp:ModifyDate>
   <xmp:MetadataDate>{modified}</xmp:MetadataDate>
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{_uuid(seed, "document")}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{_uuid(seed, "instance")}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
{" " * 2000}
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def _has_soft_mask(resources, seen: set | None = None) -> bool:
    """True when ``resources`` (a page's or a form's) paints an image with a soft mask."""
    import pikepdf

    seen = set() if seen is None else seen
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is None:
        return False
    for _name, xobj in xobjects.items():
        key = xobj.objgen
        if key in seen:
            continue
        seen.add(key)
        if xobj.get("/Subtype") == pikepdf.Name.Image and "/SMask" in xobj:
            return True
        if xobj.get("/Subtype") == pikepdf.Name.Form and _has_soft_mask(xobj.get("/Resources"),
                                                                        seen):
            return True
    return False


def _transparency_groups(pdf, space) -> None:
    """A page that blends (an image with a soft mask: a PNG logo with alpha) declares its
    transparency group, blended in ``space``: without it, Acrobat blends such a page in CMYK
    and shows every colour of the page dulled (poppler and browsers do not)."""
    import pikepdf

    for page in pdf.pages:
        if "/Group" in page.obj or not _has_soft_mask(page.obj.get("/Resources")):
            continue
        page.obj.Group = pikepdf.Dictionary(
            Type=pikepdf.Name.Group, S=pikepdf.Name.Transparency, CS=space)


def _xml_text(text: str) -> str:
    """``text`` escaped for XML character data, as ``xml.sax.saxutils.escape`` does (that
    module imports urllib, http and ssl: 20 ms a compose does not need)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def with_transparency_groups(data: bytes, cmyk: bool = False) -> bytes:
    """``data`` (a PDF that is not PDF/X) with a transparency group, blended in DeviceRGB (or
    DeviceCMYK), on each page that paints an image with a soft mask; ``data`` itself when
    none does."""
    if b"/SMask" not in data:
        return data
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        _transparency_groups(pdf, pikepdf.Name.DeviceCMYK if cmyk else pikepdf.Name.DeviceRGB)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False,
                 compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


def make_pdfx(data: bytes, title: str = "") -> bytes:
    """``data`` (a PDF whose colours are all CMYK or grey) made a PDF/X-4 file.

    The page boxes (TrimBox, BleedBox) must be there already; this adds the output intent,
    the PDF/X keys of the Info dictionary, the XMP metadata and a document ID derived from the
    content."""
    import pikepdf

    seed = hashlib.sha256(data).digest()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = pdf.trailer.get("/Info")
        if info is None:
            info = pdf.make_indirect(pikepdf.Dictionary())
            pdf.trailer.Info = info
        title = title or str(info.get("/Title", "")) or "Pancarte"
        created = str(info.get("/CreationDate", "D:20000101000000+00'00'"))
        modified = str(info.get("/ModDate", created))
        info.Title = pikepdf.String(title)
        info.CreationDate = pikepdf.String(created)
        info.ModDate = pikepdf.String(modified)
        info.GTS_PDFXVersion = pikepdf.String(PDFX_VERSION)
        info.Trapped = pikepdf.Name("/False")
        for key in ("/Author", "/Subject", "/Keywords"):
            if key in info and not str(info[key]):
                del info[key]
        profile = pikepdf.Stream(pdf, _icc_deflated())
        profile.Filter = pikepdf.Name.FlateDecode
        profile.N = 4
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION_ID),
            OutputCondition=pikepdf.String(OUTPUT_CONDITION),
            RegistryName=pikepdf.String(REGISTRY),
            Info=pikepdf.String("Pancarte FOGRA39 (ISO Coated v2 conditions) 300%"),
            DestOutputProfile=pdf.make_indirect(profile),
        )
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        _transparency_groups(pdf, pikepdf.Array([pikepdf.Name.ICCBased,
                                                 intent.DestOutputProfile]))
        xmp = pikepdf.Stream(pdf, _xmp(title, _xmp_date(created), _xmp_date(modified), seed))
        xmp.Type = pikepdf.Name.Metadata
        xmp.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = pdf.make_indirect(xmp)
        out = io.BytesIO()
        # ReportLab compressed its streams already; the XMP packet stays readable as text
        pdf.save(out, deterministic_id=True, fix_metadata_version=False,
                 force_version="1.6", compress_streams=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()
