"""Tracts and their blocks: plain frozen data with a JSON form and a content hash.

A tract is the text a group keeps and reuses: ordered :class:`Block` s (title, heading,
paragraph, list, quote, contact), plus metadata. ``to_dict``/``from_dict`` give the JSON form
shown by ``pancarte library show --json`` and stored in the database; ``from_dict`` validates
every field and raises :class:`LibraryError`, so a hostile shared library never reaches the
store.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from pancarte.i18n import _
from pancarte.library.errors import LibraryError

BLOCK_KINDS = ("title", "heading", "paragraph", "list", "quote", "contact")
MAX_BLOCKS = 5000
MAX_ITEMS = 1000
MAX_TEXT = 200_000  # characters in one block: the model's limit for a paragraph
MAX_TITLE = 500
MAX_TAGS = 50
MAX_TAG = 64
ID_RE = re.compile(r"[A-Za-z0-9_-]{6,64}")
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")


def now_iso() -> str:
    """The current time, ISO 8601 in UTC to the second: ``2024-05-01T12:00:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Block:
    """One block of a tract. ``text`` for title, heading, paragraph, contact and quote (a
    quote keeps its guillemets); ``items`` and ``numbered`` for a list; ``attribution`` for a
    quote (without its dash). ``debris`` flags web-page leftovers (``Retour en haut``)."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    numbered: bool = False
    attribution: str = ""
    debris: bool = False

    def strings(self) -> list[str]:
        """Every text the block holds, in reading order."""
        if self.kind == "list":
            return list(self.items)
        if self.kind == "quote":
            return [self.text, self.attribution] if self.attribution else [self.text]
        return [self.text]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "list":
            out["numbered"] = self.numbered
            out["items"] = list(self.items)
        else:
            out["text"] = self.text
        if self.kind == "quote":
            out["attribution"] = self.attribution
        if self.debris:
            out["debris"] = True
        return out

    @classmethod
    def from_dict(cls, data: Any, where: str = "block") -> Block:
        d = _obj(data, where)
        kind = d.get("kind")
        if kind not in BLOCK_KINDS:
            raise _bad(where + ".kind", _("must be one of {options}", options=", ".join(BLOCK_KINDS)))
        debris = d.get("debris", False)
        if not isinstance(debris, bool):
            raise _bad(where + ".debris", _("expected true or false"))
        if kind == "list":
            items = d.get("items", [])
            if not isinstance(items, list) or len(items) > MAX_ITEMS:
                raise _bad(where + ".items", _("expected a list of at most {n} texts", n=MAX_ITEMS))
            numbered = d.get("numbered", False)
            if not isinstance(numbered, bool):
                raise _bad(where + ".numbered", _("expected true or false"))
            return cls(kind="list", numbered=numbered, debris=debris,
                       items=tuple(_text(t, f"{where}.items[{i}]", MAX_TEXT)
                                   for i, t in enumerate(items)))
        text = _text(d.get("text", ""), where + ".text", MAX_TEXT)
        attribution = ""
        if kind == "quote":
            attribution = _text(d.get("attribution", ""), where + ".attribution", MAX_TEXT)
        return cls(kind=kind, text=text, attribution=attribution, debris=debris)


@dataclass(frozen=True)
class Tract:
    """A tract as stored. ``id`` is stable across export and import; ``revision`` grows by
    one at every edit; times are ISO 8601 UTC strings."""

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""
    created: str = ""
    updated: str = ""
    revision: int = 1

    @property
    def content_hash(self) -> str:
        return content_hash(self.blocks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "tags": list(self.tags),
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "revision": self.revision,
            "blocks": [b.to_dict() for b in self.blocks],
        }

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "tags": list(self.tags),
                "updated": self.updated}

    @classmethod
    def from_dict(cls, data: Any, where: str = "tract") -> Tract:
        d = _obj(data, where)
        tract_id = d.get("id")
        if not isinstance(tract_id, str) or not ID_RE.fullmatch(tract_id):
            raise _bad(where + ".id", _("not a valid tract id"))
        blocks_raw = d.get("blocks", [])
        if not isinstance(blocks_raw, list) or len(blocks_raw) > MAX_BLOCKS:
            raise _bad(where + ".blocks", _("expected a list of at most {n} blocks", n=MAX_BLOCKS))
        revision = d.get("revision", 1)
        if isinstance(revision, bool) or not isinstance(revision, int) or not 1 <= revision < 2**53:
            raise _bad(where + ".revision", _("expected a positive whole number"))
        times = {}
        for key in ("created", "updated"):
            value = d.get(key, "")
            if not isinstance(value, str) or (value and not _ISO_RE.fullmatch(value)):
                raise _bad(f"{where}.{key}", _("expected an ISO 8601 UTC time"))
            times[key] = value
        return cls(
            id=tract_id,
            title=_text(d.get("title", ""), where + ".title", MAX_TITLE),
            tags=normalize_tags(_tag_list(d.get("tags", []), where + ".tags")),
            source=_text(d.get("source", ""), where + ".source", 255),
            created=times["created"],
            updated=times["updated"] or times["created"],
            revision=revision,
            blocks=tuple(Block.from_dict(b, f"{where}.blocks[{i}]")
                         for i, b in enumerate(blocks_raw)),
        )

    def edited(self, **changes: Any) -> Tract:
        return replace(self, **changes)


# ---------------------------------------------------------------------------------------------
# Normalisation


def normalize_tags(tags: Any) -> tuple[str, ...]:
    """Tags trimmed, spaces collapsed, duplicates (ignoring case) and empty ones dropped."""
    out: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        t = " ".join(unicodedata.normalize("NFC", str(tag)).split())[:MAX_TAG]
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return tuple(out[:MAX_TAGS])


def content_hash(blocks: tuple[Block, ...] | list[Block]) -> str:
    """SHA-256 (hex) of the normalised blocks: NFC, runs of spaces collapsed. Two imports of
    the same text, however encoded or wrapped, give the same hash."""
    norm = [_norm_block(b) for b in blocks]
    data = json.dumps(norm, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _norm_text(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unicodedata.normalize("NFC", text)).strip(" ")


def _norm_block(b: Block) -> dict[str, Any]:
    d = b.to_dict()
    for key in ("text", "attribution"):
        if key in d:
            d[key] = _norm_text(d[key])
    if "items" in d:
        d["items"] = [_norm_text(t) for t in d["items"]]
    return d


def guess_title(blocks: tuple[Block, ...] | list[Block], fallback: str = "") -> str:
    """The tract's title: its title block, else its first heading, else the start of its first
    text, else ``fallback``."""
    for kind in ("title", "heading"):
        for b in blocks:
            if b.kind == kind and not b.debris and b.text.strip():
                return _shorten(b.text)
    for b in blocks:
        if not b.debris:
            for s in b.strings():
                if s.strip():
                    return _shorten(s)
    return fallback[:MAX_TITLE]


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


# ---------------------------------------------------------------------------------------------
# Markdown (the readable copy in a shared library)


def to_markdown(tract: Tract) -> str:
    """The tract as Markdown, for people: debris is left out."""
    parts: list[str] = []
    for b in tract.blocks:
        if b.debris:
            continue
        if b.kind == "title":
            parts.append("# " + _one_line(b.text))
        elif b.kind == "heading":
            parts.append("## " + _one_line(b.text))
        elif b.kind == "list":
            parts.append("\n".join(
                (f"{i}. " if b.numbered else "- ") + _one_line(item)
                for i, item in enumerate(b.items, 1)))
        elif b.kind == "quote":
            lines = ["> " + line for line in b.text.split("\n")]
            if b.attribution:
                lines += [">", "> — " + _one_line(b.attribution)]
            parts.append("\n".join(lines))
        else:
            parts.append(b.text)
    return "\n\n".join(parts) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


# ---------------------------------------------------------------------------------------------
# Validation helpers


def _bad(where: str, what: str) -> LibraryError:
    return LibraryError(_("invalid tract data: {where}: {what}", where=where, what=what))


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(where, _("expected an object"))
    return value


def _text(value: Any, where: str, max_len: int) -> str:
    if not isinstance(value, str):
        raise _bad(where, _("expected text"))
    if len(value) > max_len:
        raise _bad(where, _("text too long (at most {n} characters)", n=max_len))
    if "\x00" in value:
        raise _bad(where, _("text holds a NUL character"))
    if any("\ud800" <= c <= "\udfff" for c in value):  # "\udce8" in JSON: not text
        raise _bad(where, _("text holds a character that is not text (a lone surrogate)"))
    return value


def _tag_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_TAGS:
        raise _bad(where, _("expected a list of at most {n} tags", n=MAX_TAGS))
    return [_text(t, f"{where}[{i}]", MAX_TAG) for i, t in enumerate(value)]


__all__ = [
    "BLOCK_KINDS",
    "Block",
    "Tract",
    "content_hash",
    "guess_title",
    "normalize_tags",
    "now_iso",
    "to_markdown",
]
