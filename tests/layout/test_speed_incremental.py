"""Incremental layout: after any edit, an engine that laid out the previous version gives
exactly what a fresh engine gives for the new version (same items, same frames, same
findings), and it does not set again what did not change."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pancarte.layout import flow
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import (
    Document,
    Page,
    Paragraph,
    QRFrame,
    ShapeFrame,
    TextFrame,
    TextStyle,
)

BODY = [
    Paragraph("Depuis deux ans, les locataires de la résidence des Peupliers voient leurs "
              "charges grimper sans explication ; en janvier, la régularisation a dépassé "
              "400 euros pour certains foyers. L’ascenseur du bâtiment C est resté en panne "
              "sept semaines, le chauffage s’est arrêté trois fois en plein hiver."),
    Paragraph("**Ce que nous demandons au bailleur :**", "heading"),
    Paragraph("le détail écrit de toutes les charges des trois dernières années ;",
              "list_item", marker="•"),
    Paragraph("un plan de travaux chiffré contre l’humidité, avec un calendrier public ;",
              "list_item", marker="•"),
    Paragraph("une rencontre avec les locataires, dans la résidence, avant la fin du mois.",
              "list_item", marker="•"),
    Paragraph("« Seuls, nous ne pesons rien face à un bailleur qui gère des milliers de "
              "logements. » — Samia, présidente de l’amicale", "quote"),
    Paragraph("Réunion jeudi 16 mai, 18 h 30, au local de l’amicale — bâtiment A. Des voisines "
              "traduiront en arabe, en portugais et en turc pour celles et ceux qui le "
              "souhaitent : venez nombreuses et nombreux !"),
    Paragraph("Contact : amicale.peupliers@exemple.org · permanence le mardi, 18 h – 20 h"),
]


def _doc(paragraphs: tuple[Paragraph, ...], title: str = "Ça suffit !") -> Document:
    style = TextStyle(family="Vollkorn", align="justify", line_spacing=1.3, space_after=0.5)
    frames = [TextFrame(id=f"body-{i}", name="body" if i == 0 else "", x=15, y=30 if i else 60,
                        w=70, h=90, size=11, autofit=False, hyphenate=True, style=style,
                        next_frame=f"body-{i + 1}" if i < 3 else None,
                        paragraphs=paragraphs if i == 0 else ())
              for i in range(4)]
    title_frame = TextFrame(id="title", name="title", x=15, y=10, w=70, h=40, autofit=True,
                            min_size=12, max_size=40, balance=True, hyphenate=False,
                            style=TextStyle(family="Roboto Condensed", bold=True),
                            paragraphs=(Paragraph(title, "title"),))
    band = ShapeFrame(id="band", name="", x=0, y=0, w=100, h=8, fill="#c8102e")
    qr = QRFrame(id="qr", name="qr", x=70, y=120, w=25, h=25, content="https://exemple.org/a")
    pages = (Page(frames=(band, title_frame, frames[0])), Page(frames=(frames[1],)),
             Page(frames=(frames[2], qr)), Page(frames=(frames[3],)))
    return Document(width=100, height=150, pages=pages, colors={"text": "#1a1a1a"})


def _full(doc: Document):
    flow.forget_breaks()  # nothing remembered: a true full layout
    return LayoutEngine().layout(doc)


def _edits(kinds: list[str], chunks: list[str], most: int):
    """Lists of edits: (kind, which paragraph, where in it, what is typed)."""
    return st.lists(st.tuples(st.sampled_from(kinds), st.integers(0, 10_000),
                              st.integers(0, 10_000), st.sampled_from(chunks)),
                    min_size=1, max_size=most)


def _target(doc: Document, frame: int, edit) -> tuple:
    """The head frame, its paragraphs (a list to edit), and which paragraph and where."""
    _kind, i, j, _chunk = edit
    head = doc.pages[0].frames[frame]
    paras = list(head.paragraphs)
    k = i % len(paras)
    return head, paras, k, paras[k], j % (len(paras[k].text) + 1)


edits = _edits(["insert", "delete", "newline", "title", "style", "paragraph"],
               ["a", "é", " ", "mot ", "anticonstitutionnellement ", "«", ";", "\n"], 6)


def _apply(doc: Document, edit) -> Document:
    kind, _i, j, chunk = edit
    head, paras, k, p, at = _target(doc, 2, edit)
    if kind == "insert":
        paras[k] = replace(p, text=p.text[:at] + chunk + p.text[at:])
    elif kind == "delete":
        paras[k] = replace(p, text=p.text[:at] + p.text[at + 1 + j % 30:] or "x")
    elif kind == "newline":
        paras[k] = replace(p, text=p.text[:at] + "\n" + p.text[at:])
    elif kind == "paragraph":
        paras.insert(k, Paragraph(p.text[at:] or "nouveau paragraphe"))
    elif kind == "style":
        paras[k] = replace(p, style={"scale": 1.0 + (j % 5) / 10})
    else:
        title = doc.pages[0].frames[1]
        new_title = replace(title, paragraphs=(Paragraph(title.paragraphs[0].text + chunk,
                                                         "title"),))
        frames = (doc.pages[0].frames[0], new_title, head)
        return replace(doc, pages=(replace(doc.pages[0], frames=frames), *doc.pages[1:]))
    new_head = replace(head, paragraphs=tuple(paras))
    frames = (*doc.pages[0].frames[:2], new_head)
    return replace(doc, pages=(replace(doc.pages[0], frames=frames), *doc.pages[1:]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_incremental_layout_is_the_full_layout(steps):
    engine = LayoutEngine()
    doc = _doc(tuple(BODY))
    assert engine.layout(doc) == _full(doc)
    for step in steps:
        doc = _apply(doc, step)
        incremental = engine.layout(doc)
        assert incremental == _full(doc)


def test_an_edit_elsewhere_leaves_a_chain_untouched_and_a_keystroke_sets_one_line():
    engine = LayoutEngine()
    doc = _doc(tuple(BODY))
    before = engine.layout(doc)
    runs_before = [it for p in before.pages for it in p.items if getattr(it, "frame", "") ==
                   "body-0"]
    # the title changes: the body chain is not laid out again (the very same run objects)
    doc2 = _apply(doc, ("title", 0, 0, " Non !"))
    after = engine.layout(doc2)
    runs_after = [it for p in after.pages for it in p.items if getattr(it, "frame", "") ==
                  "body-0"]
    assert runs_after == runs_before
    assert all(a is b for a, b in zip(runs_after, runs_before, strict=True))
    assert after == _full(doc2)
    # one letter in the last paragraph: the lines before it are the same objects
    doc3 = _apply(doc2, ("insert", len(BODY) - 1, 10, "a"))
    again = engine.layout(doc3)
    runs_again = [it for p in again.pages for it in p.items if getattr(it, "frame", "") ==
                  "body-0"]
    same = sum(1 for a, b in zip(runs_again, runs_after, strict=False) if a is b)
    assert same >= len(runs_after) // 2
    assert again == _full(doc3)


# ---- a long text through frames of different shapes: the flow resumes and joins -------------

LONG_WORDS = ("charges", "régularisation", "l’ascenseur", "bâtiment", "moisissures", "«",
              "»", "locataires", "—", "anticonstitutionnellement", "18 h 30", "ça", "suffit",
              "!", ";", ":", "Samia", "amicale", "permanence", "mardi", "de", "la", "et",
              "des", "à", "au", "les", "qui", "nous", "sommes", "trois-cents", "foyers")


def _long_paragraphs(rnd_seed: int, count: int) -> tuple[Paragraph, ...]:
    import random

    rnd = random.Random(rnd_seed)
    out = []
    for i in range(count):
        n = rnd.choice((3, 8, 25, 60, 120))
        text = " ".join(rnd.choice(LONG_WORDS) for _ in range(n))
        if i % 11 == 5:
            out.append(Paragraph("Nos demandes :", "heading"))
        elif i % 11 in (6, 7, 8):
            out.append(Paragraph(text + " ;", "list_item", marker=f"{i % 11 - 5}."))
        elif i % 17 == 9:
            out.append(Paragraph("« " + text + " » — Samia", "quote"))
        else:
            out.append(Paragraph(text[0].upper() + text[1:] + "."))
    return tuple(out)


def _long_doc(paragraphs: tuple[Paragraph, ...], heights: tuple[float, ...]) -> Document:
    """Seven frames: a narrow one, a wide one, two columns side by side on one page (their
    last columns are balanced), a short one, and two more; some edits overflow the last."""
    style = TextStyle(family="Vollkorn", align="justify", line_spacing=1.25, space_after=0.4)
    geometry = [(10, 10, 60), (10, 10, 130), (10, 10, 62), (78, 10, 62), (10, 10, 130),
                (10, 10, 95), (10, 10, 130)]
    frames = [TextFrame(id=f"t-{i}", name="body" if i == 0 else "", x=x, y=y, w=w,
                        h=heights[i], size=9, autofit=False, hyphenate=True, style=style,
                        valign="middle" if i == 4 else "top",
                        next_frame=f"t-{i + 1}" if i + 1 < len(geometry) else None,
                        paragraphs=paragraphs if i == 0 else ())
              for i, (x, y, w) in enumerate(geometry)]
    pages = (Page(frames=(frames[0],)), Page(frames=(frames[1],)),
             Page(frames=(frames[2], frames[3])), Page(frames=(frames[4],)),
             Page(frames=(frames[5],)), Page(frames=(frames[6],)))
    return Document(width=150, height=200, pages=pages, colors={"text": "#1a1a1a"})


long_edits = _edits(["insert", "insert", "insert", "delete", "split", "join", "drop", "height",
                     "role"],
                    ["a", " ", "mot ", "anticonstitutionnellement ", "« ", " ;", "\n",
                     " — Samia, locataire, qui parle longtemps"], 10)


def _long_apply(doc: Document, edit) -> Document:
    kind, i, j, chunk = edit
    head, paras, k, p, at = _target(doc, 0, edit)
    if kind == "height":  # a frame of the chain grows or shrinks: the flow starts over
        ci = j % 7
        heights = [f.h for page in doc.pages for f in page.frames]
        heights[ci] = 40 + (i % 140)
        return _long_doc(head.paragraphs, tuple(heights))
    if kind == "insert":
        paras[k] = replace(p, text=p.text[:at] + chunk + p.text[at:])
    elif kind == "delete":
        paras[k] = replace(p, text=p.text[:at] + p.text[at + 1 + j % 40:] or "x")
    elif kind == "split":  # Enter in the middle of a paragraph
        paras[k:k + 1] = [replace(p, text=p.text[:at] or "x"), Paragraph(p.text[at:] or "y")]
    elif kind == "join" and k + 1 < len(paras):  # Backspace at the start of the next one
        paras[k:k + 2] = [replace(p, text=p.text + " " + paras[k + 1].text)]
    elif kind == "drop" and len(paras) > 1:
        del paras[k]
    elif kind == "role":
        paras[k] = replace(p, role="heading" if p.role != "heading" else "paragraph")
    frame = replace(head, paragraphs=tuple(paras))
    return replace(doc, pages=(replace(doc.pages[0], frames=(frame,)), *doc.pages[1:]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 3), st.sampled_from([25, 40, 70]), long_edits)
def test_incremental_layout_of_a_long_text_is_the_full_layout(seed, count, steps):
    """From 25 paragraphs (the text ends on the two columns, balanced) to 70 (it overflows
    the last frame)."""
    engine = LayoutEngine()
    doc = _long_doc(_long_paragraphs(seed, count), (150, 170, 160, 160, 120, 170, 90))
    assert engine.layout(doc) == _full(doc)
    for step in steps:
        doc = _long_apply(doc, step)
        incremental = engine.layout(doc)
        assert incremental == _full(doc), step


def test_a_keystroke_in_a_long_text_flows_a_few_paragraphs_not_all(monkeypatch):
    """One letter typed in paragraph 20 of 120: the flow resumes a paragraph before it and
    joins the last layout's flow again within a few paragraphs (counted: the flow's steps)."""
    from pancarte.layout import reflow

    engine = LayoutEngine()
    doc = _long_doc(_long_paragraphs(1, 120), (150, 170, 160, 160, 120, 170, 190))
    engine.layout(doc)
    steps = []
    real_step = reflow._TracedFlow._step

    def counted(self):
        steps.append(self.pi)
        return real_step(self)

    monkeypatch.setattr(reflow._TracedFlow, "_step", counted)
    typed = _long_apply(doc, ("insert", 20, 5, "a"))
    incremental = engine.layout(typed)
    assert steps and min(steps) >= 19 and len(set(steps)) <= 6, steps
    assert incremental == _full(typed)
    # a frame changing size: everything is flowed again (and still right)
    steps.clear()
    taller = _long_apply(typed, ("height", 50, 1, ""))
    incremental = engine.layout(taller)
    assert min(steps) == 0 and max(steps) > 40
    assert incremental == _full(taller)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 5), st.integers(0, 10_000), st.integers(0, 40),
       st.sampled_from(["e", " ", "mot ", "anticonstitutionnellement", "\n", " ; ", "-",
                        "**gras** ", "»", ""]),
       st.sampled_from([6.0, 9.5, 14.0, 23.0, 40.0]), st.booleans())
def test_breaking_again_from_the_old_lines_is_breaking_afresh(seed, at, cut, chunk, width,
                                                              hyphenate):
    """A paragraph edited once (typed, deleted, a forced break, emphasis…) broken from its
    previous version's lines at the same width gives what breaking it afresh gives."""
    from pancarte.layout.fonts import library
    from pancarte.layout.text import ParaSpec, Preparer, break_lines, break_lines_again

    preparer = Preparer(library())
    text = " ".join(p.text for p in _long_paragraphs(seed, 6))
    at %= len(text) + 1
    new_text = text[:at] + chunk + text[at + cut:]
    style = TextStyle(family="Vollkorn")
    old = preparer.prepare(ParaSpec(text, style, "", hyphenate), True, "fr")
    new = preparer.prepare(ParaSpec(new_text, style, "", hyphenate), True, "fr")
    old_lines, _ = break_lines(old, width)
    again = break_lines_again(new, width, old, old_lines)
    fresh, _ = break_lines(new, width)
    assert again is None or again == fresh
