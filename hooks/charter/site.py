"""Everything a static-site generator needs from the charter, as plain data.

`site_build(project)` returns the generated pages, their navigation, the files offered for download,
the glossary, the words Chinese search keeps whole and the warnings to show. The result depends only
on the data files and the core's own code, so it is cached under a key of the two: an unchanged
charter is neither loaded, checked nor rendered again, and the rest of the core is not even
imported. Problems are never cached: a charter with errors raises `CharterError` on every build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import cache

CORE = Path(__file__).parent


@dataclass
class SiteBuild:
    pages: dict[str, str]  # src_uri → Markdown
    nav: list  # MkDocs-style navigation of the generated pages
    downloads: dict[str, str | bytes]  # src_uri → file content: charter.json and the blank forms
    terms: list[tuple[str, list[str], str]]  # (term id, term and aliases, plain-text definition)
    search_words: list[str]
    warnings: list[str]  # formatted, one per problem


def site_build(project: Path | str) -> SiteBuild:
    project = Path(project).resolve()
    key = cache.key(*_inputs(project))
    cached = cache.load(f"site-{key}")
    if isinstance(cached, SiteBuild):
        return cached
    result = _build(project)
    cache.save(f"site-{key}", result)
    return result


def _inputs(project: Path) -> list[bytes]:
    """The data files and the core's code and templates, each with its name."""
    data = project / "data"
    files = [
        (f"data/{path.relative_to(data).as_posix()}", path)
        for path in sorted(data.rglob("*"))
        if path.suffix in (".yml", ".yaml") and path.is_file()
    ]
    files += [(f"core/{path.relative_to(CORE).as_posix()}", path) for path in sorted(CORE.rglob("*")) if path.suffix in (".py", ".j2")]
    return [name.encode() + b"\0" + path.read_bytes() for name, path in files]


def _build(project: Path) -> SiteBuild:
    from .forms import blank_forms
    from .loader import load_charter
    from .render import Renderer, charter_json
    from .search import search_words

    charter = load_charter(project)
    renderer = Renderer(charter)
    return SiteBuild(
        pages=renderer.pages(),
        nav=renderer.nav(),
        downloads={"charter.json": charter_json(charter), **blank_forms(charter)},
        terms=[(t.id, [t.term, *t.aliases], renderer.plain(t.definition)) for t in charter.terms],
        search_words=search_words(charter),
        warnings=[warning.format() for warning in charter.warnings],
    )
