"""Findings in words: the one table of what each finding code means and how to fix it.

A :class:`~pancarte.layout.boxes.Finding` carries a stable code and its numbers (``params``);
this module turns it into what the user reads, in the user's language, numbers included
(``6,5 pt`` in French, ``6.5 pt`` in English). The layout engine, the preflight checks, the
event's QR code notes, the CLI and the editor all word a finding here (see
docs/ARCHITECTURE.md, "Findings").
"""

from __future__ import annotations

import re
from typing import Any

from pancarte.i18n import N_, Nn_, _, language, ngettext
from pancarte.layout.boxes import Finding

# English msgids (French in po/fr.po); {fields} come from the finding's params
# (singular, plural) for a message whose wording follows its {count}
MESSAGES: dict[str, str | tuple[str, str]] = {
    "text-overflow": N_("text does not fit in frame “{name}”, even at {size} pt"),
    "glyph-missing": N_("no bundled font has the character {char}: it is left out"),
    "qr-too-small": N_("the QR code is {width_mm} mm wide; scanned from {distance_m} m it "
                       "needs {needed_mm} mm"),
    "qr-too-long": N_("the QR code's content is too long ({bytes} bytes) for its error "
                      "correction"),
    "qr-too-dense": N_("the QR code's modules are {module_mm} mm wide; a phone {distance_m} m "
                       "away needs {needed_mm} mm"),
    "qr-low-contrast": N_("the QR code has too little contrast to scan reliably"),
    "image-unreadable": N_("image {name} cannot be read"),
    "frame-empty": N_("frame “{name}” is empty: nothing prints there"),
    "frame-outside-page": N_("frame “{name}” lies outside the page: it does not print"),
    "frame-in-bleed-only": N_("frame “{name}” lies in the bleed only: it is cut off with it"),
    "text-cut-off": N_("text of frame “{name}” crosses the edge of the page: it will be cut "
                       "off"),
    "qr-cut-off": N_("the QR code crosses the edge of the page: it will be cut off"),
    "text-outside-safe-zone": N_("text of frame “{name}” comes closer than {margin_mm} mm to "
                                 "the edge, where the cut may touch it"),
    "qr-outside-safe-zone": N_("the QR code (with its quiet zone) comes closer than "
                               "{margin_mm} mm to the edge, where the cut may touch it"),
    "image-low-resolution": N_("image {name} prints at only {dpi} dpi (at least {needed} dpi "
                               "for a sharp print)"),
    "image-smaller-than-frame": N_("image {name} does not fill its frame: blank bands of "
                                   "{band_mm} mm remain"),
    "rgb-in-cmyk": Nn_("{count} RGB colour ({colors}) is converted to CMYK for print and may "
                       "look different",
                       "{count} RGB colours ({colors}) are converted to CMYK for print and may "
                       "look different"),
    "rgb-image-in-cmyk": N_("image {name} is in RGB: it is converted to CMYK for print and its "
                            "colours may look duller"),
    "text-too-small": N_("text of frame “{name}” is only {size} pt (at least {min_size} pt in "
                         "print)"),
    "text-not-legible": N_("the largest text is legible up to {legible_m} m, but this document "
                           "is meant to be read from {distance_m} m"),
}

FIXES: dict[str, str] = {
    "text-overflow": N_("shorten the text, enlarge the frame or lower its smallest size"),
    "glyph-missing": N_("replace the character or remove it"),
    "qr-too-small": N_("enlarge the QR code to {needed_mm} mm or scan it from closer"),
    "qr-too-long": N_("shorten the content (a short link) or use a lower error correction"),
    "qr-too-dense": N_("print the code larger, or give it shorter content (the event's web "
                       "address rather than the whole event)"),
    "qr-low-contrast": N_("use a dark colour on a light background"),
    "image-unreadable": N_("replace the image with a PNG or JPEG file"),
    "frame-empty": N_("fill the frame or delete it"),
    "frame-outside-page": N_("move the frame onto the page or delete it"),
    "frame-in-bleed-only": N_("move the frame onto the page or delete it"),
    "text-cut-off": N_("move the text inside the page, at least {margin_mm} mm from the edge"),
    "qr-cut-off": N_("move the QR code inside the page, at least {margin_mm} mm from the edge"),
    "text-outside-safe-zone": N_("move or shrink the frame to keep the text {margin_mm} mm "
                                 "inside the edge"),
    "qr-outside-safe-zone": N_("move or shrink the QR code to keep it {margin_mm} mm inside "
                               "the edge"),
    "image-low-resolution": N_("use a larger image ({px_w}×{px_h} pixels at least) or print "
                               "it smaller"),
    "image-smaller-than-frame": N_("set the frame to “fill” (the image is cropped) or fit the "
                                   "frame to the image"),
    "rgb-in-cmyk": N_("give colours as cmyk(…) where they must print exactly"),
    "rgb-image-in-cmyk": N_("check the colours on a proof; for exact colours, supply a CMYK "
                            "image"),
    "text-too-small": N_("enlarge the text to {min_size} pt at least"),
    "text-not-legible": N_("shorten it to about {chars} characters, or print it on {format} or "
                           "larger (capitals of {needed_mm} mm, about {size} pt); else plan for a "
                           "closer reading distance"),
}


def number(value: Any) -> str:
    """A number as the user's language writes it, to one decimal at most: ``2,5`` in French,
    ``2.5`` in English."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{round(float(value), 1):.1f}".removesuffix(".0")
    return text if language() == "en" else text.replace(".", ",")


def _measure(value: Any) -> str:
    """A measure (``*_mm``, ``*_m``) given as text already rounded (``"0.42"``) keeps its
    digits, with the user's decimal mark; as a number, :func:`number` writes it."""
    if isinstance(value, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return value if language() == "en" else value.replace(".", ",")
    return number(value)


def _fields(finding: Finding) -> dict[str, str]:
    return {k: _measure(v) if k.endswith(("_mm", "_m")) else number(v)
            for k, v in finding.params.items()}


def message(finding: Finding) -> str:
    """What is wrong, in the user's language (without the page)."""
    template = MESSAGES.get(finding.code, finding.code)
    if isinstance(template, tuple):
        count = finding.params.get("count", 0)
        return ngettext(*template, count if isinstance(count, int) else 0, **_fields(finding))
    return _(template, **_fields(finding))


def fix(finding: Finding) -> str:
    """How to fix it, in the user's language ("" for a code with no fix)."""
    template = FIXES.get(finding.code)
    if template is None:
        return ""
    try:
        return _(template, **_fields(finding))
    except KeyError:  # a fix naming a number this finding does not carry
        return ""


def sentence(finding: Finding) -> str:
    """What is wrong and how to fix it, without the page."""
    text = message(finding)
    how = fix(finding)
    return _("{message} — {fix}", message=text, fix=how) if how else text


def line(finding: Finding) -> str:
    """One line for the terminal or the editor: page, message and fix."""
    return _("page {page}: {text}", page=finding.page, text=sentence(finding))


def describe(finding: Finding) -> dict[str, Any]:
    """The finding as JSON data: code, severity, page, frame, message, fix, params."""
    return {"code": finding.code, "severity": finding.severity, "page": finding.page,
            "frame": finding.frame, "message": message(finding), "fix": fix(finding),
            "params": dict(finding.params)}
