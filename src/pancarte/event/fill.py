"""The event put on the page: its title in ``title``, its date and place in ``event``, its
programme in ``programme`` (both at the end of ``body`` when the template has no such frame),
and the event itself kept in ``Document.event`` for the editor to word it again."""

from __future__ import annotations

from dataclasses import replace

from pancarte.event.model import Event
from pancarte.event.wording import (
    STYLES,
    programme_heading,
    programme_lines,
    when_lines,
)
from pancarte.i18n import _
from pancarte.model.document import Document, Paragraph, TextFrame
from pancarte.model.edit import set_text, text_to_paragraphs

# the block's hierarchy: the day first and larger, the time in bold, the place and the
# address in regular weight (the address a little smaller)
_DAY = {"scale": 1.3}
_PLACE = {"bold": False}
_ADDRESS = {"bold": False, "scale": 0.9}


def event_paragraphs(event: Event, lang: str = "fr", style: str = "long") -> tuple[Paragraph, ...]:
    """Date line (capitalised: ``Samedi 25 mai 2024``, larger), time line (bold), place line
    and address (regular): one ``event`` paragraph each."""
    when = when_lines(event, lang, style)
    if when:
        when[0] = when[0][:1].upper() + when[0][1:]
    out = [Paragraph(line, role="event", style=dict(_DAY) if i == 0 else {})
           for i, line in enumerate(when)]
    if event.place:
        out.append(Paragraph(event.place, role="event", style=dict(_PLACE)))
    if event.address:
        out.append(Paragraph(event.address, role="event", style=dict(_ADDRESS)))
    return tuple(out)


def programme_paragraphs(event: Event, lang: str = "fr",
                         style: str = "long") -> tuple[Paragraph, ...]:
    """A heading (``Au programme``) and one list item per programme line, or nothing."""
    lines = programme_lines(event, lang, style)
    if not lines:
        return ()
    return (Paragraph(programme_heading(lang)),
            *(Paragraph(line, role="list_item", marker="•") for line in lines))


def fill_event(doc: Document, event: Event, *, style: str = "long",
               replace_title: bool | None = None) -> tuple[Document, list[str]]:
    """``doc`` with ``event`` worded in the document's language. The title frame gets the
    event's title when ``replace_title`` is True, or (None) when it is empty or still holds
    the template's sample. Returns the document and warnings."""
    if style not in STYLES:
        raise ValueError(style)
    notes: list[str] = []
    lang = doc.settings.lang
    sample = _sample(doc)
    if event.title:
        current = _paragraphs(doc, "title")
        if replace_title or (replace_title is None
                             and (not current or current == sample.get("title"))):
            doc = set_text(doc, "title", (Paragraph(event.title, role="title"),))
    lines = event_paragraphs(event, lang, style)
    programme = programme_paragraphs(event, lang, style)
    tail: tuple[Paragraph, ...] = ()
    if lines:
        if _paragraphs(doc, "event") is not None:
            doc = set_text(doc, "event", lines)
        else:
            tail += lines
    if programme:
        if _paragraphs(doc, "programme") is not None:
            doc = set_text(doc, "programme", programme)
        else:
            tail += programme
    if tail:
        body = _paragraphs(doc, "body")
        if body is None:
            notes.append(_("the template has no frame for the event's date and place: they "
                           "are not printed"))
        else:
            keep = () if body == sample.get("body") else body
            doc = set_text(doc, "body", keep + tail)
    if not doc.title and event.title:
        doc = replace(doc, title=event.title[:500])
    return replace(doc, event=event.to_dict()), notes


def _paragraphs(doc: Document, name: str) -> tuple[Paragraph, ...] | None:
    """The paragraphs of the first text frame called ``name`` (None: no such frame)."""
    for _page, frame in doc.frames_named(name):
        if isinstance(frame, TextFrame):
            return frame.paragraphs
    return None


def _sample(doc: Document) -> dict[str, tuple[Paragraph, ...]]:
    """The template's sample texts as ``compose(..., sample=True)`` puts them in frames."""
    from pancarte.errors import TemplateError
    from pancarte.model.templates import template_info

    if not doc.template:
        return {}
    try:
        sample = template_info(doc.template).sample
    except (TemplateError, KeyError, ValueError):
        return {}
    return {name: text_to_paragraphs(value, "title" if name == "title" else "paragraph")
            for name, value in sample.items() if isinstance(value, str)}
