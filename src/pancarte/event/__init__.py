"""The event a poster announces, and its QR code.

- :mod:`~pancarte.event.model` — :class:`Event`, :class:`ProgrammeItem` (plain data, JSON);
- :mod:`~pancarte.event.ical` — events from ``.ics`` files (:func:`read_ics`);
- :mod:`~pancarte.event.typed` — ``--when``, ``--where``, ``--geo``, ``--event-url``;
- :mod:`~pancarte.event.wording` — the event in French or English words (Babel);
- :mod:`~pancarte.event.fill` — the event put in the template's frames;
- :mod:`~pancarte.event.payload` — QR payloads: VEVENT, ``geo:``, short URL;
- :mod:`~pancarte.event.qr` — the QR frame: payload, density check, ECC, caption;
- :mod:`pancarte.cli.event` — the ``compose`` flags and their effect (in the CLI package).

Nothing here imports Qt; the modules import Babel and icalendar only where they need them.
"""
