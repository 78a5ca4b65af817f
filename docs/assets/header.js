/* The header: on a phone the search box is folded into its button (assets/archive.css); a tap on the button
   unfolds it, focused, where the archive's name was (Escape, or leaving it empty, folds it again); a second tap
   searches. Without JavaScript the button leads to the search page, which says what works without it. The link
   to the page in the other language (partials/kp-languages.html) is the page's address; here it keeps the place
   read on this one, the address's #fragment (a paragraph, #p3: the same paragraph in the other language), as that
   changes. */
(function () {
  "use strict";
  document.querySelectorAll("form.kp-header-search").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var button = form.querySelector("button");
    var header = form.closest(".md-header__inner") || form.parentElement;
    if (!input || !button) return;
    function fold() { header.classList.remove("kp-search-open"); }
    button.addEventListener("click", function (event) {
      if (getComputedStyle(input).display !== "none") return; // the box is shown: the button searches
      event.preventDefault();
      header.classList.add("kp-search-open");
      input.focus();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { fold(); button.focus(); }
    });
    form.addEventListener("focusout", function () {
      window.setTimeout(function () {
        if (!form.contains(document.activeElement) && !input.value) fold();
      }, 0);
    });
  });
  var switches = document.querySelectorAll("a.kp-languages__link");
  function keepPlace() {
    switches.forEach(function (link) { link.hash = window.location.hash; });
  }
  if (switches.length) {
    keepPlace();
    window.addEventListener("hashchange", keepPlace);
    switches.forEach(function (link) { link.addEventListener("click", keepPlace); });
  }
})();
