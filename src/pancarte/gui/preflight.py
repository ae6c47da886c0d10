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


def describe(finding: Finding) -> str:
    """One line in the user's language: page, what is wrong and how to fix it."""
    from pancarte.findings import line

    return line(finding)


def ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by page."""
    return sorted(findings, key=lambda f: (f.severity != "error", f.page))
