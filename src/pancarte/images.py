"""Images: read them safely, learn their size, clean them for a document and for a PDF.

Every image goes through Pillow with its decompression-bomb guard on (a bomb is an error, not
a warning). What Pancarte keeps or embeds carries pixels only: EXIF (GPS included), XMP, IPTC,
comments, PNG text chunks and embedded profiles are left behind, after the EXIF orientation
has been applied to the pixels.

Two uses:

* :func:`import_image` — a user's file (``compose --logo FILE``, the editor's "insert image")
  becomes the bytes a ``.pancarte`` document stores: a PNG or a JPEG, cleaned.
* :func:`prepare_for_pdf` — an image frame's picture becomes what the PDF embeds: cropped to
  what shows, downsampled to the resolution print needs (never upsampled), converted to CMYK
  for a CMYK export; JPEG stays JPEG (its bytes untouched when nothing else has to change).
"""

from __future__ import annotations

import io
import math
import warnings
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from pancarte.errors import PancarteError
from pancarte.i18n import _
from pancarte.log import logger

MAX_PIXELS = 80_000_000  # 80 Mpx: a 50×70 cm placard at 300 dpi needs 49 Mpx
MAX_FILE_SIZE = 64 * 1024 * 1024  # what a .pancarte member may hold
PRINT_DPI = 300.0  # embedded images are downsampled to this at their printed size
_DOWNSAMPLE_SLACK = 1.15  # within 15 % of the target, keep the pixels as they are
JPEG_QUALITY = 92

# Pillow's own guard: a warning from MAX_IMAGE_PIXELS, an error from twice that. Ours is tighter
# and every warning is turned into an error where we open images.
if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageError(PancarteError):
    """An image cannot be used: unreadable, damaged, a decompression bomb or too large."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """An image's pixel size after its EXIF orientation, and its file format."""

    width: int
    height: int
    format: str  # "JPEG", "PNG", …
    mode: str


# ---------------------------------------------------------------------------------------------
# Opening


def _open(data: bytes, name: str = "") -> Image.Image:
    """Open ``data`` with the bomb guard as an error; raise ImageError on anything wrong.

    The image is not loaded yet (the caller decides whether pixels are needed)."""
    if len(data) > MAX_FILE_SIZE:
        raise ImageError(_("image {name} is too large (over {mb} MB)", name=name,
                           mb=MAX_FILE_SIZE // 2**20))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            w, h = im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(_("image {name} has too many pixels (a decompression bomb?)",
                           name=name)) from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for damaged files
        logger(__name__).debug("image %s cannot be opened", name, exc_info=True)
        raise ImageError(_("image {name} cannot be read", name=name)) from None
    if w <= 0 or h <= 0 or w * h > MAX_PIXELS:
        raise ImageError(_("image {name} has too many pixels (a decompression bomb?)",
                           name=name))
    return im


