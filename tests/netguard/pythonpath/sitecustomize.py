"""Pancarte's network guard: no Python process started by the tests may reach the network.

Python imports ``sitecustomize`` at start-up from the first ``PYTHONPATH`` folder holding one;
the test plugin (``tests/netguard/plugin.py``) puts this folder first in ``PYTHONPATH``, so every
Python process the tests start, and the test process itself, runs :func:`install`:

- ``socket.socket.connect``/``connect_ex``/``sendto``/``sendmsg`` refuse any address that is
  not on this machine (loopback, the unspecified address, Unix sockets, netlink);
- ``socket.getaddrinfo``/``gethostbyname``/``gethostbyname_ex``/``gethostbyaddr`` refuse to
  look up names other than ``localhost`` and this machine's own name (a DNS query already
  tells the world); addresses written in digits pass (no query), to be stopped at connect;
- each refusal raises :class:`NetworkBlockedError` (an ``OSError``, as being offline would) and
  is appended, one line, to the file named by ``PANCARTE_NETGUARD_LOG``, which the plugin reads
  at the end of the run to fail it.

It sees what goes through Python's ``socket`` module (urllib, http.client, asyncio, ssl, and
libraries built on them); not C code opening its own sockets, nor non-Python programs.
Standard library only. ``PANCARTE_NETGUARD=off`` disables it (never set by the tests).
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
import traceback

LOG_ENV = "PANCARTE_NETGUARD_LOG"
SWITCH_ENV = "PANCARTE_NETGUARD"
MARK = "_pancarte_netguard"
_LOCAL_FAMILIES = {getattr(socket, name) for name in ("AF_UNIX", "AF_NETLINK")
                   if hasattr(socket, name)}
_INET_FAMILIES = {socket.AF_INET} | ({socket.AF_INET6} if hasattr(socket, "AF_INET6") else set())


class NetworkBlockedError(ConnectionError):
    """Raised instead of reaching the network while the guard is on."""


def is_local_host(host: object) -> bool:
    """True for an address or name that stays on this machine (no DNS lookup is made)."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().rstrip(".").lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    name = name.split("%", 1)[0]  # fe80::1%eth0
    if name in ("", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback") \
            or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return name == _own_hostname()
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def is_local_address(family: int, address: object) -> bool:
    if family in _LOCAL_FAMILIES:
        return True
    if family in _INET_FAMILIES and isinstance(address, tuple) and address:
        return is_local_host(address[0])
    return False


def _own_hostname() -> str:
    try:
        return socket.gethostname().lower()
    except OSError:
        return "localhost"


def _where() -> str:
    """The innermost caller outside this file, ``path:line``."""
    here = os.path.abspath(__file__)
    for frame in reversed(traceback.extract_stack()[:-1]):
        if os.path.abspath(frame.filename) != here and \
                not frame.filename.replace("\\", "/").endswith("/socket.py"):
            return f"{frame.filename}:{frame.lineno}"
    return "?"


def record(kind: str, target: object) -> None:
    """Append one line to the log named by ``PANCARTE_NETGUARD_LOG`` (when set)."""
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    program = " ".join(sys.argv[:3]) if sys.argv and sys.argv[0] else sys.executable
    line = f"{os.getpid()}\t{kind}\t{target!r}\t{program}\t{_where()}\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.replace("\n", " ").rstrip().encode("utf-8", "replace") + b"\n")
        finally:
            os.close(fd)
    except OSError:
        pass


def _blocked(kind: str, target: object) -> NetworkBlockedError:
    record(kind, target)
    return NetworkBlockedError(f"network access blocked by Pancarte's test guard: {kind} "
                               f"{target!r}")


_ORIGINAL: dict = {}


def _connect(self, address):
    if not is_local_address(self.family, address):
        raise _blocked("connect", address)
    return _ORIGINAL["connect"](self, address)


def _connect_ex(self, address):
    if not is_local_address(self.family, address):
        _blocked("connect_ex", address)
        return errno.ENETUNREACH  # what connect_ex says when offline
    return _ORIGINAL["connect_ex"](self, address)


def _sendto(self, data, *rest):
    # sendto(data, address) or sendto(data, flags, address)
    if rest and not is_local_address(self.family, rest[-1]):
        raise _blocked("sendto", rest[-1])
    return _ORIGINAL["sendto"](self, data, *rest)


def _sendmsg(self, buffers, *rest):
    # sendmsg(buffers[, ancdata[, flags[, address]]])
    if len(rest) >= 3 and rest[2] is not None and not is_local_address(self.family, rest[2]):
        raise _blocked("sendmsg", rest[2])
    return _ORIGINAL["sendmsg"](self, buffers, *rest)


def _is_ip_literal(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _guard_lookup(name: str):
    # An address given as digits needs no DNS query, except to find its name (gethostbyaddr).
    literal_ok = name != "gethostbyaddr"

    def guarded(host, *args, **kwargs):
        if host is not None and not is_local_host(host) and not (
                literal_ok and _is_ip_literal(host)):
            record(name, host)
            raise socket.gaierror(socket.EAI_NONAME,
                                  f"name lookup blocked by Pancarte's test guard: {host!r}")
        return _ORIGINAL[name](host, *args, **kwargs)

    guarded.__name__ = name
    guarded.__doc__ = _ORIGINAL[name].__doc__
    setattr(guarded, MARK, True)
    return guarded


_METHODS = {"connect": _connect, "connect_ex": _connect_ex, "sendto": _sendto,
            "sendmsg": _sendmsg}
_LOOKUPS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr")


def installed() -> bool:
    return getattr(socket.socket.connect, MARK, False)


def install() -> bool:
    """Patch the ``socket`` module (once per process); False when switched off."""
    if os.environ.get(SWITCH_ENV, "").lower() in ("off", "0", "no"):
        return False
    if installed():
        return True
    for name, function in _METHODS.items():
        if hasattr(socket.socket, name):
            _ORIGINAL[name] = getattr(socket.socket, name)
            function.__doc__ = _ORIGINAL[name].__doc__
            setattr(function, MARK, True)
            setattr(socket.socket, name, function)
    for name in _LOOKUPS:
        _ORIGINAL[name] = getattr(socket, name)
        setattr(socket, name, _guard_lookup(name))
    return True


def _chain_next_sitecustomize() -> None:
    """Run the ``sitecustomize`` this file shadows (Debian's, a venv's), as ``site`` would."""
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        folder = os.path.abspath(entry or os.curdir)
        if folder == here:
            continue
        candidate = os.path.join(folder, "sitecustomize.py")
        if os.path.isfile(candidate):
            try:
                spec = importlib.util.spec_from_file_location("_next_sitecustomize", candidate)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
            except Exception as exc:  # noqa: BLE001 - as site.py does for sitecustomize
                print(f"Error in sitecustomize ({candidate}); set PYTHONVERBOSE for "
                      f"traceback:\n{type(exc).__name__}: {exc}", file=sys.stderr)
            return


install()
if __name__ == "sitecustomize":
    _chain_next_sitecustomize()
