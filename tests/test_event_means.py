"""The means decides the sub-type (issue 14, ACLED's rule for Explosions/Remote violence): a suicide bombing, a drone
attack, a car bomb, a grenade or shelling told by a noun, whatever the verb and whoever the victims; a base is
established only when a force sets one up. Every sentence was written for this test, from wars of many places; real
spaCy, real gazetteer, the real relevance gate."""

from __future__ import annotations

import pytest

from sitroom.eval.events import sub_label


def _subs(doc):
    return sorted({sub_label(e.event_type, e.sub_event_type) for e in doc.events if not e.background})


@pytest.mark.parametrize(
    "text, sub",
    [
        # the means named by a noun, the verb says nothing of it
        ("A suicide bombing killed 14 people at a mosque in Maiduguri on Friday.", "Suicide bomb"),
        ("Nine soldiers were killed in a suicide bombing at an army base near Gao.", "Suicide bomb"),
        ("An attack by a suicide bomber killed 20 recruits at a training camp in Aden.", "Suicide bomb"),
        ("Three militants were killed in a drone attack in North Waziristan on Tuesday.", "Air/drone strike"),
        ("A drone attack on a market in Idlib killed eleven civilians.", "Air/drone strike"),
        ("Five children died in an air raid on the village of Maaret al-Numan.", "Air/drone strike"),
        (
            "An unmanned aerial vehicle attack on a tanker off the coast of Oman killed two crew members.",
            "Air/drone strike",
        ),
        (
            "Investigators said the drone used in the attack on the oil tanker near Fujairah was made abroad.",
            "Air/drone strike",
        ),
        (
            "A car bomb went off outside the interior ministry in Baghdad, killing 12 people.",
            "Remote explosive/landmine/IED",
        ),
        ("Four soldiers were killed by a roadside bomb in Helmand province.", "Remote explosive/landmine/IED"),
        (
            "An IED struck a military convoy near Mocimboa da Praia, killing two soldiers.",
            "Remote explosive/landmine/IED",
        ),
        ("Six people were wounded in a grenade attack at a market in Srinagar.", "Grenade"),
        ("Shelling killed five civilians in the eastern town of Avdiivka.", "Shelling/artillery/missile attack"),
        ("A mortar round killed two soldiers at an army post near Kirkuk.", "Shelling/artillery/missile attack"),
        ("An airstrike killed 20 fighters near the town of Sirte.", "Air/drone strike"),
        # a bombing by a state is dropped from the air; by a named armed group it is planted
        ("Russian bombing killed 14 civilians in the town of Maarat al-Numan on Tuesday.", "Air/drone strike"),
        ("The Israeli bombing of Gaza went on through the night, killing 12 people.", "Air/drone strike"),
        ("Government troops bombed the village of Kauda on Monday, killing five civilians.", "Air/drone strike"),
        ("A Pakistani Taliban bombing killed 12 people at a market in Peshawar.", "Remote explosive/landmine/IED"),
        ("Militants bombed a bus in Quetta on Monday, killing five passengers.", "Remote explosive/landmine/IED"),
        # a chemical agent named in a relative clause on the weapon
        (
            "Government forces fired a rocket barrage that contained sarin at the suburbs of Douma.",
            "Chemical weapon",
        ),
    ],
)
def test_the_means_decides_the_sub_type(extract, text, sub):
    assert _subs(extract(text, published="2023-05-02")) == [sub]


def test_an_explosion_at_a_rally_is_no_force_against_protesters(extract):
    bomb = extract("A suicide bomber killed 25 people at a rally in Bannu.", published="2023-05-02")
    police = extract("Security forces shot dead four demonstrators at a rally in Conakry.", published="2023-05-02")
    assert _subs(bomb) == ["Suicide bomb"]
    assert _subs(police) == ["Excessive force against protesters"]


