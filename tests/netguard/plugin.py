"""pytest plugin: the test run fails if anything tries to reach the network.

Loaded by ``tests/conftest.py`` (``pytest_plugins = ["netguard.plugin"]``). It

1. installs the guard (``pythonpath/sitecustomize.py``) in the test process;
2. puts ``pythonpath/`` first in ``PYTHONPATH`` and names a fresh log file in
   ``PANCARTE_NETGUARD_LOG``, so that every Python process the tests start is guarded and
   records its attempts in the same log;
3. fails the test during which an attempt was logged, and at the end of the session sets the
   exit status to 1 and lists every attempt (a process still running after its test, too).

Tests that must download (the packaging tests reaching PyPI to build a wheelhouse or a bundle)
start their child with :func:`unguarded_env`; that is the only way out, and it is used for pip,
never for Pancarte.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import pytest

GUARD_PATH = Path(__file__).resolve().parent / "pythonpath"


def _load_guard():
    existing = sys.modules.get("sitecustomize")
    if existing is not None and Path(getattr(existing, "__file__", "")).parent == GUARD_PATH:
        return existing  # this process was started guarded already
    spec = importlib.util.spec_from_file_location("pancarte_netguard",
                                                  GUARD_PATH / "sitecustomize.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["pancarte_netguard"] = module
    spec.loader.exec_module(module)
    return module


guard = _load_guard()
guard.install()


def guarded_pythonpath(pythonpath: str | None) -> str:
    parts = [p for p in (pythonpath or "").split(os.pathsep) if p and Path(p) != GUARD_PATH]
    return os.pathsep.join([str(GUARD_PATH), *parts])


def unguarded_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of ``env`` (default ``os.environ``) whose Python processes are not guarded."""
    env = dict(os.environ if env is None else env)
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep)
             if p and Path(p) != GUARD_PATH]
    if parts:
        env["PYTHONPATH"] = os.pathsep.join(parts)
    else:
        env.pop("PYTHONPATH", None)
    env.pop(guard.LOG_ENV, None)
    return env


def read_log(path: str | os.PathLike, start: int = 0) -> list[str]:
    try:
        with open(path, "rb") as f:
            f.seek(start)
            data = f.read()
    except OSError:
        return []
    return [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]


class _State:
    log: str = ""
    attempts: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    fd, _State.log = tempfile.mkstemp(prefix="pancarte-netguard-", suffix=".log")
    os.close(fd)
    os.environ[guard.LOG_ENV] = _State.log
    os.environ["PYTHONPATH"] = guarded_pythonpath(os.environ.get("PYTHONPATH"))


def _log_size() -> int:
    try:
        return os.path.getsize(_State.log)
    except OSError:
        return 0


@pytest.fixture(autouse=True)
def _netguard_per_test():
    """Fail the test (at teardown) during which an attempt was logged."""
    before = _log_size()
    yield
    if _log_size() > before:
        new = read_log(_State.log, before)
        pytest.fail("network access attempted (see the netguard report at the end):\n  "
                    + "\n  ".join(new), pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _State.attempts = read_log(_State.log)
    if _State.attempts:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not _State.attempts:
        return
    terminalreporter.section("network access attempted: Pancarte must work offline", red=True)
    terminalreporter.line("pid, call, address, program, where:")
    for line in _State.attempts:
        terminalreporter.line("  " + line, red=True)
    terminalreporter.line(f"(log: {_State.log}; the run fails)", red=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _State.log and not _State.attempts:
        try:
            os.unlink(_State.log)
        except OSError:
            pass
