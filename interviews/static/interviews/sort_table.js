// Sortable tables: every <table class="sortable"> gets a button in each column heading; pressing it (mouse,
// Enter or Space) sorts the rows by that column, again for the other direction. Cells sort by their
// data-sort (a number; empty sorts last) or their text. aria-sort tells a screen reader the order.
(function () {
  "use strict";

  function key(cell) {
    var value = cell.dataset.sort;
    if (value === undefined) return cell.textContent.trim().toLocaleLowerCase("nl");
    return value === "" ? null : parseFloat(value);
  }

  function compare(a, b, ascending) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1; // empty last either way
    var order = typeof a === "number" ? a - b : a.localeCompare(b, "nl");
    return ascending ? order : -order;
  }

  function sort(table, column, heading) {
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      return compare(key(r1.cells[column]), key(r2.cells[column]), ascending);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = heading.textContent;
      button.title = "Sorteer op " + heading.textContent;
      heading.textContent = "";
      heading.appendChild(button);
      button.addEventListener("click", function () { sort(table, column, heading); });
    });
  });
})();
