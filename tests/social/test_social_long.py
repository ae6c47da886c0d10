"""A long tract (1,500 words) as phone images: every template in the three shapes shows a
complete, legible choice of its blocks (title, programme, lead cut at a sentence with "…",
a short quote when there is room, the contact), never a text cut in the middle; stderr says
what was left out; the alt text still holds the whole text in reading order."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from phone_checks import (  # noqa: E402
    LONG_TRACTS,
    TRACTS,
    check_alt_whole,
    check_image,
    long_tract,
    plain,
)

from helpers import decode_qr, run_cli  # noqa: E402
from pancarte.fill.tract import compose_tract  # noqa: E402
from pancarte.layout.engine import LayoutEngine  # noqa: E402
from pancarte.model.document import TextFrame  # noqa: E402
from pancarte.model.edit import compose, set_qr  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402
from pancarte.social import (  # noqa: E402
    MIN_CAP_PX,
    SHAPES,
    export_social,
    min_cap_px,
    phone_document,
)

TEMPLATES = template_ids()
URL = "https://glycines.example.org/22-janvier"


@pytest.fixture(scope="module")
def engine():
    return LayoutEngine()


def _shown(phone_doc) -> list[str]:
    return [p.text for page in phone_doc.pages for f in page.frames
            if isinstance(f, TextFrame) for p in f.paragraphs]


@pytest.mark.parametrize("template", TEMPLATES)
def test_long_tract_on_every_shape(template, engine, tmp_path):
    # the two tracts in turn, so that each template meets one (both run through the CLI below)
    name = LONG_TRACTS[TEMPLATES.index(template) % 2]
    tract = long_tract(name)
    doc, _plan = compose_tract(compose(template), tract, whole_text=True, grow=False)
    doc = set_qr(doc, URL)
    has_qr = any(f.kind == "qr" for f in doc.pages[0].frames)
    blocks = {plain(s) for b in tract.blocks for s in b.strings()}
    for shape in SHAPES:
        out = tmp_path / f"{template}-{shape}.png"
        result = export_social(doc, out, shape, engine=engine)
        # nothing cut: no frame overflows, and every paragraph shown is a whole block or a
        # cut that ends with "…"
        assert result.cut == []
        assert not [f for f in result.layout.findings if f.code == "text-overflow"]
        phone = phone_document(doc, shape, engine)
        shown = [plain(t) for t in _shown(phone.document)]
        assert shown and plain(tract.blocks[0].text).upper() in " ".join(shown).upper()
        for text in shown:  # (an attribution is printed after its dash)
            text = text.removeprefix("\u2014\u00a0")
            assert text in blocks or text.endswith("…") or " · " in text, text
        assert phone.left_out, "a 1,500-word tract never fits a phone image whole"
        assert result.left_out == phone.left_out
        # legible on a phone, the exact pixels, light, no metadata
        assert min_cap_px(result.layout, engine, result.scale) >= MIN_CAP_PX - 0.5
        check_image(out, shape)
        check_alt_whole(result.alt.read_text("utf-8"), tract)
        if has_qr:  # big enough to be read back from the image itself
            with Image.open(out) as im:
                assert decode_qr(im) == [URL]


def test_compose_tract_social_cli(tmp_path):
    """``compose --tract ID --social``: the image picks from the whole tract, stderr names
    what it left out (one line, in French), the alt text holds all of it."""
    env = {"PANCARTE_LIBRARY": str(tmp_path / "lib.sqlite3"), "PANCARTE_LANG": "fr",
           "XDG_DATA_HOME": str(tmp_path / "xdg")}
    r = run_cli("library", "import", "--json", *(TRACTS / n for n in LONG_TRACTS), env=env)
    assert r.returncode == 0, r.stderr
    ids = [row["id"] for row in json.loads(r.stdout)]
    for tid, _name, (template, shape, suffix) in zip(
            ids, LONG_TRACTS, (("poster-a3", "story", ".png"), ("flyer-a5", "square", ".jpg")),
            strict=True):
        out = tmp_path / f"partage-{template}{suffix}"
        r = run_cli("compose", template, "--tract", tid, "--qr", URL, "--social", shape,
                    "-o", out, env=env)
        assert r.returncode == 0, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, r.stderr
        assert "l’image pour téléphone laisse de côté" in lines[0], lines[0]
        assert "pour rester lisible\u00a0: «\u00a0" in lines[0] and out.stem + ".txt" in lines[0]
        assert "**" not in lines[0] and "coupé" not in lines[0]
        assert r.stdout.splitlines() == [str(out), str(out.with_suffix(".txt"))]
        check_image(out, shape)
        with Image.open(out) as im:
            assert decode_qr(im) == [URL]
        r2 = run_cli("library", "show", tid, "--json", env=env)
        from pancarte.library.tract import Tract

        check_alt_whole(out.with_suffix(".txt").read_text("utf-8"),
                        Tract.from_dict(json.loads(r2.stdout)))
