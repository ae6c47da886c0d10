"""Every case of the hostile corpus (``hostile_corpus.py``) through the real command line:
the documented exit code, exactly one line on stderr for an error, never a traceback, and the
folder exactly as it was but for the files a success creates (nothing overwritten, nothing
half-written, no temporary file left)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_corpus import CASES, Case  # noqa: E402

import pancarte  # noqa: E402


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a file's SHA-256, a link's target, "dir", or the kind of
    a special file."""
    out: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(folder))
            st = p.lstat()
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = "dir"
            elif not stat.S_ISREG(st.st_mode):
                out[rel] = f"special:{stat.S_IFMT(st.st_mode):o}"  # a named pipe: never read
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run_case(case: Case, tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path, dict]:
    work = tmp_path / "work"
    work.mkdir()
    args = case.build(work)
    before = snapshot(work)
    env = dict(os.environ)
    env.update({"PANCARTE_REPRODUCIBLE": "1", "PANCARTE_LIBRARY": str(tmp_path / "lib.sqlite3"),
                "XDG_DATA_HOME": str(tmp_path / "xdg"), "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
                "QT_QPA_PLATFORM": "offscreen"})
    env.update(case.env)
    env["PANCARTE_LANG"] = "en"  # the messages are checked in both languages elsewhere
    # the package under test, whatever the working folder (a relative PYTHONPATH=src breaks)
    here = str(Path(pancarte.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([here, *filter(None, [env.get("PYTHONPATH")])])
    argv = [os.fsencode(a) if isinstance(a, str) else a for a in args]
    r = subprocess.run([os.fsencode(sys.executable), b"-m", b"pancarte", *argv], cwd=work,
                       input=case.stdin if case.stdin is not None else b"",
                       capture_output=True, env=env, timeout=120)
    return r, work, before


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    r, work, before = run_case(case, tmp_path)
    stderr = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert r.returncode == case.code, f"exit {r.returncode}, expected {case.code}:\n{stderr}"
    if case.report is not None:
        assert case.report in r.stdout.decode("utf-8", "replace"), r.stdout
        assert not stderr.strip(), stderr
    elif case.code != 0:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{stderr}"
    after = snapshot(work)
    changed = sorted(k for k in before if after.get(k) != before[k])
    assert not changed, f"inputs changed or removed: {changed}"
    new = sorted(set(after) - set(before))
    allowed = set(case.creates) if case.code == 0 else set()
    assert set(new) <= allowed, f"files left behind: {sorted(set(new) - allowed)}"
    assert set(new) >= allowed, f"expected output missing: {sorted(allowed - set(new))}"


def test_corpus_is_large_and_named_uniquely() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 80
