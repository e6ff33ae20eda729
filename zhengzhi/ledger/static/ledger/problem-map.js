/* The problem page's small map: the point, and the grid it lies in. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("problem-map-config").textContent);
  var map = zzBasemap.create("problem-map", cfg.basemap, { scrollWheelZoom: false });
  var group = L.featureGroup().addTo(map);
  if (cfg.grid) {
    L.geoJSON(cfg.grid, { style: { color: "#35506b", weight: 1.5, fillColor: "#1f5fa8", fillOpacity: 0.15 } })
      .bindTooltip(cfg.gridName || "").addTo(group);
  }
  if (cfg.point) {
    L.circleMarker([cfg.point[1], cfg.point[0]], { radius: 8, color: "#fff", weight: 2,
      fillColor: "#b3261e", fillOpacity: 1 }).addTo(group);
  }
  var bounds = group.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17, animate: false });
  } else {
    map.setView([30.25, 120.15], 12);
  }
  window.zzProblemMap = map;
})();
