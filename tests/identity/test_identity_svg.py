"""SVG logos: drawn once at import as a large PNG (the original SVG kept in the identity), and
hostile SVGs (outside files or addresses, XXE, entity or <use> bombs, scripts, huge or
compressed files) refused with one line before anything is drawn or read."""

from __future__ import annotations

import base64
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import render_png, run_cli  # noqa: E402
from pancarte.identity import svg as svgmod  # noqa: E402
from pancarte.identity.apply import make_identity, read_logo  # noqa: E402
from pancarte.identity.model import IdentityError, from_zip, to_zip  # noqa: E402

NAME = "Union des Locataires du Port"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 100">')


def _png_data_uri() -> str:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (255, 212, 0)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


GOOD = (HEAD + '<defs><linearGradient id="g"><stop offset="0" stop-color="#8b1a1a"/>'
        '<stop offset="1" stop-color="#5a0f0f"/></linearGradient>'
        '<path id="leaf" d="M0,0 C20,-30 50,-30 60,0 C50,30 20,30 0,0Z"/></defs>'
        '<rect x="0" y="0" width="200" height="100" fill="url(#g)"/>'
        '<use xlink:href="#leaf" x="20" y="50" fill="#ffd400"/>'
        f'<image x="150" y="30" width="40" height="40" href="{_png_data_uri()}"/>'
        '<circle cx="120" cy="50" r="20" style="fill:#ffd400"/></svg>')


pytestmark = pytest.mark.usefixtures("english_messages")


def test_an_svg_logo_is_drawn_large_and_kept(tmp_path):
    path = tmp_path / "logo.svg"
    path.write_text(GOOD, encoding="utf-8")
    png, original = read_logo(str(path))
    assert original == path.read_bytes()
    with Image.open(io.BytesIO(png)) as im:
        assert im.format == "PNG" and im.size == (svgmod.LONG_SIDE, svgmod.LONG_SIDE // 2)
        im = im.convert("RGBA")
        # the gradient's dark red, the yellow leaf and circle, the embedded yellow image
        r, g, b, a = im.getpixel((60, 100))
        assert a == 255 and r > 80 and g < 40 and b < 40
        assert im.getpixel((1440, 600))[:3] == (255, 212, 0)  # circle centre (120, 50)
        assert im.getpixel((2040, 600))[:3] == (255, 212, 0)  # embedded PNG (170, 50)
        assert not im.info  # no text chunks
    ident = make_identity(NAME, logo=str(path), colors=["#8b1a1a"])
    again = from_zip(to_zip(ident), "x")
    assert again.logo_svg == original and again.logo == ident.logo
    with zipfile.ZipFile(io.BytesIO(to_zip(ident))) as z:
        assert sorted(z.namelist()) == ["identity.json", "logo.png", "logo.svg"]
        assert json.loads(z.read("identity.json"))["logo_svg"] == "logo.svg"


def test_svg_logo_through_the_cli_on_a_poster(tmp_path):
    env = {"PANCARTE_IDENTITIES": str(tmp_path / "ids"), "PANCARTE_CACHE": str(tmp_path / "c"),
           "PANCARTE_LANG": "fr"}
    path = tmp_path / "logo.svg"
    path.write_text(GOOD, encoding="utf-8")
    r = run_cli("identity", "create", NAME, "--logo", path, "--color", "#8b1a1a", env=env)
    assert r.returncode == 0, r.stderr
    shown = json.loads(run_cli("identity", "show", NAME, "--json", env=env).stdout)
    assert shown["logo"] is True and shown["logo_svg"] is True
    out = tmp_path / "a.pdf"
    r = run_cli("compose", "poster-a4", "--title", "Assemblée du port", "--text",
                "Jeudi 19 h, salle des fêtes.", "--identity", NAME, "-o", out, env=env)
    assert r.returncode == 0, r.stderr
    # the logo frame of poster-a4 shows the drawing: the yellow of its circle is painted
    px = np.asarray(render_png(out, 40).convert("RGB")).astype(int)
    yellow = (px[..., 0] > 230) & (px[..., 1] > 190) & (px[..., 1] < 230) & (px[..., 2] < 40)
    assert yellow.sum() > 20
    shared = tmp_path / "port.pancarte-identite"
    assert run_cli("identity", "export", NAME, "-o", shared, env=env).returncode == 0
    with zipfile.ZipFile(shared) as z:
        assert z.read("logo.svg") == path.read_bytes()


def _svg(body: str, head: str = HEAD) -> bytes:
    return (head + body + "</svg>").encode()


SECRET = "/etc/hostname"
HOSTILE = {
    "file-image": _svg(f'<image href="file://{SECRET}" width="10" height="10"/>'),
    "relative-image": _svg('<image xlink:href="../../secret.png" width="10" height="10"/>'),
    "http-image": _svg('<image href="http://example.org/x.png" width="10" height="10"/>'),
    "use-outside": _svg('<use href="autre.svg#a"/>'),
    "css-import": _svg('<style>@import url("http://example.org/a.css");</style>'),
    "style-url": _svg('<rect width="9" height="9" style="fill:url(file:///etc/x#p)"/>'),
    "attr-url": _svg('<rect width="9" height="9" filter="url(http://example.org/f#a)"/>'),
    "script": _svg('<script>alert(1)</script>'),
    "foreign": _svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div>'
                    '</foreignObject>'),
    "xxe": (f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY s SYSTEM "file://{SECRET}">]>'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><text>&s;</text>'
            '</svg>').encode(),
    "entity-bomb": ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
                    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                              for i in range(8))
                    + ']><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">'
                    '<text>&i;</text></svg>').encode(),
    "use-bomb": _svg('<defs><rect id="l0" width="1" height="1"/>'
                     + "".join(f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * 10 + "</g>"
                               for i in range(1, 8))
                     + '</defs><use href="#l7"/>'),
    "use-loop": _svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>'),
    "deep": _svg("<g>" * 5000 + "</g>" * 5000),
    "huge": _svg("<!--" + "x" * (svgmod.MAX_SVG_BYTES + 10) + "-->"),
    "no-size": _svg('<rect width="9" height="9"/>',
                    head='<svg xmlns="http://www.w3.org/2000/svg">'),
    "not-svg": b'<?xml version="1.0"?><html><body>x</body></html>',
    "broken": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect',
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_svgs_are_refused_in_one_line(kind, tmp_path, monkeypatch):
    path = tmp_path / "logo.svg"
    path.write_bytes(HOSTILE[kind])
    opened = []
    monkeypatch.setattr(svgmod, "_fetch", lambda url, rt: opened.append(url) or b"")
    with pytest.raises(IdentityError) as info:
        read_logo(str(path))
    message = str(info.value)
    assert "\n" not in message and "logo.svg" in message and len(message) < 200, message
    assert "SVG" in message, message
    assert opened == []  # refused before anything is drawn or fetched


