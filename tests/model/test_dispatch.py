"""Dispatch that cannot forget: a frame kind or layout item that a check does not handle fails
loudly, and every field of every frame kind goes to the file and back (the JSON form is derived
from the dataclasses' fields)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace

import pytest

from pancarte import preflight
from pancarte.model.document import (
    FRAME_KINDS,
    Document,
    Frame,
    ImageFrame,
    Page,
    Paragraph,
    QRFrame,
    Settings,
    ShapeFrame,
    TextFrame,
    TextStyle,
)
from pancarte.model.fileformat import dumps_document, loads_document


@dataclass(frozen=True)
class OddFrame(Frame):
    kind = "odd"


def test_a_frame_kind_preflight_does_not_know_fails_loudly():
    with pytest.raises(AssertionError):
        preflight._is_empty(OddFrame("o", 0, 0, 10, 10), set())  # type: ignore[arg-type]


def test_a_layout_item_preflight_does_not_know_fails_loudly():
    with pytest.raises(AssertionError):
        preflight._colors_of(object())  # type: ignore[arg-type]


# a value unlike the default for every field of every frame kind
ODD = {
    "name": "body", "paragraphs": (Paragraph("Tous à la manif !", role="title"),),
    "size": 33.5, "autofit": True, "min_size": 7.0, "max_size": 90.0, "valign": "bottom",
    "padding": 2.5, "balance": True, "hyphenate": False,
    "style": TextStyle(family="Roboto Condensed", bold=True, tracking=12.0),
    "role_styles": {"title": {"italic": True}}, "background": "#ffee00", "next_frame": "t2",
    "content": "https://exemple.org/manif", "ecc": "H", "dark": "#112233", "light": "#fefefe",
    "caption": "exemple.org", "image": "images/logo.png", "fit": "fill",
    "fill": None, "stroke": "#000000", "stroke_width": 0.7,
}


def test_every_field_of_every_frame_kind_goes_to_the_file_and_back():
    frames = []
    for kind, cls in FRAME_KINDS.items():
        own = {f.name for f in fields(cls)} - {"id", "x", "y", "w", "h"}
        missing = own - ODD.keys()
        assert not missing, f"{kind}: give ODD a value for {missing}"
        frames.append(cls(id=f"f-{kind}", x=1.5, y=2.5, w=50, h=60,
                          **{k: ODD[k] for k in own}))
    target = TextFrame(id="t2", x=0, y=100, w=50, h=50)
    doc = Document(width=210, height=297, pages=(Page(tuple(frames) + (target,)),),
                   settings=Settings(french_rules=False, hyphenate=False, lang="en"),
                   images={"images/logo.png": _png()})
    back = loads_document(dumps_document(doc))
    assert back.pages == doc.pages and back.settings == doc.settings
    # and the stored form is stable: saving the loaded document again gives the same JSON
    again = loads_document(dumps_document(back))
    assert json.dumps(again.to_dict()) == json.dumps(back.to_dict())


def test_fields_keep_their_defaults_when_absent():
    data = {"id": "s", "kind": "shape", "x": 0, "y": 0, "w": 1, "h": 1}
    from pancarte.model.document import frame_from_dict

    assert frame_from_dict(None, data) == ShapeFrame("s", 0, 0, 1, 1)
    text = frame_from_dict(None, {**data, "kind": "text"})
    assert text == replace(TextFrame("s", 0, 0, 1, 1)) and text.style == TextStyle()
    assert frame_from_dict(None, {**data, "kind": "qr"}) == QRFrame("s", 0, 0, 1, 1)
    assert frame_from_dict(None, {**data, "kind": "image"}) == ImageFrame("s", 0, 0, 1, 1)


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "#ff0000").save(out, "PNG")
    return out.getvalue()
