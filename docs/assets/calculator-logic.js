/* The quorum and vote calculator's logic, with nothing to compute: Python (Renderer.calculator in
   hooks/charter/render.py) gives, per threshold, the fewest present or votes for every member count
   the form allows and the sentences to show in the canonical wording; this looks the numbers up,
   compares and fills the sentences in. The browser loads it before charter.js (as
   window.CharterCalculator), Node loads it in tests/js/. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.CharterCalculator = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // A sentence from Python with `{name}` places filled in (`{{` and `}}` are braces).
  function fill(template, values) {
    return template.replace(/\{\{|\}\}|\{(\w+)\}/g, function (match, name) {
      return name ? String(values[name]) : match.charAt(0);
    });
  }

  function line(ok, template, values) { return { ok: ok, text: fill(template, values) }; }

  // The lines to show, each {ok, text}, for `input` {members, present, favour, matter} (whole numbers,
  // `matter` the id of a special quorum or "").
  function evaluate(data, input) {
    var values = { members: input.members, present: input.present, favour: input.favour || 0 };
    if (values.members < data.members[0] || values.members > data.members[1]) return [line(false, data.text.members, values)];
    if (values.present > values.members) return [line(false, data.text.present, values)];
    var quorum = data.special.filter(function (s) { return s.id === input.matter; })[0] || data.quorum;
    values.need = quorum.need[values.members];
    var open = values.present >= values.need;
    var lines = [line(open, open ? quorum.yes : quorum.no, values)];
    var decision = data.decision;
    if (decision.method !== "vote") return lines.concat([line(open, decision.text, values)]);
    if (values.favour > values.present) return lines.concat([line(false, data.text.favour, values)]);
    values.need = decision.need[values[decision.by]];
    var passes = open && values.favour >= values.need;
    return lines.concat([line(passes, passes ? decision.yes : open ? decision.no : decision.closed, values)]);
  }

  return { fill: fill, evaluate: evaluate };
});
