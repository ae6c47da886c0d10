"""Layout and compose timings.

    python bench/bench_layout.py

1. A 300-word autofit text frame laid out warm after a one-word edit (the editor's case).
2. Compose each template with its sample texts: in-process (layout + PDF) and as a whole
   ``pancarte compose`` process.
3. Size of the A3 placard PDF.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pancarte.export import export_pdf
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, Page, Paragraph, TextFrame, TextStyle
from pancarte.model.edit import compose
from pancarte.model.templates import template_ids

WORDS = ("le quartier mérite mieux que des promesses : nous voulons des écoles ouvertes, "
         "des logements dignes et des transports publics accessibles à toutes et à tous ; "
         "venez nombreuses et nombreux à l’assemblée du jeudi, salle Louise-Michel, "
         "pour préparer ensemble la manifestation du printemps").split()


def text_of(n: int, seed: int) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def frame_doc(text: str) -> Document:
    frame = TextFrame(id="body", name="body", x=15, y=15, w=180, h=260, autofit=True,
                      min_size=6, max_size=48, style=TextStyle(align="justify"),
                      paragraphs=(Paragraph(text),))
    return Document(width=210, height=297, pages=(Page(frames=(frame,)),),
                    colors={"text": "#000000"})


def bench_edit() -> None:
    engine = LayoutEngine()
    base = text_of(300, 1)
    engine.layout(frame_doc(base))  # warm: fonts loaded, words shaped
    words = base.split()
    times = []
    for i in range(60):
        words[(i * 7) % len(words)] = random.Random(i).choice(WORDS) + "s"
        doc = frame_doc(" ".join(words))
        t = time.perf_counter()
        layout = engine.layout(doc)
        times.append((time.perf_counter() - t) * 1000)
    size = layout.pages[0].frames["body"].size
    print(f"300-word autofit frame, one-word edit, warm: median {statistics.median(times):.2f} ms,"
          f" p95 {sorted(times)[int(len(times) * 0.95)]:.2f} ms (size chosen {size:.1f} pt)")


def bench_compose() -> None:
    tmp = Path(tempfile.mkdtemp())
    engine = LayoutEngine()
    print("template           in-process ms   process ms   PDF KB")
    for tid in template_ids():
        out = tmp / f"{tid}.pdf"
        export_pdf(compose(tid, sample=True), out, engine=engine)  # warm
        t = time.perf_counter()
        for _ in range(3):
            export_pdf(compose(tid, sample=True), out, engine=engine)
        inproc = (time.perf_counter() - t) / 3 * 1000
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pancarte", "compose", tid, "--sample", "-o",
                        str(out)], check=True, capture_output=True,
                       env={**os.environ, "PANCARTE_REPRODUCIBLE": "1"})
        proc = (time.perf_counter() - t) * 1000
        print(f"{tid:18} {inproc:13.1f} {proc:12.0f} {out.stat().st_size / 1024:8.1f}")


if __name__ == "__main__":
    bench_edit()
    bench_compose()
    _ = replace
