"""``compose --tract``: blocks into frames, copied with their source."""

from __future__ import annotations

from pancarte.fill.tract import fill_from_tract, tract_paragraphs
from pancarte.library.importers import read_document
from pancarte.library.store import open_library, sample_files
from pancarte.library.tract import Block, Tract
from pancarte.model.document import Document, TextFrame
from pancarte.model.templates import load_template

TRACT = Tract(id="abcdef0123456789", title="Fête", revision=3, blocks=(
    Block("title", text="Fête du quartier !"),
    Block("heading", text="Pourquoi"),
    Block("paragraph", text="Venez **nombreuses** et nombreux."),
    Block("heading", text="Le programme"),
    Block("list", items=("15 h : jeux", "18 h : concert")),
    Block("quote", text="« Une citation. »", attribution="Autrice, Livre, 1990"),
    Block("list", items=("Apportez un plat", "Apportez une chaise"), numbered=True),
    Block("contact", text="Contact : collectif@example.org"),
    Block("paragraph", text="Retour en haut", debris=True),
    Block("paragraph", text="2. <b>pas</b> {du} balisage\n• ni une liste"),
))


def frame_text(doc: Document, name: str):
    frame = next(f for _, f in doc.frames_named(name) if isinstance(f, TextFrame))
    return [(p.role, p.marker, p.text) for p in frame.paragraphs], frame


def test_poster_with_programme_and_footer():
    doc = fill_from_tract(load_template("poster-a3"), TRACT)
    title, _ = frame_text(doc, "title")
    assert title == [("title", "", "Fête du quartier !")]
    programme, _ = frame_text(doc, "programme")
    assert programme == [("heading", "", "Le programme"), ("list_item", "•", "15 h : jeux"),
                         ("list_item", "•", "18 h : concert")]
    body, frame = frame_text(doc, "body")
    assert body == [
        ("heading", "", "Pourquoi"),
        ("paragraph", "", "Venez **nombreuses** et nombreux."),
        ("quote", "", "« Une citation. »"),
        ("attribution", "", "—\u00a0Autrice, Livre, 1990"),  # its dash back
        ("list_item", "1.", "Apportez un plat"),
        ("list_item", "2.", "Apportez une chaise"),
        ("paragraph", "", "2. <b>pas</b> {du} balisage\n• ni une liste"),
    ]
    assert all(p.source == {"tract": TRACT.id, "revision": 3} for p in frame.paragraphs)
    footer, _ = frame_text(doc, "footer")
    assert footer == [("contact", "", "Contact : collectif@example.org")]
    assert "Retour en haut" not in str(doc.to_dict())


def test_template_without_programme_puts_the_list_in_the_body():
    doc = fill_from_tract(load_template("placard-a3"), TRACT)
    assert not doc.frames_named("programme")
    body, _ = frame_text(doc, "body")
    assert ("list_item", "•", "15 h : jeux") in body
    assert body.index(("heading", "", "Le programme")) + 1 == body.index(
        ("list_item", "•", "15 h : jeux"))
    assert body.index(("list_item", "•", "15 h : jeux")) < body.index(
        ("quote", "", "« Une citation. »"))


def test_without_footer_contacts_go_to_the_body():
    parts = tract_paragraphs(TRACT, programme=False, footer=False)
    assert parts["footer"] == () and parts["programme"] == ()
    assert parts["body"][-2].role == "contact"


def test_explicit_title_wins():
    doc = fill_from_tract(load_template("poster-a3"), TRACT, title="Autre titre")
    title, frame = frame_text(doc, "title")
    assert title == [("title", "", "Autre titre")] and frame.paragraphs[0].source is None
    doc = fill_from_tract(load_template("poster-a3"), TRACT, title="  ")
    assert frame_text(doc, "title")[0] == []


def test_document_is_valid_and_lays_out(tmp_path):
    from pancarte.layout.engine import LayoutEngine

    with open_library(tmp_path / "l.db") as lib:
        tract = lib.get(lib.list_tracts()[0].id)
    doc = fill_from_tract(load_template("poster-a3"), tract)
    again = Document.from_dict(doc.to_dict(), doc.images)
    assert again == doc
    layout = LayoutEngine().layout(doc)
    assert layout.pages


def test_every_sample_fills_every_template():
    from pancarte.model.templates import template_ids

    for path in sample_files():
        parsed = read_document(path)
        tract = Tract(id="0123456789ab", title=parsed.title, blocks=parsed.blocks)
        for template in template_ids():
            doc = fill_from_tract(load_template(template), tract)
            Document.from_dict(doc.to_dict(), doc.images)
