/* The inspections' service worker (only over HTTPS or on localhost): the day's visits, their
   checklists and the assets they use are kept on the phone; each page is asked of the network
   first and, with no signal, answered from what was kept. Submissions are not its business:
   offline.js keeps them in IndexedDB and sends them when the network returns. */
"use strict";
var CACHE = "zz-inspections-v1";
var STATIC = "{{ static_prefix|escapejs }}";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/inspections/") !== 0 && url.pathname.indexOf(STATIC) !== 0) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreVary: true }).then(function (kept) {
      return kept || caches.match(request, { ignoreVary: true, ignoreSearch: true });
    }).then(function (kept) {
      return kept || new Response("", { status: 503, statusText: "Offline" });
    });
  }));
});
