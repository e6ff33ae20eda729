/* The checklist: one tap an item, "all pass" for a section, the count answered, and the phone's
   position when the place is not a registered site. Works without it too: the form is plain. */
(function () {
  "use strict";
  var form = document.getElementById("checklist-form");
  if (!form) { return; }
  var answered = document.getElementById("answered");
  function count() {
    var n = 0;
    form.querySelectorAll(".cl-item").forEach(function (item) {
      if (item.querySelector("input[type=radio]:checked")) { n += 1; }
    });
    answered.textContent = String(n);
  }
  form.addEventListener("change", count);
  form.querySelectorAll(".all-pass").forEach(function (button) {
    button.addEventListener("click", function () {
      var section = button.closest(".cl-section");
      section.querySelectorAll(".cl-item").forEach(function (item) {
        if (!item.querySelector("input[type=radio]:checked")) {
          item.querySelector("input[value=pass]").checked = true;
        }
      });
      count();
    });
  });
  count();
  if (navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_lon").value = pos.coords.longitude.toFixed(7);
      document.getElementById("id_lat").value = pos.coords.latitude.toFixed(7);
    }, function () {}, { enableHighAccuracy: true, timeout: 10000 });
  }
})();
