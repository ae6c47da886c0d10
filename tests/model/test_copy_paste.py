"""Pasting and duplicating frames: one command, exact apply and revert, fresh ids."""

from __future__ import annotations

import pytest

from pancarte.model.commands import AddFrames, CommandError, copies
from pancarte.model.document import ImageFrame, TextFrame
from pancarte.model.edit import compose


def test_duplicate_applies_and_reverts_exactly():
    doc = compose("poster-a3", sample=True)
    title = doc.find_frame("title")[1]
    (copy,) = copies(doc, [title])
    assert copy.id not in {f.id for p in doc.pages for f in p.frames}
    assert (copy.x, copy.y) == (round(title.x + 5, 2), round(title.y + 5, 2))
    assert copy.name == "" and isinstance(copy, TextFrame)
    assert copy.paragraphs == title.paragraphs
    cmd = AddFrames(0, (copy,), label="Duplicate frame")
    after = cmd.apply(doc)
    assert after.find_frame(copy.id)[1] == copy
    assert after.pages[0].frames[-1] == copy  # on top
    assert cmd.revert(after) == doc
    with pytest.raises(CommandError):
        cmd.apply(after)  # its id is taken now


def test_copies_of_several_frames_get_distinct_ids_and_lose_links():
    doc = compose("tract-a4", sample=True)
    frames = [f for f in doc.pages[0].frames][:3]
    linked = next((f for p in doc.pages for f in p.frames
                   if isinstance(f, TextFrame) and f.next_frame), None)
    if linked is not None:
        frames.append(linked)
    out = copies(doc, frames, 0, 0)
    assert len({f.id for f in out}) == len(out)
    assert all(not (isinstance(f, TextFrame) and f.next_frame) for f in out)


def test_paste_brings_its_image_and_takes_it_back():
    doc = compose("flyer-a6", sample=True)
    frame = ImageFrame(id="image", x=10, y=10, w=20, h=20, image="images/photo.png")
    cmd = AddFrames(0, (frame,), images={"images/photo.png": b"\x89PNG..."})
    after = cmd.apply(doc)
    assert after.images["images/photo.png"] == b"\x89PNG..."
    assert cmd.revert(after) == doc
