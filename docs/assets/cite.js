/* Copy buttons for the "Cite this statement" block and the paragraph links of a statement page.
   Progressive enhancement: without JavaScript the references stay readable and selectable, and each ¶ link
   still leads to its paragraph. Each copy is announced in the block's status line (role="status"). */
(function () {
  "use strict";
  var status = document.querySelector(".kp-copy-status");

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
      announce(copied ? "Copied the " + label + "." : "Could not copy: the " + label + " is selected, press Ctrl+C or ⌘+C.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce("Copied the " + label + "."); }, fallback);
    } else {
      fallback();
    }
  }

  function button(text, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kp-copy";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    return b;
  }

  document.querySelectorAll(".kp-copyable").forEach(function (block) {
    var label = block.getAttribute("data-copy-label") || "text";
    var b = button("Copy", "Copy the " + label);
    b.addEventListener("click", function () {
      copy(block.textContent.replace(/\s+$/, "") + (block.tagName === "PRE" ? "\n" : ""), block, label);
    });
    block.insertAdjacentElement("afterend", b);
  });

  /* The paragraph's address for citing: the canonical URL (the public site), else this page's, plus #pN. */
  var canonical = document.querySelector('link[rel="canonical"]');
  var base = (canonical ? canonical.href : window.location.href).split("#")[0];
  document.querySelectorAll(".kp-text a.kp-pilcrow").forEach(function (link) {
    var id = link.getAttribute("href").slice(1);
    var n = id.replace(/^p/, "");
    var b = button("⧉", "Copy the address of paragraph " + n);
    b.classList.add("kp-copy--para");
    b.title = "Copy the address of paragraph " + n;
    b.addEventListener("click", function () {
      copy(base + "#" + id, null, "address of paragraph " + n + " (" + base + "#" + id + ")");
    });
    link.insertAdjacentElement("afterend", b);
  });
})();
