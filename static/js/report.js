// The report page: the print button, and only the period fields that fit the period kind.
(function () {
  "use strict";

  function showPeriodFields(form) {
    var kind = form.querySelector("[name=kind]");
    if (!kind) {
      return;
    }
    form.querySelectorAll("[data-period]").forEach(function (field) {
      var kinds = field.getAttribute("data-period").split(" ");
      field.hidden = kinds.indexOf(kind.value) === -1;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
    document.querySelectorAll("[data-report-form]").forEach(function (form) {
      showPeriodFields(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "kind") {
          showPeriodFields(form);
        }
      });
    });
  });
})();
