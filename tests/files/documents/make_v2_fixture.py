"""Write ``v2-placard-police.pancarte``, the fixture of file format version 2: the version-1
placard whose title is set in a group's own face, carried in the file (``fonts/``).

Run from the repository root: ``python tests/files/documents/make_v2_fixture.py``.

A released format's fixture must never change: once a version 3 exists, this script refuses to
run. ``build_document`` is also imported by the tests to compare the loaded fixture with what was
saved. The face is Lato Black (SIL Open Font License, bundled) cut down to the characters of the
title and renamed, so that the file stays small and the family is not a bundled one.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from pancarte.assets import fonts_dir  # noqa: E402
from pancarte.model.document import FORMAT_VERSION, Document, TextFrame  # noqa: E402

FIXTURE = HERE / "v2-placard-police.pancarte"
VERSION = 2
FAMILY = "Quartier Affiche"


def _v1():
    spec = importlib.util.spec_from_file_location("make_v1_fixture", HERE / "make_v1_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def font_bytes() -> bytes:
    """Lato Black cut to the title's characters, renamed FAMILY; the same bytes every run."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    tt = TTFont(fonts_dir() / "lato" / "Lato-Black.ttf", recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(text=_v1().TITLE + " ")
    sub.subset(tt)
    for rec in tt["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = FAMILY
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "") + "-Regular"
    tt["OS/2"].fsType = 0  # installable
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()


def build_document() -> Document:
    """The version-1 placard, its title in FAMILY (carried in the file)."""
    doc = _v1().build_document()
    (_page, title), = doc.frames_named("title")
    assert isinstance(title, TextFrame)
    roles = {**title.role_styles, "title": {**title.role_styles.get("title", {}),
                                            "family": FAMILY}}
    doc = doc.replace_frame(replace(title, role_styles=roles))
    return replace(doc, fonts={FAMILY: font_bytes()})


def main() -> None:
    if FORMAT_VERSION != VERSION:
        sys.exit(f"the format is now version {FORMAT_VERSION}: the version-{VERSION} fixture "
                 "must stay as released; write a new make_v{N}_fixture.py instead")
    from pancarte.model.fileformat import save_document

    save_document(build_document(), FIXTURE)
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
