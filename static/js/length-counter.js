// A live counter under every text field with a length limit ("812 / 1,000"), red past it.
// The limit is in data-maxlength, never in maxlength: a browser silently cuts pasted text at
// maxlength, while the server refuses a text that is too long with a message and saves nothing.
// No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var number = new Intl.NumberFormat(document.documentElement.lang || undefined);

  // Characters as the server counts them: surrounding spaces stripped, a line break sent as
  // CR LF, characters outside the BMP (emoji) as one.
  function length(field) {
    var value = field.value.trim();
    if (field.tagName === "TEXTAREA") { value = value.replace(/\r?\n/g, "\r\n"); }
    return Array.from(value).length;
  }

  function update(field, counter) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var count = length(field);
    var over = count - limit;
    var text = number.format(count) + " / " + number.format(limit);
    var tooMany = field.getAttribute("data-length-over");
    if (over > 0 && tooMany) { text += " · " + tooMany.replace("{count}", number.format(over)); }
    counter.textContent = text;
    counter.classList.toggle("text-danger", over > 0);
    counter.classList.toggle("fw-semibold", over > 0);
    counter.classList.toggle("length-over", over > 0);
  }

  function init(root) {
    root.querySelectorAll("input[data-maxlength], textarea[data-maxlength]").forEach(function (field) {
      if (field.hasAttribute("data-length-counter")) { return; }
      var counter = document.createElement("div");
      counter.className = "form-text text-end length-counter";
      counter.id = (field.id || field.name) + "-length";
      field.setAttribute("data-length-counter", counter.id);
      field.insertAdjacentElement("afterend", counter);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
      field.addEventListener("input", function () { update(field, counter); });
      update(field, counter);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) { init(event.target); }
  });
})();
