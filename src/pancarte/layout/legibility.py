"""Legibility at a distance: the sign-makers' rule, in one place.

1 cm of capital height is read from 3 m. The preflight checks the page's largest text against
the document's ``reading_distance`` with it; layout uses it to set a title large enough to be
read from there (see :func:`pancarte.layout.text.reach_distance`), and ``compose --tract`` to
keep a poster's body text legible when it picks what goes on the page.
"""

from __future__ import annotations

from pancarte.geometry import MM

CAP_MM_PER_METRE = 10.0 / 3.0  # 1 cm of capital height per 3 m of reading distance


def legible_metres(cap_height_pt: float) -> float:
    """How far text with capitals this tall (pt) can be read: 1 cm per 3 m."""
    return cap_height_pt / MM / CAP_MM_PER_METRE


def size_for_distance(distance_m: float, cap_height_em: float) -> float:
    """The type size (pt) whose capitals (``cap_height_em`` of the size) read from
    ``distance_m`` metres."""
    return distance_m * CAP_MM_PER_METRE * MM / max(cap_height_em, 1e-6)
