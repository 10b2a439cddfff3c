"""Headline-only articles (issue 13, bad input): a feed item or wire flash that is one title-case line. The line is
the article's title, so it is read as a headline (parsed again in sentence case), not as a string of names: one
change of hands at the town, no abduction or arrest made of a capitalised "Key Town", no town called "Town", and a
clear warning when the article carries no date. Headlines written for this test, in the styles of several wars."""

import pytest

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")

HEADLINES = [
    # (headline, published, the town that changes hands, its country)
    ("Rebels Seize Key Town Of Goma As Army Retreats", "2025-01-28", "Goma", "CD"),
    ("Jihadists Seize Town Of Menaka In Eastern Mali", "2022-06-01", "Menaka", "ML"),
    ("Houthi Fighters Seize Key City Of Marib After Weeks Of Fighting", "2021-11-02", "Marib", "YE"),
    ("Insurgents Seize Town Of Lashio From Junta Troops", "2024-08-05", "Lashio", "MM"),
]


@pytest.mark.parametrize("headline,published,town,country", HEADLINES, ids=[h[2] for h in HEADLINES])
def test_a_headline_alone_is_read_as_a_headline(extract, headline, published, town, country):
    doc = extract(headline, published=published)
    assert doc.title == headline
    changes = [e for e in doc.events if e.sub_event_type in TAKEOVER]
    places = {doc.place(e.place).mention.text for e in changes if e.place}  # the gazetteer spells Marib "Ma'rib"
    assert places == {town}, (headline, places)
    assert all(doc.place(e.place).country == country for e in changes if e.place)
    people_taken = [
        e.sub_event_type for e in doc.events if e.sub_event_type in ("Abduction/forced disappearance", "Arrests")
    ]
    assert not people_taken, (headline, people_taken)


def test_people_taken_in_a_headline_stay(extract):
    """The title-case guard drops people taken only where the sentence-case reading does not see them."""
    doc = extract("Gunmen Abduct 20 Villagers In Northwest Nigeria", published="2023-03-04")
    assert "Abduction/forced disappearance" in {e.sub_event_type for e in doc.events}


def test_a_sentence_alone_is_no_title(extract):
    doc = extract("Rebels seized the town of Goma on Monday, residents said.", published="2025-01-28")
    assert doc.title is None


@pytest.mark.parametrize(
    "headline",
    [
        "Stocks Rally as Oil Prices Climb",
        "Naira Rallies Against Dollar After Central Bank Move",
        "Apple Unveils New iPhone at Annual Event",
        "Lakers Beat Celtics in Overtime Thriller",
        "Voters Head to Polls in Tight Election Race",
    ],
)
def test_a_headline_alone_not_about_conflict_gives_no_event(extract, headline):
    """Silence on text that is not about conflict (issue 14), also when a headline is all there is: a market that
    rallies is no protest (mood.market_move)."""
    assert [e.sub_event_type for e in extract(headline, published="2024-01-02").events] == []
