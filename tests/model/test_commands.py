"""Every command reverts exactly: revert(apply(doc)) == doc."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pancarte.model.commands import (
    AddFrame,
    AddPage,
    CommandError,
    Composite,
    MovePage,
    RemoveFrame,
    RemovePage,
    ReplaceFrame,
    RestackFrame,
    SetDocument,
    SetPageBackground,
    unique_frame_id,
)
from pancarte.model.document import Page, Paragraph, ShapeFrame, TextFrame
from pancarte.model.templates import load_template


@pytest.fixture
def doc():
    return load_template("tract-a4")


def _commands(doc):
    title = next(f for _, f in doc.frames_named("title"))
    moved = replace(title, x=title.x + 5, paragraphs=(Paragraph("Nouveau titre", "title"),))
    shape = ShapeFrame(id=unique_frame_id(doc, "shape"), x=1, y=2, w=3, h=4, fill="#123456")
    return [
        ReplaceFrame(0, title, moved),
        AddFrame(0, shape),
        AddFrame(0, shape, index=0, images={"images/a.png": b"\x89PNG..."}),
        RemoveFrame(0, doc.pages[0].frames[0], 0),
        RestackFrame(0, 0, len(doc.pages[0].frames) - 1),
        AddPage(1, Page()),
        RemovePage(1, doc.pages[1]),
        MovePage(0, 1),
        SetPageBackground(0, doc.pages[0].background, "#ffffff"),
        SetDocument.of(doc, width=500.0, height=700.0, bleed=5.0),
        SetDocument.of(doc, settings=replace(doc.settings, hyphenate=False)),
        Composite((ReplaceFrame(0, title, moved), AddPage(2, Page()))),
    ]


def test_every_command_reverts_exactly(doc):
    for cmd in _commands(doc):
        after = cmd.apply(doc)
        assert after != doc, cmd
        assert cmd.revert(after) == doc, cmd


def test_commands_refuse_a_document_that_changed_under_them(doc):
    title = next(f for _, f in doc.frames_named("title"))
    cmd = ReplaceFrame(0, replace(title, x=99), title)
    with pytest.raises(CommandError):
        cmd.apply(doc)
    with pytest.raises(CommandError):
        RemovePage(0, doc.pages[0]).apply(replace(doc, pages=doc.pages[:1]))


def test_unique_frame_ids(doc):
    assert unique_frame_id(doc, "title") == "title-2"
    assert unique_frame_id(doc, "nouveau") == "nouveau"


def test_typing_merges_into_one_step(doc):
    title = next(f for _, f in doc.frames_named("title"))
    assert isinstance(title, TextFrame)
    a = replace(title, paragraphs=(Paragraph("a", "title"),))
    b = replace(title, paragraphs=(Paragraph("ab", "title"),))
    c1 = ReplaceFrame(0, title, a, merge="typing")
    c2 = ReplaceFrame(0, a, b, merge="typing")
    assert c1.merge_key() == c2.merge_key()
    merged = c1.merged_with(c2)
    assert merged.revert(merged.apply(doc)) == doc
    assert merged.apply(doc).find_frame(title.id)[1] == b


def test_set_document_event_reverts_exactly(doc):
    event = {"title": "Pique-nique au Thabor", "start": "2024-05-25T13:00:00+02:00",
             "end": "2024-05-25T18:00:00+02:00", "tz": "Europe/Paris",
             "place": "Parc du Thabor", "programme": [{"time": "13:00", "label": "accueil"}]}
    assert doc.event is None
    cmd = SetDocument.of(doc, event=event)
    after = cmd.apply(doc)
    assert after.event == event and after != doc
    assert cmd.revert(after) == doc and cmd.revert(after).event is None
    # and from one event to another, and back
    other = {**event, "title": "Bal"}
    again = SetDocument.of(after, label="Apply the event", event=other)
    assert again.apply(after).event == other
    assert again.revert(again.apply(after)) == after
    with pytest.raises(CommandError):
        SetDocument({}, {"pages": ()})
