"""Colours as the model stores them: ``#RRGGBB``, ``cmyk(C,M,Y,K)`` in percent, or ``$name``
for an entry of the document's colour scheme."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEX = re.compile(r"#([0-9a-fA-F]{6})")
_NUM = r"\s*(\d{1,3}(?:\.\d+)?)\s*"
_CMYK = re.compile(rf"cmyk\({_NUM},{_NUM},{_NUM},{_NUM}\)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Color:
    """A resolved colour: RGB in 0..1 always; CMYK in 0..1 when the user gave one."""

    r: float
    g: float
    b: float
    cmyk: tuple[float, float, float, float] | None = None

    @property
    def rgb(self) -> tuple[float, float, float]:
        return (self.r, self.g, self.b)

    def hex(self) -> str:
        return "#" + "".join(f"{round(v * 255):02x}" for v in self.rgb)

    def luminance(self) -> float:
        """Relative luminance (WCAG), 0 black .. 1 white."""

        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)


BLACK = Color(0.0, 0.0, 0.0, (0.0, 0.0, 0.0, 1.0))
WHITE = Color(1.0, 1.0, 1.0, (0.0, 0.0, 0.0, 0.0))


def is_color(value: str) -> bool:
    return bool(_HEX.fullmatch(value) or _CMYK.fullmatch(value) or value.startswith("$"))


def parse_color(value: str, scheme: dict[str, str] | None = None) -> Color:
    """Return the Color for ``value``; ``$name`` is looked up in ``scheme``.

    Raises ValueError for anything else (the model validates colours when a file loads).
    """
    value = value.strip()
    if value.startswith("$"):
        if scheme is None or value[1:] not in scheme:
            raise ValueError(f"unknown colour {value!r}")
        target = scheme[value[1:]]
        if target.startswith("$"):
            raise ValueError(f"colour {value!r} refers to another scheme colour")
        return parse_color(target)
    m = _HEX.fullmatch(value)
    if m:
        n = int(m.group(1), 16)
        return Color(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255)
    m = _CMYK.fullmatch(value)
    if m:
        c, mg, y, k = (min(100.0, float(v)) / 100 for v in m.groups())
        return Color(
            (1 - c) * (1 - k), (1 - mg) * (1 - k), (1 - y) * (1 - k), (c, mg, y, k)
        )
    raise ValueError(f"not a colour: {value!r}")
