"""Happenings a wire report tells where the sentence reader alone finds no event (issue 14, round 2 session 7):

* a title-case headline whose present-tense verb the tagger reads as a noun ("Battles Rage in ...", "Explosions Rock
  ..."): read with that verb as a verb (``sitroom.extract.headline_verbs``);
* a toll told in a sentence of its own just after its happening ("The dead included ..."): more evidence of that
  happening (``sitroom.extract.tolls``).

Every text was written for this test, in the style of wire reports of several wars; none is copied from a corpus.
Real pipeline, no mocks."""

from __future__ import annotations

import pytest

from sitroom.eval.events import sub_label


def _subs(doc) -> set[str]:
    return {sub_label(e.event_type, e.sub_event_type) for e in doc.events if not e.background}


def _evidence_of(doc, needle: str) -> set[str]:
    return {
        sub_label(e.event_type, e.sub_event_type)
        for e in doc.events
        if not e.background and any(needle in doc.text[s.start : s.end] for s in e.evidence)
    }


@pytest.mark.parametrize(
    "headline, body, sub",
    [
        (
            "Battles Rage in Aleppo and Homs",
            "ALEPPO, Syria - Syrian troops fought rebels in Aleppo on Friday, activists said.",
            "Armed clash",
        ),
        (
            "Explosions Rock Mogadishu as Troops Face Off",
            "MOGADISHU - Two bombs exploded near a checkpoint in Mogadishu on Tuesday, police said.",
            "Remote explosive/landmine/IED",
        ),
        (
            "Gunmen Torch Homes in Central Mali Village",
            "MOPTI, Mali - Gunmen burned dozens of homes in the village of Ogossagou on Sunday, residents said.",
            "Looting/property destruction",
        ),
        (
            "Jihadists Ambush Army Convoy Near Djibo",
            "OUAGADOUGOU - Jihadists ambushed an army convoy near Djibo on Monday, security sources said.",
            "Armed clash",
        ),
        (
            "Rebels Shell Army Positions Near Kidal",
            "BAMAKO - Rebels shelled army positions near Kidal on Monday, the army said.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_headline_present_tense_verb_read_as_verb(extract, headline, body, sub):
    doc = extract(headline + "\n\n" + body, published="2023-05-02")
    assert sub in _evidence_of(doc, headline)


@pytest.mark.parametrize(
    "headline",
    [
        "Leaders Meet in Paris to Discuss Climate Deal",
        "Markets Rock as Bank Shares Plunge",
        "Prices Explode as Fuel Shortage Bites",
    ],
)
def test_headline_of_another_field_gives_no_event(extract, headline):
    assert _subs(extract(headline + "\n\nTraders described a busy morning, a market analyst said.")) == set()


def test_headline_takeover_needs_the_body_to_tell_it(extract):
    # "Key" is no town: a change of hands read only from a re-read headline is none unless the body tells it
    doc = extract(
        "Taliban Overrun Key District in Kunduz Province\n\nKABUL - Taliban fighters have overrun a district in the "
        "north, officials said on Sunday.",
        published="2021-06-20",
    )
    assert not [e for e in doc.events if e.heading and e.sub_event_type == "Non-state actor overtakes territory"]


@pytest.mark.parametrize(
    "text, needle, sub",
    [
        (
            "MOGADISHU - A suicide bomber blew himself up at a hotel in Mogadishu on Sunday, killing at least 15 "
            "people. The dead included two lawmakers and a police commander.",
            "The dead included",
            "Suicide bomb",
        ),
        (
            "GAZA - Israeli air strikes hit Gaza City on Tuesday, medics said. Health officials put the death toll at "
            "around 40.",
            "death toll",
            "Air/drone strike",
        ),
        (
            "MAIDUGURI - Boko Haram fighters attacked the village of Kautikari on Friday, burning homes and shooting "
            "residents. Rescuers recovered 23 bodies, a local official said.",
            "23 bodies",
            "Attack",
        ),
        (
            "JUBA - Government troops and rebels clashed in Malakal on Tuesday. A relief group said it had treated 60 "
            "people for gunshot wounds.",
            "gunshot wounds",
            "Armed clash",
        ),
        (
            "YANGON - Soldiers opened fire on protesters in Mandalay on Saturday, killing at least 12. A student was "
            "among the victims, a doctor said.",
            "among the victims",
            "Excessive force against protesters",
        ),
    ],
)
def test_toll_sentence_is_evidence_of_the_happening_before(extract, text, needle, sub):
    assert _evidence_of(extract(text, published="2023-05-02"), needle) == {sub}


@pytest.mark.parametrize(
    "text, needle",
    [
        # negated: no toll told
        ("SANAA - Houthi fighters clashed with troops near Marib. No casualties were reported.", "No casualties"),
        # a toll after a happening that kills nobody by itself is another happening (the killing)
        (
            "ZAMBOANGA - Abu Sayyaf gunmen abducted six traders on Basilan island on Tuesday. Two of the hostages "
            "were found dead on Thursday, the army said.",
            "found dead",
        ),
        # no happening before it
        ("KYIV - Officials met in Kyiv on Monday. The death toll of the war has passed 10,000.", "death toll"),
        # a body of another kind
        (
            "BAMAKO - Soldiers clashed with jihadists near Gao on Sunday. The governing body of the region met on "
            "Monday.",
            "governing body",
        ),
    ],
)
def test_toll_sentence_not_joined(extract, text, needle):
    assert _evidence_of(extract(text, published="2023-05-02"), needle) == set()


@pytest.mark.parametrize(
    "text, sub",
    [
        ("Soldiers repulsed the militants after heavy gunfire near the base in Baidoa, officials said.", "Armed clash"),
        ("Kurdish fighters repelled an Islamic State assault on Kobani overnight, a commander said.", "Armed clash"),
        ("There was a heavy exchange of gunfire between soldiers and jihadists near Kidal on Sunday.", "Armed clash"),
        ("Riot police repelled protesters who tried to reach the parliament in Kinshasa.", "Protest with intervention"),
        ("Anti-immigrant violence erupted again in Durban last week, police said.", "Mob violence"),
        ("The president said the nation would repel any aggression.", None),
        ("The company said its new coating repels water and dust.", None),
    ],
)
def test_fights_told_by_repelling_and_exchanges(extract, text, sub):
    subs = _subs(extract(text, published="2023-05-02"))
    assert subs == set() if sub is None else sub in subs


@pytest.mark.parametrize(
    "text, sub",
    [
        (
            "KABUL - Taliban insurgents overran another district in Helmand province on Sunday, officials said.",
            "Non-state actor overtakes territory",
        ),
        (
            "ALEPPO - In Aleppo, government troops stormed two rebel-held neighborhoods amid a heavy exchange of "
            "gunfire on Friday.",
            "Government regains territory",
        ),
        (
            "MANDALAY - Resistance fighters captured two villages in Sagaing region after days of fighting, a local "
            "commander said.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_takeover_of_an_unnamed_part_is_an_event_of_no_place(extract, text, sub):
    # told as happened, so an event; but no place the text names changed hands (not the province, not the city)
    doc = extract(text, published="2023-05-02")
    takes = [e for e in doc.events if e.sub_event_type == sub and not e.background]
    assert takes and all(e.place is None for e in takes)
    assert "Armed clash" not in _subs(doc)  # the fighting for the part is the takeover
