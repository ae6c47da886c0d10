"""Search: accents and case, prefixes, phrases, exclusions, ranking, hostile queries."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pancarte.library.search import fts_query
from pancarte.library.store import open_library
from pancarte.library.tract import Block


@pytest.fixture
def lib(tmp_path):
    with open_library(tmp_path / "search.db", samples=False) as lib:
        lib.create(title="Écologie populaire", blocks=[
            Block("title", text="Écologie populaire"),
            Block("paragraph", text="Une transition ÉCOLOGIQUE juste pour le quartier."),
        ], tags=["environnement"])
        lib.create(title="Grève à la cantine", blocks=[
            Block("title", text="Grève à la cantine"),
            Block("paragraph", text="Les agentes de la cantine sont en grève depuis lundi."),
            Block("list", items=("15 h : piquet", "18 h : assemblée"), numbered=False),
            Block("quote", text="« Nous tiendrons. »", attribution="Samia, cantinière"),
            Block("contact", text="Contact : greve@example.org"),
            Block("paragraph", text="Retour en haut écologie", debris=True),
        ])
        lib.create(title="Fête du quartier", blocks=[
            Block("title", text="Fête du quartier"),
            Block("paragraph", text="Jeux, musique et repas partagé au square ; l'anti-racisme "
                                    "en fête."),
        ], tags=["quartier"])
        yield lib


def titles(hits):
    return [h.title for h in hits]


@pytest.mark.parametrize("query", ["ecologique", "ÉCOLOGIQUE", "Ecologique", "écologique",
                                   "ecol*", "ecol", "ÉCOL", "populaire ecol"])
def test_accents_case_and_prefix(lib, query):
    assert titles(lib.search(query)) == ["Écologie populaire"]


def test_prefix_only_for_the_last_word(lib):
    assert lib.search("ecol populaire") == []  # "ecol" is a whole word here
    assert titles(lib.search("ecol* populaire")) == ["Écologie populaire"]


def test_search_every_kind_of_block(lib):
    assert lib.search("piquet")[0].kind == "list"
    assert lib.search("tiendrons")[0].kind == "quote"
    assert lib.search("cantiniere")[0].kind == "quote"  # attributions are searched
    assert lib.search("greve@example.org")[0].kind == "contact"
    assert lib.search("environnement")[0].kind == "tags"


def test_debris_is_not_searched(lib):
    assert titles(lib.search("retour haut")) == []


def test_phrase_and_exclusion(lib):
    assert titles(lib.search('"fête du quartier"')) == ["Fête du quartier"]
    assert titles(lib.search('"quartier du fête"')) == []
    assert "Fête du quartier" not in titles(lib.search("quartier -fete"))
    assert titles(lib.search("quartier -fete")) == ["Écologie populaire"]
    assert titles(lib.search("anti-racisme")) == ["Fête du quartier"]


def test_best_first_and_one_hit_per_tract(lib):
    hits = lib.search("greve")
    assert titles(hits) == ["Grève à la cantine"]
    assert hits[0].kind == "title"
    assert "Grève" in hits[0].snippet
    assert len(lib.search("e", limit=2)) <= 2


def test_snippet_is_short(lib):
    lib.create(title="Long", blocks=[Block("paragraph", text=("mot " * 500) + "trésor "
                                           + ("mot " * 500))])
    hit = lib.search("tresor")[0]
    assert "trésor" in hit.snippet and len(hit.snippet) < 200 and "…" in hit.snippet


@pytest.mark.parametrize("query", [
    "", " ", "*", '"', '""', "-", "--", "-greve", "AND", "OR", "NOT", "NEAR(", "NEAR(a b)",
    "a AND", "AND OR NOT", "(", ")", "^", "greve:", "text:greve", "{a b}", "'", "l'",
    "\\", "%", "_", "+", "NEAR/2", '"unclosed', "a\"b", "ecol**", "\x00", "😀", "é" * 2000,
])
def test_hostile_queries_never_raise(lib, query):
    result = lib.search(query)
    assert isinstance(result, list)


def test_operator_words_are_searched_as_words(lib):
    lib.create(title="Opérateurs", blocks=[Block("paragraph", text="NOT AND OR NEAR")])
    assert titles(lib.search("NOT")) == ["Opérateurs"]
    assert titles(lib.search("NEAR(")) == ["Opérateurs"]


def test_nothing_found_is_an_empty_list(lib):
    assert lib.search("zzzzzz") == []
    assert lib.search("*") == []


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_is_a_valid_query(text):
    import sqlite3

    expr = fts_query(text)
    if expr is None:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('écologie populaire')")
    conn.execute("SELECT * FROM t WHERE t MATCH ?", (expr,)).fetchall()


def test_fts_query_shapes():
    assert fts_query("ecologique") == '"ecologique"*'
    assert fts_query("fête du quartier") == '"fête" "quartier"*'  # stop words left out
    assert fts_query("le") == '"le"' and fts_query("le la") == '"le" "la"'  # unless alone
    assert fts_query('"fête du quartier"') == '"fête du quartier"'
    assert fts_query("e") == '"e"' and fts_query("ec") == '"ec"*'  # prefixes of 2+ letters
    assert fts_query('"fête du" quart') == '"fête du" "quart"*'
    assert fts_query("loyer -greve") == '"loyer"* NOT "greve"'
    assert fts_query("*") is None and fts_query('"') is None and fts_query("-x") is None


def test_words_may_come_from_different_blocks(lib):
    hit = lib.search("greve piquet")
    assert titles(hit) == ["Grève à la cantine"]
    assert titles(lib.search("cantine -piquet")) == []


def test_stop_words_do_not_hide_results(lib):
    assert titles(lib.search("la fête du quartier")) == ["Fête du quartier"]
    assert titles(lib.search("à la cantine")) == ["Grève à la cantine"]


def test_very_common_words_rank_titles_first_then_newest(lib, monkeypatch):
    from pancarte.library import ranking

    monkeypatch.setattr(ranking, "RANK_ROWS", 1)  # every query is "very common" here
    newest = lib.create(title="Sans rapport", blocks=[Block("paragraph", text="quartier")])
    hits = lib.search("quartier")
    assert titles(hits)[0] == "Fête du quartier"  # the title match comes first
    assert [h.id for h in hits][1] == newest.id  # then the newest tract
    assert len(hits) == 3 and len({h.id for h in hits}) == 3
    monkeypatch.setattr(ranking, "RANK_ROWS", 0)  # even the title matches are too many
    hits = lib.search("quartier")
    assert len(hits) == 3 and len({h.id for h in hits}) == 3
