/* Self-assessment checklist (自查清单): answers saved in the browser, scores, filters, export,
   import, print report. Plain JavaScript, no network. The page's HTML and the JSON in
   `data-checklist-data` come from hooks/charter/templates/checklist.md.j2; the scoring rule is the one
   in hooks/charter/scoring.py. The data sits in an attribute, not a <script>: Material's instant
   navigation re-runs scripts in the content. */
(function () {
  "use strict";

  var ANSWERS = ["达标", "部分达标", "未达标", "不适用"];
  var NOT_APPLICABLE = "不适用";
  var FORMAT = "school-charter-assessment";
  var MAX_IMPORT_BYTES = 2000000;

  function storageKey(id) { return "charter-checklist:" + id; }

  function readStorage(id) {
    try {
      var raw = window.localStorage.getItem(storageKey(id));
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function round1(x) { return Math.round(x * 10) / 10; }

  function Checklist(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.checklistData);
    this.scope = root.closest("article") || document;
    this.items = new Map();      // id → {points, hash, section, wrapper, fieldset, flag}
    this.answers = new Map();    // id → {answer, note, hash}
    this.removed = {};           // saved answers to items no longer in the checklist
    this.message = root.querySelector(".checklist-message");
    this.summary = root.querySelector(".checklist-summary");
    this.report = root.querySelector(".checklist-report");
    var self = this, fieldsets = new Map();
    this.scope.querySelectorAll("fieldset.checklist-answer").forEach(function (f) { fieldsets.set(f.dataset.item, f); });
    this.data.sections.forEach(function (section) {
      section.items.forEach(function (item) {
        var fieldset = fieldsets.get(item.id);
        if (!fieldset) return;
        self.items.set(item.id, {
          id: item.id, number: item.number, question: item.question, points: Number(item.points),
          hash: item.hash, section: section, fieldset: fieldset,
          wrapper: fieldset.closest(".checklist-item"), flag: fieldset.querySelector(".answer-flag")
        });
      });
    });
    this.findSummary();
    this.restore();
    this.bind();
    this.update();
  }

  // Storage

  // Saving waits for the browser to be idle, so that a click updates the score at once; a pending
  // save is written before the page goes away.
  Checklist.prototype.save = function () {
    var self = this;
    if (this.pending) return;
    this.pending = setTimeout(function () { self.flush(); }, 200);
    if (!this.flushOnHide) {
      this.flushOnHide = function () { self.flush(); };
      window.addEventListener("pagehide", this.flushOnHide);
      document.addEventListener("visibilitychange", this.flushOnHide);
    }
  };

  Checklist.prototype.flush = function () {
    if (!this.pending) return;
    clearTimeout(this.pending);
    this.pending = null;
    this.write();
  };

  Checklist.prototype.write = function () {
    var answers = {};
    this.answers.forEach(function (value, id) { answers[id] = value; });
    var record = {
      format: FORMAT, schema_version: 1, checklist: this.data.checklist, version: this.data.version,
      school: this.data.school, saved_at: new Date().toISOString(), answers: answers, removed: this.removed
    };
    try {
      window.localStorage.setItem(storageKey(this.data.checklist), JSON.stringify(record));
    } catch (error) {
      this.say("无法保存到浏览器（可能是隐私模式或存储已满）：请导出 JSON 保存答案。");
    }
  };

  Checklist.prototype.restore = function () {
    var saved = readStorage(this.data.checklist);
    var self = this;
    if (!saved || typeof saved.answers !== "object" || saved.answers === null) return;
    this.removed = saved.removed && typeof saved.removed === "object" ? saved.removed : {};
    Object.keys(saved.answers).forEach(function (id) {
      var value = saved.answers[id];
      if (!self.items.has(id)) { self.removed[id] = value; return; }
      if (!value || (value.answer && ANSWERS.indexOf(value.answer) < 0)) return;
      self.answers.set(id, { answer: value.answer || "", note: String(value.note || ""), hash: value.hash || "" });
    });
    this.items.forEach(function (item, id) {
      var answer = self.answers.get(id);
      if (answer) {
        self.show(item, answer);
        if (answer.hash && answer.hash !== item.hash) self.flag(item, "此条目在清单更新后有变化，请复核答案。");
      } else if (saved.version && saved.version !== self.data.version) {
        self.flag(item, "新增条目（清单已更新到 " + self.data.version + " 版）。");
      }
    });
    var gone = Object.keys(this.removed);
    if (gone.length) this.say("清单更新后，" + gone.length + " 条已保存的答案对应的条目已删除，未计入：" + gone.join("、"));
  };

  Checklist.prototype.show = function (item, value) {
    item.fieldset.querySelectorAll('input[type="radio"]').forEach(function (radio) {
      radio.checked = radio.value === value.answer;
    });
    item.fieldset.querySelector("textarea").value = value.note || "";
  };

  Checklist.prototype.flag = function (item, text) {
    item.flag.textContent = text;
    item.flag.hidden = false;
    item.wrapper.classList.add("is-flagged");
  };

  Checklist.prototype.unflag = function (item) {
    item.flag.hidden = true;
    item.flag.textContent = "";
    item.wrapper.classList.remove("is-flagged");
  };

  // Events

  Checklist.prototype.bind = function () {
    var self = this;
    this.scope.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches('fieldset.checklist-answer input[type="radio"]')) {
        var item = self.items.get(target.closest("fieldset").dataset.item);
        if (!item) return;
        var value = self.answers.get(item.id) || { answer: "", note: "", hash: item.hash };
        value.answer = target.value;
        value.hash = item.hash;
        self.answers.set(item.id, value);
        self.unflag(item);
        self.update();
        self.save();
      } else if (target.matches(".checklist-filters input, .checklist-filters select")) {
        self.filter();
      } else if (target.matches('input[data-action="import"]')) {
        self.importFile(target);
      }
    });
    this.scope.addEventListener("input", function (event) {
      var target = event.target;
      if (!target.matches("fieldset.checklist-answer textarea")) return;
      var item = self.items.get(target.closest("fieldset").dataset.item);
      if (!item) return;
      var value = self.answers.get(item.id) || { answer: "", note: "", hash: item.hash };
      value.note = target.value;
      self.answers.set(item.id, value);
      self.save();
    });
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var action = button.dataset.action;
      if (action === "export-json") self.exportJson();
      else if (action === "export-csv") self.exportCsv();
      else if (action === "print") self.print();
      else if (action === "reset") self.reset();
    });
  };

  // Scores

  Checklist.prototype.score = function (items) {
    var self = this, earned = 0, possible = 0, answered = 0;
    items.forEach(function (item) {
      var value = self.answers.get(item.id), answer = value && value.answer;
      if (answer) answered += 1;
      if (answer === NOT_APPLICABLE) return;
      possible += item.points;
      if (answer) earned += item.points * Number(self.data.scoring[answer] || 0);
    });
    earned = Math.round(earned * 100) / 100;
    return {
      answered: answered, applicable: items.length, earned: earned, possible: possible,
      percent: possible ? round1(100 * earned / possible) : 0
    };
  };

  Checklist.prototype.rating = function (percent) {
    var ratings = this.data.ratings.slice().sort(function (a, b) { return b.min_percent - a.min_percent; });
    for (var i = 0; i < ratings.length; i++) if (percent >= ratings[i].min_percent) return ratings[i];
    return null;
  };

  Checklist.prototype.sectionItems = function (section) {
    var self = this;
    return section.items.map(function (i) { return self.items.get(i.id); }).filter(Boolean);
  };

  // The page carries the summary as it stands with no answers; the script only updates its numbers.
  Checklist.prototype.findSummary = function () {
    var summary = this.summary;
    this.overall = summary.querySelector(".checklist-overall");
    this.rows = this.data.sections.map(function (section) {
      var row = summary.querySelector('tr[data-section="' + section.id + '"]');
      return { section: section, cells: Array.from(row.querySelectorAll("td")) };
    });
    this.totalCells = Array.from(summary.querySelectorAll("tfoot td"));
  };

  Checklist.prototype.update = function () {
    var self = this;
    this.rows.forEach(function (row) {
      var s = self.score(self.sectionItems(row.section));
      row.cells[0].textContent = s.answered + " / " + s.applicable;
      row.cells[1].textContent = s.earned + " / " + s.possible;
      row.cells[2].textContent = s.percent + "%";
    });
    var all = this.score(Array.from(this.items.values()));
    this.totalCells[0].textContent = all.answered + " / " + all.applicable;
    this.totalCells[1].textContent = all.earned + " / " + all.possible;
    this.totalCells[2].textContent = all.percent + "%";
    var rating = this.rating(all.percent);
    this.overall.textContent = "已答 " + all.answered + " / " + all.applicable + " 条，得分 " + all.earned + " / " +
      all.possible + "（" + all.percent + "%），等级：" + (rating ? rating.label : "—") +
      (all.answered < all.applicable ? "（未答完，暂定）" : "");
    this.last = all;
    if (this.filtered) this.filter();
  };

  // Filters

  Checklist.prototype.filter = function () {
    var unanswered = this.root.querySelector('input[name="filter-unanswered"]').checked;
    var notMet = this.root.querySelector('input[name="filter-not-met"]').checked;
    var only = this.root.querySelector('select[name="filter-section"]').value;
    var self = this, visible = {};
    this.filtered = unanswered || notMet || !!only;
    this.items.forEach(function (item) {
      var value = self.answers.get(item.id), answer = value && value.answer;
      var show = (!only || item.section.id === only) && (!unanswered || !answer) &&
        (!notMet || answer === "未达标" || answer === "部分达标");
      item.wrapper.hidden = !show;
      if (show) visible[item.section.id] = true;
    });
    this.scope.querySelectorAll("section.checklist-section").forEach(function (section) {
      section.hidden = !visible[section.dataset.section];
    });
  };

  // Export

  Checklist.prototype.exportData = function () {
    var answers = {};
    this.answers.forEach(function (value, id) {
      if (value.answer || value.note) answers[id] = { answer: value.answer || "", note: value.note || "" };
    });
    return {
      format: FORMAT, schema_version: 1, checklist: this.data.checklist, checklist_version: this.data.version,
      school: this.data.school, date: today(), answers: answers
    };
  };

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  Checklist.prototype.exportJson = function () {
    download(this.data.checklist + "-" + today() + ".json", JSON.stringify(this.exportData(), null, 2) + "\n",
      "application/json;charset=utf-8");
  };

  function csvField(value) { return '"' + String(value).replace(/"/g, '""') + '"'; }

  Checklist.prototype.exportCsv = function () {
    var self = this;
    var lines = [["分节", "编号", "问题", "分值", "结论", "得分", "佐证说明"].map(csvField).join(",")];
    this.items.forEach(function (item) {
      var value = self.answers.get(item.id) || {}, answer = value.answer || "";
      var score = !answer || answer === NOT_APPLICABLE ? "" : round1(item.points * Number(self.data.scoring[answer] || 0));
      lines.push([item.section.title, item.number, item.question, item.points, answer, score, value.note || ""]
        .map(csvField).join(","));
    });
    download(this.data.checklist + "-" + today() + ".csv", "\ufeff" + lines.join("\r\n") + "\r\n", "text/csv;charset=utf-8");
  };

  // Import

  Checklist.prototype.importFile = function (input) {
    var file = input.files && input.files[0], self = this;
    input.value = "";
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) { this.say("导入失败：文件过大（超过 2 MB），不是本页导出的自查结果。"); return; }
    var reader = new FileReader();
    reader.onload = function () { self.importText(String(reader.result)); };
    reader.onerror = function () { self.say("导入失败：无法读取文件。当前答案未改变。"); };
    reader.readAsText(file, "utf-8");
  };

  Checklist.prototype.importText = function (text) {
    var data;
    try {
      data = JSON.parse(text.replace(/^\ufeff/, ""));
    } catch (error) {
      this.say("导入失败：文件不是完整的 JSON（可能已损坏或被截断）。当前答案未改变。");
      return;
    }
    var problem = this.validate(data);
    if (problem) { this.say("导入失败：" + problem + " 当前答案未改变。"); return; }
    var ids = Object.keys(data.answers), self = this;
    var unknown = ids.filter(function (id) { return !self.items.has(id); });
    if (!window.confirm("导入将用文件中的答案（" + (data.date || "日期未知") + "）替换当前答案，是否继续？")) return;
    this.answers.clear();
    this.items.forEach(function (item) { self.unflag(item); self.show(item, { answer: "", note: "" }); });
    ids.forEach(function (id) {
      var item = self.items.get(id);
      if (!item) return;
      var value = { answer: data.answers[id].answer || "", note: String(data.answers[id].note || ""), hash: item.hash };
      self.answers.set(id, value);
      self.show(item, value);
    });
    if (data.checklist_version !== this.data.version) {
      this.items.forEach(function (item) {
        if (self.answers.has(item.id)) self.flag(item, "答案来自 " + data.checklist_version + " 版清单，请复核。");
      });
    }
    this.update();
    this.write();
    this.say("已导入 " + (ids.length - unknown.length) + " 条答案" +
      (unknown.length ? "；" + unknown.length + " 条不属于本清单，未导入：" + unknown.join("、") : "") + "。");
  };

  Checklist.prototype.validate = function (data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return "文件内容不是自查结果。";
    if (data.format !== FORMAT) return "文件不是本站导出的自查结果（缺少 format: " + FORMAT + "）。";
    if (data.schema_version !== 1) return "不支持的文件格式版本。";
    if (data.checklist !== this.data.checklist) return "文件属于另一份清单（" + String(data.checklist) + "），本页是“" + this.data.title + "”。";
    if (!data.answers || typeof data.answers !== "object" || Array.isArray(data.answers)) return "文件中没有答案。";
    var ids = Object.keys(data.answers);
    if (ids.length > 10000) return "文件中的条目过多。";
    for (var i = 0; i < ids.length; i++) {
      var value = data.answers[ids[i]];
      if (!value || typeof value !== "object") return "条目 " + ids[i] + " 的答案格式不对。";
      if (value.answer && ANSWERS.indexOf(value.answer) < 0) return "条目 " + ids[i] + " 的结论“" + String(value.answer) + "”不是达标、部分达标、未达标或不适用。";
      if (value.note !== undefined && typeof value.note !== "string") return "条目 " + ids[i] + " 的佐证说明不是文字。";
    }
    return "";
  };

  // Reset, messages

  Checklist.prototype.reset = function () {
    if (!window.confirm("清空本清单的全部答案？此操作不能撤销（可先导出 JSON 备份）。")) return;
    var self = this;
    clearTimeout(this.pending);
    this.pending = null;
    this.answers.clear();
    this.removed = {};
    this.items.forEach(function (item) { self.unflag(item); self.show(item, { answer: "", note: "" }); });
    try { window.localStorage.removeItem(storageKey(this.data.checklist)); } catch (error) { /* nothing saved */ }
    this.update();
    this.say("已清空答案。");
  };

  Checklist.prototype.say = function (text) { this.message.textContent = text; };

  // Print report

  Checklist.prototype.print = function () {
    this.renderReport();
    document.body.classList.add("printing-report");
    window.addEventListener("afterprint", function done() {
      document.body.classList.remove("printing-report");
      window.removeEventListener("afterprint", done);
    });
    window.print();
  };

  Checklist.prototype.renderReport = function () {
    var self = this, report = this.report, all = this.score(Array.from(this.items.values()));
    var rating = this.rating(all.percent);
    report.textContent = "";
    report.appendChild(el("h2", this.data.school + " · " + this.data.title));
    report.appendChild(el("p", "清单版本 " + this.data.version + " · 自查日期 " + today()));
    report.appendChild(el("p", "总分 " + all.earned + " / " + all.possible + "（" + all.percent + "%），等级：" +
      (rating ? rating.label : "—") + (all.answered < all.applicable ? "（未答完，暂定）" : "") +
      "；已答 " + all.answered + " / " + all.applicable + " 条。", "report-total"));
    var table = el("table"), head = el("tr");
    ["分节", "进度", "得分", "得分率"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    this.data.sections.forEach(function (section) {
      var s = self.score(self.sectionItems(section)), tr = el("tr");
      [section.number + " " + section.title, s.answered + " / " + s.applicable, s.earned + " / " + s.possible, s.percent + "%"]
        .forEach(function (text) { tr.appendChild(el("td", text)); });
      table.appendChild(tr);
    });
    report.appendChild(table);
    var notMet = [], unanswered = [];
    this.items.forEach(function (item) {
      var value = self.answers.get(item.id), answer = value && value.answer;
      if (answer === "未达标" || answer === "部分达标") notMet.push([item, value]);
      if (!answer) unanswered.push(item);
    });
    report.appendChild(el("h3", "未达标和部分达标的条目（" + notMet.length + "）"));
    var list = el("ol");
    notMet.forEach(function (pair) {
      list.appendChild(el("li", pair[0].number + " " + pair[0].question + " — " + pair[1].answer +
        (pair[1].note ? "。佐证说明：" + pair[1].note : "")));
    });
    report.appendChild(list);
    report.appendChild(el("h3", "未答条目（" + unanswered.length + "）"));
    var rest = el("ol");
    unanswered.forEach(function (item) { rest.appendChild(el("li", item.number + " " + item.question)); });
    report.appendChild(rest);
  };

  // Setup on every page, instant navigation included

  function setup() {
    document.querySelectorAll(".charter-checklist[data-checklist]").forEach(function (root) {
      if (root.dataset.ready) return;
      root.dataset.ready = "1";
      var begin = window.performance ? performance.now() : 0;
      root.checklist = new Checklist(root);
      if (window.performance) root.dataset.setupMs = String(Math.round((performance.now() - begin) * 100) / 100);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
