"""Forecasts: statements about future events with a stated or implied horizon, not plans, schedules, questions or
counterfactuals (real pipeline, sentences of the kinds briefings and wire reports carry)."""

from __future__ import annotations

from datetime import date

import pytest


def _forecasts(extract, text):
    return [
        (f.by, f.what, f.modality, f.horizon_days, f.deadline) for f in extract(text, published="2021-08-11").forecasts
    ]


def test_a_bare_span_is_the_horizon(extract):
    [(by, what, modality, horizon, deadline)] = _forecasts(
        extract, "The entire Afghan government could collapse in as little as 90 days from today, officials said."
    )
    assert (by, what, modality, horizon, deadline) == ("officials", "collapse", "possible", 90, date(2021, 11, 9))


def test_a_place_as_subject_is_the_target(extract):
    a = extract(
        "A U.S. intelligence official is telling CBS News that Kabul could come under pressure in a month or two.",
        published="2021-08-11",
    )
    [f] = a.forecasts
    assert f.by == "A U.S. intelligence official" and f.what == "come under pressure" and f.horizon_days == 30
    assert a.place(f.target).name == "Kabul"


@pytest.mark.parametrize(
    "text,what,horizon",
    [
        ("Officials warned that the rebels will take Goma within weeks.", "take Goma", 21),
        ("The army is expected to retake Marawi within 60 days.", "retake Marawi", 60),
        ("He believes that fighting will intensify in the coming months.", "intensify", None),
    ],
)
def test_predictions(extract, text, what, horizon):
    got = _forecasts(extract, text)
    assert len(got) == 1 and got[0][1] == what, got
    assert horizon is None and got[0][3] > 0 or got[0][3] == horizon


@pytest.mark.parametrize(
    "text",
    [
        "The President will travel to Camp David on Tuesday.",  # a schedule
        "The flag will be flown at half-staff until sunset on August 30th.",  # an announcement nobody predicts
        "We will brief you tomorrow on the evacuation.",  # the speaker's own plan
        "The EU said it will impose a carbon border tax next month.",  # a party announcing its plan
        "Could the evacuation finish before August 31st?",  # a question
        "What is happening now could just as easily have happened 15 years in the future.",  # a counterfactual
        "I can't predict for you what the schedule will look like beyond next Tuesday.",  # a prediction declined
        "We can move thousands of people a day out of Kabul by next week.",  # ability, not likelihood
    ],
)
def test_not_forecasts(extract, text):
    assert _forecasts(extract, text) == []
