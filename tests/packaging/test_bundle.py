"""The PyInstaller bundle (packaging/build-bundle.sh), started as a user would start it from a
USB key: a minimal environment (``env -i``), no network namespace, and, where ``unshare`` may
mount, every Python installation of this machine hidden behind an empty folder.

Skipped unless ``PANCARTE_BUILD_BUNDLE=1`` (or ``PANCARTE_BUNDLE=dist/pancarte``): see
conftest.py.
"""

from __future__ import annotations

import functools
import glob
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import pytest
from packaging_support import APP_ID, ROOT, bundle_extras, measure, unshare_works

import pancarte

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the Linux bundle")

# Libraries a Linux bundle takes from the system on purpose (PyInstaller never copies them:
# they must match the machine's graphics stack); missing here only when this machine has no
# Wayland or GPU libraries installed.
SYSTEM_LIBS = re.compile(r"^lib(wayland-[a-z]+|EGL|GL|GLX|GLdispatch|OpenGL|gbm|drm|vulkan)"
                         r"\.so")


def python_dirs() -> list[str]:
    """The standard libraries of every Python installation in sight (the test's own, its
    base, the system's) and the checkout's src/: hidden while the bundle runs."""
    found = {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
             str(ROOT / "src")}
    for pattern in ("/usr/lib/python3*", "/usr/local/lib/python3*", "/usr/lib64/python3*"):
        found.update(glob.glob(pattern))
    for prefix in {sys.prefix, sys.base_prefix}:
        found.update(glob.glob(os.path.join(prefix, "lib", "python3*")))
    dirs = sorted(os.path.realpath(d) for d in found if os.path.isdir(d))
    # one mount hides what is below it (and a folder below a hidden one can't be mounted on)
    return [d for i, d in enumerate(dirs)
            if not any(d.startswith(p.rstrip("/") + "/") for p in dirs[:i])]


@functools.cache
def sandbox_flags() -> tuple[str, ...] | None:
    """``unshare`` flags giving a private mount and network namespace where tmpfs can be
    mounted, or None when this machine does not permit it."""
    for flags in (("-m", "-n"), ("-r", "-m", "-n")):
        if not unshare_works(*flags):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run(["unshare", *flags, "sh", "-c",
                                   'mount -t tmpfs -o size=64k tmpfs "$1"', "sh", tmp],
                                  capture_output=True)
        if proc.returncode == 0:
            return flags
    return None


def as_user(cmd: list[str], home: Path, **env: str) -> list[str]:
    """``cmd`` with only PATH, HOME and Qt's offscreen platform in its environment, with no
    network and no Python to fall back on (when the machine permits the namespaces)."""
    base = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={home}", "QT_QPA_PLATFORM=offscreen",
            *(f"{k}={v}" for k, v in env.items())]
    flags = sandbox_flags()
    if flags is None:
        return [*base, *cmd]
    script = ('while [ "$1" != -- ]; do mount -t tmpfs -o size=64k,mode=0755 tmpfs "$1" '
              '|| exit 97; shift; done; shift; exec "$@"')
    return ["unshare", *flags, "sh", "-c", script, "sh", *python_dirs(), "--", *base, *cmd]


def run(bundle: Path, home: Path, *args: str, timeout: float = 120,
        **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(as_user([str(bundle / "pancarte"), *args], home, **env),
                          capture_output=True, text=True, timeout=timeout, cwd=home)


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


def test_the_bundle_holds_what_pancarte_reads(bundle: Path):
    internal = bundle / "_internal"
    assert os.access(bundle / "pancarte", os.X_OK)
    assets = internal / "pancarte" / "assets"
    bundle_extras.check_assets(assets)
    assert sorted(p.name for p in (assets / "templates").glob("*.json")) == sorted(
        p.name for p in (ROOT / "assets" / "templates").glob("*.json"))
    assert len(list((assets / "fonts").rglob("*.ttf"))) == len(
        list((ROOT / "assets" / "fonts").rglob("*.ttf")))
    assert (internal / "pancarte" / "locale" / "fr" / "LC_MESSAGES" / "pancarte.mo").is_file()
    assert (internal / "pyphen" / "dictionaries" / "hyph_fr.dic").is_file()
    locale_data = internal / "babel" / "locale-data"
    assert (locale_data / "fr.dat").is_file() and (locale_data / "root.dat").is_file()
    assert not (locale_data / "de.dat").exists()  # trimmed to French and English
    plugins = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    assert (plugins / "libqoffscreen.so").is_file() and (plugins / "libqxcb.so").is_file()
    for unwanted in ("pytest", "numpy", "hypothesis", "tkinter"):
        assert not (internal / unwanted).exists(), unwanted
    for name in ("install.sh", "uninstall.sh", "README.txt", "LICENSE.txt",
                 bundle_extras.MARKER, f"share/applications/{APP_ID}.desktop"):
        assert (bundle / name).is_file(), name
    licences = {p.name.lower().replace("_", "-"): p
                for p in (bundle / "third-party-licences").iterdir()}
    qt = licences["pyside6-essentials"] / "METADATA-LICENCE.txt"
    assert "LGPL" in qt.read_text("utf-8")  # Qt's licence travels with Qt's libraries
    size = subprocess.run(["du", "-sh", str(bundle)], capture_output=True, text=True).stdout
    measure("bundle size (du -sh)", size.split()[0])


def test_every_bundled_library_finds_its_dependencies(bundle: Path):
    internal = bundle / "_internal"
    paths = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    missing, glibc = {}, set()
    for lib in [bundle / "pancarte", *internal.rglob("*.so*")]:
        if not lib.is_file() or lib.is_symlink():
            continue
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True,
                             env={"LD_LIBRARY_PATH": paths, "PATH": "/usr/bin:/bin"}).stdout
        for name in re.findall(r"^\s*(\S+) => not found", out, re.M):
            if not SYSTEM_LIBS.match(name):
                missing.setdefault(name, []).append(str(lib.relative_to(bundle)))
        if shutil.which("objdump"):
            syms = subprocess.run(["objdump", "-T", str(lib)], capture_output=True,
                                  text=True).stdout
            glibc.update(re.findall(r"GLIBC_(\d+\.\d+)", syms))
    assert not missing, f"libraries missing from the bundle: {missing}"
    if glibc:
        newest = max(glibc, key=lambda v: tuple(map(int, v.split("."))))
        measure("bundle needs glibc", f">= {newest} (the build machine's)")


