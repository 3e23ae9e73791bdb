// Strata's metric trend charts, shared by the HTML quality report (inlined) and the web console (served): draws every
// div.chart[data-trend] with uPlot (times on the x axis, the run and its time on hover, the points an anomaly rule
// flagged in red), and writes every time[data-epoch] in the reader's time zone.
(function () {
  function local(seconds) {
    return new Date(seconds * 1000).toLocaleString(undefined, { year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" });
  }
  function draw(root) {
    root.querySelectorAll("time[data-epoch]").forEach(function (time) {
      time.textContent = local(Number(time.dataset.epoch));
      time.title = time.getAttribute("datetime");
    });
    root.querySelectorAll("div.chart[data-trend]").forEach(function (div) {
      if (div.dataset.drawn) {
        return;
      }
      var trend = JSON.parse(div.dataset.trend);
      var last = trend.x.length - 1;
      var series = [
        { label: "run", value: function (u, v, s, i) {
          var at = i == null ? last : i;
          return at < 0 ? "-" : trend.runs[at] + " at " + local(trend.x[at]);
        } },
        { label: trend.metric, stroke: "#0969da", width: 1.5, points: { show: true, size: 5 } }
      ];
      var data = [trend.x, trend.y];
      var flagged = (trend.anomalies || []).map(function (anomaly, i) { return anomaly ? trend.y[i] : null; });
      if (flagged.some(function (value) { return value !== null; })) {
        series.push({ label: "anomaly", stroke: "#cf222e", width: 0, paths: function () { return null; },
          points: { show: true, size: 9, stroke: "#cf222e", fill: "#cf222e" } });
        data.push(flagged);
      }
      new uPlot({
        width: Math.max(280, Math.min(div.clientWidth || 340, 640)),
        height: 180,
        legend: { live: true },
        scales: { x: { time: true } },
        series: series,
        axes: [{}, { size: 56 }]
      }, data, div);
      div.dataset.drawn = "true";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
