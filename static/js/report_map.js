// The report's map (#report-map): the communities as circles coloured by their groups' step,
// with a legend. The points and the legend come from json_script elements the map names
// (data-points, data-legend). The list of communities under the map is always in the page:
// without JavaScript or Leaflet it is all there is; when the tiles fail, the circles stay on
// a blank background with a note.
"use strict";

(function () {
  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // Text nodes, not HTML: a community's name is whatever someone typed.
  function tooltip(point) {
    var box = document.createElement("span");
    var name = document.createElement("strong");
    name.textContent = point.name;
    box.appendChild(name);
    box.appendChild(document.createTextNode(" (" + point.district + ")"));
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(point.step_label));
    return box;
  }

  // On a phone the full step names would cover the map: the list under it has them.
  var SHORT_BELOW = 480;

  function legendControl(steps, short) {
    var control = window.L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = window.L.DomUtil.create("div", "report-map-legend");
      var list = window.L.DomUtil.create("ul", "list-unstyled mb-0", box);
      steps.forEach(function (step) {
        var item = window.L.DomUtil.create("li", "", list);
        var swatch = window.L.DomUtil.create("span", "report-map-swatch", item);
        swatch.style.backgroundColor = step.colour;
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(document.createTextNode(short ? step.short : step.label));
      });
      return box;
    };
    return control;
  }

  function init() {
    var element = document.getElementById("report-map");
    if (!element || typeof window.L === "undefined" || !window.portalMap) {
      return;
    }
    var points = (readJson(element.dataset.points) || []).filter(function (point) {
      return point.lat !== null && point.lng !== null;
    });
    var steps = readJson(element.dataset.legend) || [];
    if (!points.length) {
      return;
    }
    element.classList.remove("d-none");
    var map = window.portalMap.create(element, function () {
      element.classList.add("report-map-offline");
      var note = document.getElementById("report-map-offline");
      if (note) {
        note.classList.remove("d-none");
      }
    });
    var bounds = [];
    points.forEach(function (point) {
      var latLng = [point.lat, point.lng];
      bounds.push(latLng);
      window.portalMap
        .circle(latLng, point.colour)
        .bindTooltip(tooltip(point))
        .addTo(map);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 11 });
    legendControl(steps, element.clientWidth < SHORT_BELOW).addTo(map);
    // The swatches beside the list under the map, in the same colours.
    document.querySelectorAll("[data-step-colour]").forEach(function (swatch) {
      swatch.style.backgroundColor = swatch.dataset.stepColour;
      swatch.classList.remove("d-none");
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
