"""Search in a big library: no count of the matches, newest windows, prefixes made cheap.

The thresholds that make a library "big" are lowered here so that a few dozen tracts take
the paths 100,000 tracts take (bench/bench_library.py measures those)."""

from __future__ import annotations

import random

import pytest

from pancarte.library import ranking
from pancarte.library.store import open_library
from pancarte.library.tract import Block

WORDS = ("logement loyers charges ascenseur chauffage bailleur amicale réunion pétition "
         "travaux humidité quartier école cantine grève piquet assemblée").split()


def _paragraph(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


@pytest.fixture
def big(tmp_path, monkeypatch):
    """60 tracts; "le quartier" is a phrase in some paragraphs and two titles."""
    rnd = random.Random(5)
    with open_library(tmp_path / "big.db", samples=False) as lib:
        for i in range(60):
            title = f"Tract {i} : {rnd.choice(WORDS)}"
            if i in (7, 41):
                title = f"Sauvons le quartier nord {i}"
            text = _paragraph(rnd, 30)
            if i % 3 == 0:
                text += " Toutes et tous pour le quartier, samedi."
            if i % 10 == 4:
                text += " Écologie et écoles : la transition écologique commence ici."
            lib.create(title=title, blocks=[Block("title", text=title),
                                            Block("paragraph", text=text)],
                       tags=["ecoles"] if i == 12 else [])
        monkeypatch.setattr(ranking, "PHRASE_RANK_TRACTS", 0)  # "big": every path below
        monkeypatch.setattr(ranking, "WINDOW", 4)
        monkeypatch.setattr(ranking, "RANK_ROWS", 3)
        yield lib


def _nums(lib, ids: list[str]) -> list[int]:
    return [lib._q("SELECT num FROM tracts WHERE id = ?", (i,))[0][0] for i in ids]


def _all_matching(lib, match: str) -> set[int]:
    return {n for (n,) in lib._q("SELECT rowid FROM tract_index WHERE tract_index MATCH ?",
                                 (match,))}


def test_a_phrase_with_a_common_word_gives_titles_first_then_the_newest(big, monkeypatch):
    everything = _all_matching(big, '"le quartier"')
    hits = big.search('"le quartier"', limit=8)
    nums = _nums(big, [h.id for h in hits])
    assert len(everything) > 8 and set(nums) <= everything and len(set(nums)) == 8
    assert all("quartier" in h.snippet for h in hits)
    # among the newest matches, the title match first (41 is among them, 7 is too old)
    assert hits[0].title == "Sauvons le quartier nord 41" and hits[0].kind == "title"
    rest = nums[1:]
    assert rest == sorted(rest, reverse=True)
    assert rest == sorted(everything - {nums[0]}, reverse=True)[: len(rest)]
    # a first window holding every tract brings every title match first
    monkeypatch.setattr(ranking, "WINDOW", 1000)
    hits = big.search('"le quartier"', limit=8)
    assert [h.title for h in hits[:2]] == ["Sauvons le quartier nord 41",
                                           "Sauvons le quartier nord 7"]
    nums = _nums(big, [h.id for h in hits])
    assert nums[2:] == sorted(everything - set(nums[:2]), reverse=True)[:6]


def test_a_rare_phrase_is_found_wherever_it_is(big):
    big.create(title="Vieux tract", blocks=[Block("paragraph", text="écoles ouvertes")])
    hits = big.search('"transition écologique"', limit=20)
    assert sorted(_nums(big, [h.id for h in hits])) == sorted(
        _all_matching(big, '"transition ecologique"'))
    assert len(hits) == 6


def test_a_prefix_stands_for_the_words_it_begins(big):
    # "ecol" is the beginning of écologie, écologique, écoles: all found, as FTS5 would
    hits = big.search("transition ecol", limit=50)
    assert sorted(_nums(big, [h.id for h in hits])) == sorted(
        _all_matching(big, '"transition" "ecol"*'))
    assert hits
    # the last word, complete and in many tracts, is searched as that word
    assert big._prefix("quartier") == '"quartier"'
    expanded = big._prefix("ecol")
    assert expanded.startswith("(") and '"ecoles"' in expanded and '"ecologique"' in expanded
    assert big._prefix("zzzz") == '"zzzz"*'  # no such word: left to FTS5
    assert big._prefix("ec") == '"ec"*'  # short prefixes have their own index


def test_expanded_prefixes_combine_with_phrases_and_exclusions(big):
    hits = big.search('"le quartier" ecol -greve', limit=50)
    expected = _all_matching(big, '"le quartier" AND "ecol"* NOT "greve"')
    assert sorted(_nums(big, [h.id for h in hits])) == sorted(expected)


def test_nothing_counts_every_match(big):
    statements: list[str] = []
    big._conn.set_trace_callback(statements.append)
    try:
        for query in ('"le quartier"', "quartier", "ecol", "quartier -quartier", "logement"):
            big.search(query)
    finally:
        big._conn.set_trace_callback(None)
    searches = [s for s in statements if "MATCH" in s]
    assert searches
    assert not [s for s in statements if "count(" in s.lower()]


def test_a_query_that_matches_nothing_returns_nothing(big):
    assert big.search("quartier -quartier") == []
    assert big.search('"quartier école zzzz"') == []
