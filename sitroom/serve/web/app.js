/* sitroom map page. Works offline: Leaflet and the basemap are served by the app itself.
 * Every string that comes from the store (article text, titles, outlets, names, quotes) is untrusted:
 * it is only ever inserted with textContent / createTextNode, never as HTML. */
(function () {
  "use strict";

  var DAY = 86400000;
  var MAX_EVENTS = 5000;  // the page is for a region and a season; use the API or an export for more
  var state = { events: [], byId: {}, control: null, day: null, selected: null, markers: {}, playing: null };

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
        pr.layer.setStyle({ fillColor: holderColour(held.holder), fillOpacity: held.status === "held" ? 0.32 : 0.18 });
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
  function loadEvents() {
    var out = [];
    function page(offset) {
      return getJSON("/api/events?limit=1000&offset=" + offset).then(function (p) {
        out = out.concat(p.items);
        if (p.next_offset !== null && out.length < MAX_EVENTS) return page(p.next_offset);
        state.truncated = p.next_offset !== null;
        return out;
      });
    }
    return page(0);
  }

  function drawEvents() {
    eventLayer.clearLayers();
    state.markers = {};
    var list = $("event-list");
    list.replaceChildren();
    var shown = state.events.filter(function (e) { return e.date && dayNum(e.date) <= state.day; });
    shown.sort(function (a, b) { return a.date < b.date ? 1 : a.date > b.date ? -1 : 0; });
    shown.forEach(function (e) {
      var label = (e.sub_event_type || e.event_type) + ": " + (e.actor1_name || e.actor1 || "?") +
        (e.actor2_name ? " → " + e.actor2_name : "") + (e.place ? " @ " + e.place : "");
      if (e.lat !== null && e.lon !== null && !e.background) {
        var m = L.circleMarker([e.lat, e.lon], { radius: 5, color: e.corrected ? "#d81b60" : "#222", weight: e.corrected ? 2.5 : 1, fillColor: typeColour(e.event_type), fillOpacity: 0.9 });
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
      if (e.corrected) { li.classList.add("corrected"); li.appendChild(el("div", { cls: "meta corrected-mark", text: "✎ " + (e.correction || "corrected") })); }
      if (state.selected === e.id) li.classList.add("selected");
      li.addEventListener("click", function () { openEvent(e.id); });
      list.appendChild(li);
    });
    if (!shown.length) list.appendChild(el("li", { cls: "meta", text: "No dated events up to this day." }));
  }

  function drawControl(c) {
    controlLayer.clearLayers();
    var list = $("control-list");
    list.replaceChildren();
    $("control-day").textContent = c.at || "—";
    c.places.forEach(function (p) {
      var holder = p.holder_name || p.holder || "unknown";
      var line = p.place + " — held by " + holder + (p.status === "contested" ? " (contested)" : "");
      if (p.lat !== null && p.lon !== null) {
        var m = L.circleMarker([p.lat, p.lon], {
          radius: 11, color: p.status === "contested" ? "#ff9800" : "#111", weight: p.status === "contested" ? 3 : 1.5,
          dashArray: p.status === "contested" ? "4 3" : null, fillColor: holderColour(p.holder), fillOpacity: 0.55
        });
        m.bindTooltip(tip(line), { className: "place-label" });
        m.addTo(controlLayer);
      }
      var children = [
        el("div", {}, [el("strong", { cls: "place-name", text: p.place }), " — held by ",
          el("span", { cls: "holder", text: holder }),
          p.status === "contested" ? el("span", { cls: "status-contested", text: " (contested)" }) : null]),
        el("div", { cls: "meta", text: "since " + (p.since || "?") + (p.kind ? " · " + p.kind : "") })
      ];
      p.pockets.forEach(function (k) {
        children.push(el("div", { cls: "meta", text: (k.actor_name || k.actor) + " still holds " + (k.facility || "part of it") + " (" + (k.evidence.certainty || "") + ")" }));
      });
      // the place opens the first report of its latest change of hands (a change's event_id names the merged
      // happening; its sources are the event reports the page lists)
      var last = p.history.length ? p.history[p.history.length - 1] : null;
      var target = null;
      (last ? last.sources || [] : []).forEach(function (src) { if (!target && src.uid && state.byId[src.uid]) target = src.uid; });
      var li = el("li", { cls: target ? "clickable control-item" : "control-item" }, children);
      li.dataset.place = p.place;
      li.dataset.holder = p.holder || "";
      li.dataset.status = p.status;
      if (target) li.addEventListener("click", function () { openEvent(target); });
      list.appendChild(li);
    });
    if (!c.places.length) list.appendChild(el("li", { cls: "meta", text: "No place changed hands up to this day." }));
    shadeProvinces(c);
    list.dataset.at = c.at || "";
    drawLegend(c);
  }

  function drawLegend(c) {
    var lg = $("legend");
    lg.replaceChildren();
    lg.appendChild(el("h4", { text: "Held by (on " + (c.at || "—") + ")" }));
    var seen = {};
    c.places.forEach(function (p) {
      if (seen[p.holder]) return;
      seen[p.holder] = 1;
      var sw = el("span", { cls: "swatch" });
      sw.style.background = holderColour(p.holder);
      lg.appendChild(el("div", {}, [sw, p.holder_name || p.holder || "unknown"]));
    });
    if (provinces.length) {
      var sq = el("span", { cls: "swatch sq" });
      sq.style.background = "rgba(198,40,40,.32)";
      lg.appendChild(el("div", { cls: "meta" }, [sq, "province: shaded by who holds its capital"]));
    }
    lg.appendChild(el("h4", { text: "Events by type" }));
    var types = {};
    state.events.forEach(function (e) { types[e.event_type] = 1; });
    Object.keys(types).sort().forEach(function (t) {
      var sw = el("span", { cls: "swatch sq" });
      sw.style.background = typeColour(t);
      lg.appendChild(el("div", {}, [sw, t]));
    });
  }

  var pending = 0;
  function setDay(n) {
    state.day = n;
    var iso = isoDay(n);
    $("date-slider").value = String(n);
    $("date-label").textContent = iso;
    drawEvents();
    var ticket = ++pending;
    return getJSON("/api/control?at=" + iso).then(function (c) {
      if (ticket !== pending) return;
      state.control = c;
      drawControl(c);
    }).catch(function (err) { status("control: " + err.message); });
  }

  // ---------------------------------------------------------------- the event panel
  function openEvent(id) {
    var e = state.byId[id];
    if (!e) return Promise.resolve();
    state.selected = id;
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
      renderArticle(a.text, e.evidence);
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

  function renderArticle(text, ev) {
    var box = $("panel-article");
    box.replaceChildren();
    var s = ev && ev.start, t = ev && ev.end;
    if (!(typeof s === "number" && typeof t === "number" && text.slice(s, t) === ev.sentence)) {
      s = ev && ev.sentence ? text.indexOf(ev.sentence) : -1;
      t = s >= 0 ? s + ev.sentence.length : -1;
    }
    if (s < 0) { box.appendChild(document.createTextNode(text)); return; }
    var mark = el("mark", { id: "evidence-mark", text: text.slice(s, t) });
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
      list.appendChild(el("li", { cls: "claim-item" }, [
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
      list.appendChild(el("li", { cls: "forecast-item" }, [
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
  function drawQuotes(p) {
    var list = $("quotes-list");
    list.replaceChildren();
    p.items.forEach(function (q) {
      list.appendChild(el("li", { cls: "quote-item" }, [
        el("div", {}, [el("strong", { text: q.speaker || "?" }), q.role ? " (" + q.role + ")" : "", q.outlet ? " to " + q.outlet : ""]),
        el("div", { cls: "ev", text: "“" + (q.text || "") + "”" })
      ]));
    });
    if (!p.items.length) list.appendChild(el("li", { cls: "meta", text: "No quotes." }));
  }

  // ---------------------------------------------------------------- wiring
  Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (b) {
    b.addEventListener("click", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (x) { x.classList.toggle("active", x === b); });
      Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (t) { t.classList.toggle("active", t.id === "tab-" + b.dataset.tab); });
    });
  });
  $("panel-close").addEventListener("click", function () { $("event-panel").hidden = true; state.selected = null; });
  $("date-slider").addEventListener("input", function () { setDay(parseInt(this.value, 10)); });
  $("play").addEventListener("click", function () {
    var s = $("date-slider");
    if (state.playing) { clearInterval(state.playing); state.playing = null; return; }
    var n = parseInt(s.min, 10);
    state.playing = setInterval(function () {
      if (n > parseInt(s.max, 10)) { clearInterval(state.playing); state.playing = null; return; }
      setDay(n++);
    }, 700);
  });

  Promise.all([loadBasemap().then(loadProvinces), loadEvents(), getJSON("/api/control"), getJSON("/api/claims?limit=1000"),
    getJSON("/api/forecasts?limit=1000"), getJSON("/api/quotes?limit=1000"), getJSON("/api/stories?limit=1000")]).then(function (r) {
    var events = r[1], control = r[2];
    state.events = events;
    events.forEach(function (e) { state.byId[e.id] = e; });
    var days = events.filter(function (e) { return e.date; }).map(function (e) { return dayNum(e.date); });
    if (control.first) days.push(dayNum(control.first));
    if (control.last) days.push(dayNum(control.last));
    var lo = days.length ? Math.min.apply(null, days) : dayNum(new Date().toISOString().slice(0, 10));
    var hi = days.length ? Math.max.apply(null, days) : lo;
    var s = $("date-slider");
    s.min = String(lo);
    s.max = String(hi);
    drawClaims(r[3]);
    drawForecasts(r[4]);
    drawQuotes(r[5]);
    drawStories(r[6]);
    var pts = control.places.filter(function (p) { return p.lat !== null && p.lon !== null; }).map(function (p) { return [p.lat, p.lon]; });
    if (!pts.length) pts = events.filter(function (e) { return e.lat !== null && e.lon !== null && !e.background; }).map(function (e) { return [e.lat, e.lon]; });
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 7 });
    return setDay(hi);
  }).then(function () {
    status(state.events.length + " events" + (state.truncated ? " (first " + MAX_EVENTS + " only)" : ""));
    document.body.dataset.ready = "1";
  }).catch(function (err) { status("error: " + err.message); });
})();
