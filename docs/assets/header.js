/* The header's search form leads to the table of every statement (find in page works there without
   JavaScript); where scripts run, it leads to the search page instead. */
(function () {
  "use strict";
  document.querySelectorAll("form.kp-header-search[data-search]").forEach(function (form) {
    form.action = form.getAttribute("data-search");
  });
})();
