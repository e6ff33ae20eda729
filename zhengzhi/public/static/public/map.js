/* The public map of recent problems: grid shapes on the base map (basemap.js) and one dot per problem, coloured by
   its public status. The list under the map holds the same, for when the map is unavailable. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("map-config").textContent);
  var note = document.getElementById("map-note");
  var box = document.getElementById("public-map");
  var COLOURS = { "new": "#b26a00", handling: "#1f5fa8", checking: "#7b3fa0", done: "#1e7b3a", accepted: "#1f5fa8" };
  function unavailable() { box.hidden = true; note.textContent = cfg.labels.mapError; }
  if (typeof L === "undefined") { unavailable(); return; }
  var map = zzBasemap.create(box, cfg.basemap, { preferCanvas: true });
  map.setView([30.25, 120.15], 13);
  window.zzPublicMap = map;
  function get(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }
  Promise.all([get(cfg.areasUrl), get(cfg.problemsUrl)]).then(function (res) {
    var areas = res[0], problems = res[1];
    var all = L.featureGroup().addTo(map);
    L.geoJSON(areas.boundaries, { interactive: false,
      style: function () { return { color: "#b3261e", weight: 1.5, dashArray: "5 4", fill: false }; } }).addTo(all);
    L.geoJSON(areas.grids, { interactive: false,
      style: function () { return { color: "#35506b", weight: 1, fillColor: "#1f5fa8", fillOpacity: 0.08 }; } }).addTo(all);
    var dots = L.geoJSON(problems, {
      pointToLayer: function (f, ll) {
        return L.circleMarker(ll, { radius: 7, weight: 2, color: "#fff", fillOpacity: 0.9,
                                    fillColor: COLOURS[f.properties.css] || "#1f5fa8" });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        var div = document.createElement("div");
        var b = document.createElement("strong"); b.textContent = p.kind; div.appendChild(b);
        div.appendChild(document.createElement("br"));
        div.appendChild(document.createTextNode(p.status + " · " + cfg.labels.reported + " " + p.date));
        if (p.times > 1) { div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(cfg.labels.times.replace("%(n)s", p.times))); }
        layer.bindPopup(div);
      }
    }).addTo(all);
    box.setAttribute("data-points", problems.features.length);
    if (all.getBounds().isValid()) { map.fitBounds(all.getBounds(), { animate: false, padding: [10, 10] }); }
  }).catch(function () { map.remove(); unavailable(); });
})();
