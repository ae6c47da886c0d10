"""The hostile corpus: files and command lines a hostile (or unlucky) user gives Pancarte, built
by the tests themselves in a scratch folder. Not a test module: ``test_hostile_corpus.py``
runs every case through the real command line.

Each :class:`Case` builds its inputs in the folder it is given and returns the arguments of
``python -m pancarte`` (``bytes`` arguments reach the program as raw argv bytes, undecodable
ones included), and says which exit code the CLI documents for it and which files it may
create. Everything else in the folder must be byte for byte what it was.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Arg = str | bytes


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], list[Arg]]
    code: int  # the documented exit code: 0 done, 1 error, 2 usage
    creates: tuple[str, ...] = ()  # files an exit 0 may create (nothing else may appear)
    env: dict[str, str] = field(default_factory=dict)
    stdin: bytes | None = None
    # preflight reports its findings on stdout (exit 1 when one is an error), not on stderr
    report: str | None = None  # a text stdout must hold; then stderr stays empty


# ---------------------------------------------------------------------------------------------
# Building blocks


def png_bytes(w: int = 64, h: int = 48, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (w, h), colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(w: int = 400, h: int = 300) -> bytes:
    from PIL import Image

    im = Image.new("RGB", (w, h))
    px = im.load()
    for y in range(h):  # a gradient: real entropy-coded data to cut in half
        for x in range(w):
            px[x, y] = (x * 255 // w, y * 255 // h, (x * y) % 256)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = jpeg_bytes()
    return data[: len(data) // 2]


def huge_png_header(w: int = 100_000, h: int = 100_000) -> bytes:
    """A PNG whose header declares ``w``×``h`` pixels, with one tiny IDAT."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16))
            + chunk(b"IEND", b""))


def write(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def zip_bytes(members: dict[str, bytes], *, stored: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def docx(body_xml: str) -> bytes:
    doc = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}">'
           f"<w:body>{body_xml}</w:body></w:document>")
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": doc.encode()})


def odt(text_xml: str) -> bytes:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>'
               f"<office:body><office:text>{text_xml}</office:text></office:body>"
               "</office:document-content>")
    return zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text",
                      "content.xml": content.encode()})


def para_docx(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


DEEP = 2_000


def deep_docx_body() -> bytes:
    return docx("<w:sdt>" * DEEP + para_docx("Grève générale") + "</w:sdt>" * DEEP)


def deep_docx_runs() -> bytes:
    return docx("<w:p>" + "<w:r>" * DEEP + "<w:t>Grève</w:t>" + "</w:r>" * DEEP + "</w:p>")


def deep_odt() -> bytes:
    return odt("<text:section>" * DEEP + "<text:p>Grève générale</text:p>"
               + "</text:section>" * DEEP)


def deep_odt_spans() -> bytes:
    return odt("<text:p>" + "<text:span>" * DEEP + "Grève" + "</text:span>" * DEEP + "</text:p>")


def corrupt_deflate(data: bytes, member: str) -> bytes:
    """``data`` (a zip) with the deflated bytes of ``member`` scrambled, headers intact: what a
    bad download or a broken USB key gives (zlib's own error, not a zip error)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
    body = start + 30 + name_len + extra_len
    size = info.compress_size
    out = bytearray(data)
    for i in range(body + 2, body + max(3, size - 2)):
        out[i] = 0xFF ^ out[i] ^ (i & 0x5A)
    return bytes(out)


def library_zip(index: bytes | str) -> bytes:
    return zip_bytes({"library.json": index.encode() if isinstance(index, str) else index})


def deep_library_json() -> bytes:
    n = 100_000
    return library_zip('{"format": "pancarte-library", "format_version": 1, "tracts": '
                       + "[" * n + "]" * n + "}")


FRENCH = ("Grève générale jeudi : rendez-vous à 14 h devant la mairie. « Nos salaires, nos "
          "retraites, nos services publics » — tout le monde est concerné ! ")


def long_text(chars: int) -> str:
    return (FRENCH * (chars // len(FRENCH) + 1))[:chars]


def ics(*vevent_lines: str, calendar: tuple[str, ...] = ()) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hostile//corpus//FR", *calendar,
             "BEGIN:VEVENT", "UID:hostile@example.org", "SUMMARY:Manifestation",
             *vevent_lines, "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode("utf-8")


# A .pancarte document is built with the program itself (in a separate folder, so that any
# version of the code under test builds it its own way), then its zip is rewritten.

def _compose_document(folder: Path, name: str, *extra: str) -> Path:
    import subprocess
    import sys

    import pancarte

    out = folder / name
    env = dict(os.environ)
    here = str(Path(pancarte.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([here, *filter(None, [env.get("PYTHONPATH")])])
    r = subprocess.run([sys.executable, "-m", "pancarte", "compose", *extra, "-o", str(out)],
                       capture_output=True, text=True, timeout=120, env=env, cwd=folder)
    assert r.returncode == 0 and out.is_file(), r.stderr
    return out


def _rewrite(doc: Path, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """``doc``'s archive with each member passed through ``change`` (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(doc) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info, data)
    return out.getvalue()


def _rewrite_bytes(doc, image: bytes) -> bytes:
    """The archive of the Document ``doc`` with every image member replaced by ``image``."""
    from pancarte.model.fileformat import dumps_document

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(dumps_document(doc))) as src, \
            zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, image if info.filename.startswith("images/") else data)
    return out.getvalue()


