/* The header's search form leads to the table of every statement (find in page works there without
   JavaScript); where scripts run, it leads to the search page instead. The link to the page in the other
   language (partials/kp-languages.html) is the page's address; here it keeps the place read on this one, the
   address's #fragment (a paragraph, #p3: the same paragraph in the other language), as that changes. */
(function () {
  "use strict";
  document.querySelectorAll("form.kp-header-search[data-search]").forEach(function (form) {
    form.action = form.getAttribute("data-search");
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
