/* sitroom map page. Works offline: Leaflet and the basemap are served by the app itself.
 * Every string that comes from the store (article text, titles, outlets, names, quotes) is untrusted:
 * it is only ever inserted with textContent / createTextNode, never as HTML. */
(function () {
  "use strict";

  var DAY = 86400000;
  var MAX_EVENTS = 5000;  // the page is for a region and a season; use the API or an export for more
  var MAX_ARTICLES = 20000;  // publication days read for the time axis
  var FENCE = 3;  // a day further than FENCE middle-half spreads from the middle half is an outlier
  var MIN_SPREAD_DAYS = 14;  // the middle half of a burst of reports on one day still spans this much
  var LEAD_DAYS = 31;  // the axis starts this much before the first report when its events lie there
  var state = { events: [], byId: {}, control: null, day: null, from: null, mode: "upto", lo: undefined, hi: undefined,
    tab: "control", f: { type: "", sub: "", actor: "", cert: "", outlet: "", bg: false, q: "" },
    selected: null, place: null, markers: {}, playing: null };

  // ---------------------------------------------------------------- helpers (DOM, never HTML)
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") e.textContent = attrs[k];
        else if (k === "cls") e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function dayNum(iso) { return Math.floor(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error((body && body.error && body.error.detail) || ("HTTP " + r.status));
        return body;
      });
    });
  }
  function status(msg) { $("status").textContent = msg; }
  function certBadge(c) { return el("span", { cls: "cert cert-" + String(c || "reported").replace(/[^a-z]/g, ""), text: c || "reported" }); }
  function sourceText(ev) {
    if (!ev) return "—";
    var s = ev.source || "";
    if (ev.relayed_by) s = s ? s + " via " + ev.relayed_by : ev.relayed_by;
    return s || "the outlet's own report";
  }

  // ---------------------------------------------------------------- colours
  var HOLDER_COLOURS = { "taliban": "#c62828", "afg-gov": "#1565c0", "afg-forces": "#1e88e5", "afg-gov-forces": "#1e88e5" };
  var PALETTE = ["#6a1b9a", "#2e7d32", "#ef6c00", "#00838f", "#5d4037", "#ad1457", "#9e9d24", "#283593"];
  function hash(s) { var h = 0; for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return Math.abs(h); }
  function holderColour(id) {
    if (!id) return "#777";
    if (HOLDER_COLOURS[id]) return HOLDER_COLOURS[id];
    if (/^afg/.test(id)) return "#1565c0";
    return PALETTE[hash(id) % PALETTE.length];
  }
  var TYPE_COLOURS = {
    "Battles": "#d32f2f", "Explosions/Remote violence": "#f57c00", "Violence against civilians": "#7b1fa2",
    "Protests": "#388e3c", "Riots": "#5d4037", "Strategic developments": "#0288d1", "Displacement": "#00796b",
    "Negotiation": "#455a64"
  };
  function typeColour(t) { return TYPE_COLOURS[t] || "#616161"; }

  // ---------------------------------------------------------------- map
  var map = L.map("map", { zoomControl: true, attributionControl: true, preferCanvas: false }).setView([34.0, 66.0], 6);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders and provinces: Natural Earth (public domain)");
  var basemap = L.layerGroup().addTo(map);
  var provinceLayer = L.layerGroup().addTo(map);
  var eventLayer = L.layerGroup().addTo(map);
  var controlLayer = L.layerGroup().addTo(map);
  var provinces = [];  // {feature, layer} for each province polygon (shaded by who holds its capital)
  map.createPane("base").style.zIndex = 300;  // country outlines, under everything
  map.createPane("provinces").style.zIndex = 350;  // province boundaries and shading, under the markers (400)
  map.createPane("controls").style.zIndex = 410;  // who holds a place: large circles
  map.createPane("events").style.zIndex = 420;  // event dots above the circles, so none hides under one

  function loadBasemap() {
    return getJSON("/static/basemap.geojson").then(function (gj) {
      L.geoJSON(gj, {
        interactive: false,
        pane: "base",
        style: function (f) {
          var af = f.properties && f.properties.name === "Afghanistan";
          return { color: af ? "#37474f" : "#78909c", weight: af ? 1.6 : 0.8, fillColor: af ? "#fffdf5" : "#eceae4", fillOpacity: 1 };
        }
      }).addTo(basemap);
    }).catch(function () { status("basemap missing"); });
  }

  function loadProvinces() {
    return getJSON("/static/provinces.geojson").then(function (gj) {
      L.geoJSON(gj, {
        interactive: false,
        pane: "provinces",
        filter: function (f) { return f.properties && f.properties.kind === "admin1-lines"; },
        style: function () { return { color: "#90a4ae", weight: 0.7, opacity: 0.9, dashArray: "3 3", fill: false }; }
      }).addTo(basemap);
      L.geoJSON(gj, {
        pane: "provinces",
        filter: function (f) { return f.properties && f.properties.kind === "province"; },
        style: function () { return { color: "#78909c", weight: 0.9, fillOpacity: 0, fillColor: "#fff" }; },
        onEachFeature: function (f, layer) {
          layer.bindTooltip(tip(f.properties.name || "province"), { sticky: true, className: "province-label" });
          provinces.push({ feature: f, layer: layer });
        }
      }).addTo(provinceLayer);
    }).catch(function () { status("province boundaries missing"); });
  }

  function shadeProvinces(c) {
    var byCapital = {}, byProvince = {};
    c.places.forEach(function (p) {
      if (!p.gazetteer_id) return;
      if (p.capital === "provincial") byCapital[p.gazetteer_id] = p;
      if (p.kind === "province") byProvince[p.gazetteer_id] = p;
    });
    provinces.forEach(function (pr) {
      var f = pr.feature.properties;
      var held = byCapital[f.capital_id] || byProvince[f.gazetteer_id];
      var path = pr.layer.getElement && pr.layer.getElement();
      if (held) {
        pr.layer.setStyle({ fillColor: holderColour(held.holder), fillOpacity: held.status === "held" ? 0.32 : 0.14 });
        pr.layer.setTooltipContent(tip((f.name || "province") + ": capital " + held.place + " held by " +
          (held.holder_name || held.holder) + (held.status !== "held" ? " (" + held.status + ")" : "") + " since " + (held.since || "?")));
      } else {
        pr.layer.setStyle({ fillOpacity: 0 });
        pr.layer.setTooltipContent(tip((f.name || "province") + ": no change of hands recorded"));
      }
      if (path) {
        path.setAttribute("data-province", f.name || "");
        path.setAttribute("data-holder", held ? held.holder || "" : "");
      }
    });
  }

  function tip(text) { return el("span", { text: text }); }

  // ---------------------------------------------------------------- data
  function loadPages(url, cap, each) {
    var n = 0;
    function page(offset) {
      return getJSON(url + (url.indexOf("?") < 0 ? "?" : "&") + "limit=1000&offset=" + offset).then(function (p) {
        p.items.forEach(each);
        n += p.items.length;
        if (p.next_offset !== null && n < cap) return page(p.next_offset);
        return p.next_offset !== null;
      });
    }
    return page(0);
  }
  function loadEvents() {
    var out = [];
    return loadPages("/api/events", MAX_EVENTS, function (e) { out.push(e); }).then(function (more) {
      state.truncated = more;
      return out;
    });
  }
  // the publication days of the store's articles: the reporting window the time axis spans
  function loadPublished() {
    var out = [];
    return loadPages("/api/articles", MAX_ARTICLES, function (a) {
      var d = a.published ? dayNum(String(a.published).slice(0, 10)) : NaN;
      if (isFinite(d)) out.push(d);
    }).then(function () { return out; });
  }

  // The days a list of days mostly covers: values far outside the middle half (a misread year, a date in the
  // past history of a place, a typo in a feed) are left out, so one outlier cannot stretch the axis.
  function robustSpan(days) {
    days = days.filter(function (d) { return isFinite(d); }).sort(function (a, b) { return a - b; });
    if (!days.length) return null;
    function q(p) { return days[Math.round(p * (days.length - 1))]; }
    var q1 = q(0.25), q3 = q(0.75), spread = Math.max(q3 - q1, MIN_SPREAD_DAYS);
    var kept = days.filter(function (d) { return d >= q1 - FENCE * spread && d <= q3 + FENCE * spread; });
    return { lo: kept[0], hi: kept[kept.length - 1], left_out: days.length - kept.length };
  }

  function timeDomain(published, events) {
    var evDays = events.filter(function (e) { return e.date; }).map(function (e) { return dayNum(e.date); });
    var w = robustSpan(published) || robustSpan(evDays);
    if (!w) { var today = dayNum(new Date().toISOString().slice(0, 10)); return { lo: today, hi: today }; }
    // the events the window's reports tell of may lie a little before its first report
    var lo = w.lo;
    evDays.forEach(function (d) { if (d < lo && d >= w.lo - LEAD_DAYS) lo = d; });
    return { lo: lo, hi: w.hi };
  }

  // ---------------------------------------------------------------- filters and the URL
  var FILTER_SELECTS = { type: "f-type", sub: "f-sub", actor: "f-actor", cert: "f-cert", outlet: "f-outlet" };

  function actorKey(id, name) { return id || name || ""; }
  function passes(e) {
    var f = state.f;
    if (f.type && e.event_type !== f.type) return false;
    if (f.sub && e.sub_event_type !== f.sub) return false;
    if (f.actor && actorKey(e.actor1, e.actor1_name) !== f.actor && actorKey(e.actor2, e.actor2_name) !== f.actor) return false;
    if (f.cert && (e.certainty || "reported") !== f.cert) return false;
    if (f.outlet && ((e.evidence && e.evidence.outlet) || "") !== f.outlet) return false;
    if (f.bg && e.background) return false;
    if (f.q) {
      var hay = [e.place, e.admin1, e.actor1, e.actor1_name, e.actor2, e.actor2_name].join("\n").toLowerCase();
      if (hay.indexOf(f.q.toLowerCase()) < 0) return false;
    }
    return true;
  }
  function inTime(e) {
    if (!e.date) return false;
    var d = dayNum(e.date);
    return d <= state.day && (state.mode !== "range" || d >= state.from);
  }

  function fillSelect(id, options, current) {
    var s = $(id);
    s.replaceChildren(el("option", { value: "", text: "all" }));
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0], text: o[1] + (o[2] ? " (" + o[2] + ")" : "") })); });
    s.value = current || "";
    if (s.value !== (current || "")) {  // a value the data does not hold (an old link): keep it, visibly
      s.appendChild(el("option", { value: current, text: current + " (none)" }));
      s.value = current;
    }
  }
  function tally(key) {
    var n = {}, label = {};
    state.events.forEach(function (e) {
      key(e).forEach(function (kv) { if (!kv || !kv[0]) return; n[kv[0]] = (n[kv[0]] || 0) + 1; label[kv[0]] = kv[1]; });
    });
    return Object.keys(n).sort(function (a, b) { return n[b] - n[a] || (label[a] < label[b] ? -1 : 1); })
      .map(function (k) { return [k, label[k], n[k]]; });
  }
  function fillFilters() {
    var f = state.f;
    fillSelect("f-type", tally(function (e) { return [[e.event_type, e.event_type]]; }), f.type);
    fillSelect("f-sub", tally(function (e) {
      return (!f.type || e.event_type === f.type) ? [[e.sub_event_type, e.sub_event_type]] : [];
    }), f.sub);
    fillSelect("f-actor", tally(function (e) {
      return [[actorKey(e.actor1, e.actor1_name), e.actor1_name || e.actor1], [actorKey(e.actor2, e.actor2_name), e.actor2_name || e.actor2]];
    }), f.actor);
    fillSelect("f-cert", tally(function (e) { return [[e.certainty || "reported", e.certainty || "reported"]]; }), f.cert);
    fillSelect("f-outlet", tally(function (e) { var o = e.evidence && e.evidence.outlet; return [[o, o]]; }), f.outlet);
    $("f-bg").checked = !!f.bg;
    $("search").value = f.q || "";
  }
  function fillSearchNames() {
    var names = {};
    state.events.forEach(function (e) {
      [e.place, e.admin1, e.actor1_name, e.actor2_name].forEach(function (n) { if (n) names[n] = 1; });
    });
    ((state.control && state.control.places) || []).forEach(function (p) { names[p.place] = 1; });
    var dl = $("search-names");
    dl.replaceChildren();
    Object.keys(names).sort().forEach(function (n) { dl.appendChild(el("option", { value: n })); });
  }

  function writeURL() {
    var p = new URLSearchParams();
    if (state.mode === "range") { p.set("from", isoDay(state.from)); p.set("to", isoDay(state.day)); }
    else p.set("day", isoDay(state.day));
    if (state.tab !== "control") p.set("tab", state.tab);
    Object.keys(FILTER_SELECTS).concat(["q"]).forEach(function (k) { if (state.f[k]) p.set(k, state.f[k]); });
    if (state.f.bg) p.set("bg", "hide");
    if (state.selected) p.set("event", state.selected);
    else if (state.place) p.set("place", state.place);
    history.replaceState(null, "", location.pathname + "?" + p.toString());
  }
  function readURL(p) {
    Object.keys(FILTER_SELECTS).concat(["q"]).forEach(function (k) { state.f[k] = p.get(k) || ""; });
    state.f.bg = p.get("bg") === "hide";
    var tab = p.get("tab");
    if (tab && $("tab-" + tab)) state.tab = tab;
    function day(k) { var v = p.get(k); var n = v && /^\d{4}-\d\d-\d\d$/.test(v) ? dayNum(v) : NaN; return isFinite(n) ? clampDay(n) : null; }
    if (p.get("from") || p.get("to")) {
      state.mode = "range";
      state.day = day("to") !== null ? day("to") : state.hi;
      state.from = day("from") !== null ? day("from") : state.lo;
    } else {
      state.mode = "upto";
      state.day = day("day") !== null ? day("day") : state.hi;
      state.from = state.lo;
    }
  }
  function clampDay(n) { return Math.max(state.lo, Math.min(state.hi, n)); }

  // ---------------------------------------------------------------- events
  function drawEvents() {
    eventLayer.clearLayers();
    state.markers = {};
    var list = $("event-list");
    list.replaceChildren();
    $("events-title").textContent = state.mode === "range"
      ? "Events from " + isoDay(state.from) + " to " + isoDay(state.day) : "Events up to " + isoDay(state.day);
    var shown = state.events.filter(function (e) { return inTime(e) && passes(e); });
    shown.sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; });
    shown.forEach(function (e) {
      var label = (e.sub_event_type || e.event_type) + ": " + (e.actor1_name || e.actor1 || "?") +
        (e.actor2_name ? " → " + e.actor2_name : "") + (e.place ? " @ " + e.place : "");
      if (e.lat !== null && e.lon !== null && !e.background) {
        var m = L.circleMarker([e.lat, e.lon], { pane: "events", radius: 5, color: e.corrected ? "#d81b60" : "#222", weight: e.corrected ? 2.5 : 1, fillColor: typeColour(e.event_type), fillOpacity: 0.9 });
        m.bindTooltip(tip(e.date + " · " + label + (e.corrected ? " · corrected" : "")));
        m.on("click", function () { openEvent(e.id); });
        m.addTo(eventLayer);
        state.markers[e.id] = m;
      }
      var li = el("li", { cls: "clickable event-item" }, [
        el("div", {}, [el("span", { cls: "meta", text: e.date + " " }), el("strong", { text: label })]),
        el("div", { cls: "meta" }, [certBadge(e.certainty), " " + sourceText(e.evidence) + (e.evidence && e.evidence.outlet ? " · " + e.evidence.outlet : "") + (e.background ? " · background" : "")])
      ]);
      li.dataset.eventId = e.id;
      li.dataset.date = e.date;
      li.dataset.type = e.event_type;
      li.dataset.sub = e.sub_event_type || "";
      li.dataset.actors = actorKey(e.actor1, e.actor1_name) + "|" + actorKey(e.actor2, e.actor2_name);
      li.dataset.outlet = (e.evidence && e.evidence.outlet) || "";
      li.dataset.certainty = e.certainty || "reported";
      li.dataset.background = e.background ? "1" : "0";
      if (e.corrected) { li.classList.add("corrected"); li.appendChild(el("div", { cls: "meta corrected-mark", text: "✎ " + (e.correction || "corrected") })); }
      if (state.selected === e.id) li.classList.add("selected");
      li.addEventListener("click", function () { openEvent(e.id); });
      list.appendChild(li);
    });
    list.dataset.count = String(shown.length);
    if (!shown.length) list.appendChild(el("li", { cls: "meta", text: "No dated events match." }));
  }

  // ---------------------------------------------------------------- the events-over-time chart
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); });
    return e;
  }
  function chartGeom() {
    var svg = $("chart");
    var w = svg.clientWidth || 600, h = svg.clientHeight || 64, n = state.hi - state.lo + 1;
    var bin = Math.max(1, Math.ceil(n / Math.max(20, Math.floor(w / 5))));  // at least 5 px a bar
    return { w: w, h: h, n: n, bin: bin, bins: Math.ceil(n / bin), px: w / n };
  }
  function drawChart(sel) {
    var svg = $("chart"), g = chartGeom();
    svg.replaceChildren();
    svg.setAttribute("viewBox", "0 0 " + g.w + " " + g.h);
    var counts = [], types = {}, max = 1, axis = 12;
    state.events.forEach(function (e) {
      if (!e.date || !passes(e)) return;
      var d = dayNum(e.date);
      if (d < state.lo || d > state.hi) return;
      var b = Math.floor((d - state.lo) / g.bin);
      counts[b] = counts[b] || {};
      counts[b][e.event_type] = (counts[b][e.event_type] || 0) + 1;
      types[e.event_type] = 1;
    });
    counts.forEach(function (c) { if (c) { var t = 0; for (var k in c) t += c[k]; max = Math.max(max, t); } });
    var order = Object.keys(types).sort();
    var x0 = function (d) { return (d - state.lo) * g.px; };
    var a = state.mode === "range" ? state.from : state.lo;
    if (sel) a = sel[0];
    var b2 = sel ? sel[1] : state.day;
    svg.appendChild(svgEl("rect", { "class": "sel", x: x0(a), y: 0, width: Math.max(1, x0(b2 + 1) - x0(a)), height: g.h - axis }));
    counts.forEach(function (c, i) {
      if (!c) return;
      var y = g.h - axis;
      order.forEach(function (t) {
        if (!c[t]) return;
        var hgt = c[t] / max * (g.h - axis - 4);
        y -= hgt;
        var r = svgEl("rect", { x: x0(state.lo + i * g.bin) + 0.5, y: y, width: Math.max(1, g.bin * g.px - 1), height: hgt, fill: typeColour(t) });
        r.appendChild(svgEl("title", { text: isoDay(state.lo + i * g.bin) + (g.bin > 1 ? " (" + g.bin + " days)" : "") + ": " + c[t] + " " + t }));
        svg.appendChild(r);
      });
    });
    svg.appendChild(svgEl("line", { "class": "cursor", x1: x0(state.day + 1), x2: x0(state.day + 1), y1: 0, y2: g.h - axis }));
    // month ticks
    var d = state.lo, last = -1e9;
    for (; d <= state.hi; d++) {
      var iso = isoDay(d);
      if (iso.slice(8) === "01" || d === state.lo) {
        if (x0(d) - last < 48) continue;
        svg.appendChild(svgEl("text", { x: x0(d) + 2, y: g.h - 2, text: iso.slice(0, 7) }));
        last = x0(d);
      }
    }
    svg.dataset.lo = isoDay(state.lo);
    svg.dataset.hi = isoDay(state.hi);
    svg.dataset.binDays = String(g.bin);
  }
  function chartDay(evt) {
    var r = $("chart").getBoundingClientRect(), g = chartGeom();
    var x = Math.max(0, Math.min(r.width - 0.01, evt.clientX - r.left));
    return clampDay(state.lo + Math.floor(x / r.width * g.n));
  }
  function wireChart() {
    var wrap = $("chart-wrap"), start = null;
    wrap.addEventListener("pointerdown", function (evt) {
      start = chartDay(evt);
      if (wrap.setPointerCapture) wrap.setPointerCapture(evt.pointerId);
      drawChart([start, start]);
    });
    wrap.addEventListener("pointermove", function (evt) {
      if (start === null) return;
      var d = chartDay(evt);
      drawChart([Math.min(start, d), Math.max(start, d)]);
    });
    wrap.addEventListener("pointerup", function (evt) {
      if (start === null) return;
      var d = chartDay(evt), a = Math.min(start, d), b = Math.max(start, d);
      start = null;
      if (a === b) {  // a click: that day (up to it, or the end of the range)
        if (state.mode === "range" && a < state.from) state.from = a;
        update(a);
      } else {
        setMode("range", a);
        update(b);
      }
    });
  }

  // ---------------------------------------------------------------- control: places and their history
  function placeMatches(p) {
    var q = (state.f.q || "").toLowerCase();
    if (!q) return true;
    return [p.place, p.admin1, p.holder, p.holder_name].join("\n").toLowerCase().indexOf(q) >= 0;
  }
  function drawControl(c) {
    controlLayer.clearLayers();
    var list = $("control-list");
    list.replaceChildren();
    $("control-day").textContent = c.at || "—";
    c.places.forEach(function (p) {
      var holder = p.holder_name || p.holder || "unknown";
      var line = p.place + " — " + (p.status === "held" ? "held" : p.status === "unconfirmed" ? "claimed (unconfirmed)" : p.status) + " by " + holder + " since " + (p.since || "?") + (p.approximate ? "; location approximate (the point of its region)" : "") + " (click for its history)";
      if (p.lat !== null && p.lon !== null) {
        var claimed = p.status === "claimed", contested = p.status === "contested";
        var m = L.circleMarker([p.lat, p.lon], {
          pane: "controls", radius: p.approximate ? 8 : 11, color: contested ? "#ff9800" : "#111", weight: contested || claimed ? 2.5 : 1.5,
          dashArray: contested || claimed || p.approximate ? "4 3" : null, fillColor: holderColour(p.holder), fillOpacity: contested || claimed ? 0.25 : 0.55
        });
        m.bindTooltip(tip(line), { className: "place-label" });
        m.on("click", function () { openPlace(p.place); });
        m.addTo(controlLayer);
        var path = m.getElement && m.getElement();
        if (path) { path.setAttribute("data-place", p.place); path.classList.add("place-marker"); }
      }
      if (!placeMatches(p)) return;
      var children = [
        el("div", {}, [el("strong", { cls: "place-name", text: p.place }), " — held by ",
          el("span", { cls: "holder", text: holder }),
          p.status !== "held" ? el("span", { cls: "status-contested", text: " (" + p.status + ")" }) : null]),
        el("div", { cls: "meta", text: "since " + (p.since || "?") + (p.kind ? " · " + p.kind : "") + (p.admin1 ? " · " + p.admin1 : "") + (p.approximate ? " · location approximate" : "") +
          " · " + p.history.length + " change" + (p.history.length === 1 ? "" : "s") + " of hands" })
      ];
      p.pockets.forEach(function (k) {
        children.push(el("div", { cls: "meta", text: (k.actor_name || k.actor) + " still holds " + (k.facility || "part of it") + " (" + (k.evidence.certainty || "") + ")" }));
      });
      var li = el("li", { cls: "clickable control-item" }, children);
      li.dataset.place = p.place;
      li.dataset.holder = p.holder || "";
      li.dataset.status = p.status;
      li.addEventListener("click", function () { openPlace(p.place); });
      list.appendChild(li);
    });
    if (!c.places.length) list.appendChild(el("li", { cls: "meta", text: "No place changed hands up to this day." }));
    shadeProvinces(c);
    list.dataset.at = c.at || "";
    drawLegend(c);
    if (state.place && !$("place-panel").hidden) openPlace(state.place, true);
  }

  // the first report of a change of hands that the page lists (a change's sources are event reports)
  function changeTarget(h) {
    var t = null;
    (h.sources || []).forEach(function (src) { if (!t && src.uid && state.byId[src.uid]) t = src.uid; });
    return t;
  }

  function openPlace(name, keepScroll) {
    var p = state.control && state.control.places.filter(function (x) { return x.place === name; })[0];
    var panel = $("place-panel");
    if (!p) { panel.hidden = true; return Promise.resolve(); }
    state.place = name;
    state.selected = null;
    $("event-panel").hidden = true;
    panel.hidden = false;
    panel.dataset.place = name;
    writeURL();
    $("place-title").textContent = name + " — who held it up to " + (state.control.at || "?");
    var facts = $("place-facts");
    facts.replaceChildren();
    function row(k, v) { facts.appendChild(el("dt", { text: k })); facts.appendChild(el("dd", {}, [v])); }
    row("Held by", (p.holder_name || p.holder || "unknown") + (p.status !== "held" ? " (" + p.status + ")" : ""));
    row("Since", (p.since || "?") + (p.learned ? " (first reported " + p.learned + ")" : ""));
    row("Place", (p.kind || "place") + (p.capital ? ", " + p.capital + " capital" : "") + (p.admin1 ? " · " + p.admin1 : "") + (p.country ? " · " + p.country : ""));
    var hist = $("place-history");
    hist.replaceChildren();
    p.history.slice().reverse().forEach(function (h) {
      var target = changeTarget(h);
      var outlets = {};
      (h.sources || []).forEach(function (s) { if (s.outlet) outlets[s.outlet] = 1; });
      var li = el("li", { cls: "history-item" + (target ? " clickable" : "") }, [
        el("div", { cls: "change", text: (h.date || "?") + ": " + (h.previous_name || h.previous || "?") + " → " + (h.holder_name || h.holder) +
          (h.status && h.status !== "held" ? " (" + h.status + ")" : "") }),
        el("div", { cls: "meta" }, [certBadge(h.evidence.certainty), " " + (h.kind || "") + (h.learned ? " · first reported " + h.learned : "") +
          " · " + (h.sources || []).length + " report(s)" + (Object.keys(outlets).length ? " · " + Object.keys(outlets).join(", ") : "")]),
        el("div", { cls: "ev", text: h.evidence.sentence || "" })
      ]);
      if (target) li.addEventListener("click", function () { openEvent(target); });
      hist.appendChild(li);
    });
    if (!p.history.length) hist.appendChild(el("li", { cls: "meta", text: "No change of hands recorded; known from control statements." }));
    p.pockets.forEach(function (k) {
      hist.appendChild(el("li", { cls: "meta", text: (k.actor_name || k.actor) + " still holds " + (k.facility || "part of it") + " since " + (k.since || "?") }));
    });
    var last = p.history.length ? p.history[p.history.length - 1].evidence : (p.evidence[0] || null);
    $("place-article-title").textContent = "";
    $("place-article").replaceChildren();
    if (!keepScroll && p.lat !== null && p.lon !== null) map.panTo([p.lat, p.lon]);
    if (!last || !last.article_id) return Promise.resolve();
    return getJSON("/api/articles/" + encodeURIComponent(last.article_id)).then(function (a) {
      if (state.place !== name) return;
      $("place-article-title").textContent = "Evidence: " + (a.title || "(untitled)") + " — " + (a.outlet || "unknown outlet") + (a.published ? ", " + a.published : "");
      renderArticle(a.text, last, "place-article", "place-evidence-mark");
    }).catch(function (err) { $("place-article").textContent = "article unavailable: " + err.message; });
  }

  // ---------------------------------------------------------------- legend
  function legendRow(swatch, text) { return el("div", {}, [swatch, text]); }
  function ring(fill, border, dashed, opacity) {
    var s = el("span", { cls: "ring" });
    s.style.background = fill;
    s.style.opacity = String(opacity);
    s.style.border = (dashed ? "2px dashed " : "1.5px solid ") + border;
    return s;
  }
  function drawLegend(c) {
    var lg = $("legend");
    var open = lg.firstChild ? lg.firstChild.open : window.innerWidth > 760;
    lg.replaceChildren();
    var box = el("details", {}, [el("summary", { text: "Legend" })]);
    box.open = open;
    lg.appendChild(box);
    box.appendChild(el("h4", { text: "Places: who holds them on " + (c.at || "—") }));
    var seen = {};
    c.places.forEach(function (p) {
      if (seen[p.holder]) return;
      seen[p.holder] = 1;
      box.appendChild(legendRow(ring(holderColour(p.holder), "#111", false, 0.8), p.holder_name || p.holder || "unknown"));
    });
    box.appendChild(legendRow(ring("#999", "#111", false, 0.8), "held (reported)"));
    box.appendChild(legendRow(ring("#999", "#111", true, 0.45), "claimed by a party, lighter"));
    box.appendChild(legendRow(ring("#999", "#ff9800", true, 0.45), "contested (reports disagree), lighter"));
    if (provinces.length) {
      var sq = el("span", { cls: "swatch sq" });
      sq.style.background = "rgba(198,40,40,.32)";
      var sq2 = el("span", { cls: "swatch sq" });
      sq2.style.background = "rgba(198,40,40,.14)";
      box.appendChild(el("div", { cls: "meta" }, [sq, "province: its capital held by that colour"]));
      box.appendChild(el("div", { cls: "meta" }, [sq2, "province: capital claimed or contested"]));
    }
    box.appendChild(el("h4", { text: "Events (small dots) by type" }));
    var types = {};
    state.events.forEach(function (e) { types[e.event_type] = 1; });
    Object.keys(types).sort().forEach(function (t) {
      var sw = el("span", { cls: "swatch dot" });
      sw.style.background = typeColour(t);
      box.appendChild(legendRow(sw, t));
    });
    box.appendChild(el("div", { cls: "meta", text: "Background events (history a report recalls) are listed, not mapped." }));
  }

  // ---------------------------------------------------------------- time
  function setMode(mode, from) {
    state.mode = mode;
    $("mode").value = mode;
    $("date-from").hidden = mode !== "range";
    if (mode === "range") state.from = clampDay(from !== undefined ? from : Math.min(state.from, state.day));
  }
  var pending = 0;
  function update(n) {
    state.day = clampDay(n);
    if (state.mode === "range" && state.from > state.day) state.from = state.day;
    var iso = isoDay(state.day);
    $("date-slider").value = String(state.day);
    $("date-from").value = String(state.from);
    $("date-label").textContent = state.mode === "range" ? isoDay(state.from) + " – " + iso : iso;
    drawEvents();
    drawChart();
    writeURL();
    var ticket = ++pending;
    return getJSON("/api/control?at=" + iso).then(function (c) {
      if (ticket !== pending) return;
      state.control = c;
      drawControl(c);
    }).catch(function (err) { status("control: " + err.message); });
  }
  function refresh() {  // the filters changed
    fillFilters();
    drawEvents();
    drawChart();
    if (state.control) drawControl(state.control);
    writeURL();
  }

  // ---------------------------------------------------------------- the event panel
  function openEvent(id) {
    var e = state.byId[id];
    if (!e) return Promise.resolve();
    state.selected = id;
    state.place = null;
    $("place-panel").hidden = true;
    writeURL();
    Array.prototype.forEach.call(document.querySelectorAll(".event-item"), function (li) {
      li.classList.toggle("selected", li.dataset.eventId === id);
    });
    var panel = $("event-panel");
    panel.hidden = false;
    panel.dataset.eventId = id;
    $("panel-title").textContent = (e.sub_event_type ? e.event_type + " / " + e.sub_event_type : e.event_type);
    var facts = $("panel-facts");
    facts.replaceChildren();
    function row(k, v) { facts.appendChild(el("dt", { text: k })); facts.appendChild(el("dd", {}, [v])); }
    row("Who", (e.actor1_name || e.actor1 || "?") + (e.actor2_name || e.actor2 ? " → " + (e.actor2_name || e.actor2) : ""));
    row("Where", (e.place || "not stated") + (e.place_kind ? " (" + e.place_kind + (e.country ? ", " + e.country : "") + ")" : ""));
    row("When", (e.date || "?") + (e.background ? " (background)" : ""));
    if (e.targets && e.targets.length) row("Targets", e.targets.join(", "));
    row("Certainty", certBadge(e.certainty));
    row("Outlet", e.evidence.outlet || "—");
    row("Source", sourceText(e.evidence));
    var ev = el("span", { cls: "ev", id: "panel-evidence", text: e.evidence.sentence || "—" });
    row("Evidence", ev);
    if (e.corrected) row("Corrected", el("span", { cls: "corrected-mark", text: e.correction || "yes" }));
    $("panel-article-title").textContent = "";
    $("panel-article").replaceChildren();
    $("panel-reports").replaceChildren(el("li", { cls: "meta", text: "loading…" }));
    $("panel-disputes").replaceChildren();
    var reports = getJSON("/api/events/" + encodeURIComponent(id) + "/situation").then(function (s) {
      if (state.selected === id) drawReports(s, id);
    }).catch(function (err) { $("panel-reports").replaceChildren(el("li", { cls: "meta", text: "reports unavailable: " + err.message })); });
    if (!e.article_id) return reports;
    var article = getJSON("/api/articles/" + encodeURIComponent(e.article_id)).then(function (a) {
      if (state.selected !== id) return;
      $("panel-article-title").textContent = (a.title || "(untitled)") + " — " + (a.outlet || "unknown outlet") + (a.published ? ", " + a.published : "");
      renderArticle(a.text, e.evidence, "panel-article", "evidence-mark");
    }).catch(function (err) { $("panel-article").textContent = "article unavailable: " + err.message; });
    return Promise.all([reports, article]);
  }

  // the happening across articles: every report of it, and what they disagree on
  function drawReports(s, id) {
    var list = $("panel-reports");
    list.replaceChildren();
    $("panel-reports-title").textContent = "Reports of this happening: " + s.corroboration + " independent" +
      (s.carriers > s.corroboration ? ", " + s.carriers + " copies" : "") + (s.outlets.length ? " · " + s.outlets.join(", ") : "");
    s.reports.forEach(function (r) {
      var li = el("li", { cls: "report-item" + (r.uid === id ? " this-report" : "") }, [
        el("div", { cls: "meta" }, [(r.published || "?") + " · " + (r.outlet || "unknown outlet") + " · " + sourceText(r) + " ",
          certBadge(r.certainty), r.uid === id ? el("strong", { text: " (this report)" }) : null]),
        el("div", { cls: "ev", text: r.sentence || "" })
      ]);
      li.dataset.uid = r.uid || "";
      if (r.uid && r.uid !== id && state.byId[r.uid]) {
        li.classList.add("clickable");
        li.addEventListener("click", function () { openEvent(r.uid); });
      }
      list.appendChild(li);
    });
    var box = $("panel-disputes");
    box.replaceChildren();
    Object.keys(s.alternatives).sort().forEach(function (field) {
      var versions = s.alternatives[field];
      box.appendChild(el("h3", { cls: "dispute", text: "Disputed: " + field.replace(/^counts\./, "count of ") }));
      var ul = el("ul", { cls: "list disputes" });
      versions.forEach(function (v) {
        ul.appendChild(el("li", { cls: "dispute-item" }, [
          el("strong", { text: String(v.value) }),
          " — " + v.reports.length + " report" + (v.reports.length === 1 ? "" : "s") +
            (v.outlets.length ? " (" + v.outlets.join(", ") + ")" : "") + (v.sources.length ? "; according to " + v.sources.join(", ") : "")
        ]));
      });
      box.appendChild(ul);
    });
  }

  function renderArticle(text, ev, boxId, markId) {
    var box = $(boxId);
    box.replaceChildren();
    var s = ev && ev.start, t = ev && ev.end;
    if (!(typeof s === "number" && typeof t === "number" && text.slice(s, t) === ev.sentence)) {
      s = ev && ev.sentence ? text.indexOf(ev.sentence) : -1;
      t = s >= 0 ? s + ev.sentence.length : -1;
    }
    if (s < 0) { box.appendChild(document.createTextNode(text)); return; }
    var mark = el("mark", { id: markId, text: text.slice(s, t) });
    box.appendChild(document.createTextNode(text.slice(0, s)));
    box.appendChild(mark);
    box.appendChild(document.createTextNode(text.slice(t)));
    box.scrollTop = Math.max(0, mark.offsetTop - 40);  // scroll the article box only, not the panel
  }

  // ---------------------------------------------------------------- claims, forecasts, quotes
  function drawClaims(p) {
    var list = $("claims-list");
    list.replaceChildren();
    p.items.forEach(function (c) {
      var val = c.value !== null ? " " + (c.comparator && c.comparator !== "=" ? c.comparator + " " : "") + c.value + (c.unit ? " " + c.unit : "") : "";
      list.appendChild(el("li", { cls: "claim-item", "data-fact": c.id }, [
        el("div", {}, [el("strong", { text: (c.kind || "claim") + ": " }), (c.what || "") + val + (c.also_stated ? " (also: " + c.also_stated + ")" : "")]),
        el("div", { cls: "meta" }, [certBadge(c.evidence.certainty), " " + (c.actor_name ? "by " + c.actor_name + " · " : "") + sourceText(c.evidence)]),
        el("div", { cls: "ev", text: c.evidence.sentence || "" }),
        el("div", { cls: "verdict" }, [el("span", { cls: "verdict-" + String(c.verdict || "").replace(/[^a-z]/g, ""), text: c.verdict || "not checked" })]),
        el("ul", { cls: "reasoning" }, (c.reasoning || []).map(function (step) { return el("li", { text: step }); }))
      ]));
    });
    if (!p.items.length) list.appendChild(el("li", { cls: "meta", text: "No claims." }));
  }
  function drawForecasts(p) {
    var list = $("forecasts-list");
    list.replaceChildren();
    p.items.forEach(function (f) {
      list.appendChild(el("li", { cls: "forecast-item", "data-fact": f.id }, [
        el("div", {}, [el("strong", { text: (f.by || "?") + ": " }), (f.actor_name || f.actor || "") + " " + (f.what || "")]),
        el("div", { cls: "meta", text: (f.modality || "") + (f.horizon_days ? " · within " + f.horizon_days + " days" : "") + (f.deadline ? " · by " + f.deadline : "") + (f.made_on ? " · made " + f.made_on : "") }),
        el("div", { cls: "ev", text: f.evidence.sentence || "" }),
        el("div", { cls: "outcome" }, [el("span", { cls: "status-" + String(f.status || "open").replace(/[^a-z]/g, ""), text: f.status || "open" }), " " + outcomeText(f)])
      ]));
    });
    if (!p.items.length) list.appendChild(el("li", { cls: "meta", text: "No forecasts." }));
  }
  function outcomeText(f) {
    if (f.status === "hit" && f.outcome) {
      var o = f.outcome;
      return "— " + (o.sub_event_type || "it happened") + (o.place ? " at " + o.place : "") + " on " + (o.date || "?") +
        (f.lead_days !== null ? ", " + f.lead_days + " days before the deadline" : "") + " (" + (o.corroboration || 0) + " report(s))";
    }
    if (f.unresolvable) return "— cannot be resolved: " + f.unresolvable;
    if (f.status === "miss") return "— the deadline passed without it";
    return "— not yet due";
  }
  function drawStories(p) {
    var list = $("stories-list");
    list.replaceChildren();
    p.items.forEach(function (st) {
      var li = el("li", { cls: "story-item" }, [
        el("div", {}, [el("span", { cls: "meta", text: (st.published || "?") + " " }), el("strong", { text: st.title || "(untitled)" }),
          " — " + (st.outlet || "unknown outlet")]),
        el("div", { cls: "meta", text: st.carriers.length + " carrier" + (st.carriers.length === 1 ? "" : "s") })
      ]);
      var ul = el("ul", { cls: "carriers" });
      st.carriers.forEach(function (c) {
        ul.appendChild(el("li", { text: (c.published || "?") + " · " + (c.outlet || "unknown outlet") + " · " + (c.relation || "") +
          (c.similarity !== null && c.relation === "near" ? " (similarity " + c.similarity.toFixed(2) + ")" : "") }));
      });
      li.appendChild(ul);
      list.appendChild(li);
    });
    if (!p.items.length) list.appendChild(el("li", { cls: "meta", text: "No stories." }));
  }
  // an attribution's mode: only a direct one is shown in quotation marks (a paraphrase is the outlet's words, a mixed
  // one carries its own marks around the quoted part)
  var MODE_LABEL = { direct: "quoted", mixed: "partly quoted", indirect: "paraphrase" };
  function quoteFacts(q) {
    var links = (q.facts || []).map(function (f) {
      var e = f.kind === "events" ? state.byId[f.id] : null;
      if (e) {  // the store knows it and the map has it: open it
        var b = el("button", { type: "button", cls: "fact-link", "data-fact": f.id,
          text: (e.sub_event_type || e.event_type || "event") + (e.place ? " at " + e.place : "") + (e.date ? ", " + e.date : "") });
        b.addEventListener("click", function () { openEvent(f.id); });
        return b;
      }
      var label = String(f.kind || "fact").replace(/s$/, "") + " " + String(f.id).split(":").pop();
      if (f.kind === "claims" || f.kind === "forecasts") {  // listed in its own tab: go there and show it
        var t = el("button", { type: "button", cls: "fact-link", "data-fact": f.id, "data-kind": f.kind, text: label });
        t.addEventListener("click", function () { openListed(f.kind, f.id); });
        return t;
      }
      if (f.kind === "control" && f.place) return controlLink(f);
      return el("span", { cls: "fact-ref", text: label });
    });
    if (!links.length) return null;
    var kids = ["Facts inside: "];
    links.forEach(function (l, i) { if (i) kids.push(", "); kids.push(l); });
    return el("div", { cls: "meta quote-facts" }, kids);
  }
  // a change of control a quote's content holds: the place and side as text; a button when the control tab lists
  // the place (it opens there, the place marked and its history shown)
  function controlLink(f) {
    var text = "control: " + f.place + (f.facility ? " (" + f.facility + ")" : "") + " " + (f.status || "held") + " by " + (f.side || "?");
    var listed = state.control && state.control.places.some(function (p) { return p.place === f.place; });
    if (!listed) return el("span", { cls: "fact-ref control-ref", "data-fact": f.id, text: text });
    var b = el("button", { type: "button", cls: "fact-link", "data-fact": f.id, "data-kind": "control", "data-place": f.place, text: text });
    b.addEventListener("click", function () { openControl(f.place); });
    return b;
  }
  function openControl(name) {
    showTab("control");
    var shown = state.control && state.control.places.some(function (p) { return p.place === name; });
    return (shown ? Promise.resolve() : update(state.hi)).then(function () {  // not held on the day shown: the last day
      Array.prototype.forEach.call(document.querySelectorAll("#control-list > li"), function (li) {
        var hit = li.dataset.place === name;
        li.classList.toggle("linked", hit);
        if (hit) li.scrollIntoView({ block: "nearest" });
      });
      return openPlace(name);
    });
  }
  // a claim or forecast a quote's content holds: its tab, the item scrolled into view and marked
  function openListed(kind, id) {
    showTab(kind);
    writeURL();
    var items = document.querySelectorAll("#" + kind + "-list > li");
    Array.prototype.forEach.call(items, function (li) {
      var hit = li.getAttribute("data-fact") === id;
      li.classList.toggle("linked", hit);
      if (hit) li.scrollIntoView({ block: "nearest" });
    });
  }
  function drawQuotes(p) {
    var list = $("quotes-list");
    list.replaceChildren();
    p.items.forEach(function (q) {
      var mode = MODE_LABEL[q.mode] ? q.mode : "direct";
      var said = mode === "direct" ? "“" + (q.text || "") + "”" : (q.text || "");
      list.appendChild(el("li", { cls: "quote-item", "data-mode": mode }, [
        el("div", {}, [el("strong", { text: q.speaker || "?" }), q.role ? " (" + q.role + ")" : "", q.outlet ? " to " + q.outlet : ""]),
        el("div", { cls: "meta" }, [el("span", { cls: "quote-mode mode-" + mode, text: MODE_LABEL[mode] }), " · cue ",
          el("span", { cls: "quote-cue", text: q.cue || "—" }),
          q.source && q.source !== q.speaker ? " · source as written: " + q.source : ""]),
        el("div", { cls: "ev quote-text quote-" + mode, text: said }),
        quoteFacts(q)
      ]));
    });
    if (!p.items.length) list.appendChild(el("li", { cls: "meta", text: "No quotes." }));
  }

  // ---------------------------------------------------------------- wiring
  function showTab(name) {
    state.tab = name;
    Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (x) { x.classList.toggle("active", x.dataset.tab === name); });
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (t) { t.classList.toggle("active", t.id === "tab-" + name); });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (b) {
    b.addEventListener("click", function () { showTab(b.dataset.tab); writeURL(); });
  });
  $("panel-close").addEventListener("click", function () { $("event-panel").hidden = true; state.selected = null; writeURL(); });
  $("place-close").addEventListener("click", function () { $("place-panel").hidden = true; state.place = null; writeURL(); });
  $("date-slider").addEventListener("input", function () { update(parseInt(this.value, 10)); });
  $("date-from").addEventListener("input", function () {
    state.from = clampDay(Math.min(parseInt(this.value, 10), state.day));
    update(state.day);
  });
  $("mode").addEventListener("change", function () { setMode(this.value, state.lo); update(state.day); });
  Object.keys(FILTER_SELECTS).forEach(function (k) {
    $(FILTER_SELECTS[k]).addEventListener("change", function () {
      state.f[k] = this.value;
      if (k === "type") state.f.sub = "";  // a sub-type belongs to its type
      refresh();
    });
  });
  $("f-bg").addEventListener("change", function () { state.f.bg = this.checked; refresh(); });
  $("search").addEventListener("change", function () {
    var q = this.value.trim(), ql = q.toLowerCase();
    var place = ((state.control && state.control.places) || []).filter(function (p) { return p.place.toLowerCase() === ql; })[0];
    var actor = null;
    state.events.forEach(function (e) {
      [[e.actor1, e.actor1_name], [e.actor2, e.actor2_name]].forEach(function (a) {
        if (!actor && a[1] && a[1].toLowerCase() === ql) actor = actorKey(a[0], a[1]);
      });
    });
    if (actor && !place) { state.f.actor = actor; state.f.q = ""; }
    else state.f.q = q;
    refresh();
    if (place) { openPlace(place.place); return; }
    var at = state.events.filter(function (e) { return e.place && e.place.toLowerCase() === ql && e.lat !== null && e.lon !== null; })[0];
    if (at) map.setView([at.lat, at.lon], Math.max(map.getZoom(), 8));
  });
  $("reset").addEventListener("click", function () {
    Object.keys(state.f).forEach(function (k) { state.f[k] = k === "bg" ? false : ""; });
    refresh();
  });
  $("play").addEventListener("click", function () {
    if (state.playing) { clearInterval(state.playing); state.playing = null; return; }
    var n = state.mode === "range" ? state.from : state.lo;
    state.playing = setInterval(function () {
      if (n > state.hi) { clearInterval(state.playing); state.playing = null; return; }
      update(n++);
    }, 700);
  });
  window.addEventListener("resize", function () { if (state.lo !== undefined) drawChart(); });
  wireChart();

  Promise.all([loadBasemap().then(loadProvinces), loadEvents(), getJSON("/api/control"), getJSON("/api/claims?limit=1000"),
    getJSON("/api/forecasts?limit=1000"), getJSON("/api/quotes?limit=1000"), getJSON("/api/stories?limit=1000"),
    loadPublished()]).then(function (r) {
    var events = r[1], control = r[2];
    state.events = events;
    state.control = control;
    events.forEach(function (e) { state.byId[e.id] = e; });
    var dom = timeDomain(r[7], events);
    state.lo = dom.lo;
    state.hi = dom.hi;
    ["date-slider", "date-from"].forEach(function (id) { $(id).min = String(dom.lo); $(id).max = String(dom.hi); });
    var params = new URLSearchParams(location.search);
    readURL(params);
    setMode(state.mode, state.from);
    showTab(state.tab);
    fillFilters();
    fillSearchNames();
    drawClaims(r[3]);
    drawForecasts(r[4]);
    drawQuotes(r[5]);
    drawStories(r[6]);
    var pts = control.places.filter(function (p) { return p.lat !== null && p.lon !== null; }).map(function (p) { return [p.lat, p.lon]; });
    if (!pts.length) pts = events.filter(function (e) { return e.lat !== null && e.lon !== null && !e.background; }).map(function (e) { return [e.lat, e.lon]; });
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 7 });
    return update(state.day).then(function () {
      if (params.get("event") && state.byId[params.get("event")]) return openEvent(params.get("event"));
      if (params.get("place")) return openPlace(params.get("place"));
    });
  }).then(function () {
    status(state.events.length + " events" + (state.truncated ? " (first " + MAX_EVENTS + " only)" : "") +
      " · reports " + isoDay(state.lo) + " to " + isoDay(state.hi));
    document.body.dataset.ready = "1";
  }).catch(function (err) { status("error: " + err.message); });
})();
