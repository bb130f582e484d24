"""Everything a static-site generator needs from the charter, as plain data.

`site_build(project)` returns the generated pages, their navigation, the files offered for download,
the glossary, the words Chinese search keeps whole and the warnings to show. The result depends only
on the data files and the core's own code, so it is cached under a key of the two (`cache.key` adds
the code, its templates and the versions it runs with): an unchanged
charter is neither loaded, checked nor rendered again, and the rest of the core is not even
imported. Problems are never cached: a charter with errors raises `CharterError` on every build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import cache


@dataclass
class SiteBuild:
    pages: dict[str, str]  # src_uri → Markdown
    nav: list  # the generated pages' navigation: (title, src_uri) or (title, [children]); an empty title takes the page's
    downloads: dict[str, str | bytes]  # src_uri → file content: charter.json and the blank forms
    terms: list[tuple[str, list[str], str]]  # (term id, term and aliases, plain-text definition)
    search_words: list[str]
    warnings: list[str]  # formatted, one per problem
    owners: dict[str, str]  # src_uri → what the page is made from, for messages: "data/sections/x.yml:7（id `x`）"
    advice: list[str] = field(default_factory=list)  # typography warnings (`typography.py`): shown, never failing `--strict`


def site_build(project: Path | str) -> SiteBuild:
    project = Path(project).resolve()
    key = cache.key(*_inputs(project))
    cached = cache.load(f"site-{key}")
    if isinstance(cached, SiteBuild):
        return cached
    result = _build(project)
    cache.save(f"site-{key}", result)
    return result


def check_project(project: Path | str):
    """Load and check the charter and render its pages once, as `charter check` does: some problems
    (two things claiming one page or anchor) only show when the pages are laid out."""
    from .loader import load_charter
    from .render import Renderer

    charter = load_charter(project)
    Renderer(charter).pages()
    return charter


def _inputs(project: Path) -> list[bytes]:
    """Every file under `data/`, each with its name. Anything the cache cannot vouch for (an unreadable
    file or folder, a link) makes a key no build shares: the charter is then loaded, which reports it."""
    data = project / "data"
    inputs: list[bytes] = []

    def unique(*_) -> None:
        inputs.append(os.urandom(16))

    for folder, folders, files in os.walk(data, onerror=unique):
        folders.sort()
        for name in sorted(files) + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            path = Path(folder, name)
            try:
                if path.is_symlink():
                    raise OSError("a link")
                inputs.append(path.relative_to(data).as_posix().encode() + b"\0" + path.read_bytes())
            except OSError:
                unique()
    return inputs


def _build(project: Path) -> SiteBuild:
    from .forms import blank_forms
    from .loader import load_charter
    from .problems import Advice
    from .render import Renderer, charter_json
    from .search import search_words

    charter = load_charter(project)
    renderer = Renderer(charter)
    pages = renderer.pages()
    return SiteBuild(
        pages=pages,
        nav=renderer.nav(),
        downloads={"charter.json": charter_json(charter), **blank_forms(charter)},
        terms=[(t.id, [t.term, *t.aliases], renderer.views.plain(t.definition)) for t in charter.terms],
        search_words=search_words(charter),
        warnings=[warning.format() for warning in charter.warnings if not isinstance(warning, Advice)],
        advice=[warning.format() for warning in charter.warnings if isinstance(warning, Advice)],
        owners={page: _place(charter, owner) for page, owner in renderer.owners.items()},
    )


def _place(charter, owner: str | None) -> str:
    if owner is None:
        return "网站固定生成的页面"
    place = charter.places[owner]
    return f"{place.file}:{place.line}（id `{owner}`）"
