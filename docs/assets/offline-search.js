// The offline edition's search page (search/index.html, overrides/search.html): lunr.js over the index that
// kparchive/offline_search.py wrote as a classic script (window.KP_OFFLINE_SEARCH), so it runs from file://,
// where fetch, ES modules and wasm are blocked. The query is in the URL (?q=), so a search can be linked, and
// the header's search box on every page is a plain form to this page. Every value shown comes from
// statements/ and is set with textContent: no indexed text becomes HTML.
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var WORD = /[\p{L}\p{N}_]+/gu; // Python's \w, as offline_search.py splits words
  var MARKS = /\p{M}+/gu; // accents, dropped as offline_search.py drops them: "Cote" finds "Côte"
  var LANG = document.documentElement.lang || "en";
  // The page's messages, in its language (overrides/search.html writes them from the interface's catalogue).
  var strings = {};
  try {
    strings = JSON.parse((document.getElementById("kp-strings") || {}).textContent || "null") || {};
  } catch (e) {
    strings = {};
  }
  function t(key, vars) {
    return (strings[key] || key).replace(/%\((\w+)\)s/g, function (_, name) { return String(vars[name]); });
  }
  var form = document.getElementById("kp-search");
  var box = document.getElementById("kp-q");
  var status = document.getElementById("kp-status");
  var list = document.getElementById("kp-results");
  var more = document.getElementById("kp-more");
  var data = window.KP_OFFLINE_SEARCH;
  if (!form || !box || !status || !list || !more) return;
  if (!data || !window.lunr) {
    form.hidden = true;
    var failed = document.getElementById("kp-search-failed");
    if (failed) failed.hidden = false;
    return;
  }
  var metadata = lunr.Index.load(data.metadata);
  var text = data.text ? lunr.Index.load(data.text) : null;
  var statements = data.statements; // [address from the edition's root, title, date, meeting]
  var shown = [];
  var found = [];

  // A query's words, as the index's terms were made: lowercased, accents dropped, runs of letters and digits,
  // no stop words.
  function words(query) {
    return (query.toLowerCase().normalize("NFD").replace(MARKS, "").match(WORD) || []).filter(function (word) {
      return lunr.stopWordFilter(new lunr.Token(word)) !== undefined;
    });
  }

  // The terms a word may have in the index: its stem, by lunr.js's stemmer; lunr.py's, which stemmed the
  // index, differs on a final y (key: kei / key; try: try / tri), so both spellings are tried.
  function stems(word) {
    var stem = lunr.stemmer(new lunr.Token(word)).toString();
    var other = /y$/.test(stem) ? stem.slice(0, -1) + "i" : /i$/.test(stem) ? stem.slice(0, -1) + "y" : null;
    return other ? [stem, other] : [stem];
  }

  // index.query() with one word's terms (OR), and the word as a prefix while it is being typed.
  function lookup(index, word, prefix) {
    return index.query(function (q) {
      stems(word).forEach(function (term) { q.term(term, { usePipeline: false }); });
      if (prefix) q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
    });
  }

  // Statements that match every word, in their metadata or (full text) any of their paragraphs, best first.
  function search(query) {
    var ws = words(query);
    if (!ws.length) return [];
    var typing = !/\s$/.test(query);
    var scores = null;
    ws.forEach(function (word, i) {
      var prefix = typing && i === ws.length - 1 && word.length >= 3;
      var hits = new Map();
      var hit = function (n) {
        if (!hits.has(n)) hits.set(n, { score: 0, paragraphs: new Map() });
        return hits.get(n);
      };
      lookup(metadata, word, prefix).forEach(function (r) { hit(Number(r.ref)).score += r.score; });
      if (text) {
        lookup(text, word, prefix).forEach(function (r) {
          var dot = r.ref.indexOf(".");
          var h = hit(Number(r.ref.slice(0, dot)));
          var p = Number(r.ref.slice(dot + 1));
          h.score += r.score / 4;
          h.paragraphs.set(p, (h.paragraphs.get(p) || 0) + r.score);
        });
      }
      if (scores === null) {
        scores = hits;
        return;
      }
      var both = new Map();
      hits.forEach(function (h, n) {
        var before = scores.get(n);
        if (!before) return;
        h.paragraphs.forEach(function (s, p) { before.paragraphs.set(p, (before.paragraphs.get(p) || 0) + s); });
        before.score += h.score;
        both.set(n, before);
      });
      scores = both;
    });
    var out = [];
    scores.forEach(function (h, n) { out.push({ n: n, score: h.score, paragraphs: h.paragraphs }); });
    out.sort(function (a, b) { // best first; then newest first, then in the catalogue's order
      var da = statements[a.n][2], db = statements[b.n][2];
      return b.score - a.score || (da < db) - (da > db) || a.n - b.n;
    });
    return out;
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function link(href, content) {
    var a = el("a", "", content);
    a.href = href;
    return a;
  }

  // A result: the statement's title (a link), its date and meeting, and the paragraphs that matched best.
  function result(hit) {
    var s = statements[hit.n];
    var href = "../" + s[0];
    var li = el("li", "kp-result");
    var title = el("h3", "kp-result__title");
    title.appendChild(link(href, s[1]));
    li.appendChild(title);
    li.appendChild(el("p", "kp-result__meta", s[3] ? s[2] + " · " + s[3] : s[2]));
    if (hit.paragraphs.size) {
      var best = Array.from(hit.paragraphs).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var p = el("p", "kp-result__excerpt", t("foundIn", {}));
      best.slice(0, 5).sort(function (a, b) { return a[0] - b[0]; }).forEach(function (entry, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        p.appendChild(link(href + "#p" + entry[0], "¶ " + entry[0]));
      });
      if (best.length > 5) p.appendChild(document.createTextNode(t("andMore", { n: best.length - 5 })));
      li.appendChild(p);
    }
    return li;
  }

  function showMore() {
    var next = found.slice(shown.length, shown.length + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    next.forEach(function (hit) { fragment.appendChild(result(hit)); });
    list.appendChild(fragment);
    shown = shown.concat(next);
    var left = found.length - shown.length;
    more.hidden = left <= 0;
    more.textContent = t("more", { n: Math.min(left, PAGE_SIZE), left: left.toLocaleString(LANG) });
  }

  function keepInUrl(query) {
    try {
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (e) {
      // Some browsers refuse to change a file:// address: the search still runs.
    }
  }

  function run() {
    var query = box.value;
    found = search(query);
    shown = [];
    list.textContent = "";
    keepInUrl(query.trim());
    var q = query.trim();
    if (!words(query).length) {
      status.textContent = q ? t("short", {}) : "";
    } else if (!found.length) {
      status.textContent = t("none", { q: q });
    } else {
      var n = found.length;
      status.textContent = n === 1 ? t("one", { n: "1", q: q })
        : t("many", { n: n.toLocaleString(LANG), q: q });
    }
    showMore();
  }

  var pending = 0;
  box.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(run, 60);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(pending);
    run();
  });
  more.addEventListener("click", showMore);

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    box.value = initial;
    run();
  }
  window.kpOfflineSearch = { search: search, words: words, stems: stems };
})();
