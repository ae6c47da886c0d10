"""Editor timings (offscreen Qt).

    QT_QPA_PLATFORM=offscreen python bench/bench_editor.py

1. Keystroke → repaint, in a 300-word autofit frame (``keys``) and in a 20-page 15,000-word
   flowing tract (``long``): a key event sent to the in-place editor, through the ReplaceFrame
   command, the layout, every panel listening to the session, then the repaints the window
   asked for, as the event loop does them (the canvas repaints only what changed). CPU time of
   the whole keystroke, with the relayout's and the repaint's shares. Goal ≤ 16 ms.
2. Start: ``pancarte affiche.pancarte`` launched as a process (the path users take), from the
   launch to the document's first complete paint — ``PANCARTE_STARTUP_PROBE=1`` makes the
   editor print the time and its CPU time when the canvas emits ``painted`` with the laid-out
   document, then quit — against a bare PySide6 window process to its first paint, runs
   alternating; the ratio of CPU times (steadier on a busy machine) and of wall times. Bytecode
   is cached (as in an installed copy) in a temporary PYTHONPYCACHEPREFIX. Goal ≤ 2×.

    QT_QPA_PLATFORM=offscreen python bench/bench_editor.py start     # only the start

   ``--installed PYTHON`` measures ``PYTHON -m pancarte`` instead: the interpreter of a venv
   where Pancarte was installed with ``pip install .`` (not editable), as users get it; the
   bare window runs with the same interpreter. The machine's load changes both alike, so the
   ratio is what to compare.

    python3 -m venv /tmp/v && /tmp/v/bin/pip install .
    QT_QPA_PLATFORM=offscreen python bench/bench_editor.py start --installed /tmp/v/bin/python
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import json, os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
class Page(QWidget):
    def paintEvent(self, e):
        print(json.dumps({"painted": time.time(), "cpu": time.process_time()}), flush=True)
        QApplication.instance().quit()
app = QApplication(["bare"])
w = QMainWindow()
w.setCentralWidget(Page())
w.resize(1280, 800)
w.show()
app.exec()
"""


def launch(cmd: list[str], home: Path, installed: bool = False) -> dict[str, float]:
    """Start ``cmd`` as a new process; (wall ms, CPU ms) from launch to its first paint.
    ``installed``: the process must not see this source tree (no PYTHONPATH)."""
    env = dict(os.environ, PANCARTE_GUI_HOME=str(home / "gui"), PANCARTE_STARTUP_PROBE="1",
               PANCARTE_CACHE=str(home / "cache"), PANCARTE_LIBRARY=str(home / "lib.sqlite3"),
               PYTHONPYCACHEPREFIX=str(home / "pycache"),
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if installed:
        env.pop("PYTHONPATH", None)
    t0 = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, timeout=120)
    row = json.loads(out.stdout.strip().splitlines()[-1])
    return {"wall": (row["painted"] - t0) * 1000, "cpu": row["cpu"] * 1000}


def bench_startup(runs: int = 7, python: str | None = None) -> None:
    """``pancarte affiche.pancarte`` as users start it, from process launch to the document's
    first complete paint (the canvas's ``painted`` signal), against a bare PySide6 window
    process to its first paint; alternating runs, medians of the pair-by-pair ratios.
    ``python``: the interpreter of an installed copy (else this one, with this source)."""
    from pancarte.model.edit import compose
    from pancarte.model.fileformat import save_document

    python = python or sys.executable
    editor_cmd = [python, "-m", "pancarte"]
    with tempfile.TemporaryDirectory(prefix="pancarte-bench-") as tmp:
        home = Path(tmp)
        doc = home / "affiche.pancarte"
        save_document(compose("poster-a3", sample=True), doc)
        bare_cmd = [python, "-c", BARE]
        # first runs create the library, the caches and the bytecode: not what is measured
        installed = python != sys.executable
        launch([*editor_cmd, str(doc)], home, installed)
        launch(bare_cmd, home, installed)
        bare, editor = [], []
        for _ in range(runs):  # interleaved, so that a busy moment hits both alike
            bare.append(launch(bare_cmd, home, installed))
            editor.append(launch([*editor_cmd, str(doc)], home, installed))

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    cpu_ratio = statistics.median(e["cpu"] / b["cpu"] for e, b in zip(editor, bare, strict=True))
    wall_ratio = statistics.median(e["wall"] / b["wall"] for e, b in zip(editor, bare, strict=True))
    where = "installed copy" if python != sys.executable else "source tree"
    print(f"start ({where}: {python}), launch → first paint: bare PySide6 window {med(bare, 'wall'):.0f} ms wall, "
          f"{med(bare, 'cpu'):.0f} ms CPU; `pancarte affiche.pancarte` (A3 poster with its "
          f"texts) to the document's first complete paint {med(editor, 'wall'):.0f} ms wall, "
          f"{med(editor, 'cpu'):.0f} ms CPU; ratio {cpu_ratio:.2f}× CPU ({wall_ratio:.2f}× "
          f"wall) — goal ≤ 2×")


WORDS = ("le quartier mérite mieux que des promesses : nous voulons des écoles ouvertes, "
         "des logements dignes et des transports publics accessibles à toutes et à tous ; "
         "venez nombreuses et nombreux à l’assemblée du jeudi, salle Louise-Michel, "
         "pour préparer ensemble la manifestation du printemps").split()


