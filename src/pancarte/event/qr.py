"""The poster's QR code for an event: which payload, whether a phone can read it from the
template's scan distance, the error-correction level, and a caption under the code.

Two checks guard a code. The layout engine's ``qr-too-small`` compares the code's printed
width with the scan distance (width ≥ distance ÷ 10, a rule made for short URLs). A dense
payload (a calendar entry) needs more: here each module must cover at least
:data:`MIN_PIXELS` pixels of a phone camera's preview (:data:`PHONE_PIXELS` across a field
:data:`PHONE_FIELD` times as wide as the distance, about 65°). A VEVENT that would be too dense
loses its description, then GEO, then URL before it is called too dense (``qr-too-dense``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pancarte.event.errors import EventError
from pancarte.event.payload import geo_uri, short_url, vevent_variants
from pancarte.geometry import MM
from pancarte.i18n import _
from pancarte.layout.boxes import Finding
from pancarte.layout.qr import QUIET_ZONE, QRTooLong, qr_matrix
from pancarte.model.document import (
    QR_ECC,
    Document,
    Page,
    Paragraph,
    QRFrame,
    TextFrame,
    TextStyle,
)

if TYPE_CHECKING:  # the event model (and its time zones) only when an event is used
    from pancarte.event.model import Event

QR_CONTENTS = ("url", "event", "geo", "text", "none")
PHONE_PIXELS = 1920  # across a phone camera's preview frame (1080p)
PHONE_FIELD = 1.27  # width of the camera's field ÷ distance (≈ 65° horizontal)
MIN_PIXELS = 3.0  # pixels per module a scanner needs in that preview
MAX_PAYLOAD = 4000  # characters a QRFrame's content may hold (the document model's limit)
CAPTION_MIN_PT = 6.0  # the smallest text a print shop accepts
CAPTION_SUFFIX = "-caption"


def min_module_mm(distance_m: float) -> float:
    """The smallest module (mm) a phone reads from ``distance_m`` metres."""
    return MIN_PIXELS * PHONE_FIELD * distance_m * 1000 / PHONE_PIXELS


def code_side_mm(frame: QRFrame) -> float:
    """The printed side of the code, quiet zone included, as the layout engine draws it."""
    return min(frame.w, frame.h)


@dataclass(frozen=True)
class QRCheck:
    """A payload measured in a frame: ``modules`` across (no quiet zone), each ``module_mm``
    wide where ``needed_mm`` is the least a phone reads from the scan distance."""

    payload: str
    ecc: str
    modules: int
    module_mm: float
    needed_mm: float

    @property
    def dense(self) -> bool:
        return self.module_mm + 1e-9 < self.needed_mm

    @property
    def width_mm(self) -> float:
        return self.module_mm * self.modules


@lru_cache(maxsize=512)
def _modules(payload: str, ecc: str) -> int:
    return len(qr_matrix(payload, ecc))


def measure(payload: str, ecc: str, side_mm: float, distance_m: float) -> QRCheck:
    """``payload`` at ``ecc`` in a code of ``side_mm``; raise EventError when it cannot fit
    in any QR code."""
    if len(payload) > MAX_PAYLOAD:
        raise EventError(_("the QR code's content is too long ({n} characters, at most {max})",
                           n=len(payload), max=MAX_PAYLOAD))
    try:
        n = _modules(payload, ecc)
    except QRTooLong:
        raise EventError(_("the QR code's content is too long for a QR code at error "
                           "correction {ecc} ({n} bytes)", ecc=ecc,
                           n=len(payload.encode("utf-8")))) from None
    return QRCheck(payload, ecc, n, side_mm / (n + 2 * QUIET_ZONE), min_module_mm(distance_m))


def default_content(event: Event | None) -> str | None:
    """``url`` when the event has a URL, else ``event`` (the calendar entry) when it has a
    date, else ``geo`` when it has coordinates; None when there is nothing to encode."""
    if event is None:
        return None
    if event.url:
        return "url"
    if event.start is not None:
        return "event"
    return "geo" if event.geo is not None else None


def choose(event: Event | None, content: str, *, text: str | None = None, ecc: str = "M",
           side_mm: float, distance_m: float) -> QRCheck:
    """The payload for ``content`` measured in the frame. For ``event`` the richest VEVENT
    that a phone still reads from ``distance_m`` (else the smallest). Raise EventError when
    the content is missing or cannot fit."""
    if content not in QR_CONTENTS or content == "none":
        raise ValueError(content)
    if content == "text":
        if not text:
            raise EventError(_("--qr-content text needs --qr-text"))
        return measure(text, ecc, side_mm, distance_m)
    if event is None:
        raise EventError(_("--qr-content {content} needs an event (--event FILE.ics or "
                           "--when)", content=content))
    if content == "url":
        if not event.url:
            raise EventError(_("the event has no URL: give one with --event-url or choose "
                               "another --qr-content"))
        return measure(event.url, ecc, side_mm, distance_m)
    if content == "geo":
        return measure(geo_uri(event), ecc, side_mm, distance_m)
    variants = vevent_variants(event)
    last: QRCheck | None = None
    for payload in variants:
        try:
            last = measure(payload, ecc, side_mm, distance_m)
        except EventError:
            continue
        if not last.dense:
            return last
    if last is None:  # even the smallest calendar entry does not fit
        return measure(variants[-1], ecc, side_mm, distance_m)
    return last


def qr_frame(doc: Document) -> tuple[int, QRFrame] | None:
    """The QR frame named ``qr`` (else the first QR frame) and its page index."""
    frames = [(i, f) for i, p in enumerate(doc.pages) for f in p.frames if isinstance(f, QRFrame)]
    named = [(i, f) for i, f in frames if f.name == "qr"]
    return (named or frames)[0] if frames else None


def dense_message(check: QRCheck, distance_m: float) -> str:
    """The ``qr-too-dense`` finding in words, as preflight says it."""
    from pancarte.findings import sentence

    return sentence(Finding("qr-too-dense", "warning", 0, "", _dense_params(check, distance_m)))


def _dense_params(check: QRCheck, distance_m: float) -> dict[str, str]:
    return {"module_mm": f"{check.module_mm:.2f}", "needed_mm": f"{check.needed_mm:.2f}",
            "distance_m": f"{distance_m:g}"}


def set_event_qr(
    doc: Document,
    event: Event | None,
    content: str | None,
    *,
    text: str | None = None,
    ecc: str | None = None,
    caption: str | None = None,
) -> tuple[Document, list[str]]:
    """``doc`` with its QR frame holding ``content`` (None: the frame's content unchanged;
    ``none``: empty), at error correction ``ecc`` (None: the frame's), with ``caption``
    under the code (None: unchanged; ``""``: the short URL of the code or the event).
    Returns the document and warnings; raises EventError when the payload cannot be made or
    cannot fit."""
    notes: list[str] = []
    found = qr_frame(doc)
    if found is None:
        if content not in (None, "none") or caption:
            notes.append(_("the template has no QR code frame: no QR code is printed"))
        return doc, notes
    _page, frame = found
    if ecc is not None:
        if ecc not in QR_ECC:
            raise ValueError(ecc)
        frame = replace(frame, ecc=ecc)
    payload = frame.content
    if content == "none":
        payload = ""
    if caption is not None and content != "none":
        label = caption or _auto_caption(content, payload, text, event)
        doc, frame, caption_notes = _with_caption(doc, frame, label)
        notes += caption_notes
    if content is not None and content != "none":
        check = choose(event, content, text=text, ecc=frame.ecc,
                       side_mm=code_side_mm(frame), distance_m=doc.scan_distance)
        payload = check.payload
        if check.dense:
            notes.append(dense_message(check, doc.scan_distance))
    elif payload:
        check = measure(payload, frame.ecc, code_side_mm(frame), doc.scan_distance)
        if check.dense:
            notes.append(dense_message(check, doc.scan_distance))
    doc = doc.replace_frame(replace(frame, content=payload))
    return doc, notes


def _auto_caption(content: str | None, payload: str, text: str | None,
                  event: Event | None) -> str:
    """The short URL a caption shows: the code's own when it is a web address, else the
    event's."""
    own = {None: payload, "text": text or "", "url": event.url if event else ""}.get(content, "")
    for url in (own, event.url if event else ""):
        if url.lower().startswith(("http://", "https://")):
            return short_url(url)
    return ""


# --------------------------------------------------------------------------------------------
# Caption: a short line under the code, inside the QR frame


@dataclass(frozen=True)
class CaptionGeometry:
    """Where a caption goes in a QR frame (mm): the code's box above, the text's box below
    (as wide as the code, so code and caption make one light card), the text's size (pt)."""

    code: tuple[float, float, float, float]
    text: tuple[float, float, float, float]
    size: float


def caption_geometry(frame: QRFrame) -> CaptionGeometry:
    """Split ``frame`` into the code and a caption line under it. This is the proposal for the
    layout engine (which ignores ``QRFrame.caption`` today): draw the code in ``code`` and the
    caption, centred, in ``text``."""
    side = min(frame.w, frame.h)
    size = max(CAPTION_MIN_PT, min(48.0, side * 0.2))
    text_h = size * 1.3 / MM
    code_h = frame.h - text_h
    code_side = min(frame.w, code_h)  # the code is centred in its box, the text just below
    return CaptionGeometry(
        code=(frame.x, frame.y, frame.w, code_h),
        text=(frame.x + (frame.w - code_side) / 2, frame.y + (code_h + code_side) / 2,
              code_side, text_h),
        size=size,
    )


def caption_frame_id(frame: QRFrame) -> str:
    return (frame.id[: 64 - len(CAPTION_SUFFIX)]) + CAPTION_SUFFIX


def _caption_text_frame(frame: QRFrame, label: str,
                        geometry: CaptionGeometry) -> TextFrame:
    x, y, w, h = geometry.text
    return TextFrame(
        id=caption_frame_id(frame), name="", x=x, y=y, w=w, h=h,
        paragraphs=(Paragraph(label, role="caption",
                              style={"align": "center", "scale": 1.0, "space_after": 0.0,
                                     "line_spacing": 1.1}),),
        size=geometry.size, autofit=True, min_size=CAPTION_MIN_PT, max_size=geometry.size,
        valign="top", hyphenate=False,
        style=TextStyle(family="Lato", color=frame.dark),
        background=frame.light,
    )


def place_caption(doc: Document, label: str) -> tuple[Document, list[str]]:
    """``doc`` with ``label`` under its QR code (``QRFrame.caption`` set, and a small text
    frame below the code, inside the QR frame's rectangle, while the layout engine does not
    draw captions itself). A caption already placed has its text replaced. A caption that does
    not fit on one line at 6 pt is left out, with a warning."""
    found = qr_frame(doc)
    if found is None:
        return doc, [_("the template has no QR code frame: no QR code is printed")]
    doc, frame, notes = _with_caption(doc, found[1], label)
    return doc.replace_frame(frame), notes


def remove_caption(doc: Document) -> Document:
    """``doc`` without the caption :func:`place_caption` put under its QR code: the text frame
    goes and the QR frame gets its height back."""
    found = qr_frame(doc)
    if found is None:
        return doc
    frame = found[1]
    text = doc.find_frame(caption_frame_id(frame))
    if text is None:
        return doc if not frame.caption else doc.replace_frame(replace(frame, caption=""))
    restored = replace(frame, h=frame.h + text[1].h, caption="")
    pages = tuple(replace(p, frames=tuple(restored if f.id == frame.id else f
                                          for f in p.frames if f.id != text[1].id))
                  for p in doc.pages)
    return replace(doc, pages=pages)


def _with_caption(doc: Document, frame: QRFrame,
                  label: str) -> tuple[Document, QRFrame, list[str]]:
    """The document with the caption frame added or updated, and the QR frame to use (which
    the caller puts back into the document)."""
    label = " ".join(label.split())
    if not label:
        return doc, frame, [_("no caption under the QR code: there is no URL to show "
                              "(give the text with --qr-caption TEXT)")]
    existing = doc.find_frame(caption_frame_id(frame))
    if existing is not None and isinstance(existing[1], TextFrame):
        text_frame = replace(existing[1], paragraphs=(
            replace(existing[1].paragraphs[0], text=label) if existing[1].paragraphs
            else Paragraph(label, role="caption"),))
        if not _fits(doc, text_frame):
            return doc, frame, [_too_long(label)]
        return doc.replace_frame(text_frame), replace(frame, caption=label), []
    geometry = caption_geometry(frame)
    text_frame = _caption_text_frame(frame, label, geometry)
    if not _fits(doc, text_frame):
        return doc, frame, [_too_long(label)]
    cx, cy, cw, ch = geometry.code
    new_frame = replace(frame, x=cx, y=cy, w=cw, h=ch, caption=label)
    pages = []
    for page in doc.pages:
        frames = []
        for f in page.frames:
            frames.append(new_frame if f.id == frame.id else f)
            if f.id == frame.id:
                frames.append(text_frame)
        pages.append(replace(page, frames=tuple(frames)))
    return replace(doc, pages=tuple(pages)), new_frame, []


def _too_long(label: str) -> str:
    return _("the caption “{text}” is too long to fit under the QR code: it is left out",
             text=label)


def _fits(doc: Document, text_frame: TextFrame) -> bool:
    """Whether the caption fits its frame on one line at 6 pt or more (laid out alone)."""
    from pancarte.layout.engine import LayoutEngine

    probe = replace(doc, pages=(Page(frames=(text_frame,)),), event=None)
    layout = LayoutEngine().layout(probe)
    info = layout.pages[0].frames.get(text_frame.id)
    return not layout.overflow and (info is None or info.lines <= 1)


# --------------------------------------------------------------------------------------------
# For the editor and preflight


def qr_findings(doc: Document) -> list[Finding]:
    """``qr-too-dense`` for every QR code whose modules are too small for the scan distance
    (the engine's ``qr-too-small`` checks the width); a code that cannot be made is the
    engine's ``qr-too-long``."""
    out = []
    for index, page in enumerate(doc.pages):
        for f in page.frames:
            if isinstance(f, QRFrame) and f.content:
                try:
                    check = measure(f.content, f.ecc, code_side_mm(f), doc.scan_distance)
                except EventError:
                    continue
                if check.dense:
                    out.append(Finding("qr-too-dense", "warning", index + 1, f.id,
                                       _dense_params(check, doc.scan_distance)))
    return out
