"""MkDocs hooks: a thin adapter that takes the charter's pages from the core and adds them to the site.

Everything about the charter lives in the `charter` package next to this file, which does not
import MkDocs; this module only maps MkDocs events onto it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from charter import CharterError, cache
from charter.search import SMALL_DICTIONARY
from charter.search_worker import compact_search_index, patch_search_worker
from charter.site import SiteBuild, site_build
from charter.terms import mark_terms, term_pattern

log = get_plugin_logger(__name__)


class _Build:
    """What one build needs between events; replaced at every `on_config`.

    Glossary marks depend only on a page's HTML and the glossary: they are cached under a key of the
    glossary, so that after a change to the data only the pages whose HTML changed are scanned again."""

    def __init__(self, site: SiteBuild):
        self.site = site
        self.term_pattern, self.term_words = term_pattern(site.terms)
        self.marks_name = f"marked-{cache.key(repr(site.terms))}"
        cached = cache.load(self.marks_name)
        self.cached: dict[str, str] = cached if isinstance(cached, dict) else {}
        self.marked: dict[str, str] = {}  # this build's pages: what is saved, so the cache holds no stale pages

    def mark_terms(self, html: str) -> str:
        digest = cache.key(html)
        if digest not in self.marked:
            found = self.cached.get(digest)
            self.marked[digest] = found if found is not None else mark_terms(html, self.term_pattern, self.term_words)
        return self.marked[digest]

    def save(self) -> None:
        if self.marked.keys() != self.cached.keys():
            cache.save(self.marks_name, self.marked)


_build: _Build | None = None


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = None
    try:
        site = site_build(Path(config.config_file_path).parent)
    except CharterError as error:
        raise PluginError(str(error)) from None
    for warning in site.warnings:
        log.warning(warning)
    _build = _Build(site)
    config.nav = site.nav + list(config.nav or [])
    _prepare_jieba(site.search_words, config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src_uri, content in _build.site.pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:  # a hand-written page cannot take a generated page's place
            log.warning(f"docs/{src_uri} is ignored: the site generates this page from data/; rename the file")
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, content in _build.site.downloads.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build.mark_terms(html)


def on_post_build(config: MkDocsConfig) -> None:
    _build.save()
    compact_search_index(config.site_dir)
    if not patch_search_worker(config.site_dir):
        log.warning(
            "Material's search worker has changed: the Chinese query segmentation fix in charter/search_worker.py no longer applies; check whether Material fixed it and remove the fix"
        )


# Helper functions


def _prepare_jieba(words: list[str], config: MkDocsConfig) -> None:
    """Chinese search: a small main dictionary (unless one is configured) and policy terms kept whole."""
    try:
        import jieba
    except ImportError:  # search then indexes without segmentation
        return
    search = config.plugins.get("material/search")
    if SMALL_DICTIONARY.exists() and not (search and search.config.get("jieba_dict")):
        jieba.set_dictionary(str(SMALL_DICTIONARY))
    for word in words:
        jieba.add_word(word)
