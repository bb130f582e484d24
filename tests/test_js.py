"""The browser's pure logic under Node: `node --test` over tests/js/, and the browser and Python
agreeing on the same inputs (the checklist's scores, the calculator's verdicts and sentences)."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import subprocess
from fractions import Fraction

import pytest

from charter import load_charter, model
from charter.checks import describe_threshold, meets_threshold
from charter.render import Renderer
from charter.scoring import ANSWERS, item_score, score_checklist, summary
from conftest import ROOT

JS_TESTS = ROOT / "tests" / "js"
ASSETS = ROOT / "docs" / "assets"


def node() -> str:
    path = shutil.which("node")
    if path is None:
        if os.environ.get("CHARTER_REQUIRE_BROWSER"):
            pytest.fail("CHARTER_REQUIRE_BROWSER is set but Node.js is not installed (apt-get install nodejs)")
        pytest.skip("Node.js is not installed (apt-get install nodejs); the JavaScript tests are skipped")
    return path


def run_node(script: str, data) -> object:
    """Runs `script` (CommonJS; `input` is `data`, `print(value)` gives the answer back) under Node."""
    program = f"const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\nconst print = (v) => process.stdout.write(JSON.stringify(v));\n{script}"
    result = subprocess.run(
        [node(), "-e", program], input=json.dumps(data, ensure_ascii=False), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(load_charter(ROOT))


def test_node_test_suite():
    files = sorted(str(p.relative_to(ROOT)) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, "no tests in tests/js/"
    result = subprocess.run([node(), "--test", "--test-reporter=tap", *files], cwd=ROOT, capture_output=True, text=True, timeout=300)
    counts = dict(re.findall(r"^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$", result.stdout, re.M))
    failures = "\n".join(line for line in result.stdout.splitlines() if line.lstrip().startswith("not ok"))
    assert result.returncode == 0 and counts.get("fail") == "0", f"node --test failed:\n{failures}\n{result.stderr}"
    assert int(counts["tests"]) >= 30 and counts["pass"] == counts["tests"], counts
    assert counts["cancelled"] == counts["skipped"] == counts["todo"] == "0", counts


def test_browser_and_python_score_alike(renderer):
    """Random answers to every checklist: the page's script, given the page's own data, scores them
    as scoring.py does (totals, percentage, rating, summary line, each item's score)."""
    charter, pick = renderer.charter, random.Random(12)
    # Besides the real checklists, one with odd points and shares, where rounding ties happen.
    odd = model.Checklist(
        "odd",
        "奇数分值",
        "1.0.0",
        9,
        {"达标": 1, "部分达标": 0.45, "未达标": 0.15},
        [model.Rating(87.5, "优"), model.Rating(62.5, "中"), model.Rating(12.5, "差")],
        [
            model.ChecklistSection(
                f"odd-{s}", f"分节{s}", [model.ChecklistItem(f"odd-{s}-{n}", "问", "要点", "材料", p, []) for n, p in enumerate(points)]
            )
            for s, points in enumerate([[0.5, 1.5, 2.5, 3], [1, 7, 0.25], [2.5, 2.5, 5, 0.5, 1.25]])
        ],
    )
    cases = []
    for checklist in [*charter.checklists, odd]:
        view = renderer.views.checklist_view(checklist)
        ids = [i["id"] for s in view["sections"] for i in s["items"]]
        items = [i for s in checklist.sections for i in s.items if i.id in set(ids)]
        points = {i.id: i.points for i in items}
        for _ in range(300 if checklist is odd else 40):
            answers = {i: pick.choice([*ANSWERS, "", ""]) for i in ids}
            answers = {i: a for i, a in answers.items() if a}
            scored = score_checklist(checklist, items, answers)
            overall = scored["overall"]
            expected = {
                "score": [overall.answered, overall.applicable, overall.earned, overall.possible, overall.percent],
                "rating": scored["rating"].label if scored["rating"] else None,
                "summary": summary(overall, scored["rating"]),
                "items": [item_score(points[i], answers.get(i, ""), checklist.scoring) for i in ids],
            }
            cases.append({"data": json.loads(view["json"]), "answers": answers, "expected": expected})
    script = f"""
const logic = require({json.dumps(str(ASSETS / "checklist-logic.js"))});
print(input.map(({{data, answers}}) => {{
  const rules = data.rules, items = data.sections.flatMap((s) => s.items), answerOf = (id) => answers[id] || "";
  const s = logic.score(items, answerOf, rules), rating = logic.rating(s.percent, rules);
  return {{
    score: [s.answered, s.applicable, s.earned, s.possible, s.percent], rating: rating ? rating.label : null,
    summary: logic.summary(s, rules), items: items.map((i) => {{ const v = logic.itemScore(i.points, answerOf(i.id), rules); return v === "" ? null : v; }})
  }};
}}));
"""
    got = run_node(script, [{"data": c["data"], "answers": c["answers"]} for c in cases])
    assert len(got) == len(cases) >= 40
    for case, result in zip(cases, got, strict=True):
        assert result == case["expected"], case["answers"]


def _expected_lines(rule, calc: dict, members: int, present: int, favour: int, matter: str) -> list:
    """What the calculator should show, from the thresholds themselves (not from the tables)."""
    values = {"members": members, "present": present, "favour": favour}
    text = calc["text"]
    if not calc["members"][0] <= members <= calc["members"][1]:
        return [[False, text["members"].format(**values)]]
    if present > members:
        return [[False, text["present"].format(**values)]]
    special = [s for s in rule.quorum.special if s.id == matter]
    parameter = special[0] if special else rule.quorum
    sentences = next((s for s in calc["special"] if s["id"] == matter), calc["quorum"])
    is_open = parameter.threshold.met_by(present, members)
    lines = [[is_open, sentences["yes" if is_open else "no"].format(need=parameter.threshold.minimum(members), **values)]]
    decision = calc["decision"]
    if rule.decision.method != "vote":
        return [*lines, [is_open, decision["text"].format(**values)]]
    if favour > present:
        return [*lines, [False, text["favour"].format(**values)]]
    base = members if rule.decision.base == "members" else present
    passes = is_open and rule.decision.threshold.met_by(favour, base)
    sentence = decision["yes" if passes else "no" if is_open else "closed"]
    return [*lines, [passes, sentence.format(need=rule.decision.threshold.minimum(base), **values)]]


def test_browser_and_python_calculate_alike(renderer):
    """Every rule's calculator, for every member count the form allows and a spread of present and
    votes: the script's lookups give what the thresholds say, in Python's sentences."""
    cases = []
    for rule in renderer.charter.rules:
        calc = renderer.views.calculator(rule)
        matters = ["", *(s.id for s in rule.quorum.special)]
        for members in range(0, calc["members"][1] + 2):
            counts = sorted(
                {0, 1, members // 2, members // 2 + 1, (2 * members) // 3, (2 * members + 2) // 3, members - 1, members, members + 1}
            )
            for present in (c for c in counts if c >= 0):
                for favour in (c for c in counts if c >= 0):
                    for matter in matters:
                        expected = _expected_lines(rule, calc, members, present, favour, matter)
                        cases.append({"rule": rule.id, "input": [members, present, favour, matter], "expected": expected})
    data = {
        "calcs": {rule.id: renderer.views.calculator(rule) for rule in renderer.charter.rules},
        "inputs": [[c["rule"], *c["input"]] for c in cases],
    }
    script = f"""
const calculator = require({json.dumps(str(ASSETS / "calculator-logic.js"))});
print(input.inputs.map(([rule, members, present, favour, matter]) =>
  calculator.evaluate(input.calcs[rule], {{members, present, favour, matter}}).map((l) => [l.ok, l.text])));
"""
    got = run_node(script, data)
    assert len(got) == len(cases) > 1000
    for case, lines in zip(cases, got, strict=True):
        assert lines == case["expected"], (case["rule"], case["input"])


# One wording and one reading of a threshold, in Python, for the pages, the checks and the calculator.


@pytest.mark.parametrize(
    ("op", "fraction", "words"),
    [
        ("more_than", "1/2", "超过半数"),
        ("at_least", "1/2", "半数以上"),
        ("at_least", "2/3", "三分之二以上"),
        ("at_least", "3/5", "五分之三以上"),
        ("more_than", "7/10", "超过十分之七"),
        ("at_least", "11/12", "十二分之十一以上"),
        ("at_least", "21/25", "二十五分之二十一以上"),
        ("at_least", "1/1", "全体"),
    ],
)
def test_one_wording_of_a_threshold(op, fraction, words):
    """以上 includes the number and 超过 does not, as Chinese legal drafting writes them; never 1/2 or 不少于."""
    assert describe_threshold({"op": op, "fraction": fraction}) == words
    assert describe_threshold(model.Threshold(op, fraction)) == words


def test_a_threshold_worded_with_its_base():
    assert describe_threshold({"op": "more_than", "fraction": "1/2"}, of="应到会成员") == "超过应到会成员半数"
    assert describe_threshold({"op": "at_least", "fraction": "2/3"}, of="应到会成员") == "应到会成员三分之二以上"


def test_the_calculator_says_what_the_pages_say(renderer):
    for rule in renderer.charter.rules:
        calc = renderer.views.calculator(rule)
        for parameter, sentences in [(rule.quorum, calc["quorum"]), *zip(rule.quorum.special, calc["special"], strict=True)]:
            words = describe_threshold(parameter.threshold)
            assert sentences["yes"].startswith(f"可以开会：须{words}成员到会") and sentences["no"].startswith(
                f"不能开会：须{words}成员到会"
            )
            assert sentences["need"] == [parameter.threshold.minimum(n) for n in range(calc["members"][1] + 1)]
        if rule.decision.method == "vote":
            assert f"赞成票须{describe_threshold(rule.decision.threshold, of='应到会成员')}" in calc["decision"]["yes"]


def test_the_floor_check_reads_thresholds_as_the_counts_do():
    """A threshold keeps a floor when every share it accepts, the floor accepts too (`Threshold.accepts`
    is the one reading of `op`)."""
    fractions = [f"{a}/{b}" for b in range(1, 7) for a in range(1, b + 1)]
    shares = sorted({Fraction(a, b) for b in range(1, 61) for a in range(b + 1)})
    thresholds = list(itertools.product(["more_than", "at_least"], fractions))
    accepted = {value: frozenset(s for s in shares if model.Threshold(*value).accepts(s)) for value in thresholds}
    for value, floor in itertools.product(thresholds, repeat=2):
        kept = accepted[value] <= accepted[floor]  # every share the threshold accepts, the floor accepts too
        assert (
            meets_threshold(dict(zip(["op", "fraction"], value, strict=True)), dict(zip(["op", "fraction"], floor, strict=True))) == kept
        ), (value, floor)
