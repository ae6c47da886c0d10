"""Importers: every shape a tract takes, every encoding, .odt/.docx, hostile files.

Every test that parses checks that nothing was lost (``assert_nothing_lost``)."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest
from library_support import (
    assert_nothing_lost,
    docx_bytes,
    docx_p,
    kinds,
    odt_bytes,
    odt_p,
)

from pancarte.library.errors import LibraryError
from pancarte.library.importers import parse_bytes, parse_text, read_document
from pancarte.library.importers.decoding import MAX_FILE, sniff
from pancarte.library.importers.docx import parse_docx
from pancarte.library.importers.odt import parse_odt
from pancarte.library.importers.shapes import is_contact, is_debris
from pancarte.library.store import open_library


def parse(text: str, markdown: bool = False):
    parsed = parse_text(text, markdown=markdown)
    assert_nothing_lost(text, parsed)
    return parsed


def blocks_of(parsed, kind: str):
    return [b for b in parsed.blocks if b.kind == kind]


# ---------------------------------------------------------------------------------------------
# Shapes


def test_title_on_first_line_and_paragraphs_joined():
    p = parse("Fête du quartier !\n\nVenez nombreuses et nombreux\nà la fête du square.\n\n"
              "Il y aura des jeux,\ndes crêpes et de la musique.\n")
    assert kinds(p) == ["title", "paragraph", "paragraph"]
    assert p.blocks[0].text == "Fête du quartier !"
    assert p.blocks[1].text == "Venez nombreuses et nombreux à la fête du square."
    assert p.title == "Fête du quartier !"


def test_wrapped_first_paragraph_is_not_a_title():
    p = parse("Depuis des mois les loyers augmentent dans notre quartier et les\n"
              "expulsions se multiplient sans que personne ne réagisse.\n")
    assert kinds(p) == ["paragraph"]


@pytest.mark.parametrize("dash", ["—", "–", "--"])
def test_dash_headings(dash):
    p = parse(f"Titre !\n\nUn premier paragraphe.\n\n{dash} Le logement : une urgence !\n\n"
              "Un second paragraphe.\n")
    assert kinds(p) == ["title", "paragraph", "heading", "paragraph"]
    assert p.blocks[2].text == "Le logement : une urgence !"
    assert dash in p.removed


def test_symmetric_dash_heading_loses_both_dashes():
    p = parse("Titre\n\nTexte.\n\n— Nos revendications —\n\nSuite.\n")
    assert p.blocks[2].kind == "heading" and p.blocks[2].text == "Nos revendications"


def test_short_line_without_punctuation_between_paragraphs_is_a_heading():
    p = parse("Titre !\n\nUn paragraphe qui dit quelque chose.\n\nLe programme\n\n"
              "Un autre paragraphe.\n")
    assert kinds(p) == ["title", "paragraph", "heading", "paragraph"]


def test_short_line_with_final_punctuation_is_a_paragraph():
    p = parse("Titre !\n\nUn paragraphe.\n\nVenez nombreux !\n\nUn autre paragraphe.\n")
    assert kinds(p) == ["title", "paragraph", "paragraph", "paragraph"]


def test_heading_directly_above_its_text():
    p = parse("Titre !\n\nIntro.\n\nLe programme\nNous commencerons par un accueil en musique, "
              "puis viendront les prises de parole.\n")
    assert kinds(p) == ["title", "paragraph", "heading", "paragraph"]


def test_programme_is_one_list_block():
    text = ("Fête !\n\nLe programme\n"
            "• 15 h : jeux\n"
            "- 16 h : goûter\n"
            "* 17 h 30 : concert\n"
            "– 18 h : repas\n"
            "– 20 h : bal\n")
    p = parse(text)
    lists = blocks_of(p, "list")
    assert len(lists) == 1
    assert lists[0].numbered is False
    assert lists[0].items == ("15 h : jeux", "16 h : goûter", "17 h 30 : concert",
                              "18 h : repas", "20 h : bal")
    assert kinds(p) == ["title", "heading", "list"]


def test_programme_split_by_blank_lines_is_still_one_list():
    p = parse("Fête !\n\n• 15 h : jeux\n\n• 16 h : goûter\n\n• 17 h : concert\n")
    assert len(blocks_of(p, "list")) == 1
    assert len(blocks_of(p, "list")[0].items) == 3


def test_single_en_dash_line_with_a_time_is_a_programme_item():
    p = parse("Titre\n\nIntro.\n\n– 18 h : accueil\n")
    assert kinds(p)[-1] == "list"


@pytest.mark.parametrize("style", ["{n} – ", "{n}. ", "{n}) ", "{n} - "])
def test_numbered_points(style):
    items = ["Le gel des loyers ;", "La réquisition des logements vides ;",
             "Un plan de construction de logements sociaux."]
    text = "Nos revendications\n\n" + "\n".join(
        style.format(n=i) + item for i, item in enumerate(items, 1)) + "\n"
    p = parse(text)
    lst = blocks_of(p, "list")
    assert len(lst) == 1 and lst[0].numbered
    assert list(lst[0].items) == items


def test_numbered_points_as_long_paragraphs():
    text = ("Compte rendu\n\n"
            "1. Le chauffage : depuis novembre, les bâtiments B et C ont connu onze\n"
            "coupures. Nous écrivons au bailleur.\n\n"
            "2) Les charges : l'augmentation n'est pas justifiée. Une commission\n"
            "épluchera les décomptes.\n\n"
            "3 – Les ascenseurs tombent en panne chaque semaine.\n\n"
            "Prochaine assemblée le 9 avril.\n")
    p = parse(text)
    lst = blocks_of(p, "list")
    assert len(lst) == 1 and lst[0].numbered and len(lst[0].items) == 3
    assert lst[0].items[0] == ("Le chauffage : depuis novembre, les bâtiments B et C ont connu "
                               "onze coupures. Nous écrivons au bailleur.")
    assert p.blocks[-1].kind == "paragraph"


def test_a_number_out_of_sequence_is_text():
    p = parse("Titre\n\n14 - 18 : une guerre qui a marqué le quartier.\n")
    assert "list" not in kinds(p)


def test_quote_and_attribution():
    text = ("Titre\n\n« Le droit au logement n'est pas un privilège,\nc’est un droit. »\n"
            "– Marie Dupont, L'abri et la ville, 1987.\n\nSuite du texte.\n")
    p = parse(text)
    q = blocks_of(p, "quote")[0]
    assert q.text == "« Le droit au logement n'est pas un privilège, c’est un droit. »"
    assert q.attribution == "Marie Dupont, L'abri et la ville, 1987."
    assert kinds(p) == ["title", "quote", "paragraph"]


def test_attribution_after_a_blank_line_and_straight_quotes():
    p = parse('Titre\n\n"Nous ne lâcherons rien."\n\n— Une gréviste, 2023\n\nFin.\n')
    q = blocks_of(p, "quote")[0]
    assert q.text == '"Nous ne lâcherons rien."' and q.attribution == "Une gréviste, 2023"


def test_quote_and_attribution_on_one_line():
    p = parse("Titre\n\n« Ensemble, on est plus forts. » — Louise, habitante\n")
    q = blocks_of(p, "quote")[0]
    assert q.text == "« Ensemble, on est plus forts. »" and q.attribution == "Louise, habitante"


def test_sentence_starting_with_a_quote_is_a_paragraph():
    p = parse("Titre\n\n« Non ! » a répondu la direction, encore une fois.\n")
    assert kinds(p) == ["title", "paragraph"]


def test_dash_heading_after_a_quote_is_not_an_attribution():
    p = parse("Titre\n\n« Une citation. »\n\n— Et maintenant, on agit !\n\nTexte.\n")
    assert blocks_of(p, "quote")[0].attribution == ""
    assert blocks_of(p, "heading")[0].text == "Et maintenant, on agit !"


@pytest.mark.parametrize("line", [
    "Contact : collectif@example.org",
    "Contacts : Léa 06 12 34 56 78",
    "Tél. : 01 99 00 12 34",
    "Site : https://lilas.example.org",
    "collectif@example.org",
    "www.example.org",
    "+33 1 99 00 12 34",
    "Collectif des Lilas — lilas@example.org — 01 99 00 12 34",
    "Plus d'infos sur www.example.org",
])
def test_contact_lines(line):
    assert is_contact(line)
    p = parse(f"Titre\n\nUn texte.\n\n{line}\n")
    assert p.blocks[-1].kind == "contact" and p.blocks[-1].text == line


@pytest.mark.parametrize("line", [
    "Écrivez-nous à collectif@example.org pour participer à la fête.",
    "Signez la pétition sur https://example.org/petition avant le 28 mai, merci à toutes et tous.",
])
def test_emails_and_urls_inside_sentences_stay_in_paragraphs(line):
    assert not is_contact(line)
    p = parse(f"Titre\n\n{line}\n")
    assert p.blocks[-1].kind == "paragraph" and p.blocks[-1].text == line


def test_signature_above_contact_goes_with_it():
    p = parse("Titre\n\nTexte.\n\nCollectif des Lilas\nContact : lilas@example.org\n")
    assert kinds(p) == ["title", "paragraph", "contact", "contact"]


def test_hashtags_stay_in_text():
    p = parse("Titre\n\nOn se retrouve samedi ! #logement #SaintAubin\n\n#FêteDesLilas\n\nFin.\n")
    assert p.blocks[1].text == "On se retrouve samedi ! #logement #SaintAubin"
    assert p.blocks[2].kind == "paragraph" and p.blocks[2].text == "#FêteDesLilas"


@pytest.mark.parametrize("line", [
    "Retour en haut", "Retour en haut de page ↑", "Partager", "Partager sur Facebook",
    "Lire aussi : Les expulsions reprennent", "À lire aussi", "Imprimer", "Imprimer cet article",
    "Facebook Twitter E-mail", "Accueil > Actualités > Logement",
    "Ce site utilise des cookies. En poursuivant votre navigation, vous les acceptez.",
    "© 2024 Collectif des Lilas",
])
def test_debris_is_flagged(line):
    assert is_debris(line)
    p = parse(f"Titre\n\nTexte du tract.\n\n{line}\n")
    assert p.blocks[-1].kind == "paragraph" and p.blocks[-1].debris
    assert p.blocks[-1].text == line.strip()
    assert not p.without_debris().blocks[-1].debris


@pytest.mark.parametrize("line", [
    "Menu : couscous végétarien et tartes maison", "Partager un repas, c'est déjà lutter.",
    "Vente de cookies maison au profit de la caisse de grève.",
])
def test_not_debris(line):
    assert not is_debris(line)


def test_debris_before_the_title_does_not_take_its_place():
    p = parse("Accueil > Actualités\nPartager\nFête du quartier !\n\nTexte.\n")
    titles = blocks_of(p, "title")
    assert titles and titles[0].text == "Fête du quartier !"
    assert p.blocks[0].debris


def test_debris_inside_a_chunk_is_split_out():
    p = parse("Titre\n\nUn paragraphe.\nPartager\nLa suite.\n")
    assert [b.debris for b in p.blocks] == [False, False, True, False]


def test_existing_no_break_spaces_and_quotes_are_kept():
    text = ("Grève\u00a0!\n\nLes «\u00a0nouveaux roulements\u00a0» et les \"horaires\"\u202f: "
            "l'équipe et l’atelier disent non\u202f!\n")
    p = parse(text)
    assert p.blocks[0].text == "Grève\u00a0!"
    assert p.blocks[1].text == text.split("\n\n")[1].strip("\n")


def test_address_lines_keep_their_breaks():
    p = parse("Titre\n\nTexte.\n\nMaison des associations\n12 rue des Lilas\n93100 Montreuil\n")
    assert p.blocks[-1].text == "Maison des associations\n12 rue des Lilas\n93100 Montreuil"


def test_hyphen_at_line_end_joins_without_space():
    p = parse("Titre\n\nLes habitantes et habitants du quartier se sont mobili-\nsées en masse.\n")
    assert "mobili-sées" in p.blocks[1].text


def test_rules_are_taken_off():
    p = parse("Titre\n\nTexte.\n\n-----\n\nSuite.\n")
    assert kinds(p) == ["title", "paragraph", "paragraph"]


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_shapes():
    text = ("# Réunion publique !\n\nLe rectorat veut **fermer deux classes**.\n\n"
            "## Ordre du jour\n\n1. Les chiffres\n2. Les témoignages\n3. Les actions\n\n"
            "## Matériel\n\n- des banderoles\n* des *affiches*\n\n"
            "> « L'école est un bien commun. »\n>\n> — Jeanne Roussel, 1972\n\n"
            "Contact : parents@example.org\n")
    p = parse(text, markdown=True)
    assert kinds(p) == ["title", "paragraph", "heading", "list", "heading", "list", "quote",
                        "contact"]
    assert p.blocks[1].text == "Le rectorat veut **fermer deux classes**."
    assert p.blocks[3].numbered and p.blocks[3].items == ("Les chiffres", "Les témoignages",
                                                          "Les actions")
    assert p.blocks[5].items == ("des banderoles", "des *affiches*")
    assert p.blocks[6].text == "« L'école est un bien commun. »"
    assert p.blocks[6].attribution == "Jeanne Roussel, 1972"


def test_markdown_setext_heading_links_and_rules():
    text = ("Titre\n=====\n\nVoir [notre site](https://example.org) pour tout savoir.\n\n"
            "***\n\nSous-titre\n----------\n\nTexte.\n")
    p = parse(text, markdown=True)
    assert kinds(p) == ["title", "paragraph", "heading", "paragraph"]
    assert p.blocks[1].text == "Voir notre site (https://example.org) pour tout savoir."


def test_markdown_short_lines_are_not_guessed_headings():
    p = parse("# Titre\n\nTexte.\n\nVenez nombreux\n\nSuite.\n", markdown=True)
    assert kinds(p) == ["title", "paragraph", "paragraph", "paragraph"]


def test_markdown_list_item_continuation():
    p = parse("# T\n\n- un point long qui continue\n  sur la ligne suivante\n- un autre\n",
              markdown=True)
    assert p.blocks[1].items == ("un point long qui continue sur la ligne suivante", "un autre")


def test_markdown_detected_by_extension_and_by_heading(tmp_path):
    md = tmp_path / "appel.md"
    md.write_text("Titre\n\n- un\n- deux\n", encoding="utf-8")
    assert read_document(md).format == "markdown"
    txt = tmp_path / "appel.txt"
    txt.write_text("# Titre\n\nTexte.\n", encoding="utf-8")
    assert read_document(txt).format == "markdown"
    plain = tmp_path / "plain.txt"
    plain.write_text("#Hashtag en premier\n\nTexte.\n", encoding="utf-8")
    assert read_document(plain).format == "text"


# ---------------------------------------------------------------------------------------------
# Encodings

SAMPLE = ("Fête du quartier !\n\nÉcole, œuvre, « guillemets », l'été à 15 h.\n\n"
          "• 15 h : jeux\n• 18 h : bal\n\nContact : fête@example.org\n")
SAMPLE_LATIN1 = SAMPLE.replace("œuvre", "oeuvre").replace("•", "-")  # not in Latin-1


@pytest.mark.parametrize("encoding, text, bom", [
    ("utf-8", SAMPLE, b""),
    ("utf-8", SAMPLE, codecs.BOM_UTF8),
    ("utf-16-le", SAMPLE, codecs.BOM_UTF16_LE),
    ("utf-16-be", SAMPLE, codecs.BOM_UTF16_BE),
    ("cp1252", SAMPLE, b""),
    ("latin-1", SAMPLE_LATIN1, b""),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_ends(tmp_path, encoding, text, bom, newline):
    path = tmp_path / "tract.txt"
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    parsed = read_document(path)
    assert_nothing_lost(text, parsed)
    reference = parse_text(text)
    assert parsed.blocks == reference.blocks
    assert "\r" not in "".join(s for b in parsed.blocks for s in b.strings())


def test_decomposed_accents_are_composed(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_bytes("E\u0301cole pour tous\n\nLa fe\u0302te.\n".encode())
    parsed = read_document(path)
    assert parsed.blocks[0].text == "École pour tous"


def test_utf16_without_bom(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("Grève !\n\nTexte accentué.\n".encode("utf-16-le"))
    assert read_document(path).blocks[0].text == "Grève !"


# ---------------------------------------------------------------------------------------------
# Files that cannot be imported


@pytest.mark.parametrize("data, needle", [
    (b"", "empty"),
    (b"   \n\n\t  \n", "empty"),
    (b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (bytes(range(1, 32)) * 20, "binary"),
])
def test_unimportable(tmp_path, data, needle):
    path = tmp_path / "file.txt"
    path.write_bytes(data)
    with pytest.raises(LibraryError, match=needle):
        read_document(path)


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (MAX_FILE + 1))
    with pytest.raises(LibraryError, match="too large"):
        read_document(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LibraryError, match="cannot read"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(LibraryError, match="folder"):
        read_document(tmp_path)


def test_other_zip_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff")
    assert sniff(buf.getvalue()) == "zip"
    with pytest.raises(LibraryError, match="archive"):
        parse_bytes(buf.getvalue(), "photos.zip")


# ---------------------------------------------------------------------------------------------
# OpenDocument


ODT_BODY = (
    '<text:h text:outline-level="1">Fête du quartier !</text:h>'
    + odt_p("Venez nombreuses et nombreux,<text:s text:c=\"2\"/>le 15 juin.")
    .replace("&lt;text:s text:c=\"2\"/&gt;", '<text:s text:c="2"/>')
    + '<text:h text:outline-level="2">Le programme</text:h>'
    + '<text:list text:style-name="L1">'
    + "".join(f"<text:list-item>{odt_p(t)}</text:list-item>"
              for t in ("15 h : jeux", "18 h : concert"))
    + "</text:list>"
    + '<text:list text:style-name="L2">'
    + "".join(f"<text:list-item>{odt_p(t)}</text:list-item>"
              for t in ("Apportez un plat", "Apportez une chaise"))
    + "</text:list>"
    + odt_p("« Une fête pour toutes et tous. »")
    + odt_p("– Le collectif, 2024")
    + "<table:table><table:table-row><table:table-cell>"
    + odt_p("Contact : lilas@example.org")
    + "</table:table-cell></table:table-row></table:table>"
    + odt_p("Retour en haut")
)
ODT_SOURCE = ("Fête du quartier !\nVenez nombreuses et nombreux, le 15 juin.\nLe programme\n"
              "• 15 h : jeux\n• 18 h : concert\n1. Apportez un plat\n2. Apportez une chaise\n"
              "« Une fête pour toutes et tous. »\n– Le collectif, 2024\n"
              "Contact : lilas@example.org\nRetour en haut\n")


def test_odt_detected_by_content_and_parsed(tmp_path):
    data = odt_bytes(ODT_BODY)
    assert sniff(data) == "odt"
    path = tmp_path / "tract.bin"  # the extension does not matter
    path.write_bytes(data)
    p = read_document(path)
    assert p.format == "odt"
    assert kinds(p) == ["title", "paragraph", "heading", "list", "list", "quote", "contact",
                        "paragraph"]
    assert p.blocks[1].text == "Venez nombreuses et nombreux,  le 15 juin."
    assert p.blocks[3].items == ("15 h : jeux", "18 h : concert") and not p.blocks[3].numbered
    assert p.blocks[4].numbered
    assert p.blocks[5].attribution == "Le collectif, 2024"
    assert p.blocks[-1].debris
    removed_free = ODT_SOURCE.replace("• ", "").replace("1. ", "").replace("2. ", "")
    assert_nothing_lost(removed_free, p)


def test_odt_title_style_and_line_breaks():
    body = (odt_p("Grève !", style="P1")
            + "<text:p>Première ligne<text:line-break/>12 rue des Lilas</text:p>")
    p = parse_odt(odt_bytes(body))
    assert p.blocks[0].kind == "title" and p.blocks[1].text == "Première ligne\n12 rue des Lilas"


def test_odt_wrong_mimetype_is_not_odt():
    data = odt_bytes(ODT_BODY, mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
    assert sniff(data) == "zip"


@pytest.mark.parametrize("content, needle", [
    (b"<not xml", "damaged"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     b"<x>&b;</x>", "forbidden"),
    (b'<?xml version="1.0"?><x/>', "no text body"),
])
def test_odt_hostile_or_damaged_xml(content, needle):
    with pytest.raises(LibraryError, match=needle):
        parse_odt(odt_bytes("", content=content))


def test_odt_zip_bomb_is_refused():
    big = b"<x>" + b" " * 60_000_000 + b"</x>"
    with pytest.raises(LibraryError, match="too large"):
        parse_odt(odt_bytes("", content=big))


def test_odt_lying_size_is_refused():
    data = bytearray(odt_bytes(odt_p("x" * 5000)))
    # shrink the declared size of content.xml in the central directory
    cd = data.rfind(b"PK\x01\x02", 0, data.find(b"content.xml", data.find(b"PK\x01\x02")))
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    with pytest.raises(LibraryError):
        parse_odt(bytes(data))


# ---------------------------------------------------------------------------------------------
# Word


def test_docx_detected_by_content_and_parsed(tmp_path):
    body = (docx_p("Solidarité avec les grévistes !", style="Title")
            + docx_p("Depuis dix jours, ", runs=["Depuis dix jours, ", "elles sont en grève."])
            + docx_p("Comment aider", style="Titre1")
            + docx_p("Passer au piquet", num_id=1) + docx_p("Donner à la caisse", num_id=1)
            + docx_p("Premier point", num_id=2) + docx_p("Second point", num_id=2)
            + "<w:tbl><w:tr><w:tc>" + docx_p("Tél. : 01 99 00 12 34") + "</w:tc></w:tr></w:tbl>"
            + '<w:p><w:del><w:r><w:delText>supprimé</w:delText></w:r></w:del>'
            + "<w:r><w:t>Partager</w:t></w:r></w:p>")
    data = docx_bytes(body)
    assert sniff(data) == "docx"
    path = tmp_path / "tract"  # no extension
    path.write_bytes(data)
    p = read_document(path)
    assert p.format == "docx"
    assert kinds(p) == ["title", "paragraph", "heading", "list", "list", "contact", "paragraph"]
    assert p.blocks[1].text == "Depuis dix jours, elles sont en grève."
    assert not p.blocks[3].numbered and p.blocks[4].numbered
    assert p.blocks[-1].debris and p.blocks[-1].text == "Partager"
    source = ("Solidarité avec les grévistes ! Depuis dix jours, elles sont en grève. "
              "Comment aider Passer au piquet Donner à la caisse Premier point Second point "
              "Tél. : 01 99 00 12 34 Partager")
    assert_nothing_lost(source, p)


def test_docx_breaks_tabs_and_manual_bullets():
    body = ('<w:p><w:r><w:t>Fête du quartier !</w:t><w:br/><w:t>Samedi 15 juin</w:t></w:r>'
            "</w:p>"
            + docx_p("Le programme")
            + docx_p("• 15 h : jeux") + docx_p("• 18 h : bal")
            + '<w:p><w:r><w:t>Salle des fêtes</w:t><w:cr/><w:t>12 rue des Lilas</w:t>'
            "<w:tab/><w:t>Montreuil</w:t></w:r></w:p>")
    p = parse_docx(docx_bytes(body))
    assert kinds(p) == ["title", "paragraph", "heading", "list", "paragraph"]
    assert p.blocks[0].text == "Fête du quartier !" and p.blocks[1].text == "Samedi 15 juin"
    assert p.blocks[3].items == ("15 h : jeux", "18 h : bal")
    assert p.blocks[4].text == "Salle des fêtes\n12 rue des Lilas\tMontreuil"


def test_docx_bomb_and_entities():
    with pytest.raises(LibraryError, match="too large"):
        parse_docx(docx_bytes("", document=b"<x>" + b"a" * 45_000_000 + b"</x>"))
    with pytest.raises(LibraryError, match="forbidden"):
        parse_docx(docx_bytes("", document=b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                              b"<x>&e;</x>"))


def test_docx_without_body_or_text():
    with pytest.raises(LibraryError, match="empty"):
        parse_docx(docx_bytes(docx_p("   ")))
    with pytest.raises(LibraryError, match="damaged"):
        parse_bytes(b"PK\x03\x04garbage" * 10, "broken.docx")


@pytest.mark.parametrize("text, markdown", [
    (("mot " * 15 + "\n") * 16_000, False),  # one long hard-wrapped paragraph
    ("Un paragraphe court.\n\n" * 45_000, False),
    ("7. point\n" * 110_000, False),  # numbers out of sequence: each looks ahead
    ("« citation sans fin\n" * 50_000, False),
    ("— Titre\n" * 120_000, False),
    ("1. début\n" + "suite du point\n" * 65_000, False),
    ("x" * 1_000_000, False),
    (("x" * 999 + " ") * 1000, False),
    (("# " + " " * 50 + "x" + " " * 50 + "#a\n") * 9_000, True),
    (("[" * 999 + "\n") * 1000, True),
])
def test_large_inputs_parse_in_linear_time(text, markdown):
    import time

    t0 = time.perf_counter()
    try:
        assert parse_text(text, markdown=markdown).blocks
    except LibraryError as exc:  # too many parts for one tract: refused, but quickly
        assert "too many parts" in str(exc) or "too long" in str(exc)
    assert time.perf_counter() - t0 < 10, "quadratic somewhere"  # linear: well under 2 s


def test_what_is_imported_can_be_read_back(tmp_path):
    with open_library(tmp_path / "l.db", samples=False) as lib:
        for text in ("T\n\n" + "Un paragraphe.\n\n" * 6000, "T\n\n" + "• x\n" * 1500,
                     "T\n\n" + "mot " * 60_000):
            path = tmp_path / "big.txt"
            path.write_text(text, "utf-8")
            with pytest.raises(LibraryError, match="too"):
                lib.import_file(path)
        path.write_text("T\n\n" + "Un paragraphe.\n\n" * 4000, "utf-8")
        tract, _ = lib.import_file(path)
        assert len(lib.get(tract.id).blocks) == 4001
