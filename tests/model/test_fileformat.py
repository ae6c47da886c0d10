"""The .pancarte file: round trip, atomic save, hostile files, migrations, released fixtures."""

from __future__ import annotations

import errno
import getpass
import importlib.util
import io
import json
import os
import random
import re
import stat
import struct
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from pancarte import files
from pancarte.errors import DocumentError, ExportError
from pancarte.model import fileformat, migrations
from pancarte.model.document import (
    FORMAT_VERSION,
    Document,
    ImageFrame,
    Page,
    Paragraph,
    QRFrame,
    ShapeFrame,
    TextFrame,
)
from pancarte.model.fileformat import (
    MIMETYPE,
    dumps_document,
    load_document,
    loads_document,
    save_document,
)

DOCUMENTS = Path(__file__).resolve().parents[1] / "files" / "documents"
FRENCH = "L’œuvre « collective »\u202f: tous à l’école\u202f!"


def _png(color: tuple[int, int, int] = (10, 120, 200), size: int = 4) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), color).save(out, format="PNG")
    return out.getvalue()


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20  # magic bytes are all the loader checks


def make_doc(**changes) -> Document:
    title = TextFrame(
        id="title", name="title", x=10, y=10, w=190, h=50,
        paragraphs=(Paragraph("Pas de quartier sans écoles\u202f!", role="title"),
                    Paragraph(FRENCH, role="paragraph", marker="",
                              source={"tract": 7, "revision": 2}),
                    Paragraph("Cœur", role="list_item", marker="•", style={"bold": True})),
        size=24.0, autofit=True,
    )
    frames = (
        title,
        QRFrame(id="qr", name="qr", x=150, y=240, w=40, h=40, content="https://example.org/é"),
        ShapeFrame(id="band", x=0, y=200, w=210, h=5, fill="$accent", stroke="#000000",
                   stroke_width=0.5),
        ImageFrame(id="logo", name="logo", x=10, y=240, w=40, h=40, image="images/logo.png"),
        ImageFrame(id="photo", x=60, y=240, w=40, h=40, image="images/photo.jpg", fit="fill"),
    )
    doc = Document(
        width=210.0, height=297.0,
        pages=(Page(frames=frames), Page(frames=(), background="#fff8e7")),
        colors={"accent": "#c8102e", "text": "#1a1a1a"},
        template="affiche-a4", title="« Écoles » — ’œ’",
        images={"images/logo.png": _png(), "images/photo.jpg": JPEG},
    )
    return replace(doc, **changes) if changes else doc


