"""One change of hands is one change (issue 13, precision): every report of a change -- a headline and its body, a
capture told by the gainer and the withdrawal told by the loser, two sub-types one sentence gets -- is one
``Change`` with all their sources, whatever takeover sub-type each sentence got; a capture and a later recapture, a
change years before and two holders stay apart. Articles written for this test, in the styles of many wars."""

from __future__ import annotations

import pytest

from sitroom.resolve.control import control_changes
from sitroom.resolve.situation import TAKEOVER, merge_reports
from sitroom.store import open_store

ONE_CHANGE = [
    (
        "sudan-headline-and-withdrawal",
        "Sudanese Army Takes Wad Madani\n\nKHARTOUM, Sudan — Sudan's army took control of Wad Madani, the capital of "
        "Gezira state, on Saturday, the military said. The Rapid Support Forces pulled out of the city overnight, "
        "residents said.",
        "2025-01-12",
        "Wad Medani",
    ),
    (
        "congo-capture-and-withdrawal",
        "Rebels Capture Goma\n\nGOMA, Congo — M23 rebels captured Goma on Monday. Congolese soldiers withdrew from the "
        "city and handed over their weapons to U.N. peacekeepers, officials said.",
        "2025-01-28",
        "Goma",
    ),
    (
        "ethiopia-entry-and-withdrawal",
        "Ethiopian Troops Enter Mekelle\n\nADDIS ABABA, Ethiopia — Ethiopian federal troops took full control of "
        "Mekelle on Saturday, the prime minister said. Tigrayan forces said they had withdrawn from the city to spare "
        "civilians.",
        "2020-11-29",
        "Mek",
    ),
    (
        "yemen-seizure-and-retreat",
        "Houthis Seize Hazm\n\nSANAA, Yemen — Houthi rebels seized al-Hazm, the capital of al-Jawf province, on "
        "Sunday, tribal sources said. Government forces retreated from the city toward Marib, a military official "
        "said.",
        "2020-03-02",
        "azm",
    ),
    (
        "ukraine-one-sentence-two-readings",
        "KYIV, Ukraine — Ukrainian forces liberated Kherson on Friday, and Russian troops withdrew from the city across "
        "the Dnipro river, officials said.",
        "2022-11-12",
        "Kherson",
    ),
]


def _changes_at(store, place: str) -> list:
    changes, _, _ = control_changes(store)
    return [c for c in changes if c.kind != "statement" and place.casefold() in c.place.casefold()]


@pytest.mark.parametrize(("text", "published", "place"), [c[1:] for c in ONE_CHANGE], ids=[c[0] for c in ONE_CHANGE])
def test_every_report_of_one_change_is_one_change(extract, tmp_path, text, published, place):
    a = extract(text, published=published)
    kinds = {e.sub_event_type for e in a.events if e.sub_event_type in TAKEOVER}
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.add(a)
        got = _changes_at(store, place)
    assert len(got) == 1, [(c.place, c.holder, c.valid_from, c.kind) for c in got]
    # every report of it is a source, and the article typed it more than one way (the class this test is about)
    assert len(got[0].sources) >= 2 and len(kinds) >= 2, (got[0].sources, kinds)


APART = [
    (
        "somalia-capture-then-recapture",
        "MOGADISHU, Somalia — Al-Shabab fighters seized the town of Moqokori on Monday. Somali government troops "
        "retook Moqokori on Thursday after heavy fighting, a military commander said.",
        "2023-09-16",
        "Moqokori",
        2,
    ),
    (
        "iraq-retaking-and-the-capture-years-before",
        "Iraqi Troops Retake Rutba\n\nBAGHDAD, Iraq — Iraqi troops retook the town of Rutba on Saturday, the military "
        "said. Islamic State militants had seized Rutba in 2014.",
        "2016-05-22",
        "Ru",
        2,
    ),
]


@pytest.mark.parametrize(("text", "published", "place", "n"), [c[1:] for c in APART], ids=[c[0] for c in APART])
def test_a_capture_and_a_later_recapture_stay_two_changes(extract, tmp_path, text, published, place, n):
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.add(extract(text, published=published))
        got = _changes_at(store, place)
    assert len(got) == n, [(c.place, c.holder, c.valid_from, c.kind) for c in got]
    assert len({c.holder for c in got}) == n and len({c.valid_from for c in got}) == n


def _row(uid: str, sub: str, actor: str | None, day: str, key: str = "gn:1") -> dict:
    return {
        "uid": uid,
        "article_id": uid.partition(":")[0],
        "event_type": "Strategic developments" if sub.startswith("Non-violent") else "Battles",
        "sub_event_type": sub,
        "actor1": actor,
        "gazetteer_id": key,
        "place_name": "Town",
        "place_kind": "city",
        "date": day,
        "date_earliest": day,
        "date_latest": day,
        "published": "2024-05-06",
        "evidence": uid,
    }


