"""Corrections over HTTP (issue 19), on SQLite and PostgreSQL: behind the write token with the author taken
from the token's name; two clients correcting one fact at once both stay in its history and the later one is
shown; the corrected mark in the API; exports mark corrected rows and carry the note in ACLED's ``notes``."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest

fastapi = pytest.importorskip("fastapi")
import backends  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

backend, store_url = backends.backend, backends.store_url  # fixtures (tests/ is on sys.path)

ANA, BOB = "ana-token-0123456789abcdef", "bob-token-0123456789abcdef"


@pytest.fixture()
def served(store_url, shared, pipeline):
    from sitroom.ingest import article_from_text
    from sitroom.serve.api import create_app
    from sitroom.store import open_store

    text = (shared / "seed" / "ghazni-2021-08-12.txt").read_text(encoding="utf-8")
    art = pipeline.run(article_from_text(text, published="2021-08-12"))
    with open_store(store_url) as s:
        s.add(art)
    app = create_app(store_url, tokens={"ana": ANA, "bob": BOB})
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, app, art


def _auth(tok):
    return {"Authorization": f"Bearer {tok}"}


def _capture(c):
    items = c.get("/api/events", params={"limit": 200}).json()["items"]
    return next(e for e in items if e["sub_event_type"] == "Non-state actor overtakes territory")


def test_writes_need_a_named_token(served):
    c, _, _ = served
    e = _capture(c)
    body = {"action": "amend", "set": {"fatalities": 5}}
    url = f"/api/facts/{e['id']}/corrections"
    assert c.post(url, json=body).status_code == 401
    assert c.post(url, json=body, headers=_auth(ANA + "x")).json()["error"]["code"] == "forbidden"
    r = c.post(url, json=body, headers=_auth(ANA))
    assert r.status_code == 201, r.text
    assert r.json()["author"] == "ana" and r.json()["replaced"] == {"fatalities": None}
    bad = c.post(url, json={"action": "amend", "set": {"date": "yesterday"}}, headers=_auth(ANA))
    assert bad.status_code == 422 and "not a date" in bad.json()["error"]["detail"]
    missing = c.post("/api/facts/0000000000000000:e1/corrections", json=body, headers=_auth(ANA))
    assert missing.status_code == 404
    assert c.get("/api/facts/nonsense/history").status_code == 422


def test_read_only_server_refuses_corrections(store_url):
    from sitroom.serve.api import create_app
    from sitroom.store import open_store

    with open_store(store_url):
        pass
    with TestClient(create_app(store_url), raise_server_exceptions=False) as c:
        r = c.post("/api/facts/x:e1/corrections", json={"action": "reject"}, headers=_auth(ANA))
        assert r.status_code == 403 and r.json()["error"]["code"] == "read-only"


def test_two_clients_correct_one_fact_at_once(served):
    c, _, _ = served
    e = _capture(c)
    url = f"/api/facts/{e['id']}/corrections"
    start = threading.Barrier(2)
    out: dict[str, dict] = {}

    def client(name, tok, n):  # two API clients: two threads, each its own requests and token
        start.wait()
        r = c.post(
            url, json={"action": "amend", "set": {"fatalities": n}, "note": f"{name}'s count"}, headers=_auth(tok)
        )
        out[name] = {**r.json(), "http": r.status_code}

    ts = [threading.Thread(target=client, args=a) for a in (("ana", ANA, 11), ("bob", BOB, 22))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert out["ana"]["http"] == out["bob"]["http"] == 201, out
    first, last = sorted(out.values(), key=lambda r: r["id"])
    h = c.get(f"/api/facts/{e['id']}/history").json()
    assert [(x["author"], x["fields"]["fatalities"]) for x in h["corrections"]] == [
        (first["author"], first["fields"]["fatalities"]),
        (last["author"], last["fields"]["fatalities"]),
    ]
    # the later one wins, visibly: the value shown, the mark, and what it replaced (the earlier one's value)
    assert h["current"]["fatalities"] == last["fields"]["fatalities"] and h["machine"]["fatalities"] is None
    assert last["replaced"] == {"fatalities": first["fields"]["fatalities"]}
    shown = _capture(c)
    assert shown["fatalities"] == last["fields"]["fatalities"] and shown["corrected"] is True
    machine = c.get(f"/api/articles/{e['article_id']}/machine").json()
    (m,) = [x for x in machine["events"] if x["id"] == e["id"]]
    assert m["fatalities"] is None and m["corrected"] is False  # the machine's version, still there
    assert c.get("/api/articles/nope/machine").status_code == 404
    assert shown["correction"] == f"amend by {last['author']} (fatalities): {last['author']}'s count"


def test_reject_add_revert_and_exports(served):
    c, _, art = served
    n = len(c.get("/api/events", params={"limit": 200}).json()["items"])
    e = _capture(c)
    r = c.post(f"/api/facts/{e['id']}/corrections", json={"action": "reject", "note": "duplicate"}, headers=_auth(BOB))
    assert r.status_code == 201
    assert e["id"] not in {x["id"] for x in c.get("/api/events", params={"limit": 200}).json()["items"]}
    back = c.post(f"/api/corrections/{r.json()['uuid']}/revert", json={"note": "no"}, headers=_auth(ANA))
    assert back.status_code == 201 and back.json()["other"] == r.json()["uuid"]
    assert len(c.get("/api/events", params={"limit": 200}).json()["items"]) == n
    sent = art.sentences[3]
    add = c.post(
        f"/api/articles/{art.id}/facts",
        headers=_auth(ANA),
        json={
            "kind": "events",
            "evidence": [sent.start, sent.end],
            "note": "missed: a clash",
            "set": {
                "type": "Battles",
                "sub_type": "Armed clash",
                "actor1": "Taliban",
                "place": "Ghazni",
                "date": "2021-08-11",
                "fatalities": 3,
            },
        },
    )
    assert add.status_code == 201, add.text
    new = next(
        x for x in c.get("/api/events", params={"limit": 200}).json()["items"] if x["id"] == add.json()["target"]
    )
    assert new["corrected"] and new["evidence"]["sentence"] == sent.text and new["place"] == "Ghazni"
    listed = c.get("/api/corrections").json()
    assert listed["count"] == 3 and [x["status"] for x in listed["items"]] == ["in force", "in force", "reverted"]
    rows = list(csv.DictReader(io.StringIO(c.get("/api/export/events.csv").text)))
    mine = next(x for x in rows if x["sitroom_id"] == add.json()["target"])
    assert mine["corrected"] == "true" and "corrected" in mine["tags"]
    assert mine["notes"].startswith("[corrected: add by ana") and "missed: a clash" in mine["notes"]
    assert mine["fatalities"] == "3" and mine["event_type"] == "Battles"
    assert all(x["corrected"] == "false" for x in rows if x["sitroom_id"] != add.json()["target"])
    feats = json.loads(c.get("/api/export/events.geojson").text)["features"]
    assert [f["properties"]["corrected"] for f in feats].count(True) == 1
    review = c.get("/api/review").json()["items"]
    assert review and add.json()["target"] not in {i["id"] for i in review}
