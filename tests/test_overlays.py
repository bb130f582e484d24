"""A school's overlays (`data/local/*.yml`) and the files under `data/`: nothing is silently skipped,
changes that contradict each other are reported with both places, and the order of files and of
modify / add / remove does not matter.

What is read under `data/`:

- every file whose suffix is `.yml` or `.yaml` in any case (`本校.YML`, `x.Yaml`) is a data file;
- hidden files and folders (name starting with `.`: `.gitkeep`, `.DS_Store`, `.git`), `README*` files
  (`README.md`, `readme.txt`) and the files Windows and macOS put into folders (`Thumbs.db`,
  `desktop.ini`, `Icon\\r`) are left alone;
- any other file is an error that names it and says how to rename it (`本校.yml.txt` → `本校.yml`,
  `x.json` → `x.yml`) or to move it out of `data/` (backups such as `x.yml.bak`, `x.yml~`);
- the fixed files (`data/school.yml`, `data/model.yml` …) must have exactly that name: `school.YAML` is
  an error asking to rename it;
- a file or folder that cannot be read (no permission, a broken link, a link loop) is an error that
  names it and says what to do, never a traceback and never a silent skip.

The tests run as root, where `chmod 000` does not stop reading: unreadable paths are simulated by making
`os.scandir` or `Path.read_bytes` raise for one path, and by real broken links.
"""

from __future__ import annotations

import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from charter import CharterError, load_charter
from conftest import mkdocs_build, mkdocs_build_here, run_charter

HEADER = "# yaml-language-server: $schema=../../schema/overlay.schema.json\nmodel_version: 1.0.0\n"


def overlay(project: Path, name: str, body: str) -> str:
    """Write `data/local/<name>` (the header plus `body`); return its text."""
    path = project / "data" / "local" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + textwrap.dedent(body).lstrip("\n")
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based number of the `nth` line of `text` that contains `needle`."""
    found = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(found) >= nth, f"{needle!r} is not in the text {nth} times"
    return found[nth - 1]


def problems_of(project: Path) -> list:
    with pytest.raises(CharterError) as caught:
        load_charter(project)
    return [p for p in caught.value.problems if p.severity == "error"]


def one_problem(project: Path, file: str, *texts: str):
    """The error reported in `file` whose message mentions every text."""
    errors = problems_of(project)
    matching = [p for p in errors if p.file == file and all(t in p.format() for t in texts)]
    assert matching, f"no error in {file} mentions {texts}: " + "\n\n".join(p.format() for p in errors)
    return matching[0]


def check_command(project: Path) -> subprocess.CompletedProcess:
    return run_charter("--project", str(project), "check", cwd=project)


def clause_ids(charter, rule_id: str = "party-meeting-rules") -> list[str]:
    rule = next(r for r in charter.rules if r.id == rule_id)
    return [clause.id for clause in rule.clauses]


def modify_frequency(times: int, reason: str = "本校每月召开两次") -> str:
    return f"""
    modify:
      - id: party-meeting-frequency
        reason: {reason}
        set:
          times: {times}
    """


def add_clause(new_id: str, anchor: str, where: str = "after", title: str = "本校条款") -> str:
    return f"""
      - {where}: {anchor}
        reason: 本校新增 {new_id}
        entry:
          id: {new_id}
          title: {title}
          text: 本校的补充规定（{new_id}）。
          sources: [seed-001]
    """


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    """A cache of its own, so that a site built by another test is not taken for this one."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHARTER_CACHE", str(folder))
    return folder


# 1. Nothing under data/ is silently skipped


@pytest.mark.parametrize("name", ["本校.YML", "本校.YAML", "本校.yaml", "本校.Yml"])
def test_overlay_suffix_in_any_case_is_read(project: Path, name: str):
    text = overlay(project, name, modify_frequency(2))
    charter = load_charter(project)
    assert [(d.kind, d.id, d.file, d.line) for d in charter.departures] == [
        ("modified", "party-meeting-frequency", f"data/local/{name}", line_of(text, "- id:"))
    ]
    assert charter.by_id["party-meeting-frequency"].times == 2


