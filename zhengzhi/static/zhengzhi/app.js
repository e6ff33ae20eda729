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
    });
  }

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
