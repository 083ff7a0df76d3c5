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
  // Mentions: a suggestion replaces the "@word" being typed at the end of the comment.
  document.addEventListener("click", function (event) {
    var pick = event.target.closest(".js-mention-pick");
    if (!pick) { return; }
    var field = document.getElementById(pick.getAttribute("data-target"));
    if (!field) { return; }
    field.value = field.value.replace(/@[^\s@]*$/, "") + pick.getAttribute("data-insert") + " ";
    field.focus();
    var list = pick.closest(".mention-suggestions");
    if (list) { list.innerHTML = ""; }
  });
  // Presence: the heartbeat says whether this person has a form open on the section.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.classList && elt.classList.contains("js-presence")) {
      var editing = document.querySelector("main form.inline-form, main form.card[hx-post]");
      event.detail.parameters.editing = editing ? "1" : "0";
    }
  });
  // Someone else changed the section: refresh the lists nobody is editing, without a reload.
  document.addEventListener("planner:section-changed", function () {
    document.querySelectorAll(".inline-collection[data-refresh-url]").forEach(function (el) {
      // A form open, or on its way (an htmx request in flight inside the list), wins.
      if (el.querySelector("form, .htmx-request") || !window.htmx) { return; }
      window.htmx.ajax("GET", el.getAttribute("data-refresh-url"), {target: "#" + el.id, swap: "outerHTML", select: "#" + el.id, headers: {"X-Planner-Refresh": "1"}});
    });
  });
  // A form opened (or being fetched) while that refresh was on its way wins: the list is not
  // swapped under it, or the form would land in a row that is no longer on the page.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var config = event.detail.requestConfig;
    var target = event.detail.target;
    if (config && config.headers && config.headers["X-Planner-Refresh"] && target && target.querySelector("form, .htmx-request")) {
      event.detail.shouldSwap = false;
    }
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { if (event.target && event.target.querySelectorAll) { init(event.target); } });
})();
