"""Fuzzing the two paths a hostile file takes into Pancarte: a calendar file (``--event``) and
a file to import into the library. Whatever the input, the only exceptions allowed out are the
project's typed errors (:class:`~pancarte.errors.PancarteError`).

The number of examples is small so that CI stays fast; ``HOSTILE_FUZZ_EXAMPLES=2000`` runs a
longer fuzz locally. Examples are derandomised (the same on every run) unless
``HOSTILE_FUZZ_RANDOM=1``.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile_corpus as corpus  # noqa: E402

from pancarte.errors import PancarteError  # noqa: E402

EXAMPLES = int(os.environ.get("HOSTILE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=os.environ.get("HOSTILE_FUZZ_RANDOM", "") in ("", "0"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

ZONES = ("America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "Europe/Paris",
         "UTC", "America/Montreal", "Australia/Lord_Howe")
YEARS = (1, 2, 100, 1899, 1900, 1901, 2024, 2199, 2200, 2201, 9998, 9999, 10000)

# ---- calendar files -------------------------------------------------------------------------

digits = st.integers
year = st.one_of(st.sampled_from(YEARS), digits(0, 9999))
ymd = st.builds(lambda y, m, d: f"{y:04d}{m:02d}{d:02d}", year, digits(0, 13), digits(0, 32))
hms = st.builds(lambda h, m, s: f"{h:02d}{m:02d}{s:02d}", digits(0, 24), digits(0, 60),
                digits(0, 61))


@st.composite
def moment(draw, prop: str) -> str:
    kind = draw(st.sampled_from(("date", "utc", "tzid", "floating", "garbage")))
    if kind == "date":
        return f"{prop};VALUE=DATE:{draw(ymd)}"
    stamp = f"{draw(ymd)}T{draw(hms)}"
    if kind == "utc":
        return f"{prop}:{stamp}Z"
    if kind == "tzid":
        zone = draw(st.sampled_from((*ZONES, "Mars/Olympus", "")))
        return f"{prop};TZID={zone}:{stamp}"
    if kind == "floating":
        return f"{prop}:{stamp}"
    return f"{prop}:{draw(st.text(max_size=20).map(lambda t: t.replace(chr(13), '')))}"


duration = st.one_of(
    st.builds(lambda sign, n, unit: f"DURATION:{sign}P{n}{unit}", st.sampled_from(("", "-", "+")),
              digits(0, 10**7), st.sampled_from(("D", "W"))),
    st.builds(lambda n, unit: f"DURATION:PT{n}{unit}", digits(0, 10**9), st.sampled_from("HMS")),
    st.text(max_size=12).map(lambda t: "DURATION:" + t.replace("\r", "").replace("\n", "")),
)
line_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"),
                    max_size=200)
extra = st.one_of(
    line_text.map(lambda t: "SUMMARY:" + t),
    line_text.map(lambda t: "LOCATION:" + t),
    line_text.map(lambda t: "DESCRIPTION:• 14 h : " + t + "\\n• 15 h 30 – " + t),
    st.builds(lambda a, b: f"GEO:{a};{b}", st.floats(allow_nan=True), st.floats()),
    line_text.map(lambda t: "URL:" + t),
    st.just("RRULE:FREQ=WEEKLY"),
    st.just("STATUS:CANCELLED"),
    line_text.map(lambda t: "ORGANIZER;CN=" + t + ":mailto:a@example.org"),
)


@st.composite
def calendar(draw) -> bytes:
    lines = [draw(moment("DTSTART"))]
    end = draw(st.sampled_from(("none", "dtend", "duration", "both")))
    if end in ("dtend", "both"):
        lines.append(draw(moment("DTEND")))
    if end in ("duration", "both"):
        lines.append(draw(duration))
    lines += draw(st.lists(extra, max_size=5))
    calendar_lines = draw(st.sampled_from(((), ("X-WR-TIMEZONE:Pacific/Kiritimati",),
                                           ("X-WR-TIMEZONE:Nowhere/Else",))))
    return corpus.ics(*lines, calendar=calendar_lines)


@lru_cache(maxsize=1)
def _poster():
    from pancarte.model.edit import compose

    return compose("poster-a4")


def _use_every_event(data: bytes, tz: str | None) -> None:
    """What ``compose --event`` does with a calendar: read it, fill the poster, put the event
    in the QR code, check the document."""
    from pancarte.event.fill import fill_event
    from pancarte.event.ical import parse_ics
    from pancarte.event.payload import vevent_variants
    from pancarte.event.qr import default_content, set_event_qr
    from pancarte.event.wording import event_lines, programme_lines
    from pancarte.model.document import check_document

    ics = parse_ics(data, ZoneInfo(tz) if tz else None, name="fuzz.ics")
    for event in ics.events:
        for lang in ("fr", "en"):
            event_lines(event, lang)
            event_lines(event, lang, "compact")
            programme_lines(event, lang)
        _ = event.last_day
        vevent_variants(event)
        doc, _notes = fill_event(_poster(), event)
        content = default_content(event) or "event"
        for what in {content, "event"}:
            qdoc, _notes = set_event_qr(doc, event, what)
            check_document(qdoc)


@FUZZ
@given(calendar(), st.one_of(st.none(), st.sampled_from(ZONES)))
def test_fuzz_calendar_files(data, tz):
    try:
        _use_every_event(data, tz)
    except PancarteError:
        pass


@FUZZ
@given(st.binary(max_size=400), st.sampled_from((b"", b"BEGIN:VCALENDAR\r\n",
                                                 b"BEGIN:VEVENT\r\nDTSTART:")))
def test_fuzz_calendar_bytes(data, head):
    try:
        _use_every_event(head + data, None)
    except PancarteError:
        pass


# ---- library imports ------------------------------------------------------------------------

W_TAGS = ("w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:pPr",
          "w:br", "w:tab", "w:del", "w:ins", "w:hyperlink")
ODF_TAGS = ("text:p", "text:h", "text:span", "text:list", "text:list-item", "text:section",
            "text:s", "text:line-break", "text:note", "text:a")
xml_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                   max_size=40).map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;"))


def _tree(tags: tuple[str, ...]):
    leaf = xml_text
    return st.recursive(
        leaf,
        lambda inner: st.builds(lambda tag, kids: f"<{tag}>{''.join(kids)}</{tag}>",
                                st.sampled_from(tags), st.lists(inner, max_size=4)),
        max_leaves=30)


@st.composite
def nested(draw, tags: tuple[str, ...]) -> str:
    """A random tree, sometimes wrapped in a chain a random number of levels deep."""
    depth = draw(st.one_of(st.just(0), digits(1, 40), digits(150, 260), digits(900, 2100)))
    chain = [draw(st.sampled_from(tags)) for _ in range(min(depth, 3))] or ["x"]
    opening = "".join(f"<{chain[i % len(chain)]}>" for i in range(depth))
    closing = "".join(f"</{chain[i % len(chain)]}>" for i in reversed(range(depth)))
    return opening + draw(_tree(tags)) + closing


def _import(data: bytes, name: str) -> None:
    from pancarte.library.importers import parse_bytes

    parsed = parse_bytes(data, name)
    parsed.without_debris()


@FUZZ
@given(nested(W_TAGS))
def test_fuzz_docx(body):
    try:
        _import(corpus.docx(body), "fuzz.docx")
    except PancarteError:
        pass


@FUZZ
@given(nested(ODF_TAGS))
def test_fuzz_odt(body):
    try:
        _import(corpus.odt(body), "fuzz.odt")
    except PancarteError:
        pass


@FUZZ
@given(st.binary(max_size=2000),
       st.sampled_from(("fuzz.txt", "fuzz.md", "fuzz.docx", "fuzz.odt", "fuzz")),
       st.sampled_from((b"", b"PK\x03\x04", b"\xef\xbb\xbf# ", b"\xff\xfe", b"%PDF")))
def test_fuzz_import_bytes(data, name, head):
    try:
        _import(head + data, name)
    except PancarteError:
        pass


@FUZZ
@given(st.text(max_size=3000), st.sampled_from(("fuzz.txt", "fuzz.md")))
def test_fuzz_import_text(text, name):
    try:
        _import(text.encode("utf-8", "surrogatepass"), name)
    except PancarteError:
        pass


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(("id", "title", "blocks", "kind",
                                                             "text", "items", "tags", "file",
                                                             "revision", "created", "x")),
                                            inner, max_size=5)),
    max_leaves=25)


@st.composite
def library_index(draw) -> bytes:
    tract = draw(st.dictionaries(st.sampled_from(("id", "title", "blocks", "tags", "revision",
                                                  "created", "updated", "file", "source")),
                                 json_values, max_size=7))
    if draw(st.booleans()):
        tract["id"] = draw(st.sampled_from(("0123456789abcdef0123456789abcdef", "abc", "")))
    if draw(st.booleans()):
        tract["blocks"] = draw(st.lists(st.fixed_dictionaries(
            {"kind": st.sampled_from(("paragraph", "heading", "list", "quote", "title", "x")),
             "text": st.one_of(st.text(max_size=50), json_values)}), max_size=4))
    index = {"format": draw(st.sampled_from(("pancarte-library", "other"))),
             "format_version": draw(st.one_of(st.integers(-2, 3), json_values)),
             "tracts": draw(st.one_of(st.just([tract]), json_values))}
    text = json.dumps(index)
    depth = draw(st.one_of(st.just(0), digits(1, 50), digits(900, 100_000)))
    if depth:
        text = text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    return text.encode()


@FUZZ
@given(library_index(), st.lists(st.tuples(st.sampled_from(("t.md", "../t.md", "/t.md", "a/b.md")),
                                           st.binary(max_size=100)), max_size=2))
def test_fuzz_shared_library(index, members):
    from pancarte.library.archive import read_archive_bytes

    files = {"library.json": index, **dict(members)}
    try:
        read_archive_bytes(corpus.zip_bytes(files), "fuzz.zip")
    except PancarteError:
        pass
