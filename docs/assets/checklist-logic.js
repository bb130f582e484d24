/* The self-assessment checklist's pure logic: scoring, rating, merging answers per item, CSV cells,
   checking an imported file. No page, no storage: the browser loads it before checklist.js (as
   window.CharterChecklist), Node loads it in tests/js/. The rule itself (answer words, shares,
   ratings, the summary line, the CSV columns) comes from Python in the page's embedded data
   (`rules` and `columns`, from hooks/charter/scoring.py and forms.py); nothing here restates it. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.CharterChecklist = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MAX_ITEMS = 10000;
  var FORMULA = /^[=+\-@\t\r]/;  // what a spreadsheet reads as the start of a formula

  // Rounds like hooks/charter/scoring.py `round_half_up`.
  function round(value, digits) {
    var scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  // Scores of `items` ({id, points}); `answerOf(id)` gives an item's answer or "". 不适用 leaves the
  // denominator; an unanswered item counts in it and scores nothing.
  function score(items, answerOf, rules) {
    var earned = 0, possible = 0, answered = 0;
    items.forEach(function (item) {
      var answer = answerOf(item.id) || "";
      if (answer) answered += 1;
      if (answer === rules.not_applicable) return;
      possible += Number(item.points);
      if (answer) earned += Number(item.points) * Number(rules.shares[answer] || 0);
    });
    earned = round(earned, 2);
    return {
      answered: answered, applicable: items.length, earned: earned, possible: possible,
      percent: possible ? round(100 * earned / possible, 1) : 0, complete: answered === items.length
    };
  }

  // One item's score for the CSV; "" when unanswered or 不适用.
  function itemScore(points, answer, rules) {
    if (!answer || answer === rules.not_applicable) return "";
    return round(Number(points) * Number(rules.shares[answer] || 0), 1);
  }

  // The ratings come highest first: the first one the percentage reaches.
  function rating(percent, rules) {
    for (var i = 0; i < rules.ratings.length; i++) if (percent >= rules.ratings[i].min_percent) return rules.ratings[i];
    return null;
  }

  // A sentence from Python with `{name}` places filled in (`{{` and `}}` are braces).
  function fill(template, values) {
    return template.replace(/\{\{|\}\}|\{(\w+)\}/g, function (match, name) {
      return name ? String(values[name]) : match.charAt(0);
    });
  }

  // The summary line, as the page shows it before any answer (Python's scoring.summary).
  function summary(s, rules) {
    var r = rating(s.percent, rules);
    return fill(rules.summary, {
      answered: s.answered, applicable: s.applicable, earned: s.earned, possible: s.possible, percent: s.percent,
      rating: r ? r.label : rules.no_rating, provisional: s.complete ? "" : rules.provisional
    });
  }

  // One answer as kept in memory and in storage: `at` is the time of its last change, to merge tabs.
  // Null when it is not an answer (unknown answer word, not an object).
  function entry(value, at, rules) {
    if (!value || typeof value !== "object") return null;
    var answer = value.answer || "";
    if (answer !== "" && rules.answers.indexOf(answer) < 0) return null;
    return {
      answer: answer, note: String(value.note || ""), hash: typeof value.hash === "string" ? value.hash : "",
      at: at === undefined ? Number(value.at) || 0 : at
    };
  }

  // Every answer in a saved record (to items on the page and to removed ones), by item id.
  function recordEntries(record, rules) {
    var entries = new Map();
    [record.removed, record.answers].forEach(function (group) {
      if (!group || typeof group !== "object") return;
      Object.keys(group).forEach(function (id) {
        var value = entry(group[id], undefined, rules);
        if (value) entries.set(id, value);
      });
    });
    return entries;
  }

  // Per item the later change wins (this tab's on a tie); changes older than the last reset or
  // import (`clearedAt`) are dropped. `localNewer`: this side holds something the other lacks.
  function merge(local, incoming, clearedAt) {
    var entries = new Map(), localNewer = false;
    var ids = new Set(Array.from(local.keys()).concat(Array.from(incoming.keys())));
    ids.forEach(function (id) {
      var mine = local.get(id), theirs = incoming.get(id);
      var pick = !theirs || (mine && mine.at >= theirs.at) ? mine : theirs;
      if (pick.at < clearedAt) return;
      entries.set(id, pick);
      if (pick === mine && (!theirs || mine.at > theirs.at)) localNewer = true;
    });
    return { entries: entries, localNewer: localNewer };
  }

  // CSV: every field quoted, quotes doubled. A text cell a spreadsheet would run as a formula (=, +, -,
  // @, tab or carriage return first) gets a leading ' (OWASP, CSV injection); number columns are left.
  function csvField(value) { return '"' + String(value).replace(/"/g, '""') + '"'; }

  function csvText(value) {
    var text = String(value);
    return csvField(FORMULA.test(text) ? "'" + text : text);
  }

  // The whole file: the columns from Python ({key, heading, number}), one row of values per item
  // (objects by column key), a BOM so that Excel reads UTF-8, CRLF line ends.
  function csv(columns, rows) {
    var lines = [columns.map(function (c) { return csvText(c.heading); }).join(",")];
    rows.forEach(function (row) {
      lines.push(columns.map(function (c) {
        var value = row[c.key] === undefined || row[c.key] === null ? "" : row[c.key];
        return c.number ? csvField(value) : csvText(value);
      }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function listWords(words) {
    return words.length < 2 ? words.join("") : words.slice(0, -1).join("、") + "或" + words[words.length - 1];
  }

  // What is wrong with an imported file, or "" when it can be imported. `page`: {format,
  // schema_version, checklist, title} of this page.
  function validate(data, page, rules) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return "文件内容不是自查结果。";
    if (data.format !== page.format) return "文件不是本站导出的自查结果（缺少 format: " + page.format + "）。";
    if (data.schema_version !== page.schema_version) return "不支持的文件格式版本。";
    if (data.checklist !== page.checklist) return "文件属于另一份清单（" + String(data.checklist) + "），本页是“" + page.title + "”。";
    if (!data.answers || typeof data.answers !== "object" || Array.isArray(data.answers)) return "文件中没有答案。";
    var ids = Object.keys(data.answers);
    if (ids.length > MAX_ITEMS) return "文件中的条目过多。";
    for (var i = 0; i < ids.length; i++) {
      var value = data.answers[ids[i]];
      if (!value || typeof value !== "object" || Array.isArray(value)) return "条目 " + ids[i] + " 的答案格式不对。";
      if (value.answer && rules.answers.indexOf(value.answer) < 0) {
        return "条目 " + ids[i] + " 的结论“" + String(value.answer) + "”不是" + listWords(rules.answers) + "。";
      }
      if (value.note !== undefined && typeof value.note !== "string") return "条目 " + ids[i] + " 的佐证说明不是文字。";
    }
    return "";
  }

  // An imported file's text: {data} when it can be imported, else {problem}.
  function parseImport(text, page, rules) {
    var data;
    try {
      data = JSON.parse(String(text).replace(/^\ufeff/, ""));
    } catch (error) {
      return { problem: "文件不是完整的 JSON（可能已损坏或被截断）。" };
    }
    var problem = validate(data, page, rules);
    return problem ? { problem: problem } : { data: data };
  }

  return {
    round: round, score: score, itemScore: itemScore, rating: rating, fill: fill, summary: summary,
    entry: entry, recordEntries: recordEntries, merge: merge,
    csvField: csvField, csvText: csvText, csv: csv, validate: validate, parseImport: parseImport
  };
});
