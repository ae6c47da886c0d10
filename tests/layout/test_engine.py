"""Layout engine: lines, positions, autofit, overflow, typography — asserted, not eyeballed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pancarte.geometry import MM
from pancarte.layout.boxes import GlyphRun, QRItem, RectItem
from pancarte.layout.engine import LayoutEngine
from pancarte.layout.flow import AUTOFIT_STEP
from pancarte.layout.fonts import library
from pancarte.layout.inline import parse_inline, plain_text
from pancarte.layout.text import ParaSpec, Preparer, break_lines
from pancarte.model.document import (
    Document,
    Page,
    Paragraph,
    QRFrame,
    Settings,
    ShapeFrame,
    TextFrame,
    TextStyle,
)

ENGINE = LayoutEngine()


def doc_with(*frames, settings: Settings | None = None, pages=None) -> Document:
    return Document(
        width=210, height=297,
        pages=pages or (Page(frames=tuple(frames)),),
        colors={"text": "#000000", "accent": "#ff0000"},
        settings=settings or Settings(),
    )


def text_frame(text: str | list[Paragraph], **kw) -> TextFrame:
    paras = (Paragraph(text),) if isinstance(text, str) else tuple(text)
    defaults = dict(id="t", name="body", x=10, y=10, w=100, h=200, size=12.0)
    defaults.update(kw)
    return TextFrame(paragraphs=paras, **defaults)


def lines_of(layout, frame="t", page=0) -> list[str]:
    """The text of each line (runs grouped by baseline, in order)."""
    rows: dict[float, list[GlyphRun]] = {}
    for it in layout.pages[page].items:
        if isinstance(it, GlyphRun) and it.frame == frame:
            rows.setdefault(round(it.y, 3), []).append(it)
    out = []
    for y in sorted(rows):
        runs = sorted(rows[y], key=lambda r: r.xs[0])
        text = ""
        prev = None
        for r in runs:
            if prev is not None and r.xs[0] - prev.end > r.size * 0.1:
                text += " "
            text += r.text
            prev = r
        out.append(text)
    return out


def runs_of(layout, frame="t", page=0) -> list[GlyphRun]:
    return [it for it in layout.pages[page].items if isinstance(it, GlyphRun) and it.frame == frame]


# --- line breaking -------------------------------------------------------------------------


def test_lines_break_at_spaces_and_fill_the_width():
    face = library().face("Lato")
    one = sum(face.shape("mot").advances) / face.upem
    space = face.space_advance / face.upem
    width_pt = (3 * one + 2 * space) * 12 + 0.5  # room for exactly three words at 12 pt
    doc = doc_with(text_frame("mot mot mot mot mot mot mot", w=width_pt / MM, hyphenate=False))
    assert lines_of(ENGINE.layout(doc)) == ["mot mot mot", "mot mot mot", "mot"]


def test_left_aligned_lines_start_at_the_frame_edge_and_baselines_step_by_leading():
    doc = doc_with(text_frame("Un texte assez long pour tenir sur plusieurs lignes dans ce "
                              "cadre étroit de démonstration.", w=50))
    layout = ENGINE.layout(doc)
    runs = runs_of(layout)
    firsts = {}
    for r in runs:
        firsts.setdefault(r.y, r.xs[0])
    assert all(abs(x - 10 * MM) < 1e-6 for x in firsts.values())
    ys = sorted(firsts)
    steps = {round(b - a, 6) for a, b in zip(ys, ys[1:], strict=False)}
    assert steps == {round(12 * 1.25, 6)}
    face = library().face("Lato")
    assert abs(ys[0] - (10 * MM + face.ascent * 12)) < 1e-6  # first baseline: the ascent


@pytest.mark.parametrize("align", ["right", "center", "justify"])
def test_alignment_puts_lines_where_they_belong(align):
    text = "Le collectif appelle à une grande marche pour le droit au logement dans la ville."
    doc = doc_with(text_frame(text, w=60, style=TextStyle(align=align), hyphenate=False))
    layout = ENGINE.layout(doc)
    right = (10 + 60) * MM
    left = 10 * MM
    by_line: dict[float, list[GlyphRun]] = {}
    for r in runs_of(layout):
        by_line.setdefault(r.y, []).append(r)
    ys = sorted(by_line)
    assert len(ys) >= 3
    for i, y in enumerate(ys):
        start = min(r.xs[0] for r in by_line[y])
        end = max(r.end for r in by_line[y])
        last = i == len(ys) - 1
        if align == "right":
            assert abs(end - right) < 0.01
        elif align == "center":
            assert abs((start - left) - (right - end)) < 0.01
        elif not last:
            assert abs(start - left) < 0.01 and abs(end - right) < 0.01
        else:  # the last line of a justified paragraph is not stretched
            assert end < right - 1


def test_kerning_comes_from_the_font():
    face = library().face("Roboto Condensed", bold=True)
    shaped = face.shape("AV")
    plain = face.glyph_advance[face.cmap[ord("A")]]
    assert shaped.advances[0] < plain  # the A–V pair is kerned


def test_glyph_positions_increase_and_match_advances():
    doc = doc_with(text_frame("Avant-hier, l'AVENIR", hyphenate=False))
    for r in runs_of(ENGINE.layout(doc)):
        assert list(r.xs) == sorted(r.xs)
        assert len(r.xs) == len(r.glyphs) == len(r.text)


# --- French typography ---------------------------------------------------------------------


def test_no_line_starts_with_closing_punctuation_at_any_width():
    text = "Pourquoi ? Parce que ! Venez ; « vite » : maintenant… Oui ! Non ? D'accord ?"
    for w in range(20, 90, 3):
        doc = doc_with(text_frame(text, w=w, hyphenate=False))
        for line in lines_of(ENGINE.layout(doc)):
            assert line[0] not in ";:!?»…", (w, line)
            assert not line.rstrip().endswith("«"), (w, line)


def test_french_rules_apply_at_layout_and_can_be_switched_off():
    text = "Venez l'après-midi... \"vite\" !"
    on = "".join(lines_of(ENGINE.layout(doc_with(text_frame(text)))))
    assert "l’après" in on and "…" in on and "«\u00a0vite\u00a0»" in on and "\u202f!" in on
    off = "".join(lines_of(ENGINE.layout(doc_with(text_frame(text),
                                                  settings=Settings(french_rules=False)))))
    assert off == text


def test_a_phone_number_is_never_broken_across_lines():
    """A contact line in a narrow footer: wherever the line ends, the number stays whole."""
    number = "06 12 34 56 78"
    text = f"Contact, permanences et covoiturage : appelez Nadia au {number} ou écrivez-nous."
    widths = [w / 2 for w in range(60, 200)]  # mm, from 30 to 100
    broken_before = 0
    for w in widths:
        lines = lines_of(ENGINE.layout(doc_with(text_frame(text, w=w, hyphenate=False))))
        joined = [" ".join(line.replace("\u00a0", " ").split()) for line in lines]
        assert any(number in line for line in joined), (w, lines)
        off = lines_of(ENGINE.layout(doc_with(text_frame(text, w=w, hyphenate=False),
                                              settings=Settings(french_rules=False))))
        broken_before += not any(number in " ".join(line.split()) for line in off)
    assert broken_before > 10  # without the rule, many widths split the number


def test_uppercase_is_a_style_and_keeps_accents():
    frame = text_frame("à bas l'école, œuvre", style=TextStyle(uppercase=True))
    doc = doc_with(frame)
    assert lines_of(ENGINE.layout(doc)) == ["À BAS L’ÉCOLE, ŒUVRE"]
    assert doc.pages[0].frames[0].paragraphs[0].text == "à bas l'école, œuvre"


def test_no_break_between_number_and_unit():
    text = "Rendez-vous le 25 mai à 14 h 30 devant la mairie, place du 8 Mai"
    for w in range(15, 60, 2):
        for line in lines_of(ENGINE.layout(doc_with(text_frame(text, w=w, hyphenate=False)))):
            first, last = line.split()[0], line.split()[-1]
            assert first not in ("mai", "Mai", "h", "30"), (w, line)
            assert last not in ("25", "14", "8"), (w, line)


# --- hyphenation ---------------------------------------------------------------------------


LONG = ("Les organisations signataires revendiquent l'augmentation immédiate des "
        "rémunérations, la revalorisation des qualifications professionnelles et "
        "l'amélioration considérable des conditions de travail dans l'administration "
        "départementale, particulièrement dans les établissements intercommunaux.")


def test_body_text_hyphenates_but_never_two_lines_in_a_row():
    doc = doc_with(text_frame(LONG, w=45, style=TextStyle(align="justify")))
    lines = lines_of(ENGINE.layout(doc))
    hyph = [line.endswith("-") and not line.endswith(" -") for line in lines]
    assert any(hyph)
    assert not any(a and b for a, b in zip(hyph, hyph[1:], strict=False))
    for line in lines:
        if line.endswith("-"):
            word = line.split()[-1].rstrip("-")
            assert len(word.strip("’'(«")) >= 2


def test_titles_and_documents_without_hyphenation_never_hyphenate():
    title = text_frame([Paragraph(LONG, role="title")], w=45)
    no_doc = text_frame(LONG, w=45)
    for doc in (doc_with(title), doc_with(no_doc, settings=Settings(hyphenate=False))):
        assert not any(line.endswith("-") and line[-2].isalpha()
                       for line in lines_of(ENGINE.layout(doc)))


# --- titles: balance, forced breaks, emphasis ----------------------------------------------


def test_title_is_balanced_without_a_runt():
    def title_lines(text: str, w: float, size: float) -> list[str]:
        frame = text_frame([Paragraph(text, role="title")], w=w, h=250, size=size,
                           role_styles={"title": {"scale": 1.0}})
        return lines_of(ENGINE.layout(doc_with(frame)))

    # greedy would give "Pas de quartier sans" / "écoles !"
    assert title_lines("Pas de quartier sans écoles !", 150, 60) == [
        "Pas de quartier", "sans écoles\u202f!"]
    # autofit keeps a compound word whole when a smaller size allows it
    frame = text_frame([Paragraph("Pique-nique au Thabor", role="title")], w=120, h=120,
                       autofit=True, min_size=20, max_size=300, balance=True,
                       style=TextStyle(uppercase=True, family="Roboto Condensed", bold=True),
                       role_styles={"title": {"scale": 1.0}})
    lines = lines_of(ENGINE.layout(doc_with(frame)))
    assert not any(line.endswith("-") for line in lines[:-1]), lines
    for w in range(110, 190, 10):
        lines = title_lines("Des logements pour toutes et tous, maintenant !", w, 48)
        if len(lines) > 1:
            assert all(len(line.split()) > 1 or len(line) > 6 for line in lines), (w, lines)


def test_forced_line_break_in_a_title():
    frame = text_frame([Paragraph("Fête\ndu quartier", role="title")], w=180)
    assert lines_of(ENGINE.layout(doc_with(frame))) == ["Fête", "du quartier"]


def test_inline_emphasis_uses_bold_and_italic_faces():
    layout = ENGINE.layout(doc_with(text_frame("un **mot** *fort*")))
    faces = {r.text.strip(): r.face for r in runs_of(layout)}
    assert faces["mot"].endswith("Lato-Bold.ttf")
    assert faces["fort"].endswith("Lato-Italic.ttf")
    assert parse_inline("5 * 3 = 15") == [("5 * 3 = 15", False, False)]
    assert plain_text("a \\*b\\* c") == "a *b* c"


# --- autofit and overflow ------------------------------------------------------------------


def test_autofit_picks_the_largest_size_that_fits():
    frame = text_frame(LONG, w=90, h=60, autofit=True, min_size=6, max_size=60)
    layout = ENGINE.layout(doc_with(frame))
    info = layout.pages[0].frames["t"]
    assert 6 < info.size < 60 and not info.overflow
    bigger = replace(frame, autofit=False, size=info.size + AUTOFIT_STEP)
    assert ENGINE.layout(doc_with(bigger)).overflow
    same = replace(frame, autofit=False, size=info.size)
    assert not ENGINE.layout(doc_with(same)).overflow


def test_autofit_short_text_takes_the_maximum():
    frame = text_frame("Oui", w=180, h=200, autofit=True, min_size=6, max_size=40)
    assert ENGINE.layout(doc_with(frame)).pages[0].frames["t"].size == 40


def test_overflow_is_reported_never_silent():
    frame = text_frame(LONG * 5, w=30, h=20, autofit=True, min_size=8, max_size=20)
    layout = ENGINE.layout(doc_with(frame))
    assert layout.overflow
    f = next(f for f in layout.findings if f.code == "text-overflow")
    assert f.frame == "t" and f.severity == "error" and f.page == 1
    for r in runs_of(layout):  # what is drawn stays inside the frame
        assert r.y <= (10 + 20) * MM + 1e-6


def test_word_wider_than_the_frame_is_an_overflow():
    frame = text_frame("https://exemple.org/une-adresse-vraiment-tres-longue", w=20,
                       autofit=True, min_size=10, max_size=12)
    assert ENGINE.layout(doc_with(frame)).overflow


# --- fonts: fallback and missing glyphs ----------------------------------------------------


def test_missing_glyph_falls_back_or_is_named():
    layout = ENGINE.layout(doc_with(text_frame("La paix ☮ et \U00010000")))
    faces = {r.face for r in runs_of(layout) if "☮" in r.text}
    assert faces and all("DejaVu" in f for f in faces)
    missing = [f for f in layout.findings if f.code == "glyph-missing"]
    assert len(missing) == 1 and "U+10000" in missing[0].params["char"]
    assert missing[0].severity == "warning"


def test_french_characters_are_in_every_bundled_family():
    lib = library()
    for fam in lib.family_names():
        for bold in (False, True):
            face = lib.face(fam, bold)
            for ch in "œŒ«»’–—…€\u202f\u00a0ÉÀÇÈÊËÎÏÔÙÛÜŸæÆ":
                assert face.has(ch), (face.key, ch)


# --- flow across frames and pages ----------------------------------------------------------


def test_text_flows_into_the_linked_frame_on_the_next_page():
    paras = [Paragraph(LONG) for _ in range(8)]
    first = text_frame(paras, id="b1", h=60, next_frame="b2", size=11)
    second = text_frame([], id="b2", name="", h=200, size=11)
    doc = doc_with(pages=(Page(frames=(first,)), Page(frames=(second,))))
    layout = ENGINE.layout(doc)
    p1 = lines_of(layout, "b1", 0)
    p2 = lines_of(layout, "b1", 1)
    assert p1 and p2 and not layout.overflow
    words = " ".join(p1 + p2).replace("- ", "").split()
    assert words[0] == "Les" and words[-1] == "intercommunaux."
    # widows and orphans: the first frame does not end with a lone first line of a paragraph
    assert layout.pages[1].frames["b2"].lines >= 2


def test_a_heading_is_never_the_last_line_of_a_frame():
    """Keep-with-next: wherever the frame ends, a heading goes with the first lines of what
    follows (and it still sits at the foot of a frame when they fit there too)."""
    paras = [Paragraph(LONG), Paragraph("Un intertitre", role="heading"), Paragraph(LONG),
             Paragraph(LONG)]
    in_first = 0
    for h in range(30, 90, 3):
        first = text_frame(paras, id="b1", h=h, next_frame="b2", size=11)
        second = text_frame([], id="b2", name="", h=250, size=11)
        doc = doc_with(pages=(Page(frames=(first,)), Page(frames=(second,))))
        layout = ENGINE.layout(doc)
        p1 = lines_of(layout, "b1", 0)
        assert not layout.overflow
        assert p1[-1] != "Un intertitre", f"frame {h} mm: the heading ends the frame"
        if "Un intertitre" in p1:
            in_first += 1
            assert p1.index("Un intertitre") <= len(p1) - 3  # two lines of text follow it
    assert 0 < in_first < 20


def test_layout_is_deterministic():
    frame = text_frame(LONG, w=70, h=80, autofit=True, min_size=6, max_size=40)
    a = ENGINE.layout(doc_with(frame))
    b = LayoutEngine().layout(doc_with(frame))
    assert a.pages[0].items == b.pages[0].items


# --- shapes, bleed and QR ------------------------------------------------------------------


def test_shapes_touching_the_trim_run_into_the_bleed():
    layout = ENGINE.layout(doc_with(ShapeFrame(id="bg", x=0, y=0, w=210, h=100, fill="#ff0000"),
                                    ShapeFrame(id="in", x=20, y=150, w=50, h=50, fill="$accent")))
    rects = {it.frame: it.rect for it in layout.pages[0].items if isinstance(it, RectItem)}
    b = 3 * MM
    assert rects["bg"].x == pytest.approx(-b) and rects["bg"].y == pytest.approx(-b)
    assert rects["bg"].right == pytest.approx(210 * MM + b)
    assert rects["bg"].bottom == pytest.approx(100 * MM)
    assert rects["in"].x == pytest.approx(20 * MM)


def test_qr_is_a_square_module_matrix_with_quiet_zone():
    doc = replace(doc_with(QRFrame(id="q", x=150, y=230, w=50, h=40,
                                   content="https://exemple.org")), scan_distance=0.3)
    layout = ENGINE.layout(doc)
    q = next(it for it in layout.pages[0].items if isinstance(it, QRItem))
    assert q.rect.w == pytest.approx(q.rect.h) == pytest.approx(40 * MM, abs=0.01)
    assert q.quiet == 4 and len(q.modules) == len(q.modules[0]) >= 21
    assert [f.code for f in layout.findings] == []
    far = ENGINE.layout(replace(doc, scan_distance=1.0))
    assert [f.code for f in far.findings] == ["qr-too-small"]


def test_preparer_cache_survives_edits():
    prep = Preparer(library())
    style = TextStyle()
    a = prep.prepare(ParaSpec("un deux trois", style), True, "fr")
    b = prep.prepare(ParaSpec("un deux trois", style), True, "fr")
    assert a is b
    lines, end = break_lines(a, 1000.0)
    assert len(lines) == 1 and end == (3, 0)
