"""Bundled fonts: metrics from the font files and shaping with HarfBuzz.

This is the only module that reads font files for measuring. Shaping runs with substitution
features off (no ligatures, no contextual alternates) so that every character maps to exactly
one glyph: the PDF renderer can then write the characters (searchable text with ToUnicode) and
place them at the glyph positions computed here, and the Qt renderer draws the same glyph ids at
the same positions. Kerning stays on.
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

try:  # hashlib's own blake2b, without loading OpenSSL's library (~3 ms of the editor's start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from pancarte.assets import fonts_dir
from pancarte.errors import FontError
from pancarte.i18n import _

_FEATURES = {"liga": False, "clig": False, "calt": False, "dlig": False, "rlig": False,
             "kern": True}
_SHAPE_CACHE_LIMIT = 20000

_METRICS_VERSION = 1  # bump when _read_metrics changes what it stores
_SHAPES_VERSION = 1  # bump when FontFace.shape changes what a text gives


def cache_dir() -> Path:
    """Pancarte's cache folder: ``$PANCARTE_CACHE``, else the user's cache folder."""
    base = os.environ.get("PANCARTE_CACHE", "").strip()
    if base:
        return Path(base)
    import platformdirs

    return Path(platformdirs.user_cache_dir("pancarte", appauthor=False))


def _metrics(path: Path, data: bytes) -> dict:
    """What layout needs of a font file (units per em, cmap, advances, vertical metrics),
    from the on-disk cache keyed by the file's content hash; read with fontTools (and cached)
    on a miss. The cache is an optimisation only: any problem with it means reading the file."""
    digest = blake2b(data, digest_size=20).hexdigest()
    tag = f"{sys.implementation.cache_tag}-{_METRICS_VERSION}"
    cached = cache_dir() / "fonts" / f"{digest}-{tag}.marshal"
    try:
        m = marshal.loads(cached.read_bytes())
        if isinstance(m, dict) and m.get("digest") == digest:
            return m
    except (OSError, ValueError, EOFError, TypeError):
        pass
    m = _read_metrics(path, data)
    m["digest"] = digest
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(m))
        os.replace(tmp, cached)
    except OSError:
        pass
    return m


def _harfbuzz():
    """uharfbuzz, imported when a text is first shaped (~10 ms): an editor's start whose
    words are all in the shaping cache never loads it."""
    import uharfbuzz

    return uharfbuzz


@cache
def _shapes_tag() -> str:
    """What the shaping of a text depends on besides the font file: uharfbuzz's version (read
    without importing it), the features and this code's version."""
    import importlib.util

    version = ""
    try:
        spec = importlib.util.find_spec("uharfbuzz")
        if spec is not None and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations)))
            version = (folder / "_version.py").read_text("utf-8")
    except (OSError, ImportError, ValueError):
        pass
    if not version:
        return ""  # unknown: no cache
    key = repr((version, sorted(_FEATURES.items()), _SHAPES_VERSION)).encode()
    return blake2b(key, digest_size=10).hexdigest()


def _read_metrics(path: Path, data: bytes) -> dict:
    import io
    import logging

    from fontTools.ttLib import TTFont

    # fontTools logs harmless remarks about old font headers; users must not see them
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        tt = TTFont(io.BytesIO(data), lazy=True)
        if "glyf" not in tt:
            raise FontError(_("{name} has no TrueType outlines and cannot be embedded",
                              name=path.name))
        upem = tt["head"].unitsPerEm
        cmap = {cp: tt.getGlyphID(name) for cp, name in tt.getBestCmap().items()}
        hmtx = tt["hmtx"]
        order = tt.getGlyphOrder()
        advances = [hmtx[name][0] for name in order]
        os2 = tt["OS/2"]
        glyf = tt["glyf"]

        def extreme(chars: str, top: bool) -> float:
            best = 0.0
            for ch in chars:
                gid = cmap.get(ord(ch))
                if gid is None:
                    continue
                g = glyf[order[gid]]
                if not hasattr(g, "yMax"):
                    continue
                best = max(best, g.yMax if top else -g.yMin)
            return best / upem

        # Ascent: top of accented capitals (É must never be clipped); descent: bottom of g, p…
        ascent = max(extreme("ÉÀÂÊÎÔÛÇbdfhklÅ", True), os2.sTypoAscender / upem)
        descent = max(extreme("gjpqy", False), -os2.sTypoDescender / upem)
        cap = getattr(os2, "sCapHeight", 0) or 0
        cap_height = cap / upem if cap else extreme("HIE", True)
        xh = getattr(os2, "sxHeight", 0) or 0
        x_height = xh / upem if xh else extreme("xz", True)
        tt.close()
    except FontError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage in a font file means the same
        raise FontError(_("cannot load font {name}: {reason}", name=path.name,
                          reason=exc)) from exc
    return {"upem": upem, "cmap": cmap, "advances": advances, "ascent": ascent,
            "descent": descent, "cap_height": cap_height, "x_height": x_height}


