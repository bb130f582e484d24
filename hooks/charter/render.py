"""Turn the checked charter into Markdown pages and JSON, through one Jinja template per kind of page."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import cache
from .collisions import PageSpec, anchor_collisions, page_collisions
from .loader import Charter
from .markup import code_text, html_text, markdown_text, placed, yaml_string
from .numerals import chinese_number
from .outline import Outline, build_outline
from .problems import CharterError
from .scoring import ANSWERS
from .views import Link, Run, Views

TEMPLATES = Path(__file__).parent / "templates"


def site_pages(charter: Charter) -> dict[str, str]:
    """Every generated page, as `src_uri → Markdown`."""
    return Renderer(charter).pages()


def charter_json(charter: Charter) -> str:
    """The loaded, checked charter for other tools."""
    data = {
        "format": "school-charter",
        "model_version": charter.model.version,
        "school": dataclasses.asdict(charter.school),
        "files": charter.raw,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Renderer:
    def __init__(self, charter: Charter):
        self.charter = charter
        self.outline: Outline = build_outline(charter)
        self.views = Views(charter, self.outline)
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            bytecode_cache=cache.template_cache(),  # compiled templates reused by the next build
            autoescape=True,  # with `finalize`: every placed value is escaped for Markdown unless it is Markup
            finalize=placed,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            comment_start_string="{##",
            comment_end_string="##}",
        )
        env.globals.update(school=charter.school, model=charter.model, cn=chinese_number, answers=ANSWERS)
        env.filters["esc"] = markdown_text
        env.filters["e"] = env.filters["escape"] = html_text
        env.filters["code"] = code_text
        env.filters["yaml"] = yaml_string
        env.filters["num"] = _number
        env.filters["md"] = self._rich
        env.filters["link"] = self._link
        env.filters["links"] = self._links
        env.filters["url"] = self._url
        env.filters["value"] = self._value
        env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self.env = env

    # Pages

    def pages(self) -> dict[str, str]:
        """Every page of the outline as `src_uri → Markdown`; raises CharterError when two things claim
        one page or one anchor (a section with the id `glossary` would silently replace the glossary)."""
        specs = sorted((PageSpec(p.src, p.owner, p.template, p.context) for p in self.outline.page_list), key=_index_order)
        self.owners = {s.page: s.owner for s in specs}
        problems = page_collisions(specs, self.charter)
        if problems:
            raise CharterError(problems)
        pages = {s.page: self._page(s.template, s.page, view=self.views.page(s.template, **s.context)) for s in specs}
        problems = anchor_collisions(pages, self.charter)
        if problems:
            raise CharterError(problems)
        return pages

    def _page(self, template: str, page: str, **context) -> str:
        return self.env.get_template(template).render(page=page, **context)

    def nav(self) -> list:
        """Navigation for the generated pages, from the outline (kept small: detail pages hang under their index)."""
        return self.outline.nav()

    # Filters: view data (`charter.views`) as Markdown, links relative to the page being rendered (from the context)

    @jinja2.pass_context
    def _rich(self, context, rich: list[Run]) -> Markup:
        """Text as Markdown: each run escaped, a run with a target a link to it."""
        page = context["page"]
        out = []
        for run in rich:
            if run.target:
                out.append(f"[{markdown_text(run.text)}]({html_text(self.outline.url(run.target, page))})")
            else:
                out.append(markdown_text(run.text))
        return Markup("".join(out))

    @jinja2.pass_context
    def _url(self, context, link: Link) -> Markup:
        """Where `link` points, relative to the page being rendered, for a Markdown link or an attribute."""
        page = context["page"]
        if not link.page or link.page == page:
            return html_text(f"#{link.anchor}")
        return html_text(self.outline.url_to_page(link.page, page) + (f"#{link.anchor}" if link.anchor else ""))

    @jinja2.pass_context
    def _link(self, context, link: Link, label: str | None = None) -> Markup:
        """`link` as a Markdown link, labelled `label` instead of its own label when given."""
        return Markup(f"[{markdown_text(link.label if label is None else label)}]({self._url(context, link)})")

    @jinja2.pass_context
    def _value(self, context, value) -> Markup:
        """A field value (`Views.value`) readable in a table cell."""
        if value is None:
            return Markup("（无）")
        if isinstance(value, list):  # text
            return self._rich(context, value)
        if isinstance(value, tuple):  # titles read as a list (、), other values one by one (；)
            titles = all(isinstance(v, list) and len(v) == 1 and v[0].target for v in value)
            return Markup(("、" if titles else "；").join(self._value(context, v) for v in value) or "（空）")
        if isinstance(value, dict):
            return Markup("；".join(f"{markdown_text(k)}: {self._value(context, v)}" for k, v in value.items()))
        return markdown_text(value)

    @jinja2.pass_context
    def _links(self, context, links: list[Link], separator: str = "、") -> Markup:
        return Markup(separator.join(self._link(context, link) for link in links))


# The order in which pages reach the site (and so Material's search index, where it breaks ties between
# equal scores): the site-wide pages first, then the pages made for data entries. The query set in
# tests/search_queries.yml was measured with it (bench/RESULTS.md); the navigation order is the outline's.
_SITE_PAGES = ["index.md", "leadership.md", "duties/index.md", "rules/index.md", "matters/index.md", "matters/routes.md", "roles.md"]
_SITE_PAGES += ["timeline.md", "charter.md", "glossary.md", "sources.md", "downloads.md", "reference/fields.md", "local.md"]
_DATA_PAGES = ["section.md.j2", "duties.md.j2", "rule.md.j2", "checklist.md.j2"]


def _index_order(spec: PageSpec) -> tuple[int, int]:
    if spec.page in _SITE_PAGES:
        return 0, _SITE_PAGES.index(spec.page)
    if spec.template in _DATA_PAGES:
        return 1, _DATA_PAGES.index(spec.template)
    return 2, 0


def _number(value: float) -> str:
    """A number as the checklist script shows it: `20`, `2.5`."""
    return str(int(value)) if float(value).is_integer() else str(value)
