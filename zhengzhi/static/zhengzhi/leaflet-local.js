/* Leaflet as this app serves it: the marker images from our own static files (Leaflet guesses
   their folder from its CSS, which the hashed static names defeat, so markers showed as broken
   images), and the zoom buttons' titles in the page's language. Loaded right after leaflet.js. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!window.L || !me) { return; }
  L.Icon.Default.prototype.options.imagePath = me.getAttribute("data-images");
  L.Control.Zoom.mergeOptions({
    zoomInTitle: me.getAttribute("data-zoom-in"),
    zoomOutTitle: me.getAttribute("data-zoom-out")
  });
})();
