"""The build cache: an unchanged charter comes from the cache and builds the same site; any change to
the data is seen at once; errors and warnings are reported on every build; a damaged or missing
cache costs time, never correctness. It holds only the entries measured to pay (charter.cache):
the site, checked data files, compiled templates."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from conftest import mkdocs_build


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHARTER_CACHE", str(folder))
    return folder


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two built sites (sitemaps carry the build date and are left out)."""
    found = []
    compare = filecmp.dircmp(left, right)
    stack = [(compare, "")]
    while stack:
        node, prefix = stack.pop()
        found += [prefix + name for name in node.left_only + node.right_only]
        found += [prefix + name for name in node.diff_files if not name.startswith("sitemap")]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.same_files, shallow=False)
        found += [prefix + name for name in mismatch + errors if not name.startswith("sitemap")]
        stack += [(child, f"{prefix}{name}/") for name, child in node.subdirs.items()]
    return found


def test_cached_build_equals_a_cold_build(project: Path, cache_dir: Path):
    cold = mkdocs_build(project, project / "cold")
    assert cold.returncode == 0, cold.stdout + cold.stderr
    kinds = {path.name.split("-", 1)[0] for path in cache_dir.iterdir()}
    # Compiled templates are entries (`jinja-…`) only where Python writes no bytecode; else they are beside the templates.
    beside = list((project / "hooks" / "charter" / "templates" / "__pycache__").glob("*.jinja"))
    assert kinds == {"site", "checked"} | ({"jinja"} if not beside else set()), "one entry kind per cache that pays (bench/RESULTS.md)"
    warm = mkdocs_build(project, project / "warm")
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert differences(project / "cold", project / "warm") == []


