"""End to end: what the package promises about its edges — no Qt behind a PDF export, bundled
assets found wherever it runs, no personal data in the PDFs, reproducible bytes."""

from __future__ import annotations

import datetime
import getpass
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import cli_env, pdfinfo, run_cli  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402

TEMPLATES = template_ids()
PLACARD = "placard-a3" if "placard-a3" in TEMPLATES else TEMPLATES[0]


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter, from ``cwd`` (not the repository)."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, cwd=cwd, env=cli_env(), timeout=120)


# ---------------------------------------------------------------------------------------------
# No Qt behind the command line and the PDF export


def test_pdf_export_imports_no_qt(tmp_path):
    code = f"""
        import json, sys
        import pancarte.cli, pancarte.export
        from pancarte.export import export_pdf
        from pancarte.model.edit import compose
        for template in {TEMPLATES!r}:
            doc = compose(template, sample=True)
            export_pdf(doc, {str(tmp_path)!r} + "/" + template + ".pdf", invariant=True,
                       allow_overflow=True)
        # and the command line, in process: templates, compose to both formats, export
        from pancarte.cli import main
        out = {str(tmp_path)!r}
        codes = [main(["templates"]),
                 main(["compose", {PLACARD!r}, "--sample", "-o", out + "/c.pancarte"]),
                 main(["compose", {PLACARD!r}, "--sample", "-o", out + "/c.pdf"]),
                 main(["export", out + "/c.pancarte", "-o", out + "/e.pdf"])]
        qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken")))
        print(json.dumps({{"qt": qt, "codes": codes}}))
    """
    r = _python(code, tmp_path)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["codes"] == [0, 0, 0, 0]
    assert result["qt"] == [], f"a PDF export imported Qt: {result['qt']}"
    for template in TEMPLATES:
        assert (tmp_path / f"{template}.pdf").read_bytes().startswith(b"%PDF-")


# ---------------------------------------------------------------------------------------------
# Assets


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> Path:
    """The assets folder as the installed package finds it from an unrelated directory."""
    cwd = tmp_path_factory.mktemp("elsewhere")
    r = _python("import pancarte.assets as a; print(a.assets_dir())", cwd)
    assert r.returncode == 0, r.stderr
    path = Path(r.stdout.strip())
    assert path.is_absolute() and path.is_dir(), path
    return path


def test_assets_found(assets):
    assert (assets / "fonts" / "fonts.json").is_file()
    templates = sorted(p.stem for p in (assets / "templates").glob("*.json"))
    assert templates, "no template"
    assert templates == TEMPLATES


def _font_files(assets: Path) -> list[Path]:
    data = json.loads((assets / "fonts" / "fonts.json").read_text("utf-8"))
    files = []
    for family, faces in data["families"].items():
        for key, rel in faces.items():
            if key == "use":
                continue
            assert not Path(rel).is_absolute() and ".." not in Path(rel).parts, (family, rel)
            files.append(assets / "fonts" / rel)
    return files


def test_every_listed_font_exists_with_its_licence(assets):
    files = _font_files(assets)
    assert files
    for path in files:
        assert path.is_file(), f"fonts.json lists a missing file: {path}"
        assert path.read_bytes()[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true"), path
        licences = [p.name for p in path.parent.iterdir()
                    if "LICENSE" in p.name.upper() or "copyright" in p.name.lower()]
        assert licences, f"no licence file next to {path.name} in {path.parent}"


def test_template_families_are_bundled(assets):
    families = set(json.loads((assets / "fonts" / "fonts.json").read_text("utf-8"))["families"])

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "family":
                    yield v
                else:
                    yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)

    for path in (assets / "templates").glob("*.json"):
        used = set(walk(json.loads(path.read_text("utf-8"))))
        assert used <= families, f"{path.name} uses fonts not bundled: {used - families}"


# ---------------------------------------------------------------------------------------------
# Metadata: nothing about the machine or the user


@pytest.mark.parametrize("reproducible", ["1", "0"])
def test_no_personal_data_in_the_pdf(tmp_path, reproducible):
    out = tmp_path / "deep" / "folder"
    out.mkdir(parents=True)
    out = out / "affiche.pdf"
    r = run_cli("compose", PLACARD, "--sample", "-o", out,
                env={"PANCARTE_REPRODUCIBLE": reproducible})
    assert r.returncode == 0, r.stderr
    info = pdfinfo(out)
    assert info.get("Author", "") == "", info
    data = out.read_bytes()
    info_text = "\n".join(f"{k}: {v}" for k, v in info.items())
    secrets = ["/tmp", "/home", "/root", str(tmp_path), str(Path.home()), "affiche", "deep"]
    user = getpass.getuser()
    if len(user) >= 4:  # shorter names match random bytes of compressed streams
        secrets.append(user)
    for s in secrets:
        assert s.encode() not in data, f"{s!r} is in the PDF's bytes"
        assert s not in info_text, f"{s!r} is in the PDF's metadata"


def test_no_personal_data_in_decompressed_streams(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    out = tmp_path / "affiche.pdf"
    assert run_cli("compose", PLACARD, "--sample", "-o", out).returncode == 0
    needles = [b"/tmp/", b"/home/", str(tmp_path).encode()]
    with pikepdf.open(out) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                raw = obj.read_bytes()
                for n in needles:
                    assert n not in raw, f"{n!r} in a stream of the PDF"


# ---------------------------------------------------------------------------------------------
# Reproducible output


@pytest.mark.parametrize("suffix", [".pdf", ".pancarte"])
def test_reproducible_bytes(tmp_path, suffix):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    a = tmp_path / "one" / f"a{suffix}"
    b = tmp_path / "two" / f"autre-nom{suffix}"
    args = ("compose", PLACARD, "--sample", "--qr", "https://exemple.org/é")
    r1 = run_cli(*args, "-o", a, cwd=tmp_path / "one")
    r2 = run_cli(*args, "-o", b, cwd=tmp_path / "two", env={"TZ": "Pacific/Kiritimati"})
    assert r1.returncode == 0 and r2.returncode == 0, r1.stderr + r2.stderr
    assert a.read_bytes() == b.read_bytes(), "two compositions differ"


def test_reproducible_pdf_has_fixed_dates(tmp_path):
    out = tmp_path / "x.pdf"
    assert run_cli("compose", PLACARD, "--sample", "-o", out).returncode == 0
    info = pdfinfo(out)
    year = str(datetime.date.today().year)
    for key in ("CreationDate", "ModDate"):
        assert not re.search(rf"\b{year}\b", info.get(key, "")), info
