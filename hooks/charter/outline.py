"""Where every id lives in the site, and its clause number, derived from positions in the data."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field

from .loader import Charter
from .model import AppliesTo, Entry

CN_NUMERALS = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n]
    if n < 20:
        return "十" + CN_NUMERALS[n - 10]
    tens, ones = divmod(n, 10)
    return CN_NUMERALS[tens] + "十" + (CN_NUMERALS[ones] if ones else "")


@dataclass
class Chapter:
    key: str  # page or page group, e.g. "leadership", "duties"
    title: str
    ids: list[str] = field(default_factory=list)  # numbered articles in order


@dataclass
class Outline:
    chapters: list[Chapter]
    numbers: dict[str, str]  # id → "第12条" / "第12条之1"
    pages: dict[str, str]  # id → src_uri of the page that shows it

    def url_to_page(self, page: str, from_page: str) -> str:
        return _relative(page, from_page)

    def url(self, target: str, from_page: str) -> str:
        page = self.pages[target]
        if page == from_page:
            return f"#{target}"
        return _relative(page, from_page) + f"#{target}"


@functools.lru_cache(maxsize=4096)  # a few dozen pages link to each other thousands of times
def _relative(page: str, from_page: str) -> str:
    return posixpath.relpath(page, posixpath.dirname(from_page) or ".")


def applies(charter: Charter, applies_to: AppliesTo | None) -> bool:
    return applies_to is None or applies_to.fits(charter.school)


def build_outline(charter: Charter) -> Outline:
    pages: dict[str, str] = {}
    chapters: list[Chapter] = []
    sections = {s.order: s for s in charter.sections}

    def section_chapter(section) -> Chapter:
        chapter = Chapter(section.id, section.title)
        place_section(section, f"{section.id}.md", chapter)
        return chapter

    def place_section(section, page, chapter):
        pages[section.id] = page
        for entry in _flatten(section.entries):
            pages[entry.id] = page
        chapter.ids += [e.id for e in section.entries if applies(charter, e.applies_to)]

    fixed = {2: "duties", 3: "rules", 4: "matters", 8: "timeline"}
    orders = sorted(set(sections) | set(fixed))
    for order in orders:
        section = sections.get(order)
        if order not in fixed:
            if section is not None and order < 9:
                chapters.append(section_chapter(section))
            continue
        key = fixed[order]
        if key == "duties":
            chapter = Chapter("duties", "职责")
            for duties in charter.duties:
                page = f"duties/{duties.role}.md"
                pages[duties.id] = page
                for item in duties.items:
                    pages[item.id] = page
                chapter.ids += [i.id for i in duties.items if applies(charter, i.applies_to)]
        elif key == "rules":
            chapter = Chapter("rules", "议事规则")
            for rule in charter.rules:
                page = f"rules/{rule.body}.md"
                pages[rule.id] = page
                for parameter in rule.parameters():
                    pages[parameter.id] = page
                for clause in _flatten(rule.clauses):
                    pages[clause.id] = page
                chapter.ids += [p.id for p in rule.parameters()]
                chapter.ids += [c.id for c in rule.clauses if applies(charter, c.applies_to)]
        elif key == "matters":
            chapter = Chapter("matters", "事项清单")
            for category in charter.matters.categories:
                pages[category.id] = "matters/index.md"
                for matter in category.matters:
                    pages[matter.id] = "matters/index.md"
                chapter.ids += [m.id for m in category.matters if applies(charter, m.applies_to)]
            for route in charter.matters.routes:
                pages[route.id] = "matters/routes.md"
                for step in route.steps:
                    pages[step.id] = "matters/routes.md"
                chapter.ids.append(route.id)
        else:
            chapter = Chapter("timeline", "实施步骤")
            for timeline in charter.timelines.timelines:
                pages[timeline.id] = "timeline.md"
                for phase in timeline.phases:
                    pages[phase.id] = "timeline.md"
                    for task in phase.tasks:
                        pages[task.id] = "timeline.md"
                    chapter.ids.append(phase.id)
        if section is not None:  # a data section that belongs to a fixed chapter, e.g. the decision procedure
            page = {"rules": "rules/procedure.md"}.get(key, f"{section.id}.md")
            place_section(section, page, chapter)
        chapters.append(chapter)
    for section in charter.sections:
        if section.order >= 9:
            pages[section.id] = f"{section.id}.md"
            for entry in _flatten(section.entries):
                pages[entry.id] = f"{section.id}.md"
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
    for checklist in charter.checklists:
        page = f"checklists/{checklist.id}.md"
        pages[checklist.id] = page
        for section in checklist.sections:
            pages[section.id] = page
            for item in section.items:
                pages[item.id] = page
    numbers = _number(charter, chapters)
    return Outline(chapters, numbers, pages)


def _number(charter: Charter, chapters: list[Chapter]) -> dict[str, str]:
    numbers: dict[str, str] = {}
    article = 0
    entries = {e.id: e for e in _all_entries(charter)}
    for chapter in chapters:
        for entry_id in chapter.ids:
            article += 1
            numbers[entry_id] = f"第{article}条"
            entry = entries.get(entry_id)
            if entry is not None:
                _number_children(charter, entry, f"第{article}条", numbers)
    return numbers


def _number_children(charter: Charter, entry: Entry, prefix: str, numbers: dict[str, str]) -> None:
    position = 0
    for child in entry.children:
        if applies(charter, child.applies_to):
            position += 1
            numbers[child.id] = f"{prefix}（{chinese_number(position)}）"
            _number_children(charter, child, numbers[child.id], numbers)


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
