#!/usr/bin/env bash
# Build Pancarte's Linux bundle: one folder, dist/pancarte/, that runs with no Python installed.
#
#   packaging/build-bundle.sh                      # venv in build/bundle/venv from python3
#   packaging/build-bundle.sh --python python3.12  # the venv from another interpreter
#   packaging/build-bundle.sh --use-python .venv/bin/python   # an environment that already
#                                                  # has pancarte (PyInstaller is added to it)
#   packaging/build-bundle.sh --wheelhouse DIR     # no network: install from a wheelhouse made
#                                                  # by `tools/wheelhouse.py DIR --build-tools`
#   packaging/build-bundle.sh --dist DIR           # put the bundle in DIR/pancarte
#
# Then: dist/pancarte/pancarte --version; dist/pancarte/install.sh adds it to the desktop menu.
# Copy the whole folder (or the .tar.gz made with --archive) to a USB key.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=python3
USE_PYTHON=""
WHEELHOUSE=""
DIST="$ROOT/dist"
BUILD="$ROOT/build/bundle"
ARCHIVE=0

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --python) PYTHON=$2; shift 2 ;;
        --use-python)
            case "$2" in
                */*) USE_PYTHON="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")" ;;
                *) USE_PYTHON=$(command -v "$2") ;;
            esac
            shift 2 ;;
        --wheelhouse) WHEELHOUSE=$(cd "$2" && pwd); shift 2 ;;
        --dist) mkdir -p "$2"; DIST=$(cd "$2" && pwd); shift 2 ;;
        --build-dir) mkdir -p "$2"; BUILD=$(cd "$2" && pwd); shift 2 ;;
        --archive) ARCHIVE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "build-bundle.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }
start=$(date +%s)
mkdir -p "$BUILD"

PIP_SOURCE=()
if [ -n "$WHEELHOUSE" ]; then
    PIP_SOURCE=(--no-index --find-links "$WHEELHOUSE")
fi

if [ -n "$USE_PYTHON" ]; then
    VPY=$USE_PYTHON
    "$VPY" -c "import pancarte" || { echo "build-bundle.sh: $VPY has no pancarte installed" >&2; exit 1; }
    say "adding PyInstaller to $("$VPY" -c 'import sys; print(sys.prefix)')"
    "$VPY" -m pip install --quiet "${PIP_SOURCE[@]}" -r "$ROOT/packaging/requirements-build.txt"
else
    say "creating $BUILD/venv with $PYTHON"
    "$PYTHON" -m venv --clear "$BUILD/venv"
    VPY="$BUILD/venv/bin/python"
    if [ -z "$WHEELHOUSE" ]; then
        # Build the wheel from a copy of the checkout: setuptools reuses ./build/lib, where a
        # file deleted from src/ would live on and end up in the bundle.
        say "building pancarte's wheel from a copy of the checkout"
        rm -rf "$BUILD/src" "$BUILD/wheel"
        mkdir -p "$BUILD/src"
        tar -C "$ROOT" \
            --exclude=./.git --exclude=./build --exclude=./dist --exclude=./.venv \
            --exclude='*.egg-info' --exclude=__pycache__ --exclude=.pytest_cache \
            --exclude=.mypy_cache --exclude=.ruff_cache --exclude=.hypothesis \
            -cf - . | tar -C "$BUILD/src" -xf -
        "$VPY" -m pip install --quiet --upgrade pip
        "$VPY" -m pip wheel --quiet --no-deps -w "$BUILD/wheel" "$BUILD/src"
        WHEEL=$(ls "$BUILD"/wheel/pancarte-*.whl)
    else
        WHEEL=$(ls "$WHEELHOUSE"/pancarte-*.whl | sort -V | tail -n 1)
    fi
    say "installing $(basename "$WHEEL") and PyInstaller"
    "$VPY" -m pip install --quiet "${PIP_SOURCE[@]}" "$WHEEL" -r "$ROOT/packaging/requirements-build.txt"
fi

say "freezing (PyInstaller)"
rm -rf "$DIST/pancarte"
# From the build folder, so that nothing of the checkout shadows the installed package.
(cd "$BUILD" && "$VPY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/work" "$ROOT/packaging/pancarte.spec")

say "checking the bundle"
env -i PATH=/usr/bin:/bin HOME="$BUILD" "$DIST/pancarte/pancarte" --version

if [ "$ARCHIVE" = 1 ]; then
    VERSION=$("$DIST/pancarte/pancarte" --version | awk '{print $2}')
    TARBALL="$DIST/pancarte-$VERSION-linux-$(uname -m).tar.gz"
    tar -C "$DIST" -czf "$TARBALL" pancarte
    say "archive: $TARBALL ($(du -h "$TARBALL" | cut -f1))"
fi

say "bundle: $DIST/pancarte ($(du -sh "$DIST/pancarte" | cut -f1)) in $(( $(date +%s) - start )) s"
