"""The command line speaks French as the editor does: ``pancarte … --help`` of every command
(nested ones included) holds no English word, every option and sub-command has its help,
argparse's own words (``usage:``, headings, ``-h``) and its usage errors are French, one line
``pancarte : …`` and exit 2; with English selected, all of it is English."""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import run_cli  # noqa: E402
from pancarte.cli import build_parser  # noqa: E402
from pancarte.cli.common import (  # noqa: E402
    ARGPARSE_MESSAGES,
    ARGPARSE_PLURALS,
    argparse_gettext,
    argparse_ngettext,
    percent_fields,
)
from pancarte.i18n import set_language  # noqa: E402


def _editor_word_check():
    """The editor's test of its French (tests/gui/test_no_english.py): its word lists and
    ``words_in``, one check for the whole interface."""
    path = Path(__file__).resolve().parent / "gui" / "test_no_english.py"
    spec = importlib.util.spec_from_file_location("_editor_word_check", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_words = _editor_word_check()
ENGLISH, FRENCH, words_in = _words.ENGLISH, _words.FRENCH, _words.words_in
NBSP = "\u00a0"
NO_LANG = {"PANCARTE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None,
           "LANG": "C", "COLUMNS": "100"}
FR = {**NO_LANG, "PANCARTE_LANG": "fr"}
EN = {**NO_LANG, "PANCARTE_LANG": "en"}
# what argparse itself says, in English: none of it may reach a French user
ENGLISH_CLI = ENGLISH | {
    "usage", "positional", "optional", "show", "message", "exit", "required", "invalid",
    "choice", "choose", "following", "expected", "command", "commands", "template", "program",
    "default", "tract", "tracts", "tag", "tags", "list", "make", "write", "check", "before",
    "share", "whole", "identity", "identities", "page", "turn", "words", "web", "place",
    "number", "value", "version", "only", "even", "without", "then", "which", "each", "one",
    "sideways", "own", "find", "found", "store", "true", "false",
}
# French words too
ENGLISH_CLI -= {"version", "web", "message", "page", "tract", "tracts", "centre"}


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)),
                None)


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) of the program and of every sub-command, nested ones too."""
    yield path, parser
    sub = _subparsers(parser)
    if sub is not None:
        for name, child in sub.choices.items():
            yield from _walk(child, (*path, name))


def _commands() -> list[tuple[str, ...]]:
    set_language("en")
    try:
        return [path for path, _p in _walk(build_parser())]
    finally:
        set_language(None)


COMMANDS = _commands()
# names that are a contract (typed as they are whatever the language): sub-commands, choices
NAMES = sorted({name for path in COMMANDS for name in path}, key=len, reverse=True)


def _choices() -> list[str]:
    set_language("en")
    try:
        out = {str(c) for _path, p in _walk(build_parser()) for a in p._actions
               if a.choices and not isinstance(a, argparse._SubParsersAction)
               for c in a.choices}
    finally:
        set_language(None)
    return sorted(out, key=len, reverse=True)


CHOICES = _choices()


def without_contract(text: str) -> list[str]:
    """The lines of a help with what is typed as it is taken out (flags and the choice after
    them, sub-command names, ``{choices}``, quoted commands, ``$VARIABLES``): what is left is
    prose and metavars, in the user's language."""
    text = re.sub(r"«[^»]*»|“[^”]*”|\{[^}]*\}|\$\w+", " ", text)
    choices, names = "|".join(CHOICES), "|".join(NAMES)
    text = re.sub(rf"(?<![\w-])--?[A-Za-z][\w-]*(?: (?:{choices})\b)?", " ", text)
    text = re.sub(rf"\bpancarte(?: (?:{names})\b)*", " ", text)
    text = re.sub(rf"(?m)^\s+(?:{names})(?=\s)", " ", text)  # a command's line
    return text.splitlines()


def _help(path: tuple[str, ...], env: dict[str, str | None]) -> str:
    r = run_cli(*path, "--help", env=env)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout


def test_every_command_is_walked():
    assert () in COMMANDS and ("compose",) in COMMANDS
    assert ("library", "import") in COMMANDS and ("identity", "create") in COMMANDS
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "pancarte")
def test_help_in_french_has_no_english_word(path):
    out = _help(path, FR)
    assert out.startswith(f"utilisation{NBSP}: pancarte"), out[:80]
    assert f"options{NBSP}:" in out and "afficher cette aide et quitter" in out
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in out
    found = words_in(without_contract(out), ENGLISH_CLI)
    assert not found, "\n".join(f"{w}: {t}" for w, t in sorted(found.items()))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "pancarte")
def test_help_in_english_is_english(path):
    out = _help(path, EN)
    assert out.startswith("usage: pancarte"), out[:80]
    assert "show this help message and exit" in out and "options:" in out
    found = words_in(without_contract(out), FRENCH | {"afficher", "quitter", "utilisation"})
    assert not found, "\n".join(f"{w}: {t}" for w, t in sorted(found.items()))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_option_and_command_has_a_help(lang):
    set_language(lang)
    try:
        missing = []
        for path, parser in _walk(build_parser()):
            where = " ".join(("pancarte", *path))
            for action in parser._actions:
                if not action.help or action.help == argparse.SUPPRESS:
                    missing.append(f"{where} {'/'.join(action.option_strings) or action.dest}")
            sub = _subparsers(parser)
            if sub is not None:
                missing += [f"{where} {c.dest}" for c in sub._choices_actions if not c.help]
                missing += [f"{where} {name} (description)"
                            for name, child in sub.choices.items() if not child.description]
        assert not missing, missing
    finally:
        set_language(None)


