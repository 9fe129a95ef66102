"""The dashboard in headless Chromium: map, timeline, table, filters and the evidence view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factories import all_processed, seed_processed

pytestmark = pytest.mark.browser

EVENTS = [e for p in all_processed() for e in p.result.events]
SEED_EVENT = seed_processed().result.events[0]
TIMEOUT = 20


def _open(browser: Any, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, TIMEOUT).until(
        lambda d: d.execute_script("return document.body.dataset.ready === 'true'")
    )


def _css(browser: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(browser.find_elements(By.CSS_SELECTOR, selector))


@pytest.fixture
def page(browser: Any, dashboard_url: str) -> Any:
    _open(browser, dashboard_url + "/")
    return browser


def test_map_draws_the_offline_basemap_and_one_marker_per_placed_event(page: Any) -> None:
    markers = _css(page, "path.event-marker")
    assert len(markers) == sum(e.latitude is not None for e in EVENTS)
    countries = _css(page, ".leaflet-overlay-pane path:not(.event-marker)")
    assert len(countries) > 100  # Natural Earth countries, from the package
    legend = [li.text for li in _css(page, "#type-legend li")]
    assert "Explosions/Remote violence" in legend and len(legend) == 6


def test_marker_size_grows_with_fatalities(page: Any) -> None:
    def radius(event_id: str) -> float:
        (node,) = _css(page, f'path.event-marker[data-event-id="{event_id}"]')
        return float(node.size["width"])

    ranked = sorted((e for e in EVENTS if e.fatalities), key=lambda e: e.fatalities or 0)
    assert radius(ranked[0].event_id) < radius(ranked[-1].event_id)


def test_timeline_and_table_render_every_event(page: Any) -> None:
    assert _css(page, "#timeline rect.bar")
    assert len(_css(page, "#events-table tbody tr")) == len(EVENTS)


def test_every_request_stays_on_the_server_origin(page: Any, dashboard_url: str) -> None:
    urls = page.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert urls and all(u.startswith(dashboard_url) for u in urls), urls
    severe = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []


def test_clicking_a_marker_shows_the_article_with_highlighted_evidence(
    page: Any, artifacts: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    (marker,) = _css(page, f'path.event-marker[data-event-id="{SEED_EVENT.event_id}"]')
    marker.click()
    WebDriverWait(page, TIMEOUT).until(lambda d: _css(d, "#article-text mark"))
    assert page.find_element("id", "detail-title").text == "Air/drone strike"
    marks = {m.text: m.get_attribute("data-fields") for m in _css(page, "#article-text mark")}
    assert "fatalities" in marks["At least 22"].split()
    assert "actor1" in marks["government forces"].split()
    assert "revisions" in marks["nine"].split()
    marks_css = _css(page, "#article-text mark")
    colours = {m.value_of_css_property("background-color") for m in marks_css}
    assert len(colours) >= 4  # a colour per field
    legend = [li.text for li in _css(page, "#evidence-legend li")]
    assert any(text.startswith("fatalities") for text in legend)
    chain = [b.text for b in _css(page, "#revision-chain button")]
    assert chain == ["9", "22"]
    assert "Rahmi Dogan" in page.find_element("id", "sources-list").text
    assert "displaced" in page.find_element("id", "others-list").text
    page.save_screenshot(str(artifacts / "dashboard.png"))


def test_clicking_a_table_row_opens_that_event(page: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    (row,) = _css(page, f'#events-table tr[data-event-id="{EVENTS[1].event_id}"]')
    row.click()
    WebDriverWait(page, TIMEOUT).until(
        lambda d: d.find_element("id", "detail-title").text == EVENTS[1].sub_event_type
    )
    assert "selected" in row.get_attribute("class")


def test_brushing_the_timeline_filters_map_and_table(page: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    timeline = page.find_element("id", "timeline")
    width = timeline.size["width"]
    # Drag across the first third of the plot (left margin 34 px): the earliest events only.
    ActionChains(page).move_to_element_with_offset(
        timeline, -width // 2 + 36, 0
    ).click_and_hold().move_by_offset(width // 3, 0).release().perform()
    rows = _css(page, "#events-table tbody tr")
    markers = _css(page, "path.event-marker")
    assert 0 < len(rows) < len(EVENTS)
    assert len(markers) == len(rows)
    assert page.find_element("id", "brush-label").text
    page.find_element("id", "brush-clear").click()
    assert len(_css(page, "#events-table tbody tr")) == len(EVENTS)


def test_filters_query_the_api_and_redraw(page: Any) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    Select(page.find_element("name", "type")).select_by_visible_text("Protests")
    page.find_element("css selector", "#filters button[type=submit]").click()
    WebDriverWait(page, TIMEOUT).until(lambda d: len(_css(d, "#events-table tbody tr")) == 1)
    assert len(_css(page, "path.event-marker")) == 1
    page.find_element("css selector", "#filters button[type=reset]").click()
    WebDriverWait(page, TIMEOUT).until(
        lambda d: len(_css(d, "#events-table tbody tr")) == len(EVENTS)
    )


def test_sorting_the_table_by_fatalities(page: Any) -> None:
    header = page.find_element("css selector", '#events-table th[data-key="fatalities"]')
    header.click()
    first = _css(page, "#events-table tbody tr")[0]
    assert first.get_attribute("data-event-id") == SEED_EVENT.event_id
    assert header.get_attribute("aria-sort") == "descending"


def test_a_link_to_an_event_opens_its_evidence(browser: Any, dashboard_url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, f"{dashboard_url}/#event={SEED_EVENT.event_id}")
    WebDriverWait(browser, TIMEOUT).until(lambda d: _css(d, "#article-text mark"))
    assert browser.find_element("id", "detail-title").text == "Air/drone strike"
    browser.find_element("id", "detail-close").click()
    assert browser.execute_script("return window.location.hash") == ""
