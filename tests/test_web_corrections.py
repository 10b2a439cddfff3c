"""The map's review panel in a real browser (Debian's chromium, as tests/test_web.py drives it): correct an event
from the map with a write token, reload, and see the corrected value, the mark and its history."""

from __future__ import annotations

import shutil

import pytest
import test_web
from test_api import build_store
from test_web import CHROMIUM, open_map, serving

TOKEN = "ana-writes-0123456789abcdef"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared):
    from sitroom.serve.api import create_app

    db = tmp_path_factory.mktemp("review") / "store.sqlite"
    shutil.copy(build_store(tmp_path_factory, shared), db)  # writes must not change the shared test store
    with serving(create_app(str(db), tokens={"ana": TOKEN})) as url:
        yield url


browser = test_web.browser  # the module's Chromium (a fixture)


def _open_capture(pg):
    pg.click("button[data-tab=events]")
    item = pg.locator(".event-item", has_text="Non-state actor overtakes territory").filter(has_text="Ghazni").first
    item.click()
    pg.wait_for_selector("#review-panel[data-status]", timeout=10_000)
    return item


def test_correct_an_event_from_the_map(browser, server):
    ctx, pg = open_map(browser, server, height=900)
    _open_capture(pg)
    assert pg.locator("#review-panel").get_attribute("data-status") == "machine"
    assert "reported" in pg.locator("#panel-facts").inner_text()
    assert "not corrected" in pg.locator("#review-history").inner_text()
    # without a token nothing is sent
    pg.select_option("#review-field", "certainty")
    pg.fill("#review-value", "hedged")
    pg.click("#review-amend")
    assert "token" in pg.locator("#review-status").text_content()
    pg.fill("#review-note", "only the Taliban claim it <b>yet</b>")
    pg.fill("#review-token", TOKEN)
    pg.click("#review-amend")
    pg.wait_for_selector("#review-panel[data-saved]", timeout=10_000)
    assert "by ana" in pg.locator("#review-status").text_content()
    # reload: the map, the list and the panel show the corrected record and its history
    pg.reload()
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    item = _open_capture(pg)
    assert "corrected" in (item.get_attribute("class") or "")
    pg.wait_for_selector("#review-history li.correction", timeout=10_000)
    assert pg.locator("#review-panel").get_attribute("data-status") == "corrected"
    facts = pg.locator("#panel-facts").inner_text()
    assert "hedged" in facts and "Corrected" in facts and "amend by ana" in facts
    hist = pg.locator("#review-history").inner_text()
    assert "machine:" in hist and "certainty=reported" in hist
    assert "ana amend" in hist and "certainty: reported → hedged" in hist
    assert "only the Taliban claim it <b>yet</b>" in hist  # the note is text, not markup
    assert pg.locator("#review-history b").count() == 0
    # revert from the panel: the machine's value is back after a reload
    pg.click("#review-revert")
    pg.wait_for_selector("#review-history li.correction.reverted", timeout=10_000)
    pg.reload()
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    _open_capture(pg)
    assert "reported" in pg.locator("#panel-facts").inner_text()
    assert "Corrected" not in pg.locator("#panel-facts").inner_text()
    assert not pg.errors, pg.errors
    ctx.close()