def test_folder_file_suffix_in_any_case_is_read(project: Path):
    rules = project / "data" / "rules"
    (rules / "principal-office-meeting.yml").rename(rules / "principal-office-meeting.YAML")
    charter = load_charter(project)
    assert len(charter.rules) == 2
    assert "data/rules/principal-office-meeting.YAML" in charter.raw


@pytest.mark.parametrize(
    ("name", "rename"),
    [
        ("local/本校.yml.txt", "本校.yml"),
        ("local/本校.yaml.txt", "本校.yaml"),
        ("local/adjust.json", "adjust.yml"),
        ("local/本校", "本校.yml"),
        ("local/本校.txt", "本校.yml"),
        ("local/本校.yml.bak", "移出"),
        ("local/本校.YML.orig", "移出"),
        ("local/本校.yml~", "移出"),
        ("sections/extra.yml.txt", "extra.yml"),
        ("assessments/2026.json", "2026.yml"),
    ],
)
def test_misnamed_file_is_an_error_naming_it(project: Path, name: str, rename: str):
    target = project / "data" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(HEADER + textwrap.dedent(modify_frequency(2)).lstrip("\n"), encoding="utf-8")
    problem = one_problem(project, f"data/{name}")
    assert rename in problem.hint, problem.format()


@pytest.mark.parametrize(("fixed", "name"), [("school.yml", "school.YAML"), ("floors.yml", "floors.yaml")])
def test_fixed_file_with_another_suffix_asks_for_its_name(project: Path, fixed: str, name: str):
    (project / "data" / fixed).rename(project / "data" / name)
    problem = one_problem(project, f"data/{name}", fixed)
    assert f"改名为 `{fixed}`" in problem.hint
    assert not [p for p in problems_of(project) if p.file == f"data/{fixed}"], "one problem, at the file that is there"


def test_hidden_readme_and_system_files_are_left_alone(project: Path):
    for name in ("local/.gitkeep", "local/.DS_Store", "local/README.md", "README.md", "Thumbs.db", "sections/desktop.ini", ".git/config"):
        (project / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "data" / name).write_text("x: [", encoding="utf-8")
    overlay(project, "本校.yml", modify_frequency(2))
    charter = load_charter(project)
    assert len(charter.departures) == 1


