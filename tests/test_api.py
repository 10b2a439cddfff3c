"""The HTTP API over a real store built by the real pipeline (seed + VOA reports + one hostile article).

Every endpoint, the one JSON error shape, the OpenAPI document against real responses, the exports read back
(pandas for the CSV, pyarrow and pandas for Parquet, json), the caps on pages and exports, and the token that
guards the one write endpoint."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.routing import APIRoute, iter_route_contexts  # noqa: E402
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


def build_store(tmp_path_factory, shared: Path, pipeline=None) -> str:
    """The demo data plus the hostile article, ingested once per test session by the real pipeline (``pipeline``:
    the session's ``extract_once``, so the seed and VOA texts are extracted once for every store built from them)."""
    from sitroom.engine.run import ingest_paths

    base = tmp_path_factory.getbasetemp() / "serve-store"
    db, done = base / "store.sqlite", base / "done"
    if done.exists():
        return str(db)
    base.mkdir(exist_ok=True)
    hostile = base / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    for paths, published in (
        ([shared / "seed" / "ghazni-2021-08-12.txt"], "2021-08-12"),
        ([shared / "corpus" / "afghanistan-2021" / "voa"], None),
        ([hostile], None),
    ):
        s = ingest_paths([str(p) for p in paths], db=str(db), published=published, quiet=True, pipeline=pipeline)
        assert not s.failed, s.line()
    done.touch()
    return str(db)


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared, extract_once) -> str:
    return build_store(tmp_path_factory, shared, extract_once)


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
    hits = [
        e
        for e in events
        if e["evidence"]["sentence"]
        and SEED_EVIDENCE in e["evidence"]["sentence"]
        and e["sub_event_type"] == "Non-state actor overtakes territory"
    ]
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


def test_pages_carry_the_total(client):
    everything = _all_events(client)
    page = _ok(client, "/api/events", limit=2)
    assert page["count"] == 2 and page["total"] == len(everything)
    battles = [e for e in everything if e["event_type"] == "Battles"]
    page = _ok(client, "/api/events", type="Battles", limit=1)
    assert page["count"] == 1 and page["total"] == len(battles)
    taliban_battles = [e for e in battles if "taliban" in (e["actor1"], e["actor2"])]
    assert _ok(client, "/api/events", type="Battles", actor="taliban", limit=1)["total"] == len(taliban_battles)
    assert _ok(client, "/api/articles", limit=1)["total"] == 8
    for what in ("claims", "forecasts", "quotes"):
        p = _ok(client, f"/api/{what}", limit=1)
        assert p["total"] == _ok(client, "/api/health")["counts"][what] and p["total"] >= p["count"]


def test_unknown_values_and_parameters_are_422(client):
    err = assert_error(client.get("/api/events", params={"type": "battles"}), 422, "invalid-parameter")
    assert "did you mean 'Battles'" in err["detail"] and "Non-state actor overtakes territory" in err["detail"]
    err = assert_error(client.get("/api/events", params={"type": "Foo"}), 422, "invalid-parameter")
    assert "Foo" in err["detail"] and "Battles" in err["detail"]
    assert_error(client.get("/api/export/events.csv", params={"type": "Foo"}), 422, "invalid-parameter")
    err = assert_error(client.get("/api/events", params={"certainty": "sure"}), 422, "invalid-parameter")
    assert "reported" in err["detail"]
    err = assert_error(client.get("/api/events", params={"tpye": "Battles"}), 422, "invalid-parameter")
    assert "tpye" in err["detail"] and "type" in err["detail"]
    assert_error(client.get("/api/control", params={"day": "2021-08-13"}), 422, "invalid-parameter")
    assert_error(client.get("/api/export/events.csv", params={"mode": "rows"}), 422, "invalid-parameter")
    # the page keeps its state in its own query string
    assert client.get("/", params={"day": "2021-08-13", "tab": "events"}).status_code == 200


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
        assert a["text"][ev["start"] : ev["end"]] == ev["sentence"]
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

    # a place and its admin children: the Ghazni capture is in the city, inside the country and the province
    af = _ok(client, "/api/events", place="Afghanistan", within="true", limit=1000)["items"]
    assert cap["id"] in {e["id"] for e in af}
    assert all(e["country"] == "AF" for e in af)
    only = _ok(client, "/api/events", place="Afghanistan", limit=1000)["items"]
    assert cap["id"] not in {e["id"] for e in only} and len(only) < len(af)
    from sitroom.gazetteer import default_gazetteer

    province = next(e for e in default_gazetteer().lookup("Ghazni") if e.kind == "province")
    inside = _ok(client, "/api/events", place=province.id, within="true", limit=1000)["items"]
    assert cap["id"] in {e["id"] for e in inside} and len(inside) < len(af)
    assert cap["id"] not in {e["id"] for e in _ok(client, "/api/events", place=province.id, limit=1000)["items"]}
    r = client.get("/api/events", params={"within": "true"})
    assert r.status_code == 422 and "within" in r.json()["error"]["detail"], r.text

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


