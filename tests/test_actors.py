import textwrap

import pytest

from sitroom.errors import ConfigError
from sitroom.extract.actors import load_lexicon


def _actor_of(doc, surface):
    for a in doc.actors:
        for m in a.mentions:
            if m.span.text == surface:
                return a.name
    return None


def test_descriptors_resolve_to_last_compatible_actor(extract):
    doc = extract("The Taliban attacked the town on Monday. The militants later seized the district office. "
                  "Afghan security forces said they had retreated.")
    assert _actor_of(doc, "militants") == "Taliban"
    assert _actor_of(doc, "Afghan security forces") == "Afghan government forces"


def test_descriptor_default_holds_only_in_its_theatre(extract):
    """"Rebels" with no earlier referent: the Taliban in a text about Afghanistan, not in one about Mali."""
    doc = extract("Rebels attacked an army base near Kunduz, Afghanistan, on Sunday.")
    assert _actor_of(doc, "Rebels") == "Taliban"
    doc = extract("Rebels attacked an army base near Gao in northern Mali on Sunday. Security forces said the "
                  "rebels withdrew.")
    rebels = next(a for a in doc.actors if any(m.span.text == "Rebels" for m in a.mentions))
    assert (rebels.id, rebels.name, rebels.kind, rebels.country) == (
        "armed-ml", "Unidentified armed group (Mali)", "non-state-armed", "ML")
    assert _actor_of(doc, "Security forces") == "Forces of Mali"
    assert _actor_of(doc, "rebels") == "Unidentified armed group (Mali)"  # the earlier mention, as before
    doc = extract("The militants attacked the base on Sunday.")  # no country told: the dictionary default
    assert _actor_of(doc, "militants") == "Taliban"


def test_outlets_are_sources_not_actors(extract):
    doc = extract("Local officials told the DPA news agency that the Taliban had entered the city. A spokesman told AFP and Reuters the same.")
    assert {s.name for s in doc.sources} >= {"DPA", "AFP", "Reuters"}
    assert not {a.name for a in doc.actors} & {"DPA", "AFP", "Reuters"}


def test_pronoun_refers_to_earlier_subject(extract):
    doc = extract("The Taliban overran the police station. They also freed the prisoners held there.")
    assert _actor_of(doc, "They") == "Taliban"


def test_modifier_is_not_a_mention(extract):
    doc = extract("The insurgents seized the police headquarters. They burned the building.")
    assert _actor_of(doc, "They") == "Taliban"


def test_user_actor_file_extends_dictionary(tmp_path):
    f = tmp_path / "actors.yaml"
    f.write_text(textwrap.dedent("""
        - id: rsf
          name: Rapid Support Forces
          kind: non-state-armed
          aliases: [Rapid Support Forces, RSF]
    """))
    lex = load_lexicon(str(f))
    assert "rsf" in lex.actors and lex.alias_map["rsf"] == "rsf"
    assert "taliban" in lex.actors


def test_bad_actor_file_is_a_clear_error(tmp_path):
    f = tmp_path / "actors.yaml"
    f.write_text("- id: x\n  name: X\n")
    with pytest.raises(ConfigError, match="kind"):
        load_lexicon(str(f))
