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