def test_control_comes_from_the_situation_layer(client, db):
    """/api/control is control_at (sitroom.resolve.control) on the same day, place by place."""
    from sitroom.resolve.control import changes, control_at
    from sitroom.store import open_store

    with open_store(db, create=False) as store:
        want = control_at(store, "2021-08-13")
        caps = control_at(store, "2021-08-13", kind="provincial-capital", actor="taliban")
        moved = changes(store, "2021-08-06", "2021-08-13")
    got = _ok(client, "/api/control", at="2021-08-13")["places"]
    assert [(p["place"], p["holder"], p["status"], p["since"]) for p in got] == [
        (p["place"], p["holder"], p["status"], p["since"]) for p in want
    ]
    g = next(p for p in got if p["place"] == "Ghazni")
    assert g["capital"] == "provincial" and g["admin1"] and g["gazetteer_id"]
    assert all(h["sources"] for h in g["history"])
    held = _ok(client, "/api/control", at="2021-08-13", kind="provincial-capital", actor="taliban")["places"]
    assert [p["place"] for p in held] == [p["place"] for p in caps] and "Ghazni" in {p["place"] for p in held}
    ch = _ok(client, "/api/changes", since="2021-08-06", until="2021-08-13")["changes"]
    assert [(c["place"], c["holder"], c["date"]) for c in ch] == [(c["place"], c["holder"], c["date"]) for c in moved]
    assert ch and all("2021-08-06" <= c["date"] <= "2021-08-13" and c["evidence"]["sentence"] for c in ch)
    assert_error(client.get("/api/changes", params={"since": "2021-08-13", "until": "2021-08-01"}), 422)
    assert_error(client.get("/api/control", params={"kind": "capitol"}), 422, "invalid-parameter")


def test_event_situation_lists_the_other_reports(client):
    """The seed's capture of Ghazni is one happening told by several articles; a report's situation lists them
    all (itself included) with their outlets, and the fields they disagree on with the reports behind each value."""
    events = _all_events(client)
    cap = _seed_capture(events)
    s = _ok(client, f"/api/events/{cap['id']}/situation")
    assert s["event_id"] == cap["id"] and s["sub_event_type"] == cap["sub_event_type"] and s["place"] == "Ghazni"
    uids = [r["uid"] for r in s["reports"]]
    assert cap["id"] in uids and len(uids) == len(set(uids)) >= 2
    # corroboration counts independent stories: articles that tell it in the same sentence (versions of one
    # text) count once, so it is at most the number of articles
    assert 2 <= s["corroboration"] <= len({r["article_id"] for r in s["reports"]})
    assert all(r["sentence"] and r["article_id"] and r["published"] for r in s["reports"])
    assert "Voice of America" in s["outlets"]
    others = [e for e in events if e["id"] in uids and e["id"] != cap["id"]]
    assert others and all(e["sub_event_type"] == cap["sub_event_type"] for e in others)
    # every report of the happening answers with the same happening
    assert _ok(client, f"/api/events/{others[0]['id']}/situation")["id"] == s["id"]
    disputed = [(e, _ok(client, f"/api/events/{e['id']}/situation")) for e in events]
    disputed = [(e, x) for e, x in disputed if x["alternatives"]]
    assert disputed, "no report in the demo data disputes another (Kandahar's date does)"
    for _, x in disputed:
        for field, versions in x["alternatives"].items():
            assert len(versions) >= 2 and all(v["reports"] for v in versions), field
            assert {r for v in versions for r in v["reports"]} <= {r["uid"] for r in x["reports"]}
    assert_error(client.get("/api/events/nope:e1/situation"), 404, "not-found")
    assert_error(client.get("/api/events/nothing/situation"), 404, "not-found")