def document_with_image(folder: Path, image: bytes, *, template: str = "poster-a4") -> bytes:
    """A document whose logo is replaced by ``image`` (a truncated JPEG, a huge header…)."""
    staging = folder.parent / f"staging-{os.getpid()}-{len(list(folder.parent.iterdir()))}"
    staging.mkdir()
    logo = write(staging, "logo.jpg", jpeg_bytes())
    doc = _compose_document(staging, "base.pancarte", template, "--title", "Grève",
                            "--logo", str(logo))
    return _rewrite(doc, lambda name, data: image if name.startswith("images/") else data)


def two_page_document(folder: Path) -> bytes:
    staging = folder.parent / f"staging-2p-{os.getpid()}"
    staging.mkdir(exist_ok=True)
    doc = _compose_document(staging, "two.pancarte", "tract-a4", "--sample")
    return doc.read_bytes()


def document_json_changed(folder: Path, change: Callable[[dict], object]) -> bytes:
    staging = folder.parent / f"staging-json-{os.getpid()}"
    staging.mkdir(exist_ok=True)
    doc = _compose_document(staging, "base.pancarte", "poster-a4", "--title", "Grève")

    def edit(name: str, data: bytes) -> bytes:
        if name != "document.json":
            return data
        value = change(json.loads(data))
        return value if isinstance(value, bytes) else json.dumps(value).encode()

    return _rewrite(doc, edit)


# ---------------------------------------------------------------------------------------------
# The cases


def _c(id: str, code: int, creates: tuple[str, ...] = (), env: dict[str, str] | None = None,
       stdin: bytes | None = None, report: str | None = None):
    def wrap(build: Callable[[Path], list[Arg]]) -> Callable[[Path], list[Arg]]:
        CASES.append(Case(id, build, code, creates, env or {}, stdin, report))
        return build

    return wrap


CASES: list[Case] = []

# ---- argv that is not UTF-8, text that breaks the document's limits --------------------------


@_c("argv-latin1-title-pancarte", 0, ("out.pancarte",))
def _(d):
    return ["compose", "poster-a4", "--title", b"Gr\xe8ve g\xe9n\xe9rale", "-o", "out.pancarte"]


@_c("argv-latin1-title-pdf", 0, ("out.pdf",))
def _(d):
    return ["compose", "poster-a4", "--title", b"Gr\xe8ve g\xe9n\xe9rale", "-o", "out.pdf"]


@_c("argv-latin1-text-png", 0, ("out.png",))
def _(d):
    return ["compose", "flyer-a6", "--text", b"\xc0 bas la r\xe9forme", "-o", "out.png",
            "--dpi", "20"]


