"""The dataclasses' methods compiled once and read back at the editor's next start
(pancarte.codecache): the same classes, a store that is used, never trusted blindly."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pancarte import codecache

SRC = str(Path(__file__).resolve().parents[2] / "src")

PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import builtins
    from pancarte import codecache
    if sys.argv[1] != "-":  # "-": Python's own dataclasses, no store
        codecache.install(Path(sys.argv[1]))
    compiled = []
    real_compile = builtins.compile
    def counting(*a, **k):
        if isinstance(a[0], str) and a[0].startswith("def __create_fn__"):  # dataclasses'
            compiled.append(a[0][:40])
        return real_compile(*a, **k)
    builtins.compile = counting
    from pancarte.model.document import Document, TextFrame  # dataclasses of the model
    from pancarte.layout.boxes import GlyphRun
    builtins.compile = real_compile
    codecache.save()
    import dataclasses, inspect
    print(json.dumps({"compiled": len(compiled),
                      "init": str(inspect.signature(TextFrame.__init__)),
                      "ann": repr(GlyphRun.__init__.__annotations__),
                      "repr": repr(TextFrame.__init__.__code__.co_filename),
                      "fields": [f.name for f in dataclasses.fields(TextFrame)]}))
""")


def run_probe(store: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=SRC)
    out = subprocess.run([sys.executable, "-c", PROBE, str(store)], env=env,
                         capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout)


def test_second_start_compiles_nothing_and_makes_the_same_classes(tmp_path):
    first = run_probe(tmp_path / "code")
    assert first["compiled"] > 20  # the model's and the layout's classes' methods
    stores = list((tmp_path / "code").glob("dataclass-methods-*.marshal"))
    assert len(stores) == 1
    second = run_probe(tmp_path / "code")
    assert second["compiled"] == 0  # every method came from the store
    assert {k: v for k, v in second.items() if k != "compiled"} == \
        {k: v for k, v in first.items() if k != "compiled"}
    # and the classes Python's own dataclasses makes
    plain = run_probe(Path("-"))
    assert {k: v for k, v in plain.items() if k != "compiled"} == \
        {k: v for k, v in first.items() if k != "compiled"}


def test_damaged_store_means_compiling_as_usual(tmp_path):
    run_probe(tmp_path / "code")
    (store,) = (tmp_path / "code").glob("*.marshal")
    store.write_bytes(b"\x00garbage")
    again = run_probe(tmp_path / "code")
    assert again["compiled"] > 20
    assert again["fields"][:2] == ["id", "x"]


def test_stored_code_is_the_compiled_code(tmp_path):
    codecache.install(tmp_path)
    try:
        @dataclasses.dataclass(frozen=True)
        class Point:
            x: float = 0.0
            y: float = 1.5

        assert Point() == Point(0.0, 1.5) and hash(Point()) == hash(Point(0.0, 1.5))
        assert repr(Point(2.0)) == "test_stored_code_is_the_compiled_code.<locals>.Point(x=2.0, y=1.5)"
        with pytest.raises(dataclasses.FrozenInstanceError):
            Point().x = 3  # type: ignore[misc]
        for text, code in codecache._codes.items():
            assert code == compile(text, "<string>", "exec", dont_inherit=True)
    finally:
        codecache.uninstall()
    assert "exec" not in dataclasses.__dict__
