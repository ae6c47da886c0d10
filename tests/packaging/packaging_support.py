"""Shared by the packaging tests (a module of its own: ``conftest`` is not importable by name
when several folders have one)."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.pancarte.Pancarte"
MIME_TYPE = "application/x-pancarte+zip"

try:
    from netguard.plugin import unguarded_env
except ImportError:  # the plugin is not loaded (tests/ not on sys.path)
    def unguarded_env(env=None):
        return dict(os.environ if env is None else env)

MEASURES: dict[str, str] = {}


def load_module(path: Path):
    """Import a standalone file (packaging/bundle_extras.py) without touching sys.path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_extras = load_module(PACKAGING / "bundle_extras.py")


def measure(name: str, value: str) -> None:
    """Note a measurement for the summary printed at the end of the run."""
    MEASURES[name] = value


@functools.cache
def unshare_works(*flags: str) -> bool:
    """True when ``unshare FLAGS true`` is permitted (root, or user namespaces allowed)."""
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", *flags, "true"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def offline(cmd: list[str], require: bool = False) -> list[str]:
    """``cmd`` run in a new, empty network namespace when possible (no route anywhere)."""
    if unshare_works("-n"):
        return ["unshare", "-n", *cmd]
    if require:
        pytest.skip("unshare -n is not permitted here (needs root or user namespaces)")
    return cmd


def clean_pip_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which pip reads no configuration: no index, no find-links but ours."""
    env = dict(os.environ if env is None else env)
    for key in list(env):
        if key.startswith("PIP_"):
            del env[key]
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run_logged(cmd: list[str], log: Path, timeout: float, **kwargs) -> float:
    """Run ``cmd`` with its output in ``log``; fail the test with the log's end on error."""
    start = time.monotonic()
    with open(log, "wb") as out:
        try:
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=timeout,
                                  **kwargs)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{cmd[0]} took over {timeout:.0f} s (log: {log})")
    if proc.returncode != 0:
        tail = log.read_text("utf-8", "replace")[-4000:]
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{tail}")
    return time.monotonic() - start


