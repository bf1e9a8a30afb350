// Small enhancements on top of pages that work without JavaScript.
"use strict";

(function () {
  // On a slow or dropped connection an htmx request can fail silently; say so instead.
  // The texts come translated from the data attributes of #portal-alerts in base.html.
  function showAlert(textKey) {
    var region = document.getElementById("portal-alerts");
    if (!region) {
      return;
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible fade show";
    alert.setAttribute("role", "alert");
    alert.textContent = region.dataset[textKey];
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", region.dataset.closeLabel);
    alert.appendChild(close);
    region.replaceChildren(alert);
  }

  document.addEventListener("htmx:sendError", function () {
    showAlert("networkError");
  });
  document.addEventListener("htmx:responseError", function () {
    showAlert("serverError");
  });
})();

(function () {
  // A running total under every head-count grid ([data-running-total]), as people are typed in.
  function update(grid) {
    var total = 0;
    grid.querySelectorAll("input.headcount-cell").forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (!isNaN(value) && value > 0) {
        total += value;
      }
    });
    var output = grid.querySelector(".headcount-total");
    if (output) {
      output.textContent = String(total);
    }
  }

  document.addEventListener("input", function (event) {
    var grid = event.target.closest && event.target.closest("[data-running-total]");
    if (grid) {
      update(grid);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-running-total]").forEach(update);
  });
  // Grids that htmx brings in later start with the right total too.
  document.addEventListener("htmx:afterSettle", function (event) {
    event.target.querySelectorAll("[data-running-total]").forEach(update);
  });
})();
