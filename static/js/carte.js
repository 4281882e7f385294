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

  // A group's disc, sized by how many alliances it holds.
  function groupIcon(n) {
    var size = n < 10 ? 32 : n < 100 ? 40 : 48;
    return L.divIcon({ html: "<span>" + n + "</span>", className: "carte-groupe", iconSize: [size, size] });
  }

  // The search map: groups computed by the server for the current view and filters (one per
  // grid cell), and single alliances. All go into one cluster layer, which merges whatever
  // would overlap on screen (two groups on either side of a cell's edge) and adds up their
  // counts, so that no disc hides another.
  function searchMap(element) {
    var map = baseMap(element);
    var points = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 56,
      iconCreateFunction: function (cluster) {
        var n = cluster.getAllChildMarkers().reduce(function (sum, marker) { return sum + (marker.options.n || 1); }, 0);
        return groupIcon(n);
      },
    }).addTo(map);
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
          var total = 0;
          var markers = data.points.map(function (point) {
            total += point.n;
            if (point.n === 1) {
              return L.marker([point.lat, point.lon], { title: point.titre }).bindPopup(popup(point));
            }
            return L.marker([point.lat, point.lon], { icon: groupIcon(point.n), n: point.n, title: point.n + " alliances", keyboard: true })
              .on("click", function () { map.setView([point.lat, point.lon], map.getZoom() + 2); });
          });
          points.clearLayers();
          points.addLayers(markers);
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
