"""Golden files: the generated Markdown of each kind of page, from a small fixed charter.

`tests/fixtures/mini/` is a small charter (a 党支部 school with 一肩挑); `tests/golden/` holds the
expected Markdown of every generated page. After an intended change to a template, run
`UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from charter import load_charter
from charter.render import site_pages

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
GOLDEN = Path(__file__).parent / "golden"
PAGES = site_pages(load_charter(FIXTURE))


def golden_name(src_uri: str) -> str:
    return src_uri.replace("/", "__")


@pytest.mark.parametrize("src_uri", sorted(PAGES))
def test_page_matches_golden(src_uri: str):
    path = GOLDEN / golden_name(src_uri)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(PAGES[src_uri], encoding="utf-8")
    assert path.exists(), f"no golden file for {src_uri}: run with UPDATE_GOLDEN=1"
    assert PAGES[src_uri] == path.read_text(encoding="utf-8")


def test_no_stale_golden_files():
    names = {golden_name(p) for p in PAGES}
    stale = [p.name for p in GOLDEN.glob("*.md") if p.name not in names]
    assert not stale, f"golden files without a page: {stale}"


def test_profile_drives_titles():
    """The fixture is a 党支部 school: titles read 党支部书记, and the 一肩挑 entry is numbered, 分设 is not."""
    leadership = PAGES["leadership.md"]
    assert "党支部书记" in PAGES["rules/party-organization-meeting.md"]
    assert "{#leadership-config-separate .charter-entry .not-applicable}" in leadership
    assert "### 第四条（一） 专职副书记 {#leadership-combined-deputy" in leadership
