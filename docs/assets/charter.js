/* Charter site behaviour: the quorum and vote calculator, glossary terms on tap.
   Plain JavaScript, no network; set up on every page load, including instant navigation. */
(function () {
  "use strict";

  function meets(threshold, count, base) {
    if (!base) return false;
    var parts = threshold.fraction.split("/");
    var left = count * Number(parts[1]);
    var right = base * Number(parts[0]);
    return threshold.op === "more_than" ? left > right : left >= right;
  }

  function minimum(threshold, base) {
    for (var n = 0; n <= base; n++) if (meets(threshold, n, base)) return n;
    return base + 1;
  }

  function describe(threshold) {
    var names = { "1/2": "半数", "2/3": "三分之二", "3/4": "四分之三" };
    return (threshold.op === "more_than" ? "超过" : "不少于") + (names[threshold.fraction] || threshold.fraction);
  }

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

    function update() {
      var members = Math.max(0, parseInt(form.members.value, 10) || 0);
      var present = Math.max(0, parseInt(form.present.value, 10) || 0);
      var favour = form.favour ? Math.max(0, parseInt(form.favour.value, 10) || 0) : 0;
      output.textContent = "";
      if (present > members) {
        line(output, false, "实到人数不能多于应到会成员（" + members + " 人）。");
        return;
      }
      var special = data.special.filter(function (s) { return s.id === matter.value; })[0];
      var quorum = special || data.quorum;
      var open = meets(quorum.threshold, present, members);
      line(output, open, (open ? "可以开会" : "不能开会") + "：须" + describe(quorum.threshold) + "成员到会，" + members +
        " 人中至少 " + minimum(quorum.threshold, members) + " 人；实到 " + present + " 人（" + quorum.rule + "）。");
      if (data.decision.method !== "vote") {
        line(output, open, "由主持人在听取意见后集中多数意见作出决定（" + data.decision.rule + "）。");
        return;
      }
      if (favour > present) {
        line(output, false, "赞成票不能多于实到人数（" + present + " 人）。");
        return;
      }
      var base = data.decision.base === "members" ? members : present;
      var passes = open && meets(data.decision.threshold, favour, base);
      var need = minimum(data.decision.threshold, base);
      line(output, passes, (passes ? "通过" : "不通过") + "：赞成票须" + describe(data.decision.threshold) +
        (data.decision.base === "members" ? "应到会成员" : "实到成员") + "，即至少 " + need + " 票；赞成 " + favour + " 票" +
        (open ? "" : "，且会议未达到到会人数") + "（" + data.decision.rule + "）。");
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
