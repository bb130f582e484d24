"""Nothing silently replaced: a hand-written page and a generated page at one address, or a data id
that makes such a page, stop the build naming both."""

from __future__ import annotations

from pathlib import Path

from conftest import mkdocs_build_here


def test_a_hand_written_page_cannot_take_a_generated_page_s_address(project: Path):
    (project / "docs" / "glossary.md").write_text("# 本校术语\n", encoding="utf-8")
    result = mkdocs_build_here(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/glossary.md" in output and "glossary.md" in output and "`glossary/`" in output
    assert "Traceback" not in output
    assert not (project / "site" / "index.html").exists()


def test_a_section_cannot_take_a_hand_written_page_s_address(project: Path):
    (project / "data" / "sections" / "guide.yml").write_text(
        "id: guide\ntitle: 本校指南\nparent: reference\norder: 2\nentries:\n  - id: local-guide-note\n    title: 说明\n    text: 本校说明。\n    sources: [seed-001]\n",
        encoding="utf-8",
    )
    result = mkdocs_build_here(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/guide/index.md" in output and "data/sections/guide.yml:1" in output
    assert "Traceback" not in output
