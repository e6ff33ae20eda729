/* The tracking page's map: the grid shapes (as on the public map, map.js) and the point the
   citizen gave, on the public base map (basemap.js). */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("track-map-config").textContent);
  var box = document.getElementById("track-map");
  var note = document.getElementById("track-map-note");
  function unavailable() { box.hidden = true; note.textContent = cfg.labels.mapError; }
  if (typeof L === "undefined") { unavailable(); return; }

  var point = L.latLng(cfg.point[1], cfg.point[0]);
  var map = zzBasemap.create(box, cfg.basemap, { zoomSnap: 0.25, preferCanvas: true });
  map.setView(point, 15);
  window.zzTrackMap = map;  // for the browser test
  L.circleMarker(point, { radius: 9, color: "#b3261e", weight: 3, fillOpacity: 0.5 }).addTo(map);
  fetch(cfg.areasUrl, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (areas) {
      L.geoJSON(areas.boundaries, { interactive: false,
        style: function () { return { color: "#b3261e", weight: 1.5, dashArray: "5 4", fill: false }; } }).addTo(map);
      L.geoJSON(areas.grids, { interactive: false,
        style: function () { return { color: "#35506b", weight: 1, fillColor: "#1f5fa8", fillOpacity: 0.08 }; } }).addTo(map);
      box.setAttribute("data-ready", "1");
    })
    .catch(function () { box.setAttribute("data-ready", "1"); /* the point alone still shows */ });
})();
