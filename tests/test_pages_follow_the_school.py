"""Pages never contradict the school's own text: what a school adopts (its profile, its overlays in
`data/local/`) is what every page says — lists of titles read as lists, thresholds in words, counts
from the data, the school's own name, its changes as titles, routes and checklists that follow it.

Each test builds a copy of the data with the school's profile and a small overlay, in-process."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from charter import load_charter
from charter.render import Renderer
from conftest import ROOT

SCHOOLS = ROOT / "tests" / "schools"


def build(tmp_path: Path, school: str = "committee-separate", overlay: str = "", files: dict[str, str] | None = None) -> Renderer:
    """A copy of the data with the example school's profile and overlays, `overlay` as one more overlay
    file and `files` (path under data/ → text) written over the copy."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy2(SCHOOLS / school / "school.yml", data / "school.yml")
    shutil.copytree(SCHOOLS / school / "local", data / "local", dirs_exist_ok=True)
    if overlay:
        (data / "local" / "zz-test.yml").write_text("model_version: 1.1.0\n" + overlay, encoding="utf-8")
    for name, text in (files or {}).items():
        (data / name).write_text(text, encoding="utf-8")
    return Renderer(load_charter(ROOT, data))


def plain(markdown: str) -> str:
    """The text a reader sees: no links' targets, attributes or tags."""
    markdown = re.sub(r"\]\([^)]*\)|\{[:#][^}]*\}|<[^>]+>", "", markdown)
    return markdown.replace("[", "").replace("]", "")


RE_ROUTED_AGENDA = """
modify:
  - id: party-meeting-agenda
    reason: 本校议题由书记、校长和委员提出。
    set:
      proposed_by: [secretary, principal, party-committee-members]
"""


def test_lists_of_titles_are_joined_with_a_separator(tmp_path):
    renderer = build(tmp_path, overlay=RE_ROUTED_AGENDA)
    pages = renderer.pages()
    rule = plain(pages["rules/party-organization-meeting.md"])
    assert "| 议题 | 党委书记、校长、党委委员提出，党委书记确定" in rule
    assert "党委书记校长" not in rule
    assert "| 末位表态 | 党委书记、校长最后表态" in rule
    roles = pages["roles.md"]
    for line in roles.splitlines():
        if line.startswith("- **职责**："):
            assert "）[" not in line, line  # several duty lists: 党组织职责（n条）、…
