// Planner's small behaviours. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  function init(root) {
    root.querySelectorAll("form.js-autosubmit select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    root.querySelectorAll(".js-hide-when-scripted").forEach(function (el) { el.classList.add("d-none"); });
    root.querySelectorAll(".js-dismiss-inline").forEach(function (button) {
      button.addEventListener("click", function () {
        var form = button.closest(".inline-form");
        if (form) { form.remove(); }
      });
    });
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); event.stopImmediatePropagation(); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { if (event.target && event.target.querySelectorAll) { init(event.target); } });
})();
