/* A table of statements (kparchive/templates/_macros.html.j2 statement_table): sorted by a column when its
   heading is pressed, filtered by the words typed above it. Without JavaScript the table is read as it is,
   and the browser's find in page searches it. The header's search form brings its words here when search
   cannot run (?q=): they fill the filter. The words it writes come from the page (#kp-strings, written by
   overrides/listing.html from the interface's catalogue), in the page's language. */
(function () {
  "use strict";
  var STRINGS = {};
  try {
    STRINGS = JSON.parse((document.getElementById("kp-strings") || {}).textContent || "null") || {};
  } catch (e) {
    STRINGS = {};
  }
  function t(key, vars) {
    return (STRINGS[key] || key).replace(/%\((\w+)\)s/g, function (_, name) { return String(vars[name]); });
  }
  document.querySelectorAll("[data-kp-table]").forEach(function (wrap, index) {
    var table = wrap.querySelector("table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var status = document.createElement("p");
    status.className = "kp-table__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var label = document.createElement("label");
    label.className = "kp-table__filter";
    label.htmlFor = "kp-filter-" + index;
    label.textContent = t("filter", {}) + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "kp-filter-" + index;
    input.autocomplete = "off";
    input.spellcheck = false;
    label.appendChild(input);
    wrap.insertBefore(label, table);
    wrap.insertBefore(status, table);

    function words(text) { return text.toLocaleLowerCase().split(/\s+/).filter(Boolean); }
    function filter() {
      var wanted = words(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLocaleLowerCase();
        var match = wanted.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = wanted.length ? t("shown", { shown: shown, total: rows.length }) : "";
    }
    input.addEventListener("input", filter);

    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kp-table__sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headings, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var key = function (row) {
          var cell = row.cells[column];
          return (cell.getAttribute("data-sort") || cell.textContent).trim().toLocaleLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });

    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; filter(); }
  });
})();