@dataclass(frozen=True, slots=True)
class Shaped:
    """A shaped run: one glyph per character, advances in font units (kerning applied)."""

    glyphs: tuple[int, ...]
    advances: tuple[int, ...]


class FontFace:
    """One font file: identity, vertical metrics (in em), character coverage and shaping."""

    def __init__(self, key: str, path: Path, family: str, style: str,
                 data: bytes | None = None) -> None:
        self.key = key  # stable id: the path relative to assets/fonts (or added/<hash>.ttf)
        self.path = path
        self.family = family
        self.style = style
        if data is None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise FontError(_("cannot load font {name}: {reason}", name=path.name,
                                  reason=exc)) from exc
        self.data = data
        m = _metrics(path, data)
        self.digest: str = m["digest"]  # the file's content hash (caches key on it)
        self.upem: int = m["upem"]
        self.cmap: dict[int, int] = m["cmap"]
        self.glyph_advance: list[int] = m["advances"]
        self.ascent: float = m["ascent"]
        self.descent: float = m["descent"]
        self.cap_height: float = m["cap_height"]
        self.x_height: float = m["x_height"]
        self.space_advance: int = self.glyph_advance[self.cmap.get(32, 0)]
        self.hyphen_glyph: int = self.cmap.get(0x2D, 0)
        self._hb_font = None
        self._lock = threading.Lock()
        self._cache: dict[str, Shaped] = {}
        # the texts shaped by earlier runs (read at the first shaping, see save_shapes) and
        # those shaped since
        self._stored: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] | None = None
        self._new: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def __repr__(self) -> str:
        return f"FontFace({self.key!r})"

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def shape(self, text: str) -> Shaped:
        """Shape ``text`` (characters this face has) into one glyph per character."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        if self._stored is None:
            self._stored = self._read_shapes()
        stored = self._stored.get(text)
        if stored is not None:
            shaped = Shaped(*stored)
            self._remember(text, shaped)
            return shaped
        hb = _harfbuzz()
        with self._lock:
            if self._hb_font is None:
                self._hb_font = hb.Font(hb.Face(hb.Blob(self.data)))
            buf = hb.Buffer()
            buf.add_str(text)
            buf.direction = "ltr"
            buf.script = "Latn"
            buf.language = "fr"
            hb.shape(self._hb_font, buf, _FEATURES)
            infos = buf.glyph_infos
            positions = buf.glyph_positions
        if len(infos) == len(text) and all(i.cluster == n for n, i in enumerate(infos)):
            shaped = Shaped(
                tuple(i.codepoint for i in infos), tuple(p.x_advance for p in positions)
            )
        else:  # a composition or decomposition happened: fall back to one glyph per char
            glyphs = tuple(self.cmap.get(ord(c), 0) for c in text)
            shaped = Shaped(glyphs, tuple(self.glyph_advance[g] for g in glyphs))
        self._remember(text, shaped)
        if len(self._new) < _SHAPE_CACHE_LIMIT:
            self._new[text] = (shaped.glyphs, shaped.advances)
        return shaped

    def _remember(self, text: str, shaped: Shaped) -> None:
        if len(self._cache) > _SHAPE_CACHE_LIMIT:
            self._cache.clear()
        self._cache[text] = shaped

    def _shapes_path(self) -> Path | None:
        tag = _shapes_tag()
        return cache_dir() / "shapes" / f"{self.digest}-{tag}.marshal" if tag else None

    def _read_shapes(self) -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
        """The texts of this face shaped by earlier runs (an optimisation only: a missing or
        damaged file means shaping them again)."""
        path = self._shapes_path()
        if path is None:
            return {}
        try:
            stored = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self.digest
                and isinstance(stored[1], dict)):
            return {}
        shapes = stored[1]
        for text, value in shapes.items():
            if not (isinstance(text, str) and isinstance(value, tuple) and len(value) == 2
                    and len(value[0]) == len(value[1]) == len(text)):
                return {}
        return shapes

    def save_shapes(self) -> None:
        """Write the texts shaped since the cache was read, for the next run (the editor,
        once its first page is painted); at most the last run's words when there are many."""
        if not self._new:
            return
        path = self._shapes_path()
        new, self._new = self._new, {}
        if path is None:
            return
        shapes = {**(self._stored or {}), **new}
        if len(shapes) > _SHAPE_CACHE_LIMIT:
            shapes = new
        self._stored = shapes
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(marshal.dumps((self.digest, shapes)))
            os.replace(tmp, path)
        except (OSError, ValueError):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass


ADDED = "added/"  # key prefix of the fonts added in memory (a group's own, a document's)


