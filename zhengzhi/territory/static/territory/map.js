/* Territory map: grids, boundaries and street segments from the app's own JSON, on
   the base map (basemap.js). */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("territory-map-config").textContent);
  var T = cfg.labels;
  var mapEl = document.getElementById("territory-map");
  var P = mapEl.dataset;  // the page's own texts (map.html)
  var PALETTE = ["#1f5fa8", "#2e8b57", "#b5651d", "#7b3fa0", "#c0392b", "#16808a", "#8a7a16",
                 "#a0406a", "#4a6b1f", "#3c4fa8"];
  // Drawn in this order, the finer level last: a community boundary often runs along a street
  // boundary or a street segment, and its red dashes must stay visible on top of them.
  var BOUNDARY_STYLE = {
    district: { color: "#4a5866", weight: 3, dashArray: "10 6", fill: false },
    street: { color: "#1f5fa8", weight: 3.5, fill: false },
    community: { color: "#b3261e", weight: 2, dashArray: "6 4", fill: false }
  };
  var LEVEL_ORDER = { district: 0, street: 1, community: 2 };

  var map = zzBasemap.create("territory-map", cfg.basemap, { zoomControl: false });
  L.control.zoom({ zoomInTitle: P.zoomIn, zoomOutTitle: P.zoomOut }).addTo(map);
  map.setView([30.25, 120.15], 13);
  window.zzTerritoryMap = map;  // for the browser tests and the console
  L.control.scale({ imperial: false }).addTo(map);

  var resultBox = document.getElementById("where-result");
  var marker = null;
  var myArea = null;  // bounds of the user's grids (or of everything drawn), for "back to my area"
  var here = null;    // the "my location" accuracy circle

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

  // The panel floats over the map: on the right on wide screens, at the bottom on phones, where
  // it starts folded (map.css) so that it does not cover the map.
  var panel = document.getElementById("map-panel");
  var panelBody = document.getElementById("map-panel-body");
  var panelToggle = document.getElementById("map-panel-toggle");
  function panelOpen() { return getComputedStyle(panelBody).display !== "none"; }
  function syncPanelToggle() {
    var open = panelOpen();
    panelToggle.textContent = open ? P.collapse : P.expand;
    panelToggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("folded", !open);
  }
  panelToggle.addEventListener("click", function () {
    panel.setAttribute("data-open", panelOpen() ? "false" : "true");
    syncPanelToggle();
  });
  syncPanelToggle();

  function panelPadding() {
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
          // The grid's own popup, and the point's resolution in the panel as for any click.
          L.DomEvent.stopPropagation(e);
          L.popup({ autoPanPaddingBottomRight: panelPadding() })
            .setLatLng(e.latlng).setContent(gridPopup(f.properties)).openOn(map);
          locateLatLng(e.latlng, false);
        });
        layer.on("mouseover", function () { layer.setStyle({ fillOpacity: 0.5 }); });
        layer.on("mouseout", function () { grids.resetStyle(layer); });
      }
    }).addTo(all);
    L.geoJSON(data.segments, {
      style: function () { return { color: "#e08a00", weight: 5, opacity: 0.9 }; },
      onEachFeature: function (f, layer) {
        layer.on("click", function (e) {
          L.DomEvent.stopPropagation(e);
          L.popup({ autoPanPaddingBottomRight: panelPadding() })
            .setLatLng(e.latlng).setContent(segmentPopup(f.properties)).openOn(map);
          locateLatLng(e.latlng, false);
        });
      }
    }).addTo(all);
    // Boundaries on top so their lines show, coarse to fine; not interactive, so clicks reach the
    // grids and segments below.
    var levels = data.boundaries.features.slice().sort(function (a, b) {
      return (LEVEL_ORDER[a.properties.level] || 0) - (LEVEL_ORDER[b.properties.level] || 0);
    });
    L.geoJSON({ type: "FeatureCollection", features: levels }, {
      interactive: false,
      style: function (f) { return BOUNDARY_STYLE[f.properties.level] || BOUNDARY_STYLE.community; }
    }).addTo(all);
    var n = data.grids.features.length;
    document.getElementById("map-summary").textContent = n || data.segments.features.length
      ? T.summary.replace("%(grids)s", n).replace("%(segments)s", data.segments.features.length)
      : T.empty;
    var bounds = grids.getBounds();
    myArea = bounds.isValid() ? bounds : all.getBounds();
    fitMyArea(false);
    mapEl.setAttribute("data-ready", "1");
  }

  function unitName(u) { return u ? u.name : ""; }

  // Keep the polygons clear of the floating panel.
  function fitMyArea(animate) {
    if (!myArea || !myArea.isValid()) { return; }
    if (animate) { map.closePopup(); }
    map.fitBounds(myArea, { paddingTopLeft: [20, 20], paddingBottomRight: panelPadding(),
                            animate: animate });
  }

  function showResolution(r, latlng, withPopup) {
    var box = el("div", { "class": "map-popup" });
    if (r.via === "grid" && r.grid) {
      var g = r.grid;
      box.appendChild(el("h3", {}, g.name ? g.name : T.grid + " " + g.code));
      box.appendChild(details([
        [T.code, g.code], [T.community, unitName(r.community)], [T.street, unitName(r.street)],
        [T.district, unitName(r.district)], [T.worker, g.worker], [T.phone, g.phone],
        [T.responsibleParty, g.responsible_party]
      ]));
      if (g.url) { box.appendChild(el("a", { href: g.url }, T.open)); }
    } else if (r.via === "grid") {
      // Another unit's grid: where it belongs, not the grid or its worker.
      box.appendChild(el("h3", {}, T.otherGrid.replace("%(unit)s", unitName(r.community))));
      box.appendChild(details([
        [T.community, unitName(r.community)], [T.street, unitName(r.street)],
        [T.district, unitName(r.district)]
      ]));
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
      .addTo(map).bindPopup(box, { autoPanPaddingBottomRight: panelPadding() });
    if (withPopup) { marker.openPopup(); }
  }

  // withPopup false: another popup (a grid's) is already open and says the same.
  function locate(lon, lat, withPopup) {
    var url = cfg.whereUrl + "?lon=" + encodeURIComponent(lon) + "&lat=" + encodeURIComponent(lat);
    resultBox.textContent = T.locating;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (resp) { return resp.json().then(function (body) { return [resp.ok, body]; }); })
      .then(function (res) {
        if (!res[0]) { resultBox.textContent = res[1].detail || T.error; return; }
        showResolution(res[1], L.latLng(lat, lon), withPopup !== false);
      })
      .catch(function () { resultBox.textContent = T.error; });
  }

  function locateLatLng(latlng, withPopup) {
    document.getElementById("where-lon").value = latlng.lng.toFixed(6);
    document.getElementById("where-lat").value = latlng.lat.toFixed(6);
    locate(latlng.lng, latlng.lat, withPopup);
  }
  map.on("click", function (e) { locateLatLng(e.latlng, true); });

  // A short message over the map: the panel may be folded away on a phone.
  var toast = document.getElementById("map-toast");
  var toastTimer = null;
  function say(text, sticky) {
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    if (!sticky) { toastTimer = setTimeout(function () { toast.hidden = true; }, 6000); }
  }

  function findMe() {
    if (!navigator.geolocation) { say(P.geoUnsupported); return; }
    say(P.finding, true);
    navigator.geolocation.getCurrentPosition(function (pos) {
      var latlng = L.latLng(pos.coords.latitude, pos.coords.longitude);
      var accuracy = Math.round(pos.coords.accuracy || 0);
      if (here) { here.remove(); }
      here = L.circle(latlng, { radius: accuracy, color: "#1f5fa8", weight: 1, fillOpacity: 0.12,
                                interactive: false }).addTo(map);
      map.fitBounds(here.getBounds(), { maxZoom: 17, paddingTopLeft: [20, 20],
                                        paddingBottomRight: panelPadding() });
      say(P.youAreHere.replace("{m}", accuracy));
      locateLatLng(latlng, true);
    }, function (err) {
      say(err.code === 1 ? P.geoDenied : P.geoFailed);
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  }

  // Two buttons under the zoom buttons: "my location" and "back to my area".
  var ICON_LOCATE = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><circle cx="12" cy="12" r="4" fill="currentColor"/><circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 1v4M12 19v4M1 12h4M19 12h4" stroke="currentColor" stroke-width="2"/></svg>';
  var ICON_AREA = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M3 8V3h5M16 3h5v5M21 16v5h-5M8 21H3v-5" fill="none" stroke="currentColor" stroke-width="2"/><rect x="8" y="8" width="8" height="8" fill="currentColor" opacity=".5"/></svg>';
  var Tools = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      var bar = L.DomUtil.create("div", "leaflet-bar map-tools");
      [["map-locate-me", P.myLocation, ICON_LOCATE, findMe],
       ["map-my-area", P.myArea, ICON_AREA, function () { fitMyArea(true); }]]
        .forEach(function (b) {
          var btn = L.DomUtil.create("button", b[0], bar);
          btn.type = "button";
          btn.title = b[1];
          btn.setAttribute("aria-label", b[1]);
          btn.innerHTML = b[2];
          L.DomEvent.on(btn, "click", function (e) { L.DomEvent.stop(e); b[3](); });
        });
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    }
  });
  new Tools().addTo(map);
  document.getElementById("where-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var lon = parseFloat(document.getElementById("where-lon").value);
    var lat = parseFloat(document.getElementById("where-lat").value);
    if (isNaN(lon) || isNaN(lat)) { return; }
    locate(lon, lat, true);
  });

  fetch(cfg.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (resp) { if (!resp.ok) { throw new Error(resp.status); } return resp.json(); })
    .then(draw)
    .catch(function () { document.getElementById("map-summary").textContent = T.error; });
})();
