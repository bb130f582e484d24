"""`mkdocs serve` with broken data: the reader sees the located problems on the page (above the last
good site), and the next good save brings the site back without restarting the server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, condition, seconds: float = 90) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            text = _get(url)
            if condition(text):
                return text
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not reach the expected state; last page:\n{text[:2000]}")


def _serve(project: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}/school-charter/"


@pytest.fixture
def served(project: Path):
    server, url = _serve(project)
    try:
        yield project, url
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_broken_data_shows_on_the_page_and_recovers(served):
    project, url = served
    _wait_for(url, lambda text: "示范中学" in text)
    school = project / "data" / "school.yml"
    good = school.read_text(encoding="utf-8")
    school.write_text(good.replace("short_name:", "shortname:", 1), encoding="utf-8")
    page = _wait_for(url, lambda text: "charter-serve-problems" in text)
    assert "data/school.yml:" in page and "shortname" in page, "the located problem is on the page"
    assert "示范中学" in page, "the last good site stays readable under the notice"
    school.write_text(good.replace("示范中学", "恢复后的中学"), encoding="utf-8")
    page = _wait_for(url, lambda text: "恢复后的中学" in text)
    assert "charter-serve-problems" not in page


def test_data_broken_from_the_start_shows_an_error_page(project: Path):
    school = project / "data" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("short_name:", "shortname:", 1), encoding="utf-8")
    server, url = _serve(project)
    try:
        page = _wait_for(url, lambda text: "charter-serve-problems" in text)
        assert "data/school.yml:" in page and "shortname" in page
    finally:
        server.terminate()
        server.wait(timeout=20)
