"""``pancarte compose`` against its floor (``bench/floor_compose.py``), as whole processes.

    python bench/bench_compose.py [--runs 9] [--pdfx]

1. ``pancarte compose placard-a3`` with a title, 90 words and a QR code / the floor making the
   same placard. Goal ≤ 1.3×.
2. ``pancarte compose tract-a4 --sample`` / the floor making the same tract. Goal ≤ 1.8×.

Each figure is the CPU time (user + sys) of the child process, read with ``os.wait4`` — steadier
than wall time on a busy machine — for runs alternating A, B, A, B… after one warm-up each; the
ratio is the median of the pair-by-pair ratios. Bytecode is cached (as in an installed copy) in
a temporary ``PYTHONPYCACHEPREFIX``; the font cache goes to a temporary ``PANCARTE_CACHE``
(warm after the warm-up run, as on a user's machine after the first compose). Without
``--pdfx`` pancarte makes the home printer's RGB page (``--preset maison``); ``--pdfx`` measures
its default output, the print shop's PDF/X-4, against the floor's ``--pdfx``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = ("nous voulons des écoles ouvertes des logements dignes et des transports publics "
         "accessibles à toutes et à tous venez nombreuses et nombreux").split()


def cpu_of(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + sys) of one run of ``cmd``."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime


def pair(name: str, a: list[str], b: list[str], env: dict[str, str], runs: int,
         goal: float) -> dict:
    cpu_of(a, env), cpu_of(b, env)  # warm-up: bytecode and font caches
    ta, tb, ratios = [], [], []
    for _ in range(runs):
        x, y = cpu_of(a, env), cpu_of(b, env)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    row = {"figure": name, "pancarte_ms": statistics.median(ta) * 1000,
           "floor_ms": statistics.median(tb) * 1000, "ratio": statistics.median(ratios),
           "goal": goal}
    print(f"{name}: pancarte {row['pancarte_ms']:.0f} ms CPU, floor {row['floor_ms']:.0f} ms "
          f"CPU, ratio {row['ratio']:.2f}× (goal ≤ {goal}×; pairs {min(ratios):.2f}–"
          f"{max(ratios):.2f})", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--pdfx", action="store_true")
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"),
                   PANCARTE_CACHE=str(Path(tmp) / "cache"), PANCARTE_REPRODUCIBLE="1")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        out = str(Path(tmp) / "out.pdf")
        # compose's default PDF is the print shop's PDF/X-4: the RGB floor is matched by the
        # home printer's RGB page, the floor's --pdfx by the default
        preset = [] if args.pdfx else ["--preset", "maison"]
        floor_flag = ["--pdfx"] if args.pdfx else []
        text = " ".join(WORDS[i % len(WORDS)] for i in range(90))
        pair("compose placard-a3 (title, 90 words, QR) / floor",
             [py, "-m", "pancarte", "compose", "placard-a3", "--title", "Grève",
              "--text", text, "--qr", "https://example.org/greve", "-o", out, *preset],
             [py, str(HERE / "floor_compose.py"), "placard", out, *floor_flag],
             env, args.runs, 1.3)
        pair("compose tract-a4 --sample / floor",
             [py, "-m", "pancarte", "compose", "tract-a4", "--sample", "-o", out, *preset],
             [py, str(HERE / "floor_compose.py"), "tract", out, *floor_flag],
             env, args.runs, 1.8)


if __name__ == "__main__":
    main()
