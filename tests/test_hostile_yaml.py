"""Hostile or unusual input: legal YAML that must work as written, limits that are stated in the
message instead of a crash, and `init` without anyone to answer its questions.

Files that must simply be refused with a located message are cases in tests/bad/; the cases here are
generated (too large for a case file), accepted, or need more than a failing load.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from charter import CharterError, load_charter, yamlfile
from charter.render import site_pages
from charter.yamlfile import read_yaml
from conftest import ROOT, run_charter

SOURCES_HEAD = "sources:\n"


def add_to(project: Path, name: str, text: str) -> None:
    path = project / "data" / name
    content = path.read_text(encoding="utf-8")
    assert content.count(SOURCES_HEAD) == 1
    path.write_text(content.replace(SOURCES_HEAD, SOURCES_HEAD + text), encoding="utf-8")


def errors(caught) -> list:
    return [p for p in caught.value.problems if p.severity == "error"]


# Merge keys (`<<: *defaults`) are standard YAML


MERGED = """\
  - &policy-defaults
    id: policy-merge-base
    title: 合并键示例（基础）
    kind: policy
    issuer: 合并键示例发文机关
    year: 2020
  - <<: *policy-defaults
    id: policy-merge-one
    title: 合并键示例一
  - &other-defaults {id: policy-merge-other, title: 合并键示例（其他）, kind: seed, issuer: 另一机关, year: 2021}
  - <<: [*policy-defaults, *other-defaults]
    id: policy-merge-two
    title: 合并键示例二
