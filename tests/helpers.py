"""Small helpers for the end-to-end tests: poppler tools, QR decoding, the CLI as a subprocess.

Not a test module: import it as ``from helpers import ...`` (the test modules put ``tests/`` on
``sys.path``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MM = 72 / 25.4  # points in a millimetre
BOX_NAMES = ("MediaBox", "CropBox", "BleedBox", "TrimBox")

_BOX_LINE = re.compile(
    r"^Page\s+(\d+)\s+(MediaBox|CropBox|BleedBox|TrimBox|ArtBox):\s+"
    r"([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*$"
)


def _run(cmd: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)


def page_count(path: str | os.PathLike) -> int:
    out = _run(["pdfinfo", str(path)]).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    assert m, f"pdfinfo gives no page count for {path}:\n{out}"
    return int(m.group(1))


def pdfinfo(path: str | os.PathLike) -> dict[str, str]:
    """``pdfinfo``'s key: value lines as a dict (values stripped)."""
    out = _run(["pdfinfo", str(path)]).stdout
    info: dict[str, str] = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def pdfinfo_boxes(path: str | os.PathLike) -> list[dict[str, tuple[float, ...]]]:
    """Per page, ``{"MediaBox": (x0, y0, x1, y1), "CropBox": …, "BleedBox": …, "TrimBox": …}``
    in points, from ``pdfinfo -box -f 1 -l N``."""
    n = page_count(path)
    out = _run(["pdfinfo", "-box", "-f", "1", "-l", str(n), str(path)]).stdout
    pages: list[dict[str, tuple[float, ...]]] = [{} for _ in range(n)]
    for line in out.splitlines():
        m = _BOX_LINE.match(line)
        if m and m.group(2) in BOX_NAMES:
            pages[int(m.group(1)) - 1][m.group(2)] = tuple(float(v) for v in m.group(3, 4, 5, 6))
    for i, boxes in enumerate(pages):
        missing = [b for b in BOX_NAMES if b not in boxes]
        assert not missing, f"page {i + 1}: pdfinfo shows no {missing}:\n{out}"
    return pages


def pdffonts(path: str | os.PathLike) -> list[dict[str, str]]:
    """One dict per font: name, type, emb, sub, uni (``yes``/``no``)."""
    out = _run(["pdffonts", str(path)]).stdout
    lines = out.splitlines()
    sep = next(i for i, line in enumerate(lines) if line.startswith("---"))
    fonts = []
    for line in lines[sep + 1:]:
        # name type… encoding emb sub uni num gen; only the type may hold spaces
        toks = line.split()
        if len(toks) < 8:
            continue
        fonts.append({"name": toks[0], "type": " ".join(toks[1:-6]), "encoding": toks[-6],
                      "emb": toks[-5], "sub": toks[-4], "uni": toks[-3]})
    return fonts


def pdftotext(path: str | os.PathLike, page: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        cmd += ["-f", str(page), "-l", str(page)]
    return _run(cmd + [str(path), "-"]).stdout


def render_png(path: str | os.PathLike, dpi: float, page: int = 1,
               crop: tuple[int, int, int, int] | None = None):
    """Render ``page`` at ``dpi`` with pdftoppm; ``crop`` = (x, y, w, h) in pixels from the
    page's top-left corner. Returns a loaded PIL image."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="pancarte-test-") as tmp:
        prefix = Path(tmp) / "page"
        cmd = ["pdftoppm", "-r", f"{dpi:g}", "-f", str(page), "-l", str(page),
               "-png", "-singlefile"]
        if crop is not None:
            x, y, w, h = (int(round(v)) for v in crop)
            cmd += ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
        _run(cmd + [str(path), str(prefix)])
        with Image.open(prefix.with_suffix(".png")) as im:
            im.load()
            return im.copy()


def decode_qr(image) -> list[str]:
    """The texts of every QR code zxing-cpp finds in ``image`` (a PIL image)."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"),
                                                   formats=zxingcpp.BarcodeFormat.QRCode)]


def cli_env(env: dict[str, str | None] | None = None) -> dict[str, str]:
    full = dict(os.environ)
    full["PANCARTE_REPRODUCIBLE"] = "1"
    if env:
        for key, value in env.items():
            if value is None:
                full.pop(key, None)
            else:
                full[key] = value
    return full


def run_cli(*args: str | os.PathLike, env: dict[str, str | None] | None = None,
            cwd: str | os.PathLike | None = None, timeout: float = 120,
            ) -> subprocess.CompletedProcess:
    """Run ``python -m pancarte ARGS`` with PANCARTE_REPRODUCIBLE=1 plus ``env`` (where a
    ``None`` value removes a variable)."""
    return subprocess.run([sys.executable, "-m", "pancarte", *map(str, args)],
                          capture_output=True, text=True, env=cli_env(env), cwd=cwd,
                          timeout=timeout)


REPO = Path(__file__).resolve().parents[1]


def french_catalog() -> dict[str, str]:
    """``po/fr.po`` as msgid → French (a plural entry under its singular, its plural form
    translated), fuzzy entries left out as the compiled catalog leaves them."""
    from babel.messages.pofile import read_po

    with (REPO / "po" / "fr.po").open("rb") as fp:
        catalog = read_po(fp)
    out: dict[str, str] = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            out[m.id[0]] = m.string[-1]
        else:
            out[m.id] = m.string
    return out


def content_streams(pdf_path: str | os.PathLike) -> list[bytes]:
    """Each page's content stream, decoded (an array of streams joined by a newline)."""
    import pikepdf

    out = []
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            contents = page.obj.Contents
            if isinstance(contents, pikepdf.Array):
                out.append(b"\n".join(c.read_bytes() for c in contents))
            else:
                out.append(contents.read_bytes())
    return out
