"""When an event happened and whether it is news: happenings told as context are background, dates come from the
event's own clause or a close anchor, and one happening told in parts is one event (invented text from several
wars; real spaCy, real gazetteer)."""

from datetime import date


def _news(doc, sub=None):
    return [e for e in doc.events if not e.background and (sub is None or e.sub_event_type == sub)]


def test_since_clause_is_background_dated_before_publication(extract):
    doc = extract(
        "Aid groups say food has not reached Kidal since Tuareg rebels seized the town.", published="2012-04-10"
    )
    takes = [e for e in doc.events if "territory" in (e.sub_event_type or "")]
    assert takes and all(e.background for e in takes)
    # not dated to the article's day: only as before publication
    assert all(e.date.earliest is None and e.date.latest == date(2012, 4, 10) for e in takes)


def test_landmark_beside_no_news_is_background(extract):
    doc = extract(
        "Lawmakers sent a letter to the president on Tuesday, expressing concern about the crisis in Burkina Faso "
        "following the assassination of a senior army commander.",
        published="2022-10-06",
    )
    assert doc.events and not _news(doc)
    # the letter's Tuesday is not the assassination's day
    assert all(e.date is None or e.date.value != "2022-10-04" for e in doc.events)


def test_in_the_wake_of_is_background_whatever_the_sentence_reports(extract):
    doc = extract(
        "In the wake of the bombing of a mosque in Quetta, police arrested four men on Tuesday.", published="2013-02-20"
    )
    assert [e.sub_event_type for e in _news(doc)] == ["Arrests"]
    bombing = [e for e in doc.events if e.background]
    assert bombing and bombing[0].date.value == "PAST_REF"  # not the arrests' Tuesday


def test_landmark_beside_news_is_news(extract):
    # the strike is part of the news the sentence reports (the withdrawal it caused)
    doc = extract(
        "Houthi fighters pulled out of the port of Hodeidah on Friday following an air strike by coalition warplanes.",
        published="2018-06-16",
    )
    assert _news(doc, "Air/drone strike")


def test_same_day_landmark_is_news(extract):
    doc = extract(
        "The governor spoke to reporters hours after gunmen killed five villagers in Zamfara state.",
        published="2021-03-10",
    )
    assert _news(doc, "Attack")


def test_prior_happening_is_background(extract):
    doc = extract(
        "In prior negotiations, the government and the rebels agreed to a ceasefire in Juba.", published="2019-05-02"
    )
    talks = [e for e in doc.events if e.event_type == "Negotiation"]
    assert talks and all(e.background for e in talks)
    doc = extract("In previous clashes with the army, the rebels lost hundreds of fighters.", published="2019-05-02")
    assert doc.events and not _news(doc, "Armed clash")


def test_a_report_lends_its_day_to_nothing_it_documents(extract):
    doc = extract(
        "Human Rights Watch published a report on Monday documenting the killing of 30 civilians by soldiers in Kasai.",
        published="2017-06-14",
    )
    ev = _news(doc)
    assert ev and all(e.date.value != "2017-06-12" for e in ev)
    assert all(e.date.earliest is None and e.date.latest == date(2017, 6, 14) for e in ev)


def test_a_plans_tomorrow_dates_no_happening(extract):
    doc = extract(
        "The envoy will travel to Juba tomorrow. Some 3,000 people have fled their homes in Jonglei state.",
        published="2014-01-15",
    )
    fled = _news(doc, "Flight")
    assert fled and fled[0].date.value == "2014-01-15"


def test_a_time_of_another_turn_dates_no_happening(extract):
    # a press briefing: a "yesterday" told in an earlier turn, answering another question, dates nothing later
    doc = extract(
        "Q    Did the minister meet the governors yesterday?\n\nMR. OKAFOR:  He met them in Abuja.\n\n"
        "Q    And on the northeast?\n\nMR. OKAFOR:  Soldiers detained 12 suspected militants in Maiduguri.",
        published="2015-04-20",
    )
    arrests = _news(doc, "Arrests")
    assert arrests and arrests[0].date.value == "2015-04-20" and arrests[0].date.approximate


def test_a_time_in_the_paragraph_before_still_dates_the_story(extract):
    doc = extract(
        "Soldiers clashed with Boko Haram fighters near Maiduguri yesterday.\n\n"
        "Twelve suspected militants were detained in Maiduguri.",
        published="2015-04-20",
    )
    arrests = _news(doc, "Arrests")
    assert arrests and arrests[0].date.value == "2015-04-19"