@_c("argv-latin1-qr-pancarte", 0, ("out.pancarte",))
def _(d):
    return ["compose", "poster-a4", "--qr", b"https://example.org/gr\xe8ve", "-o",
            "out.pancarte"]


@_c("argv-latin1-event-title", 0, ("out.pancarte",))
def _(d):
    return ["compose", "poster-a4", "--when", "2031-05-01 14:00", "--tz", "Europe/Paris",
            "--event-title", b"F\xeate", "--where", b"Place de la R\xe9publique, Paris",
            "-o", "out.pancarte"]


for _kind in ("pancarte", "pdf", "png"):
    @_c(f"qr-5000-chars-{_kind}", 1)
    def _(d, kind=_kind):
        return ["compose", "poster-a4", "--qr", "https://example.org/?" + "x" * 5000, "-o",
                f"out.{kind}"]

    @_c(f"text-250k-chars-{_kind}", 1)
    def _(d, kind=_kind):
        write(d, "long.txt", long_text(250_000).replace("\n", " "))
        return ["compose", "tract-a4", "--text-file", "long.txt", "-o", f"out.{kind}"]

    @_c(f"text-nul-after-4k-{_kind}", 1)
    def _(d, kind=_kind):
        write(d, "nul.txt", long_text(6000).encode() + b"\x00" + b"suite")
        return ["compose", "tract-a4", "--text-file", "nul.txt", "-o", f"out.{kind}"]


@_c("title-600-chars-pancarte", 0, ("out.pancarte",))
def _(d):
    return ["compose", "poster-a4", "--title", long_text(600), "-o", "out.pancarte",
            "--allow-overflow"]


@_c("qr-caption-latin1", 0, ("out.pancarte",))
def _(d):
    return ["compose", "poster-a4", "--when", "2031-05-01 14:00", "--tz", "Europe/Paris",
            "--qr-content", "event", "--qr-caption", b"Programme d\xe9taill\xe9",
            "-o", "out.pancarte"]


@_c("text-file-empty", 0, ("out.pancarte",))
def _(d):
    write(d, "empty.txt", b"")
    return ["compose", "poster-a4", "--text-file", "empty.txt", "-o", "out.pancarte"]


@_c("text-file-nul-first-byte", 1)
def _(d):
    write(d, "nul0.txt", b"\x00Gr\xc3\xa8ve")
    return ["compose", "poster-a4", "--text-file", "nul0.txt", "-o", "out.pdf"]


@_c("text-file-is-png", 1)
def _(d):
    write(d, "image.txt", png_bytes())
    return ["compose", "poster-a4", "--text-file", "image.txt", "-o", "out.pdf"]


@_c("text-file-control-chars", 0, ("out.pancarte",))
def _(d):
    write(d, "ctl.txt", "Grève\x01\x02\x1b[31m rouge\x7f\x1b[0m\x08\x0b\x0c fin".encode())
    return ["compose", "poster-a4", "--text-file", "ctl.txt", "-o", "out.pancarte"]


@_c("text-file-utf8-surrogates", 0, ("out.pancarte",))
def _(d):
    write(d, "surr.txt", b"Gr\xed\xb3\xa8ve \xed\xa0\x80 fin")  # surrogates encoded in UTF-8
    return ["compose", "poster-a4", "--text-file", "surr.txt", "-o", "out.pancarte"]


@_c("text-file-utf16-odd", 1)
def _(d):
    write(d, "odd.txt", b"\xff\xfeG\x00r\x00\xe8")
    return ["compose", "poster-a4", "--text-file", "odd.txt", "-o", "out.pancarte"]


@_c("text-file-huge-line-no-space", 1)
def _(d):
    write(d, "line.txt", "A" * 150_000)
    return ["compose", "flyer-a6", "--text-file", "line.txt", "-o", "out.pdf"]


