"""Editor timings (offscreen Qt).

    QT_QPA_PLATFORM=offscreen python bench/bench_editor.py

1. Keystroke → repaint in a 300-word autofit frame: a key event sent to the in-place editor,
   through the ReplaceFrame command, the layout of the page, every panel listening to the
   session, and a synchronous repaint of the canvas (``viewport().repaint()``).
2. Cold start → usable window, each measured in a fresh process from before the interpreter
   starts to the window painted: a bare PySide6 QMainWindow of the same size, then the
   editor on a template with its sample texts (and, after it, the library panel listed).
   Wall time, and the CPU time of the process (steadier on a busy machine). Bytecode is
   cached (as in an installed copy) in a temporary PYTHONPYCACHEPREFIX, even when
   PYTHONDONTWRITEBYTECODE is set.
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

CPU = """
import resource
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
"""

BARE = CPU + """
import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(["bare"])
w = QMainWindow()
w.resize(1280, 800)
w.show()
app.processEvents()
w.repaint()
print(json.dumps({"window": time.time() - float(os.environ["T0"]), "cpu": cpu()}))
"""

EDITOR = CPU + """
import os, sys, time
from pathlib import Path
from pancarte.gui.app import apply_language, make_application
from pancarte.gui.context import EditorContext, EditorPaths, EditorSettings
from PySide6.QtCore import QSettings
root = Path(os.environ["HOME_DIR"])
app = make_application(["pancarte"])
ctx = EditorContext(EditorPaths(root / "data", root / "cache"),
                    EditorSettings(QSettings(str(root / "s.ini"), QSettings.Format.IniFormat)),
                    library_path=root / "library.sqlite3")
apply_language(app, ctx)
from pancarte.gui.mainwindow import MainWindow
# as run_editor() does for `pancarte FILE.pancarte`
w = MainWindow(ctx, defer_layout=True)
error = w.preload(os.environ["DOC"])
assert error is None, error
w.show()
app.processEvents()
w.repaint()
window = time.time() - float(os.environ["T0"])
cpu_window = cpu()
w.start()
w.repaint()
document = time.time() - float(os.environ["T0"])
cpu_document = cpu()
assert w.session.layout.pages[0].items
app.processEvents()
app.processEvents()
assert w.library.tracts.count() > 0
print(json.dumps({"window": window, "cpu": cpu_window, "document": document,
                  "cpu_document": cpu_document,
                  "library": time.time() - float(os.environ["T0"])}))
