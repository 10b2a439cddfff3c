"""The lexicon loader: every packaged file loads and validates; a malformed file is a clear ConfigError."""

from __future__ import annotations

import pytest

from sitroom.errors import ConfigError
from sitroom.extract import lexicon


@pytest.fixture
def user_lexicon(tmp_path, monkeypatch):
    monkeypatch.setenv("SITROOM_LEXICON", str(tmp_path))
    lexicon.clear_cache()
    yield tmp_path
    monkeypatch.delenv("SITROOM_LEXICON")
    lexicon.clear_cache()


def test_every_packaged_file_loads():
    assert {"events", "numbers", "reporting"} <= set(lexicon.files())
    for name in lexicon.files():
        for section in lexicon.sections(name):
            assert lexicon.words(name, section)


def test_words_table_tagged():
    assert "bomb" in lexicon.words("events", "explosive")
    assert lexicon.table("numbers", "tens")["twenty"] == 20
    assert "say" in lexicon.tagged("reporting", "verbs", "quote")
    assert "report" not in lexicon.tagged("reporting", "verbs", "quote")
    # YAML 1.1 would read a bare no/on as a boolean: the files quote them
    assert "no" in lexicon.words("events", "negative_determiners")
    assert "on" in lexicon.words("events", "location_preps")


def test_unknown_file_and_section_name_the_input():
    with pytest.raises(ConfigError, match="nosuch.yaml"):
        lexicon.words("nosuch", "x")
    with pytest.raises(ConfigError, match="no section 'nosuch'"):
        lexicon.words("events", "nosuch")
    with pytest.raises(ConfigError, match="table was expected"):
        lexicon.table("events", "explosive")


def test_malformed_user_file_is_a_config_error(user_lexicon):
    (user_lexicon / "events.yaml").write_text("explosive: [bomb, no]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"events.yaml, section 'explosive'.*False"):
        lexicon.words("events", "explosive")
    (user_lexicon / "events.yaml").write_text("explosive: [bomb\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        lexicon.load("events")


def test_a_key_given_twice_is_a_config_error(user_lexicon):
    # YAML keeps the last of two equal keys silently: a table entry added under a key it held (a trigger word given
    # two actions, a section written twice) replaced the first without a trace
    (user_lexicon / "events.yaml").write_text("my_table: {cede: surrender, lose: withdraw, cede: withdraw}\n")
    with pytest.raises(ConfigError, match=r"events.yaml.*'cede' given twice"):
        lexicon.load("events")
    (user_lexicon / "events.yaml").write_text("my_words: [a]\nother: [b]\nmy_words: [a, c]\n")
    with pytest.raises(ConfigError, match=r"'my_words' given twice"):
        lexicon.load("events")
    (user_lexicon / "events.yaml").write_text("my_table: {a: {x: 1}, b: {x: 2}}\n")  # equal keys in two mappings
    assert lexicon.table("events", "my_table") == {"a": {"x": 1}, "b": {"x": 2}}


def test_user_file_adds_and_replaces_sections(user_lexicon):
    (user_lexicon / "events.yaml").write_text("explosive: [petard]\nmy_words: [a, b]\n", encoding="utf-8")
    assert lexicon.words("events", "explosive") == {"petard"}
    assert lexicon.words("events", "my_words") == {"a", "b"}
    assert "mortar" in lexicon.words("events", "shelling")  # other sections stay


def test_phrases_match_whole_words_across_white_space():
    rx = lexicon.phrases("reporting", "unverified_phrases")
    assert rx.search("The claim could not be\nindependently  verified.")
    assert rx.search("a video that cannot be verified")
    assert rx.search("UNCONFIRMED reports")
    assert not rx.search("the reconfirmed deal")  # a phrase is a whole word, never a part of one
    assert lexicon.phrases("reporting", "denial_phrases").search("The army denied it")


def test_an_acronym_with_a_small_letter_is_matched_with_its_case(extract):
    """ "LeT" (Lashkar-e-Taiba) is an acronym: "Let me" in a briefing about Pakistan is no armed group."""
    doc = extract("Let me say this about Pakistan. Let us be clear.", published="2021-08-20")
    assert not [a for a in doc.actors if a.name == "Lashkar-e-Taiba"]
    doc = extract("Police in Lahore, Pakistan, said LeT militants attacked a checkpoint.", published="2012-08-20")
    assert [a for a in doc.actors if a.name == "Lashkar-e-Taiba"]
