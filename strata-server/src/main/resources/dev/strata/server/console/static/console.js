// Strata console: draws each metric trend of a dataset page with uPlot, from the JSON the server put beside it.
// Anomalies (points an anomaly rule flagged) are drawn as a second series of red points.
(function () {
  "use strict";

  function drawTrend(figure) {
    var dataNode = figure.querySelector("script.trend-data");
    var target = figure.querySelector(".chart");
    if (!dataNode || !target || target.dataset.drawn) {
      return;
    }
    var data = JSON.parse(dataNode.textContent);
    var anomalies = data.y.map(function (value, i) { return data.anomaly[i] ? value : null; });
    var width = Math.max(240, Math.min(target.clientWidth || 480, 720));
    var options = {
      width: width,
      height: 160,
      legend: { show: false },
      scales: { x: { time: true } },
      series: [
        {},
        { label: data.metric, stroke: "#2f6fb3", width: 2, points: { show: true, size: 5 } },
        { label: "anomaly", stroke: "#c0392b", width: 0, paths: function () { return null; },
          points: { show: true, size: 9, stroke: "#c0392b", fill: "#c0392b" } }
      ]
    };
    new uPlot(options, [data.x, data.y, anomalies], target);
    target.dataset.drawn = "true";
  }

  function drawAll(root) {
    if (typeof uPlot === "undefined") {
      return;
    }
    root.querySelectorAll("figure.trend").forEach(drawTrend);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
