// The consultation form: "Add another concern" copies the empty concern form of the formset.
// Without JavaScript the page offers two empty concern forms, which is enough most days.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-add-concern]");
  var template = document.getElementById("concern-empty-form");
  var list = document.getElementById("concern-forms");
  var total = document.getElementById("id_concerns-TOTAL_FORMS");
  var max = document.getElementById("id_concerns-MAX_NUM_FORMS");
  if (!button || !template || !list || !total || !max) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = list.lastElementChild.querySelector("input, select, textarea");
    if (first) {
      first.focus();
    }
    if (index + 1 >= parseInt(max.value, 10)) {
      button.hidden = true;
    }
  });
});
