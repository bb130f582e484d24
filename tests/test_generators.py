"""Other generators. ProperDocs (the maintained MkDocs 1.x fork, pinned in requirements-test.txt) builds
the project unchanged, hooks and Material included, into the same pages as MkDocs. (Zensical, tried
by hand on `charter export`, is described in the README.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def articles(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        found = ARTICLE.search(path.read_text(encoding="utf-8"))
        assert found, f"{path}: no article"
        out[path.relative_to(site).as_posix()] = found.group(1)
    return out


def properdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """`properdocs build --strict` with the project's own mkdocs.yml (named: ProperDocs looks for
    properdocs.yml first and only falls back to mkdocs.yml with a notice)."""
    command = [str(Path(sys.executable).parent / "properdocs"), "build", "--strict", "-q", "-f", "mkdocs.yml", "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, capture_output=True, text=True, cwd=project, env=env, timeout=300)


def test_properdocs_builds_the_project_unchanged(tmp_path: Path, real_build):
    """ProperDocs builds the session's real project (which MkDocs built into `real_build.site`)."""
    result = properdocs_build(real_build.project, tmp_path / "properdocs-site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    properdocs, mkdocs = articles(tmp_path / "properdocs-site"), articles(real_build.site)
    assert sorted(properdocs) == sorted(mkdocs) and len(mkdocs) > 20
    assert [page for page in mkdocs if mkdocs[page] != properdocs[page]] == [], "the same articles, glossary tooltips included"
    home = (tmp_path / "properdocs-site" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in home and "mkdocs-material" in home, "built by ProperDocs with Material"
    assert (tmp_path / "properdocs-site" / "charter.json").is_file()
    worker = next((tmp_path / "properdocs-site" / "assets" / "javascripts" / "workers").glob("search.*.js"))
    assert worker.read_bytes() == next((real_build.site / "assets" / "javascripts" / "workers").glob("search.*.js")).read_bytes(), (
        "the hook's search worker fix runs under ProperDocs too"
    )
