"""公文 typography in a school's own data (and the model's): warnings at the very characters, with the text
to write instead; never errors, never failing `charter check` or `mkdocs build --strict`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from charter import load_charter
from charter.typography import Advice, fixes
from conftest import ROOT, copy_project, mkdocs_build, run_charter

SCHOOLS = Path(__file__).parent / "schools"
MINI = Path(__file__).parent / "fixtures" / "mini"


def typography(project: Path) -> list[Advice]:
    return [w for w in load_charter(project).warnings if isinstance(w, Advice)]


def overlay(project: Path, lines: list[str], name: str = "本校.yml") -> Path:
    """`data/local/<name>` of these lines, after the first: `model_version: 1.0.0`."""
    (project / "data" / "local").mkdir(exist_ok=True)
    path = project / "data" / "local" / name
    path.write_text("".join(f"{line}\n" for line in ["model_version: 1.0.0", *lines]), encoding="utf-8")
    return path


def fixed(text: str, separator: str = "") -> str:
    out, at = "", 0
    for fix in fixes(text, separator):
        out += text[at : fix.start] + fix.replacement
        at = fix.end
    return out + text[at:]


# The data that must stay clean


def test_the_model_data_has_no_typography_warnings():
    assert typography(ROOT) == []
    assert [w for w in load_charter(ROOT, local=False).warnings if isinstance(w, Advice)] == []


def test_the_mini_fixture_has_no_typography_warnings():
    assert typography(MINI) == []


@pytest.mark.parametrize("school", sorted(p.name for p in SCHOOLS.iterdir() if p.is_dir()))
def test_the_example_schools_have_no_typography_warnings(tmp_path: Path, school: str):
    project = copy_project(tmp_path / school)
    shutil.copy2(SCHOOLS / school / "school.yml", project / "data" / "school.yml")
    shutil.copytree(SCHOOLS / school / "local", project / "data" / "local", dirs_exist_ok=True)
    assert [w.format() for w in typography(project)] == []


# Each rule, located


def test_a_space_around_a_digit_in_an_overlay_is_warned_at_its_line(project: Path):
    overlay(
        project,
        [
            "modify:",
            "  - id: party-meeting-frequency",
            "    reason: 本校党委会每月第一、三周召开。",
            "    set:",
            "      text: 原则上每月至少召开 2 次，可根据工作需要随时召开。",
        ],
    )
    [warning] = typography(project)
    assert warning.severity == "warning"
    assert (warning.file, warning.line, warning.column) == ("data/local/本校.yml", 6, 22)  # the space after 召开
    assert warning.field == "modify[0](id=party-meeting-frequency).set.text"
    assert "“…每月至少召开 2 次，可根据工…”" in warning.found and "汉字与数字" in warning.found
    assert warning.expected == "“…每月至少召开2次，可根据工…”"


def test_a_space_in_the_school_profile_is_warned(project: Path):
    school = project / "data" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("\nname: 示范中学", "\nname: 江城 No.1 中学"), encoding="utf-8")
    [warning] = typography(project)
    assert (warning.file, warning.line, warning.column, warning.field) == ("data/school.yml", 3, 9, "name")
    assert warning.expected == "“江城No.1中学”"


def test_a_line_folded_between_chinese_characters_is_explained(project: Path):
    overlay(
        project,
        [
            "modify:",
            "  - id: party-meeting-frequency",
            "    reason: >-",
            "      本校党委会每月召开两次，学校行政",
            "      工作较多。",
            "    set:",
            "      times: 2",
        ],
    )
    [warning] = typography(project)
    assert (warning.file, warning.line, warning.column) == ("data/local/本校.yml", 5, 23)  # the end of the line: the fold
    assert warning.field == "modify[0](id=party-meeting-frequency).reason"
    assert "汉字之间有空格" in warning.found and "换行" in warning.found
    assert warning.expected == "“…次，学校行政工作较多。”"
    assert ">-" in warning.hint and "一行" in warning.hint and "`\\`" in warning.hint


def test_a_line_folded_after_chinese_punctuation_still_leaves_a_space():
    # YAML folds every line break into a space, after "，" too: the page would show "两次， 学校".
    assert fixed("本校党委会每月召开两次， 学校行政工作较多。") == "本校党委会每月召开两次，学校行政工作较多。"


def test_an_iso_date_in_running_text_is_written_the_chinese_way(project: Path):
    overlay(
        project,
        [
            "modify:",
            "  - id: party-meeting-frequency",
            "    reason: 本校章程自2026-09-01起施行。",
            "    set:",
            "      times: 2",
        ],
    )
    [warning] = typography(project)  # effective_date: 2026-09-01 in school.yml is a date field: left alone
    assert (warning.file, warning.line, warning.column) == ("data/local/本校.yml", 4, 18)
    assert warning.expected == "“本校章程自2026年9月1日起施行。”"
    assert "ISO" in warning.found


def test_an_ascii_range_marker_becomes_a_dash(project: Path):
    overlay(
        project,
        [
            "add:",
            "  - after: party-meeting-execution",
            "    reason: 本校对会议纪要的公开作出规定。",
            "    entry:",
            "      id: party-meeting-minutes-public",
            "      title: 会议纪要公开",
            "      text: 会议纪要在会后3-5个工作日内公开，2024~2025学年试行。",
            "      sources: [{ref: seed-001, at: 篇3·四.2}]",
        ],
    )
    warnings = typography(project)
    assert [(w.line, w.column, w.field, w.expected) for w in warnings] == [
        (8, 21, "add[0].entry.text", "“…纪要在会后3—5个工作日内…”"),
        (8, 35, "add[0].entry.text", "“…开，2024—2025学年…”"),
    ]
    assert all("—" in w.hint for w in warnings)


def test_half_width_punctuation_inside_chinese_becomes_full_width(project: Path):
    overlay(
        project,
        [
            "remove:",
            "  - id: party-meeting-attendees-youth",
            "    reason: 本校未设团委(少先队大队),相应人员不列席。",
        ],
    )
    [warning] = typography(project)
    assert (warning.line, warning.column, warning.field) == (4, 19, "remove[0](id=party-meeting-attendees-youth).reason")
    assert warning.expected == "“本校未设团委（少先队大队），相应人员不列…”"


def test_a_source_position_takes_the_models_separator(project: Path):
    overlay(
        project,
        [
            "add:",
            "  - after: party-meeting-execution",
            "    reason: 本校对会议纪要的公开作出规定。",
            "    entry:",
            "      id: party-meeting-minutes-public",
            "      title: 会议纪要公开",
            "      text: 会议纪要在会后5个工作日内公开。",
            "      sources: [{ref: seed-001, at: 篇3 三(二)1-2}]",
        ],
    )
    [warning] = typography(project)
    assert (warning.line, warning.column, warning.field) == (9, 39, "add[0].entry.sources[0].at")
    assert warning.expected == "“篇3·三（二）1—2”"


def test_every_warning_at_once_each_once_in_file_order(project: Path):
    overlay(
        project,
        [
            "modify:",
            "  - id: party-meeting-frequency",
            "    reason: 每月召开 2 次。",
            "    set:",
            "      text: 原则上每月至少召开 2 次。",
        ],
    )
    overlay(
        project,
        [
            "remove:",
            "  - id: party-meeting-attendees-youth",
            "    reason: 本校未设团委 。",
        ],
        "另一个.yml",
    )
    warnings = typography(project)
    assert [(w.file, w.line) for w in warnings] == [("data/local/另一个.yml", 4), ("data/local/本校.yml", 4), ("data/local/本校.yml", 6)]


def test_a_value_with_escapes_is_located_at_its_start(project: Path):
    overlay(
        project,
        [
            "remove:",
            "  - id: party-meeting-attendees-youth",
            '    reason: "\\u672c\\u6821 2 \\u4eba"',
        ],
    )
    [warning] = typography(project)
    assert (warning.line, warning.column) == (4, 13)  # where the value starts: the source does not spell it out
    assert warning.expected == "“本校2人”"


# What is not text, and what is not wrong


@pytest.mark.parametrize(
    "text",
    [
        "2026年9月1日施行",
        "第1—2个月",
        "篇3·四.2—3",
        "依据GB/T 15834-2011",
        "联系电话0571-88886666",
        "COVID-19疫情期间",
        "实施方案示例（seed-001）篇1",
        "见[[party-meeting-frequency]]。",
        "会议9:30开始，经费1,000元",
        "按A4纸排版，用Excel表格",
        "“三重一大”事项",
        "（一）党组织会议",
        "Local policy (school level)",
    ],
)
def test_no_false_alarm(text: str):
    assert fixes(text) == []


def test_a_link_is_checked_for_its_label_not_its_id():
    assert fixes("见[[party-meeting-2024-2025]]") == []
    assert fixed("见[[party-meeting-frequency|会议 频次]]") == "见[[party-meeting-frequency|会议频次]]"


def test_ids_references_and_date_fields_are_not_text(project: Path):
    overlay(
        project,
        [
            "add:",
            "  - after: party-meeting-execution",
            "    reason: 本校对会议纪要的公开作出规定。",
            "    entry:",
            "      id: minutes-2024-2025",
            "      title: 会议纪要公开",
            "      text: 会议纪要在会后5个工作日内公开。",
            "      sources: [seed-001]",
        ],
    )
    school = project / "data" / "school.yml"
    assert "effective_date: 2026-09-01" in school.read_text(encoding="utf-8")
    assert typography(project) == []


# How warnings surface


def test_charter_check_prints_warnings_and_passes(project: Path, tmp_path: Path):
    overlay(
        project,
        [
            "modify:",
            "  - id: party-meeting-frequency",
            "    reason: 本校每月两次。",
            "    set:",
            "      text: 原则上每月至少召开 2 次。",
        ],
    )
    result = run_charter("--project", str(project), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "数据检查通过" in result.stdout
    assert "data/local/本校.yml:6:22: 警告" in result.stderr and "“…每月至少召开2次。”" in result.stderr


def test_a_strict_build_shows_the_warning_and_succeeds(project: Path):
    overlay(
        project,
        [
            "modify:",
            "  - id: party-meeting-frequency",
            "    reason: 本校每月两次。",
            "    set:",
            "      text: 原则上每月至少召开 2 次。",
        ],
    )
    result = mkdocs_build(project, strict=True, quiet=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data/local/本校.yml:6:22: 警告" in result.stderr and "INFO" in result.stderr
