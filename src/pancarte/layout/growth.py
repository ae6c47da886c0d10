"""A long text makes its document grow: continuation pages are added, in recto/verso pairs
(or fours for a booklet), until the text fits or the template's page limit is reached (then
the layout's ``text-overflow`` finding says how many words are left out: never a silent loss).

"Fits" means at the smallest size the frame allows (its ``min_size`` when it autofits): paper
is dearer than a half point of type, and one sheet printed on both sides is what a tract
should be when it can. Autofit then sets the largest size the pages hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document
from pancarte.model.flowpages import InsertFlowPage, chain_head, continuation_page
from pancarte.model.templates import flow_spec


@dataclass(frozen=True)
class Growth:
    document: Document
    added: int  # pages added
    max_pages: int  # the template's limit (0: the template does not grow)
    complete: bool  # the text fits (at the nominal size, or once autofit has shrunk it)


def fit_pages(doc: Document, engine: LayoutEngine | None = None) -> Growth:
    """``doc`` with as many continuation pages as its flowing text needs (see the module)."""
    spec = flow_spec(doc.template) if doc.template else None
    _commands, grown, complete = growth_commands(doc, engine)
    return Growth(grown, len(grown.pages) - len(doc.pages), spec.max_pages if spec else 0,
                  complete)


def growth_commands(doc: Document, engine: LayoutEngine | None = None,
                    ) -> tuple[list[InsertFlowPage], Document, bool]:
    """The undoable commands that add the pages ``doc``'s text needs (none when it fits or its
    template does not grow), the document they make, and whether its text then fits."""
    spec = flow_spec(doc.template) if doc.template else None
    head = chain_head(doc, spec.chain) if spec is not None else None
    if spec is None or head is None:
        return [], doc, True
    engine = engine or LayoutEngine()
    smallest = head.min_size if head.autofit else head.size
    commands: list[InsertFlowPage] = []
    while (not engine.chain_fits(doc, head.id, smallest)
           and len(doc.pages) + spec.step <= spec.max_pages):
        for _ in range(spec.step):
            page, columns = continuation_page(doc, spec)
            index = max(1, len(doc.pages) - spec.insert_before)
            command = InsertFlowPage(index, page, tuple(columns), head.id)
            doc = command.apply(doc)
            commands.append(command)
    return commands, doc, engine.chain_fits(doc, head.id, smallest)


def grown_or_refused(doc: Document, allow_overflow: bool, warn=None) -> Document:
    """What ``compose`` does once the frames are filled: :func:`fit_pages`; when even the
    template's last page leaves text out, raise LayoutError-like PancarteError naming the limit
    and the words left out, or, with ``allow_overflow``, warn about them and go on."""
    from pancarte.errors import PancarteError
    from pancarte.i18n import _

    engine = LayoutEngine()
    grown = fit_pages(doc, engine)
    if grown.complete or not grown.max_pages:
        return grown.document
    words = sum(f.params.get("words", 0) for f in engine.layout(grown.document).findings
                if f.code == "text-overflow")
    text = _("the text needs more than the {pages} pages template “{template}” allows: about "
             "{words} words do not fit", pages=grown.max_pages, template=doc.template,
             words=words)
    if not allow_overflow:
        raise PancarteError(_("{text}; shorten it or use --allow-overflow to print the first "
                              "{pages} pages", text=text, pages=grown.max_pages))
    if warn is not None:
        warn(_("{text}; they are left out", text=text))
    return grown.document
