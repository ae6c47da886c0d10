"""The GUI's plain-Python helpers: lines ↔ paragraphs, snapping, frame-wide styles."""

from __future__ import annotations

from pancarte.gui import snapping
from pancarte.gui.styling import effective_style, with_style
from pancarte.gui.textmap import lines_to_paragraphs, paragraphs_to_lines
from pancarte.model.document import Document, Page, Paragraph, TextFrame, TextStyle

PARAS = (
    Paragraph("Le titre", role="heading", source={"tract": "t1", "revision": 2}),
    Paragraph("Un **texte**.", style={"italic": True}),
    Paragraph("un", role="list_item", marker="1."),
    Paragraph("deux", role="list_item", marker="2."),
)


def test_lines_round_trip():
    lines = paragraphs_to_lines(PARAS)
    assert lines == ["Le titre", "Un **texte**.", "1. un", "2. deux"]
    assert lines_to_paragraphs(lines, lines, PARAS) == PARAS


def test_edits_keep_roles_styles_and_sources():
    lines = paragraphs_to_lines(PARAS)
    new = ["Le titre !", "Un **texte**.", "1. un", "2. deux", "3. trois", "Fin."]
    out = lines_to_paragraphs(lines, new, PARAS)
    assert out[0] == Paragraph("Le titre !", role="heading", source={"tract": "t1",
                                                                     "revision": 2})
    assert out[1] is PARAS[1]
    assert out[4] == Paragraph("trois", role="list_item", marker="3.")
    assert out[5].role == "paragraph" and out[5].text == "Fin."
    # a line typed after a heading is a paragraph; "2." outside a list stays text
    out = lines_to_paragraphs(lines, ["Le titre", "2. pas une liste", *lines[1:]], PARAS)
    assert out[1] == Paragraph("2. pas une liste")
    # a list item whose marker is erased becomes a paragraph
    out = lines_to_paragraphs(lines, [*lines[:3], "deux"], PARAS)
    assert out[3] == Paragraph("deux")


def test_snap_move_and_resize():
    frame = TextFrame(id="a", x=20, y=20, w=50, h=30)
    other = TextFrame(id="b", x=100, y=80, w=40, h=40)
    doc = Document(width=210, height=297, pages=(Page(frames=(frame, other)),),
                   safe_margin=10)
    t = snapping.targets_for(doc, doc.pages[0], "a")
    s = snapping.snap_move(9.2, 79.3, 50, 30, t, tol=1.0)
    assert (s.x, s.y) == (10.0, 80.0) and s.guides_x == [10.0] and s.guides_y == [80.0]
    s = snapping.snap_move(80.5, 150, 50, 30, t, tol=1.0)  # centre on the page centre
    assert s.x + 25 == 105.0
    s = snapping.resize(20, 20, 50, 30, "se", 29.6, 246.7, t, tol=1.0)
    assert s.x + s.w == 100.0  # right edge on the other frame's left edge
    assert s.y + s.h == 297.0  # bottom on the trim
    s = snapping.resize(20, 20, 50, 30, "w", 80, 0, None, tol=1.0)
    assert s.w == snapping.MIN_SIZE and s.x == 70 - snapping.MIN_SIZE


def test_style_reaches_every_role():
    frame = TextFrame(id="t", x=0, y=0, w=100, h=50, style=TextStyle(family="Lato"),
                      paragraphs=(Paragraph("Titre", role="title"),
                                  Paragraph("corps", style={"family": "Vollkorn"})))
    assert effective_style(frame).family == "Roboto Condensed"  # the title role's default
    new = with_style(frame, family="Vollkorn", align="center")
    assert new.style_for("title").family == "Vollkorn"
    assert new.style_for("paragraph").align == "center"
    assert new.style_for("attribution").align == "right"  # a role not in the frame
    assert new.paragraphs[1].style == {}
    assert effective_style(new).family == "Vollkorn"