@pytest.mark.parametrize(
    "text, killed",
    [
        ("Soldiers fired at youths protesting against fuel prices in Kano, killing several.", None),
        ("Troops fired live rounds into a crowd of protesters in Mandalay, killing nine.", "nine"),
        ("At least 30 demonstrators were killed when security forces opened fire in Omdurman.", "at least 30"),
    ],
)
def test_lethal_fire_on_protesters(extract, text, killed):
    doc = extract(text, published="2023-05-02")
    assert _subs(doc) == ["Excessive force against protesters"]
    assert [e.counts.get("killed") for e in doc.events] == [killed]  # the toll is the protest's


def test_a_killing_when_someone_opened_fire_is_one_happening(extract):
    doc = extract(
        "Five soldiers were killed when militants opened fire on their post near Kidal.", published="2023-05-02"
    )
    assert [(e.sub_event_type, e.counts.get("killed")) for e in doc.events] == [("Armed clash", "five")]


def test_killed_at_home(extract):
    home = extract("Gunmen killed a village chief and his two sons at their home in Zamfara.", published="2023-05-02")
    fight = extract("Soldiers killed three militants at a house in Mosul after a gunfight.", published="2023-05-02")
    assert _subs(home) == ["Attack"]
    assert _subs(fight) == ["Armed clash"]


def test_the_attack_is_the_explosion_told_last_before_it(extract):
    doc = extract(
        "Police said a roadside bomb killed two soldiers near Mopti on Monday. "
        "On Wednesday a drone struck a fuel tanker on the road to Gao, killing its driver. "
        "The government condemned the attack on the tanker on Thursday.",
        published="2023-05-05",
    )
    assert _subs(doc) == ["Air/drone strike", "Remote explosive/landmine/IED"]


def test_the_attack_may_name_an_explosion_told_in_the_first_sentence(extract):
    """The explosion the text opens with (its evidence at offset 0) is before "the attack" too."""
    doc = extract(
        "A drone strike hit a fuel tanker on the road to Gao on Wednesday.\n"
        "The attack killed two drivers on Thursday, the company said. "
        "A roadside bomb killed three soldiers near Mopti on Friday.",
        published="2023-05-05",
    )
    at = doc.text.index("The attack")
    told = [e.sub_event_type for e in doc.events if e.evidence and e.evidence[0].start == at]
    assert "Air/drone strike" in told, told


@pytest.mark.parametrize(
    "text, sub",
    [
        ("The rebels established a new base in the hills above Kalemie.", "Headquarters or base established"),
        ("The militia set up its headquarters in the town of Bunia.", "Headquarters or base established"),
        ("Taliban fighters set up checkpoints outside the airport in Kabul.", None),
        ("The army set up checkpoints on the roads into Mopti.", None),
    ],
)
def test_a_base_is_established_when_a_force_sets_one_up(extract, text, sub):
    assert _subs(extract(text, published="2023-05-02")) == ([sub] if sub else [])


def test_the_attack_an_act_happened_in_is_that_act(extract):
    massacre = extract(
        "Militants massacred dozens of villagers in an overnight attack near Djibo.", published="2023-05-02"
    )
    after = extract(
        "The government declared a curfew in Maiduguri after an attack by gunmen killed 12 people.",
        published="2023-05-02",
    )
    assert _subs(massacre) == ["Attack"]
    assert "Other" in _subs(after) and len(_subs(after)) == 2  # an attack before the curfew is a happening of its own


def test_a_barrage_that_included_toxic_agents_is_chemical(extract):
    doc = extract(
        "Troops on Wednesday unleashed an artillery and rocket barrage that included toxic agents against the "
        "suburbs of Homs.",
        published="2023-05-02",
    )
    assert _subs(doc) == ["Chemical weapon"]


