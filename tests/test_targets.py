"""Target forecasts (sitroom.extract.targets): the place a party is said to go for next, resolved by the ledger when a
later report tells the takeover. Sentences written for this test."""

import pytest


@pytest.mark.parametrize(
    ("text", "published", "what"),
    [
        (
            "Syrian rebels seized Hama on Thursday. Analysts said the next target of the rebels is likely to be Homs.",
            "2024-12-06",
            "take Homs",
        ),
        ("The rebels said they would head to Damascus after taking Homs in Syria.", "2024-12-07", "take Damascus"),
        (
            "M23 fighters captured Goma in eastern Congo last week. Diplomats said the rebels could march on Bukavu.",
            "2025-02-03",
            "take Bukavu",
        ),
        # the place as the copula's subject, also up a raising chain ("was likely to be", "is expected to be")
        (
            "Sudan's RSF took Zalingei on Tuesday. Analysts said El Fasher was likely to be the RSF's next target.",
            "2023-11-15",
            "take El Fasher",
        ),
        (
            "Houthi rebels seized Al Hazm in Yemen last week. Marib could be the group's next target, a commander said.",
            "2021-03-02",
            "take Ma'rib",  # the gazetteer's spelling
        ),
        (
            "Arakan Army fighters captured Paletwa in Myanmar. An AA commander told reporters that Sittwe would be "
            "their next objective.",
            "2024-01-16",
            "take Sittwe",
        ),
        (
            "Russian forces took Lyman in eastern Ukraine on Friday. Kramatorsk is expected to be their next target, "
            "officials said.",
            "2022-05-28",
            "take Kramatorsk",
        ),
    ],
)
def test_a_target_is_a_forecast_of_taking_it(extract, text, published, what):
    doc = extract(text, published=published)
    assert what in [f.what for f in doc.forecasts]


@pytest.mark.parametrize(
    "text",
    [
        "The target of the airstrike was a warehouse in Idlib, Syria.",
        "Rebels marched on Hama last week and took the city in Syria on Thursday.",
        "Residents of Homs in Syria fled the city as rebels advanced.",
        "Sittwe was the target of an air strike in Myanmar on Monday, residents said.",
        "Djibo was expected to be calm after the army arrived in Burkina Faso.",
    ],
)
def test_no_target_forecast(extract, text):
    assert not [f for f in extract(text, published="2024-12-06").forecasts if f.what.startswith("take ")]


def test_the_ledger_resolves_a_target_when_the_takeover_is_reported(pipeline, tmp_path):
    from sitroom.ingest import article_from_text
    from sitroom.resolve.ledger import forecast_ledger
    from sitroom.store import open_store

    first = article_from_text(
        "Syrian rebels seized Hama on Thursday. Analysts said the next target of the rebels is likely to be Homs.",
        published="2024-12-06",
    )
    later = article_from_text("Syrian rebels captured Homs on Saturday, a war monitor said.", published="2024-12-08")
    with open_store(str(tmp_path / "t.sqlite")) as st:
        st.add(pipeline.run(first))
        st.add(pipeline.run(later))
        led = forecast_ledger(st, gazetteer=pipeline.gazetteer)
    (homs,) = [f for f in led["forecasts"] if f["what"] == "take Homs"]
    assert homs["status"] == "hit", homs
