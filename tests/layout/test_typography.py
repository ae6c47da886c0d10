"""Tests for pancarte.layout.typography (French typographic rules applied at layout time)."""

from __future__ import annotations

import random
import timeit

import pytest

from pancarte.layout.typography import apply_french_rules, protected_spans, upper_fr

NB = "\u00a0"
NN = "\u202f"


def check(text: str, expected: str) -> None:
    result = apply_french_rules(text)
    assert result == expected, f"{text!r} -> {result!r}, expected {expected!r}"
    assert apply_french_rules(result) == result, f"not idempotent on {text!r}"


# ------------------------------------------------------------------------------------------
# ! ? ;
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mot !", "mot\u202f!"),
        ("mot?", "mot\u202f?"),
        ("mot ;", "mot\u202f;"),
        ("mot;", "mot\u202f;"),
        ("mot   !", "mot\u202f!"),  # several spaces collapse into one
        ("mot\t?", "mot\u202f?"),
        ("quoi ?!", "quoi\u202f?!"),  # one space before the whole run
        ("quoi?!", "quoi\u202f?!"),
        ("Non !!!", "Non\u202f!!!"),
        ("l’IA !", "l’IA\u202f!"),
        ("En 2024 ?", "En 2024\u202f?"),
        ("100 %!", "100\u00a0%\u202f!"),
        ("(vraiment ?)", "(vraiment\u202f?)"),
        ("(?)", "(?)"),  # not after an opening bracket
        ("« ?", "«\u00a0?"),
        ("? début", "? début"),  # not at the very start
        ("!", "!"),
        ("ligne\n! suite", "ligne\n! suite"),  # nor at the start of a line
        ("mot\u00a0!", "mot\u00a0!"),  # existing no-break spaces are kept
        ("mot\u202f?", "mot\u202f?"),
        ("**mot** !", "**mot**\u202f!"),  # emphasis markers are transparent
        ("**mot**!", "**mot**\u202f!"),
        ("*mot* ?", "*mot*\u202f?"),
        ("**mot !**", "**mot\u202f!**"),
        ("étoile \\* !", "étoile \\*\u202f!"),
        ("Attends... ?", "Attends…\u202f?"),
    ],
)
def test_high_punctuation(text: str, expected: str) -> None:
    check(text, expected)


# ------------------------------------------------------------------------------------------
# :
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mot :", "mot\u00a0:"),
        ("Contact : ici", "Contact\u00a0: ici"),
        ("Contact: ici", "Contact\u00a0: ici"),
        ("Contact  :  ici", "Contact\u00a0:  ici"),
        ("Programme:", "Programme\u00a0:"),  # end of text
        ("Programme:\n- accueil", "Programme\u00a0:\n- accueil"),
        ("**Contact**: ici", "**Contact**\u00a0: ici"),
        ("**Contact:** ici", "**Contact\u00a0:** ici"),
        ("13:00", "13:00"),
        ("à 13:00 !", "à 13:00\u202f!"),
        ("mailto:x", "mailto:x"),
        ("a:b", "a:b"),
        ("ligne 3: quai", "ligne 3: quai"),  # a glued colon after a digit is left alone
        ("ligne 3 : quai", "ligne 3\u00a0: quai"),
        ("mot\u00a0:", "mot\u00a0:"),
        (": début", ": début"),
        ("• 18 h : accueil", "• 18\u00a0h\u00a0: accueil"),
    ],
)
def test_colon(text: str, expected: str) -> None:
    check(text, expected)


# ------------------------------------------------------------------------------------------
# Quotes and apostrophes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"citation"', "«\u00a0citation\u00a0»"),
        ('" citation "', "«\u00a0citation\u00a0»"),
        ('Il a dit "non" puis "oui".', "Il a dit «\u00a0non\u00a0» puis «\u00a0oui\u00a0»."),
        ('Il a dit "non !"', "Il a dit «\u00a0non\u202f!\u00a0»"),
        ('("entre")', "(«\u00a0entre\u00a0»)"),
        ('**"gras"**', "**«\u00a0gras\u00a0»**"),
        ('"**gras**"', "«\u00a0**gras**\u00a0»"),
        ('mot "citation" !', "mot «\u00a0citation\u00a0»\u202f!"),
        ("« citation »", "«\u00a0citation\u00a0»"),
        ("«citation»", "«\u00a0citation\u00a0»"),
        ("«  citation  »", "«\u00a0citation\u00a0»"),
        ("«\u202fcitation\u202f»", "«\u202fcitation\u202f»"),  # existing NNBSP kept
        ("«\u00a0citation\u00a0»", "«\u00a0citation\u00a0»"),
        ("«\nligne", "«\nligne"),
    ],
)
def test_quotes(text: str, expected: str) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'IA", "l\u2019IA"),
        ("aujourd'hui", "aujourd\u2019hui"),
        ("qu'il", "qu\u2019il"),
        ("l'", "l\u2019"),
        ("L'École d'été", "L\u2019École d\u2019été"),
        ("**l'**IA", "**l\u2019**IA"),
        ("5'", "5'"),  # not after a digit
        ("'", "'"),
        ("l’IA", "l’IA"),
    ],
)
def test_apostrophe(text: str, expected: str) -> None:
    check(text, expected)