@_c("text-file-rtl-overrides", 0, ("out.pdf",))
def _(d):
    write(d, "rtl.txt", "Grève \u202egénérale\u202c \u2067jeudi\u2069 \u200b\u200d\ufeff fin\n"
          "• \u202dun\u202c\n• deux\u0301\u0301\u0301")
    return ["compose", "poster-a4", "--text-file", "rtl.txt", "-o", "out.pdf"]


@_c("text-stdin-binary", 1, stdin=b"\x00\x01\x02" * 1000)
def _(d):
    return ["compose", "poster-a4", "--text-file", "-", "-o", "out.pdf"]


@_c("text-file-dev-null", 1)  # a device, not a regular file: refused, never read
def _(d):
    return ["compose", "poster-a4", "--text-file", "/dev/null", "-o", "out.pancarte"]


@_c("text-file-missing", 1)
def _(d):
    return ["compose", "poster-a4", "--text-file", "absent.txt", "-o", "out.pdf"]


@_c("text-file-folder", 1)
def _(d):
    (d / "folder.txt").mkdir()
    return ["compose", "poster-a4", "--text-file", "folder.txt", "-o", "out.pdf"]


@_c("text-file-utf8-bom-only", 0, ("out.pancarte",))
def _(d):
    write(d, "bom.txt", b"\xef\xbb\xbf")
    return ["compose", "poster-a4", "--text-file", "bom.txt", "-o", "out.pancarte"]


# ---- images ------------------------------------------------------------------------------


@_c("logo-zero-bytes", 1)
def _(d):
    write(d, "logo.png", b"")
    return ["compose", "poster-a4", "--logo", "logo.png", "-o", "out.pdf"]


@_c("logo-truncated-jpeg", 1)
def _(d):
    write(d, "logo.jpg", truncated_jpeg())
    return ["compose", "poster-a4", "--logo", "logo.jpg", "-o", "out.pdf"]


@_c("logo-huge-declared-size", 1)
def _(d):
    write(d, "logo.png", huge_png_header())
    return ["compose", "poster-a4", "--logo", "logo.png", "-o", "out.pdf"]


@_c("logo-is-text", 1)
def _(d):
    write(d, "logo.png", "Ceci n’est pas une image.")
    return ["compose", "poster-a4", "--logo", "logo.png", "-o", "out.pdf"]


@_c("logo-missing", 1)
def _(d):
    return ["compose", "poster-a4", "--logo", "absent.png", "-o", "out.pdf"]


@_c("logo-png-header-only", 1)
def _(d):
    write(d, "logo.png", b"\x89PNG\r\n\x1a\n")
    return ["compose", "poster-a4", "--logo", "logo.png", "-o", "out.pdf"]


# ---- an output that is one of the inputs ---------------------------------------------------


@_c("out-is-logo", 2)
def _(d):
    write(d, "L.png", png_bytes())
    return ["compose", "poster-a4", "--logo", "L.png", "-o", "L.png"]


@_c("out-is-logo-other-spelling", 2)
def _(d):
    write(d, "L.png", png_bytes())
    (d / "sub").mkdir()
    return ["compose", "poster-a4", "--logo", "L.png", "-o", "sub/../L.png"]


@_c("out-is-logo-through-symlink", 2)
def _(d):
    write(d, "L.png", png_bytes())
    (d / "link.png").symlink_to("L.png")
    return ["compose", "poster-a4", "--logo", "link.png", "-o", str(d / "L.png")]


@_c("out-is-logo-absolute", 2)
def _(d):
    write(d, "L.png", png_bytes())
    return ["compose", "poster-a4", "--logo", str(d / "L.png"), "-o", "./L.png"]


@_c("out-is-text-file", 2)
def _(d):
    write(d, "T.pdf", "Grève générale\n\nTous et toutes dans la rue.")
    return ["compose", "poster-a4", "--text-file", "T.pdf", "-o", "T.pdf"]


@_c("out-is-text-file-pancarte", 2)
def _(d):
    write(d, "T.pancarte", "Grève générale")
    return ["compose", "poster-a4", "--text-file", "T.pancarte", "-o", "T.pancarte"]


