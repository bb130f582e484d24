// The checklist's pure logic (docs/assets/checklist-logic.js) under Node: scoring, rating, merging
// answers per item, CSV cells, checking imported files. Run: node --test tests/js/
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import logic from "../../docs/assets/checklist-logic.js";

// The rule as Python gives it to the page (scoring.page_rules): ratings highest first.
const RULES = {
  answers: ["达标", "部分达标", "未达标", "不适用"],
  not_applicable: "不适用",
  short_of: ["未达标", "部分达标"],
  shares: { 达标: 1, 部分达标: 0.5, 未达标: 0 },
  ratings: [
    { min_percent: 90, label: "优秀" },
    { min_percent: 75, label: "良好" },
    { min_percent: 60, label: "合格" },
    { min_percent: 0, label: "待改进" },
  ],
  summary: "共{applicable}条，已答{answered}条；得分{earned}分，满分{possible}分（{percent}%），等级：{rating}{provisional}",
  provisional: "（未答完，暂定）",
  no_rating: "—",
};
const PAGE = { format: "school-charter-assessment", schema_version: 1, checklist: "meetings", title: "会议规范自查" };

const items = (...points) => points.map((p, n) => ({ id: `i${n}`, points: p }));
const scoreOf = (list, answers, rules = RULES) => logic.score(list, (id) => answers[id], rules);

describe("scoring", () => {
  test("all met", () => {
    const s = scoreOf(items(2, 3), { i0: "达标", i1: "达标" });
    assert.deepEqual([s.earned, s.possible, s.percent, s.complete], [5, 5, 100, true]);
  });

  test("partial shares and not met", () => {
    const s = scoreOf(items(2, 2, 4), { i0: "部分达标", i1: "未达标", i2: "达标" });
    assert.deepEqual([s.earned, s.possible, s.percent], [5, 8, 62.5]);
  });

  test("the shares come from the rules, not from the script", () => {
    const rules = { ...RULES, shares: { 达标: 1, 部分达标: 0.6, 未达标: 0.1 } };
    const s = scoreOf(items(10, 10), { i0: "部分达标", i1: "未达标" }, rules);
    assert.equal(s.earned, 7);
  });

  test("不适用 leaves the denominator", () => {
    const s = scoreOf(items(2, 8), { i0: "达标", i1: "不适用" });
    assert.deepEqual([s.possible, s.percent, s.answered, s.complete], [2, 100, 2, true]);
  });

  test("unanswered counts in the denominator and scores nothing", () => {
    const s = scoreOf(items(2, 2), { i0: "达标" });
    assert.deepEqual([s.percent, s.answered, s.applicable, s.complete], [50, 1, 2, false]);
  });

  test("everything 不适用 scores zero without dividing by zero", () => {
    assert.equal(scoreOf(items(2), { i0: "不适用" }).percent, 0);
  });

  test("rounding: earned to 2 decimals, percent to 1, halves up", () => {
    const s = scoreOf(items(1, 1, 1), { i0: "达标", i1: "部分达标", i2: "未达标" });
    assert.equal(s.percent, 50);
    const third = scoreOf(items(3, 3, 3), { i0: "达标", i1: "未达标", i2: "未达标" });
    assert.equal(third.percent, 33.3);
    assert.equal(logic.round(62.25, 1), 62.3);
    assert.equal(logic.round(0.125, 2), 0.13);
  });

  test("one item's score for the CSV", () => {
    assert.equal(logic.itemScore(3, "部分达标", RULES), 1.5);
    assert.equal(logic.itemScore(3, "不适用", RULES), "");
    assert.equal(logic.itemScore(3, "", RULES), "");
  });

  test("rating thresholds", () => {
    const cases = [[100, "优秀"], [90, "优秀"], [89.9, "良好"], [75, "良好"], [74.9, "合格"], [60, "合格"], [59.9, "待改进"], [0, "待改进"]];
    for (const [percent, label] of cases) assert.equal(logic.rating(percent, RULES).label, label, `${percent}%`);
  });

  test("no rating below every threshold", () => {
    assert.equal(logic.rating(10, { ...RULES, ratings: [{ min_percent: 50, label: "合格" }] }), null);
  });

  test("the summary line fills Python's sentence", () => {
    const s = scoreOf(items(2, 2), { i0: "达标" });
    assert.equal(logic.summary(s, RULES), "共2条，已答1条；得分2分，满分4分（50%），等级：待改进（未答完，暂定）");
    const done = scoreOf(items(2, 2), { i0: "达标", i1: "部分达标" });
    assert.equal(logic.summary(done, RULES), "共2条，已答2条；得分3分，满分4分（75%），等级：良好");
  });

  test("fill keeps doubled braces as braces", () => {
    assert.equal(logic.fill("{{a}} {a} }}", { a: 1 }), "{a} 1 }");
  });
});

