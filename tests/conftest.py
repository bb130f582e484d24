"""Shared fixtures: the project root, copies of the project to break, and a site builder."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The core's one import name is `charter`: `pip install -e .` (in requirements.txt) puts hooks/ on the
# path; this finds it also without that install.
sys.path.insert(0, str(ROOT / "hooks"))
# Imported here, from the project, before any in-process build: a build of a copied project would otherwise
# import the core from the copy's hooks/, which is deleted with the test's temporary folder.
import charter  # noqa: E402, F401

PROJECT_PARTS = ["data", "docs", "hooks", "schema", "mkdocs.yml"]


def _temporary_folders_in_memory() -> None:
    """Put pytest's temporary folders (`tmp_path`: project copies, built sites, caches) in /dev/shm where it is
    a memory file system with room to spare: some 200 tests copy the project (about 110 files) and many build
    a site, and on a virtual machine's disk each new file costs about a millisecond (a copy ~0.1 s), in
    memory some 0.05 ms. PYTEST_DEBUG_TEMPROOT is pytest's own setting for this root; one set already wins.
    The folders of tests that passed are removed at the end (tmp_path_retention_policy in pyproject.toml)."""
    shm = Path("/dev/shm")
    if "PYTEST_DEBUG_TEMPROOT" in os.environ or not shm.is_dir() or not os.access(shm, os.W_OK | os.X_OK):
        return
    try:
        info = os.statvfs(shm)
    except OSError:
        return
    if info.f_bavail * info.f_frsize >= 4 * 2**30:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(shm)


_temporary_folders_in_memory()

# Parallel runs (pytest-xdist, `-n` in pyproject.toml). Each worker is a process of its own: session
# fixtures (the real build, the browser) are made once per worker; temporary folders, ports (free_port)
# and caches (CHARTER_CACHE, set per test where it matters) are per worker or per test. The tests of
# these modules share a module fixture that builds a site, so they run on one worker, which builds it
# once. (xdist's own `xdist_group` mark cannot do this under pytest 9: it renames node ids through an
# attribute pytest 9 no longer has.)
ONE_WORKER = ("tests/test_adoption.py", "tests/test_export.py", "tests/test_hostile_site.py")


@pytest.hookimpl(optionalhook=True)  # an xdist hook
def pytest_xdist_make_scheduler(config, log):
    """`--dist load` (the default of `-n`), except that the tests of each ONE_WORKER module go to one worker."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduler(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER else nodeid

    return Scheduler(config, log)


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
    """`mkdocs build` as a command, in a new Python process: for tests about the command line, or about what
    a new process finds on disk (the cache, code changed on disk). Note that MkDocs' `-q` (quiet) also
    stops `--strict` from counting warnings; `mkdocs_build_here` counts them always."""
    site = site or project / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if quiet:
        command.append("-q")
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Run from elsewhere: the build must not depend on the working directory.
    return subprocess.run(command, capture_output=True, text=True, cwd=project.parent, env=env, timeout=300)


@dataclass
class Built:
    """What `mkdocs build` would have said: its exit status, its log (stderr) and its last word (stdout)."""

    returncode: int
    stderr: str
    warnings: list[str] = field(default_factory=list)  # every message logged at WARNING or above, in order
    stdout: str = ""


