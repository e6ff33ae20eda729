/* The small map on a grid's page: its polygon, fitted, on the base map (basemap.js). */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("grid-map-config").textContent);
  var map = zzBasemap.create("grid-map", cfg.basemap);
  var layer = L.geoJSON(cfg.geometry, {
    style: { color: "#1f5fa8", weight: 2, fillOpacity: 0.25 }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false });
})();
