// The action plan editor: "add another" rows for the inline formsets, and live money totals.
// Without JavaScript each formset still offers one empty row and the plan page shows totals.
"use strict";

(function () {
  function addRow(formset) {
    var total = formset.querySelector('input[name$="-TOTAL_FORMS"]');
    var template = formset.querySelector("template[data-formset-template]");
    var index = parseInt(total.value, 10);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    formset.querySelector("[data-formset-rows]").appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  function amount(input) {
    var value = parseFloat(input.value);
    return isNaN(value) || value < 0 ? 0 : value;
  }

  function deleted(row) {
    var box = row.querySelector('input[type=checkbox][name$="-DELETE"]');
    return box !== null && box.checked;
  }

  // Adds up [data-money=seed] and [data-money=local] per currency, as the plan page does.
  function sums(form) {
    var totals = {};
    function add(row, kind, currencyKind) {
      var input = row.querySelector('[data-money="' + kind + '"]');
      var currency = row.querySelector('[data-money="' + currencyKind + '"]');
      if (!input || !currency || !currency.value || deleted(row)) {
        return;
      }
      totals[currency.value] = totals[currency.value] || { seed: 0, local: 0 };
      totals[currency.value][kind] += amount(input);
    }
    form.querySelectorAll("[data-formset-rows] .plan-row").forEach(function (row) {
      add(row, "seed", "seed-currency");
      add(row, "local", "local-currency");
    });
    return totals;
  }

  function cell(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function render(box) {
    var form = box.closest("form");
    var body = box.querySelector("[data-plan-totals-body]");
    var locale = document.documentElement.lang || undefined;
    var money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var share = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    var totals = sums(form);
    var currencies = Object.keys(totals).sort().filter(function (currency) {
      return totals[currency].seed > 0 || totals[currency].local > 0;
    });
    var rows = currencies.map(function (currency) {
      var line = totals[currency];
      var whole = line.seed + line.local;
      var row = document.createElement("tr");
      row.appendChild(cell("th", currency));
      row.lastChild.setAttribute("scope", "row");
      row.appendChild(cell("td", money.format(line.seed), "text-end"));
      row.appendChild(cell("td", money.format(line.local), "text-end"));
      row.appendChild(
        cell("td", whole > 0 ? share.format((line.local * 100) / whole) + "%" : "–", "text-end")
      );
      return row;
    });
    if (rows.length === 0) {
      var empty = cell("td", box.dataset.emptyText, "text-body-secondary");
      empty.colSpan = 4;
      var row = document.createElement("tr");
      row.appendChild(empty);
      rows.push(row);
    }
    body.replaceChildren.apply(body, rows);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset]").forEach(function (formset) {
      var button = formset.querySelector("[data-formset-add]");
      button.hidden = false;
      button.addEventListener("click", function () {
        addRow(formset);
        document.querySelectorAll("[data-plan-totals]").forEach(render);
      });
    });
    document.querySelectorAll("[data-plan-totals]").forEach(function (box) {
      var form = box.closest("form");
      form.addEventListener("input", function () {
        render(box);
      });
      form.addEventListener("change", function () {
        render(box);
      });
      render(box);
    });
  });
})();