def mkdocs_build_here(project: Path, site: Path | None = None, strict: bool = True) -> Built:
    """`mkdocs build [--strict]` in this process, as MkDocs' own tests build (`load_config` + `build`, the
    `on_startup` / `on_shutdown` events of the command around it), without starting Python and importing
    MkDocs, Material and jieba again. The `mkdocs` logger's messages (WARNING and above) are the result's
    `stderr` and `warnings`; with `strict`, any warning fails the build, as `--strict` does.

    What one build leaves in this process is reset first: jieba's global tokenizer (a hook sets its
    dictionary and adds words; a build without the hook must find jieba as a new process does). The hook
    file is the project's own, but the modules it imports (`charter`, `material_search`, …) are the ones
    this process imported first: a test that changes code on disk uses `mkdocs_build`, and so do the
    tests of what a build leaves for the next one (the cache)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    site = site or project / "site"
    messages: list[logging.LogRecord] = []
    handler = _Collect(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    _fresh_jieba()
    here = os.getcwd()
    os.chdir(project.parent)  # the build must not depend on the working directory
    returncode, stdout, ending = 0, "", ""
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as error:  # the command prints the message (to stdout) and exits with 1
        returncode, stdout = 1, f"\n{error.format_message()}\n"
    except MkDocsException as error:  # click prints "Error: …" and exits with 1
        returncode, ending = 1, f"Error: {error.format_message()}"
    except Exception:  # the command would end with Python's traceback
        returncode, ending = 1, traceback.format_exc()
    finally:
        os.chdir(here)
        logger.removeHandler(handler)
        logger.setLevel(level)
    lines = [f"{record.levelname:<8}-  {record.getMessage()}" for record in messages]
    warnings = [record.getMessage() for record in messages]
    return Built(returncode, "".join(f"{line}\n" for line in [*lines, ending] if line), warnings, stdout)


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]):
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _fresh_jieba() -> None:
    try:
        import jieba
    except ImportError:
        return
    jieba.dt.__init__()  # as a new process has it: the default dictionary, no words added, not loaded yet


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def free_port() -> int:
    """A port free now (for a server in another process: another worker may be given it meanwhile)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_held_ports: dict[int, object] = {}


def held_port() -> int:
    """A free port kept bound, so that no one else (another test, another xdist worker) is given it, until
    `serve(…, port)` takes it: the site is built for its address before it is served there."""
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    _held_ports[port] = sock
    return port


def set_site_url(project: Path, url: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        "\n".join(f"site_url: {url}" if line.startswith("site_url:") else line for line in text.splitlines()) + "\n", encoding="utf-8"
    )


@pytest.fixture(scope="session")
def site_port() -> int:
    return held_port()


@dataclass
class RealBuild:
    project: Path  # a copy of the project, its site_url the local test server's
    site: Path
    docs_before: dict[str, bytes]  # docs/ as it was before the build


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def real_build(tmp_path_factory, site_port) -> RealBuild:
    """The real project, built once per test session (per worker under xdist) by the `mkdocs build --strict`
    command, for the local test server's address (Material's instant navigation only follows links under
    `site_url`). Not quiet: MkDocs' `-q` would stop `--strict` from counting warnings. Tests only read it."""
    base = tmp_path_factory.mktemp("real")
    project = copy_project(base / "project")
    set_site_url(project, f"http://127.0.0.1:{site_port}/")
    before = files_under(project / "docs")
    result = mkdocs_build(project, base / "site", quiet=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return RealBuild(project, base / "site", before)


@pytest.fixture(scope="session")
def built_site(real_build: RealBuild) -> Path:
    return real_build.site


# Browser tests: Playwright driving Debian's Chromium (no browser download).

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_path() -> str | None:
    """Debian's `chromium-headless-shell` where installed: the same Chromium (same version, same Blink and V8)
    built for headless use only, which is what Playwright itself runs headless; a new page costs it about a
    third of what it costs the full browser, so the browser tests take half the time. Otherwise Chromium."""
    return shutil.which("chromium-headless-shell") or chromium_path()


@pytest.fixture(scope="session")
def browser():
    path = browser_path()
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

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that stopped loading: not news
                super().handle_error(request, client_address)

    held = _held_ports.pop(port, None)
    if held is not None:
        held.close()
    server = Server(("127.0.0.1", port), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def build_and_serve(project: Path):
    """Build a project for a free local port and serve it there; returns (base URL, server)."""
    port = held_port()
    set_site_url(project, f"http://127.0.0.1:{port}/")
    result = mkdocs_build_here(project)
    if result.returncode:
        raise RuntimeError(result.stderr)
    return serve(project / "site", port)


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int):
    url, server = serve(built_site, site_port)
    yield url
    server.shutdown()


def watch(page, base: str):
    """Record on the page its JavaScript errors (`page.errors`) and every request it makes (`page.requests`)."""
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: page.requests.append(request.url))
    page.base = base
    return page


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records JavaScript errors and every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield watch(context.new_page(), site_url)
    context.close()
