"""The event written in a tract's text: ``samedi 25 mai de 13h à 18h au parc du Thabor``.

:func:`find_events` reads French dates, times and places as groups write them and returns the
events it finds, best first; :func:`tract_events` does it for a library tract, with the day
the tract was imported as "today" (the year of ``samedi 25 mai`` is the one in which the 25th
of May is a Saturday, nearest to that day).

It is a small grammar of its own (regular expressions over an accent-free, lower-case copy
of the text, month and day names from Babel's French locale), not a general date parser:
a tract mentions many dates and times that are not the event (``25 mai 1968`` in a history
paragraph, ``3,7 %``, ``le 1er mai est une journée de lutte``), so every candidate is weighed
by the evidence around it — a weekday that matches, a time, a place, a call to come — and
only those with enough evidence are kept. Plain data, no Qt, no file format.

``dateparser`` was measured on the same table of sentences (``search_dates``, French, the
same import day): it returned a date for 50 of the 52 sentences that announce nothing, its
first date was the event's start for 27 of 84 events, it reads no place, no range of days and
no programme, and it takes 0.7 s to import. Hence this grammar.
"""

from __future__ import annotations

from pancarte.event.detect.find import find_events
from pancarte.event.detect.found import FoundEvent
from pancarte.event.detect.tract import import_day, text_url, tract_events, tract_url

__all__ = ["FoundEvent", "find_events", "import_day", "text_url", "tract_events", "tract_url"]
