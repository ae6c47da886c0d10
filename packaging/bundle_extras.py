"""What the bundle carries besides the frozen program, and the checks on what it must hold.

Used by ``pancarte.spec`` (at the end of a build) and by the tests, which stage the same files
into a fake bundle to test ``install.sh`` without running PyInstaller. Standard library only.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP_ID = "org.pancarte.Pancarte"
MIME_TYPE = "application/x-pancarte+zip"
MARKER = ".pancarte-bundle"  # install.sh/uninstall.sh only ever delete a folder holding it

# What the program reads from its assets: a build missing one of these must fail.
REQUIRED_ASSETS = ("fonts/fonts.json", "templates/placard-a3.json", "library/samples.json",
                   "icc/pancarte-fogra39.icc")


def check_assets(assets: Path) -> None:
    missing = [name for name in REQUIRED_ASSETS if not (assets / name).is_file()]
    if missing:
        raise SystemExit(f"Pancarte's assets in {assets} lack: {', '.join(missing)}")


def share_files() -> dict[str, Path]:
    """``share/…`` path in the bundle -> file in the checkout (the XDG layout install.sh
    copies into ~/.local/share)."""
    files = {
        f"share/applications/{APP_ID}.desktop": HERE / "linux" / f"{APP_ID}.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml": HERE / "linux" / f"{APP_ID}.metainfo.xml",
        f"share/mime/packages/{APP_ID}.xml": HERE / "linux" / f"{APP_ID}.mime.xml",
        f"share/icons/hicolor/scalable/apps/{APP_ID}.svg": HERE / "icons" / "pancarte.svg",
    }
    for png in sorted((HERE / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        files[f"share/icons/hicolor/{png.parent.parent.name}/apps/{APP_ID}.png"] = png
    return files


def stage(bundle: Path, version: str, linux: bool = True) -> None:
    """Copy the scripts, desktop files, licence and notes into the built ``bundle`` folder."""
    bundle = Path(bundle)
    shutil.copy2(ROOT / "LICENSE", bundle / "LICENSE.txt")
    shutil.copy2(ROOT / "assets" / "fonts" / "README.md", bundle / "FONTS-LICENCES.md")
    (bundle / MARKER).write_text(f"pancarte {version}\n", "utf-8")
    if not linux:
        return
    for name in ("install.sh", "uninstall.sh"):
        shutil.copy2(HERE / name, bundle / name)
        mode = (bundle / name).stat().st_mode
        (bundle / name).chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    for dest, src in share_files().items():
        (bundle / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, bundle / dest)
    shutil.copy2(HERE / "README-bundle.txt", bundle / "README.txt")
