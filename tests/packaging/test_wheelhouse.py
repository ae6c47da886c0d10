"""The offline wheelhouse (tools/wheelhouse.py): everything installs from it into a fresh venv
with the network unreachable (``unshare -n``) and pip's configuration ignored, and the
installed Pancarte makes a PDF there.

Skipped unless ``PANCARTE_TEST_WHEELHOUSE=1`` (downloads ~130 MB once per session) or
``PANCARTE_WHEELHOUSE=DIR``: see conftest.py.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from packaging_support import clean_pip_env, measure, offline

import pancarte

pytestmark = pytest.mark.skipif(os.name != "posix", reason="venv layout and unshare: Linux")


def run(cmd: list, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          timeout=timeout, **kwargs)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def test_wheelhouse_holds_everything(wheelhouse: Path):
    names = [p.name for p in wheelhouse.glob("*.whl")]
    assert any(n.startswith(f"pancarte-{pancarte.__version__}-") for n in names), names
    assert any(n.startswith("pip-") for n in names)
    pyside = [n for n in names if n.lower().startswith("pyside6_essentials-")]
    assert pyside, names
    if sys.version_info < (3, 12):  # 6.12.0 aborts on Python 3.11 (see pyproject.toml)
        major, minor = (int(x) for x in pyside[0].split("-")[1].split(".")[:2])
        assert (major, minor) < (6, 12), pyside
    assert not list(wheelhouse.glob("*.tar.gz")), "an sdist would need compiling offline"
    sums = (wheelhouse / "SHA256SUMS").read_text("utf-8").splitlines()
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((wheelhouse / name).read_bytes()).hexdigest() == digest, name
    assert "--no-index --find-links" in (wheelhouse / "INSTALL.txt").read_text("utf-8")
    assert (wheelhouse / "desktop" / "install.sh").is_file()


def test_offline_install_into_a_fresh_venv(wheelhouse: Path, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv])
    env = clean_pip_env()
    start = time.monotonic()
    # The documented command, in a network namespace with no route anywhere.
    run(offline([venv / "bin" / "pip", "install", "--no-index", "--find-links", wheelhouse,
                 "pancarte"], require=True), env=env)
    measure("offline pip install from the wheelhouse", f"{time.monotonic() - start:.0f} s")
    run([venv / "bin" / "pip", "check"], env=env)

    home = tmp_path / "home"
    home.mkdir()
    user_env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    for key in ("PYTHONPATH", "PANCARTE_NETGUARD_LOG"):  # the network guard, when loaded
        if key in os.environ:
            user_env[key] = os.environ[key]
    version = run(offline([venv / "bin" / "pancarte", "--version"]), env=user_env)
    assert version.stdout.strip() == f"pancarte {pancarte.__version__}"
    run(offline([venv / "bin" / "pancarte", "compose", "placard-a3", "--sample", "-o",
                 home / "x.pdf"]), env=user_env, cwd=home)
    fonts = run(["pdffonts", home / "x.pdf"]).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)

    # The desktop files travel in the wheelhouse too.
    run(["sh", wheelhouse / "desktop" / "install.sh", "--exec", venv / "bin" / "pancarte"],
        env={**user_env, "PATH": "/usr/bin:/bin"})
    desktop = home / ".local" / "share" / "applications" / "org.pancarte.Pancarte.desktop"
    assert f'Exec="{venv / "bin" / "pancarte"}" %f' in desktop.read_text("utf-8")


def test_pip_bootstraps_from_the_wheelhouse_without_ensurepip(wheelhouse: Path, tmp_path):
    """Debian without python3-venv: ``venv --without-pip``, then pip run from its wheel."""
    venv = tmp_path / "bare"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    (pip_wheel,) = sorted(wheelhouse.glob("pip-*.whl"))[-1:]
    run(offline([venv / "bin" / "python", Path(pip_wheel) / "pip", "install", "--no-index",
                 "--find-links", wheelhouse, "pip"], require=True), env=clean_pip_env())
    assert (venv / "bin" / "pip").is_file()
