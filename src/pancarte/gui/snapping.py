"""Snapping a frame being moved or resized to guides, other frames and the page centre.

Plain Python in millimetres (no Qt), so it is tested on its own. A *target* is a coordinate
on one axis (a vertical guide at x, or a horizontal one at y); the moving rectangle offers
its left/centre/right edges (top/middle/bottom), and the nearest pair within the tolerance
wins on each axis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pancarte.model.document import Document, Page

# which edges move for each resize handle: (left, right, top, bottom)
HANDLES: dict[str, tuple[bool, bool, bool, bool]] = {
    "nw": (True, False, True, False),
    "n": (False, False, True, False),
    "ne": (False, True, True, False),
    "e": (False, True, False, False),
    "se": (False, True, False, True),
    "s": (False, False, False, True),
    "sw": (True, False, False, True),
    "w": (True, False, False, False),
}
MIN_SIZE = 2.0  # mm: a frame never shrinks below this


@dataclass
class Targets:
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)


@dataclass
class Snap:
    """The snapped rectangle and the guides that caught it (to draw while dragging)."""

    x: float
    y: float
    w: float
    h: float
    guides_x: list[float] = field(default_factory=list)
    guides_y: list[float] = field(default_factory=list)


def targets_for(doc: Document, page: Page, moving_id: str) -> Targets:
    """Trim edges, safe zone, page centre and every other frame's edges and centre."""
    m = doc.safe_margin
    t = Targets(xs=[0.0, doc.width / 2, doc.width], ys=[0.0, doc.height / 2, doc.height])
    if m > 0:
        t.xs += [m, doc.width - m]
        t.ys += [m, doc.height - m]
    for f in page.frames:
        if f.id == moving_id:
            continue
        t.xs += [f.x, f.x + f.w / 2, f.x + f.w]
        t.ys += [f.y, f.y + f.h / 2, f.y + f.h]
    return t


def _best(candidates: list[float], targets: list[float], tol: float) -> tuple[float, float] | None:
    """(shift, target) for the closest candidate/target pair within ``tol``."""
    best: tuple[float, float] | None = None
    for c in candidates:
        for t in targets:
            d = t - c
            if abs(d) <= tol and (best is None or abs(d) < abs(best[0])):
                best = (d, t)
    return best


def snap_move(x: float, y: float, w: float, h: float, targets: Targets, tol: float) -> Snap:
    """The rectangle moved so that its nearest edge or centre sits on a target."""
    out = Snap(x, y, w, h)
    bx = _best([x, x + w / 2, x + w], targets.xs, tol)
    if bx is not None:
        out.x += bx[0]
        out.guides_x.append(bx[1])
    by = _best([y, y + h / 2, y + h], targets.ys, tol)
    if by is not None:
        out.y += by[0]
        out.guides_y.append(by[1])
    return out


def resize(x: float, y: float, w: float, h: float, handle: str, dx: float, dy: float,
           targets: Targets | None, tol: float) -> Snap:
    """The rectangle with the edges of ``handle`` moved by (dx, dy), each moving edge snapped
    to the nearest target, and never smaller than MIN_SIZE."""
    left, right, top, bottom = HANDLES[handle]
    x0, y0, x1, y1 = x, y, x + w, y + h
    gx: list[float] = []
    gy: list[float] = []

    def snapped(value: float, axis: list[float], guides: list[float]) -> float:
        if targets is None:
            return value
        b = _best([value], axis, tol)
        if b is None:
            return value
        guides.append(b[1])
        return b[1]

    if left:
        x0 = min(snapped(x0 + dx, targets.xs if targets else [], gx), x1 - MIN_SIZE)
    if right:
        x1 = max(snapped(x1 + dx, targets.xs if targets else [], gx), x0 + MIN_SIZE)
    if top:
        y0 = min(snapped(y0 + dy, targets.ys if targets else [], gy), y1 - MIN_SIZE)
    if bottom:
        y1 = max(snapped(y1 + dy, targets.ys if targets else [], gy), y0 + MIN_SIZE)
    return Snap(x0, y0, x1 - x0, y1 - y0, gx, gy)
