"""Counts of people: numbers in words or digits, qualifiers kept, vague quantities read as minimums."""

import pytest

from sitroom.extract.counts import combine, minimum, number_value, parse_quantity, quantity_of


@pytest.mark.parametrize(
    "text,low,shown",
    [
        ("two suspected insurgents", 2, "two"),
        ("11 militants", 11, "11"),
        ("at least 5 civilians", 5, "at least 5"),
        ("more than 10 suspects", 11, "more than 10"),
        ("more than a dozen fighters", 13, "more than a dozen"),
        ("a dozen men", 12, "a dozen"),
        ("twenty-one people", 21, "twenty-one"),
        ("1,200 families", 1200, "1,200"),
        ("several insurgents", 3, "several"),
        ("a couple of men", 2, "a couple of"),
        ("numerous suspects", 4, "numerous"),
        ("dozens of fighters", 24, "dozens of"),
        ("a Taliban leader", 1, "1"),
        ("the two suspects", 2, "two"),
        ("about 40 people", 40, "about 40"),
        ("a number of suspected insurgents", 3, "a number of"),
    ],
)
def test_parse_quantity(text, low, shown):
    q = parse_quantity(text)
    assert q is not None and q.low == low and q.text == shown


def test_additional_counts():
    assert parse_quantity("another nine").additional
    assert parse_quantity("two more insurgents").additional
    assert parse_quantity("an additional suspect").low == 1
    assert not parse_quantity("more than 10 suspects").additional


def test_not_a_count():
    assert parse_quantity("the compound") is None
    # an ordinal ranks one person, it does not count people
    assert parse_quantity("17th Haqqani leader") is None
    assert parse_quantity("the 2nd insurgent") is None
    assert parse_quantity("21st century") is None
    assert number_value("kilograms") is None


def test_minimum_and_combine():
    assert minimum("more than 10") == 11
    assert minimum("several") == 3
    assert minimum(None) is None
    assert combine("1", "two more", add=True) == "3"
    assert combine("several", "2", add=True) == "at least 5"
    assert combine("several", "11", add=False) == "11"  # the same group told twice: the larger figure
    assert combine(None, "4", add=False) == "4"


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


@pytest.mark.parametrize(
    "sentence,word,low",
    [
        ("Police detained a militant commander and two of his associates.", "commander", 3),
        ("The army killed several of them.", "several", 3),
        ("Troops arrested more than 10 suspected insurgents.", "insurgents", 11),
        ("Soldiers detained suspected militants.", "militants", 2),
        ("Soldiers detained the leader.", "leader", 1),
        ("The force returned fire, killing him.", "him", 1),
    ],
)
def test_quantity_of_parse(nlp, sentence, word, low):
    doc = nlp(sentence)
    tok = next(t for t in doc if t.text == word)
    q = quantity_of(tok)
    assert q is not None and q.low == low


@pytest.mark.parametrize(
    "sentence,word,low",
    [
        ("The facilitator is the 17th Haqqani leader captured this month.", "leader", 1),
    ],
)
def test_ordinal_is_one_person(nlp, sentence, word, low):
    doc = nlp(sentence)
    tok = next(t for t in doc if t.text == word)
    q = quantity_of(tok)
    assert q is not None and q.low == low
