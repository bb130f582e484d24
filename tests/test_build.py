"""Real builds of the site, in temporary folders, with --strict."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, mkdocs_build


def test_site_builds_strict(built_site: Path):
    for page in [
        "index.html",
        "leadership/index.html",
        "rules/party-organization-meeting/index.html",
        "charter/index.html",
        "charter.json",
    ]:
        assert (built_site / page).exists(), page


def test_home_page_comes_from_data(built_site: Path):
    import yaml

    school = yaml.safe_load((ROOT / "data/school.yml").read_text(encoding="utf-8"))
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert school["name"] in home
    assert school["org_type"] in home
    assert "领导体制" in home and "议事规则" in home
    assert 'lang="zh' in home


def test_charter_json_is_the_checked_data(built_site: Path):
    data = json.loads((built_site / "charter.json").read_text(encoding="utf-8"))
    assert data["format"] == "school-charter"
    assert "data/school.yml" in data["files"]
    assert data["files"]["data/rules/party-organization-meeting.yml"]["quorum"]["threshold"] == {"op": "more_than", "fraction": "1/2"}


def test_search_index_is_segmented(built_site: Path):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in texts, "jieba did not segment the index"
    assert "\u200b三重一大\u200b" in texts, "policy terms must stay whole words"


def test_no_web_fonts_or_cdn(built_site: Path):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html, page
        assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html, page


def test_build_writes_nothing_into_docs(project: Path):
    def snapshot() -> dict[str, bytes]:
        return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "docs").rglob("*")) if p.is_file()}

    before = snapshot()
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert snapshot() == before, "generated pages must stay in memory, never in docs/"