# ------------------------------------------------------------------------------------------
# Ellipsis, ranges, dashes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attends...", "Attends\u2026"),
        ("et ... puis", "et \u2026 puis"),
        ("....", "\u2026."),
        ("......", "\u2026\u2026"),
        ("..", ".."),
        ("Voir www.exemple.org... ou pas", "Voir www.exemple.org\u2026 ou pas"),
    ],
)
def test_ellipsis(text: str, expected: str) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13h-18h", "13h\u201318h"),
        ("13 h - 18 h", "13\u00a0h \u2013 18\u00a0h"),
        ("14h30-16h", "14h30\u201316h"),
        ("13:00-18:00", "13:00\u201318:00"),
        ("1936-2024", "1936\u20132024"),
        ("p. 12-15", "p.\u00a012\u201315"),
        ("du 2-6 septembre", "du 2\u20136\u00a0septembre"),
        ("2024-05-25", "2024-05-25"),  # ISO date
        ("le 2024-05-25 à 13 h", "le 2024-05-25 à 13\u00a0h"),
        ("25-05-2024", "25-05-2024"),
        ("06-12-34-56-78", "06-12-34-56-78"),  # phone number
        ("0612-345678", "0612-345678"),
        ("+33-6-12", "+33-6-12"),
        ("COVID-19", "COVID-19"),
        ("A4-5", "A4-5"),
        ("https://exemple.org/2020-2024", "https://exemple.org/2020-2024"),
        ("13h\u201318h", "13h\u201318h"),
        ("10-12 rue Haute", "10\u201312\u00a0rue Haute"),
        ("de 9 h 30 - 12 h", "de 9\u00a0h\u00a030 \u2013 12\u00a0h"),
        ("13 h - 14 h - 15 h", "13\u00a0h \u2013 14\u00a0h \u2013 15\u00a0h"),
        ("2023-24", "2023\u201324"),
    ],
)
def test_ranges(text: str, expected: str) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lundi - mardi", "lundi \u2013 mardi"),
        ("Le logement - une urgence", "Le logement \u2013 une urgence"),
        ("- item", "- item"),  # a bullet at the start of a line is left alone
        ("fin\n- item", "fin\n- item"),
        ("peut-être", "peut-être"),
        ("mot -mot", "mot -mot"),
    ],
)
def test_spaced_hyphen(text: str, expected: str) -> None:
    check(text, expected)


# ------------------------------------------------------------------------------------------
# Numbers and no-break spaces
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 mai", "25\u00a0mai"),
        ("samedi 25 mai 2024", "samedi 25\u00a0mai 2024"),
        ("13 h", "13\u00a0h"),
        ("14 h 30", "14\u00a0h\u00a030"),
        ("de 13 h à 18 h", "de 13\u00a0h à 18\u00a0h"),
        ("10 €", "10\u00a0€"),
        ("50 %", "50\u00a0%"),
        ("3 km", "3\u00a0km"),
        ("1,5 km", "1,5\u00a0km"),
        ("n° 3", "n°\u00a03"),
        ("N° 12", "N°\u00a012"),
        ("p. 7", "p.\u00a07"),
        ("le 1er mai", "le 1er\u00a0mai"),
        ("2 septembre", "2\u00a0septembre"),
        ("6 Décembre", "6\u00a0Décembre"),
        ("**25** mai", "**25**\u00a0mai"),
        ("200 personnes", "200 personnes"),  # long word: breakable
        # a phone number is never broken across lines
        ("01 23 45 67 89", "01\u00a023\u00a045\u00a067\u00a089"),
        ("A4 ou A3", "A4 ou A3"),  # not a run of digits on its own
        ("25\nmai", "25\nmai"),  # not across lines
        ("25\u202fmai", "25\u202fmai"),
    ],
)
def test_number_spaces(text: str, expected: str) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tél. : 06 12 34 56 78.", "Tél.\u00a0: 06\u00a012\u00a034\u00a056\u00a078."),
        ("Appelez le +33 6 12 34 56 78, ou le 02 99 12 34 56",
         "Appelez le +33\u00a06\u00a012\u00a034\u00a056\u00a078, ou le "
         "02\u00a099\u00a012\u00a034\u00a056"),
        ("+33 (0)6 12 34 56 78", "+33\u00a0(0)6\u00a012\u00a034\u00a056\u00a078"),
        ("06\u00a012 34\t56 78", "06\u00a012\u00a034\u00a056\u00a078"),
        ("06.12.34.56.78", "06.12.34.56.78"),  # dots do not break a line: nothing to do
        # not phone numbers: a longer run of figures, a year, a measure
        ("Scores : 10 12 14 16 18 20 22", "Scores\u00a0: 10 12 14 16 18 20 22"),
        ("code 06 12 34 56 78 90", "code 06 12 34 56 78 90"),
        ("en 2024 12 34 56 78", "en 2024 12 34 56 78"),
        ("3,06 12 34 56 78", "3,06 12 34 56 78"),
    ],
)
def test_phone_numbers_are_kept_together(text: str, expected: str) -> None:
    check(text, expected)