def test_program_help_lists_each_command_with_its_line():
    out = _help((), FR)
    for name in ("templates", "compose", "export", "preflight", "edit", "library", "identity"):
        line = re.search(rf"(?m)^    {name} +(\S.*)$", out)
        assert line, name
        assert not words_in([line.group(1)], ENGLISH_CLI), line.group(0)
    assert "COMMANDE" in out


def test_metavars_read_in_french_and_flags_stay():
    out = _help(("compose",), FR)
    for flag in ("-o SORTIE", "--title TITRE", "--text TEXTE", "--text-file FICHIER",
                 "--size LxH", "--when QUAND", "--where LIEU", "--preset PRÉRÉGLAGE",
                 "--social {square,portrait,story}", "--event-style {long,compact}"):
        assert flag in out, flag
    assert re.search(r"(?m)^  MODÈLE +l’identifiant du modèle", out)
    english = _help(("compose",), EN)
    for flag in ("-o OUT", "--title TITLE", "--text-file FILE", "--size WxH", "TEMPLATE"):
        assert flag in english, flag


def _usage_error(*args: str, env: dict[str, str | None] = FR) -> str:
    r = run_cli(*args, env=env)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def test_missing_arguments_in_french(tmp_path):
    line = _usage_error("compose")
    assert line == f"pancarte{NBSP}: ces arguments sont obligatoires{NBSP}: MODÈLE, -o/--output"


def test_invalid_choice_in_french(tmp_path):
    line = _usage_error("compose", "affiche-a3", "-o", str(tmp_path / "x.png"), "--social",
                        "huge")
    assert line.startswith(f"pancarte{NBSP}: argument --social{NBSP}: choix invalide{NBSP}: "
                           "'huge' (au choix"), line
    assert "'square'" in line and "'story'" in line
    assert not (tmp_path / "x.png").exists()


def test_other_usage_errors_in_french(tmp_path):
    line = _usage_error("frobnicate")
    assert line.startswith(f"pancarte{NBSP}: argument COMMANDE{NBSP}: choix invalide"), line
    line = _usage_error("compose", "x", "-o", str(tmp_path / "x.pdf"), "--text", "a",
                        "--text-file", "b")
    assert line == (f"pancarte{NBSP}: argument --text-file{NBSP}: incompatible avec "
                    "l’argument --text")
    line = _usage_error("templates", "--no-such-flag")
    assert line == f"pancarte{NBSP}: arguments inconnus{NBSP}: --no-such-flag"
    line = _usage_error("compose", "x", "-o")
    assert line == f"pancarte{NBSP}: argument -o/--output{NBSP}: un argument attendu"
    # the program's own usage errors share the prefix
    line = _usage_error("compose", "flyer-a5", "-o", str(tmp_path / "x.pdf"), "--blocks", "1")
    assert line.startswith(f"pancarte{NBSP}: --blocks et --whole-text vont avec --tract"), line


def test_usage_errors_in_english(tmp_path):
    assert _usage_error("compose", env=EN) == ("pancarte: the following arguments are "
                                               "required: TEMPLATE, -o/--output")
    line = _usage_error("compose", "x", "-o", str(tmp_path / "x.png"), "--social", "huge",
                        env=EN)
    assert line.startswith("pancarte: argument --social: invalid choice: 'huge'"), line


# argparse's complaints about a parser built wrong: a bug of ours, never shown to a user
PROGRAMMER_ERRORS = {
    "%r is not callable", "'required' is an invalid argument for positionals",
    ".__call__() not defined", 'argument "-" with mode %r', "cannot have multiple subparser "
    "arguments", "cannot merge actions - two groups are named %r", "conflicting option string: "
    "%s", "conflicting subparser alias: %s", "conflicting subparser: %s",
    "dest= is required for options like %r", "invalid conflict_resolution value: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "mutually exclusive arguments must be optional",
}


def test_argparse_messages_of_this_python_are_all_known():
    """Every message the running Python's argparse translates is in the table (so in the
    catalog): a new Python's new message shows here (checked on 3.11, 3.12 and 3.13)."""
    from babel.messages.extract import extract_from_file

    known = set(ARGPARSE_MESSAGES) | {p[0] for p in ARGPARSE_PLURALS} | PROGRAMMER_ERRORS
    found = set()
    for _line, message, _comments, _context in extract_from_file(
            "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else message[0])
    assert found - known == set()


def test_argparse_words_have_their_french_with_the_same_fields():
    set_language("fr")
    try:
        for msgid in ARGPARSE_MESSAGES:
            french = argparse_gettext(msgid)
            assert french != msgid or msgid == "options", msgid
            assert percent_fields(french) == percent_fields(msgid), msgid
        assert argparse_ngettext("expected %s argument", "expected %s arguments", 3) == (
            "%s arguments attendus")
        # a message the catalog does not know stays English, whole
        assert argparse_gettext("a message of a future argparse: %(x)s") == (
            "a message of a future argparse: %(x)s")
    finally:
        set_language(None)


def test_a_translation_with_other_fields_falls_back_to_english(monkeypatch):
    import pancarte.cli.common as common

    class Broken:
        def gettext(self, message):
            return "argument cassé : %(nom)s"

        def ngettext(self, singular, plural, n):
            return "%(n)s cassés"

    monkeypatch.setattr(common, "translations", lambda lang: Broken())
    assert argparse_gettext("argument %(argument_name)s: %(message)s") == (
        "argument %(argument_name)s: %(message)s")
    assert argparse_ngettext("expected %s argument", "expected %s arguments", 2) == (
        "expected %s arguments")
