/* The checklist with no signal. Drafts (answers by item), photos (shrunk on the phone with a
   canvas) and submissions waiting to be sent are kept in IndexedDB; a submission carries its
   own id (client_id), so sending it twice makes one visit. Where a service worker may run
   (HTTPS or localhost) the day's pages are kept too (sw.js); on plain HTTP the phone resends
   when an inspections page is next open with a connection. Hand-written, no library. */
(function () {
  "use strict";
  var root = document.getElementById("offline");
  if (!root) { return; }
  var T = root.dataset;
  var modeEl = document.getElementById("offline-mode");
  var statusEl = document.getElementById("outbox-status");
  var sendNow = document.getElementById("send-now");
  var csrf = (root.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var hasIdb = "indexedDB" in window;
  var swMode = "serviceWorker" in navigator && window.isSecureContext;

  /* --- a small IndexedDB store: drafts, photos, outbox --- */
  var opened = null;
  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        // One store per user: on a shared phone, nobody sees another's drafts or waiting
        // submissions, and those wait (never lost) until their inspector is back.
        var req = indexedDB.open("zz-inspections-" + (T.user || "0"), 1);
        req.onupgradeneeded = function () {
          var d = req.result;
          ["drafts", "photos", "outbox"].forEach(function (name) {
            if (!d.objectStoreNames.contains(name)) { d.createObjectStore(name); }
          });
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return opened;
  }
  function run(store, mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(store, mode);
        var req = fn(t.objectStore(store));
        t.oncomplete = function () { resolve(req ? req.result : undefined); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }
  function get(store, key) { return run(store, "readonly", function (s) { return s.get(key); }); }
  function put(store, key, value) { return run(store, "readwrite", function (s) { return s.put(value, key); }); }
  function del(store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); }
  function keys(store) { return run(store, "readonly", function (s) { return s.getAllKeys(); }); }

  function newId() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* A photo shrunk on the phone: at most 1600 px on its long side, JPEG. */
  function shrink(file) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var k = Math.min(1, 1600 / Math.max(img.naturalWidth, img.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(img.naturalWidth * k));
        canvas.height = Math.max(1, Math.round(img.naturalHeight * k));
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) { resolve(blob || file); }, "image/jpeg", 0.8);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      img.src = url;
    });
  }

  /* --- the mode, said on the page --- */
  if (!hasIdb) {
    modeEl.textContent = T.tNone;
    return;
  }
  modeEl.textContent = swMode ? T.tSw : T.tPlain;
  root.dataset.mode = swMode ? "sw" : "plain";
  if (swMode) {
    navigator.serviceWorker.register(T.sw, { scope: T.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      var day = document.getElementById("day-visits");
      if (!day || !("caches" in window)) { return; }
      var urls = [location.pathname + location.search];
      day.querySelectorAll("a[href]").forEach(function (a) { urls.push(a.getAttribute("href")); });
      document.querySelectorAll("link[rel=stylesheet][href], link[rel=icon][href], script[src]").forEach(function (el) {
        urls.push(el.getAttribute("href") || el.getAttribute("src"));
      });
      (day.dataset.assets || "").split(" ").forEach(function (u) { if (u) { urls.push(u); } });
      return caches.open("zz-inspections-v1").then(function (cache) {
        return Promise.all(urls.map(function (u) {
          return cache.add(u).catch(function () { return null; });
        }));
      }).then(function () {
        modeEl.textContent = T.tKept;
        root.dataset.ready = "1";
      });
    }).catch(function () { modeEl.textContent = T.tPlain; root.dataset.mode = "plain"; });
  }

  /* --- the outbox: waiting submissions, sent when the network returns --- */
  var sending = false;
  function showOutbox() {
    return keys("outbox").then(function (ks) {
      if (!ks.length) { sendNow.hidden = true; return ks; }
      sendNow.hidden = false;
      return Promise.all(ks.map(function (k) { return get("outbox", k); })).then(function (rows) {
        var refused = rows.filter(function (r) { return r.error; });
        statusEl.textContent = T.tWaiting + " " + rows.map(function (r) { return r.label; }).join("、") +
          (refused.length ? " — " + T.tRefused + " " + refused.map(function (r) { return r.error; }).join("；") : "");
        statusEl.dataset.waiting = String(rows.length);
        return ks;
      });
    });
  }
  function post(url, body, json) {
    var headers = { "X-CSRFToken": csrf };
    if (json) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: body });
  }
  function sendOne(key) {
    return get("outbox", key).then(function (entry) {
      if (!entry) { return null; }
      var codes = Object.keys(entry.photos || {}).filter(function (c) { return !entry.photos[c]; });
      var chain = Promise.resolve();
      codes.forEach(function (code) {
        chain = chain.then(function () {
          return get("photos", entry.visit + ":" + code).then(function (blob) {
            var form = new FormData();
            form.append("file", blob, "visit-" + entry.visit + "-" + code + ".jpg");
            return post(T.files, form, false).then(function (res) {
              if (!res.ok) { return res.json().catch(function () { return {}; }).then(function (j) { throw { refused: j.detail || res.status }; }); }
              return res.json();
            }).then(function (file) {
              entry.photos[code] = file.id;
              return put("outbox", key, entry);
            });
          });
        });
      });
      return chain.then(function () {
        var answers = {};
        Object.keys(entry.answers).forEach(function (code) {
          var a = Object.assign({}, entry.answers[code]);
          if (entry.photos[code]) { a.photo = entry.photos[code]; }
          answers[code] = a;
        });
        var body = { answers: answers, note: entry.note, lon: entry.lon, lat: entry.lat, client_id: entry.client_id };
        return post(T.api + entry.visit + "/submit", JSON.stringify(body), true);
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (j) {
          if (!res.ok) { throw { refused: j.detail || res.status }; }
          return Promise.all([del("outbox", key), del("drafts", String(entry.visit))].concat(
            Object.keys(entry.photos).map(function (c) { return del("photos", entry.visit + ":" + c); })
          )).then(function () { return entry; });
        });
      }, function (err) {
        if (err && err.refused) {
          entry.error = String(err.refused);
          return put("outbox", key, entry).then(function () { return null; });
        }
        throw err;
      });
    });
  }
  function send() {
    if (sending) { return Promise.resolve(); }
    sending = true;
    return keys("outbox").then(function (ks) {
      var sent = [];
      if (ks.length) { statusEl.textContent = T.tSending; }
      var chain = Promise.resolve();
      ks.forEach(function (k) {
        chain = chain.then(function () { return sendOne(k); }).then(function (e) { if (e) { sent.push(e); } });
      });
      return chain.then(function () { return sent; }, function () { return sent; });
    }).then(function (sent) {
      sending = false;
      return showOutbox().then(function (left) {
        if (sent.length && !left.length) {
          statusEl.textContent = T.tSent;
          statusEl.dataset.sent = String(sent.length);
          var form = document.getElementById("checklist-form");
          if (form && sent.some(function (e) { return String(e.visit) === form.dataset.visit; })) {
            location.href = T.visits + form.dataset.visit + "/";
          }
        } else if (!left.length && statusEl.textContent === T.tSending) {
          statusEl.textContent = "";
        }
      });
    }, function () { sending = false; return showOutbox(); });
  }
  sendNow.addEventListener("click", send);
  window.addEventListener("online", send);
  setInterval(function () { if (!sending) { send(); } }, 30000);

  /* --- the checklist: a draft kept at every tap, restored after a reload --- */
  var form = document.getElementById("checklist-form");
  if (!form) { send(); return; }
  var visit = form.dataset.visit;
  var answeredEl = document.getElementById("answered");
  var draft = { client_id: null, answers: {}, note: "" };

  function collect() {
    var answers = {};
    form.querySelectorAll(".cl-item").forEach(function (item) {
      var code = item.dataset.code;
      var checked = item.querySelector("input[type=radio]:checked");
      var a = { result: checked ? checked.value : "" };
      var n = item.querySelector("input[name='n-" + code + "']");
      var p = item.querySelector("input[name='p-" + code + "']");
      var note = item.querySelector("textarea");
      if (n && n.value) { a.findings = parseInt(n.value, 10) || 0; }
      if (p && p.value !== "") { a.points = p.value; }
      if (note && note.value) { a.note = note.value; }
      answers[code] = a;
    });
    return answers;
  }
  function save() {
    draft.answers = collect();
    var note = form.querySelector("textarea[name=note]");
    draft.note = note ? note.value : "";
    return put("drafts", visit, draft);
  }
  function markPhoto(item, kb) {
    var label = item.querySelector(".photo-pick");
    var tag = item.querySelector(".photo-kept");
    if (!tag) {
      tag = document.createElement("span");
      tag.className = "photo-kept tag tag-ok";
      label.insertAdjacentElement("afterend", tag);
    }
    tag.textContent = T.tPhotoKept + (kb ? " · " + kb + " KB" : "");
    item.dataset.photo = "1";
  }
  function restore(saved) {
    draft = saved;
    Object.keys(saved.answers || {}).forEach(function (code) {
      var item = form.querySelector(".cl-item[data-code='" + code + "']");
      if (!item) { return; }
      var a = saved.answers[code];
      if (a.result) {
        var radio = item.querySelector("input[type=radio][value='" + a.result + "']");
        if (radio) { radio.checked = true; }
      }
      var n = item.querySelector("input[name='n-" + code + "']");
      var p = item.querySelector("input[name='p-" + code + "']");
      var note = item.querySelector("textarea");
      if (n && a.findings) { n.value = a.findings; }
      if (p && a.points !== undefined) { p.value = a.points; }
      if (note && a.note) { note.value = a.note; }
    });
    var note = form.querySelector("textarea[name=note]");
    if (note && saved.note) { note.value = saved.note; }
    statusEl.textContent = T.tDraft;
    form.dispatchEvent(new Event("change"));
  }
  get("drafts", visit).then(function (saved) {
    if (saved && saved.answers) { restore(saved); }
    if (!draft.client_id) { draft.client_id = newId(); }
    return keys("photos");
  }).then(function (ks) {
    ks.forEach(function (k) {
      var parts = String(k).split(":");
      if (parts[0] !== visit) { return; }
      var item = form.querySelector(".cl-item[data-code='" + parts.slice(1).join(":") + "']");
      if (item) { markPhoto(item, 0); }
    });
    form.dataset.restored = "1";
    return send();
  });

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input && input.type === "file") {
      var file = input.files && input.files[0];
      if (!file) { return; }
      var item = input.closest(".cl-item");
      shrink(file).then(function (blob) {
        return put("photos", visit + ":" + item.dataset.code, blob).then(function () {
          markPhoto(item, Math.round(blob.size / 1024));
          input.value = "";
        });
      });
      return;
    }
    if (event.isTrusted || input === form) { save(); }
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "number") { save(); }
  });
  form.querySelectorAll(".all-pass").forEach(function (b) { b.addEventListener("click", function () { save(); }); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var answers = collect();
    var codes = Object.keys(answers);
    var missing = codes.filter(function (c) { return !answers[c].result; });
    if (missing.length) {
      statusEl.textContent = T.tUnanswered + " " + missing.slice(0, 5).join(" ");
      form.querySelector(".cl-item[data-code='" + missing[0] + "']").scrollIntoView();
      return;
    }
    var photos = {};
    var noPhoto = [];
    codes.forEach(function (c) {
      var item = form.querySelector(".cl-item[data-code='" + c + "']");
      if (answers[c].result !== "fail") { return; }
      if (item.dataset.photo === "1") { photos[c] = null; }
      else if (item.dataset.photoRequired === "1") { noPhoto.push(c); }
    });
    if (noPhoto.length) {
      statusEl.textContent = T.tPhoto + " " + noPhoto.join(" ");
      return;
    }
    var note = form.querySelector("textarea[name=note]");
    var lon = parseFloat((document.getElementById("id_lon") || {}).value);
    var lat = parseFloat((document.getElementById("id_lat") || {}).value);
    var entry = {
      visit: visit,
      client_id: draft.client_id,
      label: form.dataset.label || visit,
      answers: answers,
      photos: photos,
      note: note ? note.value : "",
      lon: isNaN(lon) ? null : lon,
      lat: isNaN(lat) ? null : lat,
      queued_at: new Date().toISOString()
    };
    save().then(function () { return put("outbox", draft.client_id, entry); }).then(showOutbox).then(send);
  });
})();
