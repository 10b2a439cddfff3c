"""Which named group a description or a definition means, in wars of every theatre (invented sentences)."""

import pytest


def _actor(doc, surface):
    for a in doc.actors:
        if any(m.span.text == surface for m in a.mentions):
            return a
    return None


@pytest.mark.parametrize(
    "text, published, surface, want",
    [
        # "<description> of / from <named group>": that group, not the one named before
        (
            "The Ta'ang National Liberation Army said on Monday it had repelled junta troops. Fighters of the "
            "Arakan Army seized the town of Paletwa in Chin state, Myanmar.",
            "2024-01-15",
            "Fighters",
            "arakan-army",
        ),
        (
            "The SPLM-N clashed with the army near Kadugli in Sudan. Paramilitaries from the RSF then entered the "
            "town of Babanusa.",
            "2024-02-01",
            "Paramilitaries",
            "rsf",
        ),
        (
            "ELN rebels fought for days near the border. A rival armed group of former FARC rebels withdrew from "
            "the village of Campo Dos in Colombia.",
            "2025-01-20",
            "armed group",
            "farc-dissidents",
        ),
        # "<description>, (who are) known (locally) as <name>": the name, in its theatre
        (
            "Islamist militants, known locally as al-Shabab, stormed the town of Macomia in Mozambique on Friday.",
            "2020-05-30",
            "Islamist militants",
            "ansar-al-sunna-mz",
        ),
    ],
)
def test_a_description_is_the_named_group_it_belongs_to(extract, text, published, surface, want):
    doc = extract(text, published=published)
    a = _actor(doc, surface)
    assert a is not None and a.id == want


def test_a_description_is_not_a_name(extract):
    """ "Islamist insurgents", "Shiite militias": an adjective and an armed noun describe, they name no group."""
    doc = extract("Islamist insurgents attacked the town of Mocimboa da Praia in Mozambique.", published="2020-08-12")
    assert _actor(doc, "Islamist insurgents").id == "ansar-al-sunna-mz"  # the theatre's group, by default
    doc = extract("Shiite militias entered the town of Tikrit in Iraq, officials said.", published="2015-03-30")
    assert _actor(doc, "militias").id == "armed-iq"
    assert not any(a.id.startswith("x-") for a in doc.actors)
    # an armed modifier before a capitalised one: "the armed Islamist groups" names no group "Islamist"
    doc = extract(
        "The attackers were fighters of Ansar Dine, one of the armed Islamist groups that have ruled northern Mali.",
        published="2013-01-15",
    )
    assert not any(a.id.startswith("x-") for a in doc.actors), [a.name for a in doc.actors]


@pytest.mark.parametrize(
    "text, published, surface, want",
    [
        ("Tuareg rebels seized the town of Kidal in northern Mali on Friday.", "2012-03-31", "Tuareg rebels", "mnla"),
        ("Tuareg rebels seized the town of Kidal in northern Mali on Friday.", "2019-03-31", "Tuareg rebels", "cma"),
        ("Gangs attacked the town of Mirebalais in Haiti on Monday.", "2025-04-01", "Gangs", "viv-ansanm"),
        ("Gangs attacked the town of Mirebalais in Haiti on Monday.", "2015-04-01", "Gangs", "armed-ht"),
        ("The paramilitaries seized the town of Bara in Sudan on Saturday.", "2025-03-03", "paramilitaries", "rsf"),
        (
            "The paramilitaries seized the town of Bara in Sudan on Saturday.",
            "2008-03-03",
            "paramilitaries",
            "armed-sd",
        ),
        ("The rebels seized the port of Hodeidah in Yemen.", "2015-06-01", "rebels", "houthis"),
    ],
)
def test_a_description_with_no_name_is_its_theatres_group_of_that_time(extract, text, published, surface, want):
    """With no group named in the article, a description means the registry's group of the theatre and year, and
    none out of them (the unidentified armed group of the country)."""
    assert _actor(extract(text, published=published), surface).id == want


def test_a_named_group_beats_the_theatre_default(extract):
    doc = extract(
        "Gangs of the 400 Mawozo attacked the town of Croix-des-Bouquets in Haiti. The gangs burned the market.",
        published="2021-10-18",
    )
    assert _actor(doc, "Gangs").id == "400-mawozo"
    assert _actor(doc, "gangs").id == "400-mawozo"


