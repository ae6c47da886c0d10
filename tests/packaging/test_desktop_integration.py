"""Linux desktop integration: the .desktop file, AppStream metadata, icons, the .pancarte MIME
type, and packaging/install.sh / uninstall.sh run with HOME in a temporary folder."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging_support import APP_ID, MIME_TYPE, PACKAGING, ROOT, bundle_extras

import pancarte

LINUX = PACKAGING / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}.mime.xml"
ICONS = PACKAGING / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
FDO_MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"
posix_only = pytest.mark.skipif(os.name != "posix", reason="shell scripts for Linux")


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.RawConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def validate_desktop(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        return
    proc = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0 and "error" not in proc.stdout, proc.stdout + proc.stderr


def script_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), LANG="C.UTF-8", **extra)
    return env


def run_script(script: Path, home: Path, *args: str, env: dict | None = None,
               shell: str | None = None) -> subprocess.CompletedProcess:
    shell = shell or shutil.which("dash") or "sh"  # POSIX sh, as Debian's /bin/sh
    return subprocess.run([shell, str(script), *args], capture_output=True, text=True,
                          env=env or script_env(home), timeout=120)


def fake_bundle(where: Path) -> Path:
    """A folder laid out as the real bundle (same extras, staged by the same code), whose
    ``pancarte`` is a shell script."""
    where.mkdir(parents=True)
    exe = where / "pancarte"
    exe.write_text("#!/bin/sh\necho pancarte-fake \"$@\"\n", "utf-8")
    exe.chmod(0o755)
    (where / "_internal").mkdir()
    bundle_extras.stage(where, pancarte.__version__)
    return where


# --- the files themselves ---------------------------------------------------------------------


def test_desktop_file_is_valid_and_bilingual():
    validate_desktop(DESKTOP)
    entry = desktop_entry(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Pancarte"
    assert entry["Icon"] == APP_ID
    assert re.fullmatch(r"pancarte %[fF]", entry["Exec"])
    assert MIME_TYPE in entry["MimeType"].split(";")
    for key in ("GenericName", "Comment", "Keywords"):
        assert entry[key] and entry[f"{key}[fr]"] and entry[key] != entry[f"{key}[fr]"]
    assert "Graphics" in entry["Categories"].split(";")


def test_metainfo_is_valid_and_matches_the_program():
    tool = shutil.which("appstreamcli")
    if tool:
        proc = subprocess.run([tool, "validate", "--no-net", str(METAINFO)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert MIME_TYPE in [m.text for m in root.iter("mediatype")]
    langs = {s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in root.iter("summary")}
    assert langs == {None, "fr"}
    releases = [r.get("version") for r in root.iter("release")]
    assert releases and releases[0] == pancarte.__version__, \
        "add a <release> for the new version to the metainfo"


def _magic_bytes(value: str) -> bytes:
    """shared-mime-info string values: C escapes like ``\\003``."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), value).encode("latin-1")


def test_mime_type_matches_real_documents(sample_document: Path):
    root = ET.parse(MIME_XML).getroot()
    (mime,) = root.findall(f"{FDO_MIME}mime-type")
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.iter(f"{FDO_MIME}glob")] == ["*.pancarte"]
    assert mime.find(f"{FDO_MIME}sub-class-of").get("type") == "application/zip"
    comments = {c.get("{http://www.w3.org/XML/1998/namespace}lang"): c.text
                for c in mime.iter(f"{FDO_MIME}comment")}
    assert set(comments) == {None, "fr"}
    # Every nested match of the magic must hold in a document Pancarte writes.
    data = sample_document.read_bytes()
    matches = list(mime.find(f"{FDO_MIME}magic").iter(f"{FDO_MIME}match"))
    assert len(matches) == 3
    for match in matches:
        value, offset = _magic_bytes(match.get("value")), int(match.get("offset"))
        assert data[offset:offset + len(value)] == value, (offset, value)