def test_a_change_to_the_data_is_built(project: Path, cache_dir: Path):
    assert mkdocs_build(project).returncode == 0
    assert "缓存测试实验学校" not in (project / "site" / "index.html").read_text(encoding="utf-8")
    school = project / "data" / "school.yml"
    text = school.read_text(encoding="utf-8")
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("name:"))
    school.write_text(text.replace(name, "缓存测试实验学校", 1), encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    assert "缓存测试实验学校" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_a_changed_definition_reaches_every_page(project: Path, cache_dir: Path):
    # The site comes from the cache and the marks are made at every build: a new definition shows wherever the term does.
    assert mkdocs_build(project).returncode == 0
    rule = project / "site" / "rules" / "party-organization-meeting" / "index.html"
    old = "讨论决定事项时，其他成员先逐个发表意见，书记、校长最后表态。"
    assert old in rule.read_text(encoding="utf-8")
    glossary = project / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(old, "缓存测试释义：书记、校长最后表态。"), encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    html = rule.read_text(encoding="utf-8")
    assert "缓存测试释义" in html and old not in html


def test_errors_are_reported_on_every_build(project: Path, cache_dir: Path):
    assert mkdocs_build(project).returncode == 0
    school = project / "data" / "school.yml"
    good = school.read_text(encoding="utf-8")
    school.write_text(good.replace("short_name:", "shortname:", 1), encoding="utf-8")
    for _ in range(2):
        broken = mkdocs_build(project, project / "broken")
        assert broken.returncode != 0
        assert "data/school.yml" in broken.stderr and "shortname" in broken.stderr
        assert not (project / "broken").exists()
    school.write_text(good, encoding="utf-8")
    assert mkdocs_build(project).returncode == 0


def test_warnings_are_repeated_from_the_cache(project: Path, cache_dir: Path):
    # An overlay written for model 1.0.0 and a model 1.1.0 that changed the overlaid entry: a warning.
    (project / "data" / "local").mkdir()
    (project / "data" / "local" / "adjust.yml").write_text(
        "model_version: 1.0.0\nmodify:\n  - id: party-meeting-frequency\n    reason: 本校每月两次。\n"
        "    set:\n      times: 2\n      text: 原则上每月召开 2 次。\n",
        encoding="utf-8",
    )
    model = project / "data" / "model.yml"
    text = model.read_text(encoding="utf-8").replace("version: 1.0.0\n", "version: 1.1.0\n", 1)
    text = text.replace(
        "changelog:\n",
        "changelog:\n  - version: 1.1.0\n    date: 2027-03-01\n    changes:\n"
        "      - {entry: party-meeting-frequency, change: modified, note: 调整频次表述}\n",
    )
    model.write_text(text, encoding="utf-8")
    for _ in range(2):
        result = mkdocs_build(project, strict=False, quiet=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "data/local/adjust.yml" in result.stderr and "1.1.0" in result.stderr


def test_a_damaged_cache_is_ignored(project: Path, cache_dir: Path):
    assert mkdocs_build(project, project / "first").returncode == 0
    for path in cache_dir.rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x80not a pickle")
    second = mkdocs_build(project, project / "second")
    assert second.returncode == 0, second.stdout + second.stderr
    assert differences(project / "first", project / "second") == []


def test_an_unwritable_cache_is_no_obstacle(project: Path, tmp_path: Path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("CHARTER_CACHE", str(blocker / "cache"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "index.html").exists()
    assert os.path.isfile(blocker)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are a POSIX notion")
def test_a_cache_owned_by_someone_else_is_not_read(cache_dir: Path, monkeypatch):
    # On a shared machine another user could plant the cache folder; unpickling it would run their code.
    from charter import cache

    cache.save("probe", {"planted": True})
    assert cache.load("probe") == {"planted": True}
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_dir).st_uid + 1)
    assert cache.load("probe") is None


def test_a_change_to_the_code_is_built(project: Path, cache_dir: Path):
    # Every cached value is keyed by the core's code: a build after a change to it does not take the old site.
    assert mkdocs_build(project).returncode == 0
    site = project / "hooks" / "charter" / "site.py"
    changed = "\n\n_made = _build\n\n\ndef _build(project):\n    made = _made(project)\n"
    changed += '    made.pages["index.md"] += "\\n\\n代码改动标记\\n"\n    return made\n'
    site.write_text(site.read_text(encoding="utf-8") + changed, encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    assert "代码改动标记" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_the_key_holds_the_running_code_and_versions(cache_dir: Path, monkeypatch, tmp_path: Path):
    import shutil

    from charter import cache

    cache._running_code.cache_clear()
    first = cache.key("input")
    copy = tmp_path / "core"
    shutil.copytree(cache.CORE, copy)
    (copy / "render.py").write_text("# edited on disk while a server runs\n", encoding="utf-8")
    monkeypatch.setattr(cache, "CORE", copy)
    assert cache.key("input") == first, "what runs is what was imported: one view of the code per process"
    monkeypatch.undo()
    cache._running_code.cache_clear()
    monkeypatch.setattr(cache.sys, "version", "9.9.9 (another Python)")
    try:
        assert cache.key("input") != first, "another Python makes another key"
    finally:
        monkeypatch.undo()
        cache._running_code.cache_clear()
    assert cache.key("input") == first


def test_nothing_is_saved_once_the_code_on_disk_changed(cache_dir: Path, monkeypatch, tmp_path: Path):
    # Under `mkdocs serve` a module edited on disk may or may not be imported yet: what the process makes
    # then is not stored under the key of the code it started with.
    import shutil

    from charter import cache

    copy = tmp_path / "core"
    shutil.copytree(cache.CORE, copy)
    monkeypatch.setattr(cache, "CORE", copy)
    cache._first_code.cache_clear()
    try:
        cache.save("before", 1)
        assert cache.load("before") == 1
        (copy / "render.py").write_text("# edited on disk while a server runs\n", encoding="utf-8")
        cache.save("after", 2)
        assert cache.load("after") is None
    finally:
        monkeypatch.undo()
        cache._first_code.cache_clear()
        cache._running_code.cache_clear()


def test_a_checked_file_is_checked_again_under_another_name(project: Path, cache_dir: Path):
    # A data file is cached once it has passed its schema check; the same bytes elsewhere meet another schema.
    import shutil

    from charter import CharterError, load_charter

    load_charter(project)
    assert any(path.name.startswith("checked-") for path in cache_dir.iterdir())
    shutil.copy(project / "data" / "school.yml", project / "data" / "sections" / "school-copy.yml")
    with pytest.raises(CharterError) as error:
        load_charter(project)
    assert "data/sections/school-copy.yml" in str(error.value)


def test_a_template_change_makes_a_new_key(cache_dir: Path, monkeypatch, tmp_path: Path):
    import shutil

    from charter import cache

    copy = tmp_path / "core"
    shutil.copytree(cache.CORE, copy)
    monkeypatch.setattr(cache, "CORE", copy)
    first = cache.key("input")
    template = copy / "templates" / "home.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.key("input") != first


def test_the_cache_stays_within_its_limit(cache_dir: Path, monkeypatch):
    import time

    from charter import cache

    monkeypatch.setattr(cache, "LIMIT", 50_000)
    past = time.time() - 1000
    for number in range(30):
        cache.save(f"entry-{number}", b"x" * 10_000)
        path = cache_dir / f"entry-{number}"
        if path.exists():  # distinct times, older than any new entry
            os.utime(path, (past + number, past + number))
    files = [p for p in cache_dir.iterdir() if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= 50_000
    assert cache.load("entry-29") == b"x" * 10_000, "the newest entry is kept"
    assert cache.load("entry-0") is None, "the oldest went first"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are a POSIX notion")
def test_a_cache_folder_others_can_write_is_not_used(cache_dir: Path):
    from charter import cache

    cache.save("probe", {"planted": False})
    assert cache.load("probe") == {"planted": False}
    cache_dir.chmod(0o777)
    assert cache.private_folder() is None
    assert cache.load("probe") is None, "another user could have replaced the file"
    cache.save("other", 1)
    assert not (cache_dir / "other").exists()


def test_jieba_writes_nothing_to_the_shared_temporary_folder(project: Path, cache_dir: Path, tmp_path: Path, monkeypatch):
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared))
    assert mkdocs_build(project).returncode == 0
    assert list(shared.glob("jieba*")) == [], "nothing of jieba's in the shared temporary folder"
    assert not (cache_dir / "jieba").exists(), "our small dictionary is read from its text: no cache of it"
    # A dictionary configured for the search plugin goes through jieba's own cache: in the private folder.
    dictionary = project / "dictionary.txt"
    dictionary.write_bytes((project / "hooks" / "charter" / "jieba_small.txt").read_bytes())
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("      lang: zh\n", f"      lang: zh\n      jieba_dict: {dictionary}\n", 1),
        encoding="utf-8",
    )
    assert mkdocs_build(project).returncode == 0
    assert list(shared.glob("jieba*")) == [], "nothing of jieba's in the shared temporary folder"
    assert list((cache_dir / "jieba").glob("jieba*.cache")), "jieba's cache is in the private folder"


def test_compiled_templates_beside_the_templates(cache_dir: Path, monkeypatch, tmp_path: Path):
    # Kept where Python keeps bytecode, only when it writes bytecode; read back only under the key saved with it,
    # and only from a folder and file this user owns and others cannot write (what is read runs as code).
    import shutil

    from charter import cache

    copy = tmp_path / "core"
    shutil.copytree(cache.CORE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CORE", copy)
    monkeypatch.setattr(cache, "COMPILED", copy / "templates" / "__pycache__")
    monkeypatch.setattr(cache, "_first_code", cache._code_files)
    monkeypatch.setattr(cache.sys, "dont_write_bytecode", True)
    assert not cache.save_compiled("t", "jinja-k", b"code") and not cache.COMPILED.exists()
    monkeypatch.setattr(cache.sys, "dont_write_bytecode", False)
    assert cache.save_compiled("t", "jinja-k", b"code")
    assert cache.load_compiled("t", "jinja-k") == b"code"
    assert cache.load_compiled("t", "jinja-other") is None, "another key: the code or a template changed"
    if hasattr(os, "getuid"):
        cache._compiled_file("t").chmod(0o666)
        assert cache.load_compiled("t", "jinja-k") is None, "a file others may write is not read"
        cache._compiled_file("t").chmod(0o644)
        cache.COMPILED.chmod(0o777)
        assert cache.load_compiled("t", "jinja-k") is None, "nor a folder others may write to"
        assert not cache.save_compiled("t", "jinja-k", b"code")
        cache.COMPILED.chmod(0o755)
