/* Recording a problem: tap the map or use the phone's location; the grid, community and owner
   unit are looked up at once and shown before saving. Categories pick main → sub. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("record-map-config").textContent);
  var T = cfg.labels;
  var lonIn = document.getElementById("id_lon");
  var latIn = document.getElementById("id_lat");
  var result = document.getElementById("route-result");
  var PALETTE = ["#1f5fa8", "#2e8b57", "#b5651d", "#7b3fa0", "#c0392b", "#16808a"];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // ---- the map -------------------------------------------------------------------------------
  var map = zzBasemap.create("record-map", cfg.basemap, { preferCanvas: true });
  map.setView([30.25, 120.15], 13);
  window.zzRecordMap = map;  // for the browser test and the console
  var marker = null;
  var asked = 0;

  function show(d) {
    result.innerHTML = "";
    result.className = "route-result";
    if (d.via === "none") {
      result.className = "route-result warn";
      result.appendChild(el("p", {}, T.nowhere));
      return;
    }
    var dl = el("dl", { "class": "kv" });
    function row(label, value, cls) {
      if (!value) { return; }
      dl.appendChild(el("dt", {}, label));
      dl.appendChild(el("dd", cls ? { "class": cls } : {}, value));
    }
    if (d.grid) {
      row(T.grid, (d.grid.name ? d.grid.name + " · " : "") + d.grid.code);
    }
    row(T.community, d.community && d.community.name);
    row(T.street, d.street && d.street.name);
    row(T.owner, d.unit && d.unit.name, "owner");
    result.appendChild(dl);
    if (d.via === "boundary") { result.appendChild(el("p", { "class": "muted" }, T.noGrid)); }
  }

  function route(latlng) {
    var mine = ++asked;
    result.className = "route-result busy";
    result.textContent = T.routing;
    var url = cfg.routeUrl + "?lon=" + latlng.lng.toFixed(7) + "&lat=" + latlng.lat.toFixed(7);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (d) { if (mine === asked) { show(d); } })
      .catch(function () {
        if (mine === asked) { result.className = "route-result bad"; result.textContent = T.routeError; }
      });
  }

  function setPoint(latlng, centre) {
    lonIn.value = latlng.lng.toFixed(7);
    latIn.value = latlng.lat.toFixed(7);
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    if (centre) { map.setView(latlng, Math.max(map.getZoom(), 16)); }
    route(latlng);
  }

  map.on("click", function (e) { setPoint(e.latlng, false); });

  var kept = lonIn.value && latIn.value
    ? L.latLng(parseFloat(latIn.value), parseFloat(lonIn.value)) : null;

  fetch(cfg.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (data) {
      var all = L.featureGroup().addTo(map);
      L.geoJSON(data.boundaries, { interactive: false,
        style: function () { return { color: "#b3261e", weight: 1.5, dashArray: "5 4", fill: false }; }
      }).addTo(all);
      // Not interactive: a tap anywhere, on a grid or not, places the point.
      L.geoJSON(data.grids, { interactive: false,
        style: function (f) {
          return { color: "#35506b", weight: 1, fillOpacity: 0.22,
                   fillColor: PALETTE[Math.abs(f.properties.community_id || 0) % PALETTE.length] };
        }
      }).addTo(all);
      document.getElementById("record-map").setAttribute("data-grids", data.grids.features.length);
      if (!kept && all.getBounds().isValid()) { map.fitBounds(all.getBounds(), { animate: false }); }
    })
    .catch(function () {
      result.className = "route-result warn";
      result.textContent = T.mapError;
    });

  if (kept) {
    map.setView(kept, 16);
    setPoint(kept, false);
  }

  // ---- "use my location" (needs HTTPS, or localhost) -----------------------------------------
  var locate = document.getElementById("use-location");
  if (!navigator.geolocation) { locate.hidden = true; }
  locate.addEventListener("click", function () {
    result.className = "route-result busy";
    result.textContent = T.locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(L.latLng(pos.coords.latitude, pos.coords.longitude), true);
      if (pos.coords.accuracy) {
        var note = document.getElementById("location-accuracy") || el("p", { id: "location-accuracy", "class": "helptext" });
        note.textContent = T.located.replace("%(m)s", Math.round(pos.coords.accuracy));
        result.parentNode.insertBefore(note, result);
      }
    }, function () {
      result.className = "route-result warn";
      result.textContent = T.noLocation;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  // ---- category: main → sub ------------------------------------------------------------------
  var sub = document.getElementById("id_category");
  var groups = Array.prototype.slice.call(sub.querySelectorAll("optgroup")).map(function (g) {
    return { label: g.label, options: Array.prototype.slice.call(g.querySelectorAll("option")) };
  });
  var placeholder = sub.querySelector("option[value='']");
  // The main categories grouped by kind (事件 / 部件): two of them may both be "其他".
  var main = el("select", { id: "id_main_category", "aria-label": T.mainCategory });
  sub.setAttribute("aria-label", T.subCategory);
  main.appendChild(el("option", { value: "" }, placeholder ? placeholder.textContent : "—"));
  var kindGroups = {};
  groups.forEach(function (g, i) {
    var kind = (cfg.categoryKinds || {})[g.label] || "";
    var parent = main;
    if (kind && T.kinds[kind]) {
      if (!kindGroups[kind]) {
        kindGroups[kind] = el("optgroup", { label: T.kinds[kind] });
        main.appendChild(kindGroups[kind]);
      }
      parent = kindGroups[kind];
    }
    parent.appendChild(el("option", { value: String(i) }, g.label));
  });
  sub.parentNode.insertBefore(main, sub);
  var chosen = sub.value;

  function fill(index) {
    sub.innerHTML = "";
    if (placeholder) { sub.appendChild(placeholder); }
    var g = groups[index];
    sub.disabled = !g;
    if (!g) { return; }
    g.options.forEach(function (o) { sub.appendChild(o); });
  }
  main.addEventListener("change", function () { fill(parseInt(main.value, 10)); sub.value = ""; sub.focus(); });
  var start = groups.findIndex(function (g) {
    return g.options.some(function (o) { return o.value === chosen; });
  });
  if (start >= 0) { main.value = String(start); fill(start); sub.value = chosen; } else { fill(-1); }

  // ---- photos: how many, with previews ---------------------------------------------------------
  var photos = document.getElementById("id_photos");
  var chosenNote = document.getElementById("photos-chosen");
  var previews = el("div", { "class": "previews" });
  chosenNote.parentNode.insertBefore(previews, chosenNote.nextSibling);
  photos.addEventListener("change", function () {
    previews.innerHTML = "";
    chosenNote.textContent = T.photosChosen.replace("%(n)s", photos.files.length);
    Array.prototype.forEach.call(photos.files, function (f) {
      if (f.type.indexOf("image/") === 0) {
        previews.appendChild(el("img", { src: URL.createObjectURL(f), "class": "thumb-sm", alt: "" }));
      }
    });
  });

  // One tap, one problem: no double submits on a slow network.
  var submit = document.getElementById("record-submit");
  document.getElementById("record-form").addEventListener("submit", function () {
    submit.disabled = true;
  });
  window.addEventListener("pageshow", function () { submit.disabled = false; });
})();
