"""The school's documents in their 公文 form: which articles each holds, in which chapter, under which number.

A school keeps one 章程 and, beside it, an 议事规则 for each meeting and a 事项清单. Each document has a
title, a 总则, chapters (a chapter holding several roles' duties has a 节 per role), a 附则, and articles
numbered from its own 第一条. Articles come from the data; a few are the documents' own form — the purpose
and basis at the start, the reading of 以上, the interpretation and the effective date at the end — and
have ids of their own (`FORM_ARTICLES`), worded by the view data from the school's profile and the data.

Background that is not a rule of the school (the district's pilot timetable, the appendix 背景与进展)
is in no document: it stays on the site's reference pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import numerals
from .chapters import CHAPTERS, PARTY_MEETING, RULE_PARTS
from .model import Entry, Rule

# The documents' own articles (their form, not rules of the school), by the id suffix; `form_id` makes the id.
OPENING = "purpose"  # 为……，根据……，结合本校实际，制定本章程（本规则）。
APPLICATION = "application"  # the 章程 only: the school it applies to and its leadership system
COMPANIONS = "companions"  # the 章程 only: the 议事规则 and the 事项清单 are made beside it
SMALL_BRANCH = "small-branch"  # the Party meeting's rule of a 党支部 without a 支部委员会: its 党员大会 meets
SCOPE = ("decides", "studies")  # a rule only: the matters its meeting decides, and studies for another, from the 事项清单
CLOSING = ("reading", "interpretation", "effective")  # 以上 includes the number; who interprets; 自……起施行


@dataclass
class Part:
    """A chapter (章) or a section (节) of a document."""

    key: str
    title: str
    ids: list[str] = field(default_factory=list)  # its articles, in order
    sections: list[Part] = field(default_factory=list)  # its 节, when a chapter holds several roles' duties


@dataclass
class Document:
    id: str  # "charter", a rule's id, or "matters"
    title: str  # as the school's document is called, without the school's name: 章程, 党组织会议议事规则
    page: str  # the src_uri of its page
    parts: list[Part]
    kind: str = "articles"  # "articles", or "list" for the 事项清单 (numbered items in tables, not articles)

    def article_ids(self) -> list[str]:
        return [i for part in self.parts for i in (part.ids + [j for s in part.sections for j in s.ids])]


def form_id(document: str, suffix: str) -> str:
    return f"{document}-{suffix}"


def build_documents(charter, applies, by_parent: dict[str, list]) -> list[Document]:
    """The documents of a school, from its charter; `applies(applies_to)` says whether an entry is the school's."""

    def entries(items: list[Entry]) -> list[str]:
        return [e.id for e in items if applies(e.applies_to)]

    def sections(key: str) -> list[str]:
        return [i for section in by_parent.get(key, []) for i in entries(section.entries)]

    # 章程: 总则, the chapters of `CHAPTERS` that hold the school's rules, 附则.
    parts = [Part("general", "总则", [form_id("charter", OPENING), form_id("charter", APPLICATION)])]
    for key, spec in CHAPTERS.items():
        if not spec["in_charter"]:
            continue
        part = Part(key, spec["title"], sections(key))
        if spec["kind"] == "duties":
            part.sections = [Part(d.id, d.title, entries(d.items)) for d in charter.duties]
        elif spec["kind"] == "rules" and charter.rules:
            part.ids.append(form_id("charter", COMPANIONS))
        if part.ids or part.sections:
            parts.append(part)
    parts.append(Part("supplementary", "附则", [form_id("charter", s) for s in CLOSING]))
    documents = [Document("charter", "章程", "charter.md", parts)]

    # 议事规则: one per meeting, chapters by what each part of the rule is about (`RULE_PARTS`).
    for rule in charter.rules:
        documents.append(Document(rule.id, rule.title, f"documents/{rule.id}.md", _rule_parts(charter, rule, applies)))

    # 事项清单: the categories, each a table of numbered matters.
    if charter.matters.categories:
        matters = [Part(c.id, c.title, entries(c.matters)) for c in charter.matters.categories]
        documents.append(Document("matters", "事项清单", "documents/matters.md", [p for p in matters if p.ids], kind="list"))
    return documents


def _rule_parts(charter, rule: Rule, applies) -> list[Part]:
    parts = {key: Part(key, title) for key, (title, _) in RULE_PARTS.items()}
    parts["general"].ids.append(form_id(rule.id, OPENING))
    if rule.body == PARTY_MEETING and charter.school.small_branch:
        parts["general"].ids.append(form_id(rule.id, SMALL_BRANCH))
    for suffix, matters in zip(SCOPE, rule_matters(charter, rule.body, applies), strict=True):
        if matters:
            parts["scope"].ids.append(form_id(rule.id, suffix))
    for key, (_, names) in RULE_PARTS.items():
        for name in names:
            value = getattr(rule, name)
            for parameter in value if isinstance(value, list) else [value]:
                if parameter is not None:
                    parts[key].ids.append(parameter.id)
                    if name == "quorum":  # the special quorums follow the general one
                        parts[key].ids += [special.id for special in parameter.special]
    for clause in rule.clauses:
        if applies(clause.applies_to):
            parts[clause.part or "procedure"].ids.append(clause.id)
    parts["supplementary"].ids += [form_id(rule.id, s) for s in CLOSING]
    return [p for p in parts.values() if p.ids]


def number_documents(documents: list[Document], children) -> tuple[dict[str, str], dict[str, str]]:
    """Article numbers, each document from its own 第一条, and the document of every numbered id;
    `children(id)` gives an article's applicable sub-entries, numbered （一）（二） under it. A list's
    items are numbered 第1项, 第2项, … across its tables."""
    numbers: dict[str, str] = {}
    home: dict[str, str] = {}

    def number_children(parent: str) -> None:
        for position, child in enumerate(children(parent), 1):
            numbers[child] = numbers[parent] + numerals.item(position)
            home[child] = home[parent]
            number_children(child)

    for document in documents:
        for position, article in enumerate(document.article_ids(), 1):
            numbers[article] = f"第{position}项" if document.kind == "list" else numerals.article(position)
            home[article] = document.id
            number_children(article)
    return numbers, home


# Sources a document names as its basis: national laws and Party and state documents, not a province's or
# a city's plan (a school elsewhere is not bound by them) and not the local examples (`seed`).
NATIONAL = ("policy",)


def rule_matters(charter, body: str, applies) -> tuple[list, list]:
    """The matters a meeting decides, and those it studies before another body decides them."""
    matters = [m for c in charter.matters.categories for m in c.matters if applies(m.applies_to)]
    return [m for m in matters if m.decides == body], [m for m in matters if body in m.deliberates and m.decides != body]
