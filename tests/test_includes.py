"""Shared snippets `{!name.md!}` in hand-written pages: expanded from `docs/_includes/` only, never in
pages made from data, and a missing or misplaced file is a located message, not a traceback."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from charter.includes import expand_includes
from conftest import ROOT, mkdocs_build_here

INCLUDES = ROOT / "docs" / "_includes"


def test_a_snippet_is_inserted(tmp_path: Path):
    (tmp_path / "notice.md").write_text("共用片段\n", encoding="utf-8")
    text, problems = expand_includes("# 页\n\n{!notice.md!}\n\n正文\n", tmp_path, "docs/page.md")
    assert problems == []
    assert text == "# 页\n\n共用片段\n\n正文\n"


@pytest.mark.parametrize("name", ["/etc/passwd", "/proc/self/environ", "../../mkdocs.yml", "../guide/index.md"])
def test_files_outside_the_includes_folder_cannot_be_named(name: str):
    text, problems = expand_includes(f"前文\n{{!{name}!}}\n", INCLUDES, "docs/page.md")
    assert "root:" not in text and "site_name" not in text and "PATH=" not in text
    assert [(p.file, p.line) for p in problems] == [("docs/page.md", 2)]
    assert "不在 docs/_includes/ 中" in problems[0].found


def test_a_fenced_code_block_shows_the_syntax():
    text, problems = expand_includes("```markdown\n{!model-notice.md!}\n```\n", INCLUDES, "docs/page.md")
    assert problems == [] and "{!model-notice.md!}" in text


def test_pages_made_from_data_are_never_expanded():
    import mkdocs_charter

    page = SimpleNamespace(file=SimpleNamespace(generated_by="hooks/mkdocs_charter.py", src_uri="index.md"))
    config = SimpleNamespace(docs_dir=str(ROOT / "docs"))
    markdown = "学校名称{!model-notice.md!}"
    assert mkdocs_charter.on_page_markdown(markdown, page, config, None) == markdown


def test_the_guide_shows_its_shared_notice(built_site: Path):
    notice = (INCLUDES / "model-notice.md").read_text(encoding="utf-8").splitlines()
    guide = (built_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition note"' in guide and notice[1].strip()[-12:] in guide
    assert "{!" not in guide


@pytest.mark.parametrize("line", ["{!missing.md!}", "{!/etc/passwd!}"])
def test_a_bad_include_stops_the_build_with_a_located_message(project: Path, line: str):
    guide = project / "docs" / "guide" / "index.md"
    text = guide.read_text(encoding="utf-8")
    at = text.splitlines().index("{!model-notice.md!}") + 1  # the line of the include, front matter counted
    guide.write_text(text.replace("{!model-notice.md!}", line), encoding="utf-8")
    result = mkdocs_build_here(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/guide/index.md:{at}:1" in output
    assert "Traceback" not in output and "root:x:0" not in output
    assert not (project / "site" / "index.html").exists()
