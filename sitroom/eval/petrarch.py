"""``sitroom eval petrarch FILE``: agreement with the PETRARCH2 unit-test records (a report, not a target).

FILE is ``PETR.UnitTest.records.xml`` (or a folder holding one ``.xml`` file): ``<Sentence id date category>``
elements, each with ``<EventCoding sourcecode targetcode eventcode>`` (one or more), ``<EventCoding
noevents="True">`` (nothing to code) or ``<EventCoding error=...>`` (a record that must make the coder fail; left
out), and the sentence in ``<Text>``. They are stylised sentences about fictional actors (Arnor, Gondor) written
to exercise PETRARCH's verb patterns: a regression suite, not a sample of news.

sitroom's real pipeline reads each sentence (the record date as the publication date) and is scored as in
:mod:`sitroom.eval.plover`, with CAMEO root codes for types:

* event_type -- the first event's type mapped to a CAMEO root (``sitroom/data/event_coding.yaml``) against the
  roots of the record's codings (the first two digits of ``eventcode``); codes whose first two digits are not a
  CAMEO root (01-20: the validation file's own "903", "212", "345" ...) are left out of this field;
* actor1 / actor2 -- sitroom's actor against the source / target codes: only by country (the actor's ISO2
  country as alpha-3 against the first three letters of the code) since the records carry codes, not actor
  text; fictional actors cannot match;
* date -- the event's date (else the publication date) against the record date (the story date PETRARCH gives
  every event);
* no_event -- sitroom reads no event where the gold codes none.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

from sitroom.errors import EvalError
from sitroom.eval.plover import GoldActor, GoldEvent, GoldRecord, format_metrics, run, single


def cameo_root(code: str) -> str | None:
    """The two-digit CAMEO root of an event code ("0874" -> "08", "174K" -> "17"), or None outside 01-20."""
    m = re.match(r"\s*([0-9][0-9])", code or "")
    if not m or not 1 <= int(m.group(1)) <= 20:
        return None
    return m.group(1)


def _date(value: str, where: str) -> date | None:
    v = (value or "").strip()
    if not v:
        return None
    try:
        return date(int(v[:4]), int(v[4:6]), int(v[6:8]))
    except ValueError as exc:
        raise EvalError(f"{where}: date {value!r} is not YYYYMMDD") from exc


def load(path: str | Path) -> tuple[list[GoldRecord], dict]:
    """The unit-test sentences with their codings, and counts of the records left out (and why)."""
    p = single(Path(path), ".xml", "PETRARCH unit-test records (.xml)")
    try:
        root = ET.parse(p).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalError(f"cannot read {p}: {exc}", hint="pass the PETRARCH validation records XML") from exc
    sentences = root.iter("Sentence")
    records, skipped = [], Counter()
    for n, s in enumerate(sentences):
        rid = (s.get("id") or str(n)).strip()
        text = " ".join((s.findtext("Text") or "").split())
        codings = s.findall("EventCoding")
        if not text:
            skipped["no text"] += 1
            continue
        if any(c.get("error") is not None for c in codings):
            skipped["error records"] += 1  # they test that the coder rejects bad input
            continue
        rec = GoldRecord(id=rid, text=text, date=_date(s.get("date") or "", f"{p}: {rid}"))
        for c in codings:
            if (c.get("noevents") or "").strip().lower() == "true":
                rec.no_event = True
                continue
            code = (c.get("eventcode") or "").strip()
            if not code:
                continue
            rec.events.append(
                GoldEvent(
                    type=cameo_root(code),
                    code=code,
                    sources=[GoldActor(text="", code=c.get("sourcecode") or "")]
                    if (c.get("sourcecode") or "").strip()
                    else [],
                    targets=[GoldActor(text="", code=c.get("targetcode") or "")]
                    if (c.get("targetcode") or "").strip()
                    else [],
                )
            )
        if not rec.events and not rec.no_event:
            skipped["no coding"] += 1
            continue
        records.append(rec)
    if not records and not skipped:
        raise EvalError(f"{p}: no <Sentence> records", hint="pass the PETRARCH validation records XML")
    return records, dict(skipped)


def main(args) -> int:
    """``sitroom eval petrarch FILE [--limit N] [--json]``."""
    records, skipped = load(args.file)
    m = run(records, scheme="cameo", limit=getattr(args, "limit", None), desc="eval petrarch")
    m["skipped"] = skipped
    print(json.dumps(m) if getattr(args, "json", False) else format_metrics(m, "petrarch", scheme="CAMEO"))
    return 0
