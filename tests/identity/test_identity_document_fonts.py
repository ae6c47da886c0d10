"""The group's own faces travel inside the ``.pancarte`` file (format version 2): a document
made with an identity on one member's machine, opened in another user's empty folders, prints
with the group's faces embedded; a font inside a document is checked again as an identity's
is (a hostile or restricted one refuses the file with one line)."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fontmaker  # noqa: E402

from helpers import pdffonts, pdftotext, run_cli  # noqa: E402
from pancarte.errors import DocumentError  # noqa: E402
from pancarte.model.document import FORMAT_VERSION, TextFrame  # noqa: E402
from pancarte.model.fileformat import (  # noqa: E402
    MAX_FONTS,
    dumps_document,
    load_document,
    loads_document,
)

DOCUMENTS = Path(__file__).resolve().parents[1] / "files" / "documents"
FIXTURE = DOCUMENTS / "v2-placard-police.pancarte"
NAME = "Collectif des Jardins Ouvriers"


pytestmark = pytest.mark.usefixtures("english_messages")


def _module():
    spec = importlib.util.spec_from_file_location("make_v2_fixture",
                                                  DOCUMENTS / "make_v2_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _empty_user(base: Path, who: str) -> dict[str, str]:
    """Another user's folders, all empty: no identity, no cache, another home."""
    return {"PANCARTE_IDENTITIES": str(base / who / "identities"),
            "PANCARTE_CACHE": str(base / who / "cache"), "HOME": str(base / who / "home"),
            "XDG_DATA_HOME": str(base / who / "data"), "XDG_CACHE_HOME": str(base / who / "xc"),
            "PANCARTE_LANG": "fr"}


def _embedded(pdf: Path) -> set[str]:
    return {f["name"].split("+")[-1] for f in pdffonts(pdf) if f["emb"] == "yes"}


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def composed(tmp_path_factory):
    """Alice's identity (a TrueType display face, a CFF text face), applied and saved."""
    base = tmp_path_factory.mktemp("travel")
    alice = _empty_user(base, "alice")
    display = fontmaker.renamed(base / "jardins-titre.ttf", "Jardins Titre")
    text = fontmaker.cff(base / "jardins-texte.otf", "Jardins Texte")
    r = run_cli("identity", "create", NAME, "--font", display, "--font", text,
                "--color", "#8b1a1a", "--signature", "Jardins ouvriers — jardins@exemple.org",
                env=alice)
    assert r.returncode == 0, r.stderr
    doc = base / "fete.pancarte"
    r = run_cli("compose", "poster-a4", "--sample", "--identity", NAME, "--allow-overflow",
                "-o", doc, env=alice)
    assert r.returncode == 0, r.stderr
    return base, doc


def test_the_file_carries_the_fonts_it_uses(composed):
    _base, doc = composed
    members = _members(doc)
    meta = json.loads(members["document.json"])
    assert meta["format_version"] == FORMAT_VERSION == 2
    listed = {e["family"]: e["file"] for e in meta["fonts"]}
    assert set(listed) == {"Jardins Titre", "Jardins Texte"}
    for member in listed.values():
        data = members[member]
        assert member == f"fonts/{hashlib.sha256(data).hexdigest()}.ttf"
        assert data[:4] == b"\x00\x01\x00\x00"  # the CFF face is carried as TrueType
    assert sorted(n for n in members if n.startswith("fonts/")) == sorted(listed.values())


