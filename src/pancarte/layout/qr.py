"""QR codes as module matrices (the renderers draw them as vector squares)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


Matrix = tuple[tuple[bool, ...], ...]
_CACHE_FORMAT = 1


@lru_cache(maxsize=256)
def qr_matrix(content: str, ecc: str = "M") -> Matrix:
    """The module matrix of ``content`` (no quiet zone), True for dark modules.

    A content encoded before is read from the on-disk cache (the editor's start and each
    compose then skip importing qrcode, 30 ms); the cache is an optimisation only, checked
    entry by entry: any problem with it means encoding again."""
    from pancarte.layout.fonts import blake2b, cache_dir

    key = blake2b(f"{ecc}\0{content}".encode(), digest_size=20).hexdigest()
    cached = cache_dir() / "qr" / f"{key}-{_CACHE_FORMAT}.marshal"
    matrix = _read_cached(cached, content, ecc)
    if matrix is None:
        matrix = _encode(content, ecc)
        _write_cached(cached, content, ecc, matrix)
    return matrix


def _read_cached(path: Path, content: str, ecc: str) -> Matrix | None:
    """The matrix stored at ``path`` for exactly this content and level, or None."""
    import marshal

    try:
        entry = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(entry, tuple) and len(entry) == 4
            and entry[:3] == (_CACHE_FORMAT, ecc, content)):
        return None
    rows = entry[3]
    n = len(rows) if isinstance(rows, tuple) else 0
    if n < 21 or n > 177 or (n - 21) % 4 or not all(
            isinstance(r, int) and 0 <= r < 1 << n for r in rows):
        return None  # not a QR code's size: a damaged entry
    return tuple(tuple(bool(r >> (n - 1 - i) & 1) for i in range(n)) for r in rows)


def _write_cached(path: Path, content: str, ecc: str, matrix: Matrix) -> None:
    import contextlib
    import marshal
    import os

    rows = tuple(sum(1 << (len(row) - 1 - i) for i, dark in enumerate(row) if dark)
                 for row in matrix)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((_CACHE_FORMAT, ecc, content, rows)))
        os.replace(tmp, path)
    except OSError:  # a read-only or full cache: no entry, and no stray file
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _encode(content: str, ecc: str) -> Matrix:
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
