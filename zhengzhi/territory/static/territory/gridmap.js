/* The small map on a grid's page: its polygon, fitted, with or without tiles. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("grid-map-config").textContent);
  var map = L.map("grid-map", { zoomSnap: 0.25, attributionControl: !!cfg.tileUrl });
  if (cfg.tileUrl) {
    L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution, maxZoom: 19 }).addTo(map);
  } else {
    map.getContainer().classList.add("no-tiles");
  }
  var layer = L.geoJSON(cfg.geometry, {
    style: { color: "#1f5fa8", weight: 2, fillOpacity: 0.25 }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false });
})();
