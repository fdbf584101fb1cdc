// The roster grid's edits: click a person, then a cell (move) or another person (swap); or drag and drop.
// The grid is swapped by htmx after every edit, so all listeners hang on the document.
(function () {
  "use strict";
  let selected = null;

  function grid() { return document.querySelector(".roster-grid[data-edit-url]"); }
  function toolbar() { return document.querySelector(".roster-toolbar"); }

  function send(values) {
    const table = grid();
    if (!table) return;
    htmx.ajax("POST", table.dataset.editUrl, {source: table, target: "#roster", swap: "outerHTML", values: values});
    select(null);
  }

  function select(person) {
    if (selected) selected.classList.remove("selected");
    selected = person;
    const bar = toolbar();
    if (!bar) return;
    bar.hidden = !person;
    if (person) {
      person.classList.add("selected");
      bar.querySelector(".selected-name").textContent = person.textContent;
    }
  }

  function moveOrSwap(cell, target) {
    const other = target.closest(".person[data-cell]");
    if (other && other.dataset.cell !== cell) {
      send({action: "swap", cell: cell, other: other.dataset.cell});
      return;
    }
    const slot = target.closest("td.slot");
    if (slot) send({action: "move", cell: cell, post: slot.dataset.post, slot: slot.dataset.slot});
  }

  document.addEventListener("click", function (event) {
    const bar = event.target.closest(".roster-toolbar button");
    if (bar && selected) {
      const action = bar.dataset.action;
      if (action === "no-show") {
        const url = grid().dataset.editUrl.replace(/cells$/, "no-show");
        htmx.ajax("POST", url, {source: grid(), target: "#roster", swap: "outerHTML",
                                values: {staff: selected.dataset.staff, absent: "1"}});
        select(null);
      } else if (action === "cancel") {
        select(null);
      } else {
        send({action: action, cell: selected.dataset.cell});
      }
      return;
    }
    if (!event.target.closest(".roster-grid[data-edit-url]")) return;
    const person = event.target.closest(".person[data-cell]");
    if (!selected) {
      if (person) select(person);
    } else if (person === selected) {
      select(null);
    } else {
      moveOrSwap(selected.dataset.cell, event.target);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") select(null);
    const person = event.target.closest && event.target.closest(".roster-grid[data-edit-url] .person[data-cell]");
    if (person && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      person.click();
    }
  });

  document.addEventListener("dragstart", function (event) {
    const person = event.target.closest && event.target.closest(".roster-grid[data-edit-url] .person[data-cell]");
    if (person) event.dataTransfer.setData("text/plain", person.dataset.cell);
  });
  document.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest(".roster-grid[data-edit-url] td.slot")) event.preventDefault();
  });
  document.addEventListener("drop", function (event) {
    const cell = event.dataTransfer.getData("text/plain");
    if (cell && event.target.closest(".roster-grid[data-edit-url] td.slot")) {
      event.preventDefault();
      moveOrSwap(cell, event.target);
    }
  });
})();
