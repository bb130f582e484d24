"""Real builds of the site, in temporary folders, with --strict."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, files_under
from material_search import compact_search_index


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
    assert data["files"]["data/rules/party-organization-meeting.yml"]["quorum"]["threshold"] == {"op": "at_least", "fraction": "1/2"}


def test_search_index_is_segmented(built_site: Path):
    raw = (built_site / "search/search_index.json").read_bytes()
    assert "党组织".encode() in raw, "the index is written as plain UTF-8"
    assert re.search(rb"\\u[4-9][0-9a-f]{3}", raw) is None, "no Chinese character is escaped"
    index = json.loads(raw)
    assert index["config"]["lang"] == ["zh"]
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in texts, "jieba did not segment the index"
    words = set(re.split(index["config"]["separator"], texts))
    assert {"三重一大", "末位表态", "党组织会议"} <= words, "policy terms must stay whole words"


def test_compacting_the_index_keeps_every_word(tmp_path: Path):
    # As Material writes it: escaped Chinese, a word break between every pair of jieba's words.
    separator = "[\\s\\u200b\\-，。、；：（）“”]+"
    texts = ["<p>\u200b党组织\u200b会议\u200b，\u200b“\u200b三重一大\u200b”\u200b事项\u200b。</p> a-b", "\u200b末位表态\u200b \u200b"]
    docs = [{"location": f"p/#{n}", "title": f"第\u200b{n}\u200b节", "text": text} for n, text in enumerate(texts)]
    index = {"config": {"lang": ["zh"], "separator": separator}, "docs": docs}
    (tmp_path / "search").mkdir()
    path = tmp_path / "search" / "search_index.json"
    path.write_text(json.dumps(index), encoding="utf-8")
    before = path.stat().st_size
    saved = compact_search_index(tmp_path)
    assert saved == before - path.stat().st_size > before / 3
    compacted = json.loads(path.read_text(encoding="utf-8"))
    for old, new in zip(docs, compacted["docs"], strict=True):
        for field in ("title", "text"):
            assert re.split(separator, new[field]) == re.split(separator, old[field])
            assert new[field].replace("\u200b", "") == old[field].replace("\u200b", "")
    assert compacted["docs"][0]["text"].startswith("<p>\u200b党组织\u200b会议，“三重一大”事项。</p>")
    assert compact_search_index(tmp_path) == 0, "a second pass finds nothing more to cut"


def test_no_web_fonts_or_cdn(built_site: Path):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html, page
        assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html, page


def test_build_writes_nothing_into_docs(real_build):
    assert files_under(real_build.project / "docs") == real_build.docs_before, "generated pages must stay in memory, never in docs/"


def test_hand_written_headings_have_readable_anchors(built_site: Path):
    """The guide's headings are linked to (`guide/#overlays`); Chinese headings would otherwise get `_1`, `_2` …"""
    html = (built_site / "guide" / "index.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<h[2-4] id="([^"]+)"', html)
    assert {"fork", "profile", "check", "overlays", "updates", "publish", "self-assessment"} <= set(anchors)
    assert not [a for a in anchors if re.fullmatch(r"_\d+", a)], anchors
