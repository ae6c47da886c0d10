"""Small documents and images made on the spot for the print tests, and the CLI as cli.py will
wire it (in process, through the functions of :mod:`pancarte.cli.output`)."""

from __future__ import annotations

import io
import re

from pancarte.model.document import (
    Document,
    Page,
    Paragraph,
    TextFrame,
)

COLORS = {"text": "#1a1a1a", "accent": "#e30613"}


def text_frame(fid: str = "t", x: float = 20, y: float = 20, w: float = 100, h: float = 40,
               text: str = "Bonjour", size: float = 14, **kw) -> TextFrame:
    return TextFrame(fid, x, y, w, h, name=kw.pop("name", fid),
                     paragraphs=(Paragraph(text),) if text else (), size=size, **kw)


def make_doc(*frames, width: float = 210, height: float = 297, pages=None,
             images: dict[str, bytes] | None = None, **kw) -> Document:
    pages = pages or (Page(frames=tuple(frames)),)
    kw.setdefault("reading_distance", 0.5)  # a flyer in hand
    return Document(width=width, height=height, pages=tuple(pages), colors=dict(COLORS),
                    images=dict(images or {}), **kw)


def png_bytes(size=(100, 100), color=(200, 30, 40), mode="RGB", **save) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, color).save(out, "PNG", **save)
    return out.getvalue()


def jpeg_with_gps(size=(400, 300), orientation: int = 1) -> bytes:
    """A JPEG whose EXIF holds a camera name, GPS coordinates and an orientation, plus a
    comment: everything that must not reach a PDF or a document."""
    from PIL import Image

    im = Image.new("RGB", size, (240, 240, 240))
    for x in range(0, size[0] // 4):  # a dark band on the left: shows the orientation
        for y in range(size[1]):
            im.putpixel((x, y), (10, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x013B] = "Jeanne Militante"  # Artist
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 30.0), 3: "E", 4: (2.0, 21.0, 5.0)}
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif.tobytes(), comment=b"secret comment", quality=90)
    return out.getvalue()


SECRETS = (b"SecretCam", b"Jeanne", b"secret comment", b"Exif", b"GPS")


def color_operators(stream: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"(?<![A-Za-z/])(rg|RG|k|K|g|G|sc|scn|SC|SCN)"
                                           rb"(?![A-Za-z])", stream)}


# ---------------------------------------------------------------------------------------------
# The CLI as cli.py wires it, in process


def wired_main(argv: list[str], monkeypatch) -> int:
    """``pancarte.cli.main(argv)`` in this process (the real command, as wired)."""
    from pancarte import cli

    return cli.main(argv)