def test_definitions_of_new_groups_in_any_war(extract):
    doc = extract(
        "The Southern Freedom Front (SFF), a group led by a former army colonel, said it had taken the town of "
        "Menaka in Mali.",
        published="2024-03-04",
    )
    assert _actor(doc, "SFF").name == "Southern Freedom Front"
    assert _actor(doc, "SFF").kind == "non-state-armed"
    doc = extract(
        "The rebels said they had taken the town of Menaka in Mali. The Karoo Patriots Alliance, a coalition of "
        "armed groups formed last year, said it would hold the town.",
        published="2024-03-04",
    )
    kpa = _actor(doc, "Karoo Patriots Alliance")  # the name stops at the sentence's start
    assert kpa is not None and kpa.kind == "non-state-armed"
    assert _actor(doc, "rebels").id == kpa.id  # the article's named group, named after
    doc = extract(
        "Fighters of the Karoo Patriots rebel alliance said they had overrun an army base near Lashio, Myanmar.",
        published="2024-07-30",
    )
    assert _actor(doc, "Fighters").name == "Karoo Patriots"
    # a coalition of parties is not armed
    doc = extract(
        "The Karoo Civic Alliance, a coalition of opposition parties, said the army had taken Menaka in Mali.",
        published="2024-03-04",
    )
    assert _actor(doc, "Karoo Civic Alliance") is None


def test_a_reporting_pronoun_is_the_subjects_head_not_its_appositive(extract):
    doc = extract(
        "The Myanmar National Democratic Alliance Army, one of three groups in the Brotherhood Alliance, said it had "
        "captured the town of Lashio in Myanmar.",
        published="2024-08-04",
    )
    assert _actor(doc, "it").id == "mndaa"
    doc = extract(
        "The Rapid Support Forces, which fought alongside the SPLM-N in Kordofan, said it had entered the town of "
        "Babanusa in Sudan.",
        published="2025-06-24",
    )
    assert _actor(doc, "it").id == "rsf"


def test_a_description_is_not_the_other_party_of_its_clause(extract):
    """Named later in the sentence as the one a place was taken from, a group is not who took it."""
    doc = extract(
        "Rebels captured the town of Tal Rifaat in Syria from the Syrian Democratic Forces, Turkish media said.",
        published="2024-12-01",
    )
    assert _actor(doc, "Rebels").id != "sdf"
    doc = extract(
        "Kurdish-led fighters captured the town of Manbij in Syria from Islamic State militants.",
        published="2016-08-13",
    )
    assert _actor(doc, "Kurdish-led fighters").id == "sdf"
    doc = extract(
        "Gunmen seized the village of Kamanyola in Congo from the Wazalendo militias on Friday.", published="2025-02-14"
    )
    assert _actor(doc, "Gunmen").id not in ("wazalendo",)


def test_a_description_a_group_owns_is_that_group(extract):
    """ "its fighters": the possessor (here Russia's Wagner Group: state forces), not an unidentified group."""
    doc = extract(
        "Russian troops shelled the city. Russia's Wagner Group said its fighters had taken full control of "
        "Bakhmut in Ukraine.",
        published="2023-05-20",
    )
    assert _actor(doc, "fighters").id == "wagner"


def test_a_unit_a_country_owns_is_that_states_forces(extract):
    doc = extract(
        "Ukraine's 3rd Assault Brigade said it had recaptured the village of Andriivka.", published="2023-09-15"
    )
    unit = _actor(doc, "3rd Assault Brigade")
    assert unit.kind == "state-forces" and unit.country == "UA"
    doc = extract(
        "Sudan's army and allied militias retook the city of Wad Madani from the Rapid Support Forces paramilitary "
        "group.",
        published="2025-01-11",
    )
    assert _actor(doc, "militias").id != "rsf"  # the party it was taken from


