"""Changes of hands on two sets of short wire reports written blind by helpers who read neither the extractors nor
their tests (issue 13, round 2 session 10): tests/data/control_probes/blind_a.txt (80 one-to-three-sentence items:
captures, passives, falls, nominals, withdrawals, handovers, entries, liberations, background clauses, gerunds,
quoted claims, described and back-referred places, lists, relative days, and 20 distractors) and blind_b.txt (70
items of three to five sentences: a group defined once and named after by acronym or pronoun, a place named once and
referred back to, quotes, background changes, denials, and 20 distractors), over some twenty wars.

Each line: ``PUBDATE|TEXT|PLACE|SIDE|DATE`` -- the place whose change the item tells ("-": the item tells none),
the gainer's side (``s`` state, ``n`` non-state, ``?`` untold) and the day or month of the change (``?`` untold).
An item is read right when one takeover of the extraction names the place (its name or its mention) with that side
and a day within one day of DATE (a month or year: within it); a distractor when the extraction gives no takeover.

Scored by this test at the session's start (f59775e): blind_a 58 / 80, blind_b 62 / 70. blind_a was written first and
rules were made from classes of its misses. blind_b was written after those rules and, counted as changes of the
store, read as many items with them as at the start (61 / 70 both): they did not show on it. Three rules were then
made from classes of its own misses. Both are development sets now; the floors keep what the session reached (65 and
64, then 65 after a review's fixes) less two.

blind_c.txt (round 2 session 11): 70 items of four to seven sentences (50 changes, 20 distractors) over 26 wars,
written by a third helper under the same rules. Read at 7462729, before any rule of that session: 59 / 70. Scored
from then on, for all three sets, as the situation eval compares names (no accents, no "al-" / "el-", hyphens as
spaces: "el-Fasher" is the gazetteer's "Fasher"), and a distractor may tell an old change as background (a takeover
marked background and dated over 30 days before the report: "the group, which seized Mosul in 2014"); so scored,
blind_a read 65 / 80 and blind_b 67 / 70 at 7462729. Rules were then made from classes of blind_c's misses (and
of the other two): at 1abbcab blind_a 67, blind_b 68, blind_c 66.

blind_d.txt (round 2 session 11): 70 items of three to six sentences (50 changes, 20 distractors) over 25 wars,
written by a fourth helper after those rules, to measure them, not to develop on: read once, 56 / 70 with the code
of the session's start (ef6bc8a) and 59 / 70 at 1abbcab. Its misses were not read that session."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
STATE = {"state", "state-forces", "government", "intl-forces", "intl-org"}
DATA = Path(__file__).resolve().parent / "data" / "control_probes"
FLOORS = {"blind_a": 65, "blind_b": 66, "blind_c": 64, "blind_d": 57}


def _fold(s: str | None) -> str:
    # as the situation eval compares names: no accents, no article ("al-", "el-", "the"), hyphens as spaces
    s = "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\s-]+", " ", re.sub(r"(?:^|(?<=\| ))(?:the|al|el)[\s-]+", "", s.replace("\u2019", "'"))).strip()


def _items(name: str) -> list[tuple[str, str, str, str, str]]:
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("|")) for line in lines if line.strip() and not line.startswith("#")]  # type: ignore[misc]


def _day_ok(want: str, got: date | None, lo: date | None, hi: date | None) -> bool:
    if want == "?":
        return True
    if got is None:
        return False
    if len(want) == 10:
        return abs((got - date.fromisoformat(want)).days) <= 1
    return got.isoformat().startswith(want) or (
        lo is not None and hi is not None and lo.isoformat()[: len(want)] <= want <= hi.isoformat()[: len(want)]
    )


def _right(doc, place: str, side: str, day: str) -> bool:
    got = []
    for e in doc.events:
        if e.sub_event_type not in TAKEOVER or e.place is None or e.certainty.value == "denied":
            continue
        if place == "-" and e.background and e.date is not None and e.date.latest is not None and doc.published:
            if (doc.published - e.date.latest).days > 30:
                continue  # a distractor may tell an old change as background ("which seized Mosul in 2014")
        p, a = doc.place(e.place), doc.actor(e.actor1)
        s = None if a is None else ("s" if a.kind in STATE else "n")
        d = e.date
        point = d.point if d is not None else None
        got.append(
            (_fold(p.name + " | " + p.mention.text), s, point, d.earliest if d else None, d.latest if d else None)
        )
    if place == "-":
        return not got
    return any(_fold(place) in g[0] and (side == "?" or g[1] == side) and _day_ok(day, g[2], g[3], g[4]) for g in got)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_blind_wire_items_are_read_at_the_floor(extract, name):
    items = _items(name)
    assert len(items) >= 70 and sum(i[2] == "-" for i in items) >= 20
    right = [i for i in items if _right(extract(i[1], published=i[0]), i[2], i[3], i[4])]
    assert len(right) >= FLOORS[name], (name, len(right), len(items))
