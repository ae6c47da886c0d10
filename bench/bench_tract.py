"""A whole long tract onto tract-a4, as a user runs it.

    PYTHONPATH=src python bench/bench_tract.py [RUNS]

1. Whole process, from before the interpreter starts to the PDF written:
   ``pancarte compose tract-a4 --tract ID -o out.pdf`` for the 2,000-word report of
   ``tests/files/tracts`` (imported first into a temporary library), median of RUNS runs
   (default 5). The baseline, measured in the same run and interleaved with it, is
   ``pancarte compose tract-a4 --sample`` (the template's own 500-word sample, two pages):
   the ratio says what a long text costs over the fixed start-up, fonts and PDF writing.
2. In process, the same tract: the page growth (``fit_pages``), the layout of the grown
   document and the PDF rendering, median of RUNS runs each.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRACT = ROOT / "tests" / "files" / "tracts" / "long-tract-layout-rapport.txt"


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["PANCARTE_LIBRARY"] = str(folder / "lib.sqlite3")
    env["PANCARTE_LANG"] = "en"
    return env


def _run(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "pancarte", *args], env=env,
                       capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"pancarte {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return elapsed


def whole_process(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _env(folder)
        r = subprocess.run([sys.executable, "-m", "pancarte", "library", "import", str(TRACT),
                            "--json"], env=env, capture_output=True, text=True, check=True)
        tract_id = re.search(r'"id":\s*"([A-Za-z0-9_-]+)"', r.stdout).group(1)
        long_args = ["compose", "tract-a4", "--tract", tract_id, "-o", str(folder / "a.pdf")]
        base_args = ["compose", "tract-a4", "--sample", "-o", str(folder / "b.pdf")]
        _run(long_args, env)  # warm the bytecode cache and the disk
        _run(base_args, env)
        longs, bases = [], []
        for _ in range(runs):
            longs.append(_run(long_args, env))
            bases.append(_run(base_args, env))
        pages = subprocess.run(["pdfinfo", str(folder / "a.pdf")], capture_output=True,
                               text=True).stdout
        n = int(re.search(r"Pages:\s+(\d+)", pages).group(1)) if "Pages" in pages else -1
    long_s, base_s = statistics.median(longs), statistics.median(bases)
    return {"tract_s": long_s, "sample_s": base_s, "ratio": long_s / base_s, "pages": n}


def in_process(runs: int) -> dict[str, float]:
    from pancarte.fill.tract import fill_from_tract
    from pancarte.layout.engine import LayoutEngine
    from pancarte.layout.growth import fit_pages
    from pancarte.library.importers import read_document
    from pancarte.library.tract import Tract
    from pancarte.model.edit import compose
    from pancarte.render.pdf import PdfOptions, render_pdf

    parsed = read_document(TRACT)
    doc = fill_from_tract(compose("tract-a4"), Tract("bench-tract", parsed.title,
                                                      parsed.blocks))
    grow, lay, pdf = [], [], []
    for _ in range(runs):
        engine = LayoutEngine()  # cold caches, as in a fresh process
        t0 = time.perf_counter()
        grown = fit_pages(doc, engine).document
        t1 = time.perf_counter()
        layout = engine.layout(grown)
        t2 = time.perf_counter()
        render_pdf(layout, PdfOptions(invariant=True), engine.fonts)
        t3 = time.perf_counter()
        grow.append(t1 - t0)
        lay.append(t2 - t1)
        pdf.append(t3 - t2)
    return {"grow_s": statistics.median(grow), "layout_s": statistics.median(lay),
            "pdf_s": statistics.median(pdf)}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    words = len(re.findall(r"\w+(?:[-’']\w+)*", TRACT.read_text("utf-8")))
    out = {"words": words, "runs": runs, **whole_process(runs), **in_process(runs)}
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()},
                     indent=1))


if __name__ == "__main__":
    main()
