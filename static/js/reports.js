// LPSE Support — REPORTING charts. Each <canvas data-chart="ID"> is drawn from the JSON that the
// server wrote into <script type="application/json" id="ID"> (json_script); no inline script (CSP).
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#ffc107", "#6c757d", "#0dcaf0", "#d63384"];

  function readSpec(id) {
    var node = document.getElementById(id);
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function datasets(spec) {
    var many = spec.datasets.length > 1;
    return spec.datasets.map(function (set, index) {
      var colour = PALETTE[index % PALETTE.length];
      var result = { label: set.label, data: set.data.map(function (v) { return v === null ? null : v; }) };
      if (spec.type === "doughnut") {
        result.backgroundColor = set.data.map(function (_v, i) { return PALETTE[i % PALETTE.length]; });
      } else if (spec.type === "line") {
        result.borderColor = colour;
        result.backgroundColor = colour + "33";
        result.fill = true;
        result.tension = 0;
        result.pointRadius = set.data.length > 62 ? 0 : 2;
      } else {
        result.backgroundColor = many ? colour : PALETTE[0];
        result.borderRadius = 3;
        result.maxBarThickness = 36;
      }
      return result;
    });
  }

  function options(spec) {
    var many = spec.datasets.length > 1;
    var result = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: spec.type === "doughnut" || many, position: "bottom" } }
    };
    if (spec.type === "doughnut") {
      return result;
    }
    var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
    if (spec.percent) {
      valueAxis.max = 100;
      valueAxis.ticks = { callback: function (value) { return value + "%"; } };
    }
    var labelAxis = { ticks: { autoSkip: true, maxRotation: 0 } };
    if (spec.horizontal) {
      result.indexAxis = "y";
      result.scales = { x: valueAxis, y: labelAxis };
    } else {
      result.scales = { x: labelAxis, y: valueAxis };
    }
    return result;
  }

  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = readSpec(canvas.getAttribute("data-chart"));
      if (!spec) {
        return;
      }
      var chart = new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets(spec) },
        options: options(spec)
      });
      canvas.setAttribute("data-chart-drawn", chart.id);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
