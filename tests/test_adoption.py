"""Adoption: two example schools (profile + overlay) build into different sites; the model
changing under an overlay is flagged; the guide's commands work as written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from charter import load_charter
from conftest import ROOT, copy_project, mkdocs_build_here, run_charter

SCHOOLS = Path(__file__).parent / "schools"


def adopt(tmp_path: Path, school: str) -> Path:
    project = copy_project(tmp_path / school)
    shutil.copy2(SCHOOLS / school / "school.yml", project / "data" / "school.yml")
    shutil.copytree(SCHOOLS / school / "local", project / "data" / "local", dirs_exist_ok=True)
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for school in ("branch-combined", "committee-separate"):
        project = adopt(tmp_path_factory.mktemp(school), school)
        result = mkdocs_build_here(project)
        assert result.returncode == 0, result.stdout + result.stderr
        built[school] = project / "site"
    return built


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8") if page else (site / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_titles_follow_the_profile(sites):
    branch = text(read(sites["branch-combined"], "rules/party-organization-meeting"))
    committee = text(read(sites["committee-separate"], "rules/party-organization-meeting"))
    assert "党支部书记" in branch and "党委书记" not in branch
    assert "党委书记" in committee and "党支部书记" not in committee
    assert "东风路小学" in read(sites["branch-combined"], "") and "一肩挑" in text(read(sites["branch-combined"], ""))
    assert "江城第一中学" in read(sites["committee-separate"], "")


def test_rules_follow_profile_and_overlay(sites):
    committee = text(read(sites["committee-separate"], "rules/party-organization-meeting"))
    assert "每月至少2次" in committee
    assert "四分之三以上成员到会（本校至少7人）" in committee  # 3/4 of 9 members
    branch_party = text(read(sites["branch-combined"], "rules/party-organization-meeting"))
    assert "少先队大队辅导员" not in branch_party.split("条文")[0], "removed attendee must leave the summary"
    assert "会议纪要公开" in branch_party
    branch_office = text(read(sites["branch-combined"], "rules/principal-office-meeting"))
    assert "每月至少2次" in branch_office


def test_adapted_entries_are_marked_and_listed(sites):
    office = read(sites["branch-combined"], "rules/principal-office-meeting")
    assert re.search(r'id="office-meeting-frequency".*?本校调整', office, re.S)
    local = text(read(sites["branch-combined"], "local"))
    for reason in ("本校规模较小", "本校对会议纪要的公开", "本校未设团委"):
        assert reason in local
    assert "原则上每周召开1次" in local and "原则上每两周召开1次" in local, "model text beside the school's"
    assert "本校讨论干部任免" in text(read(sites["committee-separate"], "local"))


def test_the_adaptation_marker_stays_off_paper(sites):
    """The 〔本校调整〕 link after an adapted article is for the screen: the printed document is the school's text."""
    document = read(sites["branch-combined"], "documents/party-meeting-rules")
    markers = re.findall(r"<a[^>]*>〔本校调整〕</a>", document)
    assert markers and all('class="charter-screen-only"' in m for m in markers), markers