def _type(document, frame_id: str, at: int, keys: int) -> dict:
    """Type ``keys`` characters at position ``at`` of frame ``frame_id``'s in-place editor, in
    a 1366×768 window (the smallest laptop screen). Each key event is followed by what the
    event loop does next: the window repaints what its widgets asked to repaint (the canvas,
    only the region that changed; the editor; any panel) — ``sendPostedEvents(None,
    UpdateRequest)``. CPU times in ms, sorted: the whole keystroke, the relayout, the repaint."""
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    from pancarte.gui.app import make_application
    from pancarte.gui.context import EditorContext, EditorPaths, EditorSettings
    from pancarte.gui.mainwindow import MainWindow

    app = make_application(["bench"])
    with tempfile.TemporaryDirectory(prefix="pancarte-bench-") as tmp:
        root = Path(tmp)
        ctx = EditorContext(EditorPaths(root / "data", root / "cache"),
                            EditorSettings(QSettings(str(root / "s.ini"),
                                                     QSettings.Format.IniFormat)),
                            library_path=root / "library.sqlite3")
        window = MainWindow(ctx, document)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        editor = window.canvas.edit_frame(frame_id)
        assert editor is not None
        edit = editor.edit
        cursor = edit.textCursor()
        cursor.setPosition(at)
        edit.setTextCursor(cursor)
        app.processEvents()
        size = window.canvas.viewport().size()
        session = window.session
        relayout = session._relayout
        layout_only: list[float] = []

        def timed_relayout() -> None:
            t = time.thread_time()
            relayout()
            layout_only.append((time.thread_time() - t) * 1000)

        session._relayout = timed_relayout
        cpu: list[float] = []
        paint_only: list[float] = []
        for i in range(keys):
            ch = "e" if i % 7 else " "
            ev = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
            c = time.thread_time()
            QApplication.sendEvent(edit, ev)
            p = time.thread_time()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
            end = time.thread_time()
            cpu.append((end - c) * 1000)
            paint_only.append((end - p) * 1000)
        session._relayout = relayout
        app.processEvents()
        steps = session.undo_stack.count()
        text_size = session.layout.pages[0].frames[frame_id].size
        edit.moveCursor(QTextCursor.MoveOperation.End)
        window.autosaver.shutdown()
        session.undo_stack.setClean()
        window.close()
    return {"key": sorted(cpu), "layout": sorted(layout_only), "paint": sorted(paint_only),
            "canvas": f"{size.width()}×{size.height()} px", "steps": steps, "size": text_size}


def _figures(t: dict) -> str:
    key, layout, paint = t["key"], t["layout"], t["paint"]
    return (f"median {statistics.median(key):.1f} ms, p95 {key[int(len(key) * 0.95)]:.1f} ms, "
            f"of which relayout median {statistics.median(layout):.1f} ms, repaint median "
            f"{statistics.median(paint):.1f} ms (p95 {paint[int(len(paint) * 0.95)]:.1f})")


def bench_keystroke_long(keys: int = 60) -> None:
    """Keystroke → repaint in a 20-page, 15,000-word flowing tract (bench_incremental.py's),
    typing in its first frame."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_incremental import long_tract

    t = _type(long_tract(), "body-0", 2000, keys)
    print(f"keystroke → repaint, 20-page 15,000-word flowing tract ({keys} keys, CPU, canvas "
          f"{t['canvas']}): {_figures(t)} — goal ≤ 16 ms")


def bench_keystroke(keys: int = 120) -> None:
    """Keystroke → repaint in a 300-word autofit frame (a poster's body): the frame's text
    size is searched again at each key."""
    import random

    from pancarte.model.document import Document, Page, Paragraph, TextFrame, TextStyle

    rnd = random.Random(1)
    text = " ".join(rnd.choice(WORDS) for _ in range(300)).capitalize() + "."
    frame = TextFrame(id="body", name="body", x=15, y=15, w=180, h=260, autofit=True,
                      min_size=6, max_size=48, style=TextStyle(align="justify"),
                      paragraphs=(Paragraph(text),))
    doc = Document(width=210, height=297, pages=(Page(frames=(frame,)),),
                   colors={"text": "#000000"})
    t = _type(doc, "body", len(text) // 2, keys)
    print(f"keystroke → repaint, 300-word autofit frame ({keys} keys, CPU, canvas "
          f"{t['canvas']}): {_figures(t)}; autofit {t['size']:.1f} pt; {t['steps']} undo "
          f"step(s) for the whole typing — goal ≤ 16 ms")


if __name__ == "__main__":
    args = sys.argv[1:]
    installed_python = None
    if "--installed" in args:
        at = args.index("--installed")
        if at + 1 >= len(args):
            raise SystemExit("usage: bench_editor.py [keys|long|start] [--installed PYTHON]")
        installed_python = args[at + 1]
        del args[at:at + 2]
    which = args or ["keys", "long", "start"]
    if "keys" in which:
        bench_keystroke()
    if "long" in which:
        bench_keystroke_long()
    if "start" in which:
        bench_startup(python=installed_python)
