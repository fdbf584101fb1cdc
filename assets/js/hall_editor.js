// The hall editor: pick seats on the scheme (click, Shift+click along a row, a row's or a section's label,
// a frame dragged over the scheme), then a button of the seat tools applies a change to them. htmx swaps
// #hall_editor after every change, with the picked seats still marked, so listeners hang on the document and
// the selection is read back from the marked seats.
(function () {
  "use strict";
  let anchor = null; // the seat a Shift+click range starts from

  function editor() { return document.getElementById("hall_editor"); }
  function seats(selector) { return Array.from(editor().querySelectorAll(".scheme .seat[data-seat]" + (selector || ""))); }

  function sync() {
    const picked = seats(".selected").map(function (s) { return s.dataset.seat; });
    const field = editor().querySelector("[data-selected-seats]");
    const count = editor().querySelector("[data-selected-count]");
    if (field) field.value = picked.join(",");
    if (count) count.textContent = picked.length;
  }

  function pickRange(from, to) {
    const row = seats().filter(function (s) { return s.dataset.row && s.dataset.row === from.dataset.row; });
    const a = row.indexOf(from), b = row.indexOf(to);
    if (a < 0 || b < 0) return false;
    row.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (s) { s.classList.add("selected"); });
    return true;
  }

  function toggleAll(group) {
    const all = group.every(function (s) { return s.classList.contains("selected"); });
    group.forEach(function (s) { s.classList.toggle("selected", !all); });
  }

  function labelGroup(key) {
    const colon = key.indexOf(":");
    const kind = key.slice(0, colon), value = key.slice(colon + 1);
    return seats().filter(function (s) { return kind === "section" ? s.dataset.section === value : s.dataset.row === key; });
  }

  document.addEventListener("click", function (event) {
    const root = editor();
    if (!root || !root.contains(event.target)) return;
    if (event.target.closest("[data-zoom]")) {
      root.querySelector(".scheme-scroll").classList.toggle("zoomed");
      return;
    }
    if (!root.querySelector("[data-selected-seats]")) return; // a reader: nothing to pick
    if (event.target.closest("[data-clear-selection]")) {
      seats(".selected").forEach(function (s) { s.classList.remove("selected"); });
      anchor = null;
      sync();
      return;
    }
    const label = event.target.closest("[data-select]");
    if (label) {
      toggleAll(labelGroup(label.dataset.select));
      sync();
      return;
    }
    const seat = event.target.closest(".seat[data-seat]");
    if (!seat) return;
    if (!(event.shiftKey && anchor && root.contains(anchor) && pickRange(anchor, seat))) {
      seat.classList.toggle("selected");
    }
    anchor = seat;
    sync();
  });

  // Dragging over the scheme's free space draws a frame; the seats inside it are added to the selection
  // (a camera platform, a block of tables).
  let lasso = null;

  function point(svg, event) {
    const p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }

  document.addEventListener("pointerdown", function (event) {
    const svg = event.target.closest("#hall_editor svg.scheme");
    if (!svg || event.button !== 0 || event.target.closest(".seat, [data-select]")) return;
    if (!editor().querySelector("[data-selected-seats]")) return;
    const start = point(svg, event);
    const frame = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    frame.setAttribute("class", "lasso");
    svg.appendChild(frame);
    lasso = {svg: svg, start: start, frame: frame, moved: false};
    svg.setPointerCapture(event.pointerId);
  });

  document.addEventListener("pointermove", function (event) {
    if (!lasso) return;
    const p = point(lasso.svg, event), s = lasso.start;
    lasso.moved = lasso.moved || Math.abs(p.x - s.x) + Math.abs(p.y - s.y) > 0.3;
    lasso.frame.setAttribute("x", Math.min(p.x, s.x)); lasso.frame.setAttribute("y", Math.min(p.y, s.y));
    lasso.frame.setAttribute("width", Math.abs(p.x - s.x)); lasso.frame.setAttribute("height", Math.abs(p.y - s.y));
  });

  document.addEventListener("pointerup", function (event) {
    if (!lasso) return;
    const p = point(lasso.svg, event), s = lasso.start, moved = lasso.moved;
    lasso.frame.remove();
    lasso = null;
    if (!moved) return;
    const x0 = Math.min(p.x, s.x), x1 = Math.max(p.x, s.x), y0 = Math.min(p.y, s.y), y1 = Math.max(p.y, s.y);
    seats().forEach(function (seat) {
      const at = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(seat.getAttribute("transform"));
      if (at && +at[1] >= x0 && +at[1] <= x1 && +at[2] >= y0 && +at[2] <= y1) seat.classList.add("selected");
    });
    sync();
  });

  // The new-hall form shows the fields of the kind chosen.
  document.addEventListener("change", function (event) {
    const kind = event.target.closest("[data-hall-kind]");
    if (kind) kind.closest(".hall-form").dataset.kind = kind.value;
  });

  document.addEventListener("htmx:afterSwap", function () {
    if (editor()) { anchor = null; sync(); }
  });
})();
