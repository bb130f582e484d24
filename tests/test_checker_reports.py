"""The checker reports every problem once, all at once, and says what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter import CharterError, load_charter
from charter.checks import threshold_hint

OVERLAY = "data/local/school.yml"


def _problems(project: Path) -> list:
    with pytest.raises(CharterError) as caught:
        load_charter(project)
    return [p for p in caught.value.problems if p.severity == "error"]


def test_a_missing_reason_hides_no_other_problem(project: Path):
    """An overlay change that breaks the schema (no `reason`) is reported and left out; the other changes
    are applied and checked, and their problems (unknown id, wrong type, floors) reported with it."""
    (project / OVERLAY).parent.mkdir(parents=True, exist_ok=True)
    (project / OVERLAY).write_text(
        """model_version: 1.1.0
modify:
  - id: party-meeting-decision
    set: {base: present}
  - id: party-meeting-quorum-cadre
    reason: 降低
    set:
      threshold: {op: at_least, fraction: 1/2}
  - id: no-such-entry
    reason: 写错的 id
    set: {text: 文字}
  - id: party-meeting-frequency
    reason: 类型不对
    set: {times: 两次}
  - id: matter-cadre-appointment
    reason: 改由校长办公会议决定
    set: {decides: principal-office-meeting}
  - id: party-meeting-members
    reason: 写称谓
    set: {roles: [党委委员]}
remove:
  - id: party-meeting-attendees-youth
""",
        encoding="utf-8",
    )
    found = [p for p in _problems(project) if p.file == OVERLAY]
    messages = [p.format() for p in found]
    texts = [
        "缺少必填字段 `reason`",
        "低于政策底线",
        "no-such-entry",
        "整数",
        "decides: party-organization-meeting",
        "party-committee-members",
    ]
    for text in texts:
        assert any(text in m for m in messages), (text, messages)
    lines = [p.line for p in found if "缺少必填字段 `reason`" in p.found]
    assert lines == [3, 22], messages  # both changes without a reason, each once


def test_a_model_file_problem_still_reports_the_references(project: Path):
    school = project / "data" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("org_type: 党总支", "org_type: 党小组"), encoding="utf-8")
    (project / OVERLAY).parent.mkdir(parents=True, exist_ok=True)
    (project / OVERLAY).write_text("model_version: 1.1.0\nmodify:\n  - id: no-such-entry\n    set: {text: 文字}\n", encoding="utf-8")
    files = {p.file for p in _problems(project)}
    assert {"data/school.yml", OVERLAY} <= files


def test_each_missing_field_is_reported_once(project: Path):
    """N missing required fields: N messages, not N² (one `required` violation per field)."""
    (project / "data" / "school.yml").write_text("name: 示范中学\nexample: true\n", encoding="utf-8")
    found = [p for p in _problems(project) if p.file == "data/school.yml"]
    missing = [p.found for p in found if p.found.startswith("缺少必填字段")]
    assert sorted(missing) == sorted(
        f"缺少必填字段 `{name}`" for name in ("short_name", "org_type", "leadership_mode", "members", "effective_date", "model_version")
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("三分之一", {"op": "at_least", "fraction": "1/3"}),
        ("三分之二以上", {"op": "at_least", "fraction": "2/3"}),
        ("半数", {"op": "at_least", "fraction": "1/2"}),
        ("半数以上", {"op": "at_least", "fraction": "1/2"}),
        ("超过半数", {"op": "more_than", "fraction": "1/2"}),
        ("过半数", {"op": "more_than", "fraction": "1/2"}),
        ("十分之七", {"op": "at_least", "fraction": "7/10"}),
        ("2/3", {"op": "at_least", "fraction": "2/3"}),
        ("多数", None),
    ],
)
def test_a_threshold_in_words(written: str, hint):
    assert threshold_hint(written) == hint


def test_a_threshold_in_words_in_a_rule_file(project: Path):
    rule = project / "data" / "rules" / "party-organization-meeting.yml"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(
        text.replace("threshold: {op: at_least, fraction: 1/2}\n  text: 须有", "threshold: 半数\n  text: 须有"), encoding="utf-8"
    )
    (problem,) = [p for p in _problems(project) if p.field.startswith("quorum")]
    assert problem.field == "quorum.threshold"
    assert "`{op: at_least, fraction: 1/2}`" in problem.hint


def test_a_fraction_in_words(project: Path):
    rule = project / "data" / "rules" / "party-organization-meeting.yml"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(text.replace("fraction: 2/3}", "fraction: 三分之二}"), encoding="utf-8")
    (problem,) = [p for p in _problems(project) if p.field.endswith("fraction")]
    assert "`fraction: 2/3`" in problem.hint


@pytest.mark.parametrize(("name", "role"), [("党委委员", "party-committee-members"), ("党组织班子成员", "party-committee-members")])
def test_a_role_name_where_its_id_is_expected(project: Path, name: str, role: str):
    rule = project / "data" / "rules" / "party-organization-meeting.yml"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(text.replace("roles: [party-committee-members]", f"roles: [{name}]"), encoding="utf-8")
    (problem,) = [p for p in _problems(project) if p.field.startswith("members.roles")]
    assert f"`{role}`" in problem.hint and problem.line == 23


def test_the_monthly_floor_says_at_least_once(tmp_path):
    """The in-principle floor's message: 每月至少1次, with one 至少 (not 至少每月至少 1 次)."""
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    rule = project / "data" / "rules" / "party-organization-meeting.yml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("times: 1\n  per: month", "times: 1\n  per: term"), encoding="utf-8")
    (warning,) = [w for w in load_charter(project).warnings if "政策底线" in w.found]
    shown = warning.format()
    assert "每月至少1次" in shown and "至少每月" not in shown and "至少 1 次" not in shown
