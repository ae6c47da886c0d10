"""``compose --tract``: a tract's blocks copied into a template's frames.

The blocks are *copied*: each paragraph records the tract and revision it came from
(``Paragraph.source``), and layout never reads the library again. The text goes in as it is —
it is data, never parsed again as markup (a paragraph starting with ``2.`` stays a paragraph;
only Pancarte's own inline ``**gras**``/``*italique*`` shows at layout).
"""

from __future__ import annotations

from pancarte.library.tract import Tract
from pancarte.model.document import Document, Paragraph, TextFrame
from pancarte.model.edit import set_text


def attribution_line(attribution: str) -> str:
    """A quote's attribution as the page prints it: after its dash (``— Fatou, habitante``),
    which the importer took off as a marker; kept to its name by a no-break space."""
    text = attribution.strip()
    if not text or text[0] in "—–-":
        return text
    return "\u2014\u00a0" + text


def _has_text_frame(doc: Document, name: str) -> bool:
    return any(isinstance(f, TextFrame) for _, f in doc.frames_named(name))


def tract_paragraphs(tract: Tract, programme: bool = True, footer: bool = True,
                     ) -> dict[str, tuple[Paragraph, ...]]:
    """The tract's paragraphs by frame name (``title``, ``body``, ``programme``, ``footer``):
    the first title block goes to ``title`` (later ones are body headings); the first list
    goes to ``programme`` when ``programme`` is true, with the heading right before it
    (``Le programme``); contact lines go to ``footer`` when
    ``footer`` is true; everything else goes to ``body``. Debris is left out."""
    source = {"tract": tract.id, "revision": tract.revision}
    out: dict[str, list[Paragraph]] = {"title": [], "body": [], "programme": [], "footer": []}

    def para(frame: str, text: str, role: str, marker: str = "") -> None:
        out[frame].append(Paragraph(text=text, role=role, marker=marker, source=dict(source)))

    list_done = False
    previous = None
    for block in tract.blocks:
        if block.debris:
            continue
        before, previous = previous, block
        if block.kind == "title":
            if not out["title"]:
                para("title", block.text, "title")
            else:
                para("body", block.text, "heading")
        elif block.kind in ("heading", "paragraph"):
            para("body", block.text, block.kind)
        elif block.kind == "quote":
            para("body", block.text, "quote")
            if block.attribution:
                para("body", attribution_line(block.attribution), "attribution")
        elif block.kind == "list":
            frame = "programme" if programme and not list_done else "body"
            list_done = True
            if frame == "programme" and before is not None and before.kind == "heading":
                out["programme"].append(out["body"].pop())
            for i, item in enumerate(block.items, 1):
                para(frame, item, "list_item", f"{i}." if block.numbered else "•")
        elif block.kind == "contact":
            para("footer" if footer else "body", block.text, "contact")
    return {k: tuple(v) for k, v in out.items()}


def fill_from_tract(doc: Document, tract: Tract, title: str | None = None) -> Document:
    """``doc`` with its frames filled from ``tract`` (see :func:`tract_paragraphs`); the
    first list goes to the ``programme`` frame and contacts to the ``footer`` when the
    template has them, else to ``body``. An explicit ``title`` wins over the tract's."""
    parts = tract_paragraphs(tract, programme=_has_text_frame(doc, "programme"),
                             footer=_has_text_frame(doc, "footer"))
    if title is not None:
        parts["title"] = (Paragraph(title.strip(), role="title"),) if title.strip() else ()
        doc = set_text(doc, "title", parts["title"])
    elif parts["title"]:
        doc = set_text(doc, "title", parts["title"])
    for name in ("body", "programme", "footer"):
        if parts[name]:
            doc = set_text(doc, name, parts[name])
    return doc


def compose_tract(doc: Document, tract: Tract, *, title: str | None = None,
                  blocks: tuple[int, ...] | None = None, whole_text: bool = False,
                  engine=None, grow: bool = True):
    """``doc`` filled from ``tract`` and the plan that says what went where (a
    :class:`~pancarte.fill.pick.Plan`).

    ``blocks`` (0-based indexes) places exactly those blocks; ``whole_text`` the whole tract
    (it may then not fit: the export refuses it as for any text); else the whole tract when
    it fits legibly, or a designer's choice of its blocks (:func:`~pancarte.fill.pick.
    plan_tract`). With ``grow``, a growing template (tract-a4, booklet-a5) gets the pages
    its text needs; the editor passes False and adds them as undoable commands."""
    from pancarte.fill.pick import Plan, apply_parts, plan_blocks, plan_tract, whole_parts

    if blocks is not None:
        plan = plan_blocks(doc, tract, blocks, title=title)
    elif whole_text:
        parts = whole_parts(doc, tract)
        if title is not None:
            parts["title"] = (Paragraph(title.strip(), role="title"),) if title.strip() else ()
        live = tuple(i for i, b in enumerate(tract.blocks) if not b.debris)
        plan = Plan(parts, placed=live, whole=True)
    else:
        plan = plan_tract(doc, tract, engine, title=title)
    filled = apply_parts(doc, plan.parts)
    if not grow:
        return filled, plan
    from pancarte.layout.growth import fit_pages

    # the pages a growing template needs for what was placed (none for the others)
    return fit_pages(filled, engine).document, plan


def left_out_note(tract: Tract, plan, in_library: bool = True) -> str | None:
    """The one line ``compose`` writes on stderr about what the plan left out or cut (None
    when the whole text went in); ``in_library`` False for a text read into blocks (no
    ``library show`` to point to)."""
    from pancarte.fill.pick import ranges
    from pancarte.i18n import _

    if not plan.left_out and not plan.cut:
        return None
    n, cut = len(plan.left_out), ranges(i + 1 for i in plan.cut)
    if not n:
        text = (_("pancarte: 1 block shortened: {blocks}", blocks=cut) if len(plan.cut) == 1
                else _("pancarte: {n} blocks shortened: {blocks}", n=len(plan.cut), blocks=cut))
    else:
        left = ranges(i + 1 for i in plan.left_out)
        text = (_("pancarte: 1 block left out: {blocks}", blocks=left) if n == 1 else
                _("pancarte: {n} blocks left out: {blocks}", n=n, blocks=left))
        if plan.cut:
            text += _("; shortened: {blocks}", blocks=cut)
    if not in_library:
        return text + _(" (the text's blocks in their order: title, headings, paragraphs, list "
                        "items; choose with --blocks, or --whole-text)")
    return text + _(" (see “pancarte library show {id}”; choose with --blocks, or "
                    "--whole-text)", id=tract.id[:12])
