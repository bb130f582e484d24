"""View data: what a page shows, as plain objects built from the charter, apart from any markup.

A template turns these into Markdown for the site; another output (a Word document, a plain-text
export) can turn the same objects into its own form. Text is a list of `Run`s — plain text, or a
link to an id with the label a reader sees — never Markdown or HTML: escaping is the output's job.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from . import checks, forms, model, scoring
from .loader import Charter
from .outline import Outline, applies
from .scoring import SHORT_OF, score_checklist


@dataclass(frozen=True)
class Run:
    text: str
    target: str | None = None  # an id: the run links to it


Rich = list[Run]


@dataclass
class Article:
    """One numbered article of the complete charter."""

    id: str
    number: str  # 第12条
    title: str
    text: Rich
    kind: str = "entry"  # entry / route / phase / other
    adapted: bool = False  # changed by the school (本校调整)
    decides: str = ""  # the body that decides, for an entry that names one
    items: list[Rich] = field(default_factory=list)
    children: list[Article] = field(default_factory=list)
    when: str = ""  # a phase of the timeline: when
    steps: list[tuple[str, str]] = field(default_factory=list)  # a decision route: (step, who)
    tasks: list[str] = field(default_factory=list)  # a phase: its tasks


@dataclass
class ChapterView:
    key: str
    number: int
    title: str
    articles: list[Article]


class Views:
    """Builds view data; `title_of` gives the title a reader sees for an id (it follows the school's profile)."""

    def __init__(self, charter: Charter, outline: Outline, title_of, adapted: set[str]):
        self.charter, self.outline, self.title_of, self.adapted = charter, outline, title_of, adapted
        self.cited: dict[str, dict[str, None]] = {}  # source id → ids citing it, in order, once each
        for obj in charter.by_id.values():
            for ref in getattr(obj, "sources", None) or []:
                self.cited.setdefault(ref.ref, {})[obj.id] = None

    def rich(self, text: str) -> Rich:
        """Data text with its `[[id]]` and `[[id|label]]` links as runs."""
        text, runs, last = text.strip(), [], 0
        for match in checks.INLINE_REF.finditer(text):
            if match.start() > last:
                runs.append(Run(text[last : match.start()]))
            target = match.group(1).strip()
            runs.append(Run(match.group(2) or self.title_of(target), target))
            last = match.end()
        if last < len(text):
            runs.append(Run(text[last:]))
        return runs

    def chapters(self) -> list[ChapterView]:
        """The complete charter: chapters and their articles, numbered."""
        return [
            ChapterView(chapter.key, number, chapter.title, [self.article(i) for i in chapter.ids])
            for number, chapter in enumerate(self.outline.chapters, 1)
        ]

    def article(self, target: str) -> Article:
        obj = self.charter.by_id[target]
        article = Article(target, self.outline.numbers.get(target, ""), self.title_of(target), self.rich(obj.text))
        article.adapted = target in self.adapted
        if isinstance(obj, model.Entry):
            article.decides = self.title_of(obj.decides) if obj.decides else ""
            article.items = [self.rich(item) for item in obj.items]
            article.children = [self._child(c) for c in obj.children if applies(self.charter, c.applies_to)]
        elif isinstance(obj, model.Route):
            article.kind = "route"
            article.steps = [(step.title, self.title_of(step.actor)) for step in obj.steps]
        elif isinstance(obj, model.Phase):
            article.kind = "phase"
            article.when = obj.when
            article.tasks = [task.title for task in obj.tasks]
        else:
            article.kind = "other"
        return article

    def _child(self, child: model.Entry) -> Article:
        return Article(child.id, self.outline.numbers.get(child.id, ""), child.title, self.rich(child.text))

    def number(self, target: str) -> str:
        return self.outline.numbers.get(target, "")

    def checklist_items(self) -> list[model.ChecklistItem]:
        return [i for cl in self.charter.checklists for s in cl.sections for i in s.items]

    def checklist_view(self, checklist: model.Checklist) -> dict:
        """Numbered sections and items of a checklist for the school, and the data its script needs:
        the items, the scoring rule (`scoring.page_rules`) and the CSV columns (`forms.page_columns`)."""
        sections, excluded, applicable = [], [], []
        for position, section, numbered in forms.numbered(self.charter, checklist):
            excluded += [i for i in section.items if not applies(self.charter, i.applies_to)]
            items = [
                {
                    "id": item.id,
                    "number": number,
                    "question": item.question,
                    "guidance": item.guidance,
                    "evidence": item.evidence,
                    "points": item.points,
                    "verifies": item.verifies,
                    "hash": item_hash(item),
                }
                for number, item in numbered
            ]
            applicable += [item for _, item in numbered]
            if items:
                sections.append({"id": section.id, "number": str(position), "title": section.title, "items": items})
        fields = ("id", "number", "question", "guidance", "evidence", "points", "hash")
        data = {
            "format": ASSESSMENT_FORMAT,
            "schema_version": ASSESSMENT_SCHEMA_VERSION,
            "checklist": checklist.id,
            "title": checklist.title,
            "version": checklist.version,
            "school": self.charter.school.name,
            "rules": scoring.page_rules(checklist),
            "columns": forms.page_columns(),
            "sections": [
                {"id": s["id"], "number": s["number"], "title": s["title"], "items": [{k: i[k] for k in fields} for i in s["items"]]}
                for s in sections
            ],
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # The summary as the page opens with no answers, so that the script only updates its numbers.
        empty = score_checklist(checklist, applicable, {})
        empty["summary"] = scoring.summary(empty["overall"], empty["rating"])
        for section, (_, score) in zip(sections, empty["sections"], strict=True):
            section["empty"] = score
        return {"sections": sections, "excluded": excluded, "json": text, "empty": empty}

    def assessment_reports(self) -> list[dict]:
        """Per checklist with committed results: every assessment scored, oldest first."""
        reports = []
        for checklist in self.charter.checklists:
            assessments = [a for a in self.charter.assessments if a.checklist == checklist.id]
            if not assessments:
                continue
            items = [i for s in checklist.sections for i in s.items if applies(self.charter, i.applies_to)]
            numbers = {i["id"]: i["number"] for s in self.checklist_view(checklist)["sections"] for i in s["items"]}
            results = []
            for assessment in assessments:
                answers = {k: v.answer for k, v in assessment.answers.items() if v.answer}
                scored = score_checklist(checklist, items, answers)
                results.append(
                    {
                        "assessment": assessment,
                        "score": scored["overall"],
                        "rating": scored["rating"],
                        "sections": scored["sections"],
                        "not_met": [i for i in items if answers.get(i.id) in SHORT_OF],
                        "unanswered": [i for i in items if not answers.get(i.id)],
                    }
                )
            reports.append({"checklist": checklist, "results": results, "numbers": numbers})
        return reports

    def org_levels(self) -> list[tuple[str, str]]:
        """The levels of the organisation chart from the structure entry's items ("名称：说明"), top level
        named for the school; a 党支部 school has no branches under it."""
        top = (self.title_of("party-organization"), f"{self.title_of('secretary')}主持全面工作")
        entry = self.charter.by_id.get("leadership-structure")
        levels = [tuple(item.split("：", 1)) if "：" in item else (item, "") for item in getattr(entry, "items", [])[1:]]
        if self.charter.school.org_type == "党支部":
            levels = [level for level in levels if level[0] != "党支部"]
        return [top, *levels]

    def mode_entries(self, mode: str) -> list[model.Entry]:
        """Entries (sections and duties) that apply only under one leadership mode, for the side-by-side."""
        org_types = {"分设": {"党委", "党总支"}, "一肩挑": {"党支部"}}[mode]
        found = []
        entries = [e for s in self.charter.sections for e in s.entries] + [i for d in self.charter.duties for i in d.items]
        for entry in entries:
            a = entry.applies_to
            if a is not None and (mode in a.modes or (a.org_types and set(a.org_types) <= org_types)):
                found.append(entry)
        return found

    def duties_for_matter(self, matter_id: str) -> list[str]:
        return [i.id for d in self.charter.duties for i in d.items if matter_id in i.matters]

    def matters_on_route(self, route_id: str) -> list[str]:
        return [m.id for cat in self.charter.matters.categories for m in cat.matters if m.route == route_id]

    def citing(self, source_id: str) -> list[str]:
        return list(self.cited.get(source_id, {}))

    def calculator(self, rule: model.Rule) -> dict:
        """The quorum and vote calculator, worked out here for every member count the form allows:
        per threshold the table of the fewest present (or votes) for each count (`need[count]`), and
        the sentences to show, in the canonical wording, where the script only puts numbers:
        `{members}`, `{present}`, `{favour}`, `{need}` (Python's `str.format` syntax; `{{` is a brace).
        A pass threshold on those present has its table per present count (`by: present`)."""
        low, high = 1, 99  # the member counts the school profile allows (schemas.SCHOOL)

        def plain(text: str) -> str:  # data text inside a sentence: braces kept as braces
            return text.replace("{", "{{").replace("}", "}}")

        def quorum(parameter: model.Parameter) -> dict:
            need = f"须{checks.describe_threshold(parameter.threshold)}成员到会，{{members}} 人中至少 {{need}} 人；"
            need += f"实到 {{present}} 人（{plain(self.number(parameter.id))}）。"
            return {"id": parameter.id, "need": parameter.threshold.minimums(high), "yes": "可以开会：" + need, "no": "不能开会：" + need}

        decision = rule.decision
        cited = f"（{plain(self.number(decision.id))}）"
        if decision.method == "vote":
            base = "应到会成员" if decision.base == "members" else "实到成员"
            need = f"赞成票须{checks.describe_threshold(decision.threshold)}{base}，即至少 {{need}} 票；赞成 {{favour}} 票"
            vote = {
                "method": "vote",
                "by": decision.base,
                "need": decision.threshold.minimums(high),
                "yes": "通过：" + need + cited + "。",
                "no": "不通过：" + need + cited + "。",
                "closed": "不通过：" + need + "，且会议未达到到会人数" + cited + "。",
            }
        else:
            vote = {"method": decision.method, "text": "由主持人在听取意见后集中多数意见作出决定" + cited + "。"}
        return {
            "members": [low, high],
            "quorum": quorum(rule.quorum),
            "special": [quorum(s) for s in rule.quorum.special],
            "decision": vote,
            "text": {
                "members": f"应到会成员须为 {low} 至 {high} 人。",
                "present": "实到人数不能多于应到会成员（{members} 人）。",
                "favour": "赞成票不能多于实到人数（{present} 人）。",
            },
        }

    def role_summaries(self) -> list[dict]:
        """Per role: what it convenes, proposes, decides, reports, derived from the data."""
        c = self.charter
        matters = [m for cat in c.matters.categories for m in cat.matters]
        summaries = []
        for role in c.roles:
            rid = role.id
            chairs = [r for r in c.rules if r.convener.role == rid]
            member_of = [r for r in c.rules if rid in r.members.roles]
            bodies = {r.body for r in chairs + member_of}
            summary = {
                "role": role,
                "duties": [d for d in c.duties if d.role == rid],
                "convenes": [r.convener.id for r in chairs],
                "substitutes": [r.convener.id for r in c.rules if r.convener.substitute == rid],
                "members": [r.members.id for r in member_of],
                "attends": [a.id for r in c.rules for a in r.attendees if rid in a.roles],
                "sets_agenda": [r.agenda.id for r in c.rules if r.agenda.decided_by == rid],
                "proposes": [m.id for m in matters if rid in m.proposes],
                "decides": [m.id for m in matters if m.decides == rid or m.decides in bodies],
                "last_word": [r.last_speaker.id for r in c.rules if r.last_speaker and rid in r.last_speaker.roles],
                "acts": [s.id for route in c.matters.routes for s in route.steps if s.actor == rid],
                "owns": [t.id for tl in c.timelines.timelines for p in tl.phases for t in p.tasks if t.owner == rid],
            }
            summaries.append(summary)
        return summaries


ASSESSMENT_FORMAT = "school-charter-assessment"
ASSESSMENT_SCHEMA_VERSION = 1


def item_hash(item: model.ChecklistItem) -> str:
    """A short fingerprint of what an item asks; saved answers to a changed item are flagged."""
    text = "\x1f".join([item.question, item.guidance, item.evidence, str(item.points)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
