/* The site form's map: a click places the site and fills longitude and latitude; typing them
   moves the marker. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("pick-map-config").textContent);
  var lon = document.getElementById("id_lon"), lat = document.getElementById("id_lat");
  var map = zzBasemap.create("pick-map", cfg.basemap, { scrollWheelZoom: false });
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.circleMarker(latlng, { radius: 8, color: "#fff", weight: 2, fillColor: "#b3261e",
        fillOpacity: 1 }).addTo(map);
    }
  }
  function fromInputs() {
    var x = parseFloat(lon.value), y = parseFloat(lat.value);
    if (isFinite(x) && isFinite(y)) { place([y, x]); return [y, x]; }
    return null;
  }
  var start = fromInputs();
  if (start) { map.setView(start, 17); } else { map.setView([30.25, 120.15], 13); }
  map.on("click", function (e) {
    lon.value = e.latlng.lng.toFixed(6);
    lat.value = e.latlng.lat.toFixed(6);
    place(e.latlng);
  });
  lon.addEventListener("change", fromInputs);
  lat.addEventListener("change", fromInputs);
})();