def test_stories(client):
    page = _ok(client, "/api/stories", limit=1000)
    assert page["count"] == 8  # every stored article is a story; no reprints in the demo data
    for st in page["items"]:
        assert st["carriers"] and st["carriers"][0]["relation"] == "original"
        assert st["carriers"][0]["article_id"] == st["id"]
    assert _ok(client, "/api/stories", limit=2)["next_offset"] == 2
    assert _ok(client, "/api/stories", min_carriers=2)["items"] == []


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
    assert all(c["verdict"] in ("consistent", "inconsistent", "cannot tell") and c["reasoning"] for c in claims)
    dist = next(c for c in claims if c["value"] == 150 and c["unit"] == "km")
    assert dist["verdict"] == "consistent" and any("km" in step for step in dist["reasoning"])
    fc = _ok(client, "/api/forecasts", limit=1000)["items"]
    seed_fc = [f for f in fc if f["by"] and "defence officials" in f["by"]]
    assert {f["horizon_days"] for f in seed_fc} >= {30, 90}
    assert all(f["status"] in ("hit", "miss", "open") for f in fc)
    assert all((f["outcome"] is not None) == (f["status"] == "hit") for f in fc)
    hits = [f["outcome"] for f in fc if f["outcome"]]  # each outcome says why and when it was learned
    assert hits and all(o["reasoning"] and o["learned_on"] for o in hits), hits
    quotes = _ok(client, "/api/quotes", limit=1000)["items"]
    assert sum(1 for q in quotes if q["speaker"] and "Ramms" in q["speaker"]) >= 1
    assert any(q["cue"] == "told the AFP news agency" for q in quotes)  # the cue as written
    assert _ok(client, "/api/quotes", limit=1)["count"] == 1


def test_quotes_carry_mode_source_cue_and_the_facts_inside(client, db):
    quotes = _ok(client, "/api/quotes", limit=1000)["items"]
    assert {q["mode"] for q in quotes} >= {"direct", "indirect"} and all(
        q["mode"] in ("direct", "mixed", "indirect") for q in quotes
    )
    assert all(q["speaker_type"] in ("person", "organisation", "anonymous") for q in quotes)
    # source and cue spans point into the article text (the store's copy of it)
    from sitroom.store import open_store

    with open_store(db) as s:
        checked = 0
        for q in quotes[:60]:
            text = s.get(q["article_id"]).text
            if q["cue_start"] is not None:
                assert text[q["cue_start"] : q["cue_end"]] == q["cue"]
                checked += 1
            if q["source_start"] is not None:
                assert text[q["source_start"] : q["source_end"]] == q["source"]
        assert checked
        # the resolved speaker's actor id, as the stored article has it (a known actor's id, else null)
        stored = {}
        for aid in {q["article_id"] for q in quotes}:
            stored.update({f"{aid}:{x.id}": x.speaker_id for x in s.get(aid).quotes})
    assert {q["id"]: q["speaker_id"] for q in quotes} == {q["id"]: stored[q["id"]] for q in quotes}
    assert any(q["speaker_id"] for q in quotes) and any(q["speaker_id"] is None for q in quotes)
    assert all(q["cue"] for q in quotes if q["mode"] == "indirect")  # a paraphrase always has its cue
    # facts read inside a content are linked by the ids the other endpoints give them
    events = {e["id"] for e in _all_events(client)}
    linked = [f for q in quotes for f in q["facts"]]
    assert linked and all(f["kind"] in ("events", "control", "claims", "forecasts") for f in linked)
    assert {f["id"] for f in linked if f["kind"] == "events"} <= events
    # a control fact inside a content names its place and side, as /api/control's statements do
    statements = {c["id"]: c for c in _ok(client, "/api/control")["statements"]}
    held = [f for f in linked if f["kind"] == "control"]
    assert held and all(f["place"] and f["side"] and f["status"] for f in held), held
    both = [(f, statements[f["id"]]) for f in held if f["id"] in statements]
    assert both and all(
        (f["place"], f["side"], f["facility"]) == (c["place"], c["controller_name"], c["facility"]) for f, c in both
    )
    assert all(not f.get("place") for f in linked if f["kind"] != "control")


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


@pytest.mark.parametrize(
    "url,params",
    [
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
        ("/api/export/events.parquet", {"limit": 0}),
        ("/api/export/events.csv", {"since": "2021-08-13", "until": "2021-08-01"}),
        ("/api/stories", {"limit": 5000}),
        ("/api/quotes", {"offset": 10**12}),
        ("/api/changes", {"since": "2021-08-01", "until": "soon"}),
        ("/api/control", {"kind": "capitol"}),
        ("/api/stories", {"min_carriers": 0}),
    ],
)
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
    tables = [
        r[0] for r in con.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%'")
    ]
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
        "/api/events/{event_id}/situation": [{"event_id": cap["id"]}],
        "/api/control": [{}, {"at": "2021-08-13"}, {"at": "2021-08-13", "kind": "provincial-capital"}],
        "/api/changes": [{"since": "2021-08-01", "until": "2021-08-31"}],
        "/api/claims": [{}],
        "/api/forecasts": [{}],
        "/api/quotes": [{}],
        "/api/stories": [{}],
        "/api/facts/{fact_id}/history": [{"fact_id": cap["id"]}],
        "/api/articles/{article_id}/machine": [{"article_id": cap["article_id"]}],
        "/api/corrections": [{}, {"target": cap["id"]}],
        "/api/review": [{}, {"since_hours": 0, "limit": 5}],
    }


