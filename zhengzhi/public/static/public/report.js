/* The citizen's report form (/report), phone first.
   - The place: tap the map (the base map, or the district's own streets), use the phone's location, or type an address.
     Without the map (no Leaflet, no shapes) the other two still work.
   - Photos are shrunk (canvas → JPEG, longest side 1600 px) before they are sent: zhengzhi/photos.js.
   - Sending: one request with the shrunk photos and a progress figure; the answer is JSON. Errors
     are shown on their fields and nothing typed or chosen is lost. The client token in the form
     makes a double tap or a retry the same report. Without JavaScript the form posts as usual. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("report-config").textContent);
  var T = cfg.labels;
  var form = document.getElementById("report-form");
  var lonIn = document.getElementById("id_lon");
  var latIn = document.getElementById("id_lat");
  var result = document.getElementById("place-result");
  var nearby = document.getElementById("nearby");
  var category = document.getElementById("id_category");
  var submit = document.getElementById("report-submit");
  var sendStatus = document.getElementById("send-status");

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; }).replace("%%", "%");
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function setResult(text, cls) {
    result.textContent = text;
    result.className = "place-result" + (cls ? " " + cls : "");
  }

  // ---- nearby reports (the duplicates partial) ----------------------------------------------
  var nearbyAsked = 0;
  function refreshNearby() {
    if (!lonIn.value || !latIn.value || !category.value) { nearby.innerHTML = ""; return; }
    var mine = ++nearbyAsked;
    var url = form.getAttribute("data-nearby-url") + "?category=" + encodeURIComponent(category.value) +
      "&lon=" + encodeURIComponent(lonIn.value) + "&lat=" + encodeURIComponent(latIn.value);
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (mine === nearbyAsked) { nearby.innerHTML = html; } })
      .catch(function () { /* a hint only: the form goes on without it */ });
  }
  category.addEventListener("change", refreshNearby);

  // ---- the chosen category's extra questions (without JavaScript every group shows) -------
  function showQuestions() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-questions-for]"), function (group) {
      var mine = group.getAttribute("data-questions-for") === category.value;
      group.hidden = !mine;
      // Hidden answers are not sent: another category's questions do not belong to this report.
      Array.prototype.forEach.call(group.querySelectorAll("input, textarea, select"), function (i) {
        i.disabled = !mine;
      });
    });
  }
  category.addEventListener("change", showQuestions);
  showQuestions();

  // ---- the place ----------------------------------------------------------------------------
  var whereAsked = 0;
  function checkPlace() {
    var mine = ++whereAsked;
    setResult(T.checking, "busy");
    fetch(cfg.whereUrl + "?lon=" + lonIn.value + "&lat=" + latIn.value, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (d) {
        if (mine !== whereAsked) { return; }
        if (d.inside) { setResult(fmt(T.inside, { place: d.place }), "ok"); }
        else { setResult(T.outside, "warn"); }
      })
      .catch(function () { if (mine === whereAsked) { setResult(T.placeChosen, ""); } });
    refreshNearby();
  }

  var map = null, marker = null;
  function setPoint(lat, lng, centre) {
    lonIn.value = lng.toFixed(7);
    latIn.value = lat.toFixed(7);
    if (map) {
      var ll = L.latLng(lat, lng);
      if (marker) { marker.setLatLng(ll); } else { marker = L.circleMarker(ll, { radius: 9, color: "#b3261e", weight: 3, fillOpacity: 0.5 }).addTo(map); }
      if (centre) { map.setView(ll, Math.max(map.getZoom(), 16)); }
    }
    clearError("place");
    checkPlace();
  }

  function mapUnavailable() {
    var picker = document.getElementById("picker");
    var mapDiv = document.getElementById("report-map");
    mapDiv.hidden = true;
    picker.classList.add("no-map");
    document.getElementById("map-help").textContent = T.mapError;
  }

  if (typeof L === "undefined") {
    mapUnavailable();
  } else {
    try {
      map = zzBasemap.create("report-map", cfg.basemap, { preferCanvas: true });
      map.setView([30.25, 120.15], 13);
      window.zzReportMap = map;  // for the browser test
      map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, false); });
      fetch(cfg.areasUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) {
          var all = L.featureGroup().addTo(map);
          L.geoJSON(data.boundaries, { interactive: false,
            style: function () { return { color: "#b3261e", weight: 1.5, dashArray: "5 4", fill: false }; } }).addTo(all);
          L.geoJSON(data.grids, { interactive: false,
            style: function () { return { color: "#35506b", weight: 1, fillColor: "#1f5fa8", fillOpacity: 0.12 }; } }).addTo(all);
          document.getElementById("report-map").setAttribute("data-areas", data.grids.features.length);
          if (lonIn.value && latIn.value) {
            map.setView([parseFloat(latIn.value), parseFloat(lonIn.value)], 16);
          } else if (all.getBounds().isValid()) {
            map.fitBounds(all.getBounds(), { animate: false });
          }
        })
        .catch(function () { map.remove(); map = null; mapUnavailable(); });
    } catch (err) {
      map = null;
      mapUnavailable();
    }
  }
  if (lonIn.value && latIn.value) { setPoint(parseFloat(latIn.value), parseFloat(lonIn.value), false); }

  var locate = document.getElementById("use-location");
  if (!navigator.geolocation) { locate.hidden = true; }
  locate.addEventListener("click", function () {
    setResult(T.locating, "busy");
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(pos.coords.latitude, pos.coords.longitude, true);
      if (pos.coords.accuracy) {
        var note = document.getElementById("location-accuracy") || el("p", { id: "location-accuracy", "class": "helptext" });
        note.textContent = fmt(T.located, { m: Math.round(pos.coords.accuracy) });
        result.parentNode.insertBefore(note, result);
      }
    }, function () { setResult(T.noLocation, "warn"); },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  // ---- photos: shrunk before sending (zhengzhi/photos.js) ----------------------------------
  var photoBox = window.zzPhotos({
    input: document.getElementById("id_photos"),
    previews: document.getElementById("previews"),
    note: document.getElementById("photos-note"),
    max: cfg.maxPhotos,
    labels: T,
    showError: function (messages) { showError("photos", messages); },
    clearError: function () { clearError("photos"); }
  });

  // ---- errors on their fields ----------------------------------------------------------------
  function clearError(field) {
    var box = form.querySelector('[data-field="' + field + '"]');
    if (!box) { return; }
    Array.prototype.forEach.call(box.querySelectorAll(".errorlist"), function (n) { n.remove(); });
  }
  function showError(field, messages) {
    var box = form.querySelector('[data-field="' + field + '"]');
    if (!box) { return false; }
    clearError(field);
    var ul = el("ul", { "class": "errorlist", role: "alert" });
    messages.forEach(function (m) { ul.appendChild(el("li", {}, m)); });
    box.appendChild(ul);
    return true;
  }
  function showMessage(text) {
    var box = document.getElementById("form-message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  // A message under a field goes once the field is filled in: "必填" under a description
  // typed since is stale. The banner goes with the last of them.
  Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (box) {
    var field = box.getAttribute("data-field");
    if (field === "photos" || field === "place") { return; }  // cleared by their own code
    function changed(e) {
      var input = e.target;
      if (!input || !("value" in input) || !String(input.value).trim()) { return; }
      clearError(field);
      if (!form.querySelector("[data-field] .errorlist")) { showMessage(""); }
    }
    box.addEventListener("input", changed);
    box.addEventListener("change", changed);
  });

  // ---- sending -------------------------------------------------------------------------------
  var sending = false;
  function done() { sending = false; submit.disabled = false; }

  form.addEventListener("submit", function (e) {
    if (!window.FormData || !window.XMLHttpRequest) { return; }  // the plain form post
    e.preventDefault();
    if (sending) { return; }
    sending = true;
    submit.disabled = true;
    showMessage("");
    photoBox.ready().then(function () {
      var data = new FormData(form);
      data.delete("photos");
      photoBox.photos().forEach(function (p) { data.append("photos", p.blob, p.name); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.pathname);
      xhr.setRequestHeader("X-Report-Ajax", "1");
      xhr.timeout = 180000;
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) { sendStatus.textContent = fmt(T.sending, { p: Math.round(100 * ev.loaded / ev.total) }); }
      };
      sendStatus.textContent = fmt(T.sending, { p: 0 });
      xhr.onload = function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = null; }
        if (answer && answer.ok) { window.location.assign(answer.url); return; }
        done();
        sendStatus.textContent = "";
        if (!answer) { showMessage(T.sendFailed); return; }
        var errors = answer.errors || {};
        Array.prototype.forEach.call(form.querySelectorAll("[data-field] .errorlist"), function (n) { n.remove(); });
        var unplaced = [];
        Object.keys(errors).forEach(function (f) { if (!showError(f, errors[f])) { unplaced = unplaced.concat(errors[f]); } });
        showMessage([answer.message].concat(unplaced.filter(function (m) { return m !== answer.message; })).join(" "));
        var first = form.querySelector(".errorlist") || document.getElementById("form-message");
        if (first && first.scrollIntoView) { first.scrollIntoView({ block: "center" }); }
      };
      xhr.onerror = xhr.ontimeout = function () {
        done();
        sendStatus.textContent = "";
        showMessage(T.sendFailed);
      };
      xhr.send(data);
    });
  });
  window.addEventListener("pageshow", function () { done(); });
})();
