"""The import contracts of pyproject.toml (checked by ``lint-imports`` in CI) name every part of
the package: a new package or module left out of the layers, or out of the modules that must
not import Qt, would escape them silently."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "pancarte"
QT_ALLOWED = {"pancarte.gui", "pancarte.render.qt"}


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return {c["type"]: c for c in config["tool"]["importlinter"]["contracts"]}


def _parts(folder: Path, prefix: str) -> set[str]:
    """The packages and modules right under ``folder``, as dotted names."""
    names = {f"{prefix}.{p.name}" for p in folder.iterdir()
             if p.is_dir() and (p / "__init__.py").exists()}
    names |= {f"{prefix}.{p.stem}" for p in folder.glob("*.py")
              if p.stem not in ("__init__", "__main__")}
    return names


def test_every_package_and_module_has_its_layer():
    layered = {name for layer in _contracts()["layers"]["layers"]
               for name in re.split(r"\s*[:|]\s*", layer)}
    assert _parts(PACKAGE, "pancarte") - layered == set()


def test_everything_but_the_editor_and_the_qt_renderer_is_forbidden_qt():
    sources = set(_contracts()["forbidden"]["source_modules"])
    expected = (_parts(PACKAGE, "pancarte") - {"pancarte.render"}
                | _parts(PACKAGE / "render", "pancarte.render")) - QT_ALLOWED
    assert expected - sources == set()
    assert sources & QT_ALLOWED == set()
