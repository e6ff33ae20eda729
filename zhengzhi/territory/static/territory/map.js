/* Territory map: grids, boundaries and street segments from the app's own JSON; no tiles needed. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("territory-map-config").textContent);
  var T = cfg.labels;
  var PALETTE = ["#1f5fa8", "#2e8b57", "#b5651d", "#7b3fa0", "#c0392b", "#16808a", "#8a7a16",
                 "#a0406a", "#4a6b1f", "#3c4fa8"];
  var BOUNDARY_STYLE = {
    district: { color: "#4a5866", weight: 3, dashArray: "10 6", fill: false },
    street: { color: "#1f5fa8", weight: 3, fill: false },
    community: { color: "#b3261e", weight: 1.5, dashArray: "5 4", fill: false }
  };

  var map = L.map("territory-map", { zoomSnap: 0.25, attributionControl: !!cfg.tileUrl });
  if (cfg.tileUrl) {
    L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution, maxZoom: 19 }).addTo(map);
  } else {
    map.getContainer().classList.add("no-tiles");
  }
  map.setView([30.25, 120.15], 13);
  window.zzTerritoryMap = map;  // for the browser tests and the console
  L.control.scale({ imperial: false }).addTo(map);

  var locateEverywhere = document.getElementById("where-mode");
  var resultBox = document.getElementById("where-result");
  var marker = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function details(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (!row[1]) { return; }
      dl.appendChild(el("dt", {}, row[0]));
      dl.appendChild(el("dd", {}, row[1]));
    });
    return dl;
  }

  function gridPopup(p) {
    var box = el("div", { "class": "map-popup" });
    box.appendChild(el("h3", {}, p.name));
    box.appendChild(details([
      [T.code, p.code], [T.community, p.community], [T.street, p.street],
      [T.worker, p.worker], [T.phone, p.phone], [T.responsibleParty, p.responsible_party]
    ]));
    if (p.url) { box.appendChild(el("a", { href: p.url }, T.open)); }
    return box;
  }

  function segmentPopup(p) {
    var box = el("div", { "class": "map-popup" });
    box.appendChild(el("h3", {}, p.name));
    box.appendChild(details([
      [T.segment, p.code], [T.unit, p.unit], [T.community, p.community],
      [T.responsibleParty, p.responsible_party]
    ]));
    return box;
  }

  // The panel floats over the map: on the right on wide screens, at the bottom on phones.
  function panelPadding() {
    var panel = document.getElementById("map-panel");
    if (!panel) { return [20, 20]; }
    return window.innerWidth > 640 ? [panel.offsetWidth + 24, 20] : [20, panel.offsetHeight + 16];
  }

  function colour(id) { return PALETTE[Math.abs(id || 0) % PALETTE.length]; }

  function draw(data) {
    var all = L.featureGroup().addTo(map);
    var grids = L.geoJSON(data.grids, {
      style: function (f) {
        return { color: "#35506b", weight: 1, fillColor: colour(f.properties.community_id),
                 fillOpacity: 0.28 };
      },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(f.properties.name, { permanent: false, direction: "center",
                                               className: "grid-label" });
        layer.on("click", function (e) {
          if (locateEverywhere.checked) { return; }  // the map's click handler locates it
          L.DomEvent.stopPropagation(e);
          L.popup({ autoPanPaddingBottomRight: panelPadding() })
            .setLatLng(e.latlng).setContent(gridPopup(f.properties)).openOn(map);
        });
        layer.on("mouseover", function () { layer.setStyle({ fillOpacity: 0.5 }); });
        layer.on("mouseout", function () { grids.resetStyle(layer); });
      }
    }).addTo(all);
    // Boundaries above the grids so their lines show; not interactive, so clicks go through.
    L.geoJSON(data.boundaries, {
      interactive: false,
      style: function (f) { return BOUNDARY_STYLE[f.properties.level] || BOUNDARY_STYLE.community; }
    }).addTo(all);
    L.geoJSON(data.segments, {
      style: function () { return { color: "#e08a00", weight: 5, opacity: 0.9 }; },
      onEachFeature: function (f, layer) {
        layer.on("click", function (e) {
          if (locateEverywhere.checked) { return; }
          L.DomEvent.stopPropagation(e);
          L.popup({ autoPanPaddingBottomRight: panelPadding() })
            .setLatLng(e.latlng).setContent(segmentPopup(f.properties)).openOn(map);
        });
      }
    }).addTo(all);
    var n = data.grids.features.length;
    document.getElementById("map-summary").textContent = n || data.segments.features.length
      ? T.summary.replace("%(grids)s", n).replace("%(segments)s", data.segments.features.length)
      : T.empty;
    var bounds = all.getBounds();
    if (bounds.isValid()) {
      // Keep the polygons clear of the floating panel when the window is wide enough.
      map.fitBounds(bounds, { paddingTopLeft: [20, 20], paddingBottomRight: panelPadding(),
                              animate: false });
    }
    document.getElementById("territory-map").setAttribute("data-ready", "1");
  }

  function unitName(u) { return u ? u.name : ""; }

  function showResolution(r, latlng) {
    var box = el("div", { "class": "map-popup" });
    if (r.via === "grid") {
      var g = r.grid;
      box.appendChild(el("h3", {}, g.name ? g.name : T.grid + " " + g.code));
      box.appendChild(details([
        [T.code, g.code], [T.community, unitName(r.community)], [T.street, unitName(r.street)],
        [T.district, unitName(r.district)], [T.worker, g.worker], [T.phone, g.phone],
        [T.responsibleParty, g.responsible_party]
      ]));
      if (g.url) { box.appendChild(el("a", { href: g.url }, T.open)); }
    } else if (r.via === "boundary") {
      box.appendChild(el("h3", {}, T.noGrid));
      box.appendChild(el("p", { "class": "via" }, T.fallsTo.replace("%(unit)s", unitName(r.unit))));
      box.appendChild(details([[T.street, unitName(r.street)], [T.district, unitName(r.district)]]));
    } else {
      box.appendChild(el("h3", {}, T.nowhere));
    }
    box.appendChild(el("p", { "class": "muted" }, r.lon.toFixed(6) + ", " + r.lat.toFixed(6)));
    resultBox.replaceChildren(box.cloneNode(true));
    resultBox.setAttribute("data-via", r.via);
    if (marker) { marker.remove(); }
    marker = L.circleMarker(latlng, { radius: 6, color: "#b3261e", weight: 2, fillOpacity: 0.8 })
      .addTo(map).bindPopup(box, { autoPanPaddingBottomRight: panelPadding() }).openPopup();
  }

  function locate(lon, lat) {
    var url = cfg.whereUrl + "?lon=" + encodeURIComponent(lon) + "&lat=" + encodeURIComponent(lat);
    resultBox.textContent = T.locating;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (resp) { return resp.json().then(function (body) { return [resp.ok, body]; }); })
      .then(function (res) {
        if (!res[0]) { resultBox.textContent = res[1].detail || T.error; return; }
        showResolution(res[1], L.latLng(lat, lon));
      })
      .catch(function () { resultBox.textContent = T.error; });
  }

  map.on("click", function (e) {
    var lon = e.latlng.lng, lat = e.latlng.lat;
    document.getElementById("where-lon").value = lon.toFixed(6);
    document.getElementById("where-lat").value = lat.toFixed(6);
    locate(lon, lat);
  });
  document.getElementById("where-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var lon = parseFloat(document.getElementById("where-lon").value);
    var lat = parseFloat(document.getElementById("where-lat").value);
    if (isNaN(lon) || isNaN(lat)) { return; }
    locate(lon, lat);
  });

  fetch(cfg.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (resp) { if (!resp.ok) { throw new Error(resp.status); } return resp.json(); })
    .then(draw)
    .catch(function () { document.getElementById("map-summary").textContent = T.error; });
})();