class FontLibrary:
    """The bundled families (from ``assets/fonts/fonts.json``), the fallback chain, and the
    one-style families added in memory (:meth:`add_font`: a group's own face, a document's)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or fonts_dir()
        try:
            manifest = json.loads((self.root / "fonts.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise FontError(_("font manifest unreadable: {reason}", reason=exc)) from exc
        self.families: dict[str, dict[str, str]] = manifest["families"]
        self.fallback_families: list[str] = manifest.get("fallback", [])
        self._faces: dict[str, FontFace] = {}
        self._lock = threading.Lock()
        self._bundled = frozenset(self.families)
        self._added: dict[str, bytes] = {}  # key → TrueType bytes

    def add_font(self, family: str, data: bytes) -> str:
        """Make ``data`` (TrueType bytes, checked by the caller) the one-style family
        ``family`` for this process, in memory; returns the family the text must name. A
        bundled family is never replaced: its own files serve (with all their styles)."""
        if family in self._bundled:
            return family
        import hashlib

        key = f"{ADDED}{hashlib.sha256(data).hexdigest()[:32]}.ttf"
        with self._lock:
            self._added.setdefault(key, bytes(data))
            # a new dict, not a change in place: a layout running in another thread may be
            # iterating over the families
            self.families = {**self.families, family: {"regular": key}}
        return family

    def add_document_fonts(self, fonts: dict[str, bytes]) -> None:
        """:meth:`add_font` for each family → bytes a document carries."""
        for family, data in fonts.items():
            spec = self.families.get(family)
            key = spec.get("regular") if spec else None
            if key is None or key not in self._added or self._added[key] != data:
                self.add_font(family, data)

    def added_data(self, family: str) -> bytes | None:
        """The TrueType bytes of ``family`` when it was added in memory (None for a bundled
        or unknown family)."""
        spec = self.families.get(family)
        key = spec.get("regular") if spec else None
        return self._added.get(key) if key else None

    def family_names(self) -> list[str]:
        return list(self.families)

    def bundled_names(self) -> list[str]:
        """The families shipped with Pancarte (not those added in memory)."""
        return [f for f in self.families if f in self._bundled]

    def family_for_use(self, use: str) -> str:
        for name, spec in self.families.items():
            if spec.get("use") == use:
                return name
        return next(iter(self.families))

    def _load(self, family: str, style: str) -> FontFace:
        rel = self.families[family][style]
        with self._lock:
            face = self._faces.get(rel)
            if face is None:
                added = self._added.get(rel)
                face = FontFace(rel, Path(rel) if added is not None else self.root / rel,
                                family, style, data=added)
                self._faces[rel] = face
        return face

    def face(self, family: str, bold: bool = False, italic: bool = False) -> FontFace:
        """Return the closest face of ``family`` (an unknown family gives the sans)."""
        if family not in self.families:
            family = self.family_for_use("sans")
        spec = self.families[family]
        wanted = {(True, True): "bold_italic", (True, False): "bold",
                  (False, True): "italic", (False, False): "regular"}[(bold, italic)]
        for style in (wanted, "bold" if bold else "regular", "regular"):
            if style in spec:
                return self._load(family, style)
        raise FontError(_("font family '{family}' has no regular style", family=family))

    def save_shapes(self) -> None:
        """:meth:`FontFace.save_shapes` for each face loaded (the editor's start: the next
        start lays its document out without loading HarfBuzz)."""
        with self._lock:
            faces = list(self._faces.values())
        for face in faces:
            face.save_shapes()

    def face_by_key(self, key: str) -> FontFace:
        with self._lock:
            face = self._faces.get(key)
        if face is not None:
            return face
        for family, spec in self.families.items():
            for style, rel in spec.items():
                if rel == key:
                    return self._load(family, style)
        raise FontError(_("unknown font '{font}'", font=key))

    def chain(self, primary: FontFace) -> list[FontFace]:
        """Faces to try, in order, for a character ``primary`` lacks."""
        bold = "bold" in primary.style or primary.style == "black"
        italic = "italic" in primary.style
        faces = [primary]
        for fam in self.fallback_families:
            f = self.face(fam, bold, italic)
            if f not in faces:
                faces.append(f)
        for fam in self.families:
            f = self.face(fam, bold, italic)
            if f not in faces:
                faces.append(f)
        return faces

    def face_for_char(self, primary: FontFace, ch: str) -> FontFace | None:
        """The first face of the chain that has ``ch``; None when no bundled font has it."""
        if primary.has(ch):
            return primary
        for face in self.chain(primary)[1:]:
            if face.has(ch):
                return face
        return None


@cache
def library() -> FontLibrary:
    """The process-wide font library (read-only after loading; faces load lazily)."""
    return FontLibrary()


def char_name(ch: str) -> str:
    """``U+1F600 GRINNING FACE`` — how findings name a character."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"


def carry_fonts(doc, fonts: FontLibrary | None = None):
    """``doc`` carrying the bytes of every family its text names that was added in memory
    (a group's own face, chosen in the editor for a document the identity was never applied
    to) and that it does not carry yet: saved, it opens the same on another machine."""
    from dataclasses import replace

    from pancarte.model.fileformat import used_families

    fonts = fonts or library()
    extra = {}
    for family in sorted(used_families(doc) - set(doc.fonts)):
        data = fonts.added_data(family)
        if data is not None:
            extra[family] = data
    return replace(doc, fonts={**doc.fonts, **extra}) if extra else doc
