"""Dispatch that cannot forget: a frame kind or layout item that a check does not handle fails
loudly, and every field of every frame kind goes to the file and back (the JSON form is derived
from the dataclasses' fields)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pytest

from pancarte import preflight
from pancarte.errors import DocumentError
from pancarte.model.document import (
    FORMAT_VERSION,
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


# ---- the paragraph and the document: derived from their fields too, as released ----------

FIXTURE = Path(__file__).resolve().parents[1] / "files" / "documents" / "v1-placard.pancarte"


def _key_order(value: object) -> object:
    """The keys of every object, in order, at every level (the values left out)."""
    if isinstance(value, dict):
        return [(k, _key_order(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_key_order(v) for v in value]
    return None


def _document_json(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("document.json")


def test_the_released_file_is_written_back_with_the_same_keys_in_the_same_order():
    released = json.loads(_document_json(FIXTURE.read_bytes()))
    written = json.loads(_document_json(dumps_document(loads_document(FIXTURE.read_bytes()))))
    assert _key_order(written) == _key_order(released)
    assert released["format_version"] == 1 and written["format_version"] == FORMAT_VERSION
    # and the same values (210 and 210.0 alike)
    assert {**written, "format_version": 1} == released
    para = released["pages"][0]["frames"][0]["paragraphs"][0]
    assert list(para)[:2] == ["role", "text"]


def test_every_field_of_a_paragraph_and_of_the_document_goes_to_the_file_and_back():
    para = Paragraph("2. Des postes de **remplaçants**", role="list_item", marker="2.",
                     style={"bold": True, "color": "#112233"}, source={"tract": "t-7", "n": 3})
    assert {f.name for f in fields(Paragraph)} == {"text", "role", "marker", "style", "source"}
    doc = Document(width=148.5, height=210, pages=(
        Page((TextFrame("t", 0, 0, 100, 100, paragraphs=(para, Paragraph("Fin."))),),
             background="$fond"),
        Page()), bleed=5, safe_margin=6.5, reading_distance=3, scan_distance=0.8,
        colors={"fond": "#fefefe", "accent": "cmyk(0,100,100,0)"},
        settings=Settings(lang="en"), template="flyer-a5", title="Réunion publique",
        event={"title": "Réunion", "starts": "2026-12-12T18:00", "tags": ["école", 3, None]})
    own = {f.name for f in fields(Document)} - {"images", "fonts"}  # the archive's members
    data = doc.to_dict()
    assert own <= data.keys()
    assert Document.from_dict(data) == doc
    assert list(data)[:4] == ["format", "format_version", "template", "title"]
    written = data["pages"][0]["frames"][0]["paragraphs"]
    assert written[1] == {"role": "paragraph", "text": "Fin."}  # empty fields left out
    assert list(written[0]) == ["role", "text", "marker", "style", "source"]
    assert "event" not in replace(doc, event=None).to_dict()


@pytest.mark.parametrize(("change", "first"), [
    # several bad fields: the error names the one a released Pancarte named
    ({"colors": 3, "width": "x"}, "colors"),
    ({"settings": [], "title": 3}, "settings"),
    ({"pages": [{"frames": 3}], "width": None}, "pages[0].frames"),
    ({"template": 5, "event": 3}, "template"),
    ({"bleed": -1, "title": 3}, "bleed"),
])
def test_a_bad_document_is_refused_naming_the_same_field_first(change, first):
    data = {**loads_document(FIXTURE.read_bytes()).to_dict(), **change}
    with pytest.raises(DocumentError) as caught:
        Document.from_dict(data, loads_document(FIXTURE.read_bytes()).images)
    assert str(caught.value).startswith(f"{first}:")


def test_a_bad_paragraph_is_refused_naming_the_same_field_first():
    data = loads_document(FIXTURE.read_bytes()).to_dict()
    para = data["pages"][0]["frames"][0]["paragraphs"][0]
    para.update(text=3, role="nope", source=4)
    with pytest.raises(DocumentError, match=r"paragraphs\[0\]\.source:"):
        Document.from_dict(data, loads_document(FIXTURE.read_bytes()).images)
    para.update(source=None)
    with pytest.raises(DocumentError, match=r"paragraphs\[0\]\.text:"):
        Document.from_dict(data, loads_document(FIXTURE.read_bytes()).images)
    with pytest.raises(DocumentError, match=r"^the document has no page$"):
        Document.from_dict({**data, "pages": [], "colors": 3})
