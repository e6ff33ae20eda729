/* The supervision dashboard: the map of open problems (clusters from the server at every zoom,
   overdue in red) and the charts (ECharts); every bar and point opens the ledger list of the
   problems it counts. */
(function () {
  "use strict";
  var node = document.getElementById("dashboard-config");
  if (!node) { return; }
  var cfg = JSON.parse(node.textContent);
  var T = cfg.labels;

  // ---- the map ----
  var map = zzBasemap.create("dash-map", cfg.basemap, { preferCanvas: true });
  window.zzDashboardMap = map;
  if (cfg.bounds) { map.fitBounds(cfg.bounds, { padding: [20, 20], maxZoom: 15 }); }
  else { map.setView([30.25, 120.15], 12); }
  var layer = L.layerGroup().addTo(map);
  var pending = null;

  function icon(n, overdue) {
    var size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 48;
    var cls = "dash-cluster" + (overdue ? " has-overdue" : "");
    return L.divIcon({
      html: "<span>" + (n >= 10000 ? Math.round(n / 1000) + "k" : n) + "</span>",
      className: cls, iconSize: [size, size]
    });
  }

  function load() {
    var b = map.getBounds();
    var box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
               Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)].map(function (v) { return v.toFixed(6); });
    var url = cfg.mapUrl + (cfg.mapUrl.indexOf("?") < 0 ? "?" : "&") +
      "z=" + Math.round(map.getZoom()) + "&bbox=" + box.join(",");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { signal: pending.signal, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        layer.clearLayers();
        (data.clusters || []).forEach(function (c) {
          var m = L.marker([c.lat, c.lon], { icon: icon(c.n, c.overdue), title: c.n + " " + T.problems +
            (c.overdue ? ", " + c.overdue + " " + T.overdueIn : "") });
          m.on("click", function () { map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, data.points_from)); });
          layer.addLayer(m);
        });
        (data.points || []).forEach(function (p) {
          var m = L.circleMarker([p.lat, p.lon], { radius: 7, color: p.overdue ? "#b3261e" : "#1f5fa8",
            fillOpacity: 0.8 });
          m.bindTooltip(p.number);
          m.on("click", function () { window.location.href = cfg.problemUrl.replace("/0/", "/" + p.id + "/"); });
          layer.addLayer(m);
        });
        document.getElementById("dash-map").dataset.loaded = "1";
      })
      .catch(function () { /* a newer request replaced it */ });
  }
  map.on("moveend", load);
  load();

  // ---- the charts ----
  function chart(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var c = echarts.init(el);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  function open(url) { if (url) { window.location.href = url; } }
  var grid = { left: 40, right: 16, top: 40, bottom: 40, containLabel: true };

  fetch(cfg.chartsUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
    var daily = chart("chart-daily");
    if (daily) {
      var keys = ["new", "closed", "overdue"];
      var colors = { "new": "#1f5fa8", closed: "#2e8b57", overdue: "#b3261e" };
      daily.setOption({
        title: { text: T.daily, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" },
        legend: { top: 20, data: keys.map(function (k) { return T[k]; }) }, grid: grid,
        xAxis: { type: "category", data: d.daily.days.map(function (s) { return s.slice(5); }) },
        yAxis: { type: "value", minInterval: 1 },
        series: keys.map(function (k) {
          return { name: T[k], type: "bar", color: colors[k],
                   data: d.daily.series[k].map(function (p) { return { value: p.n, url: p.url }; }) };
        })
      });
      daily.on("click", function (e) { open(e.data.url); });
    }
    var ontime = chart("chart-ontime");
    if (ontime) {
      ontime.setOption({
        title: { text: T.weekly, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" },
        legend: { top: 20 }, grid: grid,
        xAxis: { type: "category", data: d.on_time.map(function (w) { return w.week.slice(5); }) },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
        series: [
          { name: T.onTime, type: "bar", stack: "c", color: "#2e8b57",
            data: d.on_time.map(function (w) { return { value: w.on_time, url: w.on_time_url }; }) },
          { name: T.late, type: "bar", stack: "c", color: "#b3261e",
            data: d.on_time.map(function (w) { return { value: w.late, url: w.late_url }; }) },
          { name: T.rate, type: "line", yAxisIndex: 1, color: "#333",
            data: d.on_time.map(function (w) { return w.rate === null ? null : Math.round(w.rate * 1000) / 10; }) }
        ]
      });
      ontime.on("click", function (e) { if (e.data) { open(e.data.url); } });
    }
    var cat = chart("chart-category");
    if (cat) {
      var cats = d.categories.slice(0, 12).reverse();
      cat.setOption({
        title: { text: T.category, textStyle: { fontSize: 14 } }, tooltip: {}, grid: grid,
        xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: cats.map(function (c) { return c.name; }) },
        series: [{ type: "bar", name: T.open, color: "#1f5fa8",
                   data: cats.map(function (c) { return { value: c.n, url: c.url }; }) }]
      });
      cat.on("click", function (e) { open(e.data.url); });
    }
    var unit = chart("chart-unit");
    if (unit && d.units) {
      var units = d.units.slice().reverse();
      unit.setOption({
        title: { text: T.unit, textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" },
        legend: { top: 20 }, grid: grid,
        xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: units.map(function (u) { return u.name; }) },
        series: [
          { type: "bar", name: T.open, color: "#1f5fa8", data: units.map(function (u) { return { value: u.n, url: u.url }; }) },
          { type: "bar", name: T.overdue, color: "#b3261e", data: units.map(function (u) { return { value: u.overdue, url: u.overdue_url }; }) }
        ]
      });
      unit.on("click", function (e) { open(e.data.url); });
    }
    document.getElementById("dash-charts").dataset.loaded = "1";
  });
})();
