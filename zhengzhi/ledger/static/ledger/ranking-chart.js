/* The ranking's bar chart: each ranked unit's score, best at the top, with ECharts served by
   the app (never a CDN). */
(function () {
  "use strict";
  var box = document.getElementById("ranking-chart");
  var source = document.getElementById("ranking-chart-data");
  if (!box || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  // One bar a row, at least a readable height.
  box.style.height = Math.max(220, 26 * data.units.length + 60) + "px";
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", min: 0, max: 100, name: data.label },
    yAxis: { type: "category", inverse: true, data: data.units,
             axisLabel: { width: 140, overflow: "truncate" } },
    series: [{ name: data.label, type: "bar", data: data.scores, color: "#1f5fa8",
               barMaxWidth: 22, label: { show: true, position: "right" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
