"""The dashboard's layout at common widths: nothing covers the event panel, the basemap has no
lines across it, and the first view fits the events. Screenshots at 1280, 1440 and 1920 px go to
``test-artifacts/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import seed_processed

pytestmark = pytest.mark.browser

SEED_EVENT = seed_processed().result.events[0]
TIMEOUT = 20
WIDTHS = (1280, 1440, 1920)
HEIGHT = 900


@pytest.fixture
def sized(browser: Any) -> Iterator[Any]:
    """The browser, given back at the size the other dashboard tests expect."""
    before = browser.get_window_size()
    yield browser
    browser.set_window_size(before["width"], before["height"])


def _open(browser: Any, url: str, width: int) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(width, HEIGHT)
    browser.get("about:blank")
    browser.get(url)
    WebDriverWait(browser, TIMEOUT).until(
        lambda d: d.execute_script("return document.body.dataset.ready === 'true'")
    )


_RECTS = """
var out = {};
arguments[0].forEach(function (s) {
  var r = document.querySelector(s).getBoundingClientRect();
  out[s] = {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
});
return out;
"""

_UNCOVERED = """
var r = document.getElementById('detail').getBoundingClientRect(), missed = [];
for (var i = 1; i < 6; i++) for (var j = 1; j < 6; j++) {
  var x = r.left + (r.right - r.left) * i / 6, y = r.top + (r.bottom - r.top) * j / 6;
  var hit = document.elementFromPoint(x, y);
  if (!hit || !hit.closest('#detail')) missed.push([Math.round(x), Math.round(y)]);
}
return missed;
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_event_panel_is_never_covered_by_map_timeline_or_table(
    sized: Any, dashboard_url: str, artifacts: Path, width: int
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    _open(sized, f"{dashboard_url}/#event={SEED_EVENT.event_id}", width)
    WebDriverWait(sized, TIMEOUT).until(
        lambda d: d.execute_script("return document.querySelectorAll('#article-text mark').length")
    )
    panels = (".map-panel", ".timeline-panel", ".table-panel", "#map", "#timeline")
    rects = sized.execute_script(_RECTS, ["#detail", *panels])
    detail = rects["#detail"]
    assert detail["right"] <= width + 0.5 and detail["right"] - detail["left"] >= 360
    for name in panels:
        assert rects[name]["right"] <= detail["left"] + 0.5, (width, name, rects[name], detail)
    assert sized.execute_script(_UNCOVERED) == []
    fact_overflow = sized.execute_script(
        "var d = document.getElementById('detail').getBoundingClientRect().right;"
        "return Array.from(document.querySelectorAll('#detail .facts dd')).filter(function (e) {"
        "  return e.getBoundingClientRect().right > d + 0.5; }).length"
    )
    assert fact_overflow == 0  # long values (URLs, notes) wrap inside the panel
    sized.save_screenshot(str(artifacts / f"dashboard-{width}.png"))


_JUMPS = """
var jumps = 0, beyond = 0;
function walk(latlngs) {
  if (!latlngs.length) return;
  if (Array.isArray(latlngs[0])) { latlngs.forEach(walk); return; }
  for (var i = 0; i < latlngs.length; i++) {
    if (Math.abs(latlngs[i].lng) > 180) beyond++;
    if (i && Math.abs(latlngs[i].lng - latlngs[i - 1].lng) > 180) jumps++;
  }
}
sitrep.basemap.eachLayer(function (layer) { walk(layer.getLatLngs()); });
return [jumps, beyond];
"""


def test_no_basemap_ring_jumps_across_the_antimeridian(
    sized: Any, dashboard_url: str, artifacts: Path
) -> None:
    _open(sized, dashboard_url + "/", 1440)
    jumps, beyond = sized.execute_script(_JUMPS)
    # A jump from +180 to -180 inside a ring is drawn as a line across the whole map.
    assert jumps == 0
    assert beyond > 0  # Fiji, Chukotka and Antarctica do cross it: they are unwrapped, not dropped
    sized.execute_async_script(
        "var done = arguments[0]; sitrep.map.once('moveend', function () {"
        "  requestAnimationFrame(function () { requestAnimationFrame(done); }); });"
        "sitrep.map.setView([0, 0], 1.5, {animate: false});"
    )
    sized.save_screenshot(str(artifacts / "dashboard-world.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_first_view_fits_the_events(sized: Any, dashboard_url: str, width: int) -> None:
    _open(sized, dashboard_url + "/", width)
    box = sized.execute_script(
        "var m = document.getElementById('map').getBoundingClientRect(), xs = [], ys = [];"
        "document.querySelectorAll('path.event-marker').forEach(function (p) {"
        "  var r = p.getBoundingClientRect();"
        "  xs.push(r.left, r.right); ys.push(r.top, r.bottom); });"
        "return {map: [m.left, m.top, m.right, m.bottom],"
        "        events: [Math.min.apply(null, xs), Math.min.apply(null, ys),"
        "                 Math.max.apply(null, xs), Math.max.apply(null, ys)]};"
    )
    left, top, right, bottom = box["map"]
    e_left, e_top, e_right, e_bottom = box["events"]
    assert left <= e_left and top <= e_top and e_right <= right and e_bottom <= bottom
    share = max((e_right - e_left) / (right - left), (e_bottom - e_top) / (bottom - top))
    # The events fill the view (0.51 before, with a 40 % margin in degrees), not a corner of it.
    assert share >= 0.6, share
