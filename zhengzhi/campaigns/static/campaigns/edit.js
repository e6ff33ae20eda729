/* Lists edited as a whole (a Django formset in a table): add a row from the empty form, move a
   row up or down. The "No." inputs (the formset's ORDER) are renumbered to the order shown, so
   the list is saved in that order; without scripts the numbers can be typed. */
(function () {
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.getAttribute("data-formset");
    var body = box.querySelector("tbody");
    var tpl = box.querySelector("template");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var add = box.querySelector("[data-add-row]");
    box.classList.add("js-rows");
    function renumber() {
      body.querySelectorAll("tr.row").forEach(function (tr, i) {
        var order = tr.querySelector('input[name$="-ORDER"]');
        if (order) order.value = i + 1;
      });
    }
    function sync() { if (add) add.hidden = +total.value >= +max.value; }
    if (add) {
      add.addEventListener("click", function () {
        var n = +total.value;
        body.insertAdjacentHTML("beforeend", tpl.innerHTML.replace(/__prefix__/g, n));
        total.value = n + 1;
        renumber();
        sync();
        var first = body.lastElementChild.querySelector("input:not([type=hidden]):not([name$='-ORDER']), select");
        if (first) first.focus();
      });
    }
    body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var row = button.closest("tr.row");
      if (button.getAttribute("data-move") === "up" && row.previousElementSibling) {
        body.insertBefore(row, row.previousElementSibling);
      } else if (button.getAttribute("data-move") === "down" && row.nextElementSibling) {
        body.insertBefore(row.nextElementSibling, row);
      }
      renumber();
      button.focus();
    });
    renumber();
    sync();
  });
})();
