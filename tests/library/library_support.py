"""Helpers for the library tests: the nothing-lost check, .odt/.docx builders, the CLI."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

# what an importer may take off: bullets, numbers, dashes, Markdown's # > rules and link brackets
MARKER = re.compile(r"[•·▪◦‣●○■□➢➤►▸→✓✔*+>#=_~-]+|[—–]|-{2,}|\d{1,3}[.)]|\d{1,3}[–—-]|[\[\]!]")


def _counted(c: str) -> bool:
    return not c.isspace() and unicodedata.category(c) != "Cc" and c != "\ufeff"


def chars(texts) -> Counter:
    return Counter(c for t in texts for c in t if _counted(c))


def block_chars(parsed) -> Counter:
    return chars(s for b in parsed.blocks for s in b.strings())


def assert_nothing_lost(source: str, parsed) -> None:
    """Every non-space character of ``source`` (NFC) is in some block, but for the markers
    the importer reports as removed; and the blocks invent no character."""
    for marker in parsed.removed:
        squeezed = re.sub(r"\s+", "", marker)
        assert MARKER.fullmatch(squeezed), f"{marker!r} is not a structural marker"
    src = chars([unicodedata.normalize("NFC", source)])
    removed = chars(parsed.removed)
    got = block_chars(parsed)
    missing = (src - removed) - got
    assert not missing, f"lost on import: {dict(missing)}"
    invented = got - src
    assert not invented, f"invented on import: {dict(invented)}"


def kinds(parsed) -> list[str]:
    return [b.kind for b in parsed.blocks]


# ---------------------------------------------------------------------------------------------
# .odt and .docx built in memory

_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'office:version="1.3"'
)


def odt_bytes(body_xml: str, styles_xml: str = "", mimetype: bytes | None = None,
              content: bytes | None = None) -> bytes:
    """An .odt with ``body_xml`` inside ``office:text``; list styles ``L1`` (bullets) and
    ``L2`` (numbers) are defined."""
    if content is None:
        content = (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}>'
            "<office:automatic-styles>"
            '<style:style style:name="P1" style:family="paragraph" '
            'style:parent-style-name="Title"/>'
            '<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" '
            'text:bullet-char="•"/></text:list-style>'
            '<text:list-style style:name="L2"><text:list-level-style-number text:level="1" '
            'style:num-format="1"/></text:list-style>'
            "</office:automatic-styles>"
            f"<office:body><office:text>{body_xml}</office:text></office:body>"
            "</office:document-content>"
        ).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"),
                    mimetype if mimetype is not None
                    else b"application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("styles.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_ODT_NS}>'
            f"<office:styles>{styles_xml}</office:styles></office:document-styles>").encode())
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


def odt_p(text: str, style: str = "") -> str:
    attr = f' text:style-name="{style}"' if style else ""
    return f"<text:p{attr}>{escape(text)}</text:p>"


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_p(text: str, style: str = "", num_id: int | None = None, runs: list[str] | None = None,
           ) -> str:
    ppr = ""
    if style or num_id is not None:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num_id is not None:
            ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        ppr += "</w:pPr>"
    parts = runs if runs is not None else [text]
    body = "".join(f'<w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r>' for t in parts)
    return f"<w:p>{ppr}{body}</w:p>"


def docx_bytes(body_xml: str, document: bytes | None = None, name: str = "word/document.xml",
               ) -> bytes:
    """A .docx whose body holds ``body_xml``; numbering 1 is bullets, 2 is decimal."""
    if document is None:
        document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f"<w:document {_W}><w:body>{body_xml}<w:sectPr/></w:body></w:document>"
                    ).encode()
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {_W}>'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>").encode()
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles {_W}>'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>'
        "</w:styles>").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(name, document)
        zf.writestr("word/numbering.xml", numbering)
        zf.writestr("word/styles.xml", styles)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# The command line as a subprocess

CLI = [sys.executable, "-m", "pancarte", "library"]


def run_cli(*args: str, library: Path | None = None, env: dict | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env["PANCARTE_LANG"] = "en"
    if library is not None:
        full_env["PANCARTE_LIBRARY"] = str(library)
    full_env.update(env or {})
    return subprocess.run([*CLI, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, env=full_env)


def run_json(*args: str, library: Path | None = None):
    proc = run_cli(*args, "--json", library=library)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    """The single error line on stderr (no traceback)."""
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
