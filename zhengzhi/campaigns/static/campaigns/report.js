/* The progress report form on a phone: photos are shrunk before they are sent
   (zhengzhi/photos.js), then the form posts as usual with the shrunk photos in its file input.
   Without JavaScript, or where a browser cannot put files into an input, the chosen photos are
   sent as they are and the server checks them. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var input = document.getElementById("id_photos");
  if (!form || !input || !window.zzPhotos || typeof DataTransfer === "undefined") { return; }
  var cfg = JSON.parse(document.getElementById("photo-config").textContent);
  var field = form.querySelector('[data-field="photos"]');
  var submit = document.getElementById("report-submit");

  function clearError() {
    Array.prototype.forEach.call(field.querySelectorAll(".errorlist"), function (n) { n.remove(); });
  }
  function showError(messages) {
    clearError();
    var ul = document.createElement("ul");
    ul.className = "errorlist";
    ul.setAttribute("role", "alert");
    messages.forEach(function (m) { var li = document.createElement("li"); li.textContent = m; ul.appendChild(li); });
    field.appendChild(ul);
  }
  var box = window.zzPhotos({
    input: input,
    previews: document.getElementById("previews"),
    note: document.getElementById("photos-note"),
    max: cfg.maxPhotos,
    labels: cfg.labels,
    showError: showError,
    clearError: clearError
  });

  var ready = false;
  form.addEventListener("submit", function (e) {
    if (ready) { return; }  // the photos are in the input: post
    e.preventDefault();
    submit.disabled = true;
    box.ready().then(function () {
      box.fillInput();
      ready = true;
      form.submit();
    });
  });
  window.addEventListener("pageshow", function () { ready = false; submit.disabled = false; });
})();
