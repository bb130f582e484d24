"""Shared fixtures: the project root, copies of the project to break, and a site builder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

PROJECT_PARTS = ["data", "docs", "hooks", "schema", "mkdocs.yml"]


def copy_project(target: Path) -> Path:
    """A copy of the project (data, docs, hooks, schema, mkdocs.yml) to change freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def mkdocs_build(project: Path, site: Path | None = None, strict: bool = True) -> subprocess.CompletedProcess:
    site = site or project / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Run from elsewhere: the build must not depend on the working directory.
    return subprocess.run(command, capture_output=True, text=True, cwd=project.parent, env=env, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with --strict."""
    base = tmp_path_factory.mktemp("real")
    project = copy_project(base / "project")
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"
