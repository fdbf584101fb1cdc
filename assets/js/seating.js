// The seating scheme: click a guest's seat (or a guest without a seat), then another seat to move them there
// (swapping with whoever sits there); or press on a seat and release on another (drag). The toolbar pins,
// unpins and unseats the selected guest. The search box lights up the seats whose guest's name matches.
// #plan is swapped by htmx after every edit, so all listeners hang on the document.
(function () {
  "use strict";
  let selected = null;  // a taken seat (<g class="seat taken">) or an unseated guest (<span data-guest>)
  let pressed = null;   // the taken seat a drag started on

  function box() { return document.querySelector(".scheme-box[data-edit-url]"); }
  function toolbar() { return document.querySelector(".seating-toolbar"); }
  function fold(text) { return text.toLowerCase().replace(/ё/g, "е"); }

  function who(element) {
    const title = element.querySelector && element.querySelector("title");
    return (title ? title.textContent : element.textContent).split("\n")[0];
  }

  function values(extra) {
    const source = selected.dataset.guest ? {guest: selected.dataset.guest} : {from_seat: selected.dataset.seat};
    return Object.assign(source, extra);
  }

  function send(extra) {
    const scheme = box();
    if (!scheme || !selected) return;
    htmx.ajax("POST", scheme.dataset.editUrl, {source: scheme, target: "#plan", swap: "outerHTML", values: values(extra)});
    select(null);
  }

  function select(element) {
    if (selected) selected.classList.remove("selected");
    selected = element;
    const bar = toolbar();
    if (!bar) return;
    bar.hidden = !element;
    if (element) {
      element.classList.add("selected");
      bar.querySelector(".selected-name").textContent = who(element);
      bar.querySelector("[data-action=pin]").hidden = !!element.dataset.guest;
      bar.querySelector("[data-action=unseat]").hidden = !!element.dataset.guest;
    }
  }

  function seatOf(target) {
    return target.closest ? target.closest(".scheme-box[data-edit-url] .seat[data-seat]") : null;
  }

  function choose(element) {
    if (!selected) {
      if (element.classList.contains("taken") || element.dataset.guest) select(element);
    } else if (element === selected) {
      select(null);
    } else if (element.dataset.seat && !element.classList.contains("blocked")) {
      send({action: "place", seat: element.dataset.seat});
    } else if (element.dataset.guest || element.classList.contains("taken")) {
      select(element);
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest(".seating-toolbar button");
    if (button && selected) {
      if (button.dataset.action === "cancel") select(null);
      else send({action: button.dataset.action});
      return;
    }
    const seat = seatOf(event.target);
    const guest = event.target.closest && event.target.closest(".unseated-guest[data-guest]");
    if ((seat || guest) && box()) choose(seat || guest);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") select(null);
    const guest = event.target.closest && event.target.closest(".unseated-guest[data-guest]");
    if (guest && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      choose(guest);
    }
  });

  // Drag: SVG shapes are not draggable the HTML way, so a press on one seat and a release on another.
  document.addEventListener("pointerdown", function (event) {
    const seat = seatOf(event.target);
    pressed = seat && seat.classList.contains("taken") ? seat : null;
  });
  document.addEventListener("pointerup", function (event) {
    const seat = seatOf(event.target);
    if (pressed && seat && seat !== pressed && !seat.classList.contains("blocked")) {
      select(pressed);
      send({action: "place", seat: seat.dataset.seat});
      event.preventDefault();
    }
    pressed = null;
  });

  document.addEventListener("input", function (event) {
    if (!event.target.classList.contains("seat-search")) return;
    const query = fold(event.target.value.trim());
    let first = null;
    let count = 0;
    document.querySelectorAll("#seating-scheme .seat.taken").forEach(function (seat) {
      const hit = query.length > 1 && fold(who(seat)).includes(query);
      seat.classList.toggle("found", hit);
      if (hit) {
        count += 1;
        first = first || seat;
      }
    });
    const scheme = document.getElementById("seating-scheme");
    if (scheme) scheme.classList.toggle("searching", query.length > 1);
    const counter = document.querySelector(".seat-search-count");
    if (counter) counter.textContent = query.length > 1 ? String(count) : "";
    if (first) first.scrollIntoView({block: "center", inline: "center", behavior: "smooth"});
  });
})();
