// The gate's storage on the phone (IndexedDB), shared by the gate page (gate-offline.js) and the service
// worker (gate-sw.js): the admission lists, one per ceremony, and the queue of scans decided without the
// network. The queue holds no personal data (invitation ids, hashes, verdicts) and outlives a wiped list:
// what the phone decided is sent when the network returns, whatever happened to the list meanwhile.
(function (scope) {
  "use strict";
  var NAME = "ceremonia-gate", VERSION = 1;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("lists", { keyPath: "ceremony" });
        request.result.createObjectStore("queue", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // One transaction on one store; `work` issues requests and may return one whose result is the answer.
  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var request = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  scope.GateStore = {
    list: function (ceremony) { return run("lists", "readonly", function (s) { return s.get(ceremony); }); },
    saveList: function (list) { return run("lists", "readwrite", function (s) { s.put(list); }); },
    dropList: function (ceremony) { return run("lists", "readwrite", function (s) { s.delete(ceremony); }); },
    dropLists: function () { return run("lists", "readwrite", function (s) { s.clear(); }); },
    // The lists of ceremonies that are over leave the phone (the queue stays until it is sent).
    dropEnded: function () {
      return run("lists", "readwrite", function (s) {
        s.openCursor().onsuccess = function (event) {
          var cursor = event.target.result;
          if (!cursor) return;
          if (Date.parse(cursor.value.ends_at) < Date.now()) cursor.delete();
          cursor.continue();
        };
      });
    },
    queued: function (ceremony) {
      return run("queue", "readonly", function (s) { return s.getAll(); }).then(function (all) {
        return all.filter(function (r) { return r.ceremony === ceremony; })
          .sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
      });
    },
    enqueue: function (records) {
      return run("queue", "readwrite", function (s) { records.forEach(function (r) { s.put(r); }); });
    },
    dequeue: function (keys) {
      return run("queue", "readwrite", function (s) { keys.forEach(function (k) { s.delete(k); }); });
    }
  };
})(self);
