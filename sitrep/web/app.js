/* sitrep dashboard: map, timeline, table and evidence view over the sitrep JSON API.
 *
 * Plain browser JavaScript with no build step: it runs as served. The page fetches
 * the events that match the server-side filters once, then the timeline brush
 * filters the map and the table in the browser. All text from the database is
 * inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  // ACLED event types, in the order of the legend, each with its colour.
  var TYPES = [
    ["Battles", "#c0392b"],
    ["Explosions/Remote violence", "#e67e22"],
    ["Violence against civilians", "#8e44ad"],
    ["Protests", "#27ae60"],
    ["Riots", "#a0522d"],
    ["Strategic developments", "#2980b9"],
  ];
  var TYPE_COLOUR = Object.fromEntries(TYPES);
  var OTHER_COLOUR = "#7f8c8d";

  // Evidence fields, in reading order, each with a highlight colour.
  var FIELD_COLOURS = [
    ["event_type", "#fde68a", "event type"],
    ["sub_event_type", "#fcd34d", "sub-event type"],
    ["event_date", "#bfdbfe", "date"],
    ["actor1", "#fecaca", "actor 1"],
    ["assoc_actor1", "#fed7d7", "associated actor 1"],
    ["actor2", "#ddd6fe", "actor 2"],
    ["assoc_actor2", "#e9d5ff", "associated actor 2"],
    ["civilian_targeting", "#f5d0fe", "civilian targeting"],
    ["location", "#bbf7d0", "location"],
    ["admin2", "#c7f0d8", "admin 2"],
    ["admin1", "#a7f3d0", "admin 1"],
    ["country", "#99f6e4", "country"],
    ["fatalities", "#fca5a5", "fatalities"],
    ["injured", "#fdba74", "injured"],
    ["revisions", "#f9a8d4", "revisions"],
    ["sources_quoted", "#c7d2fe", "sources quoted"],
    ["value", "#fca5a5", "value"],
    ["figure_type", "#fde68a", "figure type"],
    ["unit", "#e5e7eb", "unit"],
    ["period_start", "#bfdbfe", "period start"],
    ["period_end", "#bfdbfe", "period end"],
  ];
  var FIELD_INFO = {};
  FIELD_COLOURS.forEach(function (f, i) { FIELD_INFO[f[0]] = { colour: f[1], label: f[2], order: i }; });
  var SPARE_COLOURS = ["#d9f99d", "#a5f3fc", "#fbcfe8", "#e7e5e4", "#fef08a"];

  var DATE_PRECISION = { 1: "day", 2: "within a week", 3: "month" };
  var GEO_PRECISION = { 1: "the town itself", 2: "near the town / part of a region", 3: "province or larger" };
  var QUALIFIER = { at_least: "at least", about: "about", more_than: "more than", up_to: "up to", exact: "exactly" };
  var MAX_EVENTS = 20000;   // most events the page loads at once
  var MAX_ROWS = 1000;      // most table rows drawn at once
  var DAY = 86400000;

  var state = {
    events: [],             // the events matching the server-side filters
    visible: [],            // those inside the timeline brush
    total: 0,
    brush: null,            // [firstDay, lastDay] as epoch milliseconds, inclusive
    sort: { key: "event_date", dir: -1 },
    selected: null,         // event_id shown in the detail panel
    pageSize: 1000,
    bins: null,
  };

  var map, markerLayer, basemap, markers = {}, fitted = false;
  // The bounds of the automatic first view, kept until the user moves the map: the page's
  // layout may still resize the map after the fit, and the view must follow it.
  var autoBounds = null;

  // ---------------------------------------------------------------- helpers

  function $(id) { return document.getElementById(id); }

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        if (k === "text") node.textContent = props[k];
        else if (k === "class") node.className = props[k];
        else if (k === "style") Object.assign(node.style, props[k]);
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), props[k]);
        else node.setAttribute(k, props[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function fmt(n) { return n == null ? "–" : Number(n).toLocaleString("en"); }

  function typeColour(type) { return TYPE_COLOUR[type] || OTHER_COLOUR; }

  function fieldInfo(field) {
    if (!FIELD_INFO[field]) {
      var n = Object.keys(FIELD_INFO).length;
      FIELD_INFO[field] = { colour: SPARE_COLOURS[n % SPARE_COLOURS.length], label: field.replace(/_/g, " "), order: n };
    }
    return FIELD_INFO[field];
  }

  function dayOf(iso) {
    if (!iso) return null;
    var t = Date.parse(String(iso).slice(0, 10) + "T00:00:00Z");
    return isNaN(t) ? null : t;
  }

  function isoDay(t) { return new Date(t).toISOString().slice(0, 10); }

  var statusTimer = null;
  function status(message, isError) {
    var box = $("status");
    box.textContent = message;
    box.classList.toggle("error", !!isError);
    box.hidden = !message;
    clearTimeout(statusTimer);
    if (message && isError) statusTimer = setTimeout(function () { box.hidden = true; }, 8000);
  }

  function api(path, params) {
    var url = new URL(path, window.location.origin);
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v !== "" && v != null) url.searchParams.set(k, v);
    });
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) {
          var msg = body && body.error ? body.error.message : "HTTP " + res.status;
          throw new Error(msg);
        }
        return body;
      });
    });
  }

  // ---------------------------------------------------------------- filters and loading

  function filterParams() {
    var form = $("filters");
    var params = {};
    ["q", "country", "type", "since", "until", "min_fatalities"].forEach(function (name) {
      var v = form.elements[name].value.trim();
      if (v) params[name] = v;
    });
    return params;
  }

  function loadEvents() {
    var params = filterParams();
    params.sort = "-event_date";
    params.limit = state.pageSize;
    status("Loading events…");
    var events = [];
    function page(offset) {
      params.offset = offset;
      return api("/events", params).then(function (body) {
        events = events.concat(body.items);
        state.total = body.total;
        var next = offset + body.items.length;
        if (body.items.length && next < body.total && next < MAX_EVENTS) return page(next);
        return events;
      });
    }
    return page(0).then(function (all) {
      state.events = all;
      state.brush = null;
      fillCountryOptions(all);
      render(true);
      status("");
      if (state.total > all.length) status("Showing the first " + fmt(all.length) + " of " + fmt(state.total) + " events; narrow the filters.", true);
    }).catch(function (err) { status("Could not load events: " + err.message, true); });
  }

  function fillCountryOptions(events) {
    var select = $("filters").elements.country;
    var known = {};
    Array.prototype.forEach.call(select.options, function (o) { known[o.value] = true; });
    var names = {};
    events.forEach(function (e) { if (e.country && !known[e.country]) names[e.country] = true; });
    Object.keys(names).sort().forEach(function (name) { select.appendChild(el("option", { value: name, text: name })); });
  }

  function loadSummary() {
    return api("/stats").then(function (stats) {
      if (stats.api && stats.api.max_page_size) state.pageSize = stats.api.max_page_size;
      var box = $("summary");
      box.textContent = "";
      ["articles", "events", "fatalities", "figures", "incidents"].forEach(function (key) {
        if (typeof stats[key] !== "number") return;
        box.appendChild(el("div", null, [el("dt", { text: key }), el("dd", { text: fmt(stats[key]) })]));
      });
      if (stats.by_country) {
        fillCountryOptions(Object.keys(stats.by_country).filter(function (c) { return c !== "unknown"; })
          .map(function (c) { return { country: c }; }));
      }
    }).catch(function (err) { status("Could not read the database: " + err.message, true); });
  }

  // ---------------------------------------------------------------- rendering

  function render(refit) {
    state.visible = state.brush ? state.events.filter(inBrush) : state.events.slice();
    renderMap(refit);
    renderTimeline();
    renderTable();
  }

  function inBrush(e) {
    var t = dayOf(e.event_date);
    return t != null && t >= state.brush[0] && t <= state.brush[1];
  }

  // Map --------------------------------------------------------------------

  function initMap() {
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 13, zoomSnap: 0.25, zoomDelta: 1, preferCanvas: false })
      .setView([25, 20], 2);
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Basemap: Natural Earth (public domain)");
    markerLayer = L.layerGroup().addTo(map);
    map.on("resize", function () { if (autoBounds) fitEvents(autoBounds); });
    map.on("dragstart", function () { autoBounds = null; });
    map.getContainer().addEventListener("wheel", function () { autoBounds = null; }, { passive: true });
    map.on("zoomstart", function () { if (!fittingEvents) autoBounds = null; });
    window.sitrep = { map: map };   // for the console and the browser tests
    return fetch("/static/vendor/world-atlas/countries-50m.json")
      .then(function (res) { return res.json(); })
      .then(function (world) {
        var land = topojson.feature(world, world.objects.countries);
        land.features.forEach(function (f) { f.geometry = unwrapGeometry(f.geometry); });
        basemap = L.geoJSON(land, {
          interactive: false,
          style: { color: "#b9c2cc", weight: 0.6, fillColor: "#f7f7f4", fillOpacity: 1 },
        }).addTo(map);
        window.sitrep.basemap = basemap;
        markerLayer.eachLayer(function (m) { m.bringToFront(); });
      })
      .catch(function () { status("The offline basemap could not be loaded.", true); });
  }

  // Natural Earth's rings that cross the antimeridian (Fiji, Chukotka, Antarctica) jump from
  // +180 to -180 degrees between two points; Leaflet draws such a jump as a line across the
  // whole map. Unwrapping keeps each ring's longitudes continuous (179, 181, ...), which Leaflet
  // draws where it belongs, just past the edge of the world copy.
  function unwrapRing(ring) {
    var offset = 0, previous = null;
    return ring.map(function (point) {
      var lon = point[0] + offset;
      if (previous !== null && lon - previous > 180) { offset -= 360; lon -= 360; }
      else if (previous !== null && previous - lon > 180) { offset += 360; lon += 360; }
      previous = lon;
      return [lon, point[1]];
    });
  }

  function unwrapGeometry(geometry) {
    if (!geometry) return geometry;
    if (geometry.type === "Polygon") {
      return { type: "Polygon", coordinates: geometry.coordinates.map(unwrapRing) };
    }
    if (geometry.type === "MultiPolygon") {
      return { type: "MultiPolygon", coordinates: geometry.coordinates.map(function (polygon) {
        return polygon.map(unwrapRing);
      }) };
    }
    return geometry;
  }

  function radius(fatalities) {
    if (!fatalities) return 4.5;
    return Math.min(30, 4.5 + 2.4 * Math.sqrt(fatalities));
  }

  function renderMap(refit) {
    markerLayer.clearLayers();
    markers = {};
    var placed = state.visible.filter(function (e) { return e.latitude != null && e.longitude != null; });
    placed.sort(function (a, b) { return (b.fatalities || 0) - (a.fatalities || 0); });
    placed.forEach(function (e) {
      var unknown = e.fatalities == null;
      var marker = L.circleMarker([e.latitude, e.longitude], {
        radius: radius(e.fatalities),
        color: "#1f2a37",
        weight: e.event_id === state.selected ? 3 : 1,
        opacity: 0.9,
        dashArray: unknown ? "3 3" : null,
        fillColor: typeColour(e.event_type),
        fillOpacity: unknown ? 0.35 : 0.72,
        className: "event-marker",
      });
      marker.bindTooltip(tooltipText(e), { className: "event-tip", direction: "top", offset: [0, -4] });
      marker.on("click", function () { openEvent(e.event_id); });
      marker.addTo(markerLayer);
      var node = marker.getElement();
      if (node) node.setAttribute("data-event-id", e.event_id);
      markers[e.event_id] = marker;
    });
    if (refit && placed.length) {
      var bounds = L.latLngBounds(placed.map(function (e) { return [e.latitude, e.longitude]; }));
      // Fit the events with a margin in pixels (a padding in degrees, as before, grew with the
      // spread of the data and fell back to the whole world for a continent-wide set).
      // The container may have changed size since Leaflet last measured it (the page's layout
      // settles after the map is created): measure again, or the fit is made for a stale size.
      map.invalidateSize(false);
      fitEvents(bounds);
      autoBounds = bounds;
      fitted = true;
    } else if (refit && !fitted) {
      map.setView([25, 20], 2);
    }
  }

  var fittingEvents = false;

  function fitEvents(bounds) {
    fittingEvents = true;
    try {
      map.fitBounds(bounds, { padding: [36, 36], maxZoom: 7, animate: false });
    } finally {
      fittingEvents = false;
    }
  }

  function tooltipText(e) {
    var parts = [e.event_date || "undated", e.sub_event_type || e.event_type];
    var place = placeName(e, ["location", "admin1", "country"]);
    if (place) parts.push(place);
    parts.push(e.fatalities == null ? "toll not reported" : fmt(e.fatalities) + " killed");
    return parts.join(" · ");
  }

  function renderLegends() {
    var list = $("type-legend");
    TYPES.forEach(function (t) {
      list.appendChild(el("li", null, [el("span", { class: "swatch", style: { background: t[1] } }), t[0]]));
    });
    var svg = $("size-legend");
    var x = 2, steps = [1, 10, 50, 150], base = 2 * radius(steps[steps.length - 1]) + 4;
    steps.forEach(function (n) {
      var r = radius(n);
      svg.appendChild(svgEl("circle", { cx: x + r, cy: base - r, r: r, fill: "#cbd5e1", stroke: "#1f2a37", "stroke-width": 1, "fill-opacity": 0.7 }));
      var label = svgEl("text", { x: x + r, y: base + 12, "text-anchor": "middle" });
      label.textContent = fmt(n);
      svg.appendChild(label);
      x += 2 * r + 12;
    });
    svg.setAttribute("width", x);
    svg.setAttribute("height", base + 16);
  }

  // Timeline ---------------------------------------------------------------

  function binning(first, last) {
    var span = (last - first) / DAY;
    if (span <= 120) return { unit: "day", start: first, step: function (t) { return t + DAY; } };
    if (span <= 3 * 365) {
      var d = new Date(first), monday = first - ((d.getUTCDay() + 6) % 7) * DAY;
      return { unit: "week", start: monday, step: function (t) { return t + 7 * DAY; } };
    }
    var m = new Date(first);
    return {
      unit: "month",
      start: Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1),
      step: function (t) { var x = new Date(t); return Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 1); },
    };
  }

  function renderTimeline() {
    var svg = $("timeline");
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var width = svg.clientWidth || svg.parentNode.clientWidth || 800;
    var height = 112, left = 34, right = 10, top = 8, bottom = 22;
    var days = state.events.map(function (e) { return dayOf(e.event_date); }).filter(function (t) { return t != null; });
    var undated = state.events.length - days.length;
    $("timeline-note").textContent = undated ? fmt(undated) + " undated event" + (undated > 1 ? "s" : "") + " not shown" : "";
    if (!days.length) { state.bins = null; brushLabel(); return; }
    var first = Math.min.apply(null, days), last = Math.max.apply(null, days);
    var b = binning(first, last);
    var edges = [b.start];
    while (edges[edges.length - 1] <= last) edges.push(b.step(edges[edges.length - 1]));
    if (edges.length < 8) {  // pad short ranges so single days do not become one huge bar
      while (edges.length < 8) edges.push(b.step(edges[edges.length - 1]));
    }
    var nbins = edges.length - 1;
    var counts = [];
    for (var i = 0; i < nbins; i++) counts.push({});
    state.events.forEach(function (e) {
      var t = dayOf(e.event_date);
      if (t == null) return;
      var k = binIndex(edges, t);
      var type = TYPE_COLOUR[e.event_type] ? e.event_type : "other";
      counts[k][type] = (counts[k][type] || 0) + 1;
    });
    var totals = counts.map(function (c) { return Object.keys(c).reduce(function (s, k) { return s + c[k]; }, 0); });
    var max = Math.max.apply(null, totals) || 1;
    var plotW = width - left - right, plotH = height - top - bottom;
    var bw = plotW / nbins;
    state.bins = { edges: edges, left: left, bw: bw, unit: b.unit, top: top, plotH: plotH };

    var axis = svgEl("g", { class: "axis" });
    axis.appendChild(svgEl("line", { x1: left, x2: width - right, y1: top + plotH + 0.5, y2: top + plotH + 0.5, class: "baseline" }));
    var yl = svgEl("text", { x: left - 6, y: top + 8, "text-anchor": "end" });
    yl.textContent = fmt(max);
    axis.appendChild(yl);
    var y0 = svgEl("text", { x: left - 6, y: top + plotH, "text-anchor": "end" });
    y0.textContent = "0";
    axis.appendChild(y0);
    var ticks = Math.max(2, Math.min(8, Math.floor(plotW / 90)));
    var every = Math.max(1, Math.ceil(nbins / ticks));
    for (var j = 0; j < nbins; j += every) {
      var tx = left + j * bw;
      axis.appendChild(svgEl("line", { x1: tx, x2: tx, y1: top + plotH, y2: top + plotH + 4 }));
      var label = svgEl("text", { x: tx, y: height - 6, "text-anchor": "start" });
      label.textContent = b.unit === "month" ? isoDay(edges[j]).slice(0, 7) : isoDay(edges[j]);
      axis.appendChild(label);
    }
    svg.appendChild(axis);

    var bars = svgEl("g", { class: "bars" });
    var order = TYPES.map(function (t) { return t[0]; }).concat(["other"]);
    counts.forEach(function (c, k) {
      var y = top + plotH;
      var inside = !state.brush || (edges[k + 1] - 1 >= state.brush[0] && edges[k] <= state.brush[1]);
      order.forEach(function (type) {
        if (!c[type]) return;
        var h = (c[type] / max) * plotH;
        y -= h;
        var rect = svgEl("rect", {
          x: left + k * bw + (bw > 4 ? 1 : 0), y: y, width: Math.max(1, bw - (bw > 4 ? 2 : 0)), height: h,
          fill: type === "other" ? OTHER_COLOUR : TYPE_COLOUR[type],
          class: "bar" + (inside ? "" : " dimmed"),
        });
        var title = svgEl("title", {});
        title.textContent = isoDay(edges[k]) + " (" + b.unit + "): " + c[type] + " × " + type;
        rect.appendChild(title);
        bars.appendChild(rect);
      });
    });
    svg.appendChild(bars);

    if (state.brush) {
      var x0 = xOfDay(state.brush[0]), x1 = xOfDay(state.brush[1] + DAY);
      svg.appendChild(svgEl("rect", { class: "brush", x: x0, y: top - 2, width: Math.max(2, x1 - x0), height: plotH + 4 }));
    }
    brushLabel();
  }

  function binIndex(edges, t) {
    var lo = 0, hi = edges.length - 2;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function xOfDay(t) {
    var b = state.bins, k = binIndex(b.edges, t);
    var frac = (t - b.edges[k]) / (b.edges[k + 1] - b.edges[k]);
    return b.left + (k + Math.max(0, Math.min(1, frac))) * b.bw;
  }

  function binAtX(x) {
    var b = state.bins;
    var k = Math.floor((x - b.left) / b.bw);
    return Math.max(0, Math.min(b.edges.length - 2, k));
  }

  function brushLabel() {
    var label = $("brush-label");
    if (state.brush) {
      label.textContent = isoDay(state.brush[0]) + " – " + isoDay(state.brush[1]) + " · " + fmt(state.visible.length) + " events";
    } else {
      label.textContent = state.bins ? "Drag across the bars to select dates" : "";
      label.classList.toggle("muted", true);
    }
    label.classList.toggle("muted", !state.brush);
    $("brush-clear").hidden = !state.brush;
  }

  function initBrush() {
    var svg = $("timeline");
    var dragging = null, rect = null;
    function localX(ev) { return ev.clientX - svg.getBoundingClientRect().left; }
    svg.addEventListener("pointerdown", function (ev) {
      if (!state.bins) return;
      dragging = { x0: localX(ev) };
      svg.setPointerCapture(ev.pointerId);
      rect = svgEl("rect", { class: "brush", x: dragging.x0, y: state.bins.top - 2, width: 0, height: state.bins.plotH + 4 });
      svg.appendChild(rect);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!dragging) return;
      var x = localX(ev);
      rect.setAttribute("x", Math.min(x, dragging.x0));
      rect.setAttribute("width", Math.abs(x - dragging.x0));
    });
    svg.addEventListener("pointerup", function (ev) {
      if (!dragging) return;
      var x = localX(ev), x0 = dragging.x0;
      dragging = null;
      var b = state.bins;
      var k0 = binAtX(Math.min(x, x0)), k1 = binAtX(Math.max(x, x0));
      // A click (no drag) selects the one period under the pointer.
      state.brush = [b.edges[k0], b.edges[k1 + 1] - DAY];
      render(false);
    });
    $("brush-clear").addEventListener("click", function () { state.brush = null; render(false); });
  }

  // Table ------------------------------------------------------------------

  function compare(key, dir) {
    return function (a, b) {
      var x = a[key], y = b[key];
      if (x == null && y == null) return 0;
      if (x == null) return 1;          // empty cells last, whichever the direction
      if (y == null) return -1;
      if (typeof x === "number" && typeof y === "number") return dir * (x - y);
      return dir * String(x).localeCompare(String(y));
    };
  }

  function renderTable() {
    var rows = state.visible.slice().sort(compare(state.sort.key, state.sort.dir));
    var body = document.querySelector("#events-table tbody");
    body.textContent = "";
    var frag = document.createDocumentFragment();
    rows.slice(0, MAX_ROWS).forEach(function (e) {
      var tr = el("tr", { tabindex: "0", "data-event-id": e.event_id }, [
        el("td", { text: e.event_date || "–" }),
        el("td", null, [el("span", { class: "swatch", style: { background: typeColour(e.event_type) } }), e.event_type || "–"]),
        el("td", { text: e.sub_event_type || "–" }),
        el("td", { text: e.actor1 || "–" }),
        el("td", { text: e.actor2 || "–" }),
        el("td", { text: placeName(e, ["location", "admin1"]) || "–" }),
        el("td", { text: e.country || "–" }),
        el("td", { class: "num", text: e.fatalities == null ? "–" : fmt(e.fatalities) }),
      ]);
      if (e.event_id === state.selected) tr.classList.add("selected");
      tr.addEventListener("click", function () { openEvent(e.event_id); });
      tr.addEventListener("keydown", function (ev) { if (ev.key === "Enter") openEvent(e.event_id); });
      frag.appendChild(tr);
    });
    body.appendChild(frag);
    $("table-empty").hidden = rows.length > 0;
    var shown = Math.min(rows.length, MAX_ROWS);
    $("table-count").textContent = fmt(rows.length) + " event" + (rows.length === 1 ? "" : "s") +
      (shown < rows.length ? " (first " + fmt(shown) + " shown)" : "") +
      (state.total > state.events.length ? " of " + fmt(state.total) + " matching" : "");
    document.querySelectorAll("#events-table th").forEach(function (th) {
      var on = th.dataset.key === state.sort.key;
      if (on) th.setAttribute("aria-sort", state.sort.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }

  function initTable() {
    document.querySelectorAll("#events-table th").forEach(function (th) {
      th.addEventListener("click", function () {
        var key = th.dataset.key;
        if (state.sort.key === key) state.sort.dir = -state.sort.dir;
        else state.sort = { key: key, dir: key === "event_date" || key === "fatalities" ? -1 : 1 };
        renderTable();
      });
    });
  }

  // Event detail -----------------------------------------------------------

  function openEvent(eventId) {
    var event = state.events.find(function (e) { return e.event_id === eventId; });
    if (!event) return;
    state.selected = eventId;
    highlightSelection();
    history.replaceState(null, "", "#event=" + encodeURIComponent(eventId));
    status("Loading the article…");
    api("/articles/" + encodeURIComponent(event.article_id)).then(function (body) {
      status("");
      showDetail(normaliseArticle(body), eventId);
    }).catch(function (err) { status("Could not load the article: " + err.message, true); });
  }

  function normaliseArticle(body) {
    var article = body.article || body;
    return {
      article: article,
      text: article.text || body.text || "",
      events: body.events || [],
      figures: body.figures || [],
    };
  }

  function highlightSelection() {
    Object.keys(markers).forEach(function (id) {
      markers[id].setStyle({ weight: id === state.selected ? 3 : 1 });
    });
    var marker = markers[state.selected];
    if (marker) {
      marker.bringToFront();
      if (!map.getBounds().contains(marker.getLatLng())) map.panTo(marker.getLatLng());
    }
    document.querySelectorAll("#events-table tbody tr").forEach(function (tr) {
      tr.classList.toggle("selected", tr.dataset.eventId === state.selected);
    });
  }

  function showDetail(doc, recordId) {
    var record = doc.events.find(function (e) { return e.event_id === recordId; }) ||
      doc.figures.find(function (f) { return f.figure_id === recordId; });
    if (!record) {
      record = state.events.find(function (e) { return e.event_id === recordId; }) || {};
    }
    var isFigure = record.figure_id != null;
    $("layout").classList.add("with-detail");
    $("detail").hidden = false;
    if (map) setTimeout(function () { map.invalidateSize(); }, 0);
    renderTimeline();

    var chip = $("detail-type");
    chip.textContent = isFigure ? "Humanitarian figure" : (record.event_type || "Event");
    chip.style.background = isFigure ? "#475569" : typeColour(record.event_type);
    $("detail-title").textContent = isFigure
      ? fmt(record.value) + " " + (record.unit || "people") + " " + (record.figure_type || "")
      : (record.sub_event_type || record.event_type || "Event");
    $("detail-sub").textContent = isFigure
      ? placeName(record, ["location", "admin1", "country"])
      : [record.event_date, placeName(record, ["location", "admin1", "country"])].filter(Boolean).join(" · ");

    renderFacts(record, isFigure);
    renderRevisions(record);
    renderSources(record);
    renderArticle(doc, record);
    renderOthers(doc, record);
    $("detail").scrollTop = 0;
  }

  function fact(list, label, value, field, record) {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) return;
    var dd = el("dd");
    if (field && record.evidence && record.evidence[field] && record.evidence[field].length) {
      dd.appendChild(el("span", { class: "field-mark", style: { background: fieldInfo(field).colour }, title: "evidenced in the text" }));
    }
    dd.appendChild(document.createTextNode(String(value)));
    list.appendChild(el("dt", { text: label }));
    list.appendChild(dd);
  }

  function renderFacts(r, isFigure) {
    var list = $("detail-facts");
    list.textContent = "";
    if (isFigure) {
      fact(list, "Figure", r.figure_type, "figure_type", r);
      fact(list, "Value", countText(r.value, r.qualifier, r.low, r.high) + (r.unit ? " " + r.unit : ""), "value", r);
      fact(list, "Period", [r.period_start, r.period_end].filter(Boolean).join(" to "), "period_start", r);
      fact(list, "Place", placeName(r, ["location", "admin1", "country"]), "location", r);
      return;
    }
    fact(list, "Date", r.event_date ? r.event_date + (r.date_precision ? " (" + (DATE_PRECISION[r.date_precision] || r.date_precision) + ")" : "") : null, "event_date", r);
    fact(list, "Type", [r.event_type, r.sub_event_type].filter(Boolean).join(" / "), "sub_event_type", r);
    fact(list, "Actor 1", r.actor1 ? r.actor1 + (r.assoc_actor1 ? " (with " + r.assoc_actor1 + ")" : "") : null, "actor1", r);
    fact(list, "Actor 2", r.actor2 ? r.actor2 + (r.assoc_actor2 ? " (with " + r.assoc_actor2 + ")" : "") : null, "actor2", r);
    if (r.civilian_targeting) fact(list, "Civilians", "targeted", "civilian_targeting", r);
    fact(list, "Place", placeName(r, ["location", "admin2", "admin1", "country"]), "location", r);
    fact(list, "Geo precision", r.geo_precision ? GEO_PRECISION[r.geo_precision] || r.geo_precision : null, null, r);
    fact(list, "Coordinates", r.latitude != null ? r.latitude.toFixed(4) + ", " + r.longitude.toFixed(4) : null, null, r);
    fact(list, "Fatalities", r.fatalities != null ? countText(r.fatalities, r.qualifier, r.fatalities_low, r.fatalities_high) : "not reported", "fatalities", r);
    fact(list, "Injured", r.injured != null ? fmt(r.injured) : (r.injured_mentioned ? "mentioned, no number" : null), "injured", r);
    fact(list, "Notes", r.notes, null, r);
    fact(list, "Confidence", r.confidence != null ? Math.round(r.confidence * 100) + "%" : null, null, r);
    fact(list, "Source", [r.source, r.published ? "published " + r.published : null].filter(Boolean).join(", "), null, r);
    if (r.url) {
      list.appendChild(el("dt", { text: "URL" }));
      list.appendChild(el("dd", null, [el("a", { href: safeUrl(r.url), rel: "noopener noreferrer", target: "_blank", text: r.url })]));
    }
    if (r.incident_id) fact(list, "Incident", r.incident_id, null, r);
  }

  // "Idlib, Idlib, Syria" reads badly: each distinct name once, most specific first.
  function placeName(r, keys) {
    var seen = {};
    return keys.map(function (k) { return r[k]; }).filter(function (v) {
      if (!v || seen[v]) return false;
      seen[v] = true;
      return true;
    }).join(", ");
  }

  function safeUrl(url) { return /^https?:\/\//i.test(url) ? url : "#"; }

  function countText(value, qualifier, low, high) {
    var text = (qualifier && qualifier !== "exact" ? QUALIFIER[qualifier] + " " : "") + fmt(value);
    if (low != null && high != null && low !== high) text += " (range " + fmt(low) + "–" + fmt(high) + ")";
    return text;
  }

  function renderRevisions(r) {
    var revisions = r.revisions || [];
    var box = $("detail-revisions"), list = $("revision-chain");
    list.textContent = "";
    box.hidden = !revisions.length;
    if (!revisions.length) return;
    revisions.forEach(function (rev) {
      var button = el("button", { type: "button", text: fmt(rev.value), title: rev.span ? "“" + rev.span.text + "”" : "" });
      if (rev.span) button.addEventListener("click", function () { flashSpan(rev.span.start); });
      list.appendChild(el("li", null, [button]));
    });
    var current = el("button", { type: "button", class: "current", text: fmt(r.fatalities), title: "the figure kept" });
    var spans = (r.evidence && r.evidence.fatalities) || [];
    if (spans.length) current.addEventListener("click", function () { flashSpan(spans[spans.length - 1].start); });
    list.appendChild(el("li", null, [current]));
  }

  function renderSources(r) {
    var sources = r.sources_quoted || [];
    $("detail-sources").hidden = !sources.length;
    var list = $("sources-list");
    list.textContent = "";
    sources.forEach(function (s) { list.appendChild(el("li", { text: s })); });
  }

  function evidenceOf(record) {
    var evidence = {};
    Object.keys(record.evidence || {}).forEach(function (field) { evidence[field] = record.evidence[field] || []; });
    var revSpans = (record.revisions || []).map(function (rev) { return rev.span; }).filter(Boolean);
    if (revSpans.length) evidence.revisions = (evidence.revisions || []).concat(revSpans);
    return evidence;
  }

  function renderArticle(doc, record) {
    var a = doc.article || {};
    $("article-meta").textContent = [a.title, a.source, a.published].filter(Boolean).join(" · ");
    var text = doc.text;
    var evidence = evidenceOf(record);
    var spans = [];
    Object.keys(evidence).forEach(function (field) {
      evidence[field].forEach(function (s) {
        if (s && s.start >= 0 && s.end > s.start && s.end <= text.length) spans.push({ field: field, start: s.start, end: s.end });
      });
    });
    var box = $("article-text");
    box.textContent = "";
    box.classList.remove("focus");
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = Array.from(new Set(cuts)).sort(function (x, y) { return x - y; });
    var frag = document.createDocumentFragment();
    for (var i = 0; i < cuts.length - 1; i++) {
      var a0 = cuts[i], a1 = cuts[i + 1];
      var piece = text.slice(a0, a1);
      var covering = spans.filter(function (s) { return s.start <= a0 && s.end >= a1; });
      if (!covering.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      covering.sort(function (x, y) { return (x.end - x.start) - (y.end - y.start); });
      var fields = Array.from(new Set(covering.map(function (s) { return s.field; })));
      var mark = el("mark", {
        "data-fields": fields.join(" "),
        "data-start": String(a0),
        title: fields.map(function (f) { return fieldInfo(f).label; }).join(", "),
        class: fields.length > 1 ? "multi" : "",
        style: { background: fieldInfo(fields[0]).colour },
      }, [piece]);
      frag.appendChild(mark);
    }
    box.appendChild(frag);
    renderEvidenceLegend(spans);
  }

  function renderEvidenceLegend(spans) {
    var list = $("evidence-legend");
    list.textContent = "";
    var counts = {};
    spans.forEach(function (s) { counts[s.field] = (counts[s.field] || 0) + 1; });
    var fields = Object.keys(counts).sort(function (x, y) { return fieldInfo(x).order - fieldInfo(y).order; });
    if (!fields.length) { list.appendChild(el("li", { text: "No evidence spans recorded for this record." })); return; }
    fields.forEach(function (field) {
      var item = el("li", { "data-field": field, title: "Show only this field's evidence" }, [
        el("span", { class: "key", style: { background: fieldInfo(field).colour } }),
        fieldInfo(field).label + (counts[field] > 1 ? " ×" + counts[field] : ""),
      ]);
      item.addEventListener("mouseenter", function () { focusField(field); });
      item.addEventListener("mouseleave", function () { focusField(null); });
      item.addEventListener("click", function () {
        var first = document.querySelector('#article-text mark[data-fields~="' + field + '"]');
        if (first) flashMark(first);
      });
      list.appendChild(item);
    });
  }

  function focusField(field) {
    var box = $("article-text");
    box.classList.toggle("focus", !!field);
    box.querySelectorAll("mark").forEach(function (m) {
      m.classList.toggle("focused", !!field && m.dataset.fields.split(" ").indexOf(field) >= 0);
    });
  }

  function flashSpan(start) {
    var marks = document.querySelectorAll("#article-text mark");
    for (var i = 0; i < marks.length; i++) {
      if (Number(marks[i].dataset.start) >= start) { flashMark(marks[i]); return; }
    }
  }

  function flashMark(mark) {
    mark.scrollIntoView({ block: "center", behavior: "smooth" });
    mark.classList.add("flash");
    setTimeout(function () { mark.classList.remove("flash"); }, 1400);
  }

  function renderOthers(doc, record) {
    var list = $("others-list");
    list.textContent = "";
    var others = [];
    doc.events.forEach(function (e) {
      if (e.event_id !== record.event_id) others.push([e.event_id, (e.sub_event_type || e.event_type) + (e.event_date ? ", " + e.event_date : "") + (e.fatalities != null ? ", " + fmt(e.fatalities) + " killed" : "")]);
    });
    doc.figures.forEach(function (f) {
      if (f.figure_id !== record.figure_id) others.push([f.figure_id, fmt(f.value) + " " + (f.unit || "people") + " " + f.figure_type + ([f.location, f.admin1, f.country].filter(Boolean).length ? " in " + [f.location, f.admin1, f.country].filter(Boolean)[0] : "")]);
    });
    $("detail-others").hidden = !others.length;
    others.forEach(function (o) {
      var button = el("button", { type: "button", text: o[1] });
      button.addEventListener("click", function () {
        if (markers[o[0]] || state.events.some(function (e) { return e.event_id === o[0]; })) {
          state.selected = o[0];
          highlightSelection();
        }
        showDetail(doc, o[0]);
      });
      list.appendChild(el("li", null, [button]));
    });
  }

  function closeDetail() {
    $("detail").hidden = true;
    $("layout").classList.remove("with-detail");
    state.selected = null;
    highlightSelection();
    history.replaceState(null, "", window.location.pathname + window.location.search);
    if (map) setTimeout(function () { map.invalidateSize(); renderTimeline(); }, 0);
  }

  // ---------------------------------------------------------------- start

  function init() {
    renderLegends();
    var typeSelect = $("filters").elements.type;
    TYPES.forEach(function (t) { typeSelect.appendChild(el("option", { value: t[0], text: t[0] })); });
    initTable();
    initBrush();
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadEvents(); });
    $("filters").addEventListener("reset", function () { setTimeout(loadEvents, 0); });
    $("detail-close").addEventListener("click", closeDetail);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !$("detail").hidden) closeDetail(); });
    var resizeTimer = null;
    window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(renderTimeline, 150); });
    var basemap = initMap();
    loadSummary().then(function () { return Promise.all([basemap, loadEvents()]); }).then(function () {
      document.body.dataset.ready = "true";   // for tests and screenshots: data and basemap are drawn
      openLinkedEvent();
      // A link to another event pasted into this tab changes only the hash: follow it too.
      window.addEventListener("hashchange", openLinkedEvent);
    });
  }

  function openLinkedEvent() {
    var linked = /^#event=([0-9a-f]+)$/.exec(window.location.hash);   // a shared link to one event
    if (linked && linked[1] !== state.selected) openEvent(linked[1]);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
