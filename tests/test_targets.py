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
