"""Render Pancarte's icon (packaging/icons/pancarte.svg) to the files the packages need.

    python tools/build_icons.py          # writes packaging/icons/{hicolor/,pancarte.ico,.icns}

- ``hicolor/NxN/apps/org.pancarte.Pancarte.png`` for N in 16…512 (Linux desktops, AppStream),
- ``pancarte.ico`` (Windows: 16…256 in one file), ``pancarte.icns`` (macOS).

The renderer is Qt's QSvgRenderer (QtSvg ships in PySide6-Essentials), so no other tool is
needed; Pillow writes the .ico and .icns. The outputs are committed: run this again only after
changing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "org.pancarte.Pancarte"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "packaging" / "icons"


def render(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"cannot write {out}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - kept alive
    svg = ICONS / "pancarte.svg"
    pngs = {}
    for size in SIZES:
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render(svg, size, out)
        pngs[size] = out
        print(out.relative_to(ICONS.parents[1]))
    big = Image.open(pngs[512]).convert("RGBA")
    big.save(ICONS / "pancarte.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(ICONS / "pancarte.icns")
    print("packaging/icons/pancarte.ico\npackaging/icons/pancarte.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
