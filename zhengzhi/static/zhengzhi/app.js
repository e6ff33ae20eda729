/* Site-wide behaviour, kept tiny: the phone menu and confirmations of destructive forms. */
(function () {
  "use strict";

  // Phone menu: the button shows and hides the nav and tools (app.css hides them under 700px).
  var toggle = document.querySelector(".navtoggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var bar = toggle.closest(".topbar");
      var open = bar.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      // On a phone the menu is a list: its groups show their pages at once.
      Array.prototype.forEach.call(bar.querySelectorAll("details.navgroup"), function (d) { d.open = open; });
    });
  }
  // Navigation groups on a wide screen: one open at a time, closed by a click elsewhere or Esc.
  var groups = document.querySelectorAll("details.navgroup");
  function closeGroups(except) {
    Array.prototype.forEach.call(groups, function (d) { if (d !== except) { d.open = false; } });
  }
  Array.prototype.forEach.call(groups, function (d) {
    d.addEventListener("toggle", function () {
      if (d.open && !d.closest(".nav-open")) { closeGroups(d); }
    });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest("details.navgroup") && !e.target.closest(".nav-open")) { closeGroups(null); }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { closeGroups(null); } });

  // <form data-confirm="reset-password" data-confirm-name="张三">: the key names a translated
  // text in #confirm-texts (base.html); any other value is shown as it is. Capture phase, so a
  // refusal also stops htmx from sending the form.
  var texts = document.getElementById("confirm-texts");
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var key = form.getAttribute && form.getAttribute("data-confirm");
    if (!key) { return; }
    var dataKey = key.replace(/-([a-z])/g, function (m, c) { return c.toUpperCase(); });
    var text = (texts && texts.dataset[dataKey]) || key;
    text = text.replace("{name}", form.getAttribute("data-confirm-name") || "");
    if (!window.confirm(text)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
})();