def _load(data: bytes, name: str = "") -> Image.Image:
    """The decoded image, EXIF orientation applied, metadata gone (``info`` emptied)."""
    from PIL import ImageOps

    im = _open(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im.load()
            oriented = ImageOps.exif_transpose(im)
    except Exception:  # noqa: BLE001 - truncated or damaged data
        logger(__name__).debug("image %s cannot be decoded", name, exc_info=True)
        raise ImageError(_("image {name} cannot be read", name=name)) from None
    if oriented is None:  # pragma: no cover - Pillow < 9.4 returned None in-place
        oriented = im
    oriented.info = {}
    return oriented


def orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block means "as stored"
        logger(__name__).debug("damaged EXIF block: the image is used as stored", exc_info=True)
        return 1


def image_info(data: bytes) -> ImageInfo:
    """Size (after EXIF orientation), format and mode of an image that decodes whole.

    The one check every image of a document goes through: the layout engine calls it before
    it places an image, so the preflight, the PDF renderer and the Qt renderer (editor, PNG)
    all see the same verdict — a truncated JPEG is an error everywhere, never half a photo.
    The header is read with the bomb guard on, then every pixel is decoded once; the verdict
    is cached by content. Raises ImageError for anything Pillow cannot open and decode
    safely."""
    verdict = _verdict(data)
    if isinstance(verdict, str):
        raise ImageError(verdict)
    return verdict


@lru_cache(maxsize=128)
def _verdict(data: bytes) -> ImageInfo | str:
    """image_info's answer, or the ImageError's message (failures are cached too: the editor
    lays out at every keystroke)."""
    try:
        im = _open(data)
        w, h = im.size
        if orientation(im) in (5, 6, 7, 8):  # a quarter turn
            w, h = h, w
        info = ImageInfo(w, h, im.format or "", im.mode)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                im.load()  # every pixel: a truncated or damaged file fails here
        except Exception:  # noqa: BLE001 - truncated or damaged data
            raise ImageError(_("image {name} cannot be read", name="")) from None
    except ImageError as exc:
        return str(exc)
    return info


def image_size(data: bytes) -> tuple[int, int]:
    info = image_info(data)
    return info.width, info.height


def effective_dpi(pixels: tuple[int, int], width_pt: float, height_pt: float) -> float:
    """Pixels per inch at the printed size (the smaller of both axes)."""
    pw, ph = pixels
    if width_pt <= 0 or height_pt <= 0:
        return math.inf
    return min(pw / (width_pt / 72.0), ph / (height_pt / 72.0))


# ---------------------------------------------------------------------------------------------
# Into a document


def import_image(path: str | Path) -> tuple[str, bytes]:
    """Read a user's image file; return (suggested archive name, cleaned PNG or JPEG bytes).

    Raises ImageError when the file cannot be read, is damaged, is a decompression bomb or is
    too large."""
    path = Path(path)
    from pancarte.files import read_or_refuse

    too_large = _("image {name} is too large (over {mb} MB)", name=path.name,
                  mb=MAX_FILE_SIZE // 2**20)
    with suppress(OSError):  # a file too large is refused without reading it
        if path.stat().st_size > MAX_FILE_SIZE:
            raise ImageError(too_large)
    data = read_or_refuse(path, MAX_FILE_SIZE, ImageError, too_large, shown=path.name)
    cleaned = clean_image(data, path.name)
    stem = "".join(c if (c.isascii() and c.isalnum()) or c in "_-" else "-"
                   for c in path.stem)[:60] or "image"
    ext = ".jpg" if cleaned.startswith(b"\xff\xd8") else ".png"
    return f"images/{stem}{ext}", cleaned


def clean_image(data: bytes, name: str = "") -> bytes:
    """``data`` as a PNG or JPEG without metadata, in its EXIF orientation.

    A JPEG that needs no rotation keeps its compressed data (only the metadata segments go);
    anything else is encoded again (JPEG at high quality, everything else as PNG)."""
    im = _open(data, name)
    if im.format == "JPEG" and orientation(im) == 1:
        _load(data, name)  # decodes it all: a damaged file fails here, not at export
        return strip_jpeg(data)
    pixels = _load(data, name)
    if im.format == "JPEG":
        return _encode_jpeg(pixels)
    return _encode_png(pixels)


def _encode_png(im: Image.Image) -> bytes:
    if im.mode not in ("1", "L", "LA", "RGB", "RGBA", "P"):
        im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
    out = io.BytesIO()
    im.save(out, "PNG")  # no pnginfo: no text chunks; no exif, no icc_profile
    return out.getvalue()


def _encode_jpeg(im: Image.Image) -> bytes:
    if im.mode not in ("L", "RGB", "CMYK"):
        im = im.convert("RGB")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)  # no exif, no icc_profile
    return out.getvalue()


# JPEG markers kept: the image itself, plus JFIF (APP0: pixel density) and Adobe (APP14: the
# colour transform a decoder needs). Every other APPn (EXIF, XMP, ICC, IPTC…) and COM go.
_KEEP_APP = (0xE0, 0xEE)


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG without its metadata segments; the compressed image data is untouched.

    Raises ImageError when the marker structure is broken."""
    if not data.startswith(b"\xff\xd8"):
        raise ImageError(_("image {name} cannot be read", name=""))
    out = bytearray(b"\xff\xd8")
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            raise ImageError(_("image {name} cannot be read", name=""))
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == 0xD9:  # EOI
            out += b"\xff\xd9"
            return bytes(out)
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # no length
            out += bytes((0xFF, marker))
            continue
        if i + 2 > n:
            break
        length = int.from_bytes(data[i:i + 2], "big")
        if length < 2 or i + length > n:
            raise ImageError(_("image {name} cannot be read", name=""))
        segment = data[i - 2:i + length]
        if marker == 0xDA:  # start of scan: the rest is entropy-coded data up to EOI
            out += data[i - 2:]
            return bytes(out)
        if (0xE0 <= marker <= 0xEF and marker not in _KEEP_APP) or marker == 0xFE:
            i += length
            continue
        out += segment
        i += length
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Into a PDF


@dataclass(frozen=True)
class PdfImage:
    """What the PDF renderer draws: ``source`` (a file-like JPEG, or a PIL image) into
    ``rect`` (pt, layout coordinates), with ``alpha`` (a PIL "L" image) as soft mask or None."""

    source: object
    rect: tuple[float, float, float, float]  # x, y, w, h
    alpha: object | None
    pixels: tuple[int, int]


def prepare_for_pdf(data: bytes, rect: tuple[float, float, float, float],
                    clip: tuple[float, float, float, float], *, cmyk: bool = False,
                    max_dpi: float = PRINT_DPI, name: str = "") -> PdfImage | None:
    """The image of a frame as the PDF embeds it, or None when nothing of it shows.

    ``rect`` is where the whole picture lands, ``clip`` what of it is seen (pt). Only the
    visible part is kept (a cropped-out part of a photo is not in the file), downsampled to
    ``max_dpi`` at its printed size when it has more, never upsampled."""
    x, y, w, h = rect
    cx0, cy0 = max(x, clip[0]), max(y, clip[1])
    cx1, cy1 = min(x + w, clip[0] + clip[2]), min(y + h, clip[1] + clip[3])
    if cx1 <= cx0 or cy1 <= cy0 or w <= 0 or h <= 0:
        return None
    head = _open(data, name)
    passthrough_ok = head.format == "JPEG" and orientation(head) == 1 and not cmyk
    pw, ph = image_size(data)
    sx, sy = pw / w, ph / h  # pixels per pt
    # the visible part in pixels, one pixel of margin so that edges do not show a seam
    px0 = max(0, math.floor((cx0 - x) * sx) - 1)
    py0 = max(0, math.floor((cy0 - y) * sy) - 1)
    px1 = min(pw, math.ceil((cx1 - x) * sx) + 1)
    py1 = min(ph, math.ceil((cy1 - y) * sy) + 1)
    crop = (px0, py0, px1, py1) != (0, 0, pw, ph)
    out_rect = (x + px0 / sx, y + py0 / sy, (px1 - px0) / sx, (py1 - py0) / sy)
    dpi = effective_dpi((px1 - px0, py1 - py0), out_rect[2], out_rect[3])
    target = None
    if dpi > max_dpi * _DOWNSAMPLE_SLACK:
        scale = max_dpi / dpi
        target = (max(1, round((px1 - px0) * scale)), max(1, round((py1 - py0) * scale)))
    if passthrough_ok and not crop and target is None and head.mode in ("RGB", "L"):
        image_info(data)  # fully decodable (checked once), or ImageError, never a broken PDF
        return PdfImage(io.BytesIO(strip_jpeg(data)), out_rect, None, (pw, ph))
    im = _load(data, name)
    if crop:
        im = im.crop((px0, py0, px1, py1))
    alpha = None
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info) or \
            (im.mode in ("RGB", "L") and "transparency" in im.info):
        im = im.convert("RGBA")
        alpha = im.getchannel("A")
        if alpha.getextrema() == (255, 255):
            alpha = None
        im = im.convert("RGB")
    elif im.mode not in ("RGB", "L", "CMYK"):
        im = im.convert("RGB")
    if target is not None:
        im = im.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if alpha is not None:
            alpha = alpha.resize(target, Image.Resampling.LANCZOS)
    if cmyk and im.mode != "CMYK":
        from pancarte.render.pdfx import image_to_cmyk

        im = image_to_cmyk(im)
    elif not cmyk and im.mode == "CMYK":
        im = im.convert("RGB")
    size = im.size
    if head.format == "JPEG" and alpha is None:
        source: object = io.BytesIO(_encode_jpeg(im))
    else:
        source = im
    return PdfImage(source, out_rect, alpha, size)
