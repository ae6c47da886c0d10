"""The checks the editor shows: :func:`pancarte.preflight.preflight` (the same as the CLI's
and the export's), run on the session's layout, plus what the properties panel says about an
image (its pixel size and its resolution at print size)."""

from __future__ import annotations

from functools import lru_cache

from pancarte.layout.boxes import Finding, ImageItem
from pancarte.model.document import Document


@lru_cache(maxsize=64)
def image_pixels(data: bytes) -> tuple[int, int]:
    """Width and height in pixels (after EXIF rotation); (0, 0) when unreadable. The core's
    :func:`pancarte.images.image_size` (Pillow), as the preflight and the export measure."""
    from pancarte.images import ImageError, image_size

    try:
        return image_size(data)
    except ImageError:
        return (0, 0)


def effective_dpi(item: ImageItem) -> float | None:
    """Pixels per inch of ``item`` at the size it prints (the smaller of both axes)."""
    pw, ph = image_pixels(item.data)
    if pw <= 0 or ph <= 0 or item.rect.w <= 0 or item.rect.h <= 0:
        return None
    return min(pw / (item.rect.w / 72.0), ph / (item.rect.h / 72.0))


def needed_dpi(doc: Document) -> int:
    """The resolution this kind of print needs (300 dpi for a flyer, 150 for a poster)."""
    from pancarte.preflight import required_dpi

    return required_dpi(doc)


# findings whose {name} is a frame's (not an image's): the editor names it as the canvas does
_FRAME_NAMED = frozenset({"text-overflow", "frame-empty", "frame-outside-page",
                          "frame-in-bleed-only", "text-cut-off", "text-outside-safe-zone",
                          "text-too-small"})


def describe(finding: Finding, doc: Document | None = None) -> str:
    """One line in the user's language: page, what is wrong and how to fix it. With ``doc``,
    frames are named as the canvas names them ("Footer", not ``footer``)."""
    from dataclasses import replace

    from pancarte.findings import line, message
    from pancarte.i18n import _

    if finding.code == "rgb-in-cmyk":  # the editor's colour dialog has no CMYK: advise a proof
        text = _("{message} — {fix}", message=message(finding),
                 fix=_("check the colours on a printed proof before a large run"))
        return _("page {page}: {text}", page=finding.page, text=text)

    if doc is not None and finding.code in _FRAME_NAMED and finding.frame:
        found = doc.find_frame(finding.frame)
        if found is not None:
            from pancarte.gui.canvas import frame_label

            finding = replace(finding, params={**finding.params, "name": frame_label(found[1])})
    return line(finding)


def ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by page."""
    return sorted(findings, key=lambda f: (f.severity != "error", f.page))
