// The gate without the network. «Подготовить к работе без сети» downloads the ceremony's admission list
// (app/checkin/offline.py) into IndexedDB and has the service worker keep the page; when the network is
// gone, a scan is decided here from the list — the server has already worked out, for every card, what
// its verdict shows and whether it opens this gate's zone, so the phone only answers «revoked», «not
// today», «no access to the zone», «already admitted» or «admitted», in the server's order — and queued
// with a key of its own. While online, the queue is sent and the list read again every minute; the answer
// to each sync brings the other gates' admissions. The banner says which mode the gate is in.
(function () {
  "use strict";
  var section = document.getElementById("gate");
  var banner = document.getElementById("offline-banner");
  var textsNode = document.getElementById("gate-offline-texts");
  var form = document.getElementById("scan-form");
  if (!section || !banner || !textsNode || !form || !window.GateStore || !window.indexedDB) return;
  // Service workers and the browser's SHA-256 exist only over HTTPS (or on localhost): elsewhere the gate
  // works online only and the banner stays hidden.
  if (!window.isSecureContext || !window.crypto || !crypto.subtle) return;

  var T = JSON.parse(textsNode.textContent);
  var ceremony = Number(section.dataset.ceremony);
  var gate = section.dataset.gate;
  var csrf = form.querySelector("input[name=_csrf_token]").value;
  var base = "/gate/" + ceremony + "/offline/";
  var TICK_MS = 15000, REFRESH_MS = 60000, REQUEST_TIMEOUT_MS = 5000, SOON_MS = 3000;
  var TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
  var ZONED = ["admitted", "zone_admitted", "already_admitted", "no_access"];
  var LET_IN = ["admitted", "zone_admitted"];
  var REFUSED = ["revoked", "unknown", "no_access", "not_today"];

  var list = null;      // the server's list as last read, with the admissions synced since
  var local = {};       // invitation id → [at, gate]: this phone's admissions not yet sent
  var queued = 0;
  var reachable = true; // the last request to the server got an answer
  var refreshedAt = 0;
  var syncing = null;

  function online() { return navigator.onLine && reachable; }

  // ------------------------------------------------------------ the banner

  function time(iso) {
    return new Intl.DateTimeFormat(document.documentElement.lang || "ru",
      { hour: "2-digit", minute: "2-digit", timeZone: list ? list.tz : undefined }).format(new Date(iso));
  }

  function show() {
    banner.hidden = false;
    banner.dataset.state = online() ? "online" : "offline";
    section.classList.toggle("gate-offline", !online());  // the page's counters are as of its loading
    banner.dataset.list = list ? "ready" : "none";
    banner.querySelector(".offline-state").textContent = online() ? T.online : T.offline;
    banner.querySelector(".offline-queue").textContent = T.queue.replace("{count}", queued);
    banner.querySelector(".offline-queue").hidden = queued === 0;
    var age = banner.querySelector(".offline-age");
    age.textContent = list ? T.age.replace("{time}", time(list.built_at))
      .replace("{minutes}", Math.max(0, Math.floor((Date.now() - Date.parse(list.built_at)) / 60000))) : T.no_list;
    banner.querySelector("#offline-prepare").textContent = list ? T.refresh : T.prepare;
  }

  // ------------------------------------------------------------ talking to the server

  function request(path, options) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    options.signal = controller.signal;
    options.redirect = "manual";  // signed out: the server sends to the sign-in page
    options.credentials = "same-origin";
    return fetch(base + path, options).then(function (response) {
      clearTimeout(timer);
      reachable = true;
      if (response.type === "opaqueredirect" || response.status === 401) {
        return signedOut().then(function () { throw new Error("signed out"); });
      }
      if (response.status === 403) {  // not this ceremony, not today: the server says why
        return response.json().then(function (body) {
          var refusal = new Error(body.error);
          refusal.refusal = true;
          throw refusal;
        });
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }, function (error) {
      clearTimeout(timer);
      reachable = false;
      throw error;
    });
  }

  // No session any more (signed out elsewhere, or expired): the list leaves the phone.
  function signedOut() {
    list = null;
    return GateStore.dropList(ceremony).then(show);
  }

  function applyQueue() {
    return GateStore.queued(ceremony).then(function (records) {
      local = {};
      records.forEach(function (r) { if (r.verdict === "admitted" && !local[r.invitation]) local[r.invitation] = [r.at, r.gate]; });
      queued = records.length;
    });
  }

  function refresh() {
    return request("list?gate=" + encodeURIComponent(gate), { method: "GET" }).then(function (fresh) {
      list = fresh;
      refreshedAt = Date.now();
      return GateStore.saveList(list);
    });
  }

  function sync() {
    if (syncing) return syncing;
    syncing = GateStore.queued(ceremony).then(function (records) {
      if (!records.length && !list) return null;
      return request("sync", {
        method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ records: records, cursor: list ? list.cursor : 0 })
      }).then(function (answer) {
        var done = answer.stored.concat(Object.keys(answer.rejected));
        if (list) {
          answer.admissions.forEach(function (a) {
            if (a[1] === null) delete list.admitted[a[0]];
            else if (!list.admitted[a[0]]) list.admitted[a[0]] = [a[1], a[2]];
          });
          list.cursor = answer.cursor;
        }
        return GateStore.dequeue(done).then(function () { return list && GateStore.saveList(list); });
      });
    }).then(applyQueue).then(show, function () { show(); })
      .then(function () { syncing = null; });
    return syncing;
  }

  // The page was loaded before the service worker existed: it asks the worker to keep it now.
  function keepPage() {
    if (!navigator.serviceWorker) return Promise.resolve(false);
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data.kept); };
        registration.active.postMessage({ type: "keep", path: location.pathname }, [channel.port2]);
        setTimeout(function () { resolve(false); }, 20000);
      });
    });
  }

  function prepare() {
    var button = banner.querySelector("#offline-prepare");
    button.disabled = true;
    banner.querySelector(".offline-age").textContent = T.loading;
    return sync().then(refresh).then(keepPage).then(function (kept) {
      banner.dataset.kept = kept ? "yes" : "no";
    }).catch(function (error) {
      banner.querySelector(".offline-age").textContent = error.refusal ? error.message : T.failed;
    }).then(function () {
      button.disabled = false;
      if (list) show();
    });
  }

  // ------------------------------------------------------------ deciding on the phone

  // The same reading of a scanned code as app.checkin.services.extract_token.
  function extractToken(scanned) {
    var text = scanned.trim();
    if (text.indexOf("/i/") >= 0) text = text.slice(text.lastIndexOf("/i/") + 3);
    text = text.split(/[/?#\s]/)[0];
    return TOKEN.test(text) ? text : null;
  }

  function hash(token) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("").slice(0, 32);
    });
  }

  function admission(id) { return list.admitted[id] || local[id] || null; }

  function today() {
    return new Intl.DateTimeFormat("en-CA", { timeZone: list.tz, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date());
  }

  // The door's last steps, in the order of app.checkin.services._decide.
  function decideGuest(id) {
    var guest = list.guests[id];
    if (!guest) return { verdict: "unknown", id: null };
    var day = today();
    if (day < list.days[0] || day > list.days[1]) return { verdict: "not_today", id: id };
    if (list.zone && !guest.opens) return { verdict: "no_access", id: id };
    var admitted = admission(id);
    if (!admitted) return { verdict: "admitted", id: id };
    if (list.zone && list.zone.gates.indexOf(admitted[1]) < 0) return { verdict: "zone_admitted", id: id };
    return { verdict: "already_admitted", id: id };
  }

  function decideHash(h) {
    if (list.revoked.indexOf(h) >= 0) return { verdict: "revoked", id: null };
    var id = list.tokens[h];
    return id === undefined ? { verdict: "unknown", id: null } : decideGuest(String(id));
  }

  function key() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function record(decisions, hashes) {
    var at = new Date().toISOString();
    var records = decisions.map(function (d, i) {
      if (d.verdict === "admitted") local[d.id] = [at, gate];
      return { key: key(), ceremony: ceremony, invitation: d.id === null ? null : Number(d.id), verdict: d.verdict,
               at: at, gate: gate, hash: d.id === null ? (hashes[i] || "") : "" };
    });
    queued += records.length;
    return GateStore.enqueue(records).then(show);
  }

  // ------------------------------------------------------------ the phone's verdict, as the server prints it

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function detail(d, guest) {
    var admitted = d.id !== null ? admission(d.id) : null;
    switch (d.verdict) {
      case "already_admitted": return T.already.replace("{time}", time(admitted[0])).replace("{gate}", admitted[1]);
      case "not_today": return T.not_today;
      case "no_access": return guest.zones.length ? T.opens.replace("{zones}", guest.zones.join(", ")) : T.opens_none;
      case "unknown": return T.unknown;
      case "revoked": return T.revoked;
      default: return "";
    }
  }

  function companionsForm(guest) {
    var companions = element("form", "companions offline-companions");
    companions.appendChild(element("p", "companions-title", T.together));
    var waiting = 0;
    guest.companions.forEach(function (id) {
      var companion = list.guests[id], admitted = admission(String(id));
      var label = element("label", "check"), box = element("input");
      box.type = "checkbox"; box.name = "invitation"; box.value = id;
      box.checked = !admitted; box.disabled = !!admitted;
      waiting += admitted ? 0 : 1;
      var text = companion.name + " · " + companion.kind;
      if (admitted) text += " — " + (companion.female ? T.came_female : T.came).replace("{time}", time(admitted[0]));
      label.appendChild(box); label.appendChild(element("span", "", text));
      companions.appendChild(label);
    });
    if (waiting) companions.appendChild(element("button", "primary big", T.let_in));
    return companions;
  }

  function article(d) {
    var guest = d.id !== null ? list.guests[d.id] : null;
    var classes = "verdict verdict-" + d.verdict + " verdict-offline";
    if (LET_IN.indexOf(d.verdict) >= 0 && d.verdict !== "admitted") classes += " verdict-admitted";
    var node = element("article", classes);
    var mark = LET_IN.indexOf(d.verdict) >= 0 ? "✓ " : REFUSED.indexOf(d.verdict) >= 0 ? "✕ " :
      d.verdict === "already_admitted" ? "! " : "";
    node.appendChild(element("p", "verdict-word", mark + (d.verdict === "already_admitted" && guest && guest.female
      ? T.already_female : T.labels[d.verdict])));
    var said = detail(d, guest);
    if (said) node.appendChild(element("p", "verdict-detail", said));
    if (guest) {
      var lines = document.createElement("template");
      lines.innerHTML = guest.lines;  // rendered and escaped by the server's own verdict macro
      node.appendChild(lines.content);
      if (list.zone && guest.zones.length && ZONED.indexOf(d.verdict) >= 0 && d.verdict !== "no_access") {
        var zones = element("p", "verdict-zones", T.zones + ": ");
        zones.appendChild(element("strong", "", guest.zones.join(", ")));
        node.appendChild(zones);
      }
      if (guest.companions.length && (d.verdict === "admitted" || d.verdict === "already_admitted")) {
        node.appendChild(companionsForm(guest));
      }
    }
    node.appendChild(element("p", "verdict-here", T.decided_here));
    return node;
  }

  function render(decisions) {
    var box = document.getElementById("verdict");
    box.replaceChildren.apply(box, decisions.map(article));
    document.body.dispatchEvent(new CustomEvent("gate:verdict"));
  }

  function scanHere(code) {
    var token = extractToken(code || "");
    return (token ? hash(token) : Promise.resolve("")).then(function (h) {
      var decision = h ? decideHash(h) : { verdict: "unknown", id: null };
      render([decision]);
      return record([decision], [h]);
    });
  }

  function letInHere(companions) {
    var ids = Array.prototype.map.call(companions.querySelectorAll("input[name=invitation]:checked:not(:disabled)"),
      function (box) { return box.value; });
    var decisions = ids.map(decideGuest);
    render(decisions);
    return record(decisions, []);
  }

  // Without the network (or without an answer) the scan form is answered here; the phone's own companion
  // forms always are (they have no address on the server).
  document.addEventListener("submit", function (event) {
    var target = event.target;
    var here = target.classList.contains("offline-companions") || (target === form && !online() && list);
    if (!here) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (target === form) scanHere(form.elements.code.value);
    else letInHere(target);
  }, true);

  function unanswered(event) {
    reachable = false;
    show();
    if (event.detail.elt === form && list) scanHere(form.elements.code.value);
  }
  // The server admitted a card: the list learns of it with a sync soon after (at most one per few seconds),
  // so the same card shown again after the network drops is «already admitted», not a second admission.
  var soon = null;
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.xhr && event.detail.xhr.status && !reachable) { reachable = true; show(); }
    if (event.detail.successful && event.detail.elt === form && list && !soon) {
      soon = setTimeout(function () { soon = null; sync(); }, SOON_MS);
    }
  });
  // The counters poll the server: with the network gone they wait, rather than raise «Сервер недоступен»
  // every few seconds over a gate that works.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (!navigator.onLine && list && event.detail.elt.id === "counters") event.preventDefault();
  });
  document.body.addEventListener("htmx:sendError", unanswered);
  document.body.addEventListener("htmx:timeout", unanswered);
  form.setAttribute("hx-request", JSON.stringify({ timeout: REQUEST_TIMEOUT_MS }));

  // ------------------------------------------------------------ the rhythm

  function tick() {
    if (list && Date.parse(list.ends_at) < Date.now()) {  // the ceremony is over: the list leaves the phone
      list = null;
      GateStore.dropList(ceremony);
    }
    if (navigator.onLine && (queued || (list && Date.now() - refreshedAt >= REFRESH_MS))) {
      sync().then(function () { if (list && reachable && Date.now() - refreshedAt >= REFRESH_MS) return refresh(); })
        .catch(function () { /* the next tick tries again */ }).then(show);
    } else {
      show();
    }
  }

  window.addEventListener("online", function () { reachable = true; tick(); });
  window.addEventListener("offline", show);
  banner.querySelector("#offline-prepare").addEventListener("click", prepare);

  if (navigator.serviceWorker) {
    navigator.serviceWorker.register("/gate-sw.js").catch(function () { /* no worker: online only */ });
  }
  GateStore.dropEnded().then(function () { return GateStore.list(ceremony); }).then(function (kept) {
    list = kept || null;
    // a list for another gate of this ceremony (another zone) is read again as soon as the network allows
    if (list) refreshedAt = list.gate === gate ? Date.parse(list.built_at) : 0;
    return applyQueue();
  }).then(function () {
    tick();
    setInterval(tick, TICK_MS);
  }).catch(show);
})();
