"""The network guard itself: it blocks and records, in this process and in every child, and a
run in which something reached out fails.

These tests provoke attempts on purpose, so each one records into a log of its own (never the
run's), and nothing can leave the machine even if the guard were broken: the "real" socket
calls are replaced by tripwires, and children run in an empty network namespace when
``unshare -n`` is permitted.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netguard import plugin
from netguard.plugin import GUARD_PATH, guard, guarded_pythonpath, unguarded_env

PUBLIC = "93.184.216.34"  # what example.com used to resolve to
TESTS = Path(__file__).resolve().parents[1]

# Prepended to every child's code: the guard's view of the real socket calls becomes a tripwire.
TRIPWIRE = textwrap.dedent("""\
    import socket, sys
    import sitecustomize as guard
    assert guard.installed(), "the guard is not installed in this child"
    def _tripwire(*args, **kwargs):
        print("REAL NETWORK CALL", args, file=sys.stderr)
        raise SystemExit(99)
    for _name in ("connect", "connect_ex", "sendto", "sendmsg", "getaddrinfo",
                  "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        def _wrap(*args, _real=guard._ORIGINAL[_name], _name=_name, **kwargs):
            for a in args:  # an address tuple, or the name being looked up
                host = a[0] if isinstance(a, tuple) and a else a
                lookup = _name in guard._LOOKUPS and a is args[0]
                if (isinstance(a, tuple) or lookup) and isinstance(host, (str, bytes)) \
                        and not guard.is_local_host(host) and not (
                            lookup and _name != "gethostbyaddr" and guard._is_ip_literal(host)):
                    _tripwire(a)  # digits need no DNS query: only a name, or a connection
            return _real(*args, **kwargs)
        guard._ORIGINAL[_name] = _wrap
""")


@functools.cache
def _unshare_net() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def child_env(log: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = guarded_pythonpath(env.get("PYTHONPATH"))
    env[guard.LOG_ENV] = str(log)
    env.pop(guard.SWITCH_ENV, None)
    return env


def run_child(code: str, log: Path, isolate: bool = True) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", TRIPWIRE + textwrap.dedent(code)]
    if isolate and _unshare_net():
        cmd = ["unshare", "-n", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=child_env(log),
                          timeout=60)


def logged(log: Path) -> list[str]:
    return plugin.read_log(log)


# --- the rules --------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1",
                                  "localhost", "LOCALHOST.", "app.localhost", "", "0.0.0.0",
                                  "[::1]", b"127.0.0.1", socket.gethostname()])
def test_local_hosts_are_allowed(host):
    assert guard.is_local_host(host)


@pytest.mark.parametrize("host", [PUBLIC, "10.0.0.1", "192.168.1.1", "172.16.0.1",
                                  "169.254.1.1", "2001:db8::1", "::ffff:93.184.216.34",
                                  "example.org", "pypi.org", "fe80::1%eth0", None, 42])
def test_other_hosts_are_blocked(host):
    assert not guard.is_local_host(host)


def test_families():
    assert guard.is_local_address(socket.AF_UNIX, "/run/some.sock")
    assert guard.is_local_address(socket.AF_INET, ("127.0.0.1", 80))
    assert not guard.is_local_address(socket.AF_INET, (PUBLIC, 80))
    assert not guard.is_local_address(socket.AF_INET6, ("2001:db8::1", 443, 0, 0))


# --- in this process --------------------------------------------------------------------------


def test_this_process_is_guarded(monkeypatch, tmp_path):
    assert guard.installed()
    log = tmp_path / "in-process.log"
    monkeypatch.setenv(guard.LOG_ENV, str(log))  # not the run's log

    def tripwire(*args):
        raise AssertionError(f"the real connect was reached: {args}")

    monkeypatch.setitem(guard._ORIGINAL, "connect", tripwire)
    monkeypatch.setitem(guard._ORIGINAL, "getaddrinfo", tripwire)
    with socket.socket() as s, pytest.raises(guard.NetworkBlockedError):
        s.connect((PUBLIC, 80))
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)
    lines = logged(log)
    assert len(lines) == 2 and PUBLIC in lines[0] and "example.org" in lines[1]
    assert "test_netguard.py" in lines[0]  # where it came from


def test_children_inherit_the_guard(request):
    if not request.config.pluginmanager.has_plugin("netguard.plugin"):
        pytest.skip("the plugin is not loaded: add it to tests/conftest.py (pytest_plugins)")
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(GUARD_PATH)
    assert os.environ.get(guard.LOG_ENV)


# --- in child processes -----------------------------------------------------------------------


def test_child_connect_is_blocked_and_recorded(tmp_path):
    log = tmp_path / "child.log"
    proc = run_child(f"""
        try:
            socket.create_connection(("{PUBLIC}", 80), timeout=2)
        except guard.NetworkBlockedError:
            print("blocked")
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.sendto(b"?", ("{PUBLIC}", 53))
        except OSError:
            print("blocked")
        print(socket.socket().connect_ex(("{PUBLIC}", 443)) != 0)
        """, log)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["blocked", "blocked", "True"]
    lines = logged(log)
    assert [line.split("\t")[1] for line in lines] == ["connect", "sendto", "connect_ex"]
    assert all(PUBLIC in line for line in lines)


def test_child_name_lookup_is_blocked(tmp_path):
    log = tmp_path / "dns.log"
    proc = run_child("""
        import urllib.request
        try:
            urllib.request.urlopen("http://example.org/", timeout=2)
        except OSError as exc:
            print(type(exc).__name__)
        """, log)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "URLError"
    assert "getaddrinfo\t'example.org'" in logged(log)[0]


def test_child_loopback_and_unix_sockets_are_allowed(tmp_path):
    log = tmp_path / "loopback.log"
    proc = run_child("""
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client = socket.create_connection(server.getsockname(), timeout=5)
        conn, _ = server.accept()
        client.sendall(b"ok")
        a, b = socket.socketpair()
        a.sendall(conn.recv(2))
        print(b.recv(2).decode(), socket.getaddrinfo("localhost", 80)[0][4][0])
        """, log, isolate=False)  # a new network namespace has no loopback up
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[0] == "ok"
    assert logged(log) == []


def test_unguarded_env_is_the_only_way_out():
    env = {"PYTHONPATH": guarded_pythonpath("/elsewhere"), guard.LOG_ENV: "/tmp/x.log"}
    assert env["PYTHONPATH"].split(os.pathsep) == [str(GUARD_PATH), "/elsewhere"]
    free = unguarded_env(env)
    assert free == {"PYTHONPATH": "/elsewhere"}
    assert unguarded_env({"PYTHONPATH": str(GUARD_PATH)}) == {}


def test_switching_off_is_explicit(tmp_path):
    env = child_env(tmp_path / "off.log")
    env[guard.SWITCH_ENV] = "off"
    proc = subprocess.run([sys.executable, "-c",
                           "import socket, sitecustomize as g; print(g.installed())"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_a_run_that_reaches_out_fails(tmp_path):
    """A whole pytest run with the plugin, one of whose tests swallows the error as careless
    code would: the test errors, the run exits 1 and names the address."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", "utf-8")
    (tmp_path / "test_phones_home.py").write_text(TRIPWIRE + textwrap.dedent(f"""
        def test_phones_home():
            try:
                socket.create_connection(("{PUBLIC}", 80), timeout=1)
            except OSError:
                pass

        def test_innocent():
            assert True
        """), "utf-8")
    env = child_env(tmp_path / "outer.log")
    env["PYTHONPATH"] = os.pathsep.join([str(GUARD_PATH), str(TESTS)])
    cmd = [sys.executable, "-m", "pytest", "-p", "netguard.plugin", "-p", "no:cacheprovider",
           "-q", "test_phones_home.py"]
    if _unshare_net():
        cmd = ["unshare", "-n", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "network access attempted" in out and PUBLIC in out
    assert "1 error" in out and "ERROR at teardown of test_phones_home" in out, out
    assert "REAL NETWORK CALL" not in out