w.autosaver.shutdown()
"""


def child(code: str, home: Path) -> dict[str, float]:
    env = dict(os.environ, HOME_DIR=str(home), PYTHONPYCACHEPREFIX=str(home / "pycache"),
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["T0"] = repr(time.time())
    out = subprocess.run([sys.executable, "-c", "import json\n" + code], env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_startup(runs: int = 7) -> None:
    from pancarte.model.edit import compose
    from pancarte.model.fileformat import save_document

    with tempfile.TemporaryDirectory(prefix="pancarte-bench-") as tmp:
        home = Path(tmp)
        doc = home / "affiche.pancarte"
        save_document(compose("poster-a3", sample=True), doc)
        os.environ["DOC"] = str(doc)
        # first runs create the library and the bytecode cache: not what is measured
        child(EDITOR, home)
        child(BARE, home)
        bare, editor = [], []
        for _ in range(runs):  # interleaved, so that a busy moment hits both alike
            bare.append(child(BARE, home))
            editor.append(child(EDITOR, home))

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] * 1000 for r in rows)

    b, bc = med(bare, "window"), med(bare, "cpu")
    e, ec = med(editor, "window"), med(editor, "cpu")
    d, dc = med(editor, "document"), med(editor, "cpu_document")
    print(f"cold start, bare PySide6 window painted: median {b:.0f} ms wall, {bc:.0f} ms CPU")
    print("cold start, `pancarte affiche.pancarte` (A3 poster with its texts), medians:")
    print(f"  window painted (page, its colour, guides; menus and panels usable): {e:.0f} ms "
          f"wall ({e / b:.2f}× bare), {ec:.0f} ms CPU ({ec / bc:.2f}× bare)")
    print(f"  document laid out and painted: {d:.0f} ms wall ({d / b:.2f}× bare), {dc:.0f} ms "
          f"CPU ({dc / bc:.2f}× bare)")
    print(f"  library listed: {med(editor, 'library'):.0f} ms wall")


WORDS = ("le quartier mérite mieux que des promesses : nous voulons des écoles ouvertes, "
         "des logements dignes et des transports publics accessibles à toutes et à tous ; "
         "venez nombreuses et nombreux à l’assemblée du jeudi, salle Louise-Michel, "
         "pour préparer ensemble la manifestation du printemps").split()


def bench_keystroke(keys: int = 120) -> None:
    import random

    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    from pancarte.gui.app import make_application
    from pancarte.gui.context import EditorContext, EditorPaths, EditorSettings
    from pancarte.gui.mainwindow import MainWindow
    from pancarte.model.document import Document, Page, Paragraph, TextFrame, TextStyle

    rnd = random.Random(1)
    text = " ".join(rnd.choice(WORDS) for _ in range(300)).capitalize() + "."
    frame = TextFrame(id="body", name="body", x=15, y=15, w=180, h=260, autofit=True,
                      min_size=6, max_size=48, style=TextStyle(align="justify"),
                      paragraphs=(Paragraph(text),))
    doc = Document(width=210, height=297, pages=(Page(frames=(frame,)),),
                   colors={"text": "#000000"})
    app = make_application(["bench"])
    with tempfile.TemporaryDirectory(prefix="pancarte-bench-") as tmp:
        root = Path(tmp)
        ctx = EditorContext(EditorPaths(root / "data", root / "cache"),
                            EditorSettings(QSettings(str(root / "s.ini"),
                                                     QSettings.Format.IniFormat)),
                            library_path=root / "library.sqlite3")
        window = MainWindow(ctx, doc)
        window.show()
        app.processEvents()
        editor = window.canvas.edit_frame("body")
        assert editor is not None
        edit = editor.edit
        cursor = edit.textCursor()
        cursor.setPosition(len(text) // 2)
        edit.setTextCursor(cursor)
        viewport = window.canvas.viewport()
        total, cpu, layout_only = [], [], []
        session = window.session
        relayout = session._relayout

        def timed_relayout() -> None:  # the layout's share of each keystroke
            t = time.perf_counter()
            relayout()
            layout_only.append((time.perf_counter() - t) * 1000)

        session._relayout = timed_relayout
        for i in range(keys):
            ch = "e" if i % 7 else " "
            ev = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
            t, c = time.perf_counter(), time.thread_time()
            QApplication.sendEvent(edit, ev)
            viewport.repaint()
            total.append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
        session._relayout = relayout
        app.processEvents()
        steps = window.session.undo_stack.count()
        info = window.session.layout.pages[0].frames["body"]
        edit.moveCursor(QTextCursor.MoveOperation.End)
        window.autosaver.shutdown()
        window.session.undo_stack.setClean()
        window.close()
    total.sort()
    cpu.sort()
    print(f"keystroke → command → layout → canvas repaint (300-word autofit frame, "
          f"{keys} keys): median {statistics.median(total):.2f} ms wall "
          f"({statistics.median(cpu):.2f} ms CPU), p95 {total[int(len(total) * 0.95)]:.2f} ms "
          f"wall ({cpu[int(len(cpu) * 0.95)]:.2f} ms CPU), max {total[-1]:.2f} ms")
    print(f"  of which the layout of the edited page: median "
          f"{statistics.median(layout_only):.2f} ms; autofit {info.size:.1f} pt; {steps} undo "
          f"step(s) for the whole typing")


if __name__ == "__main__":
    bench_keystroke()
    bench_startup()
