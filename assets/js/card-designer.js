// The invitation design page: drag a field's box on a preview card and its x and y (mm) in the form follow;
// on release the form's change event asks the server for a fresh preview. htmx swaps the previews after
// every change, so the listeners hang on the document.
(function () {
  "use strict";
  let drag = null; // {box, svg, start point, start x/y in mm, inputs}

  function point(svg, event) {
    const p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }

  function number(input) { return parseFloat(String(input.value).replace(",", ".")) || 0; }
  function shown(value) { return (Math.round(value * 10) / 10).toString().replace(".", ","); }

  document.addEventListener("pointerdown", function (event) {
    const box = event.target.closest && event.target.closest("svg.card-preview .field-box");
    if (!box) return;
    const key = box.dataset.field;
    const x = document.querySelector('#design_form [name="f-' + key + '-x"]');
    const y = document.querySelector('#design_form [name="f-' + key + '-y"]');
    if (!x || !y || x.disabled) return;
    const svg = box.ownerSVGElement;
    drag = {box: box, svg: svg, from: point(svg, event), x: x, y: y, x0: number(x), y0: number(y),
            left: parseFloat(box.getAttribute("x")), top: parseFloat(box.getAttribute("y")),
            mm: parseFloat(svg.dataset.mm) || 2.8346};
    box.classList.add("dragging");
    box.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) return;
    const now = point(drag.svg, event);
    const dx = now.x - drag.from.x, dy = now.y - drag.from.y;
    drag.box.setAttribute("x", drag.left + dx);
    drag.box.setAttribute("y", drag.top + dy);
    drag.x.value = shown(drag.x0 + dx / drag.mm);
    drag.y.value = shown(drag.y0 + dy / drag.mm);
  });

  document.addEventListener("pointerup", function () {
    if (!drag) return;
    drag.box.classList.remove("dragging");
    drag.x.dispatchEvent(new Event("change", {bubbles: true}));
    drag = null;
  });
})();
