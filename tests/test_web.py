"""The map page in a real browser (Playwright driving Debian's chromium) served by uvicorn over the demo data.

Skipped only when /usr/bin/chromium is absent (``apt-get install chromium``); no browser is downloaded.
Screenshots go to a temporary folder; ``make screenshots`` (SITROOM_SCREENSHOTS=docs) writes them into docs/.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_api import SEED_EVIDENCE, build_store

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SHOTS = os.environ.get("SITROOM_SCREENSHOTS")  # a folder (docs): write the screenshots there
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """``app`` served by uvicorn on a free local port, in a thread, for the ``with`` block: yields its base URL."""
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(10)


def open_map(browser, server: str, height: int = 850):
    """A new browser context on the map page, loaded: (context, page); ``page.errors`` collects the page's errors
    and Content-Security-Policy reports, ``page.outside`` every request to anywhere but the app."""
    ctx = browser.new_context(viewport={"width": 1400, "height": height})
    pg = ctx.new_page()
    errors: list[str] = []
    outside: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    pg.errors, pg.outside = errors, outside
    return ctx, pg


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared, extract_once):
    from sitroom.serve.api import create_app

    with serving(create_app(build_store(tmp_path_factory, shared, extract_once))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx, pg = open_map(browser, server)
    yield pg
    ctx.close()


def _move_slider(pg, day: str) -> None:
    n = (date.fromisoformat(day) - date(1970, 1, 1)).days
    slider = pg.locator("#date-slider")
    assert int(slider.get_attribute("min")) <= n <= int(slider.get_attribute("max"))
    slider.fill(str(n))
    pg.wait_for_selector(f"#control-list[data-at='{day}']", timeout=10_000)
    assert pg.locator("#date-label").text_content() == day


def _provinces(pg) -> dict[str, str]:
    """Province name → holder of its capital as the map shades it ('' when none)."""
    return pg.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('path[data-province]'))
        .map(p => [p.getAttribute('data-province'), p.getAttribute('data-holder') || '']))""")


