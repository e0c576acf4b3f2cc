(function () {
  "use strict";
  // Focus an anomaly: outline its primary figure and every piece of evidence, wherever it is.
  function clearFocus() {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
  }
  function focusAnomaly(anchor) {
    clearFocus();
    var primary = document.getElementById(anchor);
    if (primary) { primary.classList.add("focus"); }
    document.querySelectorAll("[data-of]").forEach(function (el) {
      if ((el.getAttribute("data-of") || "").split(" ").indexOf(anchor) !== -1) { el.classList.add("focus"); }
    });
  }
  document.querySelectorAll("mark.anomaly, mark.anomaly-cont").forEach(function (el) {
    function go() {
      var card = document.getElementById(el.getAttribute("data-card"));
      var anchor = el.id || (card && card.getAttribute("data-anchor"));
      if (anchor) { focusAnomaly(anchor); }
      if (card) { card.scrollIntoView({ block: "center" }); card.classList.add("focus"); }
    }
    el.addEventListener("click", go);
    el.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); } });
  });
  document.querySelectorAll(".card").forEach(function (card) {
    card.addEventListener("mouseenter", function () { focusAnomaly(card.getAttribute("data-anchor")); });
  });
  // Severity filter for the anomaly list and cards.
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", function () {
      var sev = box.getAttribute("data-filter");
      document.querySelectorAll(".card.sev-" + sev + ", tr.row.sev-" + sev).forEach(function (el) {
        el.hidden = !box.checked;
      });
    });
  });
  document.body.setAttribute("data-numcheck-ready", String(document.querySelectorAll("mark.anomaly").length));
})();