def make_zip(members: dict[str, bytes], *, mimetype: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        if mimetype:
            zf.writestr("mimetype", MIMETYPE)
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def doc_json(**changes) -> dict:
    data = make_doc().to_dict()
    data.update(changes)
    return data


def archive_with(data: dict | bytes, images: dict[str, bytes] | None = None) -> bytes:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    if images is None:
        images = {"images/logo.png": _png(), "images/photo.jpg": JPEG}
    return make_zip({"document.json": raw, **images})


def assert_refused(data: bytes, *words: str) -> str:
    with pytest.raises(DocumentError) as info:
        loads_document(data, name="affiche.pancarte")
    assert type(info.value) is DocumentError
    message = str(info.value)
    assert_human(message)
    for word in words:
        assert word in message, message
    return message


def assert_human(message: str) -> None:
    assert message and "\n" not in message and "\r" not in message
    assert not re.search(r"(^|[\s(=:])b['\"]|\\x[0-9a-fA-F]{2}", message), message
    assert "Traceback" not in message and len(message) < 300, message


# --------------------------------------------------------------------------------------------
# Round trip


def test_round_trip_in_memory():
    doc = make_doc()
    loaded = loads_document(dumps_document(doc))
    assert loaded == doc
    assert loaded.images["images/logo.png"] == doc.images["images/logo.png"]
    assert loaded.pages[0].frames[0].paragraphs[1].text == FRENCH


def test_round_trip_on_disk(tmp_path):
    doc = make_doc()
    path = tmp_path / "affiche.pancarte"
    save_document(doc, path)
    assert load_document(path) == doc
    assert load_document(str(path)) == doc


def test_archive_layout_is_odf_like_and_reproducible():
    data = dumps_document(make_doc())
    # mimetype first and stored, readable at offset 30 without unzipping (like ODF)
    assert data[:4] == b"PK\x03\x04"
    assert data[30:38] == b"mimetype"
    assert data[38:38 + len(MIMETYPE)] == MIMETYPE
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        raw = json.loads(zf.read("document.json").decode("utf-8"))
    assert raw["format"] == "pancarte" and raw["format_version"] == FORMAT_VERSION
    assert dumps_document(make_doc()) == data  # same document, same bytes


def test_french_text_stored_as_utf8_not_escaped():
    with zipfile.ZipFile(io.BytesIO(dumps_document(make_doc()))) as zf:
        text = zf.read("document.json").decode("utf-8")
    assert FRENCH in text


def test_archive_leaks_no_path_or_user_name(tmp_path):
    folder = tmp_path / f"secret-{getpass.getuser()}-dossier"
    folder.mkdir()
    path = folder / "affiche.pancarte"
    save_document(make_doc(), path)
    data = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        assert zf.comment == b""
        assert zf.namelist() == ["mimetype", "document.json", "images/logo.png",
                                 "images/photo.jpg"]
        contents = b"".join(zf.read(n) for n in zf.namelist())
        assert all(i.extra == b"" and i.comment == b"" for i in zf.infolist())
    for secret in (str(folder), str(tmp_path), "secret-", os.path.expanduser("~")):
        assert secret.encode() not in data and secret.encode() not in contents


def test_unreferenced_images_are_not_written():
    doc = make_doc()
    doc = replace(doc, images={**doc.images, "images/old.png": _png((0, 0, 0))})
    with zipfile.ZipFile(io.BytesIO(dumps_document(doc))) as zf:
        assert "images/old.png" not in zf.namelist()
    loaded = loads_document(dumps_document(doc))
    assert "images/old.png" not in loaded.images
    assert loaded == replace(doc, images=make_doc().images)


def test_unreferenced_images_in_a_file_are_dropped_on_load():
    data = archive_with(doc_json(), images={"images/logo.png": _png(),
                                            "images/photo.jpg": JPEG,
                                            "images/unused.png": _png()})
    assert set(loads_document(data).images) == {"images/logo.png", "images/photo.jpg"}


def test_missing_image_on_save_is_a_bug_not_a_silent_drop(tmp_path):
    doc = make_doc()
    doc = replace(doc, images={"images/logo.png": doc.images["images/logo.png"]})
    with pytest.raises(ValueError, match="photo.jpg"):
        dumps_document(doc)
    path = tmp_path / "a.pancarte"
    with pytest.raises(ValueError):
        save_document(doc, path)
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_document_that_would_not_load_back(tmp_path):
    doc = make_doc(colors={})  # the band's "$accent" no longer resolves
    with pytest.raises(ValueError, match="accent"):
        save_document(doc, tmp_path / "a.pancarte")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "data"), [
    ("images/..", _png()),
    ("images/logo.gif", b"GIF89a..."),
])
def test_save_refuses_what_load_would_refuse(name, data):
    doc = make_doc()
    frames = doc.pages[0].frames[:3] + (ImageFrame(id="img", x=0, y=0, w=5, h=5, image=name),)
    doc = replace(doc, pages=(Page(frames=frames),), images={name: data})
    with pytest.raises(ValueError):
        dumps_document(doc)


def test_unknown_safe_members_are_ignored():
    data = make_zip({"document.json": json.dumps(doc_json()).encode(),
                     "images/logo.png": _png(), "images/photo.jpg": JPEG,
                     "images/": b"", "Thumbnails/thumbnail.png": b"not even a png",
                     "META-INF/manifest.xml": b"<manifest/>"})
    assert loads_document(data) == make_doc()


def test_mimetype_member_is_optional_but_must_be_right_when_present():
    members = {"document.json": json.dumps(doc_json()).encode(), "images/logo.png": _png(),
               "images/photo.jpg": JPEG}
    assert loads_document(make_zip(members, mimetype=False)) == make_doc()
    odt = make_zip({"mimetype": b"application/vnd.oasis.opendocument.text", **members},
                   mimetype=False)
    assert_refused(odt, "not a Pancarte document")