def test_looting_in_a_riot_is_the_riot(extract):
    doc = extract("There have been days of looting and unrest in Kisumu.", published="2008-01-03")
    assert [e.sub_event_type for e in _news(doc)] == ["Violent demonstration"]
    doc = extract("Rioters looted shops and torched cars in Kisumu on Monday.", published="2008-01-03")
    assert [e.sub_event_type for e in _news(doc)] == ["Violent demonstration"]


def test_a_toll_with_no_attacker_counts_the_happening_before(extract):
    doc = extract(
        "Protesters clashed with police and torched government buildings in Bamako on Friday. Shops were closed. "
        "At least 11 people were killed.",
        published="2020-07-12",
    )
    ev = _news(doc)
    assert [e.sub_event_type for e in ev] == ["Violent demonstration"]
    assert ev[0].counts.get("killed") == "at least 11" and len(ev[0].evidence) == 2
    doc = extract(
        "Gunmen attacked a village in Plateau state on Sunday. At least 20 people were killed.", published="2018-06-25"
    )
    ev = _news(doc)
    assert [e.sub_event_type for e in ev] == ["Attack"] and ev[0].counts.get("killed") == "at least 20"


def test_a_toll_with_its_own_attacker_stays_an_event(extract):
    doc = extract(
        "Protesters marched through Khartoum on Sunday. Soldiers killed 7 people in Omdurman on Monday.",
        published="2019-06-04",
    )
    # someone acted (soldiers), on another day: a happening of its own, not the march's toll
    assert any(e.counts.get("killed") == "7" and e.event_type != "Protests" for e in _news(doc))
    assert not any(e.counts for e in _news(doc, "Peaceful protest"))


def test_a_happening_introduced_after_a_time_word_is_news(extract):
    # an indefinite happening the sentence introduces is its news, not a known landmark
    doc = extract(
        "Dozens of villagers in Idlib were treated for burns after an air strike with incendiary munitions.",
        published="2016-06-04",
    )
    assert _news(doc, "Air/drone strike")


def test_past_perfect_told_as_earlier_is_background_narrative_past_perfect_is_news(extract):
    doc = extract(
        "The fighting in Aleppo had previously taken place mainly in the eastern districts.", published="2016-06-04"
    )
    assert doc.events and not _news(doc)
    doc = extract(
        "When the traders returned to Bunia, their shops had been looted by militiamen.", published="2016-06-04"
    )
    assert _news(doc, "Looting/property destruction")


def test_a_known_landmark_dated_within_the_news_is_news(extract):
    # "after Tuesday's bombing": the landmark's own phrase dates it within the news
    doc = extract(
        "Police in Kano arrested no one after Tuesday's bombing of a bus station in the city.", published="2014-05-02"
    )
    assert _news(doc, "Remote explosive/landmine/IED") and not [e for e in doc.events if e.background]
    doc = extract(
        "Police in Kano arrested no one after the bombing of a bus station in the city.", published="2014-05-02"
    )
    assert doc.events and not _news(doc)


def test_a_happening_told_done_this_year_lies_before_the_report(extract):
    # "this year" runs to December; a capture told done lies in its part before the report (never after it)
    for text, pub in [
        ("GOMA, Congo (AP) - M23 rebels seized key towns in North Kivu this year, including Bukavu.", "2025-06-28"),
        (
            "ADEN, Yemen (Reuters) - Houthi fighters captured the town of Qatabah this month, officials said.",
            "2019-05-09",
        ),
        ("BAMAKO, Mali (AP) - Jihadists overran the town of Boni this week, residents said.", "2021-03-02"),
    ]:
        doc = extract(text, published=pub)
        takes = [e for e in doc.events if "territory" in (e.sub_event_type or "")]
        assert takes, text
        assert all(e.date is not None and e.date.latest <= date.fromisoformat(pub) for e in takes), [
            (e.date.value, e.date.latest) for e in takes
        ]
    # a plan keeps its whole period
    doc = extract("KABUL (AP) - The Taliban will seize Kunduz this year, analysts said.", published="2015-06-01")
    assert all(e.date is None or e.date.latest is None or e.date.latest.month == 12 for e in doc.events)