@pytest.mark.parametrize(
    "text, published, want",
    [
        (
            "BAMAKO, Mali — An al-Qaida-linked group, Jama'at Nusrat al-Islam wal-Muslimin, attacked army positions "
            "near Boni on Monday.",
            "2023-05-17",
            "jnim",
        ),
        (
            "MOGADISHU, Somalia — A jihadist group, al-Shabab, attacked a military base near Kismayo on Sunday.",
            "2020-03-01",
            "al-shabab",
        ),
    ],
)
def test_a_description_with_a_name_in_apposition_is_that_group(extract, text, published, want):
    """ "<a description>, <name>, attacked ...": the group the apposition names is the party, also where the parse
    makes the dateline the subject and hangs the description on it."""
    doc = extract(text, published=published)
    assert [e.actor1 for e in doc.events if e.event_type == "Battles"] == [want], [
        (e.sub_event_type, e.actor1) for e in doc.events
    ]


@pytest.mark.parametrize(
    "text, published, want",
    [
        ('"Our forces have entered Kherson," Ukrainian President Volodymyr Zelenskyy said.', "2022-11-12", "UA"),
        ('"We have liberated Wad Madani," Sudan\'s army chief Abdel Fattah al-Burhan said.', "2025-01-12", "SD"),
        ("Ethiopian Prime Minister Abiy Ahmed said federal troops had entered Mekelle.", "2020-11-29", "ET"),
    ],
)
def test_an_office_holder_speaks_for_the_state_and_its_forces(extract, text, published, want):
    """ "<demonym or country's> <office title> <name>" (``state_office_titles``) is that state's government or forces:
    the change its "our forces" claim is the state's, claimed."""
    doc = extract(text, published=published)
    kinds = {a.id: (a.kind, a.country) for a in doc.actors}
    got = [(kinds.get(e.actor1), e.certainty.value) for e in doc.events if e.event_type == "Battles"]
    assert got and all(k is not None and k[1] == want and k[0] in ("government", "state-forces") for k, _ in got), got


def test_bare_troops_are_state_forces_unless_a_proper_word_names_their_side(extract):
    """ "troops", "soldiers" alone are a state's forces (the text's, or the owner's of "its troops"); "Tigrayan
    troops" are no state's men by default."""
    doc = extract(
        "ISLAMABAD, Pakistan — The army spokesman said that on Friday troops also took the town of Kanju.",
        published="2009-05-31",
    )
    assert [e.actor1 for e in doc.events if e.event_type == "Battles"] == ["forces-pk"], [
        (e.sub_event_type, e.actor1) for e in doc.events
    ]
    doc = extract("Russia's defense ministry said its troops had liberated Krynky in Ukraine.", published="2024-02-18")
    assert {e.actor1 for e in doc.events if e.event_type == "Battles"} == {"ru-forces"}, [e.actor1 for e in doc.events]
    doc = extract("Tigrayan troops entered Dessie in Ethiopia on Saturday, residents said.", published="2021-11-02")
    assert not {e.actor1 for e in doc.events} & {"endf", "forces-et"}, [e.actor1 for e in doc.events]


def test_they_of_a_joined_clause_is_its_first_clauses_subject(extract):
    """ "the ministry said its troops had taken 90 positions, and that on Tuesday they had taken the villages of X
    and Y": "they" are its troops (the state's), not the other side named in an earlier sentence; a country's
    "Defense Ministry" in title case is its government."""
    doc = extract(
        "STEPANAKERT — Ethnic Armenian forces of the Artsakh Defense Army said they were outgunned. Azerbaijan's "
        "Defense Ministry said its troops had taken more than 90 military positions, and that on Tuesday they had "
        "taken the villages of Chartar and Sarushen.",
        published="2023-09-20",
    )
    got = {doc.place(e.place).name: e.actor1 for e in doc.events if e.event_type == "Battles" and e.place}
    assert {"Chartar", "Sarushen"} <= set(got) and {got["Chartar"], got["Sarushen"]} == {"forces-az"}, got


def test_a_name_before_an_affiliation_noun_is_a_parent_not_a_rival(extract):
    """ "ISIL, an al Qaeda offshoot": al Qaeda says whose branch ISIL is; "the militants" after it are ISIL's, not an
    unidentified group of two rivals."""
    doc = extract(
        "The fighters belong to the Islamic State in Iraq and the Levant (ISIL), an al Qaeda offshoot that has been "
        "fighting Iraqi forces in Anbar for months. Officials said the militants now held most of the city.",
        published="2014-06-10",
    )
    assert _actor(doc, "militants").id == "isis"
