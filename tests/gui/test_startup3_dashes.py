"""The dashed outlines of the canvas (frames, bleed, safe area, selection) are drawn as filled
rectangles; the lean loop that makes them (a dotted frame of a poster is a thousand dashes, on
the start's path) must give the very same rectangles as the plain walk around the outline."""

from __future__ import annotations

import random

from PySide6.QtCore import QRectF

from pancarte.gui.canvas import _dashes, dashed_outline


def plain_walk(x0, y0, x1, y1, width, on, off):
    """Dashes of ``on`` widths every ``on + off`` widths, from the top-left corner clockwise."""
    h = width / 2
    edges = [((x0 - h, y0), x1 - x0 + width, (1, 0)), ((x1, y0 + h), y1 - y0 - width, (0, 1)),
             ((x1 + h, y1), x1 - x0 + width, (-1, 0)), ((x0, y1 - h), y1 - y0 - width, (0, -1))]
    dash, period = on * width, (on + off) * width
    out, offset = [], 0.0
    for (sx, sy), length, (dx, dy) in edges:
        if length <= 0:
            continue
        t = -(offset % period)
        while t < length:
            a, b = max(t, 0.0), min(t + dash, length)
            if b > a:
                ax, ay, bx, by = sx + dx * a, sy + dy * a, sx + dx * b, sy + dy * b
                if dy == 0:
                    out.append((min(ax, bx), sy - h, abs(bx - ax), width))
                else:
                    out.append((sx - h, min(ay, by), width, abs(by - ay)))
            t += period
        offset += length
    return out


def as_tuples(rects):
    return [(r.x(), r.y(), r.width(), r.height()) for r in rects]


def test_lean_dashes_are_the_plain_walk():
    rnd = random.Random(13)
    for _ in range(3000):
        x0, y0 = rnd.uniform(-50, 500), rnd.uniform(-50, 500)
        if rnd.random() < 0.3:  # on the pixel grid, as the canvas's outlines mostly are
            x0, y0 = round(x0) + 0.5, float(round(y0))
        x1 = x0 + rnd.choice([0, 0.5, 1, 2, rnd.uniform(0, 900)])
        y1 = y0 + rnd.choice([0, 1, 3, rnd.uniform(0, 900)])
        style = rnd.choice([(1, 1, 2), (1, 4, 2), (2, 4, 2), (3, 3, 2),
                            (rnd.uniform(0.1, 4), rnd.uniform(0.1, 5), rnd.uniform(0.1, 5))])
        args = (x0, y0, x1, y1, *style)
        assert as_tuples(_dashes.__wrapped__(*args)) == plain_walk(*args), args


def test_dotted_frame_outline():
    """A dotted frame (1 px, 1 on, 2 off): one-pixel dots every 3 px, corners included."""
    rects = as_tuples(dashed_outline(QRectF(10.5, 20.5, 30, 12), 1, 1, 2))
    assert rects == plain_walk(10.5, 20.5, 40.5, 32.5, 1, 1, 2)
    assert rects[0] == (10.0, 20.0, 1.0, 1.0)  # the top-left corner's dot
    assert all(w == 1.0 and h == 1.0 for _, _, w, h in rects)
    # 4 edges of 31 + 11 + 31 + 11 px of walk: one dot each 3 px
    assert len(rects) == len({(x, y) for x, y, _, _ in rects}) == 28
