"""Each file under tests/bad/ is one kind of mistake a school can make; each gets a located message.

A case file is the bad file itself. Its leading comments say where it goes (`target`), optional
edits of the real file instead (`replace: "old" => "new"`), and what the message must name
(`expect-file`, `expect-line`, `expect-field`, `expect-text`).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from charter import CharterError, load_charter
from charter.site import check_project
from conftest import mkdocs_build, mkdocs_build_here, run_charter

CASES = sorted((Path(__file__).parent / "bad").glob("*.yml"))
_HEADER = re.compile(r"^# ([a-z-]+(?:-\d)?): (.*)$")


def read_case(path: Path) -> tuple[dict[str, str], str]:
    text = path.read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    return header, text


def apply_case(project: Path, case: Path) -> dict[str, str]:
    header, text = read_case(case)
    target = project / header["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    replacements = [v for k, v in header.items() if k.startswith("replace")]
    if replacements:
        content = target.read_text(encoding="utf-8")
        for replacement in replacements:
            old, new = (part.strip()[1:-1].replace("\\n", "\n") for part in replacement.split("=>"))
            assert old in content, f"{case.name}: the text to replace is not in {header['target']}"
            content = content.replace(old, new)
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(text.encode(header.get("encoding", "utf-8")))
    return header


def expected_problem(header: dict[str, str], problems) -> None:
    file = header.get("expect-file", header["target"])
    found = [p for p in problems if p.file == file and p.severity == "error"]
    assert found, f"no problem reported in {file}: {[p.format() for p in problems]}"
    texts = [v for k, v in header.items() if k.startswith("expect-text")]
    matching = [p for p in found if all(t in p.format() for t in texts)]
    if "expect-field" in header:
        matching = [p for p in matching if p.field == header["expect-field"]] or matching
    assert matching, f"no message in {file} mentions {texts}: {[p.format() for p in found]}"
    problem = matching[0]
    if "expect-line" in header:
        assert problem.line == int(header["expect-line"]), problem.format()
    if "expect-field" in header:
        assert problem.field == header["expect-field"], problem.format()
    else:
        assert problem.line is not None or "expect-line" not in header


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_check_names_file_line_and_field(project: Path, case: Path):
    header = apply_case(project, case)
    with pytest.raises(CharterError) as caught:
        check_project(project)
    expected_problem(header, caught.value.problems)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_the_build_stops_with_the_message(project: Path, case: Path):
    """Through the MkDocs adapter, in this process: every case stops the build with MkDocs' own error
    (PluginError: "Aborted with a BuildError", no traceback) naming the file."""
    from mkdocs.exceptions import PluginError

    import mkdocs_charter

    header = apply_case(project, case)
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), nav=None, plugins={})
    with pytest.raises(PluginError) as caught:
        mkdocs_charter.on_config(config)
    assert header.get("expect-file", header["target"]) in str(caught.value)


# One real build per stage of the checks (YAML, schema, files under data/, overlays, floors, pages).
BUILT = ["tab-indent", "unknown-key", "local-suffix-txt", "overlay-unknown-id", "below-floor", "page-section-id-glossary"]


@pytest.mark.parametrize("name", BUILT)
def test_build_fails_cleanly(project: Path, name: str):
    """In this process, as `mkdocs build` would; the first case also as the command itself, for what the
    reader of its output sees."""
    header = apply_case(project, Path(__file__).parent / "bad" / f"{name}.yml")
    result = mkdocs_build(project) if name == BUILT[0] else mkdocs_build_here(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output and "Aborted with a BuildError" in output
    assert header.get("expect-file", header["target"]) in output
    assert not (project / "site" / "index.html").exists(), "a failed check must not leave a partial site"


def test_all_problems_reported_at_once(project: Path):
    for name in ("unknown-key.yml", "dangling-ref.yml"):
        apply_case(project, Path(__file__).parent / "bad" / name)
    with pytest.raises(CharterError) as caught:
        load_charter(project)
    files = {p.file for p in caught.value.problems}
    assert {"data/school.yml", "data/duties/extra.yml"} <= files


def test_check_command_exit_code(project: Path):
    ok = run_charter("--project", str(project), "check", cwd=project)
    assert ok.returncode == 0, ok.stderr
    assert "数据检查通过" in ok.stdout
    apply_case(project, Path(__file__).parent / "bad" / "unknown-key.yml")
    bad = run_charter("--project", str(project), "check", cwd=project)
    assert bad.returncode == 1
    assert "data/school.yml:7:1" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_are_accepted(project: Path, variant: str):
    for path in (project / "data").rglob("*.yml"):
        raw = path.read_bytes()
        if "crlf" in variant:
            raw = raw.replace(b"\n", b"\r\n")
        if "bom" in variant:
            raw = b"\xef\xbb\xbf" + raw
        path.write_bytes(raw)
    charter = load_charter(project)
    assert charter.school.name


def test_bom_and_crlf_build(project: Path):
    for path in (project / "data").rglob("*.yml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = mkdocs_build_here(project)
    assert result.returncode == 0, result.stdout + result.stderr