def test_cli_runs_without_python_or_network(bundle: Path, home: Path):
    start = time.monotonic()
    proc = run(bundle, home, "--version")
    version_time = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"pancarte {pancarte.__version__}"

    proc = run(bundle, home, "templates")
    assert proc.returncode == 0, proc.stderr
    ids = [line.split("\t")[0] for line in proc.stdout.splitlines()]
    assert "placard-a3" in ids and "tract-a4" in ids

    start = time.monotonic()
    proc = run(bundle, home, "compose", "placard-a3", "--sample", "-o", "x.pdf")
    compose_time = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    pdf = home / "x.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb
    info = subprocess.run(["pdfinfo", "-box", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "TrimBox" in info and "BleedBox" in info
    how = "env -i, no network, Python hidden" if sandbox_flags() else "env -i"
    measure(f"bundle --version ({how}; first run)", f"{version_time:.2f} s")
    measure("bundle compose placard-a3 --sample -o x.pdf", f"{compose_time:.2f} s")


def test_print_presets_and_qt_rendering_work_in_the_bundle(bundle: Path, home: Path):
    proc = run(bundle, home, "compose", "poster-a3", "--sample", "--preset", "imprimeur",
               "-o", "pdfx.pdf")
    if proc.returncode == 2 and "--preset" in proc.stderr:
        pytest.skip("this version has no --preset")
    assert proc.returncode == 0, proc.stderr
    info = subprocess.run(["pdfinfo", str(home / "pdfx.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert "PDF/X-4" in info  # pikepdf is in the bundle and works

    proc = run(bundle, home, "compose", "flyer-a6", "--sample", "-o", "doc.pancarte")
    assert proc.returncode == 0, proc.stderr
    proc = run(bundle, home, "export", "doc.pancarte", "-o", "page.png", "--dpi", "30")
    assert proc.returncode == 0, proc.stderr
    pngs = list(home.glob("page*.png"))
    assert pngs and pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_editor_starts_offscreen(bundle: Path, home: Path):
    if importlib.util.find_spec("pancarte.gui.app") is None:
        pytest.skip("pancarte.gui.app does not exist yet")
    proc = subprocess.Popen(as_user([str(bundle / "pancarte")], home), cwd=home,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        alive = proc.poll() is None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
    assert alive, f"the editor stopped at once ({proc.returncode}):\n{out}\n{err}"
    assert "Traceback" not in err, err
    assert "could not load the Qt platform plugin" not in err, err


def test_install_script_from_the_bundle(bundle: Path, home: Path):
    proc = subprocess.run(as_user(["sh", str(bundle / "install.sh")], home),
                          capture_output=True, text=True, timeout=300, cwd=home)
    assert proc.returncode == 0, proc.stderr
    share = home / ".local" / "share"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    app = home / ".local" / "opt" / "pancarte"
    assert f'Exec="{app / "pancarte"}" %f' in desktop.read_text("utf-8")
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout
    # the installed copy runs, through the ~/.local/bin link
    proc = subprocess.run(as_user([str(home / ".local" / "bin" / "pancarte"), "--version"],
                                  home), capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == f"pancarte {pancarte.__version__}", proc.stderr

    proc = subprocess.run(as_user(["sh", str(app / "uninstall.sh")], home),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not desktop.exists() and not app.exists()
