/* The site page's small map: the site, and for a school its protected perimeter with the
   watched trades inside it. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("site-map-config").textContent);
  if (!cfg.point) { return; }
  var map = zzBasemap.create("site-map", cfg.basemap, { scrollWheelZoom: false });
  var at = [cfg.point[1], cfg.point[0]];
  map.setView(at, 17);  // a view first: a circle measures its bounds on a map that has one
  var group = L.featureGroup().addTo(map);
  if (cfg.radius) {
    L.circle(at, { radius: cfg.radius, color: "#b3261e", weight: 1.5, fillOpacity: 0.06 }).addTo(group);
  }
  (cfg.near || []).forEach(function (n) {
    L.circleMarker([n[1], n[0]], { radius: 5, color: "#fff", weight: 1.5, fillColor: "#b26a00",
      fillOpacity: 1 }).bindTooltip(n[2]).addTo(group);
  });
  L.circleMarker(at, { radius: 8, color: "#fff", weight: 2, fillColor: "#1f5fa8", fillOpacity: 1 })
    .addTo(group);
  if (cfg.radius) {
    map.fitBounds(L.latLng(at).toBounds(cfg.radius * 2.2), { animate: false });
  }
})();
