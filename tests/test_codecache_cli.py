"""Every ``pancarte`` command keeps the methods ``dataclasses`` compiles (pancarte.codecache):
the first run writes them in the cache folder, the next one compiles nothing new and leaves
the file alone; the PDF is the same with or without the store."""

from __future__ import annotations

import hashlib
import os

from tests.helpers import run_cli


def test_compose_keeps_the_compiled_methods_for_the_next_run(tmp_path):
    env = {"PANCARTE_CACHE": str(tmp_path / "cache")}
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    r = run_cli("compose", "placard-a3", "--sample", "--preset", "maison", "-o", first, env=env)
    assert r.returncode == 0, r.stderr
    (store,) = (tmp_path / "cache" / "code").glob("dataclass-methods-*.marshal")
    stamp = store.stat().st_mtime_ns
    os.utime(store, ns=(stamp - 10**9, stamp - 10**9))  # a rewrite would show
    r = run_cli("compose", "placard-a3", "--sample", "--preset", "maison", "-o", second, env=env)
    assert r.returncode == 0, r.stderr
    assert store.stat().st_mtime_ns == stamp - 10**9  # nothing new compiled, nothing written
    assert hashlib.sha256(first.read_bytes()).digest() == \
        hashlib.sha256(second.read_bytes()).digest()
    assert not list((tmp_path / "cache" / "code").glob("*.tmp"))


def test_a_damaged_store_means_compiling_as_usual(tmp_path):
    env = {"PANCARTE_CACHE": str(tmp_path / "cache")}
    store_dir = tmp_path / "cache" / "code"
    r = run_cli("templates", env=env)
    assert r.returncode == 0, r.stderr
    for store in store_dir.glob("dataclass-methods-*.marshal"):
        store.write_bytes(b"\x00garbage")
    out = tmp_path / "a.pdf"
    r = run_cli("compose", "placard-a3", "--sample", "-o", out, env=env)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")
