/* sitroom map page: the review panel of the selected fact (issue 19). Loaded after app.js; it watches the event
 * panel (#event-panel data-event-id) and shows the fact's history (the machine's version, each correction) with
 * a form to amend or reject it, or to revert the latest correction, through the API with a write token (kept for
 * the tab in sessionStorage). Strings from the store are inserted with textContent only, never as HTML. */
(function () {
  "use strict";

  var FIELDS = ["type", "sub_type", "actor1", "actor2", "place", "date", "fatalities", "certainty", "background"];
  var TOKEN_KEY = "sitroom-token";

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function fmt(v) {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "object") return v.name ? String(v.name) : JSON.stringify(v);  // a place record
    return String(v);
  }

  var panel = $("event-panel");
  if (!panel) return;
  var select = el("select", { id: "review-field", "aria-label": "field" },
    FIELDS.map(function (f) { return el("option", { value: f, text: f }); }));
  var section = el("section", { id: "review-panel", cls: "review" }, [
    el("h3", { text: "Review" }),
    el("div", { id: "review-status", cls: "meta", role: "status" }),
    el("ol", { id: "review-history", cls: "list history" }),
    el("form", { id: "review-form", cls: "review-form" }, [
      el("label", {}, ["Field ", select]),
      el("input", { id: "review-value", type: "text", placeholder: "new value", "aria-label": "new value" }),
      el("input", { id: "review-note", type: "text", placeholder: "note: why", "aria-label": "note" }),
      el("input", { id: "review-token", type: "password", placeholder: "write token", "aria-label": "write token",
        autocomplete: "off" }),
      el("div", { cls: "review-buttons" }, [
        el("button", { id: "review-amend", type: "submit", text: "Amend" }),
        el("button", { id: "review-reject", type: "button", text: "Reject" }),
        el("button", { id: "review-revert", type: "button", text: "Revert latest" })
      ])
    ])
  ]);
  var facts = $("panel-facts");
  facts.parentNode.insertBefore(section, facts.nextSibling);
  try { $("review-token").value = sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { /* storage off */ }

  var current = { id: null, history: null };

  function status(msg, bad) {
    var s = $("review-status");
    s.textContent = msg;
    s.classList.toggle("error", !!bad);
  }

  function drawHistory(h) {
    var list = $("review-history");
    list.replaceChildren();
    section.dataset.status = h.status;
    if (h.machine) {
      list.appendChild(el("li", { cls: "machine" }, [
        el("strong", { text: "machine: " }),
        Object.keys(h.machine).filter(function (k) { return k !== "summary"; }).map(function (k) {
          return k + "=" + fmt(h.machine[k]);
        }).join(", ")
      ]));
    }
    h.corrections.forEach(function (c) {
      var what = Object.keys(c.fields || {}).map(function (k) {
        var old = c.replaced && Object.prototype.hasOwnProperty.call(c.replaced, k) ? fmt(c.replaced[k]) + " → " : "";
        return k + ": " + old + fmt(c.fields[k]);
      }).join(", ");
      var li = el("li", { cls: "correction" + (c.status === "reverted" ? " reverted" : "") }, [
        el("span", { cls: "meta", text: "#" + c.id + " " + c.at + " " }),
        el("strong", { text: c.author + " " + c.action }),
        what ? " " + what : "",
        c.note ? el("div", { cls: "note", text: c.note }) : null,
        c.status === "reverted" ? el("span", { cls: "meta", text: " (reverted)" }) : null
      ]);
      li.dataset.correction = c.uuid;
      list.appendChild(li);
    });
    if (!h.corrections.length) list.appendChild(el("li", { cls: "meta", text: "not corrected" }));
    status("status: " + h.status);
  }

  function load(id) {
    current.id = id;
    section.dataset.factId = id;
    $("review-history").replaceChildren(el("li", { cls: "meta", text: "loading…" }));
    return fetch("/api/facts/" + encodeURIComponent(id) + "/history", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.error ? b.error.detail : r.statusText); return b; }); })
      .then(function (h) { if (current.id === id) { current.history = h; drawHistory(h); } })
      .catch(function (err) { status("history unavailable: " + err.message, true); });
  }

  function send(url, body) {
    var token = $("review-token").value.trim();
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* storage off */ }
    if (!token) { status("a write token is needed to correct", true); return Promise.resolve(); }
    status("saving…");
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (b) {
        if (!r.ok) throw new Error(b.error ? b.error.detail : r.statusText);
        return b;
      });
    }).then(function (c) {
      var id = current.id;
      return load(id).then(function () {
        status("saved correction #" + c.id + " by " + c.author + " (reload to see it on the map)");
        section.dataset.saved = String(c.id);
      });
    }).catch(function (err) { status("not saved: " + err.message, true); });
  }

  $("review-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!current.id) return;
    var set = {};
    set[select.value] = $("review-value").value;
    send("/api/facts/" + encodeURIComponent(current.id) + "/corrections",
      { action: "amend", set: set, note: $("review-note").value });
  });
  $("review-reject").addEventListener("click", function () {
    if (!current.id) return;
    send("/api/facts/" + encodeURIComponent(current.id) + "/corrections", { action: "reject", note: $("review-note").value });
  });
  $("review-revert").addEventListener("click", function () {
    var h = current.history;
    var live = h ? h.corrections.filter(function (c) { return c.status !== "reverted" && c.action !== "revert"; }) : [];
    if (!live.length) { status("nothing to revert", true); return; }
    send("/api/corrections/" + encodeURIComponent(live[live.length - 1].uuid) + "/revert", { note: $("review-note").value });
  });

  new MutationObserver(function () {
    var id = panel.dataset.eventId;
    if (id && id !== current.id && !panel.hidden) load(id);
    if (panel.hidden) current.id = null;
  }).observe(panel, { attributes: true, attributeFilter: ["data-event-id", "hidden"] });
})();
