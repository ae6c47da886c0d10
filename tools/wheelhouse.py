"""Gather every wheel Pancarte needs into one folder, to install it later with no network.

On a connected machine, from a checkout:

    python3 tools/wheelhouse.py DIR                 # for this machine's Python and system
    python3 tools/wheelhouse.py DIR --python-version 3.12 --platform manylinux_2_34_x86_64
    python3 tools/wheelhouse.py DIR --python-version 3.11 --platform win_amd64
    python3 tools/wheelhouse.py DIR --build-tools   # also what build-bundle.sh needs

Then, on the machine without internet (DIR copied onto it, e.g. from a USB key):

    python3 -m venv pancarte-env
    pancarte-env/bin/pip install --no-index --find-links DIR pancarte

DIR receives pancarte's own wheel (``pip wheel --no-deps`` of the checkout), the wheels of all
its dependencies (``pip download --only-binary=:all:``: nothing to compile offline), pip's own
wheel (to install where ``python3 -m venv`` has no pip: see DIR/INSTALL.txt), SHA256SUMS,
INSTALL.txt, and desktop/ (Linux menu entry, icons, file type: ``desktop/install.sh --exec``).
Running it again into the same DIR adds what is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".git", "build", "dist", ".venv", "*.egg-info", "__pycache__",
                              ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis",
                              "*.pyc")

INSTALL_TXT = """\
Pancarte, installed without internet
====================================

This folder holds Pancarte ({wheel}) and every package it needs, as wheels for
{target}.
Nothing here is downloaded during the installation.

Linux, macOS (a terminal, in the folder that holds this one):

    python3 -m venv ~/pancarte-env
    ~/pancarte-env/bin/pip install --no-index --find-links {name} pancarte
    ~/pancarte-env/bin/pancarte --version
    sh {name}/desktop/install.sh --exec ~/pancarte-env/bin/pancarte   # Linux: menu entry

  If "python3 -m venv" says ensurepip is not available (Debian and Ubuntu without the
  python3-venv package), use the pip wheel from this folder instead:

    python3 -m venv --without-pip ~/pancarte-env
    ~/pancarte-env/bin/python {name}/{pip_wheel}/pip install --no-index --find-links {name} pancarte

Windows (PowerShell):

    py -m venv $HOME\\pancarte-env
    $HOME\\pancarte-env\\Scripts\\pip install --no-index --find-links {name} pancarte
    $HOME\\pancarte-env\\Scripts\\pancarte --version

Check that the folder is intact (Linux): cd {name} && sha256sum -c SHA256SUMS
"""


def run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def build_own_wheel(dest: Path) -> Path:
    """``pip wheel --no-deps`` of a copy of the checkout (setuptools' build/ stays clean)."""
    with tempfile.TemporaryDirectory(prefix="pancarte-wheel-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT, src, ignore=SKIP)
        out = Path(tmp) / "out"
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
             str(src)])
        (wheel,) = out.glob("pancarte-*.whl")
        target = dest / wheel.name
        shutil.copy2(wheel, target)
    return target


def copy_desktop_files(dest: Path) -> None:
    """``desktop/``: install.sh and what it installs (menu entry, icons, file type), laid out
    as in the checkout, for ``desktop/install.sh --exec ENV/bin/pancarte``."""
    packaging = ROOT / "packaging"
    out = dest / "desktop"
    if out.exists():
        shutil.rmtree(out)
    (out / "icons").mkdir(parents=True)
    for name in ("install.sh", "uninstall.sh"):
        shutil.copy2(packaging / name, out / name)
    shutil.copytree(packaging / "linux", out / "linux")
    shutil.copytree(packaging / "icons" / "hicolor", out / "icons" / "hicolor")
    shutil.copy2(packaging / "icons" / "pancarte.svg", out / "icons" / "pancarte.svg")


def write_checksums(dest: Path) -> None:
    lines = []
    for path in sorted(dest.glob("*.whl")):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    (dest / "SHA256SUMS").write_text("".join(lines), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Gather Pancarte and all its dependencies as wheels, for offline installs.")
    parser.add_argument("dest", type=Path, help="the folder to fill (created if needed)")
    parser.add_argument("--python-version", help="target Python, e.g. 3.12 (default: this one)")
    parser.add_argument("--platform", action="append", default=[],
                        help="target platform tag, e.g. manylinux_2_34_x86_64, win_amd64, "
                             "macosx_13_0_arm64 (repeatable; default: this machine)")
    parser.add_argument("--implementation", help="e.g. cp (with --platform)")
    parser.add_argument("--abi", action="append", default=[], help="e.g. cp312 (repeatable)")
    parser.add_argument("--build-tools", action="store_true",
                        help="add PyInstaller (packaging/requirements-build.txt) so that "
                             "packaging/build-bundle.sh --wheelhouse DIR works offline")
    parser.add_argument("--extra", action="append", default=[], metavar="REQUIREMENT",
                        help="another package to include, e.g. pikepdf (repeatable)")
    args = parser.parse_args(argv)

    start = time.monotonic()
    dest = args.dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    wheel = build_own_wheel(dest)

    target: list[str] = []
    if args.python_version:
        target += ["--python-version", args.python_version]
    for platform in args.platform:
        target += ["--platform", platform]
    if args.implementation:
        target += ["--implementation", args.implementation]
    for abi in args.abi:
        target += ["--abi", abi]
    requirements = [str(wheel), "pip", *args.extra]
    if args.build_tools:
        requirements += ["-r", str(ROOT / "packaging" / "requirements-build.txt")]
    run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
         "--dest", str(dest), *target, *requirements])

    write_checksums(dest)
    copy_desktop_files(dest)
    pip_wheels = sorted(dest.glob("pip-*.whl"))
    described = " ".join(target) if target else (
        f"Python {sys.version_info.major}.{sys.version_info.minor} on {sys.platform} "
        f"(the machine that made it)")
    (dest / "INSTALL.txt").write_text(INSTALL_TXT.format(
        wheel=wheel.name, target=described, name=dest.name,
        pip_wheel=pip_wheels[-1].name if pip_wheels else "pip-*.whl"), "utf-8")

    wheels = sorted(dest.glob("*.whl"))
    size = sum(p.stat().st_size for p in wheels)
    print(f"{len(wheels)} wheels, {size / 1e6:.0f} MB in {dest} "
          f"({time.monotonic() - start:.0f} s)")
    print(f"install offline: pip install --no-index --find-links {dest} pancarte")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