@pytest.mark.parametrize(
    "text",
    [
        "Representatives of both sides have been meeting in Addis Ababa for talks on a possible cease-fire.",
        "Mediators from Qatar hosted a new round of talks between the two sides.",
        "A rebel delegation flew to Kampala to meet government mediators over the ceasefire terms.",
    ],
)
def test_talks_of_a_war_told_by_mediators_or_a_hyphenated_ceasefire(extract, text):
    assert _subs(extract(text, published="2023-05-02")) == ["Negotiation"]


def test_talks_on_trade_are_no_negotiation(extract):
    doc = extract(
        "Trade negotiators from the two sides met in Brussels to discuss tariffs on steel.", published="2023-05-02"
    )
    assert _subs(doc) == []


@pytest.mark.parametrize(
    "text",
    [
        "The commander was freed as part of a prisoner swap with the rebels when Santos was president.",
        "Thousands were killed by the army in Kigali when the junta was in power.",
    ],
)
def test_a_happening_of_a_past_era_is_background(extract, text):
    doc = extract(text, published="2023-05-02")
    assert doc.events and all(e.background for e in doc.events)


def test_a_deal_mediated_by_someone_is_no_talks_of_its_own(extract):
    doc = extract(
        "The militia freed 20 captured soldiers under a deal mediated by tribal elders.", published="2023-05-02"
    )
    assert _subs(doc) == ["Agreement"]


@pytest.mark.parametrize(
    "text",
    [
        "Security forces clashed with protesters in Ankara on Tuesday.",
        "Police fought running battles with protesters in Ankara on Tuesday.",
    ],
)
def test_a_fight_with_demonstrators_is_a_violent_demonstration(extract, text):
    assert _subs(extract(text, published="2023-05-02")) == ["Violent demonstration"]


def test_protesters_wounded_with_no_lethal_means_is_an_intervention(extract):
    hurt = extract("Several demonstrators were injured in Ankara on Tuesday.", published="2023-05-02")
    shot = extract("Soldiers shot and wounded five protesters in Conakry.", published="2023-05-02")
    assert _subs(hurt) == ["Protest with intervention"]
    assert _subs(shot) == ["Excessive force against protesters"]


def test_a_protest_event_with_no_place_is_told_at_the_protest_before_it():
    from sitroom.extract.subtypes import harmonise_protests
    from sitroom.model import Event, Span

    def ev(sub: str, place: str | None, at: int) -> Event:
        etype = "Riots" if sub == "Violent demonstration" else "Protests"
        return Event(
            id="", event_type=etype, sub_event_type=sub, place=place, evidence=[Span(start=at, end=at + 9, text="")]
        )

    # tear gas at protesters in one city, stones thrown there (no place told), a march in another city later
    gas, stones, march = (
        ev("Protest with intervention", "p1", 0),
        ev("Violent demonstration", None, 60),
        ev("Peaceful protest", "p2", 120),
    )
    harmonise_protests([gas, stones, march])
    assert (gas.sub_event_type, march.sub_event_type) == ("Violent demonstration", "Peaceful protest")


@pytest.mark.parametrize(
    "text",
    [
        "Russia fired a barrage of cruise missiles at Kyiv overnight.",
        "Hezbollah launched dozens of rockets into northern Israel.",
        "The rebels fired a salvo of rockets at the airport in Tripoli.",
    ],
)
def test_what_a_barrage_holds_is_its_means(extract, text):
    assert _subs(extract(text, published="2023-05-02")) == ["Shelling/artillery/missile attack"]


def test_a_chemical_agent_felt_after_a_strike(extract):
    doc = extract(
        "Witnesses described a yellow cloud and a smell of chlorine after the barrel bomb struck the neighbourhood "
        "in Saraqib.",
        published="2023-05-02",
    )
    plain = extract(
        "Witnesses described a loud noise after the barrel bomb struck the neighbourhood in Saraqib.",
        published="2023-05-02",
    )
    assert _subs(doc) == ["Chemical weapon"]
    assert "Chemical weapon" not in _subs(plain)
