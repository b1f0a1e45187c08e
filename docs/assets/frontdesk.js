/* Frontdesk: card filters, for the catalogue (.fd-catalogue), the free resources
   (.fd-resources), the roadmap (.fd-roadmap) and "You said, we did" (.fd-actions: department and
   service). The page lists every card without JavaScript;
   with it, the filters narrow the cards and keep their state in the URL, and what stands in for
   them without JavaScript (links to filtered pages, marked data-fd-without-script) is hidden. Each select named NAME keeps the cards
   whose data-NAME (or data-NAMEs) holds its value among its words; "find" matches data-text.
   (Not "q": Material opens its own search dialog for a ?q= in the address.)
   A large catalogue (or shelf of resources) lists a few cards per category (or kind); its
   filters search every entry in the JSON index named by data-index, and show the matches as cards. */
/* Runs setUp on every page: after each of Material's instant page loads, or once the page is ready. */
window.frontdeskOnEveryPage = function (setUp) {
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
};

(function () {
  "use strict";

  var RESULTS_PAGE = 60;
  var LIFECYCLE_NAMES = { pipeline: "Coming soon", live: "Available", retiring: "Retiring", retired: "Retired" };

  function words(text) {
    return (text || "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  // The names of a form's fields, in the order they appear.
  function fieldsOf(form) {
    var names = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && names.indexOf(field.name) < 0) { names.push(field.name); }
    });
    return names;
  }

  function readState(form) {
    var data = new FormData(form);
    var state = {};
    fieldsOf(form).forEach(function (name) {
      var value = data.get(name);
      if (value) { state[name] = String(value).trim(); }
    });
    return state;
  }

  function writeState(form, params) {
    fieldsOf(form).forEach(function (name) {
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

  function matches(data, state) {
    var showRetired = state.retired === "1" || state.lifecycle === "retired";
    if (data.lifecycle === "retired" && !showRetired) { return false; }
    var fits = Object.keys(state).every(function (name) {
      if (name === "find" || name === "retired") { return true; }
      var value = data[name] !== undefined ? data[name] : data[name + "s"];
      // Index entries hold lists (joined with commas by String); cards hold words.
      return words(String(value || "").replace(/,/g, " ")).indexOf(state[name]) >= 0;
    });
    return fits && words(state.find).every(function (word) { return (data.text || "").indexOf(word) >= 0; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // A card from a JSON index, like the ones on the page (text, never HTML): a service, with its
  // lifecycle, audience and cost, or a free resource, with its kind and the facts the index lists.
  function card(entry) {
    var item = element("li", entry.kind ? "fd-card fd-resource-card" : "fd-card");
    var title = element("h3", "fd-card__title");
    var link = element("a", "", entry.title);
    link.href = entry.url;
    title.appendChild(link);
    item.appendChild(title);
    item.appendChild(element("p", "fd-card__summary", entry.summary));
    var facts = element("p", "fd-card__facts");
    facts.appendChild(entry.kind
      ? element("span", "fd-badge fd-badge--kind", entry.kindText)
      : element("span", "fd-badge fd-badge--" + entry.lifecycle, LIFECYCLE_NAMES[entry.lifecycle]));
    (entry.facts || [["For:", entry.audienceText], ["Cost:", entry.cost]]).forEach(function (pair) {
      var fact = element("span", "fd-card__fact");
      if (pair[0]) {
        fact.appendChild(element("span", "fd-label", pair[0]));
        fact.appendChild(document.createTextNode(" "));
      }
      fact.appendChild(document.createTextNode(pair[1]));
      facts.appendChild(document.createTextNode(" "));
      facts.appendChild(fact);
    });
    item.appendChild(facts);
    return item;
  }

  function isFiltered(state) {
    return Object.keys(state).length > 0;
  }

  function showCount(root, shown) {
    var count = root.querySelector(".fd-count");
    var noun = root.dataset.noun || "service";
    if (count) {
      count.textContent = shown === 1 ? "1 " + noun + " shown" : shown + " " + noun + "s shown";
    }
    var empty = root.querySelector(".fd-empty");
    if (empty) { empty.hidden = shown !== 0; }
  }

  function filterCards(root, state) {
    var shown = 0;
    root.querySelectorAll(".fd-group").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll(".fd-card").forEach(function (item) {
        var show = matches(item.dataset, state);
        item.hidden = !show;
        if (show) { visible += 1; }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    showCount(root, shown);
  }

  function showResults(root, entries, state, limit) {
    var found = entries.filter(function (entry) { return matches(entry, state); });
    var list = root.querySelector(".fd-results");
    list.replaceChildren.apply(list, found.slice(0, limit).map(card));
    list.hidden = false;
    root.querySelectorAll(".fd-group").forEach(function (group) { group.hidden = true; });
    var more = root.querySelector(".fd-more");
    more.hidden = found.length <= limit;
    showCount(root, found.length);
    var count = root.querySelector(".fd-count");
    if (found.length > limit) { count.textContent += " (first " + limit + " listed)"; }
  }

  function showPreview(root) {
    root.querySelector(".fd-results").hidden = true;
    root.querySelector(".fd-more").hidden = true;
    root.querySelectorAll(".fd-group, .fd-card").forEach(function (node) { node.hidden = false; });
    var count = root.querySelector(".fd-count");
    count.textContent = "";
    root.querySelector(".fd-empty").hidden = true;
  }

  function apply(root, form, state) {
    if (!root.dataset.index) {
      filterCards(root, state);
      return;
    }
    if (!isFiltered(state)) {
      showPreview(root);
      return;
    }
    root.fdLimit = root.fdLimit || RESULTS_PAGE;
    if (!root.fdIndex) {
      root.fdIndex = fetch(root.dataset.index).then(function (response) {
        if (!response.ok) { throw new Error("cannot load " + root.dataset.index); }
        return response.json();
      });
    }
    root.fdIndex.then(function (entries) {
      // Only the latest filter state is shown, whatever order the promise resolves in.
      showResults(root, entries, readState(form), root.fdLimit);
    });
  }

  function remember(form, state) {
    var params = new URLSearchParams();
    fieldsOf(form).forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function setUp() {
    document.querySelectorAll(".fd-catalogue, .fd-resources, .fd-roadmap, .fd-actions").forEach(setUpFilters);
  }

  // On a phone the filters beside the text box fold behind a button: it says how many are active.
  function showActive(form, state) {
    var toggle = form.querySelector(".fd-filters__toggle");
    if (!toggle) { return; }
    var active = Object.keys(state).filter(function (name) { return name !== "find" && state[name]; }).length;
    toggle.textContent = active ? "Filters (" + active + " active)" : "Filters";
  }

  function setUpToggle(form) {
    var toggle = form.querySelector(".fd-filters__toggle");
    if (!toggle) { return; }
    toggle.addEventListener("click", function () {
      var open = form.classList.toggle("fd-filters--open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function setUpFilters(root) {
    var form = root.querySelector(".fd-filters");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    root.querySelectorAll("[data-fd-without-script]").forEach(function (node) { node.hidden = true; });
    root.classList.add("fd-filtering");
    writeState(form, new URLSearchParams(window.location.search));
    apply(root, form, readState(form));
    setUpToggle(form);
    showActive(form, readState(form));

    function update() {
      var state = readState(form);
      root.fdLimit = RESULTS_PAGE;
      apply(root, form, state);
      remember(form, state);
      showActive(form, state);
    }
    var more = root.querySelector(".fd-more button");
    if (more) {
      more.addEventListener("click", function () {
        root.fdLimit += RESULTS_PAGE;
        apply(root, form, readState(form));
      });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    window.addEventListener("popstate", function () {
      writeState(form, new URLSearchParams(window.location.search));
      apply(root, form, readState(form));
      showActive(form, readState(form));
    });
  }

  window.frontdeskOnEveryPage(setUp);
})();

/* Frontdesk: the /stats/ dashboard table. Without JavaScript it is a plain, complete table;
   with it, each column header becomes a button that sorts the rows (aria-sort says how),
   and a category filter narrows the rows. */
(function () {
  "use strict";

  function sortValue(row, column, type) {
    var cell = row.cells[column];
    var raw = cell ? cell.getAttribute("data-sort-value") : null;
    if (raw === null) { raw = cell ? cell.textContent.trim().toLowerCase() : ""; }
    if (raw === "") { return null; }
    return type === "number" ? parseFloat(raw) : raw;
  }

  function compare(a, b, direction) {
    // Cells without a figure go last whichever way the column is sorted.
    if (a.value === null || b.value === null) {
      return a.value === b.value ? a.index - b.index : (a.value === null ? 1 : -1);
    }
    var order = typeof a.value === "number" ? a.value - b.value : a.value.localeCompare(b.value);
    return order === 0 ? a.index - b.index : order * direction;
  }

  function sortBy(table, header, column) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var type = header.getAttribute("data-sort-type") || "text";
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row) {
      return { row: row, index: Number(row.dataset.order), value: sortValue(row, column, type) };
    });
    rows.sort(function (a, b) { return compare(a, b, ascending ? 1 : -1); });
    rows.forEach(function (item) { body.appendChild(item.row); });
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function filterRows(root, table, category) {
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var show = !category || row.dataset.category === category;
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    var count = root.querySelector(".fd-stats-count");
    if (count) { count.textContent = shown === 1 ? "1 service shown" : shown + " services shown"; }
  }

  function setUp() {
    var root = document.querySelector(".fd-dashboard");
    var table = root && root.querySelector("table.fd-stats-dashboard[data-sortable]");
    if (!table || table.dataset.ready) { return; }
    table.dataset.ready = "1";
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, index) { row.dataset.order = index; });
    table.querySelectorAll("thead th").forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fd-sort";
      button.textContent = header.textContent;
      header.replaceChildren(button);
      button.addEventListener("click", function () { sortBy(table, header, column); });
    });
    var form = root.querySelector(".fd-stats-filter");
    if (form) {
      var select = form.querySelector("select");
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      select.addEventListener("change", function () { filterRows(root, table, select.value); });
      filterRows(root, table, select.value);
    }
  }

  window.frontdeskOnEveryPage(setUp);
})();

/* When Material's search finds nothing, offer the service desk's contacts (a <template> on every
   page, from the settings), and make the page-not-found page's "Search the site" work by keyboard. */
(function () {
  "use strict";

  function offerHelp() {
    var output = document.querySelector(".md-search-result");
    var template = document.getElementById("fd-search-help");
    var input = document.querySelector(".md-search__input");
    if (!output || !template || !input) {
      return;
    }
    var list = output.querySelector(".md-search-result__list");
    var shown = output.querySelector(".fd-search-help");
    var empty = input.value.trim() !== "" && list && list.children.length === 0;
    if (empty && !shown) {
      output.appendChild(template.content.cloneNode(true));
    } else if (!empty && shown) {
      shown.remove();
    }
  }

  window.frontdeskOnEveryPage(function () {
    var output = document.querySelector(".md-search-result");
    if (output && !output.dataset.fdHelp) {
      output.dataset.fdHelp = "watched";
      new MutationObserver(offerHelp).observe(output, { childList: true, subtree: true, characterData: true });
    }
    document.querySelectorAll("[data-fd-open-search]").forEach(function (opener) {
      opener.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          opener.click();
        }
      });
      // The label opens Material's search dialog; the reader types at once.
      opener.addEventListener("click", function () {
        window.setTimeout(function () {
          var input = document.querySelector(".md-search__input");
          if (input) {
            input.focus();
          }
        }, 0);
      });
    });
  });
})();
