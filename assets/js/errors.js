// What the server said when an HTMX request failed (the error page's title and text, 4xx or 5xx), or that the
// server could not be reached, in a banner at the top of the page; without it a failed click shows nothing.
(function () {
  "use strict";

  function banner() {
    var node = document.getElementById("request-error");
    if (node) { return node; }
    node = document.createElement("div");
    node.id = "request-error";
    node.className = "request-error";
    node.setAttribute("role", "alert");
    node.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000;padding:0.75rem 3rem 0.75rem 1rem;" +
      "background:#8b1a1a;color:#fff;font-weight:600;box-shadow:0 2px 6px rgba(0,0,0,.3)";
    var text = document.createElement("span");
    text.className = "request-error-text";
    node.appendChild(text);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", document.documentElement.lang === "en" ? "Close" : "Закрыть");
    close.style.cssText = "position:absolute;top:0.35rem;right:0.75rem;background:none;border:0;color:#fff;" +
      "font-size:1.5rem;cursor:pointer";
    close.addEventListener("click", function () { node.hidden = true; });
    node.appendChild(close);
    document.body.appendChild(node);
    return node;
  }

  function show(message) {
    var node = banner();
    node.querySelector(".request-error-text").textContent = message;
    node.hidden = false;
  }

  // The error page (templates/error.html): its title and its explanation; a fragment or plain text as it is.
  function messageOf(xhr) {
    var body = xhr.responseText || "";
    var doc = new DOMParser().parseFromString(body, "text/html");
    var page = doc.querySelector(".error-page");
    if (page) {
      var title = page.querySelector("h1");
      var text = page.querySelector("p:not(.error-code)");
      return [title && title.textContent.trim(), text && text.textContent.trim()].filter(Boolean).join(": ");
    }
    var plain = (doc.body && doc.body.textContent || "").trim().replace(/\s+/g, " ");
    return plain.slice(0, 300) || (xhr.status + " " + (xhr.statusText || ""));
  }

  document.addEventListener("htmx:responseError", function (event) {
    show(messageOf(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function () {
    show(document.documentElement.lang === "en" ? "The server cannot be reached: check the connection."
      : "Сервер недоступен: проверьте связь и повторите.");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var node = document.getElementById("request-error");
    if (node) { node.hidden = true; }
  });
}());
