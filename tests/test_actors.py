import textwrap

import pytest

from sitroom.errors import ConfigError
from sitroom.extract.actor_registry import load_lexicon


def _actor_of(doc, surface):
    for a in doc.actors:
        for m in a.mentions:
            if m.span.text == surface:
                return a.name
    return None


def test_descriptors_resolve_to_last_compatible_actor(extract):
    doc = extract(
        "The Taliban attacked the town on Monday. The militants later seized the district office. "
        "Afghan security forces said they had retreated."
    )
    assert _actor_of(doc, "militants") == "Taliban"
    assert _actor_of(doc, "Afghan security forces") == "Afghan government forces"


def test_descriptor_default_holds_only_in_its_theatre(extract):
    """ "Rebels" with no earlier referent: the Taliban in a text about Afghanistan, not in one about Mali."""
    doc = extract("Rebels attacked an army base near Kunduz, Afghanistan, on Sunday.")
    assert _actor_of(doc, "Rebels") == "Taliban"
    doc = extract(
        "Rebels attacked an army base near Gao in northern Mali on Sunday. Security forces said the rebels withdrew."
    )
    rebels = next(a for a in doc.actors if any(m.span.text == "Rebels" for m in a.mentions))
    assert (rebels.id, rebels.name, rebels.kind, rebels.country) == (
        "armed-ml",
        "Unidentified armed group (Mali)",
        "non-state-armed",
        "ML",
    )
    assert _actor_of(doc, "Security forces") == "Forces of Mali"
    assert _actor_of(doc, "rebels") == "Unidentified armed group (Mali)"  # the earlier mention, as before
    doc = extract("The militants attacked the base on Sunday.")  # no country told: no theatre's default
    assert _actor_of(doc, "militants") == "Unidentified armed group"
    doc = extract("Rebels attacked a checkpoint on Monday and the army said it had repelled them.")
    assert _actor_of(doc, "the army") == "Unidentified state forces"  # not the Afghan forces of the registry's default


def test_outlets_are_sources_not_actors(extract):
    doc = extract(
        "Local officials told the DPA news agency that the Taliban had entered the city. A spokesman told AFP and Reuters the same."
    )
    assert {s.name for s in doc.sources} >= {"DPA", "AFP", "Reuters"}
    assert not {a.name for a in doc.actors} & {"DPA", "AFP", "Reuters"}


def test_pronoun_refers_to_earlier_subject(extract):
    doc = extract("The Taliban overran the police station. They also freed the prisoners held there.")
    assert _actor_of(doc, "They") == "Taliban"


def test_modifier_is_not_a_mention(extract):
    doc = extract("The insurgents seized the police headquarters. They burned the building.")
    assert (
        _actor_of(doc, "They") == "Unidentified armed group"
    )  # the insurgents; no country named, so no theatre's group


def test_user_actor_file_extends_dictionary(tmp_path):
    f = tmp_path / "actors.yaml"
    f.write_text(
        textwrap.dedent("""
        - id: rsf
          name: Rapid Support Forces
          kind: non-state-armed
          aliases: [Rapid Support Forces, RSF]
    """)
    )
    lex = load_lexicon(str(f))
    assert "rsf" in lex.actors and lex.alias_map["rsf"] == "rsf"
    assert "taliban" in lex.actors


def test_bad_actor_file_is_a_clear_error(tmp_path):
    f = tmp_path / "actors.yaml"
    f.write_text("- id: x\n  name: X\n")
    with pytest.raises(ConfigError, match="kind"):
        load_lexicon(str(f))


def _actor(doc, surface):
    for a in doc.actors:
        if any(m.span.text == surface for m in a.mentions):
            return a
    return None


def test_alias_holds_only_in_its_theatre_and_years(extract):
    """ "coalition" is ISAF in Afghanistan 2001-2014, the US-led coalition in Syria 2019, the Saudi-led one in Yemen."""
    doc = extract("The coalition said its aircraft struck a convoy near Kandahar, Afghanistan.", published="2010-05-02")
    assert _actor_of(doc, "coalition") == "ISAF"
    doc = extract("The coalition said its aircraft struck a convoy near Raqqa, Syria.", published="2019-03-01")
    assert _actor_of(doc, "coalition") == "US-led coalition"
    doc = extract("The coalition said its aircraft struck a convoy near Sanaa, Yemen.", published="2016-03-01")
    assert _actor_of(doc, "coalition") == "Saudi-led coalition"
    doc = extract("The SNA said it retook the town of Marka in Somalia.", published="2015-05-02")
    assert _actor(doc, "SNA").country == "SO"


def test_definitions_in_the_text_make_named_actors(extract):
    doc = extract(
        "Fighters of the Zulu Liberation Brigade (ZLB), a rebel group founded last year, seized the town of "
        "Kidal in northern Mali on Sunday. The ZLB said the rebels also took two villages.",
        published="2024-03-04",
    )
    zlb = _actor(doc, "ZLB")
    assert zlb is not None and zlb.name == "Zulu Liberation Brigade" and zlb.kind == "non-state-armed"
    assert _actor_of(doc, "rebels") == "Zulu Liberation Brigade"  # the named actor, not "Unidentified armed group"
    doc = extract(
        "The paramilitary Northern Shield Force (NSF) said it entered the city of Gao in Mali.", published="2024-03-04"
    )
    assert _actor_of(doc, "NSF") == "Northern Shield Force"


