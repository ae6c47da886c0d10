"""Colour arithmetic for identities, in OKLab/OKLCH (Björn Ottosson's perceptual space): a
colour made lighter or darker keeps its hue and its chroma (as far as sRGB allows), so that
the group's red stays red when it must pass a contrast test."""

from __future__ import annotations

import math

from pancarte.model.color import Color

ACHROMATIC = 0.035  # OKLCH chroma under which a colour reads as a grey (a text's ink)


def _lin(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def to_oklch(color: Color) -> tuple[float, float, float]:
    r, g, b = (_lin(v) for v in color.rgb)
    l_ = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    m_ = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    s_ = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    lightness = 0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_
    a = 1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_
    bb = 0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_
    return lightness, math.hypot(a, bb), math.atan2(bb, a)


def _oklab_to_linear(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
            -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
            -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_)


def from_oklch(lightness: float, chroma: float, hue: float) -> Color:
    """The sRGB colour of (L, C, h); a chroma sRGB cannot show at that lightness is reduced
    (the hue and the lightness kept)."""
    lightness = min(1.0, max(0.0, lightness))

    def rgb(c: float) -> tuple[float, float, float] | None:
        lin = _oklab_to_linear(lightness, c * math.cos(hue), c * math.sin(hue))
        if all(-1e-6 <= v <= 1 + 1e-6 for v in lin):
            r, g, b = (min(1.0, max(0.0, _gamma(min(1.0, max(0.0, v))))) for v in lin)
            return r, g, b
        return None

    out = rgb(chroma)
    if out is None:
        lo, hi = 0.0, chroma
        for _ in range(24):
            mid = (lo + hi) / 2
            if rgb(mid) is None:
                hi = mid
            else:
                lo = mid
        out = rgb(lo) or (lightness, lightness, lightness)
    return Color(*out)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((a.luminance(), b.luminance()), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _quantised(c: Color) -> Color:
    """``c`` as its #RRGGBB says it: what a contrast check must be made on."""
    r, g, b = (round(v * 255) / 255 for v in c.rgb)
    return Color(r, g, b)


def nearest_passing(fg: Color, bg: Color, ratio: float) -> Color:
    """The colour nearest ``fg`` that reaches ``ratio`` on ``bg``: its OKLCH lightness moved
    (lighter or darker, the smaller move), its hue and chroma kept. A grey ink (no hue to
    keep) goes all the way to white or to a near-black, whichever reads best on ``bg``: a
    mid grey that barely passes looks washed out on a coloured ground."""
    lightness, chroma, hue = to_oklch(fg)
    if chroma < ACHROMATIC:
        return _ink_for(bg, ratio)
    best: tuple[float, Color] | None = None
    for direction in (1, -1):
        step = 0
        while True:
            step += 1
            target = lightness + direction * step * 0.005
            if not 0.0 <= target <= 1.0:
                break
            c = _quantised(from_oklch(target, chroma, hue))
            if contrast(c, bg) >= ratio:
                if best is None or abs(target - lightness) < best[0]:
                    best = (abs(target - lightness), c)
                break
    return best[1] if best else _ink_for(bg, ratio)


def _ink_for(bg: Color, ratio: float) -> Color:
    white, ink = Color(1.0, 1.0, 1.0), Color(0x14 / 255, 0x14 / 255, 0x14 / 255)
    for c in sorted((white, ink), key=lambda c: -contrast(c, bg)):
        if contrast(c, bg) >= ratio:
            return c
    return Color(0.0, 0.0, 0.0)


def darker(color: Color, lightness: float) -> Color:
    """``color`` at OKLCH ``lightness`` (when lower than its own), its hue and chroma kept."""
    own, chroma, hue = to_oklch(color)
    return _quantised(from_oklch(min(own, lightness), chroma, hue))
