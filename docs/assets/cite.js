/* A statement page's actions: copy buttons for the "Cite this statement" block, each paragraph's "Cite" button
   and the actions it opens (its pinpoint citation, its quotation, its address), and the share button.
   Progressive enhancement: without JavaScript the references stay readable and selectable, each paragraph's
   number still leads to its own address, and the panel of facts opens with a tap. Each copy is announced where
   the reader is looking: in a status line (role="status") beside the button pressed. What is copied is what
   the chosen style writes: the reference with its italics (as HTML, for a word processor, and as plain text),
   a short quotation run in, in quotation marks, the style's citation after it; a long one (APA: 40 words, Chicago:
   100) as a block, the citation after its last full stop. Every word it writes comes from the page
   (#kp-strings, written by overrides/statement.html from the interface's catalogue), in the page's language. */
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
  var QUOTE = "M14 17h3l2-4V7h-6v6h3M6 17h3l2-4V7H5v6h3z";
  var cite = document.querySelector(".kp-cite");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* A status line (announced politely), right after a control. */
  function statusLine(after) {
    var line = el("span", "kp-copy-status");
    line.setAttribute("role", "status");
    line.setAttribute("aria-live", "polite");
    after.insertAdjacentElement("afterend", line);
    return line;
  }

  function announce(line, message) {
    if (!line) return;
    line.textContent = "";
    window.setTimeout(function () {
      line.textContent = message;
      // Where the reader is looking: the line scrolled into view if the button pressed was at the screen's edge.
      if (line.scrollIntoView) line.scrollIntoView({ block: "nearest" });
    }, 50);
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* Copy text (and the same as HTML where given: italics kept in a word processor); fall back to plain text,
     then to selecting the block (and the old execCommand) where the Clipboard API is refused. */
  function copy(text, html, node, label, line) {
    function done() { announce(line, t("copied", { label: label })); }
    function fallback() {
      var copied = false;
      if (node) {
        selectText(node);
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      }
      announce(line, t(copied ? "copied" : "notCopied", { label: label }));
    }
    function plain() { navigator.clipboard.writeText(text).then(done, fallback); }
    if (!(navigator.clipboard && window.isSecureContext)) return fallback();
    if (html && window.ClipboardItem && navigator.clipboard.write) {
      var item = new window.ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([html], { type: "text/html" }),
      });
      navigator.clipboard.write([item]).then(done, plain);
    } else {
      plain();
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

  function button(text, label, path) {
    var b = el("button", "kp-copy");
    b.type = "button";
    b.appendChild(icon(path || COPY));
    b.appendChild(document.createTextNode(text));
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  /* HTML of a node's content, through the DOM (every text escaped by the serialiser). */
  function html(node) {
    var box = el("div");
    box.appendChild(node);
    return box.innerHTML;
  }

  document.querySelectorAll(".kp-copyable").forEach(function (block) {
    var label = block.getAttribute("data-copy-label");
    var b = button(t("copy", {}), t("copyThe", { label: label }));
    block.insertAdjacentElement("afterend", b);
    var line = statusLine(b);
    b.addEventListener("click", function () {
      var text = block.textContent.replace(/\s+$/, "") + (block.tagName === "PRE" ? "\n" : "");
      copy(text, block.tagName === "PRE" ? null : html(block.cloneNode(true)), block, label, line);
    });
  });

  /* The statement's permanent address (the public site's), whatever host shows the page. */
  var base = cite ? cite.getAttribute("data-url") : window.location.href.split("#")[0];

  /* Each style: its name, its in-text citation of a paragraph, its reference, when a quotation is a block. */
  function styles() {
    return Array.prototype.map.call(document.querySelectorAll(".kp-cite-item[data-pinpoint]"), function (item) {
      return {
        name: item.getAttribute("data-style-name"),
        pinpoint: item.getAttribute("data-pinpoint"),
        reference: item.querySelector(".kp-cite-text"),
        blockWords: parseInt(item.getAttribute("data-block-words"), 10) || Infinity,
      };
    });
  }

  /* The reference as the paragraph cites it: its address the paragraph's own (plain text, and HTML). */
  function reference(style, address) {
    var clone = style.reference.cloneNode(true);
    var walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      node.textContent = node.textContent.split(base).join(address);
    }
    return { text: clone.textContent.trim(), html: html(clone) };
  }

  function paragraphText(unit) {
    var clone = unit.cloneNode(true);
    clone.querySelectorAll(".kp-pnum, .kp-note-ref, .kp-para-cite, .kp-para-actions, .kp-marker")
      .forEach(function (n) { n.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  /* A quotation as the style writes it. Run in: inside quotation marks (its own double quotation marks become
     single ones), its closing full stop after the citation ("… the trade” (Coalition, 2011, para. 3).); a
     question or exclamation mark stays inside, and a full stop follows the citation. A block (at least the
     style's number of words): no quotation marks, the citation after the last full stop. */
  function quotation(text, inText, style) {
    var words = text.split(/\s+/).filter(Boolean).length;
    if (words >= style.blockWords) {
      return { text: text + " " + inText, block: true };
    }
    var inner = t("innerQuotes", {});
    var open = true;
    var quoted = text.replace(/[“”"]/g, function (mark) {
      var opening = mark === "“" || (mark === "\"" && open);
      if (mark === "\"") open = !open;
      return opening ? inner.charAt(0) : inner.charAt(1);
    });
    var end = "";
    var stop = /[.…]+$/.exec(quoted);
    if (stop && !/\.\.\.$|…$/.test(quoted)) quoted = quoted.slice(0, -stop[0].length);
    if (stop || /[?!]$/.test(quoted)) end = ".";
    return { text: t("quotation", { text: quoted, citation: inText }) + end, block: false };
  }

  /* A paragraph's actions, under its text: what "Cite" and "Quote" give, a button each for each style, its
     address, and where a copy is announced. One at a time, so the reading line is never cluttered. */
  function closeActions(except) {
    document.querySelectorAll(".kp-para-actions").forEach(function (bar) {
      if (bar === except) return;
      var toggle = bar.parentElement && bar.parentElement.querySelector(".kp-para-cite");
      if (toggle) toggle.setAttribute("aria-expanded", "false");
      bar.remove();
    });
  }

  function showActions(unit) {
    closeActions(null);
    if (!unit || !cite) return null;
    var n = unit.id.replace(/^p/, "");
    var address = base + "#" + unit.id;
    var bar = el("span", "kp-para-actions");
    bar.id = unit.id + "-actions";
    bar.lang = document.documentElement.lang; // the interface's words, inside a text in its own language
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", t("paragraph", { n: n }));
    bar.appendChild(el("span", "kp-para-help", t("help", {})));
    var buttons = el("span", "kp-para-buttons");
    bar.appendChild(buttons);
    var line = null;
    styles().forEach(function (style) {
      var inText = style.pinpoint.split(PARAGRAPH).join(n);
      var ref = reference(style, address);
      var these = { n: n, style: style.name, citation: inText };
      var b = button(t("cite", these), t("citeLabel", these));
      b.addEventListener("click", function () {
        var p = el("p", "", inText);
        copy(inText + "\n\n" + ref.text, html(p) + "<p>" + ref.html + "</p>", null, t("cited", these), line);
      });
      buttons.appendChild(b);
      var q = button(t("quote", these), t("quoteLabel", these));
      q.addEventListener("click", function () {
        var quoted = quotation(paragraphText(unit), inText, style);
        var p = el(quoted.block ? "blockquote" : "p", "", quoted.text);
        copy(quoted.text + "\n\n" + ref.text, html(p) + "<p>" + ref.html + "</p>", null, t("quoted", these), line);
      });
      buttons.appendChild(q);
    });
    var link = button(t("link", {}), t("linkLabel", { n: n }));
    link.addEventListener("click", function () { copy(address, null, null, t("linked", { n: n, address: address }), line); });
    buttons.appendChild(link);
    var toggle = unit.querySelector(".kp-para-cite");
    if (toggle) {
      toggle.insertAdjacentElement("afterend", bar);
      toggle.setAttribute("aria-expanded", "true");
    } else {
      unit.appendChild(bar);
    }
    line = statusLine(buttons);
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle) {
        closeActions(null);
        toggle.focus();
      }
    });
    return bar;
  }

  /* Each paragraph's "Cite" button: at the end of its text, shown when the paragraph is pointed at, on focus, on
     touch screens always (assets/archive.css); its label is generated content, so copying the text never
     meets it. */
  if (cite) {
    document.querySelectorAll(".kp-text [id^=p]").forEach(function (unit) {
      if (!/^p\d+$/.test(unit.id)) return;
      var n = unit.id.slice(1);
      var b = el("button", "kp-para-cite");
      b.type = "button";
      b.setAttribute("data-label", t("citePara", {}));
      b.setAttribute("aria-label", t("citeParaLabel", { n: n }));
      b.setAttribute("aria-expanded", "false");
      b.setAttribute("aria-controls", unit.id + "-actions");
      b.appendChild(icon(QUOTE));
      b.addEventListener("click", function () {
        if (b.getAttribute("aria-expanded") === "true") closeActions(null);
        else showActions(unit);
      });
      var bar = unit.querySelector(".kp-para-actions");
      unit.insertBefore(b, bar);
    });
    /* What the paragraphs' buttons do, said where the cite box explains paragraph numbers. */
    document.querySelectorAll(".kp-cite-how").forEach(function (how) { how.hidden = false; });
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
    var shared = statusLine(share.parentElement);
    share.addEventListener("click", function () {
      var title = (document.querySelector(".md-content h1") || document).textContent;
      if (navigator.share) {
        navigator.share({ title: title, url: base }).catch(function () {});
      } else {
        copy(base, null, null, t("shared", { address: base }), shared);
      }
    });
  }
})();
