/* Charter site behaviour: the quorum and vote calculator, glossary terms on tap.
   Plain JavaScript, no network; set up on every page load, including instant navigation. The
   calculator's numbers and sentences come from Python in `data-calculator`; calculator-logic.js
   (loaded first) picks them; this only reads the form and shows the lines as text. */
(function () {
  "use strict";

  function line(parent, ok, text) {
    var p = document.createElement("p");
    var mark = document.createElement("span");
    mark.className = ok ? "ok" : "no";
    mark.textContent = ok ? "✔ " : "✘ ";
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text));
    parent.appendChild(p);
  }

  function setupCalculator(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var data = JSON.parse(box.dataset.calculator);
    var form = box.querySelector("form");  // rendered at build time; this only brings it to life
    var output = form.querySelector("output");
    var matter = form.querySelector('select[name="matter"]') || { value: "" };
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    function count(input) { return input ? Math.max(0, parseInt(input.value, 10) || 0) : 0; }

    function update() {
      output.textContent = "";
      window.CharterCalculator.evaluate(data, {
        members: count(form.members), present: count(form.present), favour: count(form.favour), matter: matter.value
      }).forEach(function (result) { line(output, result.ok, result.text); });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function setup() {
    // Material's search overlay is a dialog without a name; give it one for screen readers.
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "搜索");
    document.querySelectorAll(".charter-calculator[data-calculator]").forEach(setupCalculator);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
