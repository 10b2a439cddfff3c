"""The map page in a real browser (Playwright driving Debian's chromium) served by uvicorn over the demo data.

Skipped only when /usr/bin/chromium is absent (``apt-get install chromium``); no browser is downloaded.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from test_api import SEED_EVIDENCE, build_store

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared, extract_once):
    uvicorn = pytest.importorskip("uvicorn")
    from sitroom.serve.api import create_app

    db = build_store(tmp_path_factory, shared, extract_once)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 850})
    pg = ctx.new_page()
    errors: list[str] = []
    outside: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    pg.errors, pg.outside = errors, outside
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
    item = pg.locator(".event-item", has_text="Non-state actor overtakes territory").filter(has_text="Ghazni").first
    item.click()
    mark = pg.locator("#panel-article mark#evidence-mark")
    mark.wait_for(timeout=10_000)
    assert SEED_EVIDENCE in mark.text_content()
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
    pg.locator("#control-list li[data-place='Ghazni']").click()  # the place opens its latest change too
    pg.wait_for_selector("#event-panel:not([hidden]) #evidence-mark")
    assert "Ghazni" in pg.locator("#panel-facts").inner_text()
    assert "overtakes territory" in pg.locator("#panel-title").text_content()
    # the tracked docs/screenshot-map.png is rewritten only when asked (SITROOM_UPDATE_SCREENSHOT=1), never by a
    # plain test run
    shot = ROOT / "docs" / "screenshot-map.png" if os.environ.get("SITROOM_UPDATE_SCREENSHOT") else tmp_path / "map.png"
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
    for sel in ("#side script", "#side img", "#side b", "#legend img", ".leaflet-tooltip img", ".leaflet-tooltip script"):
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
