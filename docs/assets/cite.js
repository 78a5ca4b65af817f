/* A statement page's actions: copy buttons for the "Cite this statement" block, a paragraph's citation and
   quotation, the share button, and the "About this statement" panel open on wide screens.
   Progressive enhancement: without JavaScript the references stay readable and selectable, each paragraph's
   number still leads to its own address, and the panel opens with a tap. Each copy is announced in the
   block's status line (role="status"). Every word it writes comes from the page (#kp-strings, written by
   overrides/statement.html from the interface's catalogue), in the page's language. */
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
  var PARAGRAPH = "\ue002"; /* where a paragraph's number goes in a style's pinpoint citation (kparchive/cite.py) */
  var COPY = "M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12z";
  var status = document.querySelector(".kp-copy-status");
  var cite = document.querySelector(".kp-cite");

  function announce(message) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* Copy text; fall back to selecting it (and the old execCommand) where the Clipboard API is refused. */
  function copy(text, node, label) {
    function fallback() {
      var copied = false;
      if (node) {
        selectText(node);
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      }
      announce(t(copied ? "copied" : "notCopied", { label: label }));
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce(t("copied", { label: label })); }, fallback);
    } else {
      fallback();
    }
  }

  /* An icon as an SVG element (a glyph such as ⧉ shows as an empty box where the font lacks it). */
  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "kp-icon");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("fill", "currentColor");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }

  function button(text, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kp-copy";
    b.appendChild(icon(COPY));
    b.appendChild(document.createTextNode(text));
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  document.querySelectorAll(".kp-copyable").forEach(function (block) {
    var label = block.getAttribute("data-copy-label");
    var b = button(t("copy", {}), t("copyThe", { label: label }));
    b.addEventListener("click", function () {
      copy(block.textContent.replace(/\s+$/, "") + (block.tagName === "PRE" ? "\n" : ""), block, label);
    });
    block.insertAdjacentElement("afterend", b);
  });

  /* The statement's permanent address (the public site's), whatever host shows the page. */
  var base = cite ? cite.getAttribute("data-url") : window.location.href.split("#")[0];

  /* A paragraph's citation in each style: the in-text citation with its number, then the reference whose
     address is the paragraph's own. */
  function styles() {
    return Array.prototype.map.call(document.querySelectorAll(".kp-cite-item[data-pinpoint]"), function (item) {
      return {
        name: item.getAttribute("data-style-name"),
        pinpoint: item.getAttribute("data-pinpoint"),
        reference: item.querySelector(".kp-cite-text").textContent.trim(),
      };
    });
  }

  function paragraphText(unit) {
    var clone = unit.cloneNode(true);
    clone.querySelectorAll(".kp-pnum, .kp-para-actions, .kp-marker").forEach(function (n) { n.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  /* The actions of the paragraph whose number was followed, under it: one toolbar at a time, so the reading
     line is never interrupted. */
  function showActions(unit) {
    document.querySelectorAll(".kp-para-actions").forEach(function (bar) { bar.remove(); });
    if (!unit || !cite) return;
    var n = unit.id.replace(/^p/, "");
    var address = base + "#" + unit.id;
    var bar = document.createElement("span");
    bar.className = "kp-para-actions";
    bar.lang = document.documentElement.lang; // the interface's words, inside a text in its own language
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", t("paragraph", { n: n }));
    styles().forEach(function (style) {
      var inText = style.pinpoint.split(PARAGRAPH).join(n);
      var reference = style.reference.split(base).join(address);
      var these = { n: n, style: style.name, citation: inText };
      var b = button(t("cite", these), t("citeLabel", these));
      b.addEventListener("click", function () {
        copy(inText + "\n\n" + reference, null, t("cited", these));
      });
      bar.appendChild(b);
      var q = button(t("quote", these), t("quoteLabel", these));
      q.addEventListener("click", function () {
        copy(t("quotation", { text: paragraphText(unit), citation: inText }) + "\n\n" + reference, null,
             t("quoted", these));
      });
      bar.appendChild(q);
    });
    var link = button(t("link", {}), t("linkLabel", { n: n }));
    link.addEventListener("click", function () { copy(address, null, t("linked", { n: n, address: address })); });
    bar.appendChild(link);
    unit.appendChild(bar);
  }

  function current() {
    var id = window.location.hash.slice(1);
    var unit = /^p\d+$/.test(id) ? document.getElementById(id) : null;
    return unit && unit.closest(".kp-text") ? unit : null;
  }
  window.addEventListener("hashchange", function () { showActions(current()); });
  showActions(current());

  /* Share: the device's own share sheet where there is one, else copy the address. */
  var share = document.querySelector(".kp-share");
  if (share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      var title = (document.querySelector(".md-content h1") || document).textContent;
      if (navigator.share) {
        navigator.share({ title: title, url: base }).catch(function () {});
      } else {
        copy(base, null, t("shared", { address: base }));
      }
    });
  }
})();