def test_icons_are_rendered_at_every_size():
    svg = ET.parse(ICONS / "pancarte.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    for size in SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png) == (size, size)
    assert (ICONS / "pancarte.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "pancarte.icns").read_bytes()[:4] == b"icns"


def test_bundle_extras_find_everything():
    bundle_extras.check_assets(pancarte_assets())
    files = bundle_extras.share_files()
    assert all(src.is_file() for src in files.values())
    assert len([d for d in files if d.endswith(".png")]) == len(SIZES)


def pancarte_assets() -> Path:
    from pancarte.assets import assets_dir

    return assets_dir()


@posix_only
def test_scripts_are_valid_shell():
    for script in ("install.sh", "uninstall.sh"):
        for shell in filter(None, (shutil.which("dash"), shutil.which("bash"))):
            proc = subprocess.run([shell, "-n", str(PACKAGING / script)], capture_output=True)
            assert proc.returncode == 0, (shell, script, proc.stderr)
    proc = subprocess.run(["bash", "-n", str(PACKAGING / "build-bundle.sh")],
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr
    for script in ("install.sh", "uninstall.sh", "build-bundle.sh"):
        assert os.access(PACKAGING / script, os.X_OK), f"chmod +x packaging/{script}"


# --- install.sh / uninstall.sh ----------------------------------------------------------------


def installed_files(data: Path) -> list[Path]:
    return [data / "applications" / f"{APP_ID}.desktop",
            data / "metainfo" / f"{APP_ID}.metainfo.xml",
            data / "mime" / "packages" / f"{APP_ID}.xml",
            data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
            *(data / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in SIZES)]


@posix_only
def test_install_from_a_bundle_then_uninstall(tmp_path):
    home = tmp_path / "home with space & more"
    home.mkdir()
    source = fake_bundle(tmp_path / "usb key" / "pancarte")
    # the user's own data, which uninstalling must keep
    user_data = home / ".local" / "share" / "pancarte" / "library.sqlite3"
    user_data.parent.mkdir(parents=True)
    user_data.write_bytes(b"mine")

    proc = run_script(source / "install.sh", home)
    assert proc.returncode == 0, proc.stderr
    data = home / ".local" / "share"
    for path in installed_files(data):
        assert path.is_file(), path
    app = home / ".local" / "opt" / "pancarte"
    assert (app / "pancarte").is_file() and (app / bundle_extras.MARKER).is_file()
    assert (app / "uninstall.sh").is_file()
    link = home / ".local" / "bin" / "pancarte"
    assert link.is_symlink() and Path(os.readlink(link)) == app / "pancarte"
    assert subprocess.run([str(link), "--version"], capture_output=True,
                          text=True).stdout.startswith("pancarte-fake")

    desktop = data / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(desktop)
    assert entry["Exec"] == f'"{app / "pancarte"}" %f'  # quoted: the path holds a space
    assert entry["TryExec"] == str(app / "pancarte")
    validate_desktop(desktop)
    if shutil.which("update-mime-database"):
        assert (data / "mime" / "mime.cache").is_file()
        assert "*.pancarte" in (data / "mime" / "globs2").read_text("utf-8")

    # Installing again (an upgrade) replaces the copy.
    (source / "NEW").write_text("2", "utf-8")
    assert run_script(source / "install.sh", home).returncode == 0
    assert (app / "NEW").is_file() and not (home / ".local" / "opt" / "pancarte.new").exists()

    proc = run_script(app / "uninstall.sh", home)
    assert proc.returncode == 0, proc.stderr
    for path in installed_files(data):
        assert not path.exists(), path
    assert not app.exists() and not link.is_symlink()
    assert user_data.read_bytes() == b"mine"
    assert source.is_dir()  # the USB key's copy is not ours to remove


@posix_only
def test_install_in_place_and_refusals(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    source = fake_bundle(tmp_path / "apps" / "pancarte")
    proc = run_script(source / "install.sh", home, "--in-place")
    assert proc.returncode == 0, proc.stderr
    entry = desktop_entry(home / ".local" / "share" / "applications" / f"{APP_ID}.desktop")
    assert entry["Exec"] == f'"{source / "pancarte"}" %f'
    assert not (home / ".local" / "opt").exists()

    # A folder in the way that is not a Pancarte bundle is never replaced.
    squatter = home / ".local" / "opt" / "pancarte"
    squatter.mkdir(parents=True)
    (squatter / "precious.txt").write_text("x", "utf-8")
    proc = run_script(source / "install.sh", home)
    assert proc.returncode != 0 and "not a Pancarte bundle" in proc.stderr
    assert (squatter / "precious.txt").is_file()

    # A path that a desktop entry cannot quote is refused, not mangled.
    odd = fake_bundle(tmp_path / "100%" / "pancarte")
    proc = run_script(odd / "install.sh", home, "--in-place")
    assert proc.returncode != 0 and "character" in proc.stderr

    # Not a bundle, and no --exec: explained.
    proc = run_script(PACKAGING / "install.sh", home)
    assert proc.returncode != 0 and "--exec" in proc.stderr


@posix_only
def test_install_from_checkout_for_a_pip_install(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    exe = tmp_path / "venv" / "bin" / "pancarte"
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n", "utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    data = tmp_path / "xdg data"  # XDG_DATA_HOME is honoured
    proc = run_script(PACKAGING / "install.sh", home, "--exec", str(exe),
                      env=script_env(home, XDG_DATA_HOME=str(data)))
    assert proc.returncode == 0, proc.stderr
    for path in installed_files(data):
        assert path.is_file(), path
    entry = desktop_entry(data / "applications" / f"{APP_ID}.desktop")
    assert entry["Exec"] == f'"{exe}" %f'
    validate_desktop(data / "applications" / f"{APP_ID}.desktop")
    assert not (home / ".local" / "bin").exists()  # --exec: the command is already there

    proc = run_script(PACKAGING / "uninstall.sh", home,
                      env=script_env(home, XDG_DATA_HOME=str(data)))
    assert proc.returncode == 0, proc.stderr
    assert not any(p.exists() for p in installed_files(data))
    assert exe.is_file()


@posix_only
@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="update-mime-database (shared-mime-info) is not installed")
def test_desktop_recognises_pancarte_files_after_install(tmp_path, sample_document):
    """Qt reads the same shared-mime-info database as file managers: after install.sh, a
    .pancarte file is recognised by its name, and by its content under another name."""
    home = tmp_path / "home"
    home.mkdir()
    exe = Path(shutil.which("true"))
    assert run_script(PACKAGING / "install.sh", home, "--exec", str(exe)).returncode == 0
    renamed = tmp_path / "sent-by-mail.bin"
    shutil.copy(sample_document, renamed)
    code = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "db = QMimeDatabase()\n"
        "for p in sys.argv[1:]:\n"
        "    print(db.mimeTypeForFile(p).name())\n"
    )
    env = script_env(home, XDG_DATA_DIRS="/usr/local/share:/usr/share",
                     QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code, str(sample_document), str(renamed)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [MIME_TYPE, MIME_TYPE]


def test_readme_section_names_the_real_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    assert "## Install without internet" in text
    for needle in ("tools/wheelhouse.py", "--no-index --find-links", "build-bundle.sh",
                   "install.sh", "uninstall.sh"):
        assert needle in text, needle
    assert (ROOT / "tools" / "wheelhouse.py").is_file()
