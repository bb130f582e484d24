"""MkDocs hooks: a thin adapter that takes the charter's pages from the core and adds them to the site.

Everything about the charter lives in the `charter` package next to this file, which does not
import MkDocs; this module only maps MkDocs events onto it, and holds what is specific to MkDocs
and Material: their raw-HTML places for titles, their tooltip, their search worker, `serve`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from charter import CharterError, cache
from charter.collisions import url_of
from charter.export import mkdocs_nav
from charter.includes import expand_includes
from charter.search import SMALL_DICTIONARY
from charter.site import SiteBuild, site_build
from material_search import compact_search_index, patch_search_worker
from material_tooltips import mark_terms, term_pattern

log = get_plugin_logger(__name__)


class _Build:
    """What one build needs between events; replaced at every `on_config`."""

    def __init__(self, site: SiteBuild, problems: str = ""):
        self.site = site
        self.problems = problems  # under `serve`: the data's problems, shown on every page of the last good site
        self.term_pattern, self.term_words = term_pattern(site.terms)

    def mark_terms(self, html: str) -> str:
        return mark_terms(html, self.term_pattern, self.term_words)


_build: _Build | None = None
_serving = False  # `mkdocs serve`: broken data shows on the page instead of stopping the server
_last_good: SiteBuild | None = None  # under `serve`, the last site built from good data


# Hooks


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _last_good
    _build = None
    try:
        site = site_build(Path(config.config_file_path).parent)
    except CharterError as error:
        if not _serving:
            raise PluginError(str(error)) from None
        log.error(str(error))
        _build = _Build(_last_good or _error_site(), problems=str(error))
        config.nav = mkdocs_nav(_build.site.nav) + list(config.nav or [])
        return config
    for warning in site.warnings:
        log.warning(warning)
    for advice in site.advice:  # typography: shown, but `--strict` counts only warnings (MkDocs' own notices are INFO too)
        log.info(advice)
    _last_good = site
    _build = _Build(site)
    config.nav = mkdocs_nav(site.nav) + list(config.nav or [])
    _prepare_jieba(site.search_words, config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    problems = []
    for file in files.documentation_pages():
        if file.generated_by is None:
            problems += expand_includes(_read(file), _includes_folder(config), f"docs/{file.src_uri}")[1]
    if problems:
        raise PluginError(str(CharterError(problems)))
    written = {url_of(f.src_uri): f for f in files.documentation_pages()}
    clashes = [
        f"docs/{written[url_of(page)].src_uri} 与 {_build.site.owners.get(page, '生成的页面')} 生成的页面 {page} 是同一个网址 "
        f"`{url_of(page)}`：把手写页面改名，或改用别的 id"
        for page in _build.site.pages
        if url_of(page) in written
    ]
    if clashes:
        raise PluginError("\n".join(clashes))
    for src_uri, content in _build.site.pages.items():
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, content in _build.site.downloads.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    env.filters["striptags"] = _striptags
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by is not None:  # made from data: never expanded
        return markdown
    return expand_includes(markdown, _includes_folder(config), f"docs/{page.file.src_uri}")[0]


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build.mark_terms(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if not _build.problems:
        return output
    notice = (
        '<div role="alert" class="charter-serve-problems" style="position:sticky;top:0;z-index:10;max-height:50vh;overflow:auto;'
        'background:#fff3f3;border:3px solid #b00020;padding:0.8em 1.2em;font-size:0.8rem">'
        "<strong>数据有错误：网站没有更新，下面是上一次正确数据生成的页面。改正后保存，页面会自动刷新。</strong>"
        f'<pre style="white-space:pre-wrap;margin:0.5em 0 0">{html.escape(_build.problems)}</pre></div>'
    )
    return re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + notice, output, count=1)


def on_post_build(config: MkDocsConfig) -> None:
    compact_search_index(config.site_dir)
    if not patch_search_worker(config.site_dir):
        log.warning(
            "Material's search worker has changed: the Chinese query segmentation fix in hooks/material_search.py no longer applies; check whether Material fixed it and remove the fix"
        )


# Helper functions


def _includes_folder(config: MkDocsConfig) -> Path:
    return Path(config.docs_dir) / "_includes"


def _read(file: File) -> str:
    try:
        return Path(file.abs_src_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PluginError(f"docs/{file.src_uri}: 无法读取（{error}）；检查文件权限，并把文件存为 UTF-8 编码。") from None


def _striptags(value) -> Markup:
    """Material writes `page.title | striptags` into `<title>`; Jinja's striptags also turns `&lt;` back
    into `<`, which would let a title from the data end the title element. Strip, then escape again."""
    return Markup(html.escape(Markup(str(value)).striptags(), quote=True))


def _error_site() -> SiteBuild:
    """Under `serve`, when the first build already has bad data: a home page that says so (the problems
    are shown above every page)."""
    home = "# 数据有错误 {#home}\n\n改正 `data/` 中的错误后保存，网站会自动重新生成。\n"
    return SiteBuild(pages={"index.md": home}, nav=[], downloads={}, terms=[], search_words=[], warnings=[], owners={})


def _prepare_jieba(words: list[str], config: MkDocsConfig) -> None:
    """Chinese search: a small main dictionary (unless one is configured) and policy terms kept whole.

    The small dictionary is read from its text at every build (as fast as jieba reads its own cache of
    it, bench/RESULTS.md: so no cache file is written, and under `serve` no words of an earlier build
    linger). Another dictionary (configured for the search plugin, or jieba's own) goes through jieba's
    cache, kept in our private folder: its default, the shared temporary folder, lets another local
    user plant one."""
    try:
        import jieba
    except ImportError:  # search then indexes without segmentation
        return
    search = config.plugins.get("material/search")
    if SMALL_DICTIONARY.exists() and not (search and search.config.get("jieba_dict")):
        with SMALL_DICTIONARY.open("rb") as text:
            frequencies, total = jieba.dt.gen_pfdict(text)
        with jieba.dt.lock:
            jieba.dt.FREQ, jieba.dt.total, jieba.dt.dictionary, jieba.dt.initialized = frequencies, total, str(SMALL_DICTIONARY), True
    else:
        private = cache.private_folder("jieba")
        if private is None:
            import tempfile

            private = Path(tempfile.mkdtemp(prefix="charter-jieba-"))
        jieba.dt.tmp_dir = str(private)
    for word in words:
        jieba.add_word(word)
