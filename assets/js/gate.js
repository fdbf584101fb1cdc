// The gate's scanner: the phone camera reads the invitation's QR code and posts it as if typed by hand.
// BarcodeDetector where the browser has it; the vendored jsQR (assets/js/jsQR-1.4.0.js) elsewhere.
// Without a camera (or without JavaScript) the manual code field and the search by name still work.
(function () {
  "use strict";
  var JSQR_URL = "/assets/js/jsQR-1.4.0.js";
  var SAME_CODE_PAUSE_MS = 4000;   // the same card held in front of the camera is sent once
  var AFTER_VERDICT_PAUSE_MS = 1200;
  var FRAME_MS = 120;

  var form = document.getElementById("scan-form");
  var input = document.getElementById("code");
  var box = document.getElementById("camera");
  var video = document.getElementById("camera-video");
  var canvas = document.getElementById("camera-canvas");
  var status = document.getElementById("camera-status");
  var toggle = document.getElementById("camera-toggle");
  if (!form || !input) return;

  var stream = null, detector = null, busy = false, lastCode = "", lastAt = 0, resumeAt = 0, timer = null;
  var texts = {
    on: "Включить камеру", off: "Выключить камеру", starting: "Камера включается…",
    ready: "Наведите камеру на QR-код", denied: "Нет доступа к камере: разрешите его в настройках браузера или введите код вручную.",
    insecure: "Камера работает только по HTTPS: введите код вручную или найдите гостя по фамилии.",
    sent: "Код считан, проверяем…"
  };
  if (document.documentElement.lang === "en") {
    texts = {
      on: "Turn the camera on", off: "Turn the camera off", starting: "Starting the camera…",
      ready: "Point the camera at the QR code", denied: "No access to the camera: allow it in the browser settings or type the code.",
      insecure: "The camera needs HTTPS: type the code or search the guest by name.", sent: "Code read, checking…"
    };
  }

  function say(text) { if (status) status.textContent = text; }

  // A short tone and a vibration, so a verdict is noticed without looking at the screen.
  var audio = null;
  function signal(ok) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = ok ? 880 : 220;
      gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + (ok ? 0.15 : 0.5));
    } catch (e) { /* no sound: fine */ }
    if (navigator.vibrate) navigator.vibrate(ok ? 80 : [250, 100, 250]);
  }

  function send(code) {
    var now = Date.now();
    if (busy || now < resumeAt) return;
    if (code === lastCode && now - lastAt < SAME_CODE_PAUSE_MS) return;
    lastCode = code; lastAt = now; busy = true;
    say(texts.sent);
    input.value = code;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  // A verdict is on the screen: from the server (htmx swapped it in) or decided on the phone (gate-offline.js).
  function shown() {
    var verdict = document.querySelector("#verdict .verdict");
    var top = document.getElementById("verdict").getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.45) document.getElementById("verdict").scrollIntoView({ block: "start" });
    if (verdict && !verdict.classList.contains("verdict-undone")) {
      signal(verdict.classList.contains("verdict-admitted"));
    }
    busy = false;
    resumeAt = Date.now() + AFTER_VERDICT_PAUSE_MS;
    input.value = "";
    if (stream) say(texts.ready);
    else input.focus();
  }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "verdict") shown();
  });
  document.body.addEventListener("gate:verdict", shown);
  document.body.addEventListener("htmx:afterRequest", function () { busy = false; });

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve(window.jsQR);
      var script = document.createElement("script");
      script.src = JSQR_URL;
      script.onload = function () { resolve(window.jsQR); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function makeDetector() {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") < 0) throw new Error("no qr_code");
        var native = new window.BarcodeDetector({ formats: ["qr_code"] });
        return function () {
          return native.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
        };
      }).catch(fallback);
    }
    return fallback();
  }

  function fallback() {
    return loadJsQR().then(function (jsQR) {
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        var width = video.videoWidth, height = video.videoHeight;
        if (!width) return Promise.resolve(null);
        var scale = Math.min(1, 640 / Math.max(width, height));
        canvas.width = Math.round(width * scale); canvas.height = Math.round(height * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  function tick() {
    if (!stream) return;
    var wait = busy || Date.now() < resumeAt || video.readyState < 2;
    (wait ? Promise.resolve(null) : detector()).then(function (code) {
      if (code) send(code.trim());
    }).catch(function () { /* a frame that failed to decode: try the next */ }).then(function () {
      timer = setTimeout(tick, FRAME_MS);
    });
  }

  function start() {
    say(texts.starting);
    box.hidden = false;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      return video.play();
    }).then(function () {
      return detector ? detector : makeDetector();
    }).then(function (d) {
      detector = d;
      toggle.textContent = texts.off;
      say(texts.ready);
      try { localStorage.setItem("gate-camera", "on"); } catch (e) { /* private mode */ }
      tick();
    }).catch(function () {
      stop();
      say(texts.denied);
      box.hidden = false;
    });
  }

  function stop() {
    if (timer) clearTimeout(timer);
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.hidden = true;
    toggle.textContent = texts.on;
    try { localStorage.setItem("gate-camera", "off"); } catch (e) { /* private mode */ }
  }

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    if (!window.isSecureContext) { box.hidden = false; say(texts.insecure); }
    return;
  }
  toggle.hidden = false;
  toggle.textContent = texts.on;
  toggle.addEventListener("click", function () { if (stream) stop(); else start(); });
  var remembered = null;
  try { remembered = localStorage.getItem("gate-camera"); } catch (e) { /* private mode */ }
  if (remembered === "on") start();
})();
