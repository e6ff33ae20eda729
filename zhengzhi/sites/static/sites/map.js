/* The map of sites: the filtered sites' points (one compact JSON answer), clustered so that
   thousands stay quick; colour by status, red for the watch list; a popup links to the page. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("sites-map-config").textContent);
  var map = zzBasemap.create("sites-map", cfg.basemap, { zoomSnap: 0.25 });
  var COLOURS = { open: "#1f5fa8", suspended: "#b26a00", closed: "#8a96a3", cleared: "#8a96a3" };
  var summary = document.getElementById("map-summary");
  var clusters = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 50,
    spiderfyOnMaxZoom: true, showCoverageOnHover: false });
  map.addLayer(clusters);
  map.setView([30.25, 120.15], 12);

  function text(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  function fill(template, n) { return template.replace("%(n)s", n); }

  fetch(cfg.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      var markers = [];
      data.points.forEach(function (p) {
        // [id, lon, lat, status, watch, kind, code, name]
        var colour = p[4] ? "#b3261e" : (COLOURS[p[3]] || "#1f5fa8");
        var m = L.circleMarker([p[2], p[1]], { radius: p[4] ? 8 : 6, color: "#fff", weight: 2,
          fillColor: colour, fillOpacity: 0.95 });
        var url = cfg.siteUrl.replace("999999999", p[0]);
        m.bindPopup(function () {
          return '<div class="map-popup"><h3>' + text(p[7]) + '</h3><p class="mono">' + text(p[6]) +
            " · " + text(data.kinds[p[5]] || "") + "<br>" + text(cfg.statuses[p[3]] || p[3]) +
            (p[4] ? ' · <b class="bad">' + text(cfg.labels.watch) + "</b>" : "") +
            '</p><a href="' + url + '">' + text(cfg.labels.open) + " →</a></div>";
        });
        markers.push(m);
      });
      clusters.addLayers(markers);
      var msg = fill(cfg.labels.shown, data.points.length);
      if (data.without_point) { msg += "; " + fill(cfg.labels.noPoint, data.without_point); }
      summary.textContent = msg;
      if (markers.length) {
        // From the points themselves: the clusters fill in chunks, after this returns.
        var bounds = L.latLngBounds(data.points.map(function (p) { return [p[2], p[1]]; }));
        var panel = document.getElementById("map-panel");
        var phone = window.matchMedia("(max-width: 700px)").matches;
        map.fitBounds(bounds, { paddingTopLeft: [30, 30], animate: false, maxZoom: 16,
          paddingBottomRight: [phone ? 30 : panel.offsetWidth + 30, phone ? panel.offsetHeight + 30 : 30] });
      }
    })
    .catch(function () { summary.textContent = cfg.labels.error; });
  window.zzSitesMap = map;
})();