def test_merge_reports_joins_takeover_sub_types_and_votes_the_sub_type():
    """Three sentences of one article: two read a recapture, one a non-violent transfer (the loser's withdrawal),
    a day apart at most: one situation event, typed as most of its reports type it, the other reading kept as an
    alternative; a recapture by the other side four days later stays its own event."""
    rows = [
        _row("a:e1", "Government regains territory", "army", "2024-05-05"),
        _row("a:e2", "Non-violent transfer of territory", "army", "2024-05-05"),
        _row("a:e3", "Government regains territory", None, "2024-05-04"),
        _row("a:e4", "Non-state actor overtakes territory", "rebels", "2024-05-01"),
    ]
    evs = merge_reports(rows)
    assert len(evs) == 2, [(s.sub_event_type, s.actor1, s.date) for s in evs]
    one = next(s for s in evs if s.actor1 == "army")
    assert len(one.reports) == 3 and one.sub_event_type == "Government regains territory"
    assert one.event_type == "Battles" and [a["value"] for a in one.alternatives["sub_event_type"]] == [
        "Government regains territory",
        "Non-violent transfer of territory",
    ]
    # events of other types still merge only with their own sub-type
    other = [_row("b:e1", "Government regains territory", "army", "2024-05-05")]
    other.append({**_row("b:e2", "Armed clash", "army", "2024-05-05"), "sub_event_type": "Armed clash"})
    assert len(merge_reports(other)) == 2


def test_a_later_report_of_the_same_holder_taking_the_place_is_the_same_change(extract, tmp_path):
    """Two articles: the gainer's report of a retaking on Thursday, and three days on the loser's statement of its
    withdrawal (dated the day it was said): one change, dated Thursday, with both reports. A place lost in between
    and taken again is a change each time."""
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.add(
            extract(
                "KYIV, Ukraine — Ukrainian forces retook the town of Kupiansk on Thursday, the general staff said.",
                published="2022-09-09",
            )
        )
        store.add(
            extract(
                "MOSCOW — Russia's defense ministry said on Sunday that its troops had withdrawn from Kupiansk to "
                "regroup.",
                published="2022-09-12",
            )
        )
        got = _changes_at(store, "Kup")
    assert len(got) == 1 and len(got[0].sources) == 2, [(c.place, c.holder, c.valid_from, c.kind) for c in got]
    assert str(got[0].valid_from) == "2022-09-08"
    reports = [
        ("Al-Shabab fighters seized the town of Moqokori on Monday, residents said.", "2023-09-12"),
        ("Somali government troops retook Moqokori on Wednesday, a commander said.", "2023-09-14"),
        ("Al-Shabab fighters seized the town of Moqokori again on Friday, residents said.", "2023-09-16"),
    ]
    with open_store(str(tmp_path / "t.sqlite")) as store:
        for text, published in reports:
            store.add(extract("MOGADISHU, Somalia — " + text, published=published))
        got = _changes_at(store, "Moqokori")
    assert [c.holder for c in got] == ["al-shabab", "sna-so", "al-shabab"], [(c.holder, c.valid_from) for c in got]


@pytest.mark.parametrize(
    ("text", "published", "place", "holder"),
    [
        (
            "JNIM Fighters Seize Djibo\n\nOUAGADOUGOU, Burkina Faso — Jihadist militants took control of the town of "
            "Djibo on Sunday, residents said.",
            "2025-05-12",
            "Djibo",
            "jnim",
        ),
        (
            "Houthis Seize Al-Hazm\n\nSANAA, Yemen — Northern rebels took control of al-Hazm, the capital of al-Jawf "
            "province, on Sunday, tribal sources said.",
            "2020-03-02",
            "azm",
            "houthis",
        ),
    ],
)
def test_a_change_told_by_the_groups_name_and_by_a_description_is_one_change(
    extract, tmp_path, text, published, place, holder
):
    """The headline names the group, the body describes it ("Jihadist militants", "Northern rebels", an actor the
    article makes up): the one named gainer of that side at that place that day is the description's, one change.
    (Where the actor stage already reads the description as the named group, the two sentences are one event of
    the article with both as its evidence.)"""
    doc = extract(text, published=published)
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.add(doc)
        got = _changes_at(store, place)
    assert [c.holder for c in got] == [holder], [(c.holder, c.valid_from) for c in got]
    told = max([len(got[0].sources)] + [len(e.evidence) for e in doc.events if e.actor1 == holder])
    assert told == 2, [(c.holder, c.valid_from, len(c.sources)) for c in got]


def test_a_city_and_its_province_of_the_same_name_are_one_change(pipeline):
    """A headline read as the province ("Forces Take Kirkuk") and the body's city of Kirkuk, same gainer, same day:
    one change, at the city (the most specific place); the province's own change a week later stays apart."""
    from sitroom.resolve.placekeys import Places

    gaz = pipeline.gazetteer
    city = next(e for e in gaz.lookup("Kirkuk") if e.kind == "city" and e.country == "IQ")
    prov = next(e for e in gaz.lookup("Kirkuk") if e.kind == "province" and e.country == "IQ")
    rows = [
        {**_row("k:e1", "Government regains territory", "army", "2017-10-16", prov.id), "place_kind": "province"},
        _row("k:e2", "Non-violent transfer of territory", "army", "2017-10-16", city.id),
        {**_row("k:e3", "Government regains territory", "army", "2017-10-24", prov.id), "place_kind": "province"},
    ]
    evs = merge_reports(rows, Places(gaz))
    assert sorted((s.place_key, len(s.reports)) for s in evs) == sorted([(city.id, 2), (prov.id, 1)])
