"""Shared fixtures: the project root, copies of the project to break, and a site builder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The core's one import name is `charter`: `pip install -e .` (in requirements.txt) puts hooks/ on the
# path; this finds it also without that install.
sys.path.insert(0, str(ROOT / "hooks"))

PROJECT_PARTS = ["data", "docs", "hooks", "schema", "mkdocs.yml"]


def copy_project(target: Path) -> Path:
    """A copy of the project (data, docs, hooks, schema, mkdocs.yml) to change freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / part)
    return target


def run_charter(*args: str, cwd: Path, **options) -> subprocess.CompletedProcess:
    """`python -m charter ARGS` in a new process (which finds the core also without the editable install)."""
    path = os.pathsep.join(p for p in (str(ROOT / "hooks"), os.environ.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "charter", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        **{"timeout": 300, **options},
    )


def mkdocs_build(project: Path, site: Path | None = None, strict: bool = True, quiet: bool = True) -> subprocess.CompletedProcess:
    site = site or project / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if quiet:
        command.append("-q")
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Run from elsewhere: the build must not depend on the working directory.
    return subprocess.run(command, capture_output=True, text=True, cwd=project.parent, env=env, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def set_site_url(project: Path, url: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        "\n".join(f"site_url: {url}" if line.startswith("site_url:") else line for line in text.splitlines()) + "\n", encoding="utf-8"
    )


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> Path:
    """The real site, built once per test session with --strict, for the local test server's address
    (Material's instant navigation only follows links under `site_url`)."""
    base = tmp_path_factory.mktemp("real")
    project = copy_project(base / "project")
    set_site_url(project, f"http://127.0.0.1:{site_port}/")
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


# Browser tests: Playwright driving Debian's Chromium (no browser download).

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CHARTER_REQUIRE_BROWSER"):
            pytest.fail("CHARTER_REQUIRE_BROWSER is set but Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve(directory: Path, port: int = 0):
    """Serve a built site on a local port (a free one by default); returns (base URL, server)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def build_and_serve(project: Path):
    """Build a project for a free local port and serve it there; returns (base URL, server)."""
    port = free_port()
    set_site_url(project, f"http://127.0.0.1:{port}/")
    result = mkdocs_build(project)
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    return serve(project / "site", port)


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int):
    url, server = serve(built_site, site_port)
    yield url
    server.shutdown()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records JavaScript errors and every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: page.requests.append(request.url))
    page.base = site_url
    yield page
    context.close()
