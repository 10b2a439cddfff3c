"""The HTTP API over a real store built by the real pipeline (seed + VOA reports + one hostile article).

Every endpoint, the one JSON error shape, the OpenAPI document against real responses, and the
exports read back (csv module, json)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.routing import APIRoute  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

pytestmark = pytest.mark.slow

SEED_EVIDENCE = "The Taliban have captured the strategic Afghan city of Ghazni"
XSS = '<img src=x onerror="window.__xss=1">'
HOSTILE = {
    "title": "Taliban enter <script>window.__xss=2</script> Kandahar " + XSS,
    "outlet": "Evil <script>window.__xss=3</script> News " + XSS,
    "date": "2021-08-13",
    "text": (
        "Taliban enter Kandahar <script>window.__xss=4</script>\n\n"
        "The Taliban captured the city of Kandahar on Friday, local officials said. " + XSS + "\n"
        '"We took Kandahar <b>today</b> <script>window.__xss=5</script>," Taliban spokesman Zabihullah Mujahid told '
        "the <img src=x onerror=alert(1)> agency.\n"
        "Officials said the Taliban could reach Kabul within 30 days <script>window.__xss=6</script>."
    ),
}


def build_store(tmp_path_factory, shared: Path) -> str:
    """The demo data plus the hostile article, ingested once per test session by the real pipeline."""
    from sitroom.pipeline import ingest_paths

    base = tmp_path_factory.getbasetemp() / "serve-store"
    db, done = base / "store.sqlite", base / "done"
    if done.exists():
        return str(db)
    base.mkdir(exist_ok=True)
    hostile = base / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    for paths, published in (([shared / "seed" / "ghazni-2021-08-12.txt"], "2021-08-12"),
                             ([shared / "corpus" / "afghanistan-2021" / "voa"], None), ([hostile], None)):
        s = ingest_paths([str(p) for p in paths], db=str(db), published=published, quiet=True)
        assert not s.failed, s.line()
    done.touch()
    return str(db)


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared) -> str:
    return build_store(tmp_path_factory, shared)


@pytest.fixture(scope="module")
def app(db):
    from sitroom.serve.api import create_app

    return create_app(db)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _ok(client, url, **params):
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, params, r.text[:500])
    return r.json()


def _all_events(client):
    out, offset = [], 0
    while offset is not None:
        p = _ok(client, "/api/events", limit=1000, offset=offset)
        out += p["items"]
        offset = p["next_offset"]
    return out


def _seed_capture(events):
    hits = [e for e in events if e["evidence"]["sentence"] and SEED_EVIDENCE in e["evidence"]["sentence"]
            and e["sub_event_type"] == "Non-state actor overtakes territory"]
    assert hits, "the seed's capture of Ghazni is not in /api/events"
    return hits[0]


def assert_error(r, status: int, code: str | None = None):
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "code", "title", "detail"}
    assert err["status"] == status
    assert all(isinstance(err[k], str) and err[k] for k in ("code", "title", "detail"))
    if code:
        assert err["code"] == code
    return err


# --------------------------------------------------------------------------- endpoints


def test_health(client):
    h = _ok(client, "/api/health")
    assert h["status"] == "ok"
    assert h["counts"]["articles"] == 8  # seed + 6 VOA + hostile
    assert h["counts"]["events"] > 0


def test_articles_list_and_pages(client):
    first = _ok(client, "/api/articles", limit=3)
    assert first["count"] == 3 and first["next_offset"] == 3
    everything = _ok(client, "/api/articles", limit=1000)
    assert everything["count"] == 8 and everything["next_offset"] is None
    ids = [a["id"] for a in everything["items"]]
    assert len(set(ids)) == 8
    second = _ok(client, "/api/articles", limit=3, offset=3)
    assert [a["id"] for a in second["items"]] == ids[3:6]
    assert _ok(client, "/api/articles", offset=100)["items"] == []
    outlets = {a["outlet"] for a in everything["items"]}
    assert any(o and "Voice of America" in o for o in outlets)


def test_article_detail_has_text_and_facts(client):
    events = _all_events(client)
    cap = _seed_capture(events)
    a = _ok(client, f"/api/articles/{cap['article_id']}")
    assert a["published"] == "2021-08-12"
    assert SEED_EVIDENCE in a["text"]
    assert any(e["id"] == cap["id"] for e in a["events"])
    assert all(e["article_id"] == a["id"] for e in a["events"])
    ev = cap["evidence"]
    if ev["start"] is not None:
        assert a["text"][ev["start"]:ev["end"]] == ev["sentence"]
    assert any(q["speaker"] and "Ramms" in q["speaker"] for q in a["quotes"])
    assert any(f["by"] and "defence officials" in f["by"] for f in a["forecasts"])
    assert a["control"], "the seed's standing control statements are missing"


def test_events_filters(client):
    events = _all_events(client)
    assert len(events) >= 8
    cap = _seed_capture(events)
    assert cap["actor1_name"] == "Taliban" and cap["place"] == "Ghazni" and cap["date"] == "2021-08-12"
    assert abs(cap["lat"] - 33.55) < 0.3 and abs(cap["lon"] - 68.42) < 0.3

    battles = _ok(client, "/api/events", type="Battles", limit=1000)["items"]
    assert battles and all(e["event_type"] == "Battles" for e in battles)

    window = _ok(client, "/api/events", since="2021-08-12", until="2021-08-12", limit=1000)["items"]
    assert window and all(e["date"] == "2021-08-12" for e in window)
    assert cap["id"] in {e["id"] for e in window}

    tal = _ok(client, "/api/events", actor="taliban", limit=1000)["items"]
    assert tal and all("taliban" in (e["actor1"], e["actor2"]) for e in tal)

    gz = _ok(client, "/api/events", place="Ghazni", limit=1000)["items"]
    assert cap["id"] in {e["id"] for e in gz}
    assert all(e["place"] == "Ghazni" for e in gz)

    box = _ok(client, "/api/events", bbox="67.5,33,69.5,34", limit=1000)["items"]
    assert cap["id"] in {e["id"] for e in box}
    assert all(67.5 <= e["lon"] <= 69.5 and 33 <= e["lat"] <= 34 for e in box)
    assert len(box) < len(events)

    rep = _ok(client, "/api/events", certainty="reported", limit=1000)["items"]
    assert rep and all(e["certainty"] == "reported" for e in rep)

    page = _ok(client, "/api/events", limit=2)
    assert page["count"] == 2 and page["next_offset"] == 2
    nxt = _ok(client, "/api/events", limit=2, offset=2)
    assert {e["id"] for e in page["items"]}.isdisjoint(e["id"] for e in nxt["items"])
    assert _ok(client, "/api/events")["limit"] == 100


def test_control_on_a_day(client):
    c = _ok(client, "/api/control", at="2021-08-13")
    assert c["at"] == "2021-08-13"
    ghazni = [p for p in c["places"] if p["place"] == "Ghazni"]
    assert ghazni, [p["place"] for p in c["places"]]
    g = ghazni[0]
    assert g["holder"] == "taliban" and g["holder_name"] == "Taliban"
    assert g["since"] == "2021-08-12"
    assert g["status"] in ("held", "contested")
    assert any(SEED_EVIDENCE in (e["sentence"] or "") for e in g["evidence"])
    assert g["history"] and g["history"][-1]["date"] <= "2021-08-13"
    # before the capture nobody is recorded as having taken Ghazni
    before = _ok(client, "/api/control", at="2021-08-07")
    assert not [p for p in before["places"] if p["place"] == "Ghazni"]
    assert all(h["date"] <= "2021-08-07" for p in before["places"] for h in p["history"] if h["date"])
    latest = _ok(client, "/api/control")
    assert latest["at"] == latest["last"] and latest["first"] <= latest["last"]
    assert c["statements"]


def test_claims_forecasts_quotes(client):
    claims = _ok(client, "/api/claims", limit=1000)["items"]
    assert any(c["value"] == 150 and c["unit"] == "km" for c in claims)
    assert all(c["evidence"]["sentence"] for c in claims)
    fc = _ok(client, "/api/forecasts", limit=1000)["items"]
    seed_fc = [f for f in fc if f["by"] and "defence officials" in f["by"]]
    assert {f["horizon_days"] for f in seed_fc} >= {30, 90}
    quotes = _ok(client, "/api/quotes", limit=1000)["items"]
    assert sum(1 for q in quotes if q["speaker"] and "Ramms" in q["speaker"]) >= 1
    assert _ok(client, "/api/quotes", limit=1)["count"] == 1


def test_page_and_static_files(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for path in ("/static/app.js", "/static/app.css", "/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css"):
        assert client.get(path).status_code == 200, path
    gj = client.get("/static/basemap.geojson").json()
    assert gj["type"] == "FeatureCollection"
    assert any(f["properties"]["name"] == "Afghanistan" for f in gj["features"])
    assert "http://" not in r.text and "https://" not in r.text  # nothing from the network


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("url,params", [
    ("/api/events", {"limit": 1001}),
    ("/api/events", {"limit": 0}),
    ("/api/events", {"offset": -1}),
    ("/api/events", {"since": "yesterday"}),
    ("/api/events", {"since": "2021-08-13", "until": "2021-08-01"}),
    ("/api/events", {"bbox": "1,2,3"}),
    ("/api/events", {"bbox": "a,b,c,d"}),
    ("/api/events", {"bbox": "10,10,0,0"}),
    ("/api/events", {"certainty": "sure"}),
    ("/api/control", {"at": "2021-13-45"}),
    ("/api/claims", {"limit": "many"}),
    ("/api/export/events.csv", {"limit": 10**9}),
])
def test_validation_errors_share_the_shape(client, url, params):
    err = assert_error(client.get(url, params=params), 422, "invalid-parameter")
    assert any(k in err["detail"] for k in params)


def test_not_found_and_method_errors(client):
    assert_error(client.get("/api/articles/0000000000000000"), 404, "not-found")
    assert_error(client.get("/api/articles/" + "x" * 500), 404, "not-found")
    assert_error(client.get("/api/nowhere"), 404, "not-found")
    assert_error(client.post("/api/events"), 405, "method-not-allowed")


def test_server_errors_share_the_shape(db, tmp_path):
    """A store whose tables are gone (a broken file): the client gets the error shape, not a traceback."""
    from sitroom.serve.api import create_app

    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(Path(db).read_bytes())
    con = sqlite3.connect(broken)
    tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%'")]
    for t in tables:
        if "event" in t:
            con.execute(f'drop table "{t}"')
    con.commit()
    con.close()
    with TestClient(create_app(str(broken)), raise_server_exceptions=False) as c:
        r = c.get("/api/events")
        err = assert_error(r, r.status_code)
        assert r.status_code in (500, 503)
        assert "Traceback" not in err["detail"] and str(tmp_path) not in err["detail"]
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with TestClient(create_app(str(garbage)), raise_server_exceptions=False) as c:
        r = c.get("/api/health")
        assert r.status_code in (500, 503)
        assert_error(r, r.status_code)


# --------------------------------------------------------------------------- OpenAPI agreement


def _calls(events):
    cap = _seed_capture(events)
    return {
        "/api/health": [{}],
        "/api/articles": [{}, {"limit": 2, "offset": 1}],
        "/api/articles/{article_id}": [{"article_id": cap["article_id"]}],
        "/api/events": [{}, {"type": "Battles", "since": "2021-08-01", "bbox": "60,29,75,39"}],
        "/api/control": [{}, {"at": "2021-08-13"}],
        "/api/claims": [{}],
        "/api/forecasts": [{}],
        "/api/quotes": [{}],
    }


def test_openapi_matches_responses(app, client):
    doc = _ok(client, "/openapi.json")
    schemas = doc["components"]["schemas"]
    calls = _calls(_all_events(client))
    routes = {r.path: r for r in app.routes if isinstance(r, APIRoute) and r.include_in_schema}
    assert set(doc["paths"]) == set(routes)
    json_routes = {p for p, r in routes.items() if r.response_model is not None}
    assert json_routes == set(calls), "every JSON endpoint must be exercised here"
    for path, route in routes.items():
        op = doc["paths"][path]["get"]
        # every operation documents the error shape
        for status in ("422", "500"):
            assert op["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
        if route.response_model is None:
            continue
        model = route.response_model
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{model.__name__}", path
        assert model.__name__ in schemas
        documented = {p["name"] for p in op.get("parameters", [])}
        for params in calls[path]:
            url = path
            q = dict(params)
            if "{article_id}" in path:
                url = path.replace("{article_id}", q.pop("article_id"))
            assert set(q) <= documented, (path, q)
            body = _ok(client, url, **q)
            model.model_validate(body)  # extra="forbid": an undocumented field fails here
            assert set(body) <= set(schemas[model.__name__]["properties"])
    from sitroom.serve.api import ErrorResponse

    ErrorResponse.model_validate(client.get("/api/articles/nope").json())
    ErrorResponse.model_validate(client.get("/api/events", params={"limit": -1}).json())
    assert "404" in doc["paths"]["/api/articles/{article_id}"]["get"]["responses"]


# --------------------------------------------------------------------------- exports


def test_export_csv_round_trip(client):
    from sitroom.serve.export import ACLED_COLUMNS, COLUMNS

    events = _all_events(client)
    r = client.get("/api/export/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == len(events)
    header = r.text.splitlines()[0].split(",")
    assert header == COLUMNS
    for col in ("event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2", "country",
                "admin1", "location", "latitude", "longitude", "source", "notes", "fatalities"):
        assert col in ACLED_COLUMNS
    cap = _seed_capture(events)
    row = next(x for x in rows if x["sitroom_id"] == cap["id"])
    assert row["event_date"] == "2021-08-12" and row["year"] == "2021"
    date.fromisoformat(row["event_date"])
    assert row["event_type"] == "Battles" and row["sub_event_type"] == "Non-state actor overtakes territory"
    assert row["actor1"] == "Taliban" and row["location"] == "Ghazni" and row["country"] == "Afghanistan"
    assert row["event_id_cnty"].startswith("AFG")
    assert abs(float(row["latitude"]) - cap["lat"]) < 1e-6 and abs(float(row["longitude"]) - cap["lon"]) < 1e-6
    assert SEED_EVIDENCE in row["evidence"] and row["notes"]
    assert row["certainty"] == cap["certainty"]
    assert int(row["fatalities"]) >= 0
    assert len({x["event_id_cnty"] for x in rows}) == len(rows)
    only = list(csv.DictReader(io.StringIO(client.get("/api/export/events.csv", params={"type": "Battles"}).text)))
    assert only and all(x["event_type"] == "Battles" for x in only)


def test_export_geojson_and_jsonl(client):
    from sitroom.serve.api import EventOut

    events = _all_events(client)
    gj = client.get("/api/export/events.geojson")
    assert gj.headers["content-type"].startswith("application/geo+json")
    fc = gj.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(events)
    for f in fc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
    jl = client.get("/api/export/events.jsonl")
    lines = jl.text.splitlines()
    assert len(lines) == len(events)
    back = [EventOut.model_validate(json.loads(line)) for line in lines]
    assert {e.id for e in back} == {e["id"] for e in events}


def test_cli_export(db, tmp_path):
    import argparse

    from sitroom.serve.cli_serve import add_commands

    p = argparse.ArgumentParser()
    add_commands(p.add_subparsers(dest="command"))
    out = tmp_path / "events.csv"
    args = p.parse_args(["export", "--db", db, "--format", "csv", "-o", str(out), "--since", "2021-08-12"])
    assert args.func(args) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(r["event_date"] >= "2021-08-12" for r in rows)
    out = tmp_path / "events.geojson"
    args = p.parse_args(["export", "--db", db, "--format", "geojson", "-o", str(out)])
    assert args.func(args) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_untrusted_text_is_returned_verbatim(client):
    """The API returns article text as data; escaping is the page's job (tested in test_web)."""
    arts = _ok(client, "/api/articles", limit=1000)["items"]
    hostile = [a for a in arts if a["title"] and "<script>" in a["title"]]
    assert hostile, [a["title"] for a in arts]
    a = _ok(client, f"/api/articles/{hostile[0]['id']}")
    assert "<script>window.__xss=4</script>" in a["text"]
    assert "<script>" in (a["outlet"] or "")
