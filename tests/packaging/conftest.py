"""Fixtures for the packaging tests: the bundle and the wheelhouse, each made once per session.

Both need PyPI (the wheels, PyInstaller) and minutes, so they are built only when asked:

- ``PANCARTE_BUILD_BUNDLE=1`` builds the bundle with packaging/build-bundle.sh into a temporary
  folder (``PANCARTE_BUNDLE_PYTHON`` picks the interpreter); ``PANCARTE_BUILD_BUNDLE=offline``
  builds it from the wheelhouse below, in a network namespace with no network;
  ``PANCARTE_BUNDLE=DIR`` tests an existing bundle folder (``dist/pancarte``) instead;
- ``PANCARTE_TEST_WHEELHOUSE=1`` fills a temporary wheelhouse with tools/wheelhouse.py;
  ``PANCARTE_WHEELHOUSE=DIR`` uses an existing one (then no network is needed at all).

Downloads run with :func:`netguard.plugin.unguarded_env` (pip must reach PyPI); everything
that runs Pancarte stays guarded, and runs in a network namespace of its own when ``unshare``
is permitted.

This folder has no ``__init__.py`` on purpose: as a package it would shadow the ``packaging``
library that pip and pytest import.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from packaging_support import (
    MEASURES,
    PACKAGING,
    ROOT,
    clean_pip_env,
    measure,
    offline,
    run_logged,
    unguarded_env,
)


def pytest_terminal_summary(terminalreporter) -> None:
    if MEASURES:
        terminalreporter.section("packaging measurements")
        for name, value in MEASURES.items():
            terminalreporter.line(f"{name}: {value}")


@pytest.fixture(scope="session")
def bundle(request, tmp_path_factory) -> Path:
    """The bundle folder (holding the ``pancarte`` executable)."""
    given = os.environ.get("PANCARTE_BUNDLE")
    if given:
        folder = Path(given).resolve()
        if not (folder / "pancarte").is_file():
            pytest.fail(f"PANCARTE_BUNDLE={given} holds no pancarte executable")
        return folder
    how = os.environ.get("PANCARTE_BUILD_BUNDLE")
    if how not in ("1", "offline"):
        pytest.skip("the bundle is built only with PANCARTE_BUILD_BUNDLE=1 (about a minute)")
    if not sys.platform.startswith("linux"):
        pytest.skip("build-bundle.sh builds the Linux bundle")
    base = tmp_path_factory.mktemp("bundle")
    cmd = ["bash", str(PACKAGING / "build-bundle.sh"), "--dist", str(base / "dist"),
           "--build-dir", str(base / "build")]
    if os.environ.get("PANCARTE_BUNDLE_PYTHON"):
        cmd += ["--python", os.environ["PANCARTE_BUNDLE_PYTHON"]]
    env = unguarded_env()
    if how == "offline":
        wheels = request.getfixturevalue("wheelhouse")
        cmd = offline([*cmd, "--wheelhouse", str(wheels)], require=True)
        env = clean_pip_env(env)
    seconds = run_logged(cmd, base / "build.log", timeout=1500, env=env)
    measure(f"bundle build time (build-bundle.sh{' --wheelhouse' * (how == 'offline')}: "
            "venv, pip, PyInstaller)", f"{seconds:.0f} s")
    return base / "dist" / "pancarte"


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory) -> Path:
    """A folder of wheels from which ``pip install --no-index`` installs Pancarte."""
    given = os.environ.get("PANCARTE_WHEELHOUSE")
    if given:
        return Path(given).resolve()
    if os.environ.get("PANCARTE_TEST_WHEELHOUSE") != "1":
        pytest.skip("the wheelhouse is downloaded only with PANCARTE_TEST_WHEELHOUSE=1 "
                    "(or give one with PANCARTE_WHEELHOUSE=DIR)")
    folder = tmp_path_factory.mktemp("wheelhouse") / "wheels"
    seconds = run_logged([sys.executable, str(ROOT / "tools" / "wheelhouse.py"), str(folder),
                          "--build-tools"],  # PyInstaller too: the bundle can be built offline
                         folder.parent / "wheelhouse.log", timeout=1200, env=unguarded_env())
    size = sum(p.stat().st_size for p in folder.glob("*.whl"))
    measure("wheelhouse (tools/wheelhouse.py)",
            f"{len(list(folder.glob('*.whl')))} wheels, {size / 1e6:.0f} MB, {seconds:.0f} s")
    return folder


@pytest.fixture(scope="session")
def sample_document(tmp_path_factory) -> Path:
    """A real .pancarte file, written by Pancarte itself."""
    from pancarte.cli import main

    path = tmp_path_factory.mktemp("doc") / "tract.pancarte"
    assert main(["compose", "flyer-a6", "--sample", "-o", str(path)]) == 0
    return path