def test_another_user_prints_it_with_the_group_faces(composed, tmp_path):
    base, doc = composed
    bob = _empty_user(tmp_path, "bob")
    out = tmp_path / "bob.pdf"
    r = run_cli("export", doc, "-o", out, "--allow-overflow", env=bob)
    assert r.returncode == 0, r.stderr
    assert {"JardinsTitre-Regular", "JardinsTexte-Regular"} <= _embedded(out)
    assert "jardins@exemple.org" in pdftotext(out)
    assert not (tmp_path / "bob" / "identities").exists()  # nothing installed for Bob
    # the same file without its fonts (a version-1 reader's view): the faces are lost
    members = _members(doc)
    meta = json.loads(members["document.json"])
    meta.pop("fonts")
    stripped = tmp_path / "sans-polices.pancarte"
    stripped.write_bytes(_zip({"mimetype": members["mimetype"],
                               "document.json": json.dumps(meta).encode()}))
    out2 = tmp_path / "bob2.pdf"
    r = run_cli("export", stripped, "-o", out2, "--allow-overflow", env=bob)
    assert r.returncode == 0, r.stderr
    assert not {"JardinsTitre-Regular", "JardinsTexte-Regular"} & _embedded(out2)


def test_bob_edits_and_saves_it_again(composed, tmp_path):
    _base, doc = composed
    loaded = load_document(doc)
    assert set(loaded.fonts) == {"Jardins Titre", "Jardins Texte"}
    again = loads_document(dumps_document(loaded))
    assert again == loaded
    # a face no text uses any more is not saved (like an image no frame shows)
    frames = [f for p in loaded.pages for f in p.frames if isinstance(f, TextFrame)]
    for f in frames:
        roles = {k: {**v, "family": "Lato"} if v.get("family") == "Jardins Texte" else v
                 for k, v in f.role_styles.items()}
        style = f.style if f.style.family != "Jardins Texte" else replace(f.style,
                                                                           family="Lato")
        loaded = loaded.replace_frame(replace(f, role_styles=roles, style=style))
    data = dumps_document(loaded)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        meta = json.loads(z.read("document.json"))
        assert [e["family"] for e in meta["fonts"]] == ["Jardins Titre"]
        assert len([n for n in z.namelist() if n.startswith("fonts/")]) == 1
    assert set(loads_document(data).fonts) == {"Jardins Titre"}


def test_v2_fixture_loads_and_prints_with_its_face(tmp_path):
    module = _module()
    loaded = load_document(FIXTURE)
    # the same document as the script builds; the face's bytes as released (a subset made by
    # another fontTools differs by a few bytes, so they are checked for what they are)
    assert replace(loaded, fonts={}) == replace(module.build_document(), fonts={})
    assert set(loaded.fonts) == {module.FAMILY}
    from fontTools.ttLib import TTFont

    face = TTFont(io.BytesIO(loaded.fonts[module.FAMILY]))
    assert face["name"].getDebugName(1) == module.FAMILY
    assert face["OS/2"].fsType == 0
    out = tmp_path / "fixture.pdf"
    r = run_cli("export", FIXTURE, "-o", out, "--allow-overflow",
                env=_empty_user(tmp_path, "carole"))
    assert r.returncode == 0, r.stderr
    assert "QuartierAffiche-Regular" in _embedded(out)
    assert "Pas de quartier sans écoles" in " ".join(pdftotext(out).split())


def test_v1_file_loads_unchanged_and_a_stray_fonts_key_is_ignored():
    v1 = DOCUMENTS / "v1-placard.pancarte"
    assert load_document(v1).fonts == {}
    members = _members(v1)
    meta = json.loads(members["document.json"])
    font = _members(FIXTURE)
    (member,) = [n for n in font if n.startswith("fonts/")]
    meta["fonts"] = [{"family": "Quartier Affiche", "file": member}]
    doc = loads_document(_zip({**members, "document.json": json.dumps(meta).encode(),
                               member: font[member]}))
    assert doc.fonts == {}  # version 1 carried no fonts: the key is not trusted


# ---------------------------------------------------------------------------------------------
# Hostile or damaged fonts in a document


def _with_font(tmp_path: Path, data: bytes, *, member: str | None = None,
               family: str = "Quartier Affiche", entries=None) -> bytes:
    members = _members(FIXTURE)
    meta = json.loads(members["document.json"])
    for name in [n for n in members if n.startswith("fonts/")]:
        del members[name]
    member = member or f"fonts/{hashlib.sha256(data).hexdigest()}.ttf"
    meta["fonts"] = entries if entries is not None else [{"family": family, "file": member}]
    return _zip({**members, "document.json": json.dumps(meta).encode(), member: data})


