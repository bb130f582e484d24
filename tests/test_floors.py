"""Policy floors: minimums that higher-level documents set, each citing them; 原则上/一般 warns, it does not fail."""

from __future__ import annotations

import shutil

from charter import load_charter
from conftest import ROOT


def test_every_floor_cites_a_national_document():
    charter = load_charter(ROOT)
    national = {s.id for s in charter.sources if s.kind == "policy"}
    for floor in charter.floors:
        cited = {ref.ref for ref in floor.sources}
        assert cited & national, f"{floor.id} cites no national document: {cited}"
        assert all(ref.at for ref in floor.sources if ref.ref in national), f"{floor.id}: say where the document says it"


def test_a_meeting_held_less_often_than_in_principle_is_a_warning(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    rule = data / "rules" / "party-organization-meeting.yml"
    text = rule.read_text(encoding="utf-8")
    assert "times: 1\n  per: month" in text
    rule.write_text(text.replace("times: 1\n  per: month", "times: 1\n  per: term"), encoding="utf-8")
    charter = load_charter(ROOT, data)  # loads: a warning, not an error
    (warning,) = [w for w in charter.warnings if "低于政策底线" in w.found]
    assert warning.severity == "warning"
    assert warning.file == "data/rules/party-organization-meeting.yml" and warning.field == "frequency.times"
    assert "每学期至少1次" in warning.found and "每月至少1次" in warning.expected
    assert "至少每月" not in warning.expected  # one 至少, not two
    assert "《中国共产党支部工作条例（试行）》 第十二条" in warning.hint


def test_an_in_principle_warning_does_not_fail_a_strict_build(tmp_path):
    """一般每月召开1次 is what the higher document asks in principle: a school that meets less often is told,
    and its site still publishes with `mkdocs build --strict`."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    rule = project / "data" / "rules" / "party-organization-meeting.yml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("times: 1\n  per: month", "times: 1\n  per: term"), encoding="utf-8")
    result = mkdocs_build(project, strict=True, quiet=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "低于政策底线" in result.stderr and "WARNING" not in result.stderr, result.stderr
