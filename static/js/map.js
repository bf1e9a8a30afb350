// Maps on the portal's own tiles: window.portalMap for any page, and the small map of one
// place (#community-map) from its data-* attributes. Without JavaScript, Leaflet or tiles,
// the text printed beside each map (coordinates, a list of places) remains the answer.
"use strict";

(function () {
  var ZOOM = 12;

  // A Leaflet map in `element` with the tile layer its data-tile-url and data-attribution
  // name. `onTilesFailed` runs once, the first time a tile does not load (offline, or the
  // tile server is out of reach). `options` go to L.map.
  function create(element, onTilesFailed, options) {
    var map = window.L.map(element, Object.assign({ scrollWheelZoom: false }, options || {}));
    var failed = false;
    window.L.tileLayer(element.dataset.tileUrl, {
      maxZoom: 18,
      attribution: element.dataset.attribution,
    })
      .on("tileerror", function () {
        if (failed) {
          return;
        }
        failed = true;
        if (onTilesFailed) {
          onTilesFailed(map);
        }
      })
      .addTo(map);
    return map;
  }

  // A circle marker is drawn in SVG: no marker images to find.
  function circle(latLng, colour, options) {
    return window.L.circleMarker(
      latLng,
      Object.assign(
        { radius: 9, color: "#1f1f1f", weight: 2, fillColor: colour, fillOpacity: 0.85 },
        options || {}
      )
    );
  }

  window.portalMap = { create: create, circle: circle };

  function showCommunity() {
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
    var map = create(element, function () {
      // A marker on a blank square helps nobody: the coordinates above say where it is.
      element.classList.add("d-none");
      var note = document.getElementById("community-map-offline");
      if (note) {
        note.classList.remove("d-none");
      }
    }).setView([latitude, longitude], ZOOM);
    circle([latitude, longitude], "#1d4e6b", { color: "#1d4e6b", fillOpacity: 0.5 }).addTo(map);
  }

  document.addEventListener("DOMContentLoaded", showCommunity);
})();
