// An alliance's follow-ups: one bar chart per indicator, drawn from the numbers that the
// table beside it shows (the JSON the page embeds). Without JavaScript the table stays.
(function () {
  "use strict";

  var BLEU = "#000091";

  function draw() {
    var source = document.getElementById("suivis-graphique");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("canvas[data-suivi-indicateur]").forEach(function (canvas) {
      var serie = data.series.find(function (s) { return s.code === canvas.dataset.suiviIndicateur; });
      if (!serie) { return; }
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: serie.titre, data: serie.valeurs, backgroundColor: BLEU, borderColor: BLEU }],
        },
        options: {
          aspectRatio: 3,
          animation: reduceMotion ? false : undefined,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true } },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
