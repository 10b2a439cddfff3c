"""Edges of the control-change grammar found in review: inputs the frames of this session's work crashed on or read
far too broadly (invented sentences, the real pipeline)."""

from __future__ import annotations

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")


def _changes(a) -> list[tuple[str | None, bool, object]]:
    """(place name, background, date) of each change of hands the article gives."""
    return [
        (a.place(e.place).name if a.place(e.place) else None, e.background, e.date)
        for e in a.events
        if e.sub_event_type in TAKEOVER
    ]


def test_an_anniversary_older_than_the_calendar_is_background_and_no_crash(extract):
    # the years counted back from the anniversary's day fall before year 1: datetime raised ValueError twice
    a = extract(
        "Crowds marked on Sunday the 2500th anniversary of the capture of Babylon by the Persian army.",
        published="2020-05-03",
    )
    got = _changes(a)
    assert got and all(bg and d is None for _, bg, d in got)
    # a count the calendar holds is still dated that many years back
    a = extract("Mozambique marked on Sunday the third anniversary of the insurgents' capture of Palma.", "2024-03-25")
    assert [(bg, d.value[:4]) for _, bg, d in _changes(a) if d is not None] == [(True, "2021")]


def test_an_entry_by_movement_into_a_site_or_a_part_of_a_town_takes_no_town(extract):
    # "into" a stadium, a market or the outskirts: the mover does not take the town the phrase places them in
    for text in (
        "Sudanese soldiers marched into the stadium in Khartoum for the parade.",
        "Rebel fighters swept into the market in Ajdabiya.",
        "Ukrainian troops pushed into the outskirts of Bakhmut.",
    ):
        assert _changes(extract(text, published="2020-05-01")) == [], text
    # into the town itself, named or a town noun, it does
    for text, place in (
        ("Rebel fighters swept into the town of Ajdabiya on Sunday after Gadhafi's forces pulled back.", "Ajdabiya"),
        ("Tigrayan forces marched into Mekelle on Monday after the federal army withdrew.", "Mek'ele"),
    ):
        assert [p for p, _, _ in _changes(extract(text, published="2020-05-01"))] == [place], text


def test_a_verb_that_takes_ground_only_by_its_object_needs_an_armed_taker(extract):
    # "won back", "secured", "now control": elections, business and sport as often as war
    for text in (
        "The opposition won back Istanbul in the mayoral election.",
        "Imamoglu won back Istanbul in a rerun of the mayoral election.",
        "The ministry secured Lagos as host of the summit.",
        "The Democrats now control Virginia after Tuesday's election.",
    ):
        assert _changes(extract(text, published="2020-05-01")) == [], text
    for text, place in (
        ("Ethiopian federal forces secured the town of Shire on Tuesday, the government said.", "Shire"),
        ("Army units assumed control of Kidal after the separatists withdrew on Tuesday.", "Kidal"),
        ("The rebels now control Bunia after the army withdrew on Monday, a U.N. official said.", "Bunia"),
    ):
        assert [p for p, _, _ in _changes(extract(text, published="2020-05-01"))] == [place], text


def test_a_withdrawal_from_a_body_or_a_mission_leaves_no_town(extract):
    # "withdrew from X" takes a name the gazetteer lacks as a town: not an acronym, nor a name after "the" or with
    # an "of" phrase of its own
    for text in (
        "Burundian troops withdrew from ATMIS in June.",
        "Russian forces withdrew from the Council of Europe.",
    ):
        assert _changes(extract(text, published="2020-05-01")) == [], text
    a = extract("The army withdrew from Anefis on Tuesday, residents said.", published="2020-05-01")
    assert [p for p, _, _ in _changes(a)] == ["Anefis"]


def test_an_entry_told_as_a_raid_takes_no_town(extract):
    # "entered" and the verbs of movement take a town when an armed side enters it: not in a raid, nor to arrest,
    # search or disperse people
    for text in (
        "Israeli troops pushed into Jenin on Monday in a large raid.",
        "Israeli troops entered Jenin on Monday in a large raid.",
        "Security forces swept into Soweto before dawn, arresting 30 people.",
        "Security forces entered Soweto before dawn, arresting 30 people.",
    ):
        assert _changes(extract(text, published="2020-05-01")) == [], text
    a = extract("Rebel fighters swept into the town of Ajdabiya on Sunday after a day of clashes.", "2011-03-28")
    assert [p for p, _, _ in _changes(a)] == ["Ajdabiya"]


def test_an_anniversary_whose_modifier_ends_the_text_is_read(extract):
    # the count of an anniversary looked at the word after each modifier: IndexError when one ended the text
    a = extract("Anniversary of the capture of Palma sad", published="2020-05-01")
    assert all(bg for _, bg, _ in _changes(a))