def _shot_path(tmp_path: Path, name: str) -> Path:
    folder = (ROOT / SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_replay_control_and_open_the_capture_evidence(page, tmp_path):
    pg = page
    _move_slider(pg, "2021-08-13")
    ghazni = pg.locator("#control-list li[data-place='Ghazni']")
    assert ghazni.count() == 1, pg.locator("#control-list").inner_text()
    assert ghazni.get_attribute("data-holder") == "taliban"
    assert "held by Taliban" in ghazni.inner_text()
    # the province around Ghazni is shaded by who holds its capital
    held = _provinces(pg)
    assert len(held) >= 34, held  # Afghanistan's 34 provinces, outlined from Natural Earth
    assert [h for p, h in held.items() if p.startswith("Ghazn")] == ["taliban"], held
    # on an earlier day Ghazni has not fallen yet
    _move_slider(pg, "2021-08-07")
    assert pg.locator("#control-list li[data-place='Ghazni']").count() == 0
    assert [h for p, h in _provinces(pg).items() if p.startswith("Ghazn")] == [""]
    _move_slider(pg, "2021-08-13")
    # open the capture event from the event list
    pg.click("button[data-tab=events]")
    # several reports tell the capture (the seed and VOA's "the seizure of Ghazni"): open the seed's
    items = pg.locator(".event-item", has_text="Non-state actor overtakes territory").filter(has_text="Ghazni")
    mark = pg.locator("#panel-article mark#evidence-mark")
    seen = []
    for i in range(items.count()):
        items.nth(i).click()
        mark.wait_for(timeout=10_000)
        if seen:  # the panel shows the newly chosen report, not the last one
            pg.wait_for_function(
                "prev => document.querySelector('#panel-article mark#evidence-mark').textContent !== prev",
                arg=seen[-1],
                timeout=10_000,
            )
        seen.append(mark.text_content())
        if SEED_EVIDENCE in seen[-1]:
            break
    assert SEED_EVIDENCE in seen[-1], seen
    facts = pg.locator("#panel-facts").inner_text()
    assert "Taliban" in facts and "reported" in facts and "Ghazni" in facts
    assert SEED_EVIDENCE in pg.locator("#panel-evidence").text_content()
    # the other reports of the capture: other articles and outlets, this one marked
    pg.wait_for_selector("#panel-reports li.report-item")
    reports = pg.locator("#panel-reports li.report-item")
    assert reports.count() >= 2 and pg.locator("#panel-reports li.this-report").count() == 1
    assert "Voice of America" in pg.locator("#panel-reports").inner_text()
    assert "independent" in pg.locator("#panel-reports-title").text_content()
    pg.click("#panel-close")
    assert pg.locator("#event-panel").is_hidden()
    pg.click("button[data-tab=control]")
    pg.locator("#control-list li[data-place='Ghazni']").click()  # the place opens its history and evidence
    pg.wait_for_selector("#place-panel:not([hidden]) #place-evidence-mark")
    assert "Taliban" in pg.locator("#place-facts").inner_text()
    pg.locator("#place-history li.history-item.clickable").first.click()  # a change opens its event report
    pg.wait_for_selector("#event-panel:not([hidden]) #evidence-mark")
    assert "Ghazni" in pg.locator("#panel-facts").inner_text()
    assert "overtakes territory" in pg.locator("#panel-title").text_content()
    shot = _shot_path(tmp_path, "screenshot-map.png")
    pg.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    for tab in ("claims", "forecasts", "quotes", "stories"):
        pg.click(f"button[data-tab={tab}]")
        assert pg.locator(f"#{tab}-list li").count() >= 1
    assert "defence officials" in pg.locator("#forecasts-list").inner_text()
    claims = pg.locator("#claims-list").inner_text()
    assert "consistent" in claims and "150 km" in claims  # the verdict and its reasoning
    assert pg.locator("#claims-list .reasoning li").count() >= 1
    assert pg.locator("#forecasts-list .outcome").count() >= 1
    assert "Voice of America" in pg.locator("#stories-list").inner_text()
    assert not pg.errors, pg.errors
    assert not pg.outside, f"the page reached outside the app: {pg.outside}"


def test_quotes_tab_shows_mode_and_cue_and_never_quotes_a_paraphrase(page):
    pg = page
    pg.click("button[data-tab=quotes]")
    items = pg.locator("#quotes-list li.quote-item")
    assert items.count() > 5
    modes = {}
    for li in items.all():
        mode = li.get_attribute("data-mode")
        body = li.locator(".quote-text").text_content()
        cue = li.locator(".quote-cue").text_content()
        label = li.locator(".quote-mode").text_content()
        modes.setdefault(mode, []).append(cue)
        if mode == "direct":
            assert body.startswith("\u201c") and body.endswith("\u201d") and label == "quoted"
        else:  # the outlet's own words (or a quotation carrying its own marks): never put in quotation marks
            assert not body.startswith("\u201c") and label in ("paraphrase", "partly quoted"), body
        if mode == "indirect":
            assert cue and cue != "\u2014", body  # a paraphrase is shown with the cue that makes it one
    assert modes.get("indirect") and modes.get("direct"), modes
    assert "told the AFP news agency" in [c for cs in modes.values() for c in cs]
    # a fact read inside an attribution opens on the map
    link = pg.locator("#quotes-list button.fact-link:not([data-kind])").first  # an event
    fact = link.get_attribute("data-fact")
    link.click()
    pg.wait_for_selector("#event-panel:not([hidden])")
    assert pg.locator("#event-panel").get_attribute("data-event-id") == fact
    assert not pg.errors, pg.errors


def test_quotes_tab_links_the_claims_and_forecasts_inside_a_content(page):
    pg = page
    pg.click("button[data-tab=quotes]")
    links = pg.locator("#quotes-list button.fact-link[data-kind]")
    kinds = {links.nth(i).get_attribute("data-kind") for i in range(links.count())}
    assert kinds & {"claims", "forecasts"}, "no claim or forecast read inside a quote's content"
    for kind in sorted(kinds & {"claims", "forecasts"}):  # control: the next test
        link = links.and_(pg.locator(f"[data-kind={kind}]")).first
        fact = link.get_attribute("data-fact")
        link.click()
        assert pg.locator(f"#tab-{kind}").get_attribute("class").split().count("active") == 1
        item = pg.locator(f"#{kind}-list > li.linked")
        assert item.count() == 1 and item.get_attribute("data-fact") == fact
        pg.click("button[data-tab=quotes]")
    assert not pg.errors, pg.errors


def test_quotes_tab_links_the_control_facts_inside_a_content(page):
    """A change of control read inside a content (the seed's "government forces were still said to be in control of
    the city's intelligence headquarters") names its place and side, and opens the control tab on that place."""
    pg = page
    _move_slider(pg, "2021-08-08")  # a day before the place changed hands: the link must still find it
    pg.click("button[data-tab=quotes]")
    links = pg.locator("#quotes-list button.fact-link[data-kind=control]")
    assert links.count() >= 1, "no control fact read inside a quote's content"
    link = links.first
    place, fact, text = link.get_attribute("data-place"), link.get_attribute("data-fact"), link.text_content()
    assert fact.split(":")[-1].startswith("k") and place and place in text and " by " in text, text
    assert "Ghazni" in [links.nth(i).get_attribute("data-place") for i in range(links.count())]
    link.click()
    assert pg.locator("#tab-control").get_attribute("class").split().count("active") == 1
    # the map may move to the last day first and re-render the list: wait for the marked entry, then check it
    pg.wait_for_selector("#control-list > li.linked", timeout=10_000)
    item = pg.locator("#control-list > li.linked")
    assert item.count() == 1 and item.get_attribute("data-place") == place
    pg.wait_for_selector("#place-panel:not([hidden])")
    assert pg.locator("#place-panel").get_attribute("data-place") == place
    assert not pg.errors, pg.errors


def test_hostile_article_renders_as_text(page):
    pg = page
    flag = "window.__xss === undefined"
    slider_max = pg.locator("#date-slider").get_attribute("max")
    pg.locator("#date-slider").fill(slider_max)
    pg.click("button[data-tab=events]")
    hostile = pg.locator(".event-item", has_text=re.compile("Kandah"))
    assert hostile.count() >= 1, pg.locator("#event-list").inner_text()
    hostile.first.click()
    pg.wait_for_selector("#panel-article-title:not(:empty)")
    title = pg.locator("#panel-article-title").text_content()
    assert "<script>window.__xss=2</script>" in title and "onerror=" in title  # title and outlet, as text
    text = pg.locator("#panel-article").text_content()
    assert "<script>window.__xss=4</script>" in text and '<img src=x onerror="window.__xss=1">' in text
    # the reports panel names the hostile outlet, as text
    pg.wait_for_selector("#panel-reports li.report-item")
    assert "<script>window.__xss=3</script>" in pg.locator("#panel-reports").text_content()
    pg.click("button[data-tab=stories]")
    assert "<script>window.__xss=2</script>" in pg.locator("#stories-list").text_content()
    pg.click("button[data-tab=quotes]")
    assert "<b>today</b>" in pg.locator("#quotes-list").text_content()
    # nothing from the data became an element anywhere on the page
    for sel in (
        "#side script",
        "#side img",
        "#side b",
        "#legend img",
        ".leaflet-tooltip img",
        ".leaflet-tooltip script",
    ):
        assert pg.locator(sel).count() == 0, sel
    for tab in ("control", "events", "claims", "forecasts", "quotes", "stories"):
        pg.click(f"button[data-tab={tab}]")
    # hover every marker so tooltips render their (untrusted) text; the check must run on rendered tooltips
    from playwright.sync_api import Error as PlaywrightError

    hovered = shown = 0
    for m in pg.locator("path.leaflet-interactive").all()[:40]:
        try:
            m.hover(timeout=500, force=True)
        except PlaywrightError:  # a marker under another (or gone after a redraw) is fine to skip
            continue
        hovered += 1
        shown += pg.locator(".leaflet-tooltip").count() > 0
        assert pg.locator(".leaflet-tooltip img, .leaflet-tooltip script").count() == 0
    assert hovered and shown, f"no tooltip rendered ({hovered} markers hovered): the check above ran on nothing"
    pg.wait_for_timeout(300)
    assert pg.evaluate(flag), "a script from the article ran"
    assert not pg.errors, pg.errors


# --------------------------------------------------------------------------- the analyst's map


def _day(iso: str) -> int:
    return (date.fromisoformat(iso) - date(1970, 1, 1)).days


def _params(pg) -> dict[str, str]:
    return pg.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")


def _events(pg) -> list[dict]:
    return pg.evaluate("""() => Array.from(document.querySelectorAll('#event-list li.event-item'))
        .map(li => Object.assign({}, li.dataset))""")


def _ready(pg, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)


def test_time_axis_is_the_reporting_window(page, tmp_path_factory, shared):
    """The slider spans the days the store's articles were published (a few weeks), not the outlier event
    dates some reports carry (a year read from a history paragraph, a misread date), and opens on the last one."""
    import sqlite3

    db = build_store(tmp_path_factory, shared)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        pub = sorted(r[0][:10] for r in c.execute("SELECT published FROM articles WHERE published IS NOT NULL"))
        ev = sorted(r[0] for r in c.execute("SELECT date FROM events WHERE date IS NOT NULL"))
    # the store holds events dated far outside its reporting window (history a report recalls, a misread year)
    assert _day(ev[0]) < _day(pub[0]) - 31 or _day(ev[-1]) > _day(pub[-1]) + 31, (ev[0], ev[-1], pub[0], pub[-1])
    lo, hi = (int(page.locator("#date-slider").get_attribute(k)) for k in ("min", "max"))
    assert hi == _day(pub[-1]), "the axis ends on the last reporting day"
    assert _day(pub[0]) - 31 <= lo <= _day(pub[0])
    assert int(page.locator("#date-slider").input_value()) == hi
    assert page.locator("#date-label").text_content() == pub[-1]
    assert _params(page) == {"day": pub[-1]}
    # a pixel of the slider is at most a few days: 13 Aug 2021 can be picked
    width = page.locator("#date-slider").bounding_box()["width"]
    assert (hi - lo) / width < 1.0


def test_url_state_survives_a_reload(page):
    pg = page
    _move_slider(pg, "2021-08-13")
    pg.select_option("#f-type", "Battles")
    pg.click("button[data-tab=events]")
    first = pg.locator("#event-list li.event-item").first
    eid = first.get_attribute("data-event-id")
    first.click()
    pg.wait_for_selector("#event-panel:not([hidden])")
    before = _params(pg)
    assert before == {"day": "2021-08-13", "tab": "events", "type": "Battles", "event": eid}, before
    pg.reload()
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    assert _params(pg) == before
    assert pg.locator("#date-label").text_content() == "2021-08-13"
    assert pg.locator("#f-type").input_value() == "Battles"
    assert pg.locator("button[data-tab=events]").get_attribute("class") == "active"
    assert pg.locator("#event-panel").get_attribute("data-event-id") == eid and pg.locator("#event-panel").is_visible()
    assert {e["type"] for e in _events(pg)} == {"Battles"}
    # a range and a place survive too
    _ready(pg, pg.url.split("?")[0] + "?from=2021-08-06&to=2021-08-13&place=Ghazni&q=Ghazni&bg=hide")
    assert pg.locator("#mode").input_value() == "range"
    assert pg.locator("#date-label").text_content() == "2021-08-06 – 2021-08-13"
    assert (
        pg.locator("#place-panel").is_visible() and pg.locator("#place-panel").get_attribute("data-place") == "Ghazni"
    )
    assert pg.locator("#search").input_value() == "Ghazni" and pg.locator("#f-bg").is_checked()
    assert _params(pg)["place"] == "Ghazni"


@pytest.mark.parametrize(
    "select,key,field",
    [
        ("#f-type", "type", "type"),
        ("#f-sub", "sub", "sub"),
        ("#f-actor", "actor", "actors"),
        ("#f-cert", "cert", "certainty"),
        ("#f-outlet", "outlet", "outlet"),
    ],
)
def test_each_filter_narrows_the_events(page, select, key, field):
    pg = page
    pg.click("button[data-tab=events]")
    everything = _events(pg)
    values = [v for v in pg.locator(f"{select} option").evaluate_all("os => os.map(o => o.value)") if v]
    assert len(values) >= 2, values  # the demo data has more than one of each
    # the least frequent value with an event in the window (the options are ordered by frequency over the store)
    for value in reversed(values):
        pg.select_option(select, value)
        shown = _events(pg)
        if shown:
            break
    assert 0 < len(shown) < len(everything)
    for e in shown:
        assert value in e[field].split("|") if field == "actors" else e[field] == value, (value, e)
    assert _params(pg)[key] == value
    # the chart counts what the filters keep, inside its window
    in_window = [e for e in shown if e["date"] >= pg.locator("#chart").get_attribute("data-lo")]
    bars = pg.locator("#chart rect[fill]").evaluate_all("rs => rs.map(r => r.getAttribute('fill'))")
    assert bool(bars) == bool(in_window)
    pg.click("#reset")
    assert len(_events(pg)) == len(everything) and key not in _params(pg)


def test_hide_background_and_search(page):
    pg = page
    pg.click("button[data-tab=events]")
    everything = _events(pg)
    assert any(e["background"] == "1" for e in everything), "the demo data has background events"
    pg.check("#f-bg")
    shown = _events(pg)
    assert shown and all(e["background"] == "0" for e in shown) and len(shown) < len(everything)
    assert _params(pg)["bg"] == "hide"
    pg.uncheck("#f-bg")
    # a place: the events there, and the place's panel when it changed hands
    pg.fill("#search", "Ghazni")
    pg.press("#search", "Enter")
    pg.wait_for_selector("#place-panel:not([hidden])")
    assert pg.locator("#place-panel").get_attribute("data-place") == "Ghazni"
    shown = _events(pg)
    assert 0 < len(shown) < len(everything)
    assert all("Ghazni" in pg.locator(f"li[data-event-id='{e['eventId']}']").inner_text() for e in shown)
    # an actor's name sets the actor filter
    pg.fill("#search", "Taliban")
    pg.press("#search", "Enter")
    assert _params(pg).get("actor") == "taliban"
    assert all("taliban" in e["actors"].split("|") for e in _events(pg))


def test_chart_drag_selects_a_range(page):
    pg = page
    pg.click("button[data-tab=events]")
    box = pg.locator("#chart-wrap").bounding_box()
    y = box["y"] + box["height"] / 2
    pg.mouse.move(box["x"] + box["width"] * 0.55, y)
    pg.mouse.down()
    pg.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    pg.mouse.move(box["x"] + box["width"] * 0.8, y, steps=5)
    pg.mouse.up()
    p = _params(pg)
    assert set(p) >= {"from", "to"} and "day" not in p and p["from"] < p["to"], p
    assert pg.locator("#mode").input_value() == "range" and pg.locator("#date-from").is_visible()
    assert pg.locator("#date-label").text_content() == f"{p['from']} – {p['to']}"
    shown = _events(pg)
    assert shown and all(p["from"] <= e["date"] <= p["to"] for e in shown)
    assert int(pg.locator("#date-from").input_value()) == _day(p["from"])
    # the map's control is the situation on the range's last day
    pg.wait_for_selector(f"#control-list[data-at='{p['to']}']", state="attached")
    # back to "up to the day"
    pg.select_option("#mode", "upto")
    assert "from" not in _params(pg) and _params(pg)["day"] == p["to"]


def test_click_on_a_capital_opens_its_history_and_evidence(page):
    pg = page
    _move_slider(pg, "2021-08-13")
    circle = pg.locator("path.place-marker[data-place='Ghazni']")
    assert circle.count() == 1
    box = circle.bounding_box()
    circle.click(position={"x": 3, "y": box["height"] / 2})  # the ring, not the event dot at its centre
    pg.wait_for_selector("#place-panel:not([hidden]) #place-evidence-mark")
    assert pg.locator("#place-panel").get_attribute("data-place") == "Ghazni"
    history = pg.locator("#place-history li.history-item")
    assert history.count() >= 1
    assert "→ Taliban" in history.first.inner_text() and "2021-08-1" in history.first.inner_text()
    assert "Ghazni" in pg.locator("#place-evidence-mark").text_content()
    assert _params(pg)["place"] == "Ghazni"


def test_the_legend_explains_every_mark(page):
    """The legend names every holder shaded on the map, says what the lighter shading of claimed and contested
    places and provinces means, and has a swatch for every event type on the map or in the list."""
    pg = page
    _move_slider(pg, "2021-08-13")
    legend = pg.locator("#legend details")
    if legend.get_attribute("open") is None:
        pg.click("#legend summary")
    text = pg.locator("#legend").inner_text()
    holders = set(
        pg.evaluate("""() => Array.from(document.querySelectorAll('#control-list li[data-holder]'))
        .map(li => li.innerText.match(/(?:held by|claimed by|contested[^,]*by) ([^,(\\n]+)/)).filter(Boolean)
        .map(m => m[1].trim())""")
    )
    assert "Taliban" in holders and all(h in text for h in holders), (holders, text)
    assert "claimed by a party, lighter" in text and "contested (reports disagree), lighter" in text
    assert "province: its capital held by that colour" in text and "province: capital claimed or contested" in text
    types = set(pg.evaluate("() => Array.from(document.querySelectorAll('.event-item')).map(li => li.dataset.type)"))
    assert types and all(t in text for t in types), (types, text)
    assert "Background events" in text


def test_narrow_layout_shows_the_map(browser, server, tmp_path):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    _ready(pg, server + "/?day=2021-08-13")
    m = pg.locator("#map").bounding_box()
    assert m["width"] >= 380 and m["height"] >= 300, m
    assert m["y"] < 844, "the map is on the first screen"
    assert pg.locator("#map path.place-marker").count() >= 5
    # nothing is wider than the screen
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert pg.locator("#side").is_visible() and pg.locator("#chart-wrap").is_visible()
    shot = _shot_path(tmp_path, "screenshot-390.png")
    pg.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert not errors, errors
    ctx.close()
