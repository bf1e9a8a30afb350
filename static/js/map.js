// A small map of one place (#community-map), from its data-* attributes.
// Without JavaScript, Leaflet or tiles, the coordinates printed above the map remain the answer.
"use strict";

(function () {
  var ZOOM = 12;

  function init() {
    var element = document.getElementById("community-map");
    if (!element || typeof window.L === "undefined") {
      return;
    }
    var latitude = parseFloat(element.dataset.latitude);
    var longitude = parseFloat(element.dataset.longitude);
    if (isNaN(latitude) || isNaN(longitude)) {
      return;
    }
    element.classList.remove("d-none");
    var map = window.L.map(element, { scrollWheelZoom: false }).setView(
      [latitude, longitude],
      ZOOM
    );
    var failed = false;
    window.L.tileLayer(element.dataset.tileUrl, {
      maxZoom: 18,
      attribution: element.dataset.attribution,
    })
      .on("tileerror", function () {
        // Offline or the tile server is out of reach: a marker on a blank square helps nobody.
        if (failed) {
          return;
        }
        failed = true;
        element.classList.add("d-none");
        var note = document.getElementById("community-map-offline");
        if (note) {
          note.classList.remove("d-none");
        }
      })
      .addTo(map);
    // A circle marker is drawn in SVG: no marker images to find.
    window.L.circleMarker([latitude, longitude], {
      radius: 9,
      color: "#1d4e6b",
      weight: 2,
      fillColor: "#1d4e6b",
      fillOpacity: 0.5,
    }).addTo(map);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