def test_openapi_matches_responses(app, client):
    doc = _ok(client, "/openapi.json")
    schemas = doc["components"]["schemas"]
    calls = _calls(_all_events(client))
    # the routers' routes, through the app's included routers (FastAPI includes them lazily)
    api_routes = [c.original_route for c in iter_route_contexts(app.routes)]
    routes = {
        (r.path, m.lower()): r for r in api_routes if isinstance(r, APIRoute) and r.include_in_schema for m in r.methods
    }
    assert {(p, m) for p, ops in doc["paths"].items() for m in ops} == set(routes)
    json_gets = {p for (p, m), r in routes.items() if r.response_model is not None and m == "get"}
    assert json_gets == set(calls), "every JSON endpoint must be exercised here"
    for (path, method), route in routes.items():
        op = doc["paths"][path][method]
        # every operation documents the error shape
        for status in ("422", "500"):
            assert op["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
        if route.response_model is None or method != "get":
            continue
        model = route.response_model
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{model.__name__}", path
        assert model.__name__ in schemas
        documented = {p["name"] for p in op.get("parameters", [])}
        for params in calls[path]:
            url = path
            q = dict(params)
            for name in ("article_id", "event_id", "fact_id"):
                if "{" + name + "}" in path:
                    url = path.replace("{" + name + "}", q.pop(name))
            assert set(q) <= documented, (path, q)
            body = _ok(client, url, **q)
            model.model_validate(body)  # extra="forbid": an undocumented field fails here
            assert set(body) <= set(schemas[model.__name__]["properties"])
    post = doc["paths"]["/api/articles"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ArticleIn")
    for status in ("200", "201"):
        assert post["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ArticleCreated")
    for status in ("401", "403", "411", "413"):
        assert post["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    assert post["security"] == [{"token": []}] and doc["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert all("security" not in op for ops in doc["paths"].values() for m, op in ops.items() if m == "get")
    assert "413" in doc["paths"]["/api/export/events.csv"]["get"]["responses"]
    from sitroom.serve.api import ErrorResponse

    ErrorResponse.model_validate(client.get("/api/articles/nope").json())
    ErrorResponse.model_validate(client.get("/api/events", params={"limit": -1}).json())
    assert "404" in doc["paths"]["/api/articles/{article_id}"]["get"]["responses"]


# --------------------------------------------------------------------------- exports


def test_export_csv_round_trip(client):
    import pandas as pd

    from sitroom.serve.export import ACLED_COLUMNS, COLUMNS

    events = _all_events(client)
    r = client.get("/api/export/events.csv", params={"mode": "reports"})  # one row per event report
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(
        io.StringIO(r.text), dtype={"event_id_cnty": str, "sitroom_id": str, "article_id": str}, keep_default_na=False
    )
    assert list(df.columns) == COLUMNS and len(df) == len(events)
    # ACLED's own column names, in ACLED's order, first
    assert list(df.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    for col in (
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "interaction",
        "iso",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
    ):
        assert col in df.columns
    acled_types = {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
    assert set(df["event_type"]) <= acled_types, set(df["event_type"]) - acled_types
    # sitroom's own types outside ACLED's vocabulary keep their name in sitroom's columns and the tags
    own = df[~df["sitroom_event_type"].isin(acled_types)]
    assert (
        len(own) and (own["event_type"] == "Strategic developments").all() and (own["sub_event_type"] == "Other").all()
    )
    assert all(t in tag for t, tag in zip(own["sitroom_event_type"], own["tags"]))
    assert sorted(df["sitroom_event_type"]) == sorted(e["event_type"] for e in events)
    assert (df["source"] != "").all() and (df["notes"] != "").all()
    assert df["event_id_cnty"].is_unique
    cap = _seed_capture(events)
    row = df[df["sitroom_id"] == cap["id"]].iloc[0]
    assert row["event_date"] == "2021-08-12" and int(row["year"]) == 2021
    date.fromisoformat(row["event_date"])
    assert row["event_type"] == "Battles" and row["sub_event_type"] == "Non-state actor overtakes territory"
    assert row["actor1"] == "Taliban" and row["location"] == "Ghazni" and row["country"] == "Afghanistan"
    assert row["event_id_cnty"].startswith("AFG")
    assert abs(float(row["latitude"]) - cap["lat"]) < 1e-6 and abs(float(row["longitude"]) - cap["lon"]) < 1e-6
    assert SEED_EVIDENCE in row["evidence"] and row["notes"]
    assert row["certainty"] == cap["certainty"]
    assert int(row["fatalities"]) == (cap["fatalities"] or 0)  # the API's count; 0 (ACLED's "none reported") if none
    assert row["admin1"].startswith("Ghazn") and row["region"] == "South Asia" and int(row["iso"]) == 4
    assert int(row["inter1"]) == 2 and int(row["interaction"]) == 20  # the Taliban: a rebel group, alone
    assert row["happening_id"] and int(row["reports"]) >= 2 and int(row["timestamp"]) > 1_600_000_000
    only = pd.read_csv(io.StringIO(client.get("/api/export/events.csv", params={"type": "Battles"}).text))
    assert len(only) and (only["event_type"] == "Battles").all()
    # the csv module reads the same rows (no quoting surprises)
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == len(df)


def test_export_csv_is_one_row_per_happening_by_default(client):
    """What pandas reads from the default CSV: ACLED's columns and dtypes, a row per happening (its reports in
    other articles and outlets folded in, fatalities once), admin1 for every event placed below a country."""
    import pandas as pd

    from sitroom.serve.export import ACLED_COLUMNS

    reports = pd.read_csv(io.StringIO(client.get("/api/export/events.csv", params={"mode": "reports"}).text))
    df = pd.read_csv(io.StringIO(client.get("/api/export/events.csv").text))
    assert list(df.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    for col in ("year", "time_precision", "inter1", "inter2", "interaction", "fatalities", "timestamp", "reports"):
        assert df[col].dtype == "int64", (col, df[col].dtype)
    assert df["latitude"].dtype == "float64" and df["longitude"].dtype == "float64"
    assert df["happening_id"].is_unique and df["event_id_cnty"].is_unique
    assert set(df["happening_id"]) == set(reports["happening_id"]) - set(
        reports[reports["event_date"].isna()]["happening_id"]
    )
    assert len(df) < len(reports) and df["reports"].sum() <= len(reports)
    # the Ghazni capture: reported by several articles, one row
    cap = df[(df["location"] == "Ghazni") & (df["sub_event_type"] == "Non-state actor overtakes territory")]
    assert len(cap) == 1 and cap["reports"].iloc[0] >= 2 and cap["event_date"].iloc[0] == "2021-08-12"
    # fatalities once per happening: never more than the largest figure one of its reports gives
    per = reports.groupby("happening_id")["fatalities"].max()
    assert all(f <= per[h] for h, f in zip(df["happening_id"], df["fatalities"]))
    below_country = df[df["geo_precision"].isin([1, 2])]
    assert len(below_country) and below_country["admin1"].notna().all(), below_country[below_country["admin1"].isna()]
    assert df["inter1"].isin(range(0, 9)).all() and df["interaction"].between(0, 88).all()
    assert (df[df["inter2"] == 0]["interaction"] == df[df["inter2"] == 0]["inter1"] * 10).all()


def test_export_parquet_round_trip(client):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sitroom.serve.export import COLUMNS

    events = _all_events(client)
    r = client.get("/api/export/events.parquet", params={"mode": "reports"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.apache.parquet"
    assert r.content[:4] == b"PAR1" and r.content[-4:] == b"PAR1"
    table = pq.read_table(io.BytesIO(r.content))
    assert table.column_names == COLUMNS and table.num_rows == len(events)
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("latitude").type == pa.float64()
    assert table.schema.field("fatalities").type == pa.int32()
    assert table.schema.field("background").type == pa.bool_()
    df = pd.read_parquet(io.BytesIO(r.content))
    cap = _seed_capture(events)
    row = df[df["sitroom_id"] == cap["id"]].iloc[0]
    assert str(row["event_date"]) == "2021-08-12" and row["year"] == 2021
    assert row["location"] == "Ghazni" and row["actor1"] == "Taliban" and SEED_EVIDENCE in row["evidence"]
    assert abs(row["latitude"] - cap["lat"]) < 1e-9 and not row["background"]
    # the same rows as the CSV, value for value
    csv_df = pd.read_csv(
        io.StringIO(client.get("/api/export/events.csv", params={"mode": "reports"}).text),
        keep_default_na=False,
        dtype=str,
    )
    assert list(df["sitroom_id"]) == list(csv_df["sitroom_id"])
    assert [str(x) for x in df["notes"]] == [x.removeprefix("'") for x in csv_df["notes"]]
    few = pq.read_table(
        io.BytesIO(client.get("/api/export/events.parquet", params={"limit": 2, "mode": "reports"}).content)
    )
    assert few.num_rows == 2


def test_export_cap_is_a_clear_413(db):
    from sitroom.serve.api import create_app

    with TestClient(create_app(db, max_export=8), raise_server_exceptions=False) as c:
        for fmt in ("csv", "geojson", "jsonl", "parquet"):
            err = assert_error(c.get(f"/api/export/events.{fmt}"), 413, "export-too-large")
            assert "8" in err["detail"] and "since" in err["detail"]
        # asking for at most the cap is an answer, not an error
        assert len(c.get("/api/export/events.jsonl", params={"limit": 8}).text.splitlines()) == 8
        narrow = c.get(
            "/api/export/events.jsonl", params={"place": "Ghazni", "type": "Non-state actor overtakes territory"}
        )
        assert narrow.status_code == 200 and 1 <= len(narrow.text.splitlines()) <= 8  # the capture's reports
        assert_error(c.get("/api/export/events.csv", params={"limit": 9}), 413, "export-too-large")


def test_export_geojson_and_jsonl(client):
    from sitroom.serve.api import EventOut
    from sitroom.serve.export import COLUMNS

    events = _all_events(client)
    gj = client.get("/api/export/events.geojson", params={"mode": "reports"})
    assert gj.headers["content-type"].startswith("application/geo+json")
    fc = gj.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(events)
    for f in fc["features"]:
        assert f["type"] == "Feature" and list(f["properties"]) == COLUMNS  # the CSV's and Parquet's names
        assert isinstance(f["properties"]["year"], int) and isinstance(f["properties"]["inter1"], int)
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
    jl = client.get("/api/export/events.jsonl")
    lines = jl.text.splitlines()
    assert len(lines) == len(events)
    back = [
        EventOut.model_validate({k: v for k, v in json.loads(line).items() if k != "happening_id"}) for line in lines
    ]
    assert {e.id for e in back} == {e["id"] for e in events}
    assert all(json.loads(line)["happening_id"] for line in lines)
    # by default a GeoJSON feature is a happening, as a CSV row is
    assert len(client.get("/api/export/events.geojson").json()["features"]) < len(events)


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
    import pandas as pd

    out = tmp_path / "events.parquet"
    args = p.parse_args(["export", "--db", db, "--format", "parquet", "-o", str(out), "--type", "Battles"])
    assert args.func(args) == 0
    df = pd.read_parquet(out)
    assert len(df) and (df["event_type"] == "Battles").all() and list(df.columns)[:2] == ["event_id_cnty", "event_date"]
    from sitroom.errors import ConfigError

    args = p.parse_args(["export", "--db", db, "--format", "csv", "--limit", "0"])
    with pytest.raises(ConfigError, match="--limit"):
        args.func(args)
    out = tmp_path / "inside.csv"
    args = p.parse_args(["export", "--db", db, "--format", "csv", "-o", str(out), "--place", "Afghanistan", "--within"])
    assert args.func(args) == 0
    inside = list(csv.DictReader(out.open(encoding="utf-8")))
    assert inside and all(r["iso"] == "4" or r["country"] == "Afghanistan" for r in inside), inside[:2]
    assert any(r["location"] == "Ghazni" for r in inside)
    args = p.parse_args(["export", "--db", db, "--format", "csv", "--within"])
    with pytest.raises(ConfigError, match="--within needs --place"):
        args.func(args)


def test_cli_export_shows_progress_on_a_terminal_only(db, tmp_path, monkeypatch):
    """As ingest and the evals: a bar on stderr when it is a terminal; piped or logged, only the closing line."""
    import sys

    from sitroom.serve.cli import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"events.{fmt}"
        monkeypatch.setattr(sys, "stderr", Terminal())
        assert main(["export", "--db", db, "--format", fmt, "-o", str(out)]) == 0
        bar = sys.stderr.getvalue()
        assert "export" in bar and "doc/s" in bar and "exported" in bar, bar
        piped = io.StringIO()
        monkeypatch.setattr(sys, "stderr", piped)
        assert main(["export", "--db", db, "--format", fmt, "-o", str(out)]) == 0
        assert piped.getvalue().startswith("exported ") and len(piped.getvalue().splitlines()) == 1, piped.getvalue()


def test_untrusted_text_is_returned_verbatim(client):
    """The API returns article text as data; escaping is the page's job (tested in test_web)."""
    arts = _ok(client, "/api/articles", limit=1000)["items"]
    hostile = [a for a in arts if a["title"] and "<script>" in a["title"]]
    assert hostile, [a["title"] for a in arts]
    a = _ok(client, f"/api/articles/{hostile[0]['id']}")
    assert "<script>window.__xss=4</script>" in a["text"]
    assert "<script>" in (a["outlet"] or "")


# --------------------------------------------------------------------------- writing: off unless there is a token

TOKEN = "t0ken-for-tests-only-0123456789"


@pytest.fixture
def writable(db, tmp_path):
    """A copy of the store (writes must not change the module's store) served with a token."""
    from sitroom.serve.api import create_app

    copy = tmp_path / "store.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if Path(db + suffix).exists():
            (tmp_path / f"store.sqlite{suffix}").write_bytes(Path(db + suffix).read_bytes())
    with TestClient(create_app(str(copy), token=TOKEN), raise_server_exceptions=False) as c:
        yield c


NEW = {
    "title": "Taliban take Qalat",
    "outlet": "Test Wire",
    "url": "https://example.org/qalat",
    "published": "2021-08-14",
    "text": "Taliban take Qalat\n\nThe Taliban captured the city of Qalat, the capital of Zabul province, on "
    "Friday, a provincial council member said.",
}


def test_read_only_by_default(client):
    err = assert_error(client.post("/api/articles", json=NEW), 403, "read-only")
    assert "--token-file" in err["detail"]
    assert _ok(client, "/api/health")["counts"]["articles"] == 8


def test_write_needs_the_token(writable):
    c = writable
    r = c.post("/api/articles", json=NEW)
    assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert_error(c.post("/api/articles", json=NEW, headers={"Authorization": "Basic " + TOKEN}), 401)
    assert_error(c.post("/api/articles", json=NEW, headers={"Authorization": "Bearer "}), 401)
    for wrong in (TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "x" * len(TOKEN)):
        assert_error(c.post("/api/articles", json=NEW, headers={"Authorization": f"Bearer {wrong}"}), 403, "forbidden")
    assert _ok(c, "/api/health")["counts"]["articles"] == 8  # nothing was stored
    # the token does not open anything else: other methods are still refused
    assert_error(c.put("/api/articles", json=NEW, headers={"Authorization": f"Bearer {TOKEN}"}), 405)


def test_write_stores_the_article_and_its_facts(writable):
    c = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = c.post("/api/articles", json=NEW, headers=auth)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["stored"] is True and made["duplicate"] is None and made["counts"]["events"] >= 1
    a = _ok(c, f"/api/articles/{made['id']}")
    assert a["title"] == NEW["title"] and a["outlet"] == "Test Wire" and a["published"] == "2021-08-14"
    assert a["text"].endswith("said.") and a["events"]
    cap = [e for e in a["events"] if e["sub_event_type"] == "Non-state actor overtakes territory"]
    assert cap and cap[0]["actor1"] == "taliban"
    assert _ok(c, "/api/health")["counts"]["articles"] == 9
    # what the API serves next reflects it (no stale situation cache)
    held = _ok(c, "/api/control", at="2021-08-14")["places"]
    assert cap[0]["place"] in {p["place"] for p in held}
    # the same article again is a copy, not a second article
    again = c.post("/api/articles", json=NEW, headers=auth)
    assert again.status_code == 200 and again.json()["stored"] is False and again.json()["duplicate"]
    assert _ok(c, "/api/health")["counts"]["articles"] == 9


@pytest.mark.parametrize(
    "body,where",
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "x", "published": "last week"}, "published"),
        ({"text": "x", "title": "t" * 1001}, "title"),
        ({"text": "x", "script": "<script>"}, "script"),
        ({"text": 5}, "text"),
    ],
)
def test_write_validates_the_body(writable, body, where):
    r = writable.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert where in assert_error(r, 422, "invalid-parameter")["detail"]


def test_write_refuses_big_and_unsized_bodies(writable):
    from sitroom.serve.api import MAX_BODY

    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    big = json.dumps({"text": "a" * (MAX_BODY + 10)})
    assert_error(writable.post("/api/articles", content=big, headers=auth), 413, "body-too-large")

    def chunks():
        yield b'{"text": "'
        yield b'x"}'

    assert_error(writable.post("/api/articles", content=chunks(), headers=auth), 411, "length-required")
    assert_error(writable.post("/api/articles", content=b"{not json", headers=auth), 422)
    assert_error(writable.post("/api/articles", content=b'{"text": "\xff\xfe"}', headers=auth), 400, "bad-request")


def test_token_sources(tmp_path):
    from sitroom.errors import ConfigError
    from sitroom.serve.api import TOKEN_ENV, load_token

    assert load_token(None, env={}) is None
    assert load_token(None, env={TOKEN_ENV: f"  {TOKEN}\n"}) == TOKEN
    f = tmp_path / "token"
    f.write_text(TOKEN + "\nsecond line ignored\n", encoding="utf-8")
    assert load_token(str(f), env={TOKEN_ENV: "other-token-from-the-environment"}) == TOKEN  # the file wins
    f.write_text("short\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="at least 16"):
        load_token(str(f), env={})
    with pytest.raises(ConfigError, match="cannot read"):
        load_token(str(tmp_path / "missing"), env={})
    with pytest.raises(ConfigError, match="at least 16"):
        load_token(None, env={TOKEN_ENV: "has spaces in the middle of it"})


def test_cli_serve_refuses_a_bad_token_before_serving(db, tmp_path, monkeypatch):
    import argparse

    from sitroom.errors import ConfigError
    from sitroom.serve.api import TOKEN_ENV
    from sitroom.serve.cli_serve import add_commands

    p = argparse.ArgumentParser()
    add_commands(p.add_subparsers(dest="command"))
    short = tmp_path / "token"
    short.write_text("abc\n", encoding="utf-8")
    args = p.parse_args(["serve", "--db", db, "--token-file", str(short), "--port", "1"])
    with pytest.raises(ConfigError, match="--token-file"):
        args.func(args)
    monkeypatch.setenv(TOKEN_ENV, "short")
    args = p.parse_args(["serve", "--db", db, "--port", "1"])
    with pytest.raises(ConfigError, match=TOKEN_ENV):
        args.func(args)


# --------------------------------------------------------------------------- the same API over PostgreSQL


def test_api_on_postgres(shared, tmp_path):
    """The situation endpoints, an export and a write on a PostgreSQL store (needs SITROOM_TEST_PG)."""
    import pyarrow.parquet as pq
    from backends import pg_schema, pg_url

    from sitroom.engine.run import ingest_paths
    from sitroom.serve.api import create_app

    if not pg_url():
        pytest.skip("PostgreSQL tests need a server: set SITROOM_TEST_PG")
    with pg_schema("api") as url:
        for paths, published in (
            ([shared / "seed" / "ghazni-2021-08-12.txt"], "2021-08-12"),
            ([shared / "corpus" / "afghanistan-2021" / "voa"], None),
        ):
            s = ingest_paths([str(p) for p in paths], db=url, published=published, quiet=True)
            assert not s.failed, s.line()
        with TestClient(create_app(url, token=TOKEN), raise_server_exceptions=False) as c:
            g = [p for p in _ok(c, "/api/control", at="2021-08-13")["places"] if p["place"] == "Ghazni"]
            assert g and g[0]["holder"] == "taliban" and g[0]["capital"] == "provincial"
            cap = _seed_capture(_all_events(c))
            assert _ok(c, f"/api/events/{cap['id']}/situation")["corroboration"] >= 2
            assert _ok(c, "/api/stories")["count"] == 7
            assert all(x["verdict"] for x in _ok(c, "/api/claims")["items"])
            t = pq.read_table(io.BytesIO(c.get("/api/export/events.parquet", params={"mode": "reports"}).content))
            assert t.num_rows == len(_all_events(c)) == _ok(c, "/api/events", limit=1)["total"]
            happenings = pq.read_table(io.BytesIO(c.get("/api/export/events.parquet").content))
            assert 0 < happenings.num_rows < t.num_rows  # a row per happening by default, on PostgreSQL too
            assert _ok(c, "/api/events", type="Battles", limit=1)["total"] >= 1
            r = c.post("/api/articles", json=NEW, headers={"Authorization": f"Bearer {TOKEN}"})
            assert r.status_code == 201 and r.json()["stored"], r.text
            assert _ok(c, "/api/health")["counts"]["articles"] == 8


@pytest.mark.parametrize(
    "ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]
)
def test_write_refuses_a_body_that_is_not_json_with_415(writable, ctype):
    headers = {"Authorization": f"Bearer {TOKEN}", **({"Content-Type": ctype} if ctype else {})}
    r = writable.post("/api/articles", content=json.dumps(NEW).encode(), headers=headers)
    assert "Content-Type: application/json" in assert_error(r, 415, "unsupported-media-type")["detail"]
    assert _ok(writable, "/api/health")["counts"]["articles"] == 8  # nothing was stored
