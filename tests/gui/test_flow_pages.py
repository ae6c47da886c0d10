"""In the editor, a page added to a document whose text flows continues the text, as one undo
step."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pancarte.model.document import TextFrame

REPORT = (Path(__file__).resolve().parents[1] / "files" / "tracts"
          / "long-tract-layout-rapport.txt").read_text("utf-8")


def test_adding_a_page_continues_the_text(make_window):
    from pancarte.model.edit import compose, text_to_paragraphs

    doc = compose("tract-a4")
    body = next(f for _, f in doc.frames_named("body") if isinstance(f, TextFrame))
    doc = doc.replace_frame(replace(body, paragraphs=text_to_paragraphs(REPORT)))
    window = make_window(doc)
    session, pages = window.session, window.pages
    assert session.layout.overflow  # two pages cannot hold 2,000 words
    session.set_page(0)
    pages.add_page()
    assert len(session.document.pages) == 3 and session.page == 1
    new = session.document.pages[1]
    columns = [f for f in new.frames if isinstance(f, TextFrame) and f.name != "folio"
               and f.name != "continued"]
    assert len(columns) == 2
    infos = session.layout.pages[1].frames
    assert all(infos[f.id].lines > 20 for f in columns), "the text does not go on"
    pages.add_page()
    assert len(session.document.pages) == 4
    assert not session.layout.overflow
    assert pages.list.count() == 4
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.document == doc


def test_filling_tract_a4_from_a_long_tract_adds_the_pages_it_needs(make_window):
    from pancarte.library.importers import read_document
    from pancarte.library.tract import Tract
    from pancarte.model.templates import load_template

    path = (Path(__file__).resolve().parents[1] / "files" / "tracts"
            / "long-tract-layout-rapport.txt")
    parsed = read_document(path)
    doc = load_template("tract-a4")
    window = make_window(doc)
    session = window.session
    window.use_tract(Tract(id="long-report", title=parsed.title, blocks=parsed.blocks))
    assert len(session.document.pages) == 4
    assert not session.layout.overflow
    assert window.pages.list.count() == 4
    session.undo_stack.undo()  # one step takes the text and the pages away
    assert session.document == doc