def test_applicable_checklist_items_follow_the_profile(sites):
    items = []
    for path in sorted((ROOT / "data" / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items += [(data["id"], item) for section in data["sections"] for item in section["items"] if "applies_to" in item]
    if not items:
        pytest.skip("the model's checklists have no profile-specific items")
    profiles = {"branch-combined": ("党支部", "一肩挑"), "committee-separate": ("党委", "分设")}
    for school, (org_type, mode) in profiles.items():
        for checklist, item in items:
            applies = item["applies_to"]
            fits = org_type in applies.get("org_types", [org_type]) and mode in applies.get("modes", [mode])
            page = read(sites[school], f"checklists/{checklist}")
            assert (f'data-item="{item["id"]}"' in page) == fits, (school, item["id"])


def test_model_change_since_the_overlay_is_flagged(tmp_path):
    project = adopt(tmp_path, "committee-separate")
    model_file = project / "data" / "model.yml"
    model = model_file.read_text(encoding="utf-8")
    model = model.replace("version: 1.2.0\n", "version: 1.3.0\n", 1)
    model = model.replace(
        "changelog:\n",
        "changelog:\n  - version: 1.3.0\n    date: 2027-03-01\n    changes:\n"
        "      - {entry: party-meeting-frequency, change: modified, note: 依据新文件调整频次表述}\n",
    )
    model_file.write_text(model, encoding="utf-8")
    charter = load_charter(project)
    warnings = [w for w in charter.warnings if w.severity == "warning"]
    assert len(warnings) == 1
    assert warnings[0].file == "data/local/adjust.yml" and "1.3.0" in warnings[0].format()
    flagged = [d for d in charter.departures if d.flag]
    assert [d.id for d in flagged] == ["party-meeting-frequency"]
    result = mkdocs_build_here(project, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    [warning] = result.warnings
    assert "data/local/adjust.yml" in warning and "party-meeting-frequency" in warning and "1.3.0" in warning
    assert "请复核" in read(project / "site", "local")


GUIDE_BLOCK = re.compile(r"<!-- guide-test: (\w+)(?: (\S+))? -->\n```\w*\n(.*?)```", re.S)


def test_guide_commands_work_as_written(tmp_path):
    project = copy_project(tmp_path / "fork")
    guide = (ROOT / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
    blocks = GUIDE_BLOCK.findall(guide)
    assert [kind for kind, _, _ in blocks].count("run") >= 3
    bindir = Path(sys.executable).parent
    for kind, argument, body in blocks:
        if kind == "setup":
            continue  # installs from the network; the test runs inside that environment already
        if kind == "file":
            (project / argument).parent.mkdir(parents=True, exist_ok=True)
            (project / argument).write_text(body, encoding="utf-8")
            continue
        for command in body.strip().splitlines():
            command = command.replace(".venv/bin/", f"{bindir}/")  # python, mkdocs, charter
            result = subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "东风路小学" in home
    assert "会议纪要公开" in (project / "site" / "rules" / "party-organization-meeting" / "index.html").read_text(encoding="utf-8")
    # the worked examples: a body of the school's own with its rule, and the school's 三重一大 list with amounts
    joint = text((project / "site" / "rules" / "joint-meeting" / "index.html").read_text(encoding="utf-8"))
    assert "每两周至少1次（周一）" in joint and "会前2天通知，会议材料随通知送达" in joint
    assert "东风路小学党政联席会议制度" in joint and "党支部书记" in joint
    document = text((project / "site" / "documents" / "joint-meeting-rules" / "index.html").read_text(encoding="utf-8"))
    assert "东风路小学党政联席会议议事规则" in document and "第一章" in document and "附则" in document
    matters = text((project / "site" / "matters" / "index.html").read_text(encoding="utf-8"))
    assert "预算外的各项支出" in matters and "单笔支出1万元以上；设备购置2万元以上；工程项目5万元以上" in matters
    assert "党政联席会议" in text((project / "site" / "local" / "index.html").read_text(encoding="utf-8"))


def test_init_without_a_model_file_says_what_to_do(project: Path):
    (project / "data" / "model.yml").unlink()
    result = run_charter("--project", str(project), "init", "--name", "测试学校", cwd=ROOT, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "data/model.yml" in result.stderr and "Traceback" not in result.stderr


def test_overlays_written_for_the_previous_model_still_apply(tmp_path):
    """Overlays are a public format: the example schools' overlays as written for 1.0.0 still apply to 1.1.0;
    the checker asks for a review of entries the model changed since, and says what to write then."""
    reviews = []
    for school in ("committee-separate", "branch-combined"):
        project = adopt(tmp_path, school)
        for path in [project / "data" / "school.yml", *(project / "data" / "local").glob("*.yml")]:
            path.write_text(path.read_text(encoding="utf-8").replace("model_version: 1.1.0", "model_version: 1.0.0"), encoding="utf-8")
        charter = load_charter(project)  # no error
        assert charter.departures, school
        for warning in charter.warnings:
            assert "1.1.0" in warning.format() and "model_version" in warning.hint, warning.format()
        reviews += charter.warnings
    assert reviews, "the model changed entries the example schools adapt: they are asked to review them"
