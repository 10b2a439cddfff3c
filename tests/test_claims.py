"""Population claims are statements of a place's population, not counts of people (real pipeline)."""

from __future__ import annotations

import pytest


def _populations(extract, text):
    return [(c.what, c.value) for c in extract(text, published="2021-08-11").claims if c.kind == "population"]


@pytest.mark.parametrize(
    "text,want",
    [
        ("Ghazni, a city of an estimated 180,000 inhabitants, fell on Thursday.", ("Ghazni", 180000.0)),
        ("Kandahar is home to about 600,000 people.", ("Kandah", 600000.0)),
    ],
)
def test_population_statements(extract, text, want):
    [(what, value)] = _populations(extract, text)
    assert want[0] in what and value == want[1]


@pytest.mark.parametrize(
    "text",
    [
        "The drone strike that the United States conducted appears to have killed 7 children, as part of 10 people.",
        "The U.S. military bases in the United States had about 20,000 people.",
        "They have now facilitated the evacuation of more than 37,000 people out of Kabul.",
        "It is a requirement for people at a business in Texas with more than 100 people.",
    ],
)
def test_counts_of_people_are_not_populations(extract, text):
    assert _populations(extract, text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The rebels said they had lost Idlib, which they had held since 2015.", []),
        ("Houthi fighters seized the town of Harib, which the army had held since 2015.", []),
        ("Islamic State militants attacked Baiji, which they hold, on Monday.", [("isis", "held")]),
        ("Al-Shabab fighters still control Jilib, which they hold.", [("al-shabab", "held")]),
    ],
)
def test_a_relative_pronoun_held_is_its_antecedent_and_a_past_perfect_is_no_longer_held(extract, text, want):
    """ "Baiji, which they hold": Baiji is held (never a facility called "which"); "which the army had held since
    2015" tells a holder of the past, not a standing control; one status for one holding told twice."""
    a = extract(text, published="2024-05-01")
    assert [(c.controller, c.status) for c in a.control] == want
    assert all(c.facility != "which" for c in a.control)
