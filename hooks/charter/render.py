"""Turn the checked charter into Markdown pages and JSON, through one Jinja template per kind of page."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import cache, checks, model
from .collisions import PageSpec, anchor_collisions, page_collisions
from .loader import Charter
from .markup import code_text, html_text, markdown_text, placed, yaml_string
from .outline import Outline, applies, build_outline, chinese_number
from .problems import CharterError
from .schemas import KINDS, schema_file_name
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

    # Helpers for templates

    def escape(self, text: str) -> Markup:
        return markdown_text(text)

    def md(self, text: str, page: str) -> Markup:
        """Text from the data as Markdown: escaped, with `[[id]]` turned into links."""
        text = text.strip()
        out, last = [], 0
        for match in checks.INLINE_REF.finditer(text):
            out.append(self.escape(text[last : match.start()]))
            target, label = match.group(1).strip(), match.group(2)
            out.append(self.link(target, page, label))
            last = match.end()
        out.append(self.escape(text[last:]))
        return Markup("".join(out))

    def plain(self, text: str) -> str:
        """Text for HTML contexts: `[[id]]` becomes the title, not a link."""
        return checks.INLINE_REF.sub(lambda m: m.group(2) or self.title(m.group(1).strip()), text)

    def link(self, target: str, page: str, label: str | None = None) -> Markup:
        return Markup(f"[{self.escape(label or self.title(target))}]({html_text(self.outline.url(target, page))})")

    def value(self, value, page: str) -> Markup:
        """A field value of an entry, readable in a table cell."""
        if value is None:
            return Markup("（无）")
        if isinstance(value, str):
            return self.md(value, page)
        if isinstance(value, dict) and "fraction" in value:
            return self.escape(checks.describe_threshold(value))
        if isinstance(value, list):
            return Markup("；".join(self.value(v, page) for v in value) or "（空）")
        if isinstance(value, dict):
            return Markup("；".join(f"{self.escape(k)}: {self.value(v, page)}" for k, v in value.items()))
        return self.escape(str(value))

    def links(self, ids: list[str], page: str, numbered: bool = False) -> str:
        """Links to several ids, separated by 、; with `numbered`, each label starts with its clause number."""
        labels = [(f"{self.num(i)} " if numbered and self.num(i) else "") + self.title(i) for i in ids]
        return Markup("、".join(self.link(i, page, label) for i, label in zip(ids, labels, strict=True)))

    def num(self, target: str) -> str:
        return self.outline.numbers.get(target, "")

    def title(self, target: str) -> str:
        return self.views.title(target)

    def parameter_label(self, parameter_id: str) -> str:
        return self.views.parameter_label(parameter_id)

    def runs(self, rich: list[Run], page: str) -> Markup:
        """View-data text as Markdown: each run escaped, links to ids resolved from `page`."""
        return Markup("".join(self.link(run.target, page, run.text) if run.target else self.escape(run.text) for run in rich))

    def sources(self, refs: list[model.SourceRef], page: str) -> Markup:
        parts = []
        for ref in refs:
            label = ref.ref + (f" {ref.at}" if ref.at else "")
            parts.append(f"[{self.escape(label)}]({self.outline.url(ref.ref, page)})")
        return Markup("、".join(parts))

    def meta(self, obj, page: str) -> Markup:
        """The line under an entry: sources, tags, checklist items that verify it."""
        parts = []
        if obj.id in self.views.adapted:
            parts.append(f"[**本校调整**]({self.outline.url_to_page('local.md', page)}#local-{obj.id})")
        if getattr(obj, "sources", None):
            parts.append("来源：" + self.sources(obj.sources, page))
        if getattr(obj, "tags", None):
            parts.append("标签：" + "、".join(self.escape(t) for t in obj.tags))
        items = self.views.verifiers.get(obj.id, [])
        if items:
            parts.append("自查：" + "、".join(self.link(i.id, page, self.item_label(i)) for i in items))
        applies_to = getattr(obj, "applies_to", None)
        if applies_to is not None:
            parts.append("适用：" + self.escape(applies_to.describe()) + ("" if applies(self.charter, applies_to) else "（不适用于本校）"))
        return Markup(" · ".join(parts))

    def item_label(self, item: model.ChecklistItem) -> str:
        question = item.question
        return question if len(question) <= 24 else question[:23] + "…"

    # Markdown for view data: filters that read the page being rendered from the template's context

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
        if isinstance(value, tuple):
            return Markup("；".join(self._value(context, v) for v in value) or "（空）")
        if isinstance(value, dict):
            return Markup("；".join(f"{markdown_text(k)}: {self._value(context, v)}" for k, v in value.items()))
        return markdown_text(value)

    @jinja2.pass_context
    def _links(self, context, links: list[Link], separator: str = "、") -> Markup:
        return Markup(separator.join(self._link(context, link) for link in links))

    def calculator_json(self, calculator: dict) -> Markup:
        """`calculator(rule)` as the page embeds it, in an attribute."""
        return html_text(json.dumps(calculator, ensure_ascii=False, separators=(",", ":")))


PARAMETER_LABELS = {
    "nature": "性质",
    "convener": "召集和主持",
    "members": "组成人员",
    "attendees": "列席人员",
    "agenda": "议题",
    "frequency": "召开频次",
    "quorum": "到会门槛",
    "special": "特别到会门槛",
    "decision": "表决与通过",
    "last_speaker": "末位表态",
    "officers": "监督员和记录员",
    "disagreement": "意见分歧",
    "escalation": "提交与报批",
    "records": "会议记录",
}


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


def _plain(value) -> dict:
    return value if isinstance(value, dict) else dataclasses.asdict(value)
