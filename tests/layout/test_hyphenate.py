"""Tests for pancarte.layout.hyphenate (Pyphen-based hyphenation points)."""

from __future__ import annotations

import time

import pytest

from pancarte.layout.hyphenate import LEFT_MIN, RIGHT_MIN, hyphenation_points


def _letters_ok(word: str, points: tuple[int, ...], core_start: int, core_end: int) -> None:
    assert list(points) == sorted(set(points))
    for i in points:
        assert core_start + LEFT_MIN <= i <= core_end - RIGHT_MIN, (word, i)
        assert word[i - 1].isalpha() and word[i].isalpha(), (word, i)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("organisation", (2, 4, 6, 8)),  # or-ga-ni-sa-tion
        ("manifestation", (2, 4, 7, 9)),  # ma-ni-fes-ta-tion
        ("rassemblement", (3, 6, 9)),  # ras-sem-ble-ment
        ("Manifestation", (2, 4, 7, 9)),  # an initial capital is fine
    ],
)
def test_french_words(word: str, expected: tuple[int, ...]) -> None:
    points = hyphenation_points(word)
    assert points == expected
    _letters_ok(word, points, 0, len(word))
    assert all(isinstance(i, int) and type(i) is int for i in points)


@pytest.mark.parametrize("word", ["organisation", "manifestation", "solidarité", "logement"])
def test_two_three_rule(word: str) -> None:
    points = hyphenation_points(word, "fr")
    assert points
    for i in points:
        assert i >= 2 and len(word) - i >= 3


@pytest.mark.parametrize(
    "word",
    [
        "CGT",
        "RENNES",
        "MANIFESTATION",
        "L’ORGANISATION",
        "www.exemple.org",
        "https://exemple.org/manifestation",
        "collectif@exemple.org",
        "#manifestation",
        "13h30",
        "manifestation2024",
        "peut-être",
        "Saint-Denis",
        "arc‑en‑ciel",  # non-breaking hyphens
        "mani.festation",
        "aujourd’hui",  # too short after the apostrophe
        "mot",
        "",
        "«",
        "  ",
    ],
)
def test_no_points(word: str) -> None:
    assert hyphenation_points(word) == ()


def test_surrounding_punctuation() -> None:
    word = "« manifestation »"
    points = hyphenation_points(word)
    assert points == tuple(i + 2 for i in (2, 4, 7, 9))
    _letters_ok(word, points, 2, 2 + len("manifestation"))
    for word in ("(rassemblement),", "manifestation!", "“organisation”", "organisation…"):
        core = word.strip("(),!“”…")
        start = word.index(core)
        points = hyphenation_points(word)
        assert points == tuple(start + i for i in hyphenation_points(core))
        _letters_ok(word, points, start, start + len(core))


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_elision(apostrophe: str) -> None:
    word = f"l{apostrophe}organisation"
    points = hyphenation_points(word)
    assert points == (4, 6, 8, 10)  # l’or-ga-ni-sa-tion, relative to the whole string
    assert 2 not in points and 3 not in points  # never at or right after the apostrophe
    word = f"«\u00a0qu{apostrophe}organisation"
    points = hyphenation_points(word)
    assert points == tuple(i + 5 for i in (2, 4, 6, 8))


@pytest.mark.parametrize("lang", ["fr", "fr_FR", "fr-FR", "FR"])
def test_french_language_codes(lang: str) -> None:
    assert hyphenation_points("organisation", lang) == (2, 4, 6, 8)


@pytest.mark.parametrize("lang", ["en", "en_GB", "en_US"])
def test_english(lang: str) -> None:
    points = hyphenation_points("hyphenation", lang)
    assert points
    for i in points:
        assert i >= 2 and len("hyphenation") - i >= 3


@pytest.mark.parametrize("lang", ["xx", "xx_YY", "", " ", "klingon"])
def test_unknown_language(lang: str) -> None:
    assert hyphenation_points("organisation", lang) == ()


def test_cache_is_fast() -> None:
    words = ["organisation", "manifestation", "« rassemblement »", "l’organisation", "CGT"]
    for w in words:
        hyphenation_points(w)
    start = time.perf_counter()
    for i in range(10_000):
        hyphenation_points(words[i % len(words)])
    assert time.perf_counter() - start < 0.5  # a few ms when cached


def test_one_pyphen_instance_per_language() -> None:
    from pancarte.layout import hyphenate

    assert hyphenate._dictionary("fr") is hyphenate._dictionary("fr_FR")
    assert hyphenate._dictionary("fr") is hyphenate._dictionary("fr-FR")
    assert hyphenate._dictionary("xx") is None
