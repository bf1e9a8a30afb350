// The report's charts: each <canvas data-chart="ID"> is drawn with Chart.js from the JSON in
// the element with that id (json_script). The numbers are also in a table beside each chart,
// which is all there is without JavaScript. A hidden small count comes as null: no bar, and
// the chart's subtitle says how many are hidden.
"use strict";

(function () {
  var OUTLINE = "#1f1f1f";
  var LINE_HEIGHT = 20;

  // Long category names on several lines, so that a phone keeps room for the bars.
  function wrap(text, width) {
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines;
  }

  // A horizontal chart grows with its bars; the others keep the height the CSS gives them.
  function sizeBox(box, spec) {
    if (!spec.horizontal) {
      return;
    }
    var perLabel = spec.stacked ? 1 : spec.datasets.length;
    var lines = spec.labels.reduce(function (sum, label) {
      return sum + Math.max(wrap(label, 18).length, perLabel);
    }, 0);
    box.style.height = Math.max(200, 110 + lines * LINE_HEIGHT * 1.3) + "px";
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var valueAxis = spec.horizontal ? "x" : "y";
    var categoryAxis = spec.horizontal ? "y" : "x";
    var scales = {};
    scales[valueAxis] = {
      stacked: spec.stacked,
      beginAtZero: true,
      ticks: { precision: 0 },
      title: { display: Boolean(spec.axis), text: spec.axis },
    };
    // A few categories are all named, across (wrapped rather than turned); a long run of
    // months may skip some names on a phone rather than print them over each other.
    scales[categoryAxis] = {
      stacked: spec.stacked,
      grid: { display: false },
      ticks: { autoSkip: spec.labels.length > 6, maxRotation: 0 },
    };
    sizeBox(canvas.parentNode, spec);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels.map(function (label) {
          return spec.horizontal ? wrap(label, 18) : wrap(label, 12);
        }),
        datasets: spec.datasets.map(function (dataset) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: dataset.colour,
            borderColor: OUTLINE,
            borderWidth: 1,
          };
        }),
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: spec.legend, position: "bottom" },
          subtitle: {
            display: Boolean(spec.hiddenNote),
            text: spec.hiddenNote,
            padding: { bottom: 8 },
          },
          tooltip: {
            callbacks: {
              title: function (items) {
                return items.length ? spec.longLabels[items[0].dataIndex] : "";
              },
            },
          },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.Chart === "undefined") {
      return;
    }
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.color = "#333";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      canvas.closest(".report-chart").classList.remove("d-none");
      draw(canvas);
    });
  });
})();