def test_an_unarmed_organisation_is_neither_actor_nor_place(extract):
    # defined in the text, unknown to the registry: learned as an organisation, neither an actor nor a place
    doc = extract(
        "The Sahel Relief Coordination Office (SRCO) said 3,000 people fled Kidal in Mali.", published="2024-03-04"
    )
    assert _actor(doc, "SRCO") is None
    assert not any(p.mention.text == "SRCO" for p in doc.places)
    # one the registry knows (organisations.yaml) is an actor of kind "other": a speaker, no party to the fighting
    doc = extract(
        "The International Organization for Migration (IOM) said 3,000 people fled Kidal in Mali.",
        published="2024-03-04",
    )
    assert _actor(doc, "IOM").kind == "other"
    assert not any(p.mention.text == "IOM" for p in doc.places)


def test_international_organisations_by_their_usual_descriptions(extract):
    doc = extract(
        "The U.N. refugee agency said 12,000 people fled Kismayo. The African Union said AU forces took the port.",
        published="2012-09-29",
    )
    assert _actor(doc, "U.N. refugee agency").name == "UNHCR"
    assert _actor(doc, "African Union").id == "au"
    assert _actor(doc, "AU forces").id == "amisom"  # the longest alias wins, acronym or not
    doc = extract("The Kremlin said the convoy carried aid.", published="2014-08-21")
    assert _actor(doc, "The Kremlin").id == "gov-ru"  # a government named by its seat


def test_demonym_with_state_words_is_the_state_but_a_party_name_is_not(extract):
    doc = extract("The Sudanese Armed Forces said they recaptured the town of Bara in Sudan.", published="2024-03-04")
    saf = _actor(doc, "Sudanese Armed Forces")
    assert saf.kind == "state-forces" and saf.country == "SD"
    doc = extract("The Syrian Democratic Forces said they took the village of Baghuz in Syria.", published="2019-03-04")
    sdf = _actor(doc, "Syrian Democratic Forces")
    assert sdf.kind == "non-state-armed"


def test_rebels_never_refer_to_a_pro_government_militia(extract):
    doc = extract(
        "Hezbollah fighters backed Syrian troops near Yabroud in Syria. The rebels said they held the town.",
        published="2014-02-28",
    )
    assert _actor_of(doc, "rebels") != "Hezbollah"


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        (
            "JUBA — South Sudanese troops retook Bor on Saturday, a military spokesman said.",
            "South Sudanese troops",
            "SS",
        ),
        (
            "Sri Lankan Troops Capture Rebel Capital\n\nCOLOMBO — The army said it took the town.",
            "Sri Lankan Troops",
            "LK",
        ),
        ("BANGUI — Central African soldiers entered Bria on Monday, officials said.", "Central African soldiers", "CF"),
    ],
)
def test_a_two_word_demonym_names_its_own_states_forces(extract, text, surface, country):
    """ "South Sudanese troops" are South Sudan's (not Sudan's, whose demonym is the second word), "Sri Lankan Troops"
    in a title-case headline Sri Lanka's (the "Sri" a place reading took is part of the demonym)."""
    doc = extract(text, published="2014-01-19")
    a = _actor(doc, surface)
    assert a.kind == "state-forces" and a.country == country, (a.id, a.kind, a.country)


@pytest.mark.parametrize(
    "text, published, surface, want",
    [
        (
            "JUBA, South Sudan (AP) - The South Sudanese army said on Sunday it had repelled an attack on Malakal.",
            "2014-02-16",
            "South Sudanese army",
            "SS",
        ),
        (
            "BANGUI, Central African Republic (Reuters) - Central African troops patrolled Bria on Monday after clashes.",
            "2021-02-01",
            "Central African troops",
            "CF",
        ),
    ],
)
def test_a_longer_demonym_is_not_the_shorter_one_inside_it(extract, text, published, surface, want):
    # "South Sudanese army" holds "Sudanese army", an alias of Sudan's forces: the whole demonym decides
    doc = extract(text, published=published)
    got = _actor(doc, surface)
    assert got is not None and got.country == want, (got, [a.name for a in doc.actors])


def test_a_country_in_a_groups_longer_name_is_no_place(extract):
    doc = extract(
        "JUBA, South Sudan (AP) - Fighters of the Sudan People's Liberation Movement-in-Opposition seized the town of "
        "Akobo on Sunday. The Syrian Democratic Forces are not involved.",
        published="2014-03-10",
    )
    assert not any(p.country == "SD" for p in doc.places), [(p.mention.text, p.country) for p in doc.places]
    # a state's own name keeps its country: "the Sudanese army" is Sudan's, and a demonym stays a place
    doc = extract(
        "KHARTOUM, Sudan (Reuters) - The Sudan Armed Forces retook Wad Madani on Saturday.", published="2025-01-12"
    )
    assert any(p.country == "SD" and p.kind == "country" for p in doc.places)
