/* The gap page's charts: indicators met per period, and each failing indicator's values against
   its target. ECharts is served by the app (never a CDN). */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var texts = JSON.parse(document.getElementById("chart-texts").textContent);
  var charts = [];
  var trendBox = document.getElementById("trend");
  if (trendBox) {
    var t = JSON.parse(document.getElementById("trend-data").textContent);
    var chart = window.echarts.init(trendBox, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: t.periods },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: texts.met, type: "bar", stack: "n", data: t.met, color: "#2e8b57" },
        { name: texts.not_met, type: "bar", stack: "n", data: t.not_met, color: "#c0392b" },
        { name: texts.unknown, type: "bar", stack: "n", data: t.unknown, color: "#b0b0b0" }
      ]
    });
    // A bar drills down to the indicators it counts.
    var keys = ["met", "not_met", "unknown"];
    chart.on("click", function (p) {
      window.location.href = "?period=" + encodeURIComponent(t.periods[p.dataIndex]) +
        "&outcome=" + keys[p.seriesIndex] + "#indicators";
    });
    charts.push(chart);
  }
  var data = JSON.parse(document.getElementById("charts-data").textContent);
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var s = data[Number(box.getAttribute("data-chart"))];
    if (!s) { return; }
    var c = window.echarts.init(box, null, { renderer: "svg" });
    var series = [{ name: texts.value, type: "line", data: s.values, color: "#1f5fa8", lineStyle: { width: 3 } }];
    if (s.target !== null) {
      series[0].markLine = { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#b3261e" },
        data: [{ yAxis: s.target }], label: { formatter: texts.target + " {c}" } };
    }
    c.setOption({
      animation: false,
      title: { text: s.name, textStyle: { fontSize: 13 }, left: 0 },
      grid: { left: 44, right: 16, top: 40, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: s.periods },
      yAxis: { type: "value", scale: true,
               min: function (v) { return s.target !== null ? Math.min(v.min, s.target) : v.min; },
               max: function (v) { return s.target !== null ? Math.max(v.max, s.target) : v.max; } },
      series: series
    });
    charts.push(c);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
