"""The editor's "Remplir la page" makes compose's choice and says what it left out; a block
dropped on a frame too small for it shows the overflow mark at once and offers to shorten it
or to continue in another frame."""

from __future__ import annotations

from pathlib import Path

from pancarte.gui.blocks import block_mime, overflows
from pancarte.library.importers import read_document
from pancarte.library.tract import Tract
from pancarte.model.document import TextFrame
from pancarte.model.templates import load_template

TRACTS = Path(__file__).resolve().parents[1] / "files" / "tracts"


def long_tract(name: str = "pick-rassemblement-lavoir.txt") -> Tract:
    parsed = read_document(TRACTS / name)
    return Tract(id="pickgui0001", title=parsed.title, blocks=parsed.blocks, revision=2)


def text_of(doc, name: str) -> str:
    frame = next(f for _, f in doc.frames_named(name) if isinstance(f, TextFrame))
    return "\n".join(p.text for p in frame.paragraphs)


def test_fill_the_page_picks_and_says_what_it_left_out(make_window):
    window = make_window(load_template("poster-a3"), start=True)
    tract = long_tract()
    window.library.show_tract(tract)
    window.use_tract(tract)
    doc = window.session.document
    assert text_of(doc, "title") == tract.blocks[0].text
    assert text_of(doc, "body").startswith("Le samedi 14 juin, de 10h à 19h")
    assert "10h : accueil" in text_of(doc, "programme")
    assert "lavoirvivant@example.org" in text_of(doc, "footer")
    assert "Depuis l'hiver dernier" not in text_of(doc, "body")  # block 3 left out
    assert not window.session.layout.overflow
    # the panel says it, in French, and marks the blocks left out
    note = window.library.plan_note
    assert not note.isHidden() and "blocs laissés de côté pour que la page reste lisible" in \
        note.text()
    assert "3" in note.text()
    from pancarte.gui.panels.library import BLOCK_ROLE, KIND_ROLE

    marked = {window.library.blocks.item(i).data(BLOCK_ROLE)
              for i in range(window.library.blocks.count())
              if "laissé de côté" in window.library.blocks.item(i).data(KIND_ROLE)}
    assert 2 in marked and 0 not in marked and 1 not in marked
    # one undo step puts the page back
    window.session.undo_stack.undo()
    assert text_of(window.session.document, "body") == ""


def test_a_dropped_block_that_overflows_offers_to_shorten_it(make_window):
    from pancarte.gui.canvas import Canvas  # noqa: F401 - the canvas paints the mark

    window = make_window(load_template("flyer-a6"), start=True)
    session = window.session
    tract = long_tract("pick-rapport-cantines.txt")
    body = session.document.find_frame("body")[1]
    centre = window.canvas.frame_rect(body).center()
    # block 19: six long demands, far too long for the A6 flyer's body at its smallest size
    demands = tract.blocks[18]
    assert demands.kind == "list" and len(demands.items) == 6
    assert window.canvas.drop_mime(block_mime(tract, 18), centre)
    assert overflows(session.layout, "body")  # at once: the layout is synchronous
    assert session.layout.pages[0].frames["body"].overflow  # the canvas' red "+" mark
    bar = window.library.overflow_bar
    assert not bar.isHidden() and "body" in window.library.overflow_label.text()
    assert "Raccourcir" in window.library.shorten_button.text()
    window.library.shorten_button.click()
    assert not overflows(session.layout, "body")
    kept = [p.text for p in session.document.find_frame("body")[1].paragraphs]
    assert 0 < len(kept) <= 6 and kept[:-1] == list(demands.items[:len(kept) - 1])
    last = kept[-1]
    assert last == demands.items[len(kept) - 1] or (
        last.endswith("…") and demands.items[len(kept) - 1].startswith(last[:-1].rstrip()))
    assert kept != list(demands.items)
    assert not not bar.isHidden()
    session.undo_stack.undo()
    assert overflows(session.layout, "body")


def test_a_dropped_block_can_continue_in_another_frame(make_window):
    window = make_window(load_template("flyer-a6"), start=True)
    session = window.session
    tract = long_tract("pick-rapport-cantines.txt")
    body = session.document.find_frame("body")[1]
    assert window.canvas.drop_mime(block_mime(tract, 18),
                                   window.canvas.frame_rect(body).center())
    assert not window.library.overflow_bar.isHidden()
    n = len(session.document.pages[0].frames)
    window.library.continue_button.click()
    doc = session.document
    assert len(doc.pages[0].frames) == n + 1
    body = doc.find_frame("body")[1]
    assert body.next_frame
    suite = doc.find_frame(body.next_frame)[1]
    # the text goes on in the new frame
    assert session.layout.pages[0].frames[suite.id].lines > 0
    assert session.selected == suite.id
