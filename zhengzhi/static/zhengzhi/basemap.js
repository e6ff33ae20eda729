/* The base map under every map of the app: one call creates a Leaflet map with the coordinate
   system and base layers the server configured (zhengzhi/core/basemap.py), and with the
   district's own streets and names when there is no base map at all.

     var map = zzBasemap.create("my-map", cfg.basemap, { zoomSnap: 0.25 });

   Every point the app stores, sends and receives is WGS-84. With a GCJ-02 service the map's
   projection shifts points WGS-84 → GCJ-02 to draw them and a tap back GCJ-02 → WGS-84 (an
   iterative inverse), so callers keep using plain L.latLng in WGS-84: markers, GeoJSON,
   fitBounds and click events all just work.

   Loaded after leaflet.js (zhengzhi/_leaflet_js.html); the vector-tile libraries (pmtiles,
   protomaps-leaflet) are loaded only by a map that needs them, from the URLs in this script's
   data attributes. Also usable from Node (module.exports), for the GCJ-02 unit tests. */
(function (root, factory) {
  "use strict";
  var api = factory(typeof document !== "undefined" ? document.currentScript : null);
  if (typeof module === "object" && module.exports) { module.exports = api; } else { root.zzBasemap = api; }
})(this, function (me) {
  "use strict";

  // ---- GCJ-02 ("Mars coordinates"), the offset system of Chinese commercial maps ------------
  var A = 6378245.0;
  var EE = 0.00669342162296594323;
  var PI = Math.PI;

  function outOfChina(lat, lng) {
    return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
  }
  function tLat(x, y) {
    var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    r += (160.0 * Math.sin(y / 12.0 * PI) + 320 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    return r;
  }
  function tLng(x, y) {
    var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    r += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    return r;
  }
  function delta(lat, lng) {
    var dLat = tLat(lng - 105.0, lat - 35.0);
    var dLng = tLng(lng - 105.0, lat - 35.0);
    var radLat = lat / 180.0 * PI;
    var magic = Math.sin(radLat);
    magic = 1 - EE * magic * magic;
    var sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * PI);
    dLng = (dLng * 180.0) / (A / sqrtMagic * Math.cos(radLat) * PI);
    return [dLat, dLng];
  }
  /* WGS-84 → GCJ-02, [lat, lng] in and out. Outside mainland China there is no offset. */
  function wgsToGcj(lat, lng) {
    if (outOfChina(lat, lng)) { return [lat, lng]; }
    var d = delta(lat, lng);
    return [lat + d[0], lng + d[1]];
  }
  /* GCJ-02 → WGS-84 by fixed-point iteration: the offset varies slowly, so each step takes
     the error of the forward transform off the guess; converges to < 1e-9° in a few steps. */
  function gcjToWgs(lat, lng) {
    if (outOfChina(lat, lng)) { return [lat, lng]; }
    var d = delta(lat, lng);
    var wLat = lat - d[0], wLng = lng - d[1];
    for (var i = 0; i < 30; i++) {
      var g = wgsToGcj(wLat, wLng);
      var eLat = g[0] - lat, eLng = g[1] - lng;
      wLat -= eLat; wLng -= eLng;
      if (Math.abs(eLat) < 1e-10 && Math.abs(eLng) < 1e-10) { break; }
    }
    return [wLat, wLng];
  }
  var gcj02 = { wgsToGcj: wgsToGcj, gcjToWgs: gcjToWgs, outOfChina: outOfChina };

  // ---- Coordinate systems --------------------------------------------------------------------
  function gcjCrs() {
    var SM = L.Projection.SphericalMercator;
    return L.extend({}, L.CRS.EPSG3857, {
      code: "GCJ02",
      projection: {
        bounds: SM.bounds,
        project: function (ll) { var g = wgsToGcj(ll.lat, ll.lng); return SM.project(L.latLng(g[0], g[1])); },
        unproject: function (p) { var ll = SM.unproject(p); var w = gcjToWgs(ll.lat, ll.lng); return L.latLng(w[0], w[1]); }
      }
    });
  }
  function crsFor(name) {
    if (name === "wgs84") { return L.CRS.EPSG4326; }
    if (name === "gcj02") { return gcjCrs(); }
    return L.CRS.EPSG3857;
  }

  // ---- Vector-tile libraries, loaded on demand -----------------------------------------------
  var scripts = {};
  function load(name) {
    var url = me && me.getAttribute("data-" + name);
    if (!url) { return Promise.reject(new Error("no " + name)); }
    if (!scripts[name]) {
      scripts[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = url;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return scripts[name];
  }
  function protomapsLang() {
    var lang = (document.documentElement.lang || "zh-hans").toLowerCase();
    if (lang.indexOf("zh-hant") === 0 || lang === "zh-tw" || lang === "zh-hk") { return "zh-Hant"; }
    return lang.indexOf("zh") === 0 ? "zh-Hans" : "en";
  }

  function baseLayer(spec, attribution) {
    var opts = { maxZoom: spec.maxZoom || 19, maxNativeZoom: spec.maxNativeZoom, zoomOffset: spec.zoomOffset || 0 };
    if (attribution) { opts.attribution = attribution; }
    if (spec.subdomains) { opts.subdomains = spec.subdomains; }
    if (opts.maxNativeZoom === undefined) { delete opts.maxNativeZoom; }
    if (spec.kind === "raster") { return Promise.resolve(L.tileLayer(spec.url, opts)); }
    if (spec.kind === "pmtiles-raster") {
      return load("pmtiles").then(function () {
        return window.pmtiles.leafletRasterLayer(new window.pmtiles.PMTiles(spec.url), opts);
      });
    }
    // Vector tiles (a PMTiles file or an MBTiles of pbf), drawn on canvases in the page.
    return load("protomaps").then(function () {
      return window.protomapsL.leafletLayer(L.extend(opts, {
        url: spec.url, flavor: "light", lang: protomapsLang(), maxDataZoom: spec.maxNativeZoom
      }));
    });
  }

  // ---- The district's own streets, when there is no base map ---------------------------------
  function longestLine(geom) {
    if (geom.type === "LineString") { return geom.coordinates; }
    if (geom.type !== "MultiLineString") { return null; }
    return geom.coordinates.reduce(function (a, b) { return b.length > a.length ? b : a; }, []);
  }
  /* The middle of a line (by length) and the direction of the piece it lies on. */
  function middleOf(coords) {
    if (!coords || coords.length < 2) { return null; }
    var k = Math.cos(coords[0][1] * PI / 180), lens = [], total = 0, i;
    for (i = 1; i < coords.length; i++) {
      var dx = (coords[i][0] - coords[i - 1][0]) * k, dy = coords[i][1] - coords[i - 1][1];
      lens.push(Math.sqrt(dx * dx + dy * dy)); total += lens[i - 1];
    }
    var half = total / 2;
    for (i = 0; i < lens.length; i++) {
      if (half <= lens[i] || i === lens.length - 1) {
        var a = coords[i], b = coords[i + 1], f = lens[i] ? half / lens[i] : 0;
        return { lat: a[1] + (b[1] - a[1]) * f, lng: a[0] + (b[0] - a[0]) * f,
                 dx: (b[0] - a[0]) * k, dy: b[1] - a[1] };
      }
      half -= lens[i];
    }
    return null;
  }
  function roadLabel(text, mid) {
    var steep = Math.abs(mid.dy) > Math.abs(mid.dx) * 1.5;
    var span = document.createElement("span");
    span.textContent = text;
    if (steep) {
      span.className = "zz-road-name zz-vertical";
    } else {
      var deg = -Math.atan2(mid.dy, mid.dx) * 180 / PI;
      if (deg > 90) { deg -= 180; } else if (deg < -90) { deg += 180; }
      span.className = "zz-road-name";
      if (Math.abs(deg) > 1) { span.style.transform = "translate(-50%, -50%) rotate(" + deg.toFixed(1) + "deg)"; }
    }
    return L.divIcon({ className: "zz-label", html: span.outerHTML, iconSize: null });
  }
  function areaLabel(p) {
    var span = document.createElement("span");
    span.className = "zz-area-name zz-" + p.level;
    span.textContent = p.name;
    return L.divIcon({ className: "zz-label", html: span.outerHTML, iconSize: null });
  }
  function drawStreets(map, url) {
    // The roads and areas lie under every data layer (above where tiles would be); their names
    // above the data's shapes (which are translucent) but under markers, tooltips and popups,
    // and never catch a tap.
    map.createPane("zzStreets").style.zIndex = 250;
    map.createPane("zzStreetNames").style.zIndex = 450;
    map.getPane("zzStreetNames").style.pointerEvents = "none";
    var box = map.getContainer();
    var casing = null, road = null;
    function byZoom() {
      var z = map.getZoom();
      box.classList.toggle("zz-hide-roads", z < 14.5);
      box.classList.toggle("zz-hide-communities", z < 13 || z >= 17);
      var w = Math.max(2, Math.min(10, Math.round(z - 10)));  // roads widen as the map zooms in
      if (road) { road.setStyle({ weight: w }); casing.setStyle({ weight: w + 3 }); }
    }
    map.on("zoomend", byZoom);
    return fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        var svg = L.svg({ pane: "zzStreets" });
        L.geoJSON(data.areas, { pane: "zzStreets", renderer: svg, interactive: false,
          style: function (f) {
            return f.properties.level === "street"
              ? { color: "#b9b2a3", weight: 1.5, fill: false }
              : { color: "#d8d2c4", weight: 1, fillColor: "#f8f6f0", fillOpacity: 1 };
          } }).addTo(map);
        var lines = { pane: "zzStreets", renderer: svg, interactive: false };
        casing = L.geoJSON(data.segments, L.extend({ style: { color: "#c9bfab", lineCap: "round" } }, lines)).addTo(map);
        road = L.geoJSON(data.segments, L.extend({ style: { color: "#ffffff", lineCap: "round" } }, lines)).addTo(map);
        var names = L.layerGroup().addTo(map);
        data.areas.features.forEach(function (f) {
          if (f.properties.at) {
            L.marker([f.properties.at[1], f.properties.at[0]], { icon: areaLabel(f.properties), pane: "zzStreetNames",
              interactive: false, keyboard: false }).addTo(names);
          }
        });
        data.segments.features.forEach(function (f) {
          var mid = middleOf(longestLine(f.geometry));
          if (mid && f.properties.label) {
            L.marker([mid.lat, mid.lng], { icon: roadLabel(f.properties.label, mid), pane: "zzStreetNames",
              interactive: false, keyboard: false }).addTo(names);
          }
        });
        map.whenReady(byZoom);
        box.setAttribute("data-streets", data.segments.features.length);
      })
      .catch(function () { /* the map works without them */ });
  }

  // ---- The one call ----------------------------------------------------------------------------
  /* Creates the map in `el` (an element or its id) with the base map `cfg` (the page config's
     `basemap`), and Leaflet map `options` (zoomSnap, zoomControl, scrollWheelZoom…). */
  function create(el, cfg, options) {
    cfg = cfg || { source: "none", layers: [] };
    var layers = cfg.layers || [];
    var map = L.map(el, L.extend({
      crs: crsFor(cfg.crs), zoomSnap: 0.25, maxZoom: cfg.maxZoom || 19, attributionControl: layers.length > 0
    }, options || {}));
    var box = map.getContainer();
    box.setAttribute("data-basemap", cfg.source || "none");
    if (!layers.length) {
      box.classList.add("no-tiles");
      if (cfg.streetsUrl) { map.zzStreets = drawStreets(map, cfg.streetsUrl); }
      return map;
    }
    layers.forEach(function (spec, i) {
      baseLayer(spec, i === 0 ? cfg.attribution : "").then(function (layer) {
        layer.addTo(map);
        if (layer.bringToBack && i === 0) { layer.bringToBack(); }
      }).catch(function () {
        box.classList.add("no-tiles");
        if (cfg.streetsUrl && !map.zzStreets) { map.zzStreets = drawStreets(map, cfg.streetsUrl); }
      });
    });
    return map;
  }

  return { create: create, gcj02: gcj02 };
});