def _refused(data: bytes, *words: str) -> str:
    with pytest.raises(DocumentError) as info:
        loads_document(data, name="affiche.pancarte")
    message = str(info.value)
    assert "\n" not in message and message.startswith("cannot open affiche.pancarte")
    for w in words:
        assert w in message
    return message


def test_restricted_licence_refuses_the_file(tmp_path):
    locked = fontmaker.renamed(tmp_path / "locked.ttf", "Quartier Affiche", fs_type=0x0002)
    data = _with_font(tmp_path, locked.read_bytes())
    _refused(data, "licence", "forbids embedding")
    bad = tmp_path / "verrou.pancarte"
    bad.write_bytes(data)
    out = tmp_path / "x.pdf"
    r = run_cli("export", bad, "-o", out, env=_empty_user(tmp_path, "dan"))
    assert r.returncode == 1 and not out.exists()
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert "licence" in r.stderr and "verrou.pancarte" in r.stderr
    bitmap = fontmaker.renamed(tmp_path / "bitmap.ttf", "Quartier Affiche", fs_type=0x0200)
    _refused(_with_font(tmp_path, bitmap.read_bytes()), "bitmap")


def test_damaged_fonts_refuse_the_file(tmp_path):
    good = _members(FIXTURE)
    (member,) = [n for n in good if n.startswith("fonts/")]
    font = good[member]
    # content that does not match its name (its hash): changed on the way
    _refused(_with_font(tmp_path, font[:-10] + b"\0" * 10, member=member), "damaged")
    # not a font at all, named by its hash
    _refused(_with_font(tmp_path, b"\x00\x01\x00\x00" + b"garbage" * 50), "not a font")
    # PostScript outlines: documents carry TrueType only
    cff = fontmaker.cff(tmp_path / "t.otf", "Quartier Affiche").read_bytes()
    _refused(_with_font(tmp_path, cff), "TrueType")
    # listed but absent
    _refused(_with_font(tmp_path, font, entries=[{"family": "X", "file": "fonts/" + "0" * 64
                                                  + ".ttf"}]), "missing")
    # a bad list or a bad family name
    _refused(_with_font(tmp_path, font, entries={"family": "X"}), "fonts")
    _refused(_with_font(tmp_path, font, family="Bad\nName"), "fonts[0]")
    _refused(_with_font(tmp_path, font, family="x" * 65), "fonts[0]")
    _refused(_with_font(tmp_path, font, entries=[{"family": "A", "file": member}] * 2
                        ), "fonts[1]")


def test_too_many_fonts_refuse_the_file(tmp_path):
    members = _members(FIXTURE)
    extra = {}
    base = members[next(n for n in members if n.startswith("fonts/"))]
    for i in range(MAX_FONTS + 1):
        data = base + b"\0" * (i + 1)  # padding: another hash, same font
        extra[f"fonts/{hashlib.sha256(data).hexdigest()}.ttf"] = data
    _refused(_zip({**members, **extra}), "too many fonts")



def test_a_face_known_in_memory_is_carried_when_saved(tmp_path, monkeypatch):
    """A group's face picked for a frame of a document the identity was never applied to
    (the family known in memory only): ``carry_fonts`` puts its bytes in the document, and
    the saved file holds them; bundled faces are never carried."""
    from pancarte.layout.fonts import carry_fonts
    from pancarte.model.edit import compose
    from pancarte.model.fileformat import save_document

    doc, family, data = fontmaker.poster_in_own_face(tmp_path, monkeypatch)
    assert family not in doc.fonts
    carried = carry_fonts(doc)
    assert carried.fonts == {family: data}
    assert carry_fonts(compose("poster-a4", sample=True)).fonts == {}
    save_document(carried, tmp_path / "a.pancarte")
    with zipfile.ZipFile(tmp_path / "a.pancarte") as z:
        assert f"fonts/{hashlib.sha256(data).hexdigest()}.ttf" in z.namelist()