# --------------------------------------------------------------------------------------------
# Atomic save


def test_save_replaces_existing_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "a.pancarte"
    path.write_bytes(b"old")
    path.chmod(0o640)
    save_document(make_doc(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load_document(path) == make_doc()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pancarte"]


def test_new_file_gets_the_umask_mode_not_mkstemp_0600(tmp_path):
    old = os.umask(0o022)
    try:
        save_document(make_doc(), tmp_path / "new.pancarte")
        os.umask(0o027)
        save_document(make_doc(), tmp_path / "other.pancarte")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.pancarte").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "other.pancarte").stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_save_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.pancarte"
    real.write_bytes(b"old")
    link = tmp_path / "link.pancarte"
    link.symlink_to(real)
    save_document(make_doc(), link)
    assert link.is_symlink()
    assert load_document(real) == make_doc()


def _interrupted_save(tmp_path, monkeypatch, where: str, exc: BaseException):
    path = tmp_path / "a.pancarte"
    save_document(make_doc(title="première version"), path)
    before = path.read_bytes()
    if where == "writestr":
        calls = []
        real = zipfile.ZipFile.writestr

        def failing(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 3:  # after mimetype and document.json were written
                raise exc
            return real(self, *args, **kwargs)

        monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    else:
        def fail(*args, **kwargs):
            raise exc

        monkeypatch.setattr(os, where, fail)
    return path, before


@pytest.mark.parametrize("where", ["writestr", "fsync", "replace", "chmod"])
def test_failed_save_leaves_previous_file_and_no_temporary(tmp_path, monkeypatch, where):
    exc = OSError(errno.ENOSPC, "No space left on device")
    path, before = _interrupted_save(tmp_path, monkeypatch, where, exc)
    with pytest.raises(ExportError) as info:
        save_document(make_doc(title="seconde version"), path)
    monkeypatch.undo()
    assert_human(str(info.value))
    assert str(path) in str(info.value) and "disk is full" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.pancarte"]
    assert load_document(path).title == "première version"


@pytest.mark.parametrize("exc", [RuntimeError("bug"), KeyboardInterrupt()])
def test_bug_or_interrupt_during_save_propagates_and_cleans_up(tmp_path, monkeypatch, exc):
    path, before = _interrupted_save(tmp_path, monkeypatch, "writestr", exc)
    with pytest.raises(type(exc)):
        save_document(make_doc(title="seconde version"), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.pancarte"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root ignores folder permissions")
def test_read_only_folder_is_an_export_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError) as info:
            save_document(make_doc(), folder / "a.pancarte")
    finally:
        folder.chmod(0o755)
    assert_human(str(info.value))
    assert "permission denied" in str(info.value) and str(folder) in str(info.value)
    assert list(folder.iterdir()) == []


def test_permission_denied_message_even_as_root(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    with pytest.raises(ExportError) as info:
        save_document(make_doc(), tmp_path / "a.pancarte")
    assert_human(str(info.value))
    assert "permission denied" in str(info.value) and str(tmp_path) in str(info.value)


def test_unwritable_targets_are_export_errors_even_as_root(tmp_path):
    afile = tmp_path / "plain-file"
    afile.write_bytes(b"x")
    folder = tmp_path / "a-folder.pancarte"
    folder.mkdir()
    cases = {
        afile / "a.pancarte": "not a folder",  # parent is a regular file
        folder: "is a folder",  # target is an existing folder
        tmp_path / "missing" / "a.pancarte": "does not exist",
    }
    for target, reason in cases.items():
        with pytest.raises(ExportError) as info:
            save_document(make_doc(), target)
        message = str(info.value)
        assert_human(message)
        assert reason in message and str(target) in message, message
    assert afile.read_bytes() == b"x"
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.pancarte", "plain-file"]


# --------------------------------------------------------------------------------------------
# Refused files


def test_missing_file_folder_and_fifo_are_document_errors(tmp_path):
    for path, reason in ((tmp_path / "absent.pancarte", "No such file"),
                         (tmp_path, "folder")):
        with pytest.raises(DocumentError) as info:
            load_document(path)
        assert reason in str(info.value) and str(path) in str(info.value)
        assert_human(str(info.value))
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.pancarte"
        os.mkfifo(fifo)
        with pytest.raises(DocumentError, match="not a regular file"):
            load_document(fifo)  # must not hang waiting for a writer


def test_empty_and_random_bytes_are_refused(tmp_path):
    assert_refused(b"", "empty")
    rng = random.Random(1234)
    for size in (1, 4, 22, 100, 5000):
        assert_refused(bytes(rng.randrange(256) for _ in range(size)))
    assert_refused(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip: no document.json
    path = tmp_path / "empty.pancarte"
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="empty"):
        load_document(path)


def test_truncated_file_is_refused(tmp_path):
    data = dumps_document(make_doc())
    assert_refused(data[: len(data) // 2], "damaged")
    path = tmp_path / "cut.pancarte"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError):
        load_document(path)
    for cut in range(1, len(data), max(1, len(data) // 97)):
        assert_refused(data[:cut])


def test_corrupted_bytes_never_raise_anything_but_document_error():
    data = dumps_document(make_doc())
    rng = random.Random(42)
    for _ in range(400):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        try:
            loads_document(bytes(mutated))
        except DocumentError as exc:
            assert_human(str(exc))


def test_crc_error_is_refused():
    data = bytearray(dumps_document(make_doc()))
    offset = data.index(b"\x89PNG") + 20  # inside the stored PNG: CRC no longer matches
    data[offset] ^= 0xFF
    assert_refused(bytes(data), "damaged")


def test_zip_without_document_json():
    assert_refused(make_zip({"images/logo.png": _png()}), "document.json")


@pytest.mark.parametrize("name", [
    "../evil.png", "/abs/x", "images/../../x", "C:\\x", "C:x", "images\\logo.png",
    "images/./logo.png", "a/../../b", "images/x.png\x00.txt", "./document.json",
])
def test_member_names_that_escape_are_refused(name):
    # zipfile cuts names at a NUL when writing: write a placeholder, then patch the bytes
    placeholder = "P" * len(name.encode())
    data = archive_with(doc_json(), images={
        "images/logo.png": _png(), "images/photo.jpg": JPEG, placeholder: _png()})
    data = data.replace(placeholder.encode(), name.encode())
    message = assert_refused(data, "unsafe name")
    assert "affiche.pancarte" in message


def test_duplicate_member_names_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("document.json", json.dumps(doc_json()))
        zf.writestr("images/logo.png", _png())
        zf.writestr("images/photo.jpg", JPEG)
        with pytest.warns(UserWarning):
            zf.writestr("document.json", b"{}")
    assert_refused(out.getvalue(), "twice")


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(fileformat, "MAX_MEMBERS", 10)
    members = {f"extra/{i}.txt": b"" for i in range(11)}
    assert_refused(archive_with(doc_json(), images={**members}), "too many files")


def test_huge_central_directory_is_refused_before_zipfile_parses_it(monkeypatch):
    monkeypatch.setattr(fileformat, "MAX_CENTRAL_DIRECTORY", 1000)
    members = {f"extra/{i}.txt": b"" for i in range(40)}
    assert_refused(archive_with(doc_json(), images=members), "too many files")


def test_zip_bomb_member_is_refused_by_declared_size():
    # 70 MiB of zeros, deflated to ~70 kB, written in chunks to stay light on memory
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("document.json", json.dumps(doc_json()))
        with zf.open("images/logo.png", "w") as member:
            member.write(b"\x89PNG\r\n\x1a\n")
            chunk = bytes(1 << 20)
            for _ in range(70):
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 1_000_000
    assert_refused(data, "too large")


def test_total_and_json_limits(monkeypatch):
    monkeypatch.setattr(fileformat, "MAX_TOTAL_SIZE", 3000)
    big = {f"extra/{i}.bin": bytes(1000) for i in range(4)}
    assert_refused(archive_with(doc_json(), images=big), "too large")
    monkeypatch.undo()
    monkeypatch.setattr(fileformat, "MAX_JSON_SIZE", 100)
    assert_refused(archive_with(doc_json()), "too large")


def test_lying_size_header_cannot_inflate():
    # The central directory claims 100 bytes; the deflated data holds 2 MiB.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("document.json", json.dumps(doc_json()))
        zf.writestr("images/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(2 << 20))
    data = bytearray(out.getvalue())
    cd = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)  # images/logo.png's entry
    struct.pack_into("<L", data, cd + 24, 100)
    assert_refused(bytes(data), "damaged")


def test_encrypted_or_unknown_compression_is_refused():
    base = archive_with(doc_json())
    cd = base.index(b"PK\x01\x02", base.index(b"PK\x01\x02") + 1)  # document.json
    encrypted = bytearray(base)
    encrypted[cd + 8] |= 0x01
    assert_refused(bytes(encrypted), "damaged")
    method = bytearray(base)
    struct.pack_into("<H", method, cd + 10, 99)
    assert_refused(bytes(method), "damaged")


def test_future_version_is_refused_with_update_advice():
    message = assert_refused(archive_with(doc_json(format_version=FORMAT_VERSION + 1)),
                             "newer Pancarte", "update")
    assert str(FORMAT_VERSION + 1) in message


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, None, True, [1]])
def test_bad_or_impossible_versions_are_refused(version):
    assert_refused(archive_with(doc_json(format_version=version)))


@pytest.mark.parametrize("fmt", ["odf", None, 1, ""])
def test_other_formats_are_refused(fmt):
    assert_refused(archive_with(doc_json(format=fmt)), "not a Pancarte document")


@pytest.mark.parametrize(("raw", "words"), [
    (b"{not json", ("not valid JSON",)),
    (b"\xff\xfe{}", ("UTF-8",)),
    (b"[1, 2, 3]", ("JSON object",)),
    (b'"pancarte"', ("JSON object",)),
    (b"", ("not valid JSON",)),
    (b"[" * 100_000 + b"]" * 100_000, ("JSON",)),
    (b'{"format": "pancarte", "format": "pancarte"}', ("repeats the key",)),
])
def test_invalid_json_is_refused(raw, words):
    assert_refused(archive_with(raw), *words)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "1" + "0" * 5000,
                                    "1" + "0" * 400])
def test_non_finite_and_huge_numbers_are_refused(number):
    text = json.dumps(doc_json(width=123456.0)).replace("123456.0", number)
    assert_refused(archive_with(text.encode()), "number")


def test_lone_surrogate_is_refused():
    text = json.dumps(doc_json(title="TITLE")).replace('"TITLE"', '"a\\ud800b"')
    assert_refused(archive_with(text.encode()), "invalid characters")


def test_frame_referencing_a_missing_image():
    assert_refused(archive_with(doc_json(), images={"images/logo.png": _png()}),
                   "missing image", "photo.jpg")


def test_image_member_that_is_not_png_or_jpeg():
    assert_refused(archive_with(doc_json(), images={"images/logo.png": b"<svg/>",
                                                    "images/photo.jpg": JPEG}),
                   "neither a PNG nor a JPEG")


def _set_first(data: dict, path: list, value) -> dict:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value", "word"), [
    (["width"], "210", "width"),
    (["pages", 0, "frames", 0, "paragraphs", 0, "text"], 42, "text"),
    (["pages", 0, "frames", 0, "w"], None, "w"),
    (["pages", 0, "frames", 1, "ecc"], "Z", "ecc"),
    (["pages"], {}, "pages"),
    (["pages"], [], "no page"),
    (["colors"], ["#000000"], "colors"),
    (["pages", 0, "frames", 0, "style"], {"scale": 10 ** 15}, "scale"),
    (["pages", 0, "frames", 3, "image"], "../../etc/passwd", "image"),
])
def test_wrong_field_types_are_refused(path, value, word):
    message = assert_refused(archive_with(_set_first(doc_json(), path, value)), word)
    assert message.startswith("cannot open affiche.pancarte:")