@_c("out-is-event", 2)
def _(d):
    write(d, "E.ics", ics("DTSTART:20310501T120000Z"))
    return ["compose", "poster-a4", "--event", "E.ics", "-o", "E.ics"]


@_c("out-is-event-named-pdf", 2)
def _(d):
    write(d, "E.pdf", ics("DTSTART:20310501T120000Z"))
    return ["compose", "poster-a4", "--event", "E.pdf", "-o", "E.pdf"]


@_c("out-is-event-hardlink", 2)
def _(d):
    write(d, "E.png", ics("DTSTART:20310501T120000Z"))
    os.link(d / "E.png", d / "same.png")
    return ["compose", "poster-a4", "--event", "E.png", "-o", "same.png"]


@_c("export-out-is-document", 2)
def _(d):
    write(d, "doc.pancarte", document_with_image(d, jpeg_bytes()))
    return ["export", "doc.pancarte", "-o", "doc.pancarte"]


@_c("export-png-out-is-document-symlink", 2)
def _(d):
    write(d, "doc.pancarte", document_with_image(d, jpeg_bytes()))
    (d / "doc.png").symlink_to("doc.pancarte")
    return ["export", "doc.pancarte", "-o", "doc.png"]


@_c("import-docx-zero-bytes", 1)
def _(d):
    write(d, "a.docx", b"")
    return ["library", "import", "a.docx"]


# ---- iCalendar ----------------------------------------------------------------------------


@_c("ics-year-1-utc-in-new-york", 1, env={"TZ": "America/New_York"})
def _(d):
    write(d, "e.ics", ics("DTSTART:00010101T003000Z"))
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pdf"]


@_c("ics-year-1-utc-pancarte", 1)
def _(d):
    write(d, "e.ics", ics("DTSTART:00010101T003000Z"))
    return ["compose", "poster-a4", "--event", "e.ics", "--tz", "America/New_York",
            "-o", "out.pancarte"]


@_c("ics-9999-duration-1000-days", 1)
def _(d):
    write(d, "e.ics", ics("DTSTART;VALUE=DATE:99991230", "DURATION:P1000D"))
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pdf"]


@_c("ics-99991231-qr-event", 1)
def _(d):
    write(d, "e.ics", ics("DTSTART;VALUE=DATE:99991231"))
    return ["compose", "poster-a4", "--event", "e.ics", "--qr-content", "event",
            "-o", "out.pdf"]


@_c("ics-9999-last-second-kiritimati", 1)
def _(d):
    write(d, "e.ics", ics("DTSTART:99991231T235959Z"))
    return ["compose", "poster-a4", "--event", "e.ics", "--tz", "Pacific/Kiritimati",
            "-o", "out.pdf"]


@_c("ics-dtend-year-9999-tzid", 1)
def _(d):
    write(d, "e.ics", ics("DTSTART;TZID=Europe/Paris:20310501T140000",
                          "DTEND;TZID=Pacific/Kiritimati:99991231T235959"))
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pancarte"]


@_c("ics-year-1-date-qr", 1)
def _(d):
    write(d, "e.ics", ics("DTSTART;VALUE=DATE:00010101", "DTEND;VALUE=DATE:00010102"))
    return ["compose", "poster-a4", "--event", "e.ics", "--qr-content", "event",
            "-o", "out.pancarte"]


@_c("when-year-9999", 2)
def _(d):
    return ["compose", "poster-a4", "--when", "9999-12-31 23:00/23:59", "--tz",
            "Pacific/Kiritimati", "--qr-content", "event", "-o", "out.pdf"]


@_c("ics-empty", 1)
def _(d):
    write(d, "e.ics", b"")
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pdf"]


@_c("ics-binary", 1)
def _(d):
    write(d, "e.ics", png_bytes())
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pdf"]


@_c("ics-rtl-and-control-summary", 0, ("out.pancarte",))
def _(d):
    data = ics("DTSTART:20310501T120000Z", "LOCATION:\u202eeiriam\u202c\\, Paris",
               "DESCRIPTION:Appel\\n• 14 h : départ\\n• 16 h : prises de parole\u2066")
    write(d, "e.ics", data.replace(b"SUMMARY:Manifestation", "SUMMARY:Grève \u202egénérale\u202c"
                                   .encode()))
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pancarte"]


