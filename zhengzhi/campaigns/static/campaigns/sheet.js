/* The burn-up chart of the dispatch sheet: a task's cumulative figure against its milestone
   line, with ECharts served by the app (never a CDN). */
(function () {
  "use strict";
  var box = document.getElementById("burnup");
  var picker = document.getElementById("chart-task");
  if (!box || !picker || !window.echarts) { return; }
  var data = JSON.parse(document.getElementById("burnup-data").textContent);
  var texts = JSON.parse(document.getElementById("burnup-texts").textContent);
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  function draw() {
    var s = data[picker.value];
    if (!s) { chart.clear(); return; }
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 36, bottom: 36 },
      tooltip: { trigger: "axis" },
      legend: { data: [texts.actual, texts.line], top: 0 },
      xAxis: { type: "category", data: s.dates, boundaryGap: false,
               axisLabel: { formatter: function (v) { return v.slice(5); } } },
      yAxis: { type: "value", name: s.measure, max: function (v) { return Math.max(v.max, s.target); } },
      series: [
        { name: texts.actual, type: "line", data: s.actual, areaStyle: { opacity: 0.15 },
          symbol: "none", lineStyle: { width: 3 }, color: "#1f5fa8" },
        { name: texts.line, type: "line", data: s.line, symbol: "none",
          lineStyle: { type: "dashed" }, color: "#b3261e",
          markLine: { silent: true, symbol: "none", data: [{ yAxis: s.target, name: texts.target }],
                      label: { position: "insideEndTop", formatter: texts.target + " {c}" } } }
      ]
    }, true);
  }
  picker.addEventListener("change", draw);
  window.addEventListener("resize", function () { chart.resize(); });
  draw();
})();