def test_unexpected_exception_in_from_dict_becomes_document_error(monkeypatch):
    def broken(data, images=None):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(Document, "from_dict", staticmethod(broken))
    assert_refused(archive_with(doc_json()), "invalid")


# --------------------------------------------------------------------------------------------
# Migrations


def test_migration_chain_runs_in_order_and_bumps_the_version(monkeypatch):
    calls: list[int] = []

    def v1_to_v2(data):
        assert data["format_version"] == 1
        calls.append(1)
        data["title"] = data["title"] + " (v2)"
        return data

    def v2_to_v3(data):
        assert data["format_version"] == 2
        calls.append(2)
        data["title"] = data["title"] + " (v3)"
        return data

    monkeypatch.setattr(migrations, "FORMAT_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, v1_to_v2)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, v2_to_v3)

    assert migrations.migrate({"format_version": 3, "title": "x"}) == {
        "format_version": 3, "title": "x"}
    assert calls == []
    out = migrations.migrate({"format_version": 1, "title": "x"})
    assert out == {"format_version": 3, "title": "x (v2) (v3)"} and calls == [1, 2]

    calls.clear()
    doc = load_document(DOCUMENTS / "v1-placard.pancarte")
    assert calls == [1, 2] and doc.title.endswith(" (v2) (v3)")

    calls.clear()
    doc = loads_document(archive_with(doc_json(format_version=2)))
    assert calls == [2]
    assert_refused(archive_with(doc_json(format_version=4)), "newer Pancarte")


def test_missing_or_broken_migration_step_is_a_document_error(monkeypatch):
    monkeypatch.setattr(migrations, "FORMAT_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, lambda data: data)
    monkeypatch.delitem(migrations.MIGRATIONS, 1)
    assert_refused(archive_with(doc_json(format_version=1)), "no migration")
    monkeypatch.setitem(migrations.MIGRATIONS, 1, lambda data: data["no such key"])
    assert_refused(archive_with(doc_json(format_version=1)), "invalid")


def test_current_format_has_no_pending_migration():
    assert all(1 <= v < FORMAT_VERSION for v in migrations.MIGRATIONS)
    assert set(migrations.MIGRATIONS) == set(range(1, FORMAT_VERSION))


# --------------------------------------------------------------------------------------------
# Released versions


def _fixture_module():
    spec = importlib.util.spec_from_file_location("make_v1_fixture",
                                                  DOCUMENTS / "make_v1_fixture.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_v1_fixture", module)
    spec.loader.exec_module(module)
    return module


def _released_fixtures() -> list[Path]:
    return sorted(DOCUMENTS.glob("v*.pancarte"))


def test_every_format_version_has_a_fixture():
    versions = set()
    for path in _released_fixtures():
        m = re.match(r"v(\d+)-", path.name)
        assert m, f"fixture {path.name} is not named v<N>-<what>.pancarte"
        versions.add(int(m.group(1)))
    assert versions == set(range(1, FORMAT_VERSION + 1)), (
        "every released file format version needs a tests/files/documents/v<N>-*.pancarte "
        "fixture (docs/ARCHITECTURE.md, \"The file format\")"
    )


@pytest.mark.parametrize("path", _released_fixtures(), ids=lambda p: p.name)
def test_every_released_version_loads(path):
    version = int(re.match(r"v(\d+)-", path.name).group(1))
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read("document.json"))["format_version"] == version
    doc = load_document(path)
    assert len(doc.pages) == 1
    (_, title), = doc.frames_named("title")
    assert isinstance(title, TextFrame)
    assert title.paragraphs[0].text == "Pas de quartier sans écoles !"
    assert title.paragraphs[0].role == "title"
    kinds = {type(f) for f in doc.pages[0].frames}
    assert {TextFrame, QRFrame, ShapeFrame, ImageFrame} <= kinds
    (qr,) = [f for f in doc.pages[0].frames if isinstance(f, QRFrame)]
    assert qr.content == "https://example.org/ecoles"
    (image,) = [f for f in doc.pages[0].frames if isinstance(f, ImageFrame)]
    assert doc.images[image.image].startswith(b"\x89PNG\r\n\x1a\n")


def test_v1_fixture_matches_its_script():
    module = _fixture_module()
    loaded = load_document(module.FIXTURE)
    expected = module.build_document()
    if FORMAT_VERSION == 1:
        assert loaded == expected
    from PIL import Image

    with Image.open(io.BytesIO(loaded.images[module.LOGO])) as img:
        assert img.size == (8, 8)
