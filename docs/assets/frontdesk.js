/* Frontdesk: catalogue filters. The page lists every service without JavaScript;
   with it, the filters narrow the cards and keep their state in the URL. */
(function () {
  "use strict";

  var FIELDS = ["q", "category", "audience", "lifecycle", "tag", "retired"];

  function words(text) {
    return (text || "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function readState(form) {
    var data = new FormData(form);
    var state = {};
    FIELDS.forEach(function (name) {
      var value = data.get(name);
      if (value) { state[name] = String(value).trim(); }
    });
    return state;
  }

  function writeState(form, params) {
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      if (!field) { return; }
      var value = params.get(name) || "";
      if (field.type === "checkbox") {
        field.checked = value === "1";
      } else if (field.tagName === "SELECT") {
        var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
        field.value = known ? value : "";
      } else {
        field.value = value;
      }
    });
  }

  function matches(card, state) {
    var data = card.dataset;
    var showRetired = state.retired === "1" || state.lifecycle === "retired";
    if (data.lifecycle === "retired" && !showRetired) { return false; }
    if (state.category && data.category !== state.category) { return false; }
    if (state.lifecycle && data.lifecycle !== state.lifecycle) { return false; }
    if (state.audience && words(data.audience).indexOf(state.audience) < 0) { return false; }
    if (state.tag && words(data.tags).indexOf(state.tag) < 0) { return false; }
    return words(state.q).every(function (word) { return data.text.indexOf(word) >= 0; });
  }

  function apply(root, form, state) {
    var shown = 0;
    root.querySelectorAll(".fd-group").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll(".fd-card").forEach(function (card) {
        var show = matches(card, state);
        card.hidden = !show;
        if (show) { visible += 1; }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    var count = root.querySelector(".fd-count");
    if (count) {
      count.textContent = shown === 1 ? "1 service shown" : shown + " services shown";
    }
    var empty = root.querySelector(".fd-empty");
    if (empty) { empty.hidden = shown !== 0; }
  }

  function remember(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function setUp() {
    var root = document.querySelector(".fd-catalogue");
    var form = root && root.querySelector(".fd-filters");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    root.classList.add("fd-filtering");
    writeState(form, new URLSearchParams(window.location.search));
    apply(root, form, readState(form));

    function update() {
      var state = readState(form);
      apply(root, form, state);
      remember(state);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    window.addEventListener("popstate", function () {
      writeState(form, new URLSearchParams(window.location.search));
      apply(root, form, readState(form));
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