@_c("ics-huge-summary", 0, ("out.pancarte",))
def _(d):
    data = ics("DTSTART:20310501T120000Z")
    write(d, "e.ics", data.replace(b"SUMMARY:Manifestation",
                                   b"SUMMARY:" + long_text(300_000).encode()))
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pancarte"]


@_c("ics-ends-before-start", 0, ("out.pancarte",))
def _(d):
    write(d, "e.ics", ics("DTSTART:20310501T120000Z", "DTEND:20310401T120000Z"))
    return ["compose", "poster-a4", "--event", "e.ics", "-o", "out.pancarte"]


@_c("ics-folder", 1)
def _(d):
    (d / "dir.ics").mkdir()
    return ["compose", "poster-a4", "--event", "dir.ics", "-o", "out.pdf"]


# ---- library import -------------------------------------------------------------------------


@_c("import-docx-2000-deep", 1)
def _(d):
    write(d, "deep.docx", deep_docx_body())
    return ["library", "import", "deep.docx"]


@_c("import-docx-2000-deep-runs", 1)
def _(d):
    write(d, "runs.docx", deep_docx_runs())
    return ["library", "import", "runs.docx"]


@_c("import-odt-2000-deep", 1)
def _(d):
    write(d, "deep.odt", deep_odt())
    return ["library", "import", "deep.odt"]


@_c("import-odt-2000-deep-spans", 1)
def _(d):
    write(d, "spans.odt", deep_odt_spans())
    return ["library", "import", "spans.odt"]


@_c("import-zip-library-json-100k-deep", 1)
def _(d):
    write(d, "shared.zip", deep_library_json())
    return ["library", "import", "shared.zip"]


@_c("import-zip-library-json-deep-object", 1)
def _(d):
    n = 100_000
    write(d, "obj.zip", library_zip('{"a":' * n + "1" + "}" * n))
    return ["library", "import", "obj.zip"]


@_c("import-zip-library-json-not-object", 1)
def _(d):
    write(d, "list.zip", library_zip("[]"))
    return ["library", "import", "list.zip"]


def _shared_tract(text: str) -> str:
    return json.dumps({"format": "pancarte-library", "format_version": 1, "tracts": [
        {"id": "0123456789abcdef0123456789abcdef", "title": "Grève", "blocks": [
            {"kind": "paragraph", "text": text}]}]})


@_c("import-zip-lone-surrogate", 1)
def _(d):
    write(d, "surr.zip", library_zip(_shared_tract("Gr\udce8ve")))
    return ["library", "import", "surr.zip"]


@_c("import-zip-control-chars-in-text", 0)
def _(d):
    write(d, "ctl.zip", library_zip(_shared_tract("Grève\x1b[31m générale\x07")))
    return ["library", "import", "ctl.zip"]


@_c("import-zip-no-library-json", 1)
def _(d):
    write(d, "other.zip", zip_bytes({"readme.txt": b"hello"}))
    return ["library", "import", "other.zip"]


@_c("import-empty-txt", 1)
def _(d):
    write(d, "empty.txt", b"")
    return ["library", "import", "empty.txt"]


@_c("import-binary-as-txt", 1)
def _(d):
    write(d, "bin.txt", png_bytes())
    return ["library", "import", "bin.txt"]


@_c("import-docx-not-zip", 0)  # plain text named .docx: read as the text it is
def _(d):
    write(d, "fake.docx", "Grève générale, mais pas un .docx")
    return ["library", "import", "fake.docx"]


@_c("import-docx-empty-zip", 1)
def _(d):
    write(d, "empty.docx", zip_bytes({}))
    return ["library", "import", "empty.docx"]


