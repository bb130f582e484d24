"""MkDocs hooks: a thin adapter that loads the charter through the core and adds its pages.

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

import charter as charter_package
from charter import CharterError, cache, load_charter
from charter.forms import blank_forms
from charter.render import Renderer, charter_json
from charter.search import SMALL_DICTIONARY, search_words
from charter.search_worker import patch_search_worker
from charter.terms import mark_terms, term_pattern

log = get_plugin_logger(__name__)


class _Build:
    """What one build needs between events; replaced at every `on_config`.

    Pages and glossary marks depend only on the data and the core's code: both are kept in the cache
    under a key made of the two, so that an unchanged charter is not rendered again."""

    def __init__(self, renderer: Renderer, project: Path):
        self.renderer = renderer
        self.key = cache.key(*_inputs(project))
        self.pages = cache.load(f"pages-{self.key}")
        if not isinstance(self.pages, dict):
            self.pages = renderer.pages()
            cache.save(f"pages-{self.key}", self.pages)
        self.marked = cache.load(f"marked-{self.key}")
        self.marked = self.marked if isinstance(self.marked, dict) else {}
        self.marked_before = len(self.marked)
        definitions = [(t.id, [t.term, *t.aliases], renderer.plain(t.definition)) for t in renderer.charter.terms]
        self.term_pattern, self.term_words = term_pattern(definitions)

    def mark_terms(self, html: str) -> str:
        digest = cache.key(html)
        if digest not in self.marked:
            self.marked[digest] = mark_terms(html, self.term_pattern, self.term_words)
        return self.marked[digest]

    def save(self) -> None:
        if len(self.marked) != self.marked_before:
            cache.save(f"marked-{self.key}", self.marked)


_build: _Build | None = None


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = None
    project = Path(config.config_file_path).parent
    try:
        charter = load_charter(project)
    except CharterError as error:
        raise PluginError(str(error)) from None
    for warning in charter.warnings:
        log.warning(warning.format())
    _build = _Build(Renderer(charter), project)
    config.nav = _build.renderer.nav() + list(config.nav or [])
    _prepare_jieba(charter, config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for src_uri, content in _build.pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:  # a hand-written page cannot take a generated page's place
            log.warning(f"docs/{src_uri} is ignored: the site generates this page from data/; rename the file")
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    charter = _build.renderer.charter
    files.append(File.generated(config, "charter.json", content=charter_json(charter)))
    for src_uri, content in blank_forms(charter).items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build.mark_terms(html)


def on_post_build(config: MkDocsConfig) -> None:
    _build.save()
    if not patch_search_worker(config.site_dir):
        log.warning(
            "Material's search worker has changed: the Chinese query segmentation fix in charter/search_worker.py no longer applies; check whether Material fixed it and remove the fix"
        )


# Helper functions


def _inputs(project: Path) -> list[bytes]:
    """Everything the generated pages depend on: the data files and the core's code and templates."""
    core = Path(charter_package.__file__).parent
    files = sorted((project / "data").rglob("*.y*ml")) + sorted(core.rglob("*.py")) + sorted(core.rglob("*.j2"))
    return [str(path).encode() + path.read_bytes() for path in files]


def _prepare_jieba(charter, config: MkDocsConfig) -> None:
    """Chinese search: a small main dictionary (unless one is configured) and policy terms kept whole."""
    try:
        import jieba
    except ImportError:  # search then indexes without segmentation
        return
    search = config.plugins.get("material/search")
    if SMALL_DICTIONARY.exists() and not (search and search.config.get("jieba_dict")):
        jieba.set_dictionary(str(SMALL_DICTIONARY))
    for word in search_words(charter):
        jieba.add_word(word)
