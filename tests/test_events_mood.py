"""Clauses that hold a trigger word but tell no happening (sitroom.extract.mood), each beside the told happening of
the same words (real spaCy, real gazetteer, the real relevance gate)."""

import pytest


def _subs(doc):
    return [e.sub_event_type for e in doc.events if not e.background]


def test_supposition_broken_by_a_dash_tells_nothing(extract):
    told = extract("The army continued to fight and they were surrounding Kabul on Monday.", published="2021-08-20")
    supposed = extract(
        "Let's assume the army had continued to fight and ha- \u2014 and they were surrounding Kabul.",
        published="2021-08-20",
    )
    assert _subs(supposed) == []
    assert _subs(told) != []


def test_event_noun_under_a_modal_or_a_condition_is_no_event(extract):
    cond = extract(
        "If the rebels attack the town, there would be heavy fighting in the region.", published="2021-05-02"
    )
    told = extract("There was heavy fighting in the region of Kidal on Sunday.", published="2021-05-02")
    assert _subs(cond) == []
    assert "Armed clash" in _subs(told)


def test_statement_over_years_is_no_event(extract):
    generic = extract(
        "Over the past two decades, the rebels killed more than 4,000 villagers in Borno state.", published="2021-05-02"
    )
    blame = extract(
        "The Taliban have been responsible for the deaths of American men and women through two decades of war.",
        published="2021-08-23",
    )
    told = extract("On Sunday, the rebels killed more than 40 villagers in Borno state.", published="2021-05-02")
    assert _subs(generic) == []
    assert _subs(blame) == []
    assert _subs(told) != []


def test_campaign_rally_is_no_protest(extract):
    rally = extract(
        "The former president spoke at a rally in Alabama on Saturday, asking his supporters to get "
        "vaccinated, and was booed.",
        published="2021-08-23",
    )
    protest = extract(
        "Thousands of people attended a rally in Yangon on Sunday against the military coup.", published="2021-02-08"
    )
    assert "Peaceful protest" not in _subs(rally)
    assert "Peaceful protest" in _subs(protest)


def test_talks_on_ransomware_are_no_negotiation(extract):
    cyber = extract(
        "The United States and Russia held talks in Geneva on Monday on ransomware attacks.", published="2021-07-06"
    )
    war = extract("The government held talks with the rebels in Addis Ababa on Monday.", published="2021-07-06")
    assert not {"Talks", "Negotiation"} & set(_subs(cyber))
    assert "Talks" in _subs(war)


def test_forces_that_flee_and_fail_their_duty_are_not_displaced(extract):
    forces = extract(
        "The Marines secured the airport in Kabul after the Afghans fled and didn't secure the airport.",
        published="2021-08-23",
    )
    people = extract("Thousands of civilians fled the town of Gao on Monday.", published="2021-05-02")
    assert "Flight" not in _subs(forces)
    assert "Flight" in _subs(people)


def test_suicide_bomber_exploding_is_a_suicide_bomb(extract):
    doc = extract(
        "A suicide bomber blew himself up at the gate of the airport in Kabul on Thursday, killing 13 soldiers.",
        published="2021-08-27",
    )
    assert _subs(doc) == ["Suicide bomb"]


def _tok(text: str, word: str):
    from sitroom.extract.nlp import load_nlp

    doc = load_nlp()(text)
    return next(t for t in doc if t.text == word)


def test_supposition_openers_mark_the_whole_sentence():
    from sitroom.extract import mood

    assert mood.supposed(
        _tok(
            "Let\u2019s assume the army had continued to fight and ha- \u2014 and they were surrounding Kabul.",
            "surrounding",
        ).sent
    )
    assert mood.supposed(_tok("Well, suppose the rebels seized the town of Gao.", "seized").sent)
    assert not mood.supposed(_tok("Let me say the rebels seized the town of Gao.", "seized").sent)


def test_talks_topic_of_another_field():
    from sitroom.extract import mood

    assert mood.off_topic_talks(
        _tok(
            "We have undertaken expert-level talks, and we expect another meeting next "
            "week focused on ransomware attacks.",
            "talks",
        ),
        "talks",
    )
    assert not mood.off_topic_talks(_tok("Talks on a ceasefire and ransomware attacks resumed.", "Talks"), "talks")


def test_a_crash_an_attack_caused_is_no_natural_cause(extract):
    """Deaths in a crash or a flood are no political violence, unless a clause tells an attack caused them."""
    assert _subs(extract("Twelve people were killed in a bus crash near Kano on Sunday.", published="2024-03-05")) == []
    assert _subs(extract("Floods killed 40 people in northern Nigeria on Sunday.", published="2024-03-05")) == []
    for text in (
        "Five soldiers were killed in a helicopter crash after rebels shot down the aircraft near Kidal.",
        "Three soldiers were killed in a crash after their convoy was ambushed near Gao.",
    ):
        assert _subs(extract(text, published="2024-03-05")), text


def test_armed_villagers_are_no_mob(extract):
    """People of a place turning on people are a mob; the same people bearing arms in an attack are not."""
    text = "Armed villagers attacked a Fulani settlement near Mopti on Sunday, killing 30 people."
    assert _subs(extract(text, published="2024-03-05")) == ["Attack"]
    text = "Villagers beat two suspected thieves to death near Mopti on Sunday."
    assert _subs(extract(text, published="2024-03-05")) == ["Mob violence"]


def test_acronym_opening_a_sentence_is_no_question(extract):
    # "IS" (the Islamic State) opening a sentence is no inverted "Is ...?"; a question without its "?" still is one
    told = extract(
        "IS fighters stormed the town of Mocimboa da Praia on Wednesday, residents said.", published="2020-08-14"
    )
    sahel = extract(
        "IS militants ambushed an army patrol near Menaka on Sunday, officials said.", published="2022-03-21"
    )
    asked = extract("Is the army fighting the rebels in Kidal now", published="2022-03-21")
    assert _subs(told) != []
    assert "Armed clash" in _subs(sahel)
    assert _subs(asked) == []


def test_conjunct_with_a_subject_of_its_own_keeps_its_own_mood(extract):
    # a past clause with its own subject is asserted by itself; a conjunct sharing the subject inherits the modal
    told = extract(
        "The truck did not stop at the checkpoint and then it exploded, killing 12 soldiers near Gao.",
        published="2022-03-21",
    )
    shared = extract("The rebels could isolate Goma and possibly overrun it within days.", published="2022-03-21")
    own_modal = extract("The army could retake the town and the rebels would flee.", published="2022-03-21")
    assert "Remote explosive/landmine/IED" in _subs(told)
    assert _subs(shared) == []
    assert _subs(own_modal) == []


@pytest.mark.parametrize(
    "text",
    [
        "Rebels took Idlib in March, officials said.",
        "Government troops retook the town in March 2016.",
        "The militants seized the town in March last year.",
        "The Houthis overran the air base in late March, residents said.",
    ],
)
def test_a_month_is_no_march(extract, text):
    """ "in March", "March 2016": a month told as a time is no protest march (a march told as such still is)."""
    doc = extract(text, published="2017-05-01")
    assert not [e for e in doc.events if e.event_type == "Protests"], [e.sub_event_type for e in doc.events]
    doc = extract("Thousands of protesters joined a March for peace in Bamako on Sunday.", published="2017-05-01")
    assert [e for e in doc.events if e.event_type == "Protests"]
