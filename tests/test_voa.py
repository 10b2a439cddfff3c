"""The same pipeline, unchanged, on the VOA reports: captures of provincial capitals at the right city and day."""

import csv
import math
from datetime import date

import pytest

CAPTURE_TYPES = {"Non-state actor overtakes territory", "Non-violent transfer of territory"}


def _km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def voa_docs(shared, pipeline):
    from sitroom.ingest import read_paths
    from sitroom.model import Article

    items = list(read_paths([str(shared / "corpus" / "afghanistan-2021" / "voa")]))
    docs = [pipeline.run(a) for a in items if isinstance(a, Article)]
    assert len(docs) == 6
    return docs


@pytest.fixture(scope="module")
def capitals(shared):
    with open(shared / "reference" / "afghan-provincial-capitals.csv", encoding="utf-8") as f:
        return {r["capital"]: r for r in csv.DictReader(f)}


def _captures(docs):
    for d in docs:
        for e in d.events:
            p = d.place(e.place)
            if e.sub_event_type in CAPTURE_TYPES and p is not None and p.lat is not None and e.date and e.date.point:
                yield d, e, p


@pytest.mark.parametrize(
    "capital,day",
    [("Zaranj", "2021-08-06"), ("Kunduz", "2021-08-08"), ("Taloqan", "2021-08-08"), ("Sar-e Pul", "2021-08-08")],
)
def test_capture_of_provincial_capital(voa_docs, capitals, capital, day):
    ref = capitals[capital]
    lat, lon = float(ref["latitude"]), float(ref["longitude"])
    hits = [
        (d, e, p)
        for d, e, p in _captures(voa_docs)
        if _km(p.lat, p.lon, lat, lon) <= 25
        and p.kind == "city"
        and e.date.point == date.fromisoformat(day)
        and d.actor(e.actor1) is not None
        and d.actor(e.actor1).name == "Taliban"
    ]
    found = sorted({(p.name, str(e.date.point), d.published.isoformat()) for d, e, p in _captures(voa_docs)})
    assert hits, f"no Taliban capture of {capital} on {day}; captures found: {found}"


def test_no_capture_event_at_a_dateline(voa_docs):
    for d in voa_docs:
        for e in d.events:
            p = d.place(e.place)
            assert p is None or p.role != "dateline"
