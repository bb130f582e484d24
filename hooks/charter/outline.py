"""Where every id lives in the site, and its clause number, derived from positions in the data."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field

from .chapters import APPENDIX, CHAPTERS
from .documents import Document, build_documents, number_documents
from .loader import Charter
from .model import AppliesTo, Entry


@dataclass
class Chapter:
    key: str  # chapter id, e.g. "leadership", "duties"
    title: str
    ids: list[str] = field(default_factory=list)  # numbered articles in order


@dataclass
class Page:
    """One generated page: where it lives, what it is made of and where the navigation shows it."""

    src: str  # src_uri, e.g. "rules/party-organization-meeting.md"
    template: str
    owner: str | None = None  # the data id the page is made for; None for a page the site always has
    context: dict = field(default_factory=dict)
    nav: tuple[str, ...] = ()  # titles of the navigation groups above it ("议事规则",); () for a top-level entry
    title: str = ""  # its title in the navigation


@dataclass
class Outline:
    """The one table of the site: every page in navigation order, the page of every id, clause numbers."""

    chapters: list[Chapter]
    numbers: dict[str, str]  # id → its number in its document: "第十二条", "第十二条（一）", "第3项"
    pages: dict[str, str]  # id → src_uri of the page that shows it
    page_list: list[Page] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)  # the 章程, each 议事规则, the 事项清单
    home: dict[str, str] = field(default_factory=dict)  # id → the document it is an article of

    def url_to_page(self, page: str, from_page: str) -> str:
        return _relative(page, from_page)

    def url(self, target: str, from_page: str) -> str:
        page = self.pages[target]
        if page == from_page:
            return f"#{target}"
        return _relative(page, from_page) + f"#{target}"

    def nav(self) -> list[tuple[str, object]]:
        """The navigation as a plain tree: (title, src_uri) or (title, [children]); a group's index page
        comes first among its children as ("", src_uri)."""
        tree: list = []
        for page in self.page_list:
            level = tree
            for group in page.nav:
                found = next((item for item in level if item[0] == group and isinstance(item[1], list)), None)
                if found is None:
                    found = (group, [])
                    level.append(found)
                level = found[1]
            level.append((page.title, page.src))
        return tree


@functools.lru_cache(maxsize=4096)  # a few dozen pages link to each other thousands of times
def _relative(page: str, from_page: str) -> str:
    return posixpath.relpath(page, posixpath.dirname(from_page) or ".")


def applies(charter: Charter, applies_to: AppliesTo | None) -> bool:
    return applies_to is None or applies_to.fits(charter.school)


def build_outline(charter: Charter) -> Outline:
    pages: dict[str, str] = {}
    chapters: list[Chapter] = []
    page_list: list[Page] = [Page("index.md", "home.md.j2", title="首页")]
    by_parent: dict[str, list] = {}
    for section in sorted(charter.sections, key=lambda s: s.order):
        by_parent.setdefault(section.parent, []).append(section)

    def place(obj, page: str, entries) -> None:
        pages[obj.id] = page
        for entry in entries:
            pages[entry.id] = page

    def section_pages(key: str, folder: str, group: tuple[str, ...]) -> list[Page]:
        out = []
        for section in by_parent.get(key, []):
            page = f"{folder}{section.id}.md"
            place(section, page, _flatten(section.entries))
            template = "leadership.md.j2" if section.id == "leadership" else "section.md.j2"
            out.append(Page(page, template, section.id, {"section": section}, group, section.title))
        return out

    for key, spec in CHAPTERS.items():
        sections = by_parent.get(key, [])
        title = spec["title"] if spec["kind"] or not sections else sections[0].title
        chapter = Chapter(key, title)
        kind = spec["kind"]
        if kind is None:
            group = (title,) if len(sections) > 1 else ()
            page_list += section_pages(key, spec["folder"], group)
        elif kind == "duties":
            page_list.append(Page("duties/index.md", "duties-index.md.j2", nav=("职责",)))
            for duties in charter.duties:
                page = f"duties/{duties.role}.md"
                place(duties, page, duties.items)
                chapter.ids += [i.id for i in duties.items if applies(charter, i.applies_to)]
                page_list.append(Page(page, "duties.md.j2", duties.id, {"duties": duties}, ("职责",)))
            page_list += section_pages(key, spec["folder"], ("职责",))
        elif kind == "rules":
            page_list.append(Page("rules/index.md", "rules-index.md.j2", nav=("议事规则",)))
            for rule in charter.rules:
                page = f"rules/{rule.body}.md"
                place(rule, page, [*rule.parameters(), *_flatten(rule.clauses)])
                chapter.ids += [p.id for p in rule.parameters()]
                chapter.ids += [c.id for c in rule.clauses if applies(charter, c.applies_to)]
                page_list.append(Page(page, "rule.md.j2", rule.id, {"rule": rule}, ("议事规则",)))
            page_list += section_pages(key, spec["folder"], ("议事规则",))
        elif kind == "matters":
            page_list.append(Page("matters/index.md", "matters.md.j2", nav=("事项清单",)))
            page_list.append(Page("matters/routes.md", "routes.md.j2", nav=("事项清单",)))
            for category in charter.matters.categories:
                place(category, "matters/index.md", category.matters)
                chapter.ids += [m.id for m in category.matters if applies(charter, m.applies_to)]
            for route in charter.matters.routes:
                place(route, "matters/routes.md", route.steps)
                chapter.ids.append(route.id)
            page_list += section_pages(key, spec["folder"], ("事项清单",))
            page_list.append(Page("roles.md", "roles.md.j2", title="谁决定什么"))
        else:  # timeline
            group = ("实施步骤",) if sections else ()
            page_list.append(Page("timeline.md", "timeline.md.j2", nav=group, title="" if group else "实施步骤"))
            for timeline in charter.timelines.timelines:
                pages[timeline.id] = "timeline.md"
                for phase in timeline.phases:
                    place(phase, "timeline.md", phase.tasks)
                    chapter.ids.append(phase.id)
            page_list += section_pages(key, spec["folder"], group)
        for section in sections:
            chapter.ids += [e.id for e in section.entries if applies(charter, e.applies_to)]
        if sections or kind:
            chapters.append(chapter)
    if charter.checklists:
        page_list.append(Page("checklists/index.md", "checklists-index.md.j2", nav=("自查清单",)))
        for checklist in charter.checklists:
            page = f"checklists/{checklist.id}.md"
            pages[checklist.id] = page
            for section in checklist.sections:
                place(section, page, section.items)
            page_list.append(Page(page, "checklist.md.j2", checklist.id, {"checklist": checklist}, ("自查清单",)))
        if charter.assessments:
            page_list.append(Page("checklists/report.md", "report.md.j2", nav=("自查清单",)))
    documents = build_documents(charter, lambda a: applies(charter, a), by_parent)
    for document in documents:
        owner = document.id if document.id in charter.by_id else None  # a rule's; the 章程 and the list are the site's
        page_list.append(Page(document.page, "document.md.j2", owner, {"document": document}, ("正式文本",), document.title))
        for article in document.article_ids():
            pages.setdefault(article, document.page)  # the documents' own articles live on the document
    page_list.append(Page("local.md", "local.md.j2", title="本校调整"))
    page_list.append(Page("glossary.md", "glossary.md.j2", nav=("参考",)))
    page_list.append(Page("sources.md", "sources.md.j2", nav=("参考",)))
    page_list += section_pages(APPENDIX, "", ("参考",))
    page_list.append(Page("downloads.md", "downloads.md.j2", nav=("参考",)))
    page_list.append(Page("reference/fidelity.md", "fidelity.md.j2", nav=("参考",)))
    page_list.append(Page("reference/fields.md", "fields.md.j2", nav=("参考",)))
    for role in charter.roles:
        pages[role.id] = "roles.md"
    for body in charter.bodies:
        rule = next((r for r in charter.rules if r.body == body.id), None)
        pages[body.id] = pages[rule.id] if rule else "roles.md"
    for term in charter.terms:
        pages[term.id] = "glossary.md"
    for source in charter.sources:
        pages[source.id] = "sources.md"
    for floor in charter.floors:
        pages[floor.id] = "rules/index.md"
    entries = {e.id: e for e in _all_entries(charter)}

    def children(target: str) -> list[str]:
        entry = entries.get(target)
        return [c.id for c in entry.children if applies(charter, c.applies_to)] if entry is not None else []

    numbers, home = number_documents(documents, children)
    return Outline(chapters, numbers, pages, page_list, documents, home)


def _all_entries(charter: Charter):
    for section in charter.sections:
        yield from _flatten(section.entries)
    for duties in charter.duties:
        yield from duties.items
    for rule in charter.rules:
        yield from _flatten(rule.clauses)
    for category in charter.matters.categories:
        yield from category.matters


def _flatten(entries: list[Entry]):
    for entry in entries:
        yield entry
        yield from _flatten(entry.children)
