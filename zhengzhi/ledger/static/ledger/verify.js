/* Verifying on the spot (核查销号): "Record where I stand" fills the close form's position from
   the phone (browser geolocation) and says how far that is from the problem's point; the server
   computes the distance again and keeps it with the close. */
(function () {
  "use strict";
  var R = 6371008.8;
  function distance(lon1, lat1, lon2, lat2) {
    var rad = Math.PI / 180, p1 = lat1 * rad, p2 = lat2 * rad;
    var dp = p2 - p1, dl = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-locate]"), function (button) {
    var form = button.form || button.closest("form");
    var result = button.parentNode.querySelector("[data-locate-result]");
    function set(name, value) { var input = form.querySelector('[name="' + name + '"]'); if (input) { input.value = value; } }
    if (!navigator.geolocation) { button.hidden = true; return; }
    button.addEventListener("click", function () {
      result.textContent = button.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(function (pos) {
        var lon = pos.coords.longitude, lat = pos.coords.latitude;
        set("stood_lon", lon.toFixed(7));
        set("stood_lat", lat.toFixed(7));
        set("stood_accuracy", Math.round(pos.coords.accuracy || 0));
        var text = button.getAttribute("data-located").replace("%(m)s", Math.round(pos.coords.accuracy || 0));
        var point = (button.getAttribute("data-point") || "").split(",");
        if (point.length === 2) {
          var d = distance(lon, lat, parseFloat(point[0]), parseFloat(point[1]));
          text = button.getAttribute("data-distance").replace("%(d)s", Math.round(d)) + " " + text;
        }
        result.textContent = text;
        form.setAttribute("data-located", "1");
      }, function () {
        result.textContent = button.getAttribute("data-unavailable");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
    });
  });
})();
