// The top menu's groups are <details>: one open at a time, closed by a click elsewhere or Escape.
document.addEventListener("click", (event) => {
  for (const group of document.querySelectorAll("details.navgroup[open]")) {
    if (!group.contains(event.target)) group.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const group of document.querySelectorAll("details.navgroup[open]")) group.open = false;
});