# ------------------------------------------------------------------------------------------
# Protected spans: URLs, e-mails, hashtags
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "https://exemple.org/a?b=c",
        "http://exemple.org/l'appel...;x",
        "https://exemple.org/a:b/c-d/2024-05-25",
        "www.exemple.org/tract?id=3",
        "exemple.org/tract?id=3",
        "collectif@exemple.org",
        "mailto:collectif@exemple.org",
        "#logement",
        "#Grève2024",
    ],
)
def test_protected_tokens_untouched(token: str) -> None:
    assert apply_french_rules(token) == token
    sentence = f"Voir {token} !"
    assert apply_french_rules(sentence) == f"Voir {token}\u202f!"
    assert protected_spans(sentence) == [(5, 5 + len(token))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Contact : collectif@exemple.org", "Contact\u00a0: collectif@exemple.org"),
        ("Site : https://exemple.org.", "Site\u00a0: https://exemple.org."),
        ("(voir https://exemple.org/a?b=c) !", "(voir https://exemple.org/a?b=c)\u202f!"),
        ('"https://exemple.org"', "«\u00a0https://exemple.org\u00a0»"),
        ("#logement!", "#logement\u202f!"),  # a hashtag behaves like a word
        ("#logement :", "#logement\u00a0:"),
        ("collectif@exemple.org?", "collectif@exemple.org?"),  # glued: may be the address
        ("https://exemple.org/?", "https://exemple.org/?"),
        ("**https://exemple.org** !", "**https://exemple.org**\u202f!"),
    ],
)
def test_protected_in_context(text: str, expected: str) -> None:
    check(text, expected)


def test_protected_spans() -> None:
    text = (
        "Voir https://exemple.org/a?b=c, (https://fr.wikipedia.org/wiki/A_(b)) et "
        "collectif@exemple.org #logement www.exemple.fr."
    )
    found = [text[s:e] for s, e in protected_spans(text)]
    assert found == [
        "https://exemple.org/a?b=c",
        "https://fr.wikipedia.org/wiki/A_(b)",
        "collectif@exemple.org",
        "#logement",
        "www.exemple.fr",
    ]
    assert protected_spans("Rien à protéger ici : 13:00, C#, n° 3.") == []
    assert protected_spans("") == []


def test_private_use_characters_survive() -> None:
    text = "a\ue000b\ue001 c https://x.org ? \ue000"
    result = apply_french_rules(text)
    assert result.count("\ue000") == 2 and result.count("\ue001") == 1
    assert "https://x.org\u202f?" in result


# ------------------------------------------------------------------------------------------
# Whole texts, idempotence, words never changed
# ------------------------------------------------------------------------------------------

TRACT = (
    "Rassemblement pour le droit au logement !\n\n"
    "Samedi 25 mai 2024, de 13 h - 18 h, place de la Mairie. Pourquoi ? Parce qu'aujourd'hui "
    'encore, des familles dorment dehors... "Assez !" disent les voisins.\n'
    "• 14 h 30 : prises de parole\n"
    "Contact: collectif@exemple.org - https://exemple.org/appel?id=3 #logement"
)
TRACT_EXPECTED = (
    "Rassemblement pour le droit au logement\u202f!\n\n"
    "Samedi 25\u00a0mai 2024, de 13\u00a0h \u2013 18\u00a0h, place de la Mairie. Pourquoi\u202f? "
    "Parce qu\u2019aujourd\u2019hui encore, des familles dorment dehors\u2026 "
    "«\u00a0Assez\u202f!\u00a0» disent les voisins.\n"
    "• 14\u00a0h\u00a030\u00a0: prises de parole\n"
    "Contact\u00a0: collectif@exemple.org \u2013 https://exemple.org/appel?id=3 #logement"
)


