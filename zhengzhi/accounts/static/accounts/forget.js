/* On the login page (where logging out lands): pages an app kept on this phone for working with
   no signal (caches named "zz-…", the inspections' checklists) would be another user's once
   someone logs out, so they are deleted and the service workers removed. What an app keeps per
   user (the inspections' drafts and waiting submissions) stays, to be sent when that user is
   back. */
(function () {
  "use strict";
  if ("caches" in window) {
    caches.keys().then(function (names) {
      names.forEach(function (name) {
        if (name.indexOf("zz-") === 0) { caches.delete(name); }
      });
    });
  }
  if ("serviceWorker" in navigator && navigator.serviceWorker.getRegistrations) {
    navigator.serviceWorker.getRegistrations().then(function (regs) {
      regs.forEach(function (r) { r.unregister(); });
    });
  }
})();