"""


def test_merge_keys_are_accepted_and_explicit_keys_win(project: Path):
    add_to(project, "sources.yml", MERGED)
    charter = load_charter(project)
    one, two = charter.by_id["policy-merge-one"], charter.by_id["policy-merge-two"]
    assert (one.title, one.issuer, one.year, one.kind) == ("合并键示例一", "合并键示例发文机关", 2020, "policy")
    # in `<<: [*a, *b]` the earlier mapping wins, as the YAML merge key specification says
    assert (two.title, two.issuer, two.year, two.kind) == ("合并键示例二", "合并键示例发文机关", 2020, "policy")
    page = site_pages(charter)["sources.md"]
    assert "合并键示例一" in page and "合并键示例二" in page and "合并键示例发文机关" in page


def test_true_duplicate_key_next_to_a_merge_key_is_still_an_error(project: Path):
    add_to(project, "sources.yml", MERGED.replace("    title: 合并键示例一\n", "    title: 合并键示例一\n    title: 又一个标题\n"))
    with pytest.raises(CharterError) as caught:
        load_charter(project)
    [problem] = [p for p in errors(caught) if p.file == "data/sources.yml"]
    assert "重复的键 `title`" in problem.found
    assert problem.line == 13


def test_merge_key_of_a_plain_value_is_refused_with_a_location():
    doc, problems = read_yaml(b"a:\n  <<: 3\n  b: 1\n", "data/x.yml")
    assert doc is None
    [problem] = problems
    assert (problem.line, problem.field) == (2, "a.<<")
    assert "合并键" in problem.found


# Size: a big honest file is fine; aliases, file size and text length are capped


def test_a_big_file_without_aliases_is_accepted(project: Path):
    entries = "".join(f"  - id: policy-bulk-{n}\n    title: 批量文件 {n}\n    kind: policy\n    year: 2020\n" for n in range(20_000))
    add_to(project, "sources.yml", entries)
    charter = load_charter(project)
    assert charter.by_id["policy-bulk-19999"].title == "批量文件 19999"


def test_aliases_are_counted_by_what_they_add():
    many = b"base: &b {x: 1, y: 2}\nlist:\n" + b"".join(b"  - *b\n" for _ in range(30_000))
    doc, problems = read_yaml(many, "data/x.yml")
    assert doc is None
    [problem] = problems
    assert "展开后超过" in problem.found and "100000" in problem.found


def test_a_file_over_the_size_limit_is_refused_before_parsing(monkeypatch):
    def parsing(*args, **kwargs):
        raise AssertionError("the size must be checked before parsing")

    monkeypatch.setattr(yamlfile.yaml, "compose", parsing)
    monkeypatch.setattr(yamlfile.yaml, "parse", parsing)
    raw = b"# padding\n" * 600_000  # 6 MB
    doc, problems = read_yaml(raw, "data/sections/huge.yml")
    assert doc is None
    [problem] = problems
    assert problem.file == "data/sections/huge.yml"
    assert "5.72 MB" in problem.found and "不超过 5 MB" in problem.expected


def test_a_huge_file_fails_the_load_with_a_message(project: Path):
    (project / "data" / "sections" / "huge.yml").write_bytes(b"# padding\n" * 600_000)
    with pytest.raises(CharterError) as caught:
        load_charter(project)
    assert [p.file for p in errors(caught)] == ["data/sections/huge.yml"]


def test_a_text_field_over_the_length_limit_is_refused(project: Path):
    school = project / "data" / "school.yml"
    long = "很" * 20_001
    school.write_text(school.read_text(encoding="utf-8").replace("short_name: 示范中学", f"short_name: {long}"), encoding="utf-8")
    with pytest.raises(CharterError) as caught:
        load_charter(project)
    [problem] = errors(caught)
    assert (problem.file, problem.line, problem.field) == ("data/school.yml", 4, "short_name")
    assert "20001" in problem.found and "20000" in problem.expected


def test_a_text_field_at_the_length_limit_is_accepted(project: Path):
    school = project / "data" / "school.yml"
    long = "很" * 20_000
    school.write_text(school.read_text(encoding="utf-8").replace("short_name: 示范中学", f"short_name: {long}"), encoding="utf-8")
    assert load_charter(project).school.short_name == long


# Numbers and nesting


def test_an_integer_too_long_to_convert_is_refused():
    doc, problems = read_yaml(b"a: 1\nb: 1" + b"0" * 5000 + b"\n", "data/x.yml")
    assert doc is None
    [problem] = problems
    assert (problem.line, problem.field) == (2, "b")
    assert "位" in problem.found


def test_deep_nesting_through_aliases_is_refused():
    lines = ["a0: &a0 [x]"] + [f"a{n}: &a{n} [[[[[[[[[[*a{n - 1}]]]]]]]]]]" for n in range(1, 200)]
    doc, problems = read_yaml("\n".join(lines).encode(), "data/x.yml")
    assert doc is None
    [problem] = problems
    assert "50 层" in problem.found and problem.line is not None


def test_nesting_up_to_the_limit_is_read():
    doc, problems = read_yaml(b"a: " + b"[" * 49 + b"]" * 49 + b"\n", "data/x.yml")
    assert problems == [] and doc is not None


# Patterns in the published schema files mean "the whole string" in editors too


def _patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern":
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_every_published_pattern_ends_the_string():
    patterns = {p for path in (ROOT / "schema").glob("*.json") for p in _patterns(json.loads(path.read_text(encoding="utf-8")))}
    assert patterns
    for pattern in patterns:
        assert pattern.startswith("^") and pattern.endswith(r"(?![\s\S])"), pattern
        assert not re.search(pattern, "x\n")


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_published_id_pattern_refuses_a_final_newline_in_javascript():
    schema = json.loads((ROOT / "schema" / "section.schema.json").read_text(encoding="utf-8"))
    pattern = schema["properties"]["id"]["pattern"]
    script = (
        f"const p = new RegExp({json.dumps(pattern)}, 'u');"
        "console.log(JSON.stringify([p.test('weekly'), p.test('weekly\\n'), p.test('weekly-2')]));"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout) == [True, False, True], result.stderr


# init with nobody to answer


def test_init_without_input_says_what_to_do(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    before = (project / "data" / "school.yml").read_bytes()
    result = run_charter("--project", str(project), "init", stdin=subprocess.DEVNULL, cwd=ROOT, timeout=60)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
    message = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(message) == 1, result.stderr
    assert "--name" in message[0]
    assert (project / "data" / "school.yml").read_bytes() == before
