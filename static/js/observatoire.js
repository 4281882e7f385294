// Observatoire: draws each chart from the numbers its table shows (the JSON the page embeds),
// and copies the widget's code. Without JavaScript the tables and the code stay readable.
(function () {
  "use strict";

  var charts = [];
  var BLEU = "#000091";
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function drawCharts() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var source = document.getElementById("graphiques-donnees");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-graphique]").forEach(function (canvas) {
      var serie = data[canvas.dataset.graphique];
      if (!serie) { return; }
      var parAnnee = canvas.dataset.graphique === "annees";
      charts.push(new Chart(canvas, {
        type: parAnnee ? "line" : "bar",
        data: {
          labels: serie.labels,
          datasets: [{ label: serie.titre, data: serie.valeurs, backgroundColor: BLEU, borderColor: BLEU }],
        },
        options: {
          indexAxis: parAnnee ? "x" : "y",
          maintainAspectRatio: false,
          animation: reduceMotion ? false : undefined,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
        },
      }));
    });
  }

  function setupCopy() {
    document.querySelectorAll("[data-copier]").forEach(function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.dataset.copier);
        var status = document.getElementById(button.dataset.copier + "-statut");
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) { status.textContent = "Code copié."; }
        }, function () {
          field.select();
          if (status) { status.textContent = "Sélectionnez le code puis copiez-le (Ctrl+C)."; }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    setupCopy();
  });
  // Filters swap the figures through htmx: draw the new ones.
  document.addEventListener("htmx:afterSettle", drawCharts);
})();
