"""Findings in words: the message a user reads for each finding code."""

from __future__ import annotations

from pancarte.i18n import _
from pancarte.layout.boxes import Finding

_MESSAGES = {
    "text-overflow": "text does not fit in frame “{name}”, even at {size} pt",
    "glyph-missing": "no bundled font has the character {char}: it is left out",
    "qr-too-small": "the QR code is {width_mm} mm wide; scanned from {distance_m} m it needs "
                    "{needed_mm} mm",
    "qr-too-long": "the QR code's content is too long ({bytes} bytes) for its error correction",
    "qr-low-contrast": "the QR code has too little contrast to scan reliably",
    "image-unreadable": "image {name} cannot be read",
}


def _template(code: str) -> str:
    template = _MESSAGES.get(code)
    if template is None:  # the event's findings: their module is imported only when needed
        from pancarte.event.qr import FINDING_MESSAGES

        template = FINDING_MESSAGES.get(code, code)
    return template


def message(finding: Finding) -> str:
    """The finding as one line in the user's language, with its page."""
    template = _template(finding.code)
    text = _(template, **finding.params)
    return _("page {page}: {text}", page=finding.page, text=text)
