// Maps drawn with Leaflet. Background tiles are optional: if they cannot load, the markers,
// which come from the platform itself, still show.
(function () {
  "use strict";

  var FRANCE = [[41.2, -5.3], [51.2, 9.7]];

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tuiles, {
      attribution: element.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
    return map;
  }

  function popup(point) {
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.titre;
    return link;
  }

  // The search map: clusters computed by the server for the current view and filters.
  function searchMap(element) {
    var map = baseMap(element);
    var clusters = L.layerGroup().addTo(map);
    var singles = L.markerClusterGroup({ showCoverageOnHover: false }).addTo(map);
    var status = document.getElementById(element.dataset.statut);
    var controller = null;

    function refresh() {
      var bounds = map.getBounds();
      var params = new URLSearchParams(window.location.search);
      params.set("bbox", [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (value) { return Math.max(-180, Math.min(180, value)).toFixed(4); }).join(","));
      params.set("zoom", map.getZoom());
      if (controller) { controller.abort(); }
      controller = new AbortController();
      fetch(element.dataset.points + "?" + params.toString(), { signal: controller.signal })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          clusters.clearLayers();
          singles.clearLayers();
          var total = 0;
          data.points.forEach(function (point) {
            total += point.n;
            if (point.n === 1) {
              singles.addLayer(L.marker([point.lat, point.lon], { title: point.titre }).bindPopup(popup(point)));
              return;
            }
            var size = point.n < 10 ? 32 : point.n < 100 ? 40 : 48;
            var icon = L.divIcon({
              html: "<span>" + point.n + "</span>",
              className: "carte-groupe",
              iconSize: [size, size],
            });
            L.marker([point.lat, point.lon], { icon: icon, title: point.n + " alliances", keyboard: true })
              .on("click", function () { map.setView([point.lat, point.lon], map.getZoom() + 2); })
              .addTo(clusters);
          });
          if (status) {
            status.textContent = total + " alliance" + (total > 1 ? "s" : "") + " dans cette partie de la carte.";
          }
        })
        .catch(function () { /* aborted by a newer request */ });
    }

    map.on("moveend", refresh);
    map.fitBounds(FRANCE);
  }

  // One alliance's place, on its page.
  function pointMap(element) {
    var map = baseMap(element);
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    L.marker(point, { title: element.dataset.titre }).addTo(map);
    map.setView(point, 11);
  }

  document.querySelectorAll("[data-carte=recherche]").forEach(searchMap);
  document.querySelectorAll("[data-carte=point]").forEach(pointMap);
})();
