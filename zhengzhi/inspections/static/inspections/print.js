/* The printable report offers the print dialog once it is drawn (never on a phone: it would
   interrupt reading). */
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(min-width: 800px)").matches && location.hash === "#print") {
    window.print();
  }
})();