@_c("import-odt-no-content", 1)
def _(d):
    write(d, "nocontent.odt", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"}))
    return ["library", "import", "nocontent.odt"]


@_c("import-docx-bad-xml", 1)
def _(d):
    write(d, "bad.docx", zip_bytes({"word/document.xml": b"<w:document><unclosed>"}))
    return ["library", "import", "bad.docx"]


@_c("import-docx-entities", 1)
def _(d):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>')
    write(d, "bomb.docx", zip_bytes({"word/document.xml": bomb}))
    return ["library", "import", "bomb.docx"]


@_c("import-md-huge-line", 0)
def _(d):
    write(d, "long.md", "# Grève\n\n" + long_text(200_000).replace("\n", " ") + "\n")
    return ["library", "import", "long.md"]


@_c("import-md-nul", 1)
def _(d):
    write(d, "nul.md", "# Grève\n\nTexte avec\x00 un NUL.\n")
    return ["library", "import", "nul.md"]


@_c("import-md-control-chars", 0)
def _(d):
    write(d, "ctl.md", "# Grève\x1b[31m\n\nTexte\x07 avec des\x08 contrôles.\n")
    return ["library", "import", "ctl.md"]


@_c("import-latin1-argv-name", 1)
def _(d):
    return ["library", "import", b"absent-gr\xe8ve.txt"]


@_c("library-search-latin1-argv", 0)
def _(d):
    return ["library", "search", b"gr\xe8ve"]


@_c("library-show-latin1-argv", 1)
def _(d):
    return ["library", "show", b"\xe8\xe8\xe8\xe8\xe8\xe8"]


@_c("import-docx-corrupt-deflate", 1)
def _(d):
    write(d, "z.docx", corrupt_deflate(docx(para_docx("Grève " * 400)),
                                       "word/document.xml"))
    return ["library", "import", "z.docx"]


@_c("import-odt-corrupt-deflate", 1)
def _(d):
    write(d, "z.odt", corrupt_deflate(odt("<text:p>" + "Grève " * 400 + "</text:p>"),
                                      "content.xml"))
    return ["library", "import", "z.odt"]


@_c("import-zip-corrupt-deflate", 1)
def _(d):
    write(d, "z.zip", corrupt_deflate(library_zip(_shared_tract("Grève " * 400)),
                                      "library.json"))
    return ["library", "import", "z.zip"]


for _flag, _name in (("--logo", "logo.png"), ("--text-file", "text.txt"),
                     ("--event", "event.ics")):
    @_c(f"named-pipe-as{_flag[1:]}", 1)
    def _(d, flag=_flag, name=_name):
        os.mkfifo(d / name)
        return ["compose", "poster-a4", flag, name, "-o", "out.pdf"]


@_c("named-pipe-import", 1)
def _(d):
    os.mkfifo(d / "pipe.txt")
    return ["library", "import", "pipe.txt"]


@_c("named-pipe-document", 1)
def _(d):
    os.mkfifo(d / "pipe.pancarte")
    return ["export", "pipe.pancarte", "-o", "out.pdf"]


# ---- broken .pancarte documents -------------------------------------------------------------


@_c("doc-zero-bytes", 1)
def _(d):
    write(d, "doc.pancarte", b"")
    return ["export", "doc.pancarte", "-o", "out.pdf"]


@_c("doc-is-text", 1)
def _(d):
    write(d, "doc.pancarte", "Grève générale")
    return ["export", "doc.pancarte", "-o", "out.pdf"]


@_c("doc-truncated-zip", 1)
def _(d):
    data = document_with_image(d, jpeg_bytes())
    write(d, "doc.pancarte", data[: len(data) * 2 // 3])
    return ["export", "doc.pancarte", "-o", "out.pdf"]


@_c("doc-corrupt-deflate", 1)
def _(d):
    write(d, "doc.pancarte", corrupt_deflate(document_with_image(d, jpeg_bytes()),
                                             "document.json"))
    return ["export", "doc.pancarte", "-o", "out.pdf"]


@_c("doc-no-document-json", 1)
def _(d):
    write(d, "doc.pancarte", zip_bytes({"mimetype": b"application/x-pancarte"}))
    return ["export", "doc.pancarte", "-o", "out.pdf"]


@_c("doc-json-100k-deep", 1)
def _(d):
    n = 100_000
    write(d, "doc.pancarte", document_json_changed(d, lambda _doc: ("[" * n + "]" * n).encode()))
    return ["export", "doc.pancarte", "-o", "out.pdf"]


@_c("doc-json-nan-width", 1)
def _(d):
    write(d, "doc.pancarte", document_json_changed(d, lambda doc: {**doc, "width": 1e308 * 10}))
    return ["export", "doc.pancarte", "-o", "out.pdf"]


@_c("doc-json-lone-surrogate", 1)
def _(d):
    def change(doc: dict) -> bytes:
        doc["title"] = "Gr\\udce8ve"
        return json.dumps(doc).replace("Gr\\\\udce8ve", "Gr\\udce8ve").encode()

    write(d, "doc.pancarte", document_json_changed(d, change))
    return ["export", "doc.pancarte", "-o", "out.pdf"]


for _kind in ("pdf", "png"):
    @_c(f"doc-truncated-jpeg-{_kind}", 1)
    def _(d, kind=_kind):
        write(d, "doc.pancarte", document_with_image(d, truncated_jpeg()))
        return ["export", "doc.pancarte", "-o", f"out.{kind}", "--dpi", "20"]

    @_c(f"doc-zero-byte-image-{_kind}", 1)
    def _(d, kind=_kind):
        write(d, "doc.pancarte", document_with_image(d, b""))
        return ["export", "doc.pancarte", "-o", f"out.{kind}", "--dpi", "20"]

    @_c(f"doc-huge-declared-image-{_kind}", 1)
    def _(d, kind=_kind):
        write(d, "doc.pancarte", document_with_image(d, huge_png_header()))
        return ["export", "doc.pancarte", "-o", f"out.{kind}", "--dpi", "20"]


@_c("preflight-truncated-jpeg", 1, report="error: page 1: image logo.jpg cannot be read")
def _(d):
    write(d, "doc.pancarte", document_with_image(d, truncated_jpeg()))
    return ["preflight", "doc.pancarte"]


@_c("preflight-huge-declared-image", 1, report="error: page 1: image logo.jpg cannot be read")
def _(d):
    write(d, "doc.pancarte", document_with_image(d, huge_png_header()))
    return ["preflight", "doc.pancarte"]


@_c("export-png-page-2-fails", 1)
def _(d):
    write(d, "doc.pancarte", two_page_document(d))
    (d / "out-2.png").mkdir()  # page 2 cannot be written: page 1 must not be either
    return ["export", "doc.pancarte", "-o", "out.png", "--dpi", "20"]


@_c("export-png-page-2-fails-keeps-old-page-1", 1)
def _(d):
    write(d, "doc.pancarte", two_page_document(d))
    write(d, "out-1.png", png_bytes(10, 10))  # from an earlier export: must stay as it was
    (d / "out-2.png").mkdir()
    return ["export", "doc.pancarte", "-o", "out.png", "--dpi", "20"]


# ---- outputs and usage ------------------------------------------------------------------------


@_c("out-unknown-extension", 2)
def _(d):
    return ["compose", "poster-a4", "-o", "out.docx"]


@_c("out-in-missing-folder", 1)
def _(d):
    return ["compose", "poster-a4", "-o", "nowhere/out.pdf"]


@_c("out-is-folder", 1)
def _(d):
    (d / "out.pdf").mkdir()
    return ["compose", "poster-a4", "-o", "out.pdf"]


@_c("template-unknown", 1)
def _(d):
    return ["compose", "../../etc/passwd", "-o", "out.pdf"]


@_c("template-latin1-argv", 1)
def _(d):
    return ["compose", b"affiche-gr\xe8ve", "-o", "out.pdf"]


@_c("text-does-not-fit", 1)
def _(d):
    return ["compose", "placard-a3", "--text", long_text(20_000), "--size", "10x10",
            "-o", "out.pdf"]


@_c("no-command-args", 2)
def _(d):
    return ["compose"]
