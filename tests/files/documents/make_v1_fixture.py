"""Write ``v1-placard.pancarte``, the fixture of file format version 1.

Run from the repository root: ``python tests/files/documents/make_v1_fixture.py``.

A released format's fixture must never change: once a version 2 exists, this script refuses to
run (it would write a version-2 file under the version-1 name). ``build_document`` is also
imported by the tests to compare the loaded fixture with what was saved.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from pancarte.model.document import (  # noqa: E402
    FORMAT_VERSION,
    Document,
    ImageFrame,
    Page,
    Paragraph,
    QRFrame,
    ShapeFrame,
    TextFrame,
)

FIXTURE = HERE / "v1-placard.pancarte"
VERSION = 1
TITLE = "Pas de quartier sans écoles !"
QR_URL = "https://example.org/ecoles"
LOGO = "images/logo.png"


def logo_png() -> bytes:
    """A tiny 8×8 PNG: a red square with a white cross."""
    from PIL import Image

    img = Image.new("RGB", (8, 8), (200, 16, 46))
    for i in range(8):
        img.putpixel((i, 3), (255, 255, 255))
        img.putpixel((3, i), (255, 255, 255))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()


def build_document() -> Document:
    """The A4 placard stored in the version-1 fixture."""
    title = TextFrame(
        id="title",
        name="title",
        x=15, y=20, w=180, h=60,
        paragraphs=(
            Paragraph(TITLE, role="title"),
            Paragraph("Rassemblement devant la mairie, samedi 10\u202fh", role="subtitle"),
        ),
        size=28.0,
        autofit=True,
        balance=True,
    )
    qr = QRFrame(id="qr", name="qr", x=150, y=230, w=45, h=45, content=QR_URL, ecc="M",
                 caption="Toutes les infos")
    band = ShapeFrame(id="band", x=0, y=200, w=210, h=8, fill="$accent")
    logo = ImageFrame(id="logo", name="logo", x=15, y=230, w=40, h=40, image=LOGO)
    return Document(
        width=210,
        height=297,
        pages=(Page(frames=(title, qr, band, logo)),),
        colors={"accent": "#c8102e", "text": "#1a1a1a"},
        template="affiche-a4",
        title="Écoles du quartier",
        images={LOGO: logo_png()},
    )


def main() -> None:
    if FORMAT_VERSION != VERSION:
        sys.exit(f"the format is now version {FORMAT_VERSION}: the version-{VERSION} fixture "
                 "must stay as released; write a new make_v{N}_fixture.py instead")
    from pancarte.model.fileformat import save_document

    save_document(build_document(), FIXTURE)
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
