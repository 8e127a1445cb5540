/* shoshin.js: the site's only script. Plain JavaScript, no third-party
   requests; every page is complete without it. It adds:
   - search: the header box lists matches as you type, the search page lists
     them all; the index (search-index.js) is loaded as a script on first use,
     so it works from file:// as well as over HTTP;
   - the graph page's focused graph, around one record and filtered;
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

  /* Whether `word` (lower case) is one the search matched: it starts with a
     query word or is one of the index's terms that matched. */
  function isMatch(word, found) {
    return found.terms[word] === true ||
      found.words.some(function (q) { return word.lastIndexOf(q, 0) === 0; });
  }

  /* About SNIPPET characters of `text` around the first matched word. */
  function snippet(text, found) {
    var at = 0;
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(text)) !== null) {
      if (isMatch(m[0].toLowerCase(), found)) { at = m.index; break; }
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

  /* The typos a query word may hold: none up to 3 letters, one from 4,
     two from 8 (`postgress` finds postgres, `ab` finds only ab…). */
  function typosAllowed(word) {
    return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
  }

  /* The edit distance of a and b (a letter added, left out, changed, or two
     neighbours swapped), or max + 1 as soon as it is known to exceed max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var before = null, previous = [], current, i, j;
    for (j = 0; j <= b.length; j += 1) { previous[j] = j; }
    for (i = 1; i <= a.length; i += 1) {
      current = [i];
      var least = i;
      for (j = 1; j <= b.length; j += 1) {
        var d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { d = Math.min(d, before[j - 2] + 1); }
        current[j] = d;
        if (d < least) { least = d; }
      }
      if (least > max) { return max + 1; }
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* Best weight per document of the terms that match `word`: the word
     itself counts double, a term it starts counts once, a term within the
     typos allowed counts half. The terms matched go into `terms`. */
  function matches(index, word, terms) {
    var keys = index.keys || (index.keys = Object.keys(index.terms));
    var typos = typosAllowed(word);
    var best = {};
    keys.forEach(function (k) {
      var factor;
      if (k === word) { factor = 2; } else if (k.lastIndexOf(word, 0) === 0) { factor = 1; } else if (typos && distance(word, k, typos) <= typos) { factor = 0.5; } else { return; }
      terms[k] = true;
      var list = index.terms[k];
      for (var i = 0; i < list.length; i += 2) {
        var score = list[i + 1] * factor;
        if (!(best[list[i]] >= score)) { best[list[i]] = score; }
      }
    });
    return best;
  }

  /* Documents matching the query, best first: those matching more of its
     words first (a query need not match every word: `why postgres` finds
     the Postgres decision), then by weight. A common word (in most
     records; the index keeps only its title matches) only ranks. `kind`,
     when given, keeps documents of that kind; `repository`, on a portal,
     the records of that repository (their ids start with `NAME:`). */
  function search(index, query, kind, repository) {
    var query_words = words(query, index.stop);
    var common = index.common_set;
    if (!common) {
      common = index.common_set = {};
      index.common.forEach(function (w) { common[w] = true; });
    }
    var terms = {}, score = {}, count = {};
    var required = query_words.filter(function (w) { return !common[w]; }).length;
    query_words.forEach(function (w) {
      var best = matches(index, w, terms);
      Object.keys(best).forEach(function (d) {
        score[d] = (score[d] || 0) + best[d];
        if (!common[w]) { count[d] = (count[d] || 0) + 1; }
      });
    });
    var docs = Object.keys(score).map(Number).filter(function (d) {
      return (count[d] || !required) && (!kind || index.docs[d][1] === kind) &&
        (!repository || String(index.docs[d][0]).indexOf(repository + ":") === 0);
    });
    docs.sort(function (a, b) { return (count[b] || 0) - (count[a] || 0) || score[b] - score[a] || a - b; });
    var all = docs.filter(function (d) { return (count[d] || 0) === required; }).length;
    return { words: query_words, terms: terms, docs: docs, all: all };
  }

  /* Appends `text` to `parent`, each matched word in <mark>. */
  function highlight(parent, text, found) {
    var last = 0;
    text.replace(WORD, function (word, at) {
      if (isMatch(word.toLowerCase(), found)) {
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

  /* One result: link with id and title (a person's or a tag's name), kind,
     status, snippet. */
  function result(doc, text, root, found) {
    var li = element("li", "search-result");
    var link = element("a");
    var named = doc[1] === "person" || doc[1] === "tag";
    link.href = root + (doc[5] || doc[1] + "s/" + doc[0] + "/index.html");
    if (!named) {
      link.appendChild(element("span", "rid", doc[0]));
      link.appendChild(document.createTextNode(" "));
    }
    highlight(link, doc[2], found);
    li.appendChild(link);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(element("span", "kind kind-" + doc[1], doc[1]));
    if (doc[3]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "badge badge-" + (doc[4] || "unknown"), doc[3]));
    }
    if (text) {
      var p = element("p", "snippet");
      highlight(p, snippet(text, found), found);
      li.appendChild(p);
    }
    return li;
  }

  function setUpSearch(form) {
    var root = form.getAttribute("data-root") || "";
    var input = form.querySelector("[data-search-input]");
    var list = form.querySelector("[data-search-results]") || document.querySelector("[data-search-results]");
    var status = document.querySelector("[data-search-status]");
    var kinds = document.querySelector("[data-search-kinds]");
    var repositories = document.querySelector("[data-search-repositories]");
    var popup = list && list.classList.contains("search-popup");
    if (!input || !list) { return; }
    function kind() {
      var checked = kinds && kinds.querySelector("input:checked");
      return checked ? checked.value : "";
    }
    function repository() {
      var checked = repositories && repositories.querySelector("input:checked");
      return checked ? checked.value : "";
    }
    function show() {
      var query = input.value, wanted = kind(), within = repository();
      loadIndex(root, function (index) {
        if (input.value !== query) { return; }
        var found = search(index, query, wanted, within);
        var shown = popup ? found.docs.slice(0, 8) : found.docs.slice(0, 100);
        var texts = shown.filter(function (d) { return d < index.records; });
        loadTexts(root, index, texts, function () {
          if (input.value === query && kind() === wanted && repository() === within) { render(index, found, shown); }
        });
      });
    }
    function render(index, found, shown) {
      var query = input.value;
      list.textContent = "";
      shown.forEach(function (d) {
        list.appendChild(result(index.docs[d], d < index.records ? textOf(index, d) : "", root, found));
      });
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
        var n = found.docs.length;
        var what = n + " result" + (n === 1 ? "" : "s");
        status.textContent = !found.words.length ? "" : n === 0 ? "Nothing matches \u201c" + query + "\u201d." :
          (found.all ? what + " match \u201c" + query + "\u201d" : "Nothing matches every word of \u201c" + query + "\u201d; " + what + " match some of them") +
          (n > shown.length ? ", the first " + shown.length + " are shown." : ".");
      }
    }
    input.addEventListener("input", show);
    input.addEventListener("focus", function () { loadIndex(root, function () {}); });
    if (kinds) { kinds.addEventListener("change", show); }
    if (repositories) { repositories.addEventListener("change", show); }
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
      var wanted = new URLSearchParams(window.location.search).get("kind");
      var radio = kinds && kinds.querySelector("input[value='" + (wanted || "").replace(/[^a-z]/g, "") + "']");
      if (radio) { radio.checked = true; }
      var within = new URLSearchParams(window.location.search).get("repository");
      var repositoryRadio = repositories && repositories.querySelector("input[value='" + (within || "").replace(/[^a-z0-9-]/g, "") + "']");
      if (repositoryRadio) { repositoryRadio.checked = true; }
      if (q) { input.value = q; show(); }
    }
  }

  /* `/` (when not typing) or Ctrl-K (Cmd-K) puts the cursor in the search
     box: the search page's, else the header's. */
  function setUpShortcut() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-search-input]"), function (input) {
      input.setAttribute("aria-keyshortcuts", "/ Control+K");
    });
    document.addEventListener("keydown", function (e) {
      var target = e.target, tag = target && target.tagName;
      var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
      var slash = e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey;
      var ctrlK = (e.ctrlKey || e.metaKey) && (e.key === "k" || e.key === "K");
      if (!slash && !ctrlK) { return; }
      var input = document.querySelector(".search-page [data-search-input]") || document.querySelector("[data-search-input]");
      if (!input) { return; }
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* For tests of the ranking in a page: the same functions the box uses. */
  window.shoshinSearch = { search: search, distance: distance, loadIndex: loadIndex };

  /* The focused graph of the graph page: the records around one, to a
     depth, filtered by kind, tag and status, drawn from graph-data.js
     (loaded as a script, so it works from file:// too) at the width of
     the page: one column of boxes on a phone. */
  var SVG = "http://www.w3.org/2000/svg";
  var GRAPH_MAX = 60, BOX_HEIGHT = 40, GRAPH_ROW = 50, GRAPH_GAP = 14;
  /* How a record linked to the centre relates to it, read from the centre. */
  var INVERSE = { "epic": "child", "depends on": "needed by", "decision": "applies to", "item": "decided in",
    "supersedes": "superseded by", "superseded by": "supersedes", "amends": "amended by" };

  function svgElement(name, attributes) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (k) { e.setAttribute(k, attributes[k]); });
    return e;
  }

  function shorten(text, max) {
    return text.length <= max ? text : text.slice(0, max - 1).replace(/\s+$/, "") + "\u2026";
  }

  function setUpGraph(form) {
    var root = form.getAttribute("data-root") || "";
    var view = document.querySelector("[data-graph-view]");
    var summary = document.querySelector("[data-graph-summary]");
    var focusInput = form.querySelector("[data-graph-focus]");
    var depthSelect = form.querySelector("[data-graph-depth]");
    var tagSelect = form.querySelector("[data-graph-tag]");
    var statusSelect = form.querySelector("[data-graph-status]");
    var kindBoxes = Array.prototype.slice.call(form.querySelectorAll("[data-graph-kind]"));
    var suggestions = form.querySelector("[data-graph-suggestions]");
    var data, links, byId = {}, focus = -1, drawnWidth = 0;
    if (!view) { return; }

    function url(n) {
      var node = data.nodes[n];
      return root + (node[6] || node[1] + "s/" + node[0] + "/index.html");
    }

    /* The record `text` names: its id, or the only record whose id or
       title holds all its words; else -1, with the candidates offered. */
    function find(text) {
      suggestions.textContent = "";
      suggestions.hidden = true;
      var exact = byId[text.trim().toLowerCase()];
      if (exact !== undefined) { return exact; }
      var wanted = text.toLowerCase().split(/\s+/).filter(Boolean);
      var found = [];
      data.nodes.forEach(function (node, n) {
        var hay = (node[0] + " " + node[2]).toLowerCase();
        if (wanted.length && wanted.every(function (w) { return hay.indexOf(w) >= 0; })) { found.push(n); }
      });
      if (found.length === 1) { return found[0]; }
      found.slice(0, 8).forEach(function (n) {
        var li = element("li");
        var button = element("button", "", data.nodes[n][0] + " " + shorten(data.nodes[n][2], 40));
        button.type = "button";
        button.addEventListener("click", function () { focusInput.value = data.nodes[n][0]; draw(); });
        li.appendChild(button);
        suggestions.appendChild(li);
      });
      suggestions.hidden = !found.length;
      summary.textContent = found.length ? found.length + " records match \u201c" + text + "\u201d: choose one." : "No record matches \u201c" + text + "\u201d.";
      return -1;
    }

    function passes(n) {
      var node = data.nodes[n];
      var kinds = kindBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      return n === focus || (kinds.indexOf(node[1]) >= 0 &&
        (!tagSelect.value || node[5].indexOf(Number(tagSelect.value)) >= 0) &&
        (!statusSelect.value || node[3] === statusSelect.value));
    }

    /* The records within `depth` links of the focus that pass the filters,
       by distance: [[focus], [first ring], …], each with the record drawn
       it was reached from and how. Records left out by the filters are
       gone through, not drawn: a record reached through one is drawn "via"
       it. */
    function rings(depth) {
      var reached = {}, layers = [[{ n: focus, from: -1, label: "" }]], left = GRAPH_MAX - 1, hidden = 0;
      var frontier = [{ n: focus, anchor: focus, via: "" }];
      reached[focus] = true;
      for (var d = 1; d <= depth && frontier.length; d += 1) {
        var next = [], drawn = [];
        frontier.forEach(function (entry) {
          links[entry.n].forEach(function (link) {
            var other = link[0];
            if (reached[other]) { return; }
            reached[other] = true;
            var relation = link[2] ? link[1] : (INVERSE[link[1]] || link[1]);
            var label = entry.via ? "via " + entry.via : relation;
            if (!passes(other)) {
              next.push({ n: other, anchor: entry.anchor, via: entry.via || data.nodes[other][0] });
            } else if (left > 0) {
              left -= 1;
              drawn.push({ n: other, from: entry.anchor, label: label });
              next.push({ n: other, anchor: other, via: "" });
            } else {
              hidden += 1;
            }
          });
        });
        frontier = next;
        layers.push(drawn);
      }
      while (layers.length > 1 && !layers[layers.length - 1].length) { layers.pop(); }
      return { layers: layers, hidden: hidden };
    }

    function box(svg, entry, x, y, width, current) {
      var node = data.nodes[entry.n];
      var link = svgElement("a", { "class": "node node-" + node[1] + (current ? " current" : ""), href: url(entry.n) });
      var title = svgElement("title");
      title.textContent = node[0] + " " + node[2] + (node[3] ? " (" + node[3] + ")" : "");
      link.appendChild(title);
      link.appendChild(svgElement("rect", { x: x, y: y, width: width, height: BOX_HEIGHT, rx: 5 }));
      var chars = Math.max(8, Math.floor((width - 16) / 7.5));
      var first = svgElement("text", { x: x + 8, y: y + 16, "class": "node-id" });
      first.textContent = shorten(entry.label ? entry.label + ": " + node[0] : node[0], chars);
      var second = svgElement("text", { x: x + 8, y: y + 32 });
      second.textContent = shorten(node[2], chars - 4);
      link.appendChild(first);
      link.appendChild(second);
      svg.appendChild(link);
    }

    function draw() {
      var n = find(focusInput.value);
      if (n < 0) { return; }
      focus = n;
      focusInput.value = data.nodes[n][0];
      var depth = Number(depthSelect.value) || 1;
      var found = rings(depth);
      var width = Math.max(280, Math.floor(view.clientWidth || 800));
      drawnWidth = width;
      // A phone gets one column of boxes as wide as the screen.
      var boxWidth = width < 480 ? width - 20 : 230;
      var columns = Math.max(1, Math.floor((width - 20 + GRAPH_GAP) / (boxWidth + GRAPH_GAP)));
      var place = {}, y = 10, shapes = [];
      found.layers.forEach(function (layer, d) {
        if (d > 0 && layer.length) {
          shapes.push(["text", 10, y + 16, d === 1 ? "1 link away" : d + " links away"]);
          y += 26;
        }
        layer.forEach(function (entry, k) {
          var column = d === 0 ? 0 : k % columns, row = d === 0 ? 0 : Math.floor(k / columns);
          var x = d === 0 ? 10 : 10 + column * (boxWidth + GRAPH_GAP);
          place[entry.n] = [x, y + row * GRAPH_ROW];
        });
        if (layer.length) { y += Math.ceil(layer.length / (d === 0 ? 1 : columns)) * GRAPH_ROW + 10; }
      });
      var height = y;
      var svg = svgElement("svg", { "class": "graph graph-focus", viewBox: "0 0 " + width + " " + height, width: width, height: height });
      var heading = svgElement("title");
      heading.textContent = "The records within " + depth + " link" + (depth === 1 ? "" : "s") + " of " + data.nodes[focus][0];
      svg.appendChild(heading);
      found.layers.forEach(function (layer, d) {
        if (d === 0) { return; }
        layer.forEach(function (entry) {
          var a = place[entry.from], b = place[entry.n];
          var x1 = a[0] + boxWidth / 2, y1 = a[1] + BOX_HEIGHT, x2 = b[0] + boxWidth / 2, y2 = b[1];
          var mid = (y1 + y2) / 2;
          svg.appendChild(svgElement("path", { "class": "edge", d: "M" + x1 + " " + y1 + " C" + x1 + " " + mid + " " + x2 + " " + mid + " " + x2 + " " + y2 }));
        });
      });
      shapes.forEach(function (s) {
        var t = svgElement("text", { "class": "column", x: s[1], y: s[2] });
        t.textContent = s[3];
        svg.appendChild(t);
      });
      var list = element("ul", "graph-list");
      list.setAttribute("aria-label", "The records drawn");
      found.layers.forEach(function (layer, d) {
        layer.forEach(function (entry) {
          box(svg, entry, place[entry.n][0], place[entry.n][1], d === 0 ? Math.min(width - 20, 2 * boxWidth) : boxWidth, d === 0);
          var node = data.nodes[entry.n];
          var li = element("li");
          var link = element("a", "", node[0] + " " + node[2]);
          link.href = url(entry.n);
          li.appendChild(link);
          if (entry.label) {
            li.appendChild(document.createTextNode(" (" + entry.label + (entry.label.lastIndexOf("via ", 0) === 0 ? " from " : " ") + data.nodes[entry.from][0] + ") "));
            var button = element("button", "", "centre here");
            button.type = "button";
            button.setAttribute("aria-label", "Show the graph around " + node[0]);
            button.addEventListener("click", function () { focusInput.value = node[0]; draw(); focusInput.focus(); });
            li.appendChild(button);
          }
          list.appendChild(li);
        });
      });
      view.textContent = "";
      view.appendChild(svg);
      view.appendChild(list);
      var shown = found.layers.reduce(function (t, l) { return t + l.length; }, 0) - 1;
      summary.textContent = data.nodes[focus][0] + " and " + shown + " record" + (shown === 1 ? "" : "s") + " within " +
        depth + " link" + (depth === 1 ? "" : "s") + (found.hidden ? "; " + found.hidden + " more not drawn: narrow the filters or the depth." : ".");
      try {
        history.replaceState(null, "", "?focus=" + encodeURIComponent(data.nodes[focus][0]) + "&depth=" + depth);
      } catch (e) { /* some browsers refuse it from file:// */ }
    }

    loadScript(root + "graph-data.js", function () { return !!window.SHOSHIN_GRAPH; }, function () {
      data = window.SHOSHIN_GRAPH;
      links = data.nodes.map(function () { return []; });
      for (var k = 0; k < data.edges.length; k += 3) {
        var from = data.edges[k], to = data.edges[k + 1], label = data.labels[data.edges[k + 2]];
        links[from].push([to, label, true]);
        links[to].push([from, data.nodes[from][1] === "session" && (label === "item" || label === "decision") ? "discussed in" : label, false]);
      }
      data.nodes.forEach(function (node, n) { byId[node[0].toLowerCase()] = n; });
      data.tags.map(function (t, n) { return [t, n]; }).sort(function (a, b) { return a[0].localeCompare(b[0]); })
        .forEach(function (t) { var o = element("option", "", t[0]); o.value = String(t[1]); tagSelect.appendChild(o); });
      var statuses = [];
      data.nodes.forEach(function (node) { if (node[3] && statuses.indexOf(node[3]) < 0) { statuses.push(node[3]); } });
      statuses.sort().forEach(function (s) { var o = element("option", "", s); o.value = s; statusSelect.appendChild(o); });
      var params = new URLSearchParams(window.location.search);
      if (params.get("focus")) { focusInput.value = params.get("focus"); }
      if (params.get("depth")) { depthSelect.value = params.get("depth"); }
      form.hidden = false;
      draw();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); draw(); });
    [depthSelect, tagSelect, statusSelect].concat(kindBoxes).forEach(function (c) { c.addEventListener("change", draw); });
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        if (data && focus >= 0 && Math.abs(view.clientWidth - drawnWidth) > 40) { draw(); }
      }, 150);
    });
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
    setUpShortcut();
    Array.prototype.forEach.call(document.querySelectorAll("[data-graph]"), setUpGraph);
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
