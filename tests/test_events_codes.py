"""ACLED's actor codes from the actor kinds (one table), and counts of victims that one happening can have."""

from __future__ import annotations

from sitroom.extract import acled, lexicon
from sitroom.serve import export


def test_inter_codes_come_from_the_lexicon_table():
    table = lexicon.table("events", "inter_codes")
    assert acled.inter_code("state-forces", "Battles") == table["state-forces"] == 1
    assert acled.inter_code("non-state-armed", "Battles") == 2
    assert acled.inter_code("civilians", "Violence against civilians") == 7
    assert acled.inter_code(None, "Protests") == 6  # the protesters of a protest
    assert acled.inter_code("unknown-kind", "Battles") == 0
    assert acled.inter_code("state-forces", "Battles", present=False) == 0
    assert acled.codes("non-state-armed", "state-forces", "Battles") == (2, 1, 12)
    assert acled.codes("non-state-armed", None, "Battles", actor2=False) == (2, 0, 20)
    # the export reads the same table (no second copy)
    assert export.inter_code("rioters", "Riots", True) == 5
    assert export.interaction(7, 2) == 27
    assert "inter" not in export.acled_tables()


def test_counts_that_are_no_happenings_toll(extract):
    doc = extract("Gunmen killed 12 villagers in Plateau state on Monday.", published="2021-07-01")
    assert [e.counts.get("killed") for e in doc.events] == ["12"]
    for text in (
        "Gunmen killed 600,000 people in Plateau state on Monday.",
        "Rebels killed 40 percent of the villagers in Gulu on Monday.",
    ):
        doc = extract(text, published="2021-07-01")
        assert doc.events, text
        assert all("killed" not in e.counts for e in doc.events), (text, [e.counts for e in doc.events])


def test_displacement_without_an_armed_party(extract):
    for text in (
        "More than 10,000 people were displaced by the violence in Rakhine state.",
        "Thousands have been displaced and are living in makeshift camps in Mogadishu.",
    ):
        doc = extract(text, published="2021-07-01")
        assert "Displacement" in {e.event_type for e in doc.events}, (text, [e.sub_event_type for e in doc.events])


def test_armed_group_taking_people_is_an_abduction(extract):
    doc = extract("Gunmen seized two teachers Tuesday near the town of Patikul on Jolo Island.", published="2021-07-01")
    assert {e.sub_event_type for e in doc.events} == {"Abduction/forced disappearance"}


def test_title_case_headline_is_read(extract):
    doc = extract(
        "Hamas Rocket Kills One Israeli, New Air Strikes Hit Gaza Targets\n\nJERUSALEM - Talks went on.",
        published="2021-07-01",
    )
    subs = {e.sub_event_type for e in doc.events}
    assert {"Shelling/artillery/missile attack", "Air/drone strike"} <= subs, subs


def test_subtypes_across_triggers(extract):
    cases = {
        # a killing in a riot or by a mob, not by an armed group
        "More than 20 people were killed in sectarian violence in Sittwe on Monday.": "Mob violence",
        # a verb of hitting typed by its means
        "Later, aircraft belonging to the army hit rebel positions near Sirte on Monday.": "Air/drone strike",
        # a chemical agent used as a weapon, but never tear gas
        "Syrian forces used poison gas against several Damascus suburbs on Wednesday.": "Chemical weapon",
    }
    for text, sub in cases.items():
        doc = extract(text, published="2020-06-01")
        assert sub in {e.sub_event_type for e in doc.events}, (text, [e.sub_event_type for e in doc.events])
    doc = extract("Police used tear gas against protesters in Cairo on Monday.", published="2020-06-01")
    assert "Chemical weapon" not in {e.sub_event_type for e in doc.events}
    # one explosion per sentence: the killing beside the bombing is the bombing, with its toll
    doc = extract(
        "At least 18 people were killed and more than 200 others wounded Thursday by a car bombing in a "
        "suburb of Beirut.",
        published="2013-08-16",
    )
    assert [e.sub_event_type for e in doc.events] == ["Remote explosive/landmine/IED"]
    assert doc.events[0].counts.get("killed") == "at least 18"


def test_one_subtype_per_protest_place(extract):
    doc = extract(
        "Thousands of protesters marched in Istanbul on Tuesday. Some demonstrators threw stones and "
        "firebombs at police in Istanbul.",
        published="2013-06-12",
    )
    subs = {e.sub_event_type for e in doc.events if e.event_type in ("Protests", "Riots")}
    assert subs == {"Violent demonstration"}, [(e.sub_event_type, e.place) for e in doc.events]
