/* Self-assessment checklist (自查清单): answers saved in the browser (merged per item with other open
   tabs, a notice when the browser refuses to save), scores, filters, export, import, print report;
   answers to items removed from the checklist are kept, listed and exported. Plain JavaScript, no
   network. The page's HTML and the JSON in `data-checklist-data` come from
   hooks/charter/templates/checklist.md.j2; the JSON carries the scoring rule (`rules`, from
   hooks/charter/scoring.py) and the CSV columns (`columns`, from forms.py). Scoring, merging, CSV
   cells and import checks are in checklist-logic.js (window.CharterChecklist, loaded first).
   The data sits in an attribute, not a <script>: Material's instant navigation re-runs scripts in
   the content. */
(function () {
  "use strict";

  var logic = window.CharterChecklist;
  var MAX_IMPORT_BYTES = 2000000;
  var BLANK = { answer: "", note: "", hash: "", at: 0 };

  function storageKey(id) { return "charter-checklist:" + id; }

  // localStorage may be missing, refuse access (cookies blocked) or refuse writing (full, private mode).
  function storage() {
    try { return window.localStorage || null; } catch (error) { return null; }
  }

  function parseRecord(raw) {
    try {
      var record = raw ? JSON.parse(raw) : null;
      return record && typeof record === "object" && !Array.isArray(record) ? record : null;
    } catch (error) {
      return null;
    }
  }

  function readStorage(id) {
    var store = storage();
    try { return store ? parseRecord(store.getItem(storageKey(id))) : null; } catch (error) { return null; }
  }

  // True only when the record is really written.
  function writeStorage(id, record) {
    var store = storage();
    try { store.setItem(storageKey(id), JSON.stringify(record)); return true; } catch (error) { return false; }
  }

  function removeStorage(id) {
    var store = storage();
    try { store.removeItem(storageKey(id)); return true; } catch (error) { return !store; }
  }

  function dict() { return Object.create(null); }

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

  function Checklist(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.checklistData);
    this.rules = this.data.rules;
    this.scope = root.closest("article") || document;
    this.items = new Map();      // id → {points, hash, section, wrapper, fieldset, flag}
    this.answers = new Map();    // id → {answer, note, hash, at}
    this.removed = new Map();    // the same, for saved answers to items no longer in the checklist
    this.clearedAt = 0;          // time of the last reset or import: older answers are gone
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
          id: item.id, number: item.number, question: item.question, guidance: item.guidance, evidence: item.evidence,
          points: Number(item.points),
          hash: item.hash, section: section, fieldset: fieldset,
          wrapper: fieldset.closest(".checklist-item"), flag: fieldset.querySelector(".answer-flag")
        });
      });
    });
    this.findSummary();
    this.restore();
    this.bind();
    this.listen();
    this.update();
    if (!storage()) this.saved(false);
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

  // Another tab may have saved since this page last looked: merge what is stored, then write.
  Checklist.prototype.write = function () {
    var stored = readStorage(this.data.checklist);
    if (stored) this.absorb(stored);
    var record = {
      format: this.data.format, schema_version: this.data.schema_version, checklist: this.data.checklist,
      version: this.data.version, school: this.data.school, saved_at: new Date().toISOString(), cleared_at: this.clearedAt,
      answers: plain(this.answers), removed: plain(this.removed)
    };
    var ok = writeStorage(this.data.checklist, record);
    this.saved(ok);
    return ok;
  };

  function plain(map) {
    var out = dict();
    map.forEach(function (value, id) { out[id] = value; });
    return out;
  }

  Checklist.prototype.entries = function () {
    var all = new Map(this.removed);
    this.answers.forEach(function (value, id) { all.set(id, value); });
    return all;
  };

  // Takes in a saved record (from storage, or another tab's save); true when this page has newer answers.
  Checklist.prototype.absorb = function (record) {
    this.clearedAt = Math.max(this.clearedAt, Number(record.cleared_at) || 0);
    var merged = logic.merge(this.entries(), logic.recordEntries(record, this.rules), this.clearedAt);
    this.adopt(merged.entries);
    return merged.localNewer;
  };

  // Makes `entries` this page's answers; shows the items whose answer changed.
  Checklist.prototype.adopt = function (entries) {
    var self = this, before = this.answers;
    this.answers = new Map();
    this.removed = new Map();
    entries.forEach(function (value, id) { (self.items.has(id) ? self.answers : self.removed).set(id, value); });
    this.items.forEach(function (item, id) {
      var value = self.answers.get(id) || BLANK, old = before.get(id) || BLANK;
      if (value === old) return;
      if (value.answer !== old.answer) self.unflag(item);
      self.show(item, value);
    });
    this.showRemoved();
    this.update();
  };

  Checklist.prototype.restore = function () {
    var saved = readStorage(this.data.checklist);
    var self = this;
    if (!saved) return;
    this.absorb(saved);
    this.items.forEach(function (item, id) {
      var answer = self.answers.get(id);
      if (answer) {
        if (answer.hash && answer.hash !== item.hash) self.flag(item, "此条目在清单更新后有变化，请复核答案。");
      } else if (saved.version && saved.version !== self.data.version) {
        self.flag(item, "新增条目（清单已更新到 " + self.data.version + " 版）。");
      }
    });
    var gone = this.removedIds();
    if (gone.length) {
      this.say("清单更新后，" + gone.length + "条已保存的答案对应的条目已删除或改名，未计入得分（答案保留在下方列表中）：" +
        gone.join("、"));
    }
  };

  // Other tabs: their saves arrive as storage events. A removed record means a reset elsewhere.
  Checklist.prototype.listen = function () {
    var self = this, key = storageKey(this.data.checklist);
    this.onStorage = function (event) {
      if (event.key !== key || !self.root.isConnected) return;
      var record = event.newValue === null ? { cleared_at: Date.now() } : parseRecord(event.newValue);
      if (record && self.absorb(record)) self.save();
    };
    window.addEventListener("storage", this.onStorage);
  };

  // A change made on this page: a new answer stamped with the time, so that merging keeps the latest.
  Checklist.prototype.change = function (item, fields) {
    var old = this.answers.get(item.id) || { answer: "", note: "", hash: item.hash };
    var value = { answer: old.answer, note: old.note, hash: old.hash, at: Date.now() };
    Object.keys(fields).forEach(function (key) { value[key] = fields[key]; });
    this.answers.set(item.id, value);
    this.save();
  };

  // Every failed write shows a notice that stays until a write succeeds.
  Checklist.prototype.saved = function (ok) {
    if (ok) {
      if (this.alert) this.alert.hidden = true;
      return;
    }
    if (!this.alert) {
      var alert = this.alert = el("div", null, "checklist-storage-alert");
      alert.setAttribute("role", "alert");
      alert.appendChild(el("p", "答案无法保存在本浏览器中（可能是隐私模式、存储空间已满或浏览器禁止网站保存数据）：" +
        "刷新或关闭页面后，本页的答案会丢失。请现在导出JSON保存答案，以后可再导入。"));
      var button = el("button", "立即导出JSON", "md-button");
      button.type = "button";
      button.addEventListener("click", this.exportJson.bind(this));
      alert.appendChild(button);
      if (this.root.parentNode) this.root.parentNode.insertBefore(alert, this.root);
    }
    this.alert.hidden = false;
  };

  // Answers to items no longer in the checklist (renamed or removed): kept, listed, exported.
  Checklist.prototype.removedIds = function () {
    var ids = [];
    this.removed.forEach(function (value, id) { if (value.answer || value.note) ids.push(id); });
    return ids.sort();
  };

  Checklist.prototype.showRemoved = function () {
    var ids = this.removedIds(), self = this;
    if (!ids.length && !this.orphans) return;
    if (!this.orphans) this.orphans = this.buildRemoved();
    this.orphans.hidden = !ids.length;
    this.orphans.querySelector("h2").textContent = "已删除条目的答案（" + ids.length + "）";
    var body = this.orphans.querySelector("tbody");
    body.textContent = "";
    ids.forEach(function (id) {
      var value = self.removed.get(id), row = el("tr");
      [id, value.answer || "未答", value.note].forEach(function (text) { row.appendChild(el("td", text)); });
      body.appendChild(row);
    });
  };

  Checklist.prototype.buildRemoved = function () {
    var box = el("section", null, "checklist-orphans"), table = el("table"), head = el("tr");
    box.setAttribute("aria-label", "已删除条目的答案");
    box.appendChild(el("h2"));
    box.appendChild(el("p", "清单更新后，下列条目已删除或改名。它们的答案不计入得分，但保留在本浏览器和导出的JSON中，" +
      "可对照填写新条目。"));
    ["原条目id", "结论", "佐证说明"].forEach(function (h) { head.appendChild(el("th", h)).scope = "col"; });
    table.appendChild(el("thead")).appendChild(head);
    table.appendChild(el("tbody"));
    box.appendChild(table);
    var button = box.appendChild(el("p")).appendChild(el("button", "不再保留这些答案", "md-button"));
    button.type = "button";
    button.dataset.action = "drop-removed";
    this.root.insertBefore(box, this.report);
    return box;
  };

  Checklist.prototype.dropRemoved = function () {
    var ids = this.removedIds(), self = this, now = Date.now();
    if (!ids.length || !window.confirm("不再保留这" + ids.length + "条已删除条目的答案？（可先导出JSON备份）")) return;
    ids.forEach(function (id) { self.removed.set(id, { answer: "", note: "", hash: "", at: now }); });
    this.showRemoved();
    this.save();
  };

  Checklist.prototype.show = function (item, value) {
    item.fieldset.querySelectorAll('input[type="radio"]').forEach(function (radio) {
      radio.checked = radio.value === value.answer;
    });
    var note = item.fieldset.querySelector("textarea");
    if (note.value !== (value.note || "")) note.value = value.note || "";
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
        self.change(item, { answer: target.value, hash: item.hash });
        self.unflag(item);
        self.update();
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
      if (item) self.change(item, { note: target.value });
    });
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var action = button.dataset.action;
      if (action === "export-json") self.exportJson();
      else if (action === "export-csv") self.exportCsv();
      else if (action === "print") self.print();
      else if (action === "reset") self.reset();
      else if (action === "drop-removed") self.dropRemoved();
    });
  };

  // Scores

  Checklist.prototype.answerOf = function () {
    var answers = this.answers;
    return function (id) { var value = answers.get(id); return value ? value.answer : ""; };
  };

  Checklist.prototype.score = function (items) { return logic.score(items, this.answerOf(), this.rules); };

  Checklist.prototype.rating = function (percent) { return logic.rating(percent, this.rules); };

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
    this.overall.textContent = logic.summary(all, this.rules);
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
        (!notMet || self.rules.short_of.indexOf(answer) >= 0);
      item.wrapper.hidden = !show;
      if (show) visible[item.section.id] = true;
    });
    this.scope.querySelectorAll("section.checklist-section").forEach(function (section) {
      section.hidden = !visible[section.dataset.section];
    });
  };

  // Export

  // Answers to removed items go with the others: they come back on import, kept aside again.
  Checklist.prototype.exportData = function () {
    var answers = dict(), self = this;
    var add = function (value, id) {
      if (value && (value.answer || value.note)) answers[id] = { answer: value.answer || "", note: value.note || "" };
    };
    this.items.forEach(function (item, id) { add(self.answers.get(id), id); });
    this.removed.forEach(add);
    return {
      format: this.data.format, schema_version: this.data.schema_version, checklist: this.data.checklist,
      checklist_version: this.data.version, school: this.data.school, date: today(), answers: answers
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

  // The columns are Python's (forms.COLUMN_SPEC): the blank forms have the same ones, empty.
  Checklist.prototype.exportCsv = function () {
    var self = this, rows = [];
    this.items.forEach(function (item) {
      var value = self.answers.get(item.id) || {}, answer = value.answer || "";
      rows.push({
        section: item.section.title, number: item.number, question: item.question, guidance: item.guidance,
        evidence: item.evidence, points: item.points, answer: answer, score: logic.itemScore(item.points, answer, self.rules),
        note: value.note || ""
      });
    });
    download(this.data.checklist + "-" + today() + ".csv", logic.csv(this.data.columns, rows), "text/csv;charset=utf-8");
  };

  // Import

  Checklist.prototype.importFile = function (input) {
    var file = input.files && input.files[0], self = this;
    input.value = "";
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) { this.say("导入失败：文件过大（超过2 MB），不是本页导出的自查结果。"); return; }
    var reader = new FileReader();
    reader.onload = function () { self.importText(String(reader.result)); };
    reader.onerror = function () { self.say("导入失败：无法读取文件。当前答案未改变。"); };
    reader.readAsText(file, "utf-8");
  };

  Checklist.prototype.importText = function (text) {
    var parsed = logic.parseImport(text, this.data, this.rules);
    if (parsed.problem) { this.say("导入失败：" + parsed.problem + "当前答案未改变。"); return; }
    var data = parsed.data;
    var ids = Object.keys(data.answers), self = this;
    var unknown = ids.filter(function (id) { return !self.items.has(id); });
    if (!window.confirm("导入将用文件中的答案（" + (data.date || "日期未知") + "）替换当前答案，是否继续？")) return;
    var now = Date.now(), entries = new Map();
    ids.forEach(function (id) {
      var item = self.items.get(id), value = logic.entry(data.answers[id], now, self.rules);
      value.hash = item ? item.hash : "";
      entries.set(id, value);
    });
    clearTimeout(this.pending);
    this.pending = null;
    this.clearedAt = now;
    this.items.forEach(function (item) { self.unflag(item); });
    this.adopt(entries);
    if (data.checklist_version !== this.data.version) {
      this.items.forEach(function (item) {
        if (self.answers.has(item.id)) self.flag(item, "答案来自 " + data.checklist_version + " 版清单，请复核。");
      });
    }
    var saved = this.write();
    var kept = unknown.length ? "；" + unknown.length + "条属于已删除或改名的条目，不计入得分，单独保留在“已删除条目的答案”中：" +
      unknown.join("、") : "";
    this.say(saved ? "已导入" + (ids.length - unknown.length) + "条答案" + kept + "。答案已保存在本浏览器中。"
      : "已导入" + (ids.length - unknown.length) + "条答案到本页" + kept + "。但答案未能保存在本浏览器中：" +
        "刷新或关闭页面后会丢失，请立即导出JSON。");
  };

  // Reset, messages

  Checklist.prototype.reset = function () {
    if (!window.confirm("清空本清单的全部答案？此操作不能撤销（可先导出JSON备份）。")) return;
    var self = this;
    clearTimeout(this.pending);
    this.pending = null;
    this.clearedAt = Date.now();
    this.adopt(new Map());
    this.items.forEach(function (item) { self.unflag(item); });
    var cleared = this.write() || removeStorage(this.data.checklist);
    this.say(cleared ? "已清空答案。" : "已清空本页的答案，但未能清除本浏览器中保存的答案（刷新页面后可能重新出现）。");
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
      "；共" + all.applicable + "条，已答" + all.answered + "条。", "report-total"));
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
      if (self.rules.short_of.indexOf(answer) >= 0) notMet.push([item, value]);
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

  // A checklist left by instant navigation: its pending save is written, its listeners go.
  Checklist.prototype.close = function () {
    this.flush();
    window.removeEventListener("storage", this.onStorage);
    if (this.flushOnHide) {
      window.removeEventListener("pagehide", this.flushOnHide);
      document.removeEventListener("visibilitychange", this.flushOnHide);
    }
  };

  // Setup on every page, instant navigation included. Checklists set up before are flushed first,
  // so that coming back at once to a page shows the answer just given there.

  var live = [];

  function setup() {
    live = live.filter(function (checklist) {
      if (checklist.root.isConnected) return true;
      checklist.close();
      return false;
    });
    document.querySelectorAll(".charter-checklist[data-checklist]").forEach(function (root) {
      if (root.dataset.ready) return;
      root.dataset.ready = "1";
      var begin = window.performance ? performance.now() : 0;
      root.checklist = new Checklist(root);
      live.push(root.checklist);
      if (window.performance) root.dataset.setupMs = String(Math.round((performance.now() - begin) * 100) / 100);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
