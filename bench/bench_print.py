"""Print timings.

    python bench/bench_print.py

1. An 841 × 1189 mm (A0) placard — the 50 × 70 template derived to A0 with its sample and a
   photo in the logo frame of the A2 poster template derived to A0 — tiled onto A4 (21 sheets
   plus the assembly map): layout + preflight + tiling + write. Aim: ≤ 2 s.
2. The same page as a PDF/X-4 (imprimeur preset).
3. Four A6 flyers on A4 (N-up).
Each figure is the median of 5 runs after one warm-up run.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from PIL import Image

from pancarte.cli.output import apply_logo
from pancarte.export import export_pdf
from pancarte.images import clean_image
from pancarte.layout.engine import LayoutEngine
from pancarte.model.edit import compose

RUNS = 5


def timed(fn) -> tuple[float, object]:
    fn()  # warm-up: fonts, profile, caches
    times, result = [], None
    for _ in range(RUNS):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def photo(folder: Path) -> Path:
    im = Image.new("RGB", (2400, 1600))
    px = im.load()
    for y in range(0, 1600, 4):
        for x in range(0, 2400, 4):
            px[x, y] = (x % 256, y % 256, (x + y) % 256)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    path = folder / "photo.jpg"
    path.write_bytes(clean_image(out.getvalue()))
    return path


def main() -> None:
    engine = LayoutEngine()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        placard = compose("placard-50x70", sample=True, size=(841, 1189))
        poster, _ = apply_logo(compose("poster-a2", sample=True, size=(841, 1189)),
                               photo(folder))
        for name, doc in (("A0 placard (text, QR)", placard), ("A0 poster with a photo", poster)):
            out = folder / "tiled.pdf"
            t, r = timed(lambda doc=doc, out=out: export_pdf(doc, out, tile="A4",
                                                             allow_overflow=True, engine=engine))
            print(f"{name} tiled on A4: {r.sheets} sheets, {t * 1000:.0f} ms, "
                  f"{out.stat().st_size / 1024:.0f} KiB")
            out = folder / "x4.pdf"
            t, r = timed(lambda doc=doc, out=out: export_pdf(doc, out, preset="imprimeur",
                                                             allow_overflow=True, engine=engine))
            print(f"{name} as PDF/X-4: {t * 1000:.0f} ms, {out.stat().st_size / 1024:.0f} KiB")
        flyer = compose("flyer-a6", sample=True)
        out = folder / "nup.pdf"
        t, _r = timed(lambda: export_pdf(flyer, out, nup=4, engine=engine))
        print(f"4 × A6 on A4: {t * 1000:.0f} ms, {out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
