"""One import name (`charter`) and one console command (`charter`), working on the project of the
current working directory."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import charter
from conftest import ROOT, run_charter


def charter_command() -> str:
    """The console command that `pip install -r requirements.txt` installs beside this Python."""
    found = Path(sys.executable).parent / ("charter.exe" if os.name == "nt" else "charter")
    if not found.exists():
        pytest.fail(f"{found} is missing: install the project with `pip install -r requirements.txt` (it has `-e .`)")
    return str(found)


def test_the_project_declares_the_command_and_installs_itself():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"charter": "charter.__main__:main"}
    assert project["tool"]["setuptools"]["package-dir"] == {"": "hooks"}
    assert project["tool"]["setuptools"]["packages"] == ["charter"]
    data = project["tool"]["setuptools"]["package-data"]["charter"]
    assert "templates/*.j2" in data and "jieba_small.txt" in data
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert "-e ." in lines
    assert not (ROOT / "hooks" / "__init__.py").exists()


def test_the_core_has_one_import_name():
    assert charter.__name__ == "charter"
    assert not [name for name in sys.modules if name == "hooks" or name.startswith("hooks.")]
    for command in (["-c", "import hooks.charter"], ["-m", "hooks.charter", "check"]):
        result = subprocess.run([sys.executable, *command], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert result.returncode != 0, command
        assert "imported as `charter`" in result.stderr or "No module named" in result.stderr, result.stderr


def test_the_command_checks_the_project_of_the_working_directory(project: Path):
    result = subprocess.run([charter_command(), "check"], capture_output=True, text=True, cwd=project / "data" / "sections", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "数据检查通过" in result.stdout


def test_python_m_charter_works_from_any_folder(project: Path, tmp_path: Path):
    result = run_charter("--project", str(project), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "数据检查通过" in result.stdout


def test_no_project_found_is_said_clearly(tmp_path: Path):
    (tmp_path / "data").mkdir()  # data/ alone (no mkdocs.yml) is not a project
    for command in ("check", "export"):
        result = run_charter(command, *(["out"] if command == "export" else []), cwd=tmp_path)
        assert result.returncode == 1
        assert "mkdocs.yml" in result.stderr and "--project" in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "out").exists()


def test_the_nearest_project_is_the_one_used(project: Path):
    from charter.__main__ import find_project

    assert find_project(project / "docs" / "guide") == project.resolve()
    inner = project / "docs" / "inner"
    (inner / "data").mkdir(parents=True)
    (inner / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert find_project(inner / "data") == inner.resolve()
