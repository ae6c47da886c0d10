"""Searching the library: the FTS5 index's text for a tract, and queries ranked without any
cost in proportion to the library's size (see :meth:`Searching._ranked_rows`)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from pancarte.library.database import INDEX_COLUMNS, Database
from pancarte.library.search import _key, fts_query
from pancarte.library.tract import Tract

_SNIPPETS = ", ".join(f"snippet(tract_index, {k}, '\x02', '\x03', '…', 10)"
                      for k in range(len(INDEX_COLUMNS)))


RANK_ROWS = 1000  # matches ranked by bm25 at most (see Library._ranked_rows)
WINDOW = 2000  # tracts looked at first, newest first, when there are more (ditto)
PHRASE_RANK_TRACTS = 5000  # a library this small ranks phrases by bm25, keeps prefixes
_PHRASE = re.compile(r'"[^"]*\s[^"]*"')  # a quoted phrase of several words
_PREFIX = re.compile(r'"((?:[^"]|"")+)"\*')  # one quoted term with a star, as fts_query writes
_UNIT = re.compile(r'\((?:[^()"]|"(?:[^"]|"")*")*\)|"(?:[^"]|"")*"\*?|NOT')
_PREFIX_TERMS = 64  # a prefix standing for more terms than this stays a prefix


@dataclass(frozen=True)
class SearchHit:
    """A search result: the tract, the kind of its best matching block and a snippet."""

    id: str
    title: str
    kind: str
    snippet: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.kind, "snippet": self.snippet}


class Searching(Database):
    """A database with its full-text search."""

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Tracts matching ``query``, best first, one hit per tract. Accents and case are
        ignored, the last word is a prefix (``ecol`` finds ``écologie``), ``"…"`` is a phrase
        and ``-word`` excludes; any text is a valid query (nothing matches: ``[]``)."""
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        top = self._q("SELECT max(num) FROM tracts")[0][0] or 0
        expanded = match if top <= PHRASE_RANK_TRACTS else _PREFIX.sub(
            lambda m: self._prefix(m.group(1)), match)
        if expanded != match:  # FTS5 wants AND written out next to a parenthesis
            match = " ".join(_UNIT.findall(expanded))
            match = re.sub(r'(?<=["*)]) (?=[("])', " AND ", match)
        rows = self._ranked_rows(match, limit)
        if not rows:
            return []
        nums = [r[0] for r in rows]
        meta = {num: (tract_id, title) for num, tract_id, title in self._q(
            f"SELECT num, id, title FROM tracts WHERE num IN ({','.join('?' * len(nums))})",
            nums)}
        hits = []
        for num, score, *snippets in rows:
            if num in meta:
                kind, snippet = _best_snippet(tuple(snippets))
                hits.append(SearchHit(meta[num][0], meta[num][1], kind, snippet, float(score)))
        return hits

    def _prefix(self, word: str) -> str:
        """``"word"*`` made cheap. FTS5 merges the doclists of every term a long prefix
        stands for at each statement (15–20 ms for a common stem over 100,000 tracts, and a
        search runs several; a library of PHRASE_RANK_TRACTS tracts or fewer keeps the
        prefix, and bm25 sees it as one term): a complete word most tracts have is searched as that word (the
        longer words it begins would only add to plenty); any other prefix becomes the OR of
        the terms it stands for, read once from the index's vocabulary."""
        key = _key(word.replace('""', '"'))
        star = f'"{word}"*'
        if len(key) < 4 or '"' in key or " " in key:
            return star  # 2- and 3-letter prefixes have their own index: already cheap
        exact = f'"{word}"'
        if self._q("SELECT rowid FROM tract_index WHERE tract_index MATCH ? "
                   "ORDER BY rowid DESC LIMIT 1 OFFSET ?", (exact, RANK_ROWS)):
            return exact
        try:
            self._conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.tract_vocab "
                               "USING fts5vocab(main, tract_index, 'row')")
            terms = [t for (t,) in self._q(
                "SELECT term FROM temp.tract_vocab WHERE term >= ? AND term < ? LIMIT ?",
                (key, key + "\U0010ffff", _PREFIX_TERMS + 1))]
        except sqlite3.Error:
            return star
        if not terms or len(terms) > _PREFIX_TERMS or any('"' in t for t in terms):
            return star  # nothing (the tokenizer may see the word otherwise) or too many
        return "(" + " OR ".join(f'"{t}"' for t in terms) + ")"

    def _ranked_rows(self, match: str, limit: int) -> list[tuple[Any, ...]]:
        """``(rowid, score, snippet per column…)`` of the best ``limit`` matches.

        Nothing here costs in proportion to the library: no count of the matches, no bm25
        over thousands of them (a few µs each), and no bm25 for a phrase in a big library
        (its weight needs the number of tracts having the phrase: a position check in every
        tract having its words, 50–100 ms for ``"le quartier"`` over 100,000 tracts).

        * A query matching at most RANK_ROWS tracts (one row looked up at that offset tells)
          is ranked by bm25 — if it has a phrase, only in a library of PHRASE_RANK_TRACTS
          tracts at most.
        * Otherwise the newest matches are taken, looked for a window of WINDOW tracts at a
          time from the newest (the window growing fourfold), with the title matches of the
          first window before them; those with the words in their title come first, then in
          a heading or the tags, then the others, each newest first (scores -3, -2, -1).

        Snippets are made for the returned rows only (in a ranking query SQLite would make
        them for every match it sorts); they also tell where the words are."""
        top = self._q("SELECT max(num) FROM tracts")[0][0]
        if top is None:
            return []
        ranked = (top <= PHRASE_RANK_TRACTS or not _PHRASE.search(match)) and not self._q(
            "SELECT rowid FROM tract_index WHERE tract_index MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?", (match, RANK_ROWS))
        if ranked:
            rows = self._q("SELECT rowid, rank FROM tract_index WHERE tract_index MATCH ? "
                           "ORDER BY rank LIMIT ?", (match, limit))
            nums = [r[0] for r in rows]
        else:
            nums = self._newest(match, limit, int(top))
        if not nums:
            return []
        snippets = {r[0]: r[1:] for r in self._q(
            f"SELECT rowid, {_SNIPPETS} FROM tract_index WHERE tract_index MATCH ? "
            f"AND rowid IN ({','.join('?' * len(nums))})", (match, *nums))}
        empty = ("",) * len(INDEX_COLUMNS)
        if ranked:
            return [(num, score, *snippets.get(num, empty)) for num, score in rows]

        def score(num: int) -> float:
            found = snippets.get(num, empty)
            if "\x02" in found[0]:
                return -3.0
            return -2.0 if "\x02" in found[1] or "\x02" in found[6] else -1.0

        scored = sorted(((num, score(num)) for num in nums), key=lambda r: r[1])[:limit]
        return [(num, s, *snippets.get(num, empty)) for num, s in scored]

    def _newest(self, match: str, limit: int, top: int) -> list[int]:
        """Rowids of the newest ``limit`` matches (and of the title matches among the first
        window's), newest first: a window of tracts at a time, from the newest."""
        found: list[int] = []
        hi, window = top + 1, max(1, WINDOW)
        first = True
        while hi > 0 and len(found) < limit:
            lo = max(0, hi - window)
            rows = [num for (num,) in self._q(
                "SELECT rowid FROM tract_index WHERE tract_index MATCH ? AND rowid >= ? "
                "AND rowid < ? ORDER BY rowid DESC LIMIT ?", (match, lo, hi, limit))]
            if first and len(rows) == limit:  # more in this window than taken: titles first
                titles = [num for (num,) in self._q(
                    "SELECT rowid FROM tract_index WHERE tract_index MATCH ? AND rowid >= ? "
                    "AND rowid < ? ORDER BY rowid DESC LIMIT ?",
                    (f"{{title}} : ({match})", lo, hi, limit))]
                seen = set(titles)
                rows = titles + [num for num in rows if num not in seen]
            found += rows
            hi, window, first = lo, window * 4, False
        return found


def index_texts(tract: Tract) -> list[str]:
    """The text of each column of ``tract_index`` for ``tract`` (debris is not searched)."""
    cols: dict[str, list[str]] = {name: [] for name in INDEX_COLUMNS}
    if tract.title:
        cols["title"].append(tract.title)
    for b in tract.blocks:
        if b.debris or (b.kind == "title" and b.text == tract.title):
            continue
        cols[b.kind].extend(s for s in b.strings() if s.strip())
    cols["tags"] = list(tract.tags)
    return ["\n".join(cols[name]) for name in INDEX_COLUMNS]


def _best_snippet(snippets: tuple[str, ...]) -> tuple[str, str]:
    """The kind of text that matched best (most words found; the earlier column on a tie)
    and its snippet, highlight marks removed."""
    best_k, best_n = 0, -1
    for k, snip in enumerate(snippets):
        n = snip.count("\x02")
        if n > best_n:
            best_k, best_n = k, n
    if not snippets:
        return INDEX_COLUMNS[0], ""
    text = snippets[best_k].replace("\x02", "").replace("\x03", "")
    return INDEX_COLUMNS[best_k], " ".join(text.split())