def test_svgz_is_refused(tmp_path):
    path = tmp_path / "logo.svgz"
    path.write_bytes(gzip.compress(GOOD.encode()))
    with pytest.raises(IdentityError, match="compressed"):
        read_logo(str(path))


def test_the_fetcher_refuses_what_the_check_would_miss(tmp_path, monkeypatch):
    """Defence in depth: even past the check, CairoSVG reads no local file."""
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), (0, 255, 0)).save(secret)
    monkeypatch.setattr(svgmod, "check_svg", lambda data, name: (100.0, 100.0))
    data = _svg(f'<image href="file://{secret}" width="100" height="100"/>')
    with pytest.raises(IdentityError, match="outside"):
        svgmod.svg_to_png(data, "logo.svg")


def test_hostile_svg_through_the_cli(tmp_path):
    env = {"PANCARTE_IDENTITIES": str(tmp_path / "ids"), "PANCARTE_LANG": "fr"}
    path = tmp_path / "logo.svg"
    path.write_bytes(HOSTILE["xxe"])
    r = run_cli("identity", "create", NAME, "--logo", path, env=env)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "SVG" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "ids").exists() or not list((tmp_path / "ids").iterdir())


def test_an_identity_file_with_a_hostile_svg_is_refused(tmp_path):
    ident = make_identity(NAME, colors=["#8b1a1a"])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_zip(ident))) as src, zipfile.ZipFile(buf, "w") as z:
        meta = json.loads(src.read("identity.json"))
        meta["logo"], meta["logo_svg"] = "logo.png", "logo.svg"
        out = io.BytesIO()
        Image.new("RGB", (4, 4), (1, 2, 3)).save(out, "PNG")
        z.writestr("identity.json", json.dumps(meta))
        z.writestr("logo.png", out.getvalue())
        z.writestr("logo.svg", HOSTILE["file-image"])
    with pytest.raises(IdentityError, match="outside"):
        from_zip(buf.getvalue(), "partage.pancarte-identite")


def test_without_cairo_an_svg_logo_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "cairosvg.surface", None)  # as on a machine without it
    path = tmp_path / "logo.svg"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(IdentityError) as info:
        read_logo(str(path))
    assert "PNG or JPEG export" in str(info.value) and "\n" not in str(info.value)
