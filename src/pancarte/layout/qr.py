"""QR codes as module matrices (the renderers draw them as vector squares)."""

from __future__ import annotations

from functools import lru_cache

from pancarte.errors import PancarteError

QUIET_ZONE = 4  # modules of light margin on every side (ISO/IEC 18004)


class QRTooLong(PancarteError):
    """The payload does not fit in a QR code at this error-correction level."""


def _qrcode():
    """The qrcode package without Pillow: importing it loads its Pillow image drawers (for
    backward compatibility only; we draw modules ourselves) and so Pillow (30 ms) — unless
    they cannot be imported, which qrcode accepts."""
    import sys

    if "qrcode.main" in sys.modules:
        import qrcode

        return qrcode
    drawers = "qrcode.image.styles.moduledrawers.pil"
    blocked = drawers not in sys.modules
    if blocked:
        sys.modules[drawers] = None
    try:
        import qrcode
    finally:
        if blocked and sys.modules.get(drawers, 0) is None:
            del sys.modules[drawers]
    return qrcode


@lru_cache(maxsize=256)
def qr_matrix(content: str, ecc: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The module matrix of ``content`` (no quiet zone), True for dark modules."""
    qrcode = _qrcode()
    from qrcode.constants import (
        ERROR_CORRECT_H,
        ERROR_CORRECT_L,
        ERROR_CORRECT_M,
        ERROR_CORRECT_Q,
    )
    from qrcode.exceptions import DataOverflowError

    levels = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q,
              "H": ERROR_CORRECT_H}
    code = qrcode.QRCode(error_correction=levels.get(ecc, ERROR_CORRECT_M), border=0)
    try:
        code.add_data(content.encode("utf-8"))
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:
        raise QRTooLong(str(len(content.encode("utf-8")))) from exc
    return tuple(tuple(bool(v) for v in row) for row in code.get_matrix())
