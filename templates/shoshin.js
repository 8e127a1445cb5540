/* shoshin.js: the site's only script. Plain JavaScript, no third-party
   requests; every page is complete without it. It adds:
   - search: the header box lists matches as you type, the search page lists
     them all; the index (search-index.js) is loaded as a script on first use,
     so it works from file:// as well as over HTTP;
   - filters on lists marked data-filter (backlog, decision log);
   - sorting of tables marked data-sortable, and a newest or oldest first
     order for lists marked data-order;
   - the decision pages' sidebar of the decisions in force. */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}_-]+/gu;
  var SNIPPET = 180;
  var waiting = {};

  /* Loads a script once (a script element works from file:// too), then
     calls done; ready() says whether it has run already. */
  function loadScript(url, ready, done) {
    if (ready()) { done(); return; }
    if (waiting[url]) { waiting[url].push(done); return; }
    waiting[url] = [done];
    var script = document.createElement("script");
    script.src = url;
    script.onload = function () {
      var callbacks = waiting[url];
      delete waiting[url];
      callbacks.forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
  }

  function loadIndex(root, done) {
    loadScript(root + "search-index.js", function () { return !!window.SHOSHIN_SEARCH; },
      function () { done(window.SHOSHIN_SEARCH); });
  }

  /* Loads the text shards of `docs`, then calls done. */
  function loadTexts(root, index, docs, done) {
    var shards = [];
    docs.forEach(function (d) {
      var n = Math.floor(d / index.shard);
      if (shards.indexOf(n) < 0) { shards.push(n); }
    });
    var left = shards.length;
    if (!left) { done(); return; }
    shards.forEach(function (n) {
      loadScript(root + "search/text-" + n + ".js",
        function () { return !!(window.SHOSHIN_TEXT && window.SHOSHIN_TEXT[n]); },
        function () { left -= 1; if (!left) { done(); } });
    });
  }

  function textOf(index, d) {
    var shard = window.SHOSHIN_TEXT && window.SHOSHIN_TEXT[Math.floor(d / index.shard)];
    return (shard && shard[d % index.shard]) || "";
  }

  /* About SNIPPET characters of `text` around the first matched word. */
  function snippet(text, query_words) {
    var at = 0;
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(text)) !== null) {
      var lower = m[0].toLowerCase();
      if (query_words.some(function (q) { return lower.lastIndexOf(q, 0) === 0; })) { at = m.index; break; }
    }
    WORD.lastIndex = 0;
    var start = Math.max(0, at - 60);
    if (start > 0) { start = text.indexOf(" ", start) + 1 || start; }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) { end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end; }
    return (start > 0 ? "\u2026 " : "") + text.slice(start, end) + (end < text.length ? " \u2026" : "");
  }

  /* The same words as search.rs: lower case, stop words left out. */
  function words(text, stop) {
    var out = [];
    (text.toLowerCase().match(WORD) || []).forEach(function (w) {
      w = w.replace(/^[-_]+|[-_]+$/g, "");
      if (w.length >= 2 && stop.indexOf(w) < 0 && out.indexOf(w) < 0) { out.push(w); }
    });
    return out;
  }

  /* Best weight per document of the terms that start with `word` (an
     exact match counts double). */
  function matches(index, word) {
    var keys = index.keys || (index.keys = Object.keys(index.terms));
    var best = {};
    keys.forEach(function (k) {
      if (k.lastIndexOf(word, 0) !== 0) { return; }
      var list = index.terms[k], factor = k === word ? 2 : 1;
      for (var i = 0; i < list.length; i += 2) {
        var score = list[i + 1] * factor;
        if (!(best[list[i]] >= score)) { best[list[i]] = score; }
      }
    });
    return best;
  }

  /* Documents matching every word of the query, best first. A common word
     (in most records; the index keeps only its title matches) is not
     required, it only ranks. */
  function search(index, query) {
    var query_words = words(query, index.stop);
    var common = index.common_set;
    if (!common) {
      common = index.common_set = {};
      index.common.forEach(function (w) { common[w] = true; });
    }
    var ordered = query_words.filter(function (w) { return !common[w]; })
      .concat(query_words.filter(function (w) { return common[w]; }));
    var total = null;
    ordered.forEach(function (w) {
      var best = matches(index, w);
      if (total === null) { total = best; return; }
      var next = {};
      Object.keys(total).forEach(function (d) {
        if (d in best) { next[d] = total[d] + best[d]; } else if (common[w]) { next[d] = total[d]; }
      });
      total = next;
    });
    var docs = Object.keys(total || {}).map(Number);
    docs.sort(function (a, b) { return total[b] - total[a] || a - b; });
    return { words: query_words, docs: docs };
  }

  /* Appends `text` to `parent`, each word starting with a query word in <mark>. */
  function highlight(parent, text, query_words) {
    var last = 0;
    text.replace(WORD, function (word, at) {
      var lower = word.toLowerCase();
      if (query_words.some(function (q) { return lower.lastIndexOf(q, 0) === 0; })) {
        parent.appendChild(document.createTextNode(text.slice(last, at)));
        var mark = document.createElement("mark");
        mark.textContent = word;
        parent.appendChild(mark);
        last = at + word.length;
      }
      return word;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function element(name, className, text) {
    var e = document.createElement(name);
    if (className) { e.className = className; }
    if (text) { e.textContent = text; }
    return e;
  }

  /* One result: link with id and title, kind, status, snippet. */
  function result(doc, text, root, query_words) {
    var li = element("li", "search-result");
    var link = element("a");
    link.href = root + (doc[5] || doc[1] + "s/" + doc[0] + "/index.html");
    link.appendChild(element("span", "rid", doc[0]));
    link.appendChild(document.createTextNode(" "));
    highlight(link, doc[2], query_words);
    li.appendChild(link);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(element("span", "kind kind-" + doc[1], doc[1]));
    if (doc[3]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "badge badge-" + (doc[4] || "unknown"), doc[3]));
    }
    if (text) {
      var p = element("p", "snippet");
      highlight(p, snippet(text, query_words), query_words);
      li.appendChild(p);
    }
    return li;
  }

  function setUpSearch(form) {
    var root = form.getAttribute("data-root") || "";
    var input = form.querySelector("[data-search-input]");
    var list = form.querySelector("[data-search-results]") || document.querySelector("[data-search-results]");
    var status = document.querySelector("[data-search-status]");
    var popup = list && list.classList.contains("search-popup");
    if (!input || !list) { return; }
    function show() {
      var query = input.value;
      loadIndex(root, function (index) {
        if (input.value !== query) { return; }
        var found = search(index, query);
        var shown = popup ? found.docs.slice(0, 8) : found.docs.slice(0, 100);
        loadTexts(root, index, shown, function () {
          if (input.value === query) { render(index, found, shown); }
        });
      });
    }
    function render(index, found, shown) {
      var query = input.value;
      list.textContent = "";
      shown.forEach(function (d) { list.appendChild(result(index.docs[d], textOf(index, d), root, found.words)); });
      if (popup && found.docs.length > shown.length) {
        var more = element("li", "search-more");
        var link = element("a", "", "All " + found.docs.length + " results");
        link.href = root + "search/index.html?q=" + encodeURIComponent(query);
        more.appendChild(link);
        list.appendChild(more);
      }
      if (popup) { list.hidden = !found.words.length; }
      if (popup && found.words.length && !found.docs.length) {
        list.appendChild(element("li", "search-none", "No record matches."));
      }
      if (status) {
        status.textContent = !found.words.length ? "" : found.docs.length === 0 ? "No record matches \u201c" + query + "\u201d." :
          found.docs.length + " record" + (found.docs.length === 1 ? "" : "s") + " match \u201c" + query + "\u201d" +
          (found.docs.length > shown.length ? ", the first " + shown.length + " are shown." : ".");
      }
    }
    input.addEventListener("input", show);
    input.addEventListener("focus", function () { loadIndex(root, function () {}); });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && popup) { list.hidden = true; }
    });
    if (popup) {
      document.addEventListener("click", function (e) {
        if (!form.contains(e.target)) { list.hidden = true; }
      });
    }
    if (!popup) {
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) { input.value = q; show(); }
    }
  }

  /* Filters: one select per data-* key named in data-filter. */
  function setUpFilters(container) {
    var keys = container.getAttribute("data-filter").split(",");
    var rows = Array.prototype.slice.call(container.querySelectorAll("[data-id]"));
    var bar = element("div", "filters");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Filter the list");
    var count = element("p", "count");
    count.setAttribute("role", "status");
    var selects = [];
    keys.forEach(function (key) {
      var values = [];
      rows.forEach(function (row) {
        (row.getAttribute("data-" + key) || "").split(",").forEach(function (v) {
          if (v && values.indexOf(v) < 0) { values.push(v); }
        });
      });
      if (values.length < 2) { return; }
      values.sort(function (a, b) { return a.localeCompare(b); });
      var id = "filter-" + container.id + "-" + key;
      var label = element("label", "", key.charAt(0).toUpperCase() + key.slice(1) + " ");
      label.setAttribute("for", id);
      var select = element("select");
      select.id = id;
      select.setAttribute("data-key", key);
      select.appendChild(element("option", "", "all"));
      select.options[0].value = "";
      values.forEach(function (v) { var o = element("option", "", v); o.value = v; select.appendChild(o); });
      select.addEventListener("change", apply);
      var wrap = element("span", "filter");
      wrap.appendChild(label);
      wrap.appendChild(select);
      bar.appendChild(wrap);
      selects.push(select);
    });
    if (!selects.length) { return; }
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          return !s.value || (row.getAttribute("data-" + s.getAttribute("data-key")) || "").split(",").indexOf(s.value) >= 0;
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      Array.prototype.forEach.call(container.querySelectorAll("[data-filter-group]"), function (group) {
        group.hidden = !group.querySelector("[data-id]:not([hidden])");
      });
      count.textContent = "Showing " + shown + " of " + rows.length + ".";
    }
    bar.appendChild(count);
    var anchor = container.closest(".table-wrap") || container;
    anchor.parentNode.insertBefore(bar, anchor);
  }

  /* Sorting: each column header becomes a button. */
  function setUpSorting(table) {
    var body = table.tBodies[0];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = element("button", "sort", th.textContent);
      button.type = "button";
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.classList.contains("num");
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var text = row.cells[column].textContent.trim();
          if (text === "\u2014") { return null; }
          return numeric ? parseFloat(text) : text.toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === y) { return 0; }
          if (x === null || (numeric && isNaN(x))) { return 1; }
          if (y === null || (numeric && isNaN(y))) { return -1; }
          return (x < y ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* Order: a newest/oldest first choice for lists marked data-order (the
     decision log), reversing its groups and their entries. */
  function setUpOrder(container) {
    var id = "order-" + container.id;
    var wrap = element("p", "filter order");
    var label = element("label", "", "Order ");
    label.setAttribute("for", id);
    var select = element("select");
    select.id = id;
    [["newest", "newest first"], ["oldest", "oldest first"]].forEach(function (o) {
      var option = element("option", "", o[1]);
      option.value = o[0];
      select.appendChild(option);
    });
    var current = "newest";
    select.addEventListener("change", function () {
      if (select.value === current) { return; }
      current = select.value;
      var groups = Array.prototype.slice.call(container.querySelectorAll("[data-filter-group]"));
      groups.reverse().forEach(function (group) {
        container.appendChild(group);
        Array.prototype.forEach.call(group.querySelectorAll("ol, ul"), function (list) {
          Array.prototype.slice.call(list.children).reverse().forEach(function (li) { list.appendChild(li); });
        });
      });
    });
    wrap.appendChild(label);
    wrap.appendChild(select);
    container.parentNode.insertBefore(wrap, container);
  }

  /* The decision pages' sidebar: the decisions in force from in-force.js
     (loaded by those pages only), a collapsible group per topic, the group
     of the page's own decision open. */
  function drawSidebar(nav, late) {
    var data = window.shoshinInForce;
    if (!data && late !== true) {
      /* in-force.js comes after this script: it has run by the page's load. */
      window.addEventListener("load", function () { drawSidebar(nav, true); });
      return;
    }
    if (!data || !data.groups.length) { return; }
    var root = nav.getAttribute("data-root") || "";
    var current = nav.getAttribute("data-current");
    data.groups.forEach(function (group) {
      var details = document.createElement("details");
      var summary = document.createElement("summary");
      summary.textContent = group.tag + " (" + group.decisions.length + ")";
      details.appendChild(summary);
      var list = document.createElement("ul");
      group.decisions.forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + d.url;
        var id = document.createElement("span");
        id.className = "rid";
        id.textContent = d.id;
        a.appendChild(id);
        a.appendChild(document.createTextNode(" " + d.title));
        if (d.id === current) {
          a.setAttribute("aria-current", "page");
          details.open = true;
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      details.appendChild(list);
      nav.appendChild(details);
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-search-form]"), setUpSearch);
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), setUpFilters);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUpSorting);
    Array.prototype.forEach.call(document.querySelectorAll("[data-order]"), setUpOrder);
    Array.prototype.forEach.call(document.querySelectorAll("[data-decision-sidebar]"), drawSidebar);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
