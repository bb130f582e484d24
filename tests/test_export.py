"""`charter export DIR`: the site as a plain MkDocs project that builds, without hooks and with
`--strict`, into the same pages as the hook-built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from charter import CharterError
from charter.export import ExportError, export_site
from conftest import mkdocs_build_here, run_charter

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
TOOLTIP = re.compile(r"<abbr\b[^>]*>|</abbr>")  # the hook's glossary tooltips: HTML added after Markdown


def articles(site: Path) -> dict[str, str]:
    """Each HTML page's article, glossary tooltips removed."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        found = ARTICLE.search(path.read_text(encoding="utf-8"))
        assert found, f"{path}: no article"
        out[path.relative_to(site).as_posix()] = TOOLTIP.sub("", found.group(1))
    return out


def tags(text: str) -> set[str]:
    """The tags of every node of a YAML text: plain YAML has only the standard ones."""
    found, nodes = set(), [yaml.compose(text, Loader=yaml.SafeLoader)]
    while nodes:
        node = nodes.pop()
        found.add(node.tag)
        if isinstance(node, yaml.SequenceNode):
            nodes += node.value
        elif isinstance(node, yaml.MappingNode):
            nodes += [part for pair in node.value for part in pair]
    return found


def nav_pages(nav) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(nav_pages(value) for value in nav.values()))
    return set().union(*(nav_pages(item) for item in nav))


@pytest.fixture(scope="module")
def exported(tmp_path_factory, real_build) -> dict[str, Path]:
    """The project built with its hooks (the session's real build), and exported (by the command, found
    from a subfolder) and built plainly."""
    base = tmp_path_factory.mktemp("export")
    result = run_charter("export", str(base / "plain"), cwd=real_build.project / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    plain = mkdocs_build_here(base / "plain", base / "plain-site")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    return {"project": real_build.project, "export": base / "plain", "hook-site": real_build.site, "plain-site": base / "plain-site"}


def test_the_export_builds_into_the_same_pages(exported):
    hooked, plain = articles(exported["hook-site"]), articles(exported["plain-site"])
    assert sorted(plain) == sorted(hooked), "the same set of HTML pages"
    assert len(hooked) > 20
    different = [page for page in hooked if hooked[page] != plain[page]]
    assert different == [], f"articles differ: {different}"


def test_the_export_is_a_plain_mkdocs_project(exported):
    text = (exported["export"] / "mkdocs.yml").read_text(encoding="utf-8")
    assert all(tag.startswith("tag:yaml.org,2002:") for tag in tags(text)), tags(text)
    config = yaml.safe_load(text)
    original = yaml.safe_load((exported["project"] / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "watch" not in config
    assert config["theme"] == original["theme"] and config["plugins"] == original["plugins"]
    assert config["markdown_extensions"] == original["markdown_extensions"]
    assert config["nav"][-len(original["nav"]) :] == original["nav"], "the hand-written navigation after the generated one"
    docs = exported["export"] / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if "_includes" not in p.parts}
    assert nav_pages(config["nav"]) == pages, "every page in the written-out navigation"
    assert not list(docs.rglob("*.py")) and not (exported["export"] / "hooks").exists()
    guide = (docs / "guide" / "index.md").read_text(encoding="utf-8")
    notice = (exported["project"] / "docs" / "_includes" / "model-notice.md").read_text(encoding="utf-8").strip()
    assert "{!model-notice.md!}" not in guide and notice.splitlines()[0] in guide, "includes expanded"
    assert (docs / "charter.json").is_file() and list(docs.rglob("*.xlsx")) and list(docs.rglob("*.csv"))
    assert (docs / "assets" / "charter.js").read_bytes() == (exported["project"] / "docs" / "assets" / "charter.js").read_bytes()
    for download in ("charter.json", *(p.relative_to(docs).as_posix() for p in docs.rglob("*.xlsx"))):
        assert (exported["plain-site"] / download).read_bytes() == (exported["hook-site"] / download).read_bytes(), download


def test_export_refuses_a_folder_that_is_not_empty(project: Path, tmp_path: Path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_charter("export", str(target), cwd=project)
    assert result.returncode == 1
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_export_with_force_replaces_the_earlier_export(project: Path, tmp_path: Path):
    target = tmp_path / "out"
    export_site(project, target)
    stale = target / "docs" / "removed-page.md"
    stale.write_text("# 旧页面\n", encoding="utf-8")
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_charter("export", str(target), "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not stale.exists(), "docs/ is replaced as a whole"
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine", "other files are left alone"
    assert (target / "docs" / "index.md").is_file()


@pytest.mark.parametrize("where", ["project", "docs"])
def test_export_never_writes_over_the_project(project: Path, where: str):
    target = project if where == "project" else project / "docs" / "export"
    before = (project / "mkdocs.yml").read_bytes()
    result = run_charter("export", str(target), "--force", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "换" in result.stderr or "导出到另一个文件夹" in result.stderr
    assert (project / "mkdocs.yml").read_bytes() == before and (project / "hooks").is_dir()
    assert not (project / "docs" / "export").exists()


def test_export_of_bad_data_writes_nothing(project: Path, tmp_path: Path):
    school = project / "data" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8") + "shortname: x\n", encoding="utf-8")
    result = run_charter("export", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 1
    assert "data/school.yml" in result.stderr and "shortname" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_reports_a_missing_include_with_its_place(project: Path, tmp_path: Path):
    (project / "docs" / "guide" / "extra.md").write_text("# 附注\n\n{!missing.md!}\n", encoding="utf-8")
    with pytest.raises(CharterError) as caught:
        export_site(project, tmp_path / "out")
    assert "docs/guide/extra.md:3" in str(caught.value) and "missing.md" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_export_writes_env_values_and_refuses_tags_it_cannot_write(project: Path, tmp_path: Path, monkeypatch):
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    monkeypatch.setenv("CHARTER_TEST_SITE_NAME", "本校章程")
    config.write_text(original.replace("site_name: 学校章程", "site_name: !ENV [CHARTER_TEST_SITE_NAME, 学校章程]"), encoding="utf-8")
    export_site(project, tmp_path / "env")
    assert yaml.safe_load((tmp_path / "env" / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == "本校章程"
    config.write_text(original + "extra:\n  emoji: !!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        export_site(project, tmp_path / "tagged")
    line = len(original.splitlines()) + 2
    assert f"mkdocs.yml:{line}" in str(caught.value) and "python/name" in str(caught.value)
    assert not (tmp_path / "tagged").exists()