def test_misnamed_file_fails_the_check_command(project: Path):
    overlay(project, "本校.yml.txt", modify_frequency(2))
    result = check_command(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/local/本校.yml.txt" in result.stderr and "本校.yml" in result.stderr
    assert "Traceback" not in result.stderr


def test_misnamed_file_fails_the_build(project: Path, cache_dir: Path):
    overlay(project, "本校.YAML.txt", modify_frequency(2))
    result = mkdocs_build_here(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output and "data/local/本校.YAML.txt" in output
    assert not (project / "site" / "index.html").exists()


@pytest.mark.parametrize("name", ["本校.YML", "本校.yml.txt"])
def test_a_new_file_under_data_invalidates_the_cached_site(project: Path, cache_dir: Path, name: str):
    assert mkdocs_build(project).returncode == 0
    overlay(project, name, modify_frequency(2, reason="缓存测试的本校理由"))
    result = mkdocs_build(project)
    if name.endswith(".txt"):
        assert result.returncode != 0
    else:
        assert "缓存测试的本校理由" in (project / "site" / "local" / "index.html").read_text(encoding="utf-8")


def _raise_for(target: Path, original):
    def patched(path, *args, **kwargs):
        if Path(path).resolve() == target.resolve():
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, *args, **kwargs)

    return patched


def test_unreadable_folder_is_reported(project: Path, monkeypatch):
    overlay(project, "本校.yml", modify_frequency(2))
    monkeypatch.setattr(os, "scandir", _raise_for(project / "data" / "local", os.scandir))
    problem = one_problem(project, "data/local", "无法读取")
    assert "权限" in problem.format()


def test_unreadable_file_is_reported(project: Path, monkeypatch):
    overlay(project, "本校.yml", modify_frequency(2))
    monkeypatch.setattr(Path, "read_bytes", _raise_for(project / "data" / "local" / "本校.yml", Path.read_bytes))
    problem = one_problem(project, "data/local/本校.yml", "无法读取")
    assert "权限" in problem.format()


@pytest.mark.parametrize("what", ["folder", "file"])
def test_unreadable_path_fails_the_check_command(project: Path, monkeypatch, capsys, what: str):
    from charter.__main__ import main

    overlay(project, "本校.yml", modify_frequency(2))
    if what == "folder":
        shown = "data/local"
        monkeypatch.setattr(os, "scandir", _raise_for(project / shown, os.scandir))
    else:
        shown = "data/local/本校.yml"
        monkeypatch.setattr(Path, "read_bytes", _raise_for(project / shown, Path.read_bytes))
    assert main(["--project", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert shown in err and "无法读取" in err and "Traceback" not in err


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need extra rights on Windows")
def test_broken_link_is_reported_by_the_check_command(project: Path):
    (project / "data" / "local").mkdir()
    (project / "data" / "local" / "本校.yml").symlink_to("missing.yml")
    result = check_command(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/local/本校.yml" in result.stderr and "无法读取" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need extra rights on Windows")
def test_looping_folder_link_is_reported(project: Path):
    (project / "data" / "local").symlink_to("local")  # points at itself
    result = check_command(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/local" in result.stderr and "无法读取" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need extra rights on Windows")
def test_broken_link_after_a_cached_build_fails_the_build(project: Path, cache_dir: Path):
    assert mkdocs_build(project).returncode == 0
    (project / "data" / "local").mkdir()
    (project / "data" / "local" / "本校.yml").symlink_to("missing.yml")
    result = mkdocs_build(project, project / "site2")
    assert result.returncode != 0 and "data/local/本校.yml" in result.stdout + result.stderr


def test_unreadable_folder_after_a_cached_build_is_reported(project: Path, cache_dir: Path, monkeypatch):
    from charter.site import site_build

    site_build(project)  # the model alone, cached
    overlay(project, "本校.yml", modify_frequency(2))
    monkeypatch.setattr(os, "scandir", _raise_for(project / "data" / "local", os.scandir))
    with pytest.raises(CharterError):
        site_build(project)


# 2. Changes that contradict each other


def test_two_overlays_setting_the_same_field_conflict(project: Path):
    first = overlay(project, "a.yml", modify_frequency(2))
    second = overlay(project, "b.yml", modify_frequency(3))
    problem = one_problem(project, "data/local/b.yml", f"data/local/a.yml 第 {line_of(first, 'times:')} 行", "同一字段")
    assert problem.line == line_of(second, "times:")
    assert "times" in problem.field


def test_two_overlays_setting_different_fields_both_apply(project: Path):
    overlay(project, "a.yml", modify_frequency(2))
    overlay(
        project,
        "b.yml",
        """
        modify:
          - id: party-meeting-frequency
            reason: 本校改写表述
            set:
              text: 原则上每月召开 2 次。
        """,
    )
    charter = load_charter(project)
    assert [(d.file, d.fields) for d in charter.departures] == [("data/local/a.yml", ["times"]), ("data/local/b.yml", ["text"])]
    assert charter.by_id["party-meeting-frequency"].times == 2


def test_same_field_twice_in_one_overlay_conflicts(project: Path):
    text = overlay(
        project,
        "本校.yml",
        """
        modify:
          - id: party-meeting-frequency
            reason: 每月两次
            set:
              times: 2
          - id: party-meeting-frequency
            reason: 每月三次
            set:
              times: 3
        """,
    )
    problem = one_problem(project, "data/local/本校.yml", f"第 {line_of(text, 'times: 2')} 行", "同一字段")
    assert problem.line == line_of(text, "times: 3")


REMOVE_YOUTH = """
remove:
  - id: party-meeting-attendees-youth
    reason: 本校未设团委
"""


def test_two_overlays_removing_the_same_id_conflict(project: Path):
    first = overlay(project, "a.yml", REMOVE_YOUTH)
    second = overlay(project, "b.yml", REMOVE_YOUTH)
    problem = one_problem(project, "data/local/b.yml", f"data/local/a.yml 第 {line_of(first, '- id:')} 行", "party-meeting-attendees-youth")
    assert problem.line == line_of(second, "- id:")


@pytest.mark.parametrize("order", ["modify-first", "remove-first"])
def test_modifying_a_removed_id_conflicts(project: Path, order: str):
    modify = """
    modify:
      - id: party-meeting-attendees-youth
        reason: 改写
        set:
          text: 本校团委书记列席。
    """
    first, second = (modify, REMOVE_YOUTH) if order == "modify-first" else (REMOVE_YOUTH, modify)
    first_text = overlay(project, "a.yml", first)
    second_text = overlay(project, "b.yml", second)
    problem = one_problem(project, "data/local/b.yml", f"data/local/a.yml 第 {line_of(first_text, '- id:')} 行")
    assert problem.line == line_of(second_text, "- id:")
    assert "删除" in problem.found and "修改" in problem.found


def test_two_overlays_adding_the_same_new_id_conflict(project: Path):
    first = overlay(project, "a.yml", "add:" + add_clause("minutes-public", "party-meeting-execution"))
    second = overlay(project, "b.yml", "add:" + add_clause("minutes-public", "party-meeting-scope", "before"))
    problem = one_problem(project, "data/local/b.yml", f"data/local/a.yml 第 {line_of(first, 'id: minutes-public')} 行", "minutes-public")
    assert problem.line == line_of(second, "id: minutes-public")
    assert len([p for p in problems_of(project) if "minutes-public" in p.found]) == 1, "one problem, not an id error besides"


def test_removing_an_added_entry_conflicts(project: Path):
    first = overlay(project, "a.yml", "add:" + add_clause("minutes-public", "party-meeting-execution"))
    second = overlay(project, "b.yml", "remove:\n  - id: minutes-public\n    reason: 不要了\n")
    problem = one_problem(project, "data/local/b.yml", f"data/local/a.yml 第 {line_of(first, '- after:')} 行", "新增")
    assert problem.line == line_of(second, "- id:")


# 3. The order of files and of modify / add / remove does not matter


@pytest.mark.parametrize(("adder", "modifier"), [("a.yml", "b.yml"), ("b.yml", "a.yml")])
def test_modify_an_entry_another_overlay_adds(project: Path, adder: str, modifier: str):
    added = overlay(project, adder, "add:" + add_clause("minutes-public", "party-meeting-execution"))
    modified = overlay(
        project,
        modifier,
        """
        modify:
          - id: minutes-public
            reason: 改为三个工作日
            set:
              text: 会后 3 个工作日内公开。
        """,
    )
    charter = load_charter(project)
    assert charter.by_id["minutes-public"].text == "会后 3 个工作日内公开。"
    rows = sorted((d.file, d.kind, d.id, d.line) for d in charter.departures)
    assert rows == sorted(
        [
            (f"data/local/{adder}", "added", "minutes-public", line_of(added, "- after:")),
            (f"data/local/{modifier}", "modified", "minutes-public", line_of(modified, "- id:")),
        ]
    )
    change = next(d for d in charter.departures if d.kind == "modified")
    assert change.model["text"] == "本校的补充规定（minutes-public）。" and change.school["text"] == "会后 3 个工作日内公开。"
    assert change.added_at == f"data/local/{adder} 第 {line_of(added, '- after:')} 行"
    assert next(d for d in charter.departures if d.kind == "added").school["text"] == "本校的补充规定（minutes-public）。"


def test_modify_an_entry_added_in_the_same_overlay(project: Path):
    body = "modify:\n  - id: minutes-public\n    reason: 改标题\n    set:\n      title: 纪要公开\nadd:"
    overlay(project, "本校.yml", body + add_clause("minutes-public", "party-meeting-execution"))
    charter = load_charter(project)
    assert charter.by_id["minutes-public"].title == "纪要公开"
    assert [d.kind for d in charter.departures] == ["modified", "added"]


@pytest.mark.parametrize(("first", "second"), [("a.yml", "b.yml"), ("b.yml", "a.yml")])
def test_add_next_to_an_entry_another_overlay_adds(project: Path, first: str, second: str):
    overlay(project, first, "add:" + add_clause("minutes-public", "party-meeting-execution"))
    overlay(
        project, second, "add:" + add_clause("minutes-archive", "minutes-public") + add_clause("minutes-draft", "minutes-public", "before")
    )
    ids = clause_ids(load_charter(project))
    assert ids[ids.index("party-meeting-execution") :] == ["party-meeting-execution", "minutes-draft", "minutes-public", "minutes-archive"]


def test_adds_in_one_overlay_in_any_order(project: Path):
    text = overlay(
        project,
        "本校.yml",
        "add:" + add_clause("minutes-archive", "minutes-public") + add_clause("minutes-public", "party-meeting-execution"),
    )
    charter = load_charter(project)
    ids = clause_ids(charter)
    assert ids[ids.index("party-meeting-execution") :] == ["party-meeting-execution", "minutes-public", "minutes-archive"]
    assert [(d.id, d.line) for d in charter.departures] == [
        ("minutes-archive", line_of(text, "- after:", 1)),
        ("minutes-public", line_of(text, "- after:", 2)),
    ], "departures in the order the school wrote them"


def test_adds_after_one_anchor_keep_the_written_order(project: Path):
    overlay(
        project,
        "本校.yml",
        "add:"
        + add_clause("minutes-public", "party-meeting-scope")
        + add_clause("minutes-archive", "party-meeting-scope")
        + add_clause("minutes-draft", "party-meeting-preparation", "before")
        + add_clause("minutes-check", "party-meeting-preparation", "before"),
    )
    ids = clause_ids(load_charter(project))
    start = ids.index("party-meeting-scope")
    assert ids[start : start + 6] == [
        "party-meeting-scope",
        "minutes-public",
        "minutes-archive",
        "minutes-draft",
        "minutes-check",
        "party-meeting-preparation",
    ]


def test_add_cycle_is_reported(project: Path):
    first = overlay(project, "a.yml", "add:" + add_clause("minutes-public", "minutes-archive"))
    second = overlay(project, "b.yml", "add:" + add_clause("minutes-archive", "minutes-public"))
    errors = problems_of(project)
    assert {(p.file, p.line) for p in errors} == {
        ("data/local/a.yml", line_of(first, "- after:")),
        ("data/local/b.yml", line_of(second, "- after:")),
    }
    assert all("循环" in p.found for p in errors), [p.format() for p in errors]
    assert f"data/local/b.yml 第 {line_of(second, '- after:')} 行" in errors[0].format() + errors[1].format()


def test_add_anchor_that_nowhere_exists(project: Path):
    text = overlay(project, "本校.yml", "add:" + add_clause("minutes-public", "party-meeting-executon"))
    problem = one_problem(project, "data/local/本校.yml", "party-meeting-executon", "party-meeting-execution")
    assert problem.line == line_of(text, "- after:")


def test_add_next_to_a_failed_add_reports_only_the_cause(project: Path):
    text = overlay(
        project,
        "本校.yml",
        "add:"
        + add_clause("minutes-public", "party-meeting-execution").replace("title: 本校条款", "titel: 本校条款")
        # the second add is fine; its anchor failed
        + add_clause("minutes-archive", "minutes-public"),
    )
    errors = problems_of(project)
    assert errors and all(p.file == "data/local/本校.yml" and p.line <= line_of(text, "sources:") for p in errors), [
        p.format() for p in errors
    ]
    assert any("titel" in p.found for p in errors)


def test_removed_entry_referenced_by_an_added_entry_is_reported_there(project: Path):
    removal = overlay(project, "a.yml", REMOVE_YOUTH)
    text = overlay(
        project,
        "b.yml",
        "add:" + add_clause("minutes-public", "party-meeting-execution").replace("本校的补充规定", "见[[party-meeting-attendees-youth]]"),
    )
    problem = one_problem(project, "data/local/a.yml", "仍被引用", f"data/local/b.yml 第 {line_of(text, 'text:')} 行")
    assert problem.line == line_of(removal, "- id:")


MIXED_A = """
modify:
  - id: office-meeting-frequency
    reason: 隔周召开
    set:
      times: 2
add:
"""

MIXED_B = """
remove:
  - id: party-meeting-attendees-youth
    reason: 本校未设团委
modify:
  - id: minutes-public
    reason: 改为三个工作日
    set:
      text: 会后 3 个工作日内公开。
add:
"""

MIXED_A_ADDS = add_clause("minutes-archive", "minutes-public") + add_clause("minutes-public", "party-meeting-execution")


def test_departures_one_per_change_with_file_and_line(project: Path):
    a = overlay(
        project,
        "a.yml",
        MIXED_A + MIXED_A_ADDS,
    )
    b = overlay(project, "b.yml", MIXED_B + add_clause("minutes-draft", "minutes-public", "before"))
    charter = load_charter(project)
    assert [(d.kind, d.id, d.file, d.line) for d in charter.departures] == [
        ("modified", "office-meeting-frequency", "data/local/a.yml", line_of(a, "- id: office")),
        ("added", "minutes-archive", "data/local/a.yml", line_of(a, "- after:", 1)),
        ("added", "minutes-public", "data/local/a.yml", line_of(a, "- after:", 2)),
        ("modified", "minutes-public", "data/local/b.yml", line_of(b, "- id: minutes-public")),
        ("added", "minutes-draft", "data/local/b.yml", line_of(b, "- before:")),
        ("removed", "party-meeting-attendees-youth", "data/local/b.yml", line_of(b, "- id: party")),
    ]


def test_local_page_lists_every_change(project: Path, cache_dir: Path):
    a = overlay(project, "a.yml", MIXED_A + MIXED_A_ADDS)
    b = overlay(
        project,
        "b.yml",
        MIXED_B.replace("minutes-public", "party-meeting-frequency") + add_clause("minutes-draft", "minutes-public", "before"),
    )
    result = mkdocs_build_here(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = re.sub(r"<[^>]+>", "", (project / "site" / "local" / "index.html").read_text(encoding="utf-8"))
    for file, text, needle in [
        ("a.yml", a, "- id: office"),
        ("a.yml", a, "- after: minutes-public"),
        ("a.yml", a, "- after: party-meeting-execution"),
        ("b.yml", b, "- id: party-meeting-frequency"),
        ("b.yml", b, "- before:"),
        ("b.yml", b, "- id: party-meeting-attendees"),
    ]:
        assert f"data/local/{file} 第{line_of(text, needle)}行" in page, (file, needle)
    assert "改为三个工作日" in page and "本校新增 minutes-draft" in page


def test_departures_of_one_entry_have_their_own_anchors(project: Path):
    overlay(project, "a.yml", MIXED_A + MIXED_A_ADDS)
    overlay(project, "b.yml", MIXED_B + add_clause("minutes-draft", "minutes-public", "before"))
    charter = load_charter(project)
    assert [d.anchor for d in charter.departures if d.id == "minutes-public"] == ["local-minutes-public", "local-minutes-public--2"]
    assert len({d.anchor for d in charter.departures}) == len(charter.departures)


def test_local_page_gives_two_changes_of_one_entry_two_anchors(project: Path, cache_dir: Path):
    overlay(project, "a.yml", MIXED_A + MIXED_A_ADDS)
    overlay(project, "b.yml", MIXED_B + add_clause("minutes-draft", "minutes-public", "before"))
    result = mkdocs_build_here(project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site" / "local" / "index.html").read_text(encoding="utf-8")
    assert html.count('id="local-minutes-public"') == 1 and html.count('id="local-minutes-public--2"') == 1
