/* A <select data-autosubmit> (the language menu) submits its form when changed. An external
   file, not an onchange attribute: the Content-Security-Policy refuses inline handlers. */
(function () {
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
})();
