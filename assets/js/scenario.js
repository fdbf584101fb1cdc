// Reorders the scenario's items by dragging an item's handle (⠿); the ↑/↓ buttons do the same without
// JavaScript and on touch screens. The list is swapped by htmx after every change, so the listeners
// hang on the document.
(function () {
  "use strict";
  let dragged = null;

  function list() { return document.querySelector("ol.scenario-items[data-order-url]"); }

  document.addEventListener("dragstart", function (event) {
    const handle = event.target.closest && event.target.closest("ol.scenario-items .handle");
    if (!handle) return;
    dragged = handle.closest("li.scene");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.id);
    event.dataTransfer.setDragImage(dragged, 16, 16);
    dragged.classList.add("dragging");
  });

  // The item moves among the others while it is dragged, so the user sees where it will land.
  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    const over = event.target.closest && event.target.closest("ol.scenario-items li.scene[data-id]");
    if (!over) return;
    event.preventDefault();
    if (over === dragged) return;
    const box = over.getBoundingClientRect();
    const below = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, below ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });

  document.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    const ol = list();
    if (!ol) return;
    const order = Array.from(ol.querySelectorAll("li.scene[data-id]"), function (li) { return li.dataset.id; }).join(",");
    if (order === ol.dataset.order) return;
    htmx.ajax("POST", ol.dataset.orderUrl, {source: ol, target: "#scenario", swap: "outerHTML", values: {order: order}});
  });
})();