def test_whole_tract() -> None:
    check(TRACT, TRACT_EXPECTED)


def test_empty_and_plain() -> None:
    assert apply_french_rules("") == ""
    assert apply_french_rules("Rien à faire ici") == "Rien à faire ici"


_TOKENS = [
    "mot",
    "l'",
    "IA",
    "aujourd'hui",
    "Été",
    "œuvre",
    "25",
    "13",
    "2024",
    "h",
    "mai",
    "km",
    "€",
    "%",
    "n°",
    "p.",
    "1er",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "\u202f",
    "!",
    "?",
    ";",
    ":",
    "?!",
    '"',
    "'",
    "«",
    "»",
    "...",
    ".",
    ",",
    "-",
    " - ",
    "–",
    "*",
    "**",
    "\\*",
    "(",
    ")",
    "13:00",
    "2024-05-25",
    "13h-18h",
    "https://exemple.org/a?b=c",
    "collectif@exemple.org",
    "#logement",
    "www.x.fr",
    "\ue000",
]


def _random_texts(count: int, seed: int = 1234) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_TOKENS, k=rng.randint(0, 25))) for _ in range(count)]


def _alnum(text: str) -> list[str]:
    return [c for c in text if c.isalnum()]


def test_fuzz_idempotent_and_words_kept() -> None:
    for text in _random_texts(3000):
        once = apply_french_rules(text)
        assert apply_french_rules(once) == once, repr(text)
        assert _alnum(once) == _alnum(text), repr(text)
        assert once.count("*") == text.count("*") and once.count("\\") == text.count("\\")
        for start, end in protected_spans(text):
            assert text[start:end] in once, repr(text)


def test_fuzz_characters_idempotent() -> None:
    alphabet = "ab h:/.@#-–!?;\"'«»*\\ \u00a0\u202f\n\t0123wé()…,%€°nmai"
    rng = random.Random(99)
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 40)))
        once = apply_french_rules(text)
        assert apply_french_rules(once) == once, repr(text)
        assert _alnum(once) == _alnum(text), repr(text)
        assert len(upper_fr(text)) == len(text)


def test_hypothesis_idempotent() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")

    @hypothesis.settings(max_examples=500, deadline=None)
    @hypothesis.given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join) | st.text())
    def prop(text: str) -> None:
        once = apply_french_rules(text)
        assert apply_french_rules(once) == once
        assert _alnum(once) == _alnum(text)

    prop()


def test_speed_on_a_paragraph() -> None:
    words = TRACT.split()
    paragraph = " ".join(words[i % len(words)] for i in range(300))
    apply_french_rules(paragraph)
    seconds = min(timeit.repeat(lambda: apply_french_rules(paragraph), number=20, repeat=3)) / 20
    assert seconds < 0.01  # about 0.2 ms expected; generous bound for slow CI machines


# ------------------------------------------------------------------------------------------
# upper_fr
# ------------------------------------------------------------------------------------------


def test_upper_fr_keeps_accents_ligatures_and_eszett() -> None:
    assert upper_fr("À bas l’école, œuvre, straße") == "À BAS L’ÉCOLE, ŒUVRE, STRAßE"
    assert upper_fr("æther, ça, où, ÿ") == "ÆTHER, ÇA, OÙ, Ÿ"


@pytest.mark.parametrize(
    "text",
    [
        "À bas l’école, œuvre, straße",
        "ﬁn de la ﬂûte, ŉ, ǰ, ß ß",
        "Écrire à collectif@exemple.org ou https://exemple.org/Appel #Logement",
        "",
    ],
)
def test_upper_fr_same_length(text: str) -> None:
    result = upper_fr(text)
    assert len(result) == len(text)
    for a, b in zip(text, result, strict=True):
        assert b == a or b == a.upper()


def test_upper_fr_leaves_protected_spans() -> None:
    text = "écrivez à Collectif@Exemple.org, voir https://exemple.org/Appel?x=y #Logement !"
    assert upper_fr(text) == (
        "ÉCRIVEZ À Collectif@Exemple.org, VOIR https://exemple.org/Appel?x=y #Logement !"
    )


def test_character_references_print_as_typed() -> None:
    assert apply_french_rules("&amp; et &#38; et &eacute;") == "&amp; et &#38; et &eacute;"
    assert apply_french_rules("Tom & Jerry ; oui") == "Tom & Jerry\u202f; oui"


def test_straight_quote_glued_after_a_sign_opens() -> None:
    assert apply_french_rules('color="red"') == "color=«\u00a0red\u00a0»"
