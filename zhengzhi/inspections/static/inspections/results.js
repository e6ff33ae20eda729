/* The results' charts: the mean score per month with the visits, and the groups' means.
   ECharts is served by the app (never a CDN). */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var d = JSON.parse(document.getElementById("chart-data").textContent);
  var t = JSON.parse(document.getElementById("chart-texts").textContent);
  var charts = [];
  var trend = document.getElementById("trend-chart");
  if (trend && d.months.length) {
    var c1 = window.echarts.init(trend, null, { renderer: "svg" });
    c1.setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 40, right: 40, top: 36, bottom: 28 },
      xAxis: { type: "category", data: d.months },
      yAxis: [{ type: "value", min: 0, max: 100 }, { type: "value", minInterval: 1 }],
      series: [
        { name: t.mean, type: "line", data: d.mean, color: "#1f6feb" },
        { name: t.visits, type: "bar", yAxisIndex: 1, data: d.visits, color: "#c8d6e5" }
      ]
    });
    charts.push(c1);
  }
  var groups = document.getElementById("group-chart");
  if (groups && d.groups.length) {
    var c2 = window.echarts.init(groups, null, { renderer: "svg" });
    c2.setOption({
      animation: false, tooltip: {}, grid: { left: 100, right: 16, top: 10, bottom: 28 },
      xAxis: { type: "value", min: 0, max: 100 },
      yAxis: { type: "category", data: d.groups.slice().reverse() },
      series: [{ name: t.mean, type: "bar", data: d.groupMeans.slice().reverse(), color: "#2e8b57" }]
    });
    charts.push(c2);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