describe("entries and merging", () => {
  const e = (answer, at, note = "") => ({ answer, note, hash: "", at });

  test("an entry keeps known answers and drops unknown ones", () => {
    assert.deepEqual(logic.entry({ answer: "达标", note: 5, at: "7" }, undefined, RULES), { answer: "达标", note: "5", hash: "", at: 7 });
    assert.equal(logic.entry({ answer: "好" }, 1, RULES), null);
    assert.equal(logic.entry("达标", 1, RULES), null);
    assert.equal(logic.entry({ note: "只有说明" }, 3, RULES).at, 3);
  });

  test("a saved record's answers and answers to removed items, answers winning", () => {
    const record = { answers: { a: { answer: "达标", at: 2 }, bad: { answer: "好" } }, removed: { a: { answer: "未达标", at: 1 }, gone: { answer: "未达标", at: 1 } } };
    const entries = logic.recordEntries(record, RULES);
    assert.deepEqual([...entries.keys()].sort(), ["a", "gone"]);
    assert.equal(entries.get("a").answer, "达标");
  });

  test("the latest change wins per item", () => {
    const local = new Map([["a", e("达标", 10)], ["b", e("未达标", 5)]]);
    const incoming = new Map([["a", e("未达标", 8)], ["b", e("部分达标", 9)], ["c", e("不适用", 1)]]);
    const merged = logic.merge(local, incoming, 0);
    assert.deepEqual([...merged.entries].map(([id, v]) => [id, v.answer]).sort(), [["a", "达标"], ["b", "部分达标"], ["c", "不适用"]]);
    assert.equal(merged.localNewer, true, "a is newer here");
  });

  test("a tie keeps this tab's answer and is not news", () => {
    const mine = e("达标", 5);
    const merged = logic.merge(new Map([["a", mine]]), new Map([["a", e("未达标", 5)]]), 0);
    assert.equal(merged.entries.get("a"), mine);
    assert.equal(merged.localNewer, false);
  });

  test("nothing newer here: the other side has everything", () => {
    const merged = logic.merge(new Map([["a", e("达标", 1)]]), new Map([["a", e("未达标", 2)]]), 0);
    assert.equal(merged.localNewer, false);
  });

  test("changes older than a reset or import are dropped, on both sides", () => {
    const local = new Map([["a", e("达标", 4)], ["b", e("达标", 12)]]);
    const incoming = new Map([["c", e("未达标", 3)], ["d", e("未达标", 11)]]);
    const merged = logic.merge(local, incoming, 10);
    assert.deepEqual([...merged.entries.keys()].sort(), ["b", "d"]);
  });

  test("a cleared answer (empty, newer) replaces an older one", () => {
    const merged = logic.merge(new Map([["a", e("", 9)]]), new Map([["a", e("达标", 3, "说明")]]), 0);
    assert.deepEqual([merged.entries.get("a").answer, merged.entries.get("a").note], ["", ""]);
  });
});

describe("CSV", () => {
  const COLUMNS = [
    { key: "question", heading: "问题", number: false },
    { key: "points", heading: "分值", number: true },
    { key: "note", heading: "佐证说明", number: false },
  ];

  test("every field quoted, quotes doubled", () => {
    assert.equal(logic.csvText('缺 "3月" 记录, 见第5页'), '"缺 ""3月"" 记录, 见第5页"');
  });

  test("cells a spreadsheet would run get a leading quote", () => {
    for (const text of ["=1+1", "+1", "-1", "@SUM(1)", "\tcmd", "\r=1"]) assert.equal(logic.csvText(text), `"'${text}"`);
    assert.equal(logic.csvText("普通说明 - 见第2页 =1"), '"普通说明 - 见第2页 =1"');
  });

  test("number columns stay numbers, the file has a BOM and CRLF", () => {
    const text = logic.csv(COLUMNS, [{ question: "-2+3", points: 1.5, note: undefined }]);
    assert.equal(text, '\ufeff"问题","分值","佐证说明"\r\n"\'-2+3","1.5",""\r\n');
  });
});

describe("import", () => {
  const good = { format: "school-charter-assessment", schema_version: 1, checklist: "meetings", answers: { a: { answer: "达标", note: "x" } } };
  const problem = (value) => logic.parseImport(typeof value === "string" ? value : JSON.stringify(value), PAGE, RULES).problem || "";

  test("a good file, with or without a BOM", () => {
    assert.deepEqual(logic.parseImport("\ufeff" + JSON.stringify(good), PAGE, RULES).data, good);
  });

  const bad = [
    ["truncated", '{"format": "school-charter-assessment", "answers": {', "不是完整的 JSON"],
    ["not an object", "[1, 2]", "不是自查结果"],
    ["foreign", { hello: "world" }, "不是本站导出的自查结果"],
    ["newer format", { ...good, schema_version: 2 }, "不支持的文件格式版本"],
    ["other checklist", { ...good, checklist: "implementation" }, "另一份清单（implementation），本页是“会议规范自查”"],
    ["no answers", { ...good, answers: [] }, "没有答案"],
    ["answer not an object", { ...good, answers: { a: "达标" } }, "条目 a 的答案格式不对"],
    ["unknown answer", { ...good, answers: { a: { answer: "好" } } }, "结论“好”不是达标、部分达标、未达标或不适用"],
    ["note not text", { ...good, answers: { a: { answer: "达标", note: { html: "<b>" } } } }, "佐证说明不是文字"],
    ["too many items", { ...good, answers: Object.fromEntries(Array.from({ length: 10001 }, (_, n) => [`i${n}`, {}])) }, "条目过多"],
  ];
  for (const [name, value, message] of bad) {
    test(`refused: ${name}`, () => assert.match(problem(value), new RegExp(message.replace(/[()（）“”]/g, "."))));
  }
});
