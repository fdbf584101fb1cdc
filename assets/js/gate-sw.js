// The gate's service worker, served at /gate-sw.js so that its scope is the whole site.
// It keeps the gate page, its scripts, styles and fonts, so the page opens with the network gone; the
// admission list itself lives in IndexedDB (gate-store.js). Every other request goes to the network
// untouched. Signing out, from any page, wipes the admission lists and the kept gate pages first.
importScripts("/assets/js/gate-store.js");

var CACHE = "ceremonia-gate-1";
var ASSETS = [
  "/assets/css/app.css", "/assets/css/registry.css", "/assets/css/gate.css", "/assets/css/gate-offline.css",
  "/assets/js/htmx-2.0.8.min.js", "/assets/js/nav.js", "/assets/js/errors.js", "/assets/js/confirm.js",
  "/assets/js/gate.js", "/assets/js/gate-store.js", "/assets/js/gate-offline.js", "/assets/js/jsQR-1.4.0.js",
  "/assets/fonts/PTSans-Regular.ttf", "/assets/fonts/PTSans-Bold.ttf", "/assets/fonts/PTSerif-Bold.ttf",
  "/assets/img/gate-icon.svg"
];
var GATE_PAGE = /^\/gate\/\d+$/;
var MANIFEST = /^\/gate\/\d+\/offline\/manifest\.webmanifest$/;
var NETWORK_WAIT_MS = 4000;  // a network that answers slower than this is as good as none at the door

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

// The page asks to keep itself when the list is downloaded: it was loaded before this worker existed.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !GATE_PAGE.test(data.path || "")) return;
  var port = event.ports[0];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS.concat([data.path]));
  }).then(function () { if (port) port.postMessage({ kept: true }); }, function () {
    if (port) port.postMessage({ kept: false });
  }));
});

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

// The gate page: the network's if it answers in time (and kept for later), else the kept one.
function gatePage(request) {
  return withTimeout(fetch(request), NETWORK_WAIT_MS).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request.url, copy); });
    }
    return response;
  }).catch(function (error) {
    return caches.match(request.url).then(function (kept) {
      if (kept) return kept;
      throw error;
    });
  });
}

// Scripts, styles, fonts: the kept copy at once, refreshed from the network behind it.
function asset(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request.url).then(function (kept) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) cache.put(request.url, response.clone());
        return response;
      });
      if (!kept) return fresh;
      fresh.catch(function () { /* offline: the kept copy stands */ });
      return kept;
    });
  });
}

function signOut(request) {
  var wipe = Promise.all([
    GateStore.dropLists(),
    caches.open(CACHE).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return GATE_PAGE.test(new URL(k.url).pathname); })
          .map(function (k) { return cache.delete(k); }));
      });
    })
  ]).catch(function () { /* nothing kept: nothing to wipe */ });
  return wipe.then(function () { return fetch(request); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/logout") {
    event.respondWith(signOut(request));
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate" && GATE_PAGE.test(url.pathname)) {
    event.waitUntil(GateStore.dropEnded().catch(function () { /* no lists yet */ }));
    event.respondWith(gatePage(request));
  } else if (ASSETS.indexOf(url.pathname) >= 0 || MANIFEST.test(url.pathname)) {
    event.respondWith(asset(request));
  }
});
