// The calculator's logic (docs/assets/calculator-logic.js) under Node: it looks Python's numbers up
// and fills Python's sentences; it computes no threshold. Run: node --test tests/js/
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import calculator from "../../docs/assets/calculator-logic.js";

// Shaped like Renderer.calculator's output, with small tables (members up to 9).
const need = (f) => Array.from({ length: 10 }, (_, n) => f(n));
const DATA = {
  members: [1, 9],
  quorum: { id: "", need: need((n) => Math.floor(n / 2) + 1), yes: "可以开会：{members} 人中至少 {need} 人；实到 {present} 人。", no: "不能开会：{members} 人中至少 {need} 人；实到 {present} 人。" },
  special: [{ id: "cadre", need: need((n) => Math.ceil((2 * n) / 3)), yes: "特别可以：至少 {need} 人。", no: "特别不能：至少 {need} 人。" }],
  decision: { method: "vote", by: "members", need: need((n) => Math.floor(n / 2) + 1), yes: "通过：至少 {need} 票；赞成 {favour} 票。", no: "不通过：至少 {need} 票；赞成 {favour} 票。", closed: "不通过：赞成 {favour} 票，且会议未达到到会人数。" },
  text: { members: "应到会成员须为 1 至 9 人。", present: "实到人数不能多于应到会成员（{members} 人）。", favour: "赞成票不能多于实到人数（{present} 人）。" },
};
const run = (input, data = DATA) => calculator.evaluate(data, { matter: "", favour: 0, ...input });

describe("calculator", () => {
  test("looks the quorum and the votes up", () => {
    assert.deepEqual(run({ members: 7, present: 4, favour: 4 }), [
      { ok: true, text: "可以开会：7 人中至少 4 人；实到 4 人。" },
      { ok: true, text: "通过：至少 4 票；赞成 4 票。" },
    ]);
    assert.deepEqual(run({ members: 7, present: 4, favour: 3 })[1], { ok: false, text: "不通过：至少 4 票；赞成 3 票。" });
  });

  test("a special quorum replaces the general one", () => {
    const lines = run({ members: 7, present: 4, favour: 4, matter: "cadre" });
    assert.deepEqual(lines[0], { ok: false, text: "特别不能：至少 5 人。" });
    assert.deepEqual(lines[1], { ok: false, text: "不通过：赞成 4 票，且会议未达到到会人数。" }, "no vote passes a meeting that cannot open");
  });

  test("a pass threshold on those present looks up by present", () => {
    const data = { ...DATA, decision: { ...DATA.decision, by: "present", need: need((n) => n) } };
    assert.equal(run({ members: 9, present: 5, favour: 5 }, data)[1].text, "通过：至少 5 票；赞成 5 票。");
  });

  test("a meeting without a vote", () => {
    const data = { ...DATA, decision: { method: "chair-decides", text: "由主持人作出决定。" } };
    assert.deepEqual(run({ members: 9, present: 4 }, data), [
      { ok: false, text: "不能开会：9 人中至少 5 人；实到 4 人。" },
      { ok: false, text: "由主持人作出决定。" },
    ]);
  });

  test("impossible numbers are refused with Python's sentences", () => {
    assert.deepEqual(run({ members: 0, present: 0 }), [{ ok: false, text: "应到会成员须为 1 至 9 人。" }]);
    assert.deepEqual(run({ members: 10, present: 1 }), [{ ok: false, text: "应到会成员须为 1 至 9 人。" }]);
    assert.deepEqual(run({ members: 5, present: 6 }), [{ ok: false, text: "实到人数不能多于应到会成员（5 人）。" }]);
    assert.deepEqual(run({ members: 5, present: 3, favour: 4 })[1], { ok: false, text: "赞成票不能多于实到人数（3 人）。" });
  });

  test("braces in Python's sentences", () => {
    assert.equal(calculator.fill("{{x}} {members}", { members: 3 }), "{x} 3");
  });
});
