"""View data: what a page shows, as plain objects built from the charter, apart from any markup.

One object per kind of page (`Views.page`, from the page's template and context in the outline).
A template turns these into Markdown for the site; another output (a Word document, a plain-text
export) can turn the same objects into its own form. Titles and clause numbers are worked out here;
a link is a `Link` (label, page, anchor); text is a list of `Run`s — plain text, or a link to an id
with the label a reader sees — never Markdown or HTML: escaping is the output's job.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field

import yaml

from . import checks, documents, forms, model, numerals, scoring
from .documents import Document
from .loader import Charter
from .numerals import chinese_number as cn
from .outline import Outline, applies
from .overlay import Departure
from .schemas import KINDS, schema_file_name
from .scoring import SHORT_OF, score_checklist


@dataclass(frozen=True)
class Run:
    text: str
    target: str | None = None  # an id: the run links to it


Rich = list[Run]


@dataclass(frozen=True)
class Link:
    """A link a reader sees as `label`, to `anchor` on the generated page `page` (a src_uri)."""

    label: str
    page: str  # "" for no page: the link stays on the page it is on
    anchor: str = ""


@dataclass
class Meta:
    """The line under an entry: its adaptation by the school, sources, tags, the checklist items that
    verify it and the schools it applies to."""

    adapted: Link | None = None  # to its row in 本校调整
    sources: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    checks: list[Link] = field(default_factory=list)
    checks_note: str = ""  # the school changed the entry: its checklist items are asked of the school's text
    applies_to: str | None = None  # which schools, for an entry that does not apply to every school
    applicable: bool = True  # whether it applies to this school

    def __bool__(self) -> bool:
        return bool(self.adapted or self.sources or self.tags or self.checks or self.applies_to is not None)


@dataclass
class EntryView:
    """A numbered entry as its page shows it (a section's entry, a duty, a rule's clause or parameter)."""

    id: str
    number: str  # "" when it does not apply to the school
    title: str
    text: Rich
    meta: Meta
    applicable: bool = True
    items: list[Rich] = field(default_factory=list)
    children: list[EntryView] = field(default_factory=list)
    matters: list[Link] = field(default_factory=list)  # a duty: the matters it concerns


@dataclass
class ArticleView:
    """An article of a document: 第一条 and its text; its items and sub-entries numbered （一）（二）."""

    id: str
    number: str  # 第一条, or 第1项 in a list
    text: Rich
    items: list[tuple[str, Rich]] = field(default_factory=list)  # （一） and the item's text; no anchors
    children: list[ArticleView] = field(default_factory=list)  # sub-entries （一）…, each with its anchor
    adaptation: Link | None = None  # its row in 本校调整, when the school changed it
    row: MatterRow | None = None  # a list's item: its row of the table


@dataclass
class MatterRow:
    title: str
    detail: str  # the school's items and amounts that make up the matter, in one line
    proposes: str
    deliberates: str
    decides: str
    consult: str
    approval: str


@dataclass
class PartView:
    """A chapter (第一章), a section of a chapter (第一节), or a table of a list (一、)."""

    key: str
    number: str
    title: str
    articles: list[ArticleView]
    sections: list[PartView] = field(default_factory=list)


@dataclass
class DocumentView:
    id: str
    title: str  # with the school's name: 示范中学党组织会议议事规则
    kind: str  # "articles", or "list" for the 事项清单
    effective: str  # 2026年9月1日
    parts: list[PartView]
    intro: Rich = field(default_factory=list)  # a list's introduction
    model: str = ""  # the model and version it follows, for the screen only
    closing: list[Rich] = field(default_factory=list)  # a list's 附则: the reading of 以上, interpretation, effective date
    closing_title: str = ""  # 五、附则


@dataclass
class ReleaseView:
    version: str
    date: str  # 2026年11月25日
    changes: list[tuple[Link, str, str]]  # the entry, 新增/修改/删除, the note
    notes: list[Rich]  # format changes and how to rewrite, removed entries


@dataclass
class FidelityRow:
    """An article of a document and the documents that say its rule."""

    article: Link  # its number and title, to where the site shows it
    kind: str  # 上级文件 / 地方文件 / 示范做法 / 文件格式
    policy: list[Link]  # national documents, with the place
    examples: list[Link]  # local documents and local examples (参考：…)


@dataclass
class FidelityDocument:
    title: str
    rows: list[FidelityRow]


@dataclass
class LocalPage:
    departures: list[DepartureView]
    releases: list[ReleaseView]  # the model's releases after the version the school adopted


CHANGES = {"modified": "修改", "added": "新增", "removed": "删除"}
HIDDEN_FIELDS = ("id", "part")  # fields of an added entry a reader does not read: its id, the part of the rule it is in
BRANCH_REGULATIONS = "policy-branch-regulations"  # 《中国共产党支部工作条例（试行）》: a branch without a committee
OPINION = "policy-zhongban-2022-7"  # 《关于建立中小学校党组织领导的校长负责制的意见（试行）》
CIVIL_CODE = "civil-code"  # the source of the reading of 以上 and 超过 in every document's 附则 (第一千二百五十九条)


@dataclass
class ModeCell:
    link: Link
    text: Rich


@dataclass
class Leadership:
    """The leadership page's part about the school: its arrangement, organisation chart and the two modes."""

    arrangement: str  # 书记、校长“一肩挑”，设专职副书记协助书记专职抓党建
    levels: list[tuple[str, str]]  # the organisation chart, top down: (name, note)
    basis: Link | None  # the entry the chart follows
    modes: list[tuple[ModeCell | None, ModeCell | None]]  # entries only for 分设 beside those only for 一肩挑


@dataclass
class SectionPage:
    id: str
    title: str
    intro: Rich
    entries: list[EntryView]
    leadership: Leadership | None = None


@dataclass
class DutiesPage:
    id: str
    role: str  # the role's title
    intro: Rich
    sources: list[Link]
    entries: list[EntryView]  # with the matters each duty concerns


@dataclass
class SummaryRow:
    """A row of a rule's summary: what, the rule as the school has it, and the clause that says so."""

    label: str
    setting: Rich
    clause: Link  # labelled with the clause number


@dataclass
class SpecialQuorum:
    id: str
    matters: list[str]  # titles of the matters it is for
    minimum: int  # members present the school needs


@dataclass
class RulePage:
    id: str
    title: str
    body: str  # the id of the body that meets
    body_title: str
    nature: Rich
    sources: list[Link]
    summary: list[SummaryRow]
    calculator: dict  # `Views.calculator`, for the script
    members: int  # the school's members of the body
    quorum: int  # members present the school needs
    specials: list[SpecialQuorum]
    vote: bool  # decided by vote (else the chair decides)
    pass_votes: int | None  # votes in favour the school needs, when counted on all members
    articles: list[EntryView]  # parameters (titled by their role in the rule) and clauses, in the document's order
    note: Rich = field(default_factory=list)  # what differs for this school (a 党支部 without a 支部委员会)


@dataclass
class MatterView:
    id: str
    number: str
    title: str
    link: Link
    text: Rich
    applicable: bool
    proposes: list[Link]
    deliberates: list[Link]
    decides: Link
    consult: list[Link]
    consult_experts: bool
    approval: Rich | None  # who approves, for a matter that needs approval
    route: Link | None  # its decision route (None when the school's routing no longer follows it)
    duties: list[Link]  # duties that concern it, numbered
    meta: Meta
    off_route: Link | None = None  # the route the model gives it, when the school re-routed the matter
    items: list[tuple[str, Rich]] = field(default_factory=list)  # the school's list of what the matter covers: （一）…
    amounts: list[str] = field(default_factory=list)  # 单笔支出1万元以上


@dataclass
class MatterCategoryView:
    id: str
    title: str
    text: Rich
    sources: list[Link]
    matters: list[MatterView]


@dataclass
class MattersPage:
    intro: Rich
    categories: list[MatterCategoryView]


@dataclass
class RouteStepView:
    id: str
    title: str
    actor: str  # its title
    text: str  # plain: links read as their titles


@dataclass
class RouteView:
    id: str
    title: str
    text: Rich
    steps: list[RouteStepView]
    matters: list[Link]  # the matters that follow the route
    meta: Meta
    departed: list[tuple[Link, str]] = field(default_factory=list)  # matters given the route that no longer follow it: who decides now


@dataclass
class RoutesPage:
    routes: list[RouteView]
    rerouted: list[tuple[str, list[Link]]]  # the bodies that decide matters the school re-routed, with those matters


@dataclass
class RoleSummary:
    """What a role convenes, proposes, decides, reports, derived from the data."""

    id: str
    title: str
    description: Rich
    duties: list[tuple[Link, int]]  # its duty lists and their lengths
    convenes: list[Link]
    substitutes: list[Link]
    members: list[Link]
    attends: list[Link]
    sets_agenda: list[Link]
    proposes: list[Link]
    decides: list[Link]
    last_word: list[Link]
    acts: list[Link]  # steps of decision routes
    owns: list[Link]  # tasks of the timeline
    meta: Meta


@dataclass
class BodyView:
    id: str
    title: str
    description: Rich
    meta: Meta


@dataclass
class RolesPage:
    roles: list[RoleSummary]
    bodies: list[BodyView]  # bodies without rules of their own


@dataclass
class TaskView:
    id: str
    title: str
    text: Rich
    owner: Link
    target: Rich


@dataclass
class PhaseView:
    id: str
    title: str
    when: str
    text: Rich
    tasks: list[TaskView]
    meta: Meta


@dataclass
class TimelineView:
    id: str
    title: str
    text: Rich
    sources: list[Link]
    phases: list[PhaseView]


@dataclass
class TimelinePage:
    intro: Rich
    timelines: list[TimelineView]


@dataclass
class DocumentRow:
    link: Link  # to the document's page
    parts: str  # 9章, or 9类 for the list
    articles: str  # 86条, or 27项 for the list


@dataclass
class HomePage:
    title: str  # 示范章程 (the model's example profile), or the school's 江城第一中学章程
    summary: Rich
    adopted: str  # an adopted school: the model version its charter follows
    changes: Link | None  # to 本校调整, when the school changed the model
    secretary: str  # the secretary's title for the school
    members: list[tuple[str, int]]  # (body, members) of the school's bodies
    documents: list[DocumentRow]
    effective: str  # 2026年9月1日
    terms: int
    sources: int
    checklists: list[Link]
    checklist_items: int


@dataclass
class TermView:
    id: str
    term: str
    definition: Rich
    aliases: list[str]
    sources: list[Link]


@dataclass
class SourceView:
    id: str
    title: str
    issuer: str
    number: str
    year: int | None
    file: str
    note: Rich
    cites: list[Link]
    cited_by: list[Link]  # entries citing it, numbered
    date: str = ""  # 2024年3月1日
    url: str = ""  # shown as text, never a link


@dataclass
class SourceGroup:
    kind: str
    label: str
    sources: list[SourceView]


@dataclass
class FieldChange:
    """A field of an adapted entry: its value in the model and the school's, as `Views.value` gives them."""

    name: str
    model: object
    school: object


@dataclass
class DepartureView:
    kind: str  # modified / added / removed
    action: str  # 修改 / 新增 / 删除
    anchor: str
    title: str
    link: Link | None  # the entry, numbered (not for a removed one)
    flag: str
    reason: Rich
    file: str
    line: int | None
    added_at: str
    fields: list[FieldChange]


@dataclass
class ChecklistRow:
    id: str
    link: Link
    version: str
    items: int  # applicable items
    points: float


@dataclass
class DutiesRow:
    role: Link
    duties: Link
    items: int


@dataclass
class RuleRow:
    link: Link
    nature: Rich
    convener: str
    frequency: str
    quorum: str


@dataclass
class FloorRow:
    id: str
    title: str
    targets: list[Link]  # the parameters it binds, numbered
    sources: list[Link]
    scope: str = ""  # a floor on a kind of body that no rule of the school has yet: what it would bind


@dataclass
class RulesIndexPage:
    rules: list[RuleRow]
    see_also: list[Link]  # sections in the rules chapter
    floors: list[FloorRow]
    count: str = ""  # how many rules, in words: 两个, 三个


class Views:
    """Builds view data. Titles follow the school's profile; a rule's parameters are titled by their role
    in the rule (党支部会议召集和主持)."""

    def __init__(self, charter: Charter, outline: Outline):
        self.charter, self.outline = charter, outline
        self.adapted = {d.id for d in charter.departures if d.kind != "removed"}
        self.cited: dict[str, dict[str, None]] = {}  # source id → ids citing it, in order, once each
        for obj in charter.by_id.values():
            for ref in getattr(obj, "sources", None) or []:
                self.cited.setdefault(ref.ref, {})[obj.id] = None
        self.verifiers: dict[str, list[model.ChecklistItem]] = {}  # id → applicable checklist items verifying it
        for item in self.checklist_items():
            if applies(charter, item.applies_to):
                for target in item.verifies:
                    self.verifiers.setdefault(target, []).append(item)
        self.parameter_rule: dict[str, tuple[model.Rule, str]] = {}  # parameter id → (its rule, its field)
        for rule in charter.rules:
            for name in PARAMETER_LABELS:
                value = getattr(rule, name, None)
                for parameter in value if isinstance(value, list) else [value]:
                    if parameter is not None:
                        self.parameter_rule[parameter.id] = (rule, name)
            for special in rule.quorum.special if rule.quorum else []:
                self.parameter_rule[special.id] = (rule, "special")

    # Titles, numbers, links

    def title(self, target: str) -> str:
        if target in self.parameter_rule:
            return self.parameter_label(target)
        return self.charter.title_of(target)

    def parameter_label(self, parameter_id: str) -> str:
        rule, name = self.parameter_rule[parameter_id]
        label = PARAMETER_LABELS[name]
        if name == "decision" and self.charter.by_id[parameter_id].method != "vote":
            label = "决定方式"
        return f"{self.title(rule.body)}{label}"

    def number(self, target: str) -> str:
        """Its number in its document (第十二条), as the headings of the document's own pages show it."""
        return self.outline.numbers.get(target, "")

    def reference(self, target: str) -> str:
        """Its number as a reader finds it from elsewhere: 章程第十二条, 党组织会议议事规则第四条, 事项清单第3项."""
        number, document = self.number(target), self.outline.home.get(target)
        if not number or document is None:
            return number
        names = {d.id: d.title for d in self.outline.documents}
        return names[document] + number

    def link(self, target: str, label: str | None = None) -> Link:
        return Link(label or self.title(target), self.outline.pages[target], target)

    def numbered(self, target: str) -> Link:
        """A link labelled with the clause number (when it has one) and the title."""
        number = self.reference(target)
        return self.link(target, (f"{number} " if number else "") + self.title(target))

    def sources(self, refs: list[model.SourceRef]) -> list[Link]:
        """Sources as a reader knows them: a document by its title, a local example as one (参考：…)."""
        return [self.link(ref.ref, self.source_name(ref.ref) + ref.at) for ref in refs]

    def source_name(self, source_id: str) -> str:
        source = self.charter.by_id[source_id]
        if source.kind == "seed":
            return f"参考：{source.title}"
        return f"《{source.title}》" + (f"（{source.number}）" if source.number else "")

    def plain(self, text: str) -> str:
        """Data text with `[[id]]` as the title, for where a link cannot go (an HTML attribute, a tooltip)."""
        return checks.INLINE_REF.sub(lambda m: m.group(2) or self.title(m.group(1).strip()), text)

    def meta(self, obj) -> Meta:
        meta = Meta()
        if obj.id in self.adapted:
            meta.adapted = Link("本校调整", "local.md", f"local-{obj.id}")
        meta.sources = self.sources(getattr(obj, "sources", None) or [])
        meta.tags = list(getattr(obj, "tags", None) or [])
        meta.checks = [self.link(i.id, _short(i.question)) for i in self.verifiers.get(obj.id, [])]
        if meta.checks and obj.id in self.adapted:
            meta.checks_note = "（本校已调整，按本校条文核查）"
        applies_to = getattr(obj, "applies_to", None)
        if applies_to is not None:
            meta.applies_to, meta.applicable = applies_to.describe(), applies(self.charter, applies_to)
        return meta

    def entry(self, obj: model.Entry) -> EntryView:
        return EntryView(
            obj.id,
            self.number(obj.id),
            obj.title,
            self.rich(obj.text),
            self.meta(obj),
            applies(self.charter, obj.applies_to),
            [self.rich(item) for item in obj.items],
            [self.entry(child) for child in obj.children],
        )

    # Pages

    def page(self, template: str, **context):
        """The view object of a page of the outline, from its template and context (`outline.Page`)."""
        builders = {
            "section.md.j2": self.section_page,
            "leadership.md.j2": self.section_page,
            "duties.md.j2": self.duties_page,
            "rule.md.j2": self.rule_page,
            "matters.md.j2": self.matters_page,
            "routes.md.j2": self.routes_page,
            "roles.md.j2": self.roles_page,
            "timeline.md.j2": self.timeline_page,
            "home.md.j2": self.home_page,
            "document.md.j2": self.document_page,
            "glossary.md.j2": self.glossary_page,
            "sources.md.j2": self.sources_page,
            "local.md.j2": self.local_page,
            "downloads.md.j2": self.checklist_rows,
            "checklists-index.md.j2": self.checklist_rows,
            "duties-index.md.j2": self.duties_index,
            "rules-index.md.j2": self.rules_index,
            "checklist.md.j2": self.checklist_page,
            "report.md.j2": self.assessment_reports,
            "fields.md.j2": field_reference,
            "fidelity.md.j2": self.fidelity_page,
        }
        return builders[template](**context)

    def section_page(self, section: model.Section) -> SectionPage:
        page = SectionPage(section.id, section.title, self.rich(section.intro), [self.entry(e) for e in section.entries])
        if section.id == "leadership":
            page.leadership = self.leadership()
        return page

    def leadership(self) -> Leadership:
        title, school = self.title, self.charter.school
        if school.combined:
            arrangement = f"书记、校长“一肩挑”，设{title('fulltime-deputy-secretary')}协助书记专职抓党建"
        else:
            arrangement = f"书记、校长分设，党员校长任{title('deputy-secretary')}，设{title('fulltime-deputy-secretary')}"
        basis = None
        if "leadership-structure" in self.charter.by_id:
            basis = self.link("leadership-structure", f"{self.reference('leadership-structure')} {title('leadership-structure')}")
        cells = [[ModeCell(self.link(e.id), self.rich(e.text)) for e in self.mode_entries(mode)] for mode in ("分设", "一肩挑")]
        return Leadership(arrangement, self.org_levels(), basis, list(itertools.zip_longest(*cells)))

    def duties_page(self, duties: model.DutyList) -> DutiesPage:
        entries = []
        for item in duties.items:
            entry = self.entry(item)
            entry.matters = [self.link(m) for m in item.matters]
            entries.append(entry)
        return DutiesPage(duties.id, self.title(duties.role), self.rich(duties.intro), self.sources(duties.sources), entries)

    def rule_page(self, rule: model.Rule) -> RulePage:
        members = self.charter.school.members.get(rule.body, 0)
        quorum, decision = rule.quorum, rule.decision
        vote = decision is not None and decision.threshold is not None and decision.method != "chair-decides"
        pass_votes = decision.threshold.minimum(members) if vote and decision.base == "members" else None
        return RulePage(
            rule.id,
            rule.title,
            rule.body,
            self.title(rule.body),
            self.rich(rule.nature.text),
            self.sources(rule.sources),
            self.rule_summary(rule, members),
            self.calculator(rule),
            members,
            quorum.threshold.minimum(members) if quorum else None,
            [
                SpecialQuorum(s.id, [s.scope] if s.scope else [self.title(m) for m in s.matters], s.threshold.minimum(members))
                for s in (quorum.special if quorum else [])
            ],
            vote,
            pass_votes,
            self._articles(rule),
            self._small_branch_note(rule),
        )

    def _articles(self, rule: model.Rule) -> list[EntryView]:
        """The rule's parameters (titled by their role in the rule) and clauses in the order of its document, as
        their numbers go: a clause the school added stands where its `part` puts it, not after the parameters."""
        document = next((d for d in self.outline.documents if d.id == rule.id), None)
        order = {target: n for n, target in enumerate(document.article_ids())} if document else {}
        parameters = [
            EntryView(p.id, self.number(p.id), self.parameter_label(p.id), self.rich(p.text), self.meta(p), True, self._items(p))
            for p in rule.parameters()
        ]
        articles = parameters + [self.entry(e) for e in rule.clauses]
        return sorted(articles, key=lambda article: order.get(article.id, len(order)))

    def _items(self, obj) -> list[Rich]:
        """An entry's list (a rule's scope), each item closed as 公文 closes a list: ；… and 。 at the end."""
        items = [i.strip().rstrip("；;。") for i in getattr(obj, "items", None) or []]  # links kept: `[[id]]` ends in ]
        return [self.rich(item + ("。" if n == len(items) else "；")) for n, item in enumerate(items, 1)]

    def _small_branch_note(self, rule: model.Rule) -> Rich:
        document = next((d for d in self.outline.documents if d.id == rule.id), None)
        target = documents.form_id(rule.id, documents.SMALL_BRANCH)
        if document is None or target not in document.article_ids():
            return []
        text = self._form_article(document, target, "").text
        return [*text, Run(f"（《{rule.title}》{self.number(target)}）")]

    def rule_summary(self, rule: model.Rule, members: int) -> list[SummaryRow]:
        """The rule at a glance, one row per parameter; each piece of text its own run."""
        title, describe = self.title, checks.describe_threshold

        def row(label: str, parameter: model.Parameter, *pieces) -> SummaryRow:
            runs = [piece if isinstance(piece, Run) else Run(str(piece)) for piece in pieces if piece != ""]
            return SummaryRow(label, runs, self.link(parameter.id, self.number(parameter.id)))

        def titles(ids: list[str], separator: str = "、") -> list[str]:
            return [piece for i, x in enumerate(ids) for piece in ([separator] if i and separator else []) + [title(x)]]

        def days(n: int, working: bool) -> str:
            return f"{n}个工作日" if working else f"{n}天"

        def joined(*pieces) -> list:  # pieces of one sentence; empty ones left out, the rest with ，
            kept = [p for p in pieces if p]
            return [x for i, p in enumerate(kept) for x in ([Run("，")] if i else []) + (p if isinstance(p, list) else [p])]

        convener, agenda, frequency, quorum, decision = rule.convener, rule.agenda, rule.frequency, rule.quorum, rule.decision
        rows = []
        if rule.accountability:
            rows.append(row("负责和报告", rule.accountability, "向", *titles(rule.accountability.to), "负责并报告工作"))
        if rule.scope:
            rows.append(row("议事范围", rule.scope, "；".join(self.plain(i) for i in rule.scope.items)))
        if convener:
            substitute = ["；因故不能出席时可委托", title(convener.substitute)] if convener.substitute else []
            chairs = titles([convener.role, *convener.alternates], "或")
            rows.append(row("召集和主持", convener, *chairs, *substitute))
        rows.append(row("组成人员", rule.members, *titles(rule.members.roles), f"（本校{members}人）"))
        for a in rule.attendees:
            if a.status == "出席或列席":
                vote = "（是会议成员的出席，有表决权；不是的列席，有发言权，无表决权）"
            else:
                vote = "（有表决权）" if a.may_vote else "（有发言权，无表决权）"
            invited = f"（由{title(a.invited_by)}决定）" if a.invited_by else ""
            rows.append(row(a.status, a, *titles(a.roles), invited, vote))
        required = rule.required_attendance
        if required:
            must = joined(
                titles(required.roles) + ["必须到会"] if required.roles else [],
                "议题涉及的分管领导必须到会" if required.area_leaders else "",
                "分管领导未到会的，其分管议题一般不作决定" if required.absent_area_deferred else "",
                "因故不能到会的须事先请假" if required.leave else "",
                "准时到会" if required.on_time else "",
                f"出勤情况报{title(required.reported_to)}" if required.reported_to else "",
            )
            rows.append(row("到会要求", required, *must))
        if rule.officers:
            officers = rule.officers
            rows.append(row("监督员、记录员", officers, f"监督员{officers.supervisors}名，记录员{officers.recorders}名"))
        if agenda:
            ahead = f"须会前{agenda.lead_days}天提出" if agenda.lead_days is not None else ""
            proposed = titles(agenda.proposed_by) + ["提出" + (f"（{ahead}）" if ahead else "")] if agenda.proposed_by else ahead
            jointly = "共同" if agenda.decided_with else ""
            setters = titles([agenda.decided_by, *agenda.decided_with]) + [jointly + "确定"] if agenda.decided_by else []
            said = joined(proposed, setters, "会上不提临时动议" if agenda.no_ad_hoc else "")
            if agenda.circulated_in_advance:
                said += [Run("；事项清单提前送达" if said else "事项清单提前送达")]
            rows.append(row("议题", agenda, *said))
        if frequency:
            when = f"（{frequency.when}）" if frequency.when else ""
            often = [("原则上" if frequency.in_principle else "") + checks.describe_frequency(frequency) + when]
            request = titles(frequency.on_request) + ["提议时可随时召开"] if frequency.on_request else []
            rows.append(row("频次", frequency, *joined(often, "可随时召开" if frequency.as_needed else "", request)))
        if rule.notice:
            notice = rule.notice
            when = f"会前{days(notice.days, notice.working_days)}" if notice.days is not None else ""
            contents = f"写明{'、'.join(notice.contents)}" if notice.contents else ""
            who = f"由{title(notice.by)}" if notice.by else ""
            who += f"向{title(notice.to)}" if notice.to else ""
            when = ("在" if who and when else "") + when
            pieces = joined(who + when + "通知" + contents, "会议材料随通知送达" if notice.materials else "")
            rows.append(row("会议通知", notice, *pieces))
        if quorum:
            rows.append(row("到会门槛", quorum, describe(quorum.threshold), f"成员到会（本校至少{quorum.threshold.minimum(members)}人）"))
            for s in quorum.special:
                matters = (
                    [Run(s.scope)]
                    if s.scope
                    else [r for i, m in enumerate(s.matters) for r in ([Run("、")] if i else []) + [Run(title(m), m)]]
                )
                rows.append(
                    row("特别到会门槛", s, *matters, "：", describe(s.threshold), f"成员到会（本校至少{s.threshold.minimum(members)}人）")
                )
        if decision:
            absent = joined(
                {True: "未到会成员意见计入票数", False: "未到会成员意见不计入票数", None: ""}[decision.absent_opinions_counted],
                "未到会成员可以书面表达意见" if decision.absent_opinions_heard else "",
            )
            if decision.method == "chair-decides":
                chair = title(convener.role) if convener else "主持人"
                rows.append(row("决定方式", decision, chair, "集中多数意见后作出决定"))
            else:
                if decision.method == "discuss-vote-if-needed":
                    rows.append(row("决定方式", decision, "集体讨论决定，必要时表决"))
                elif decision.method == "discuss":
                    rows.append(row("决定方式", decision, "集体讨论决定"))
                if decision.each_speaks:
                    rows.append(row("表态", decision, "与会成员逐一发言表态"))
                if decision.voting_methods:
                    rows.append(row("表决方式", decision, "、".join(decision.voting_methods)))
                if decision.threshold:
                    base = "应到会成员" if decision.base == "members" else "实到成员"
                    least = f"（本校至少{decision.threshold.minimum(members)}票）" if decision.base == "members" else "（按实到人数计算）"
                    rows.append(
                        row(
                            "通过门槛",
                            decision,
                            "赞成票",
                            describe(decision.threshold, of=base),
                            least,
                            *([Run("；")] + absent if absent else []),
                        )
                    )
                    absent = []
            if absent:
                rows.append(row("未到会成员的意见", decision, *absent))
            if decision.in_meeting_only:
                rows.append(row("会议决定", decision, "只在会议上决定，不以传阅、会签或个别征求意见代替"))
        if rule.last_speaker:
            rows.append(row("末位表态", rule.last_speaker, *titles(rule.last_speaker.roles), "最后表态"))
        if rule.recusal:
            rows.append(row("回避", rule.recusal, *self.rich(rule.recusal.text)))
        if rule.disagreement:
            defer = rule.disagreement.defer
            rows.append(row("意见分歧", rule.disagreement, *(["暂缓"] if defer else self.rich(rule.disagreement.text))))
        if rule.emergency:
            emergency = rule.emergency
            report = f"，事后向{title(emergency.report_to)}报告" if emergency.report_to else "，事后报告"
            jointly = "共同" if len(emergency.decided_by) > 1 else ""
            rows.append(row("紧急情况", emergency, *titles(emergency.decided_by), f"{jointly}临时决定", report))
        if rule.escalation:
            to = rule.escalation.to
            rows.append(row("提交与报批", rule.escalation, f"提交{title(to)}决定；" if to else "", "须报批的按程序报批"))
        if rule.implementation:
            done = rule.implementation
            report = [f"，执行情况向{title(done.report_to)}报告"] if done.report_to else []
            rows.append(row("执行", done, *(titles(done.by) + ["组织执行"] + report if done.by else self.rich(done.text))))
        if rule.reconsideration:
            again = rule.reconsideration
            pieces = joined(
                [f"向{title(again.requested_to)}申请"] if again.requested_to else [], [f"由{title(again.by)}复议"] if again.by else []
            )
            rows.append(row("复议", again, *(pieces or self.rich(again.text))))
        if rule.records:
            records = rule.records
            rows.append(
                row("记录", records, *joined(records.book, "表决方式和结果记入记录" if records.votes else "") or self.rich(records.text))
            )
        if rule.discipline:
            rows.append(row("会议纪律", rule.discipline, *self.rich(rule.discipline.text)))
        if rule.confidentiality:
            rows.append(row("保密", rule.confidentiality, *self.rich(rule.confidentiality.text)))
        if rule.publicity:
            publicity = rule.publicity
            if publicity.within_days is None:
                rows.append(row("公开", publicity, *self.rich(publicity.text)))
            else:
                rows.append(row("公开", publicity, f"决定在会后{days(publicity.within_days, publicity.working_days)}内公开"))
        return rows

    def matters_page(self) -> MattersPage:
        matters = self.charter.matters
        categories = [
            MatterCategoryView(cat.id, cat.title, self.rich(cat.text), self.sources(cat.sources), [self.matter(m) for m in cat.matters])
            for cat in matters.categories
        ]
        return MattersPage(self.matters_intro(), categories)

    def all_matters(self) -> list[model.Entry]:
        return [m for cat in self.charter.matters.categories for m in cat.matters]

    def follows_route(self, matter: model.Entry) -> bool:
        """Whether the bodies that study and decide the matter are those its route's steps name."""
        route = next((r for r in self.charter.matters.routes if r.id == matter.route), None)
        if route is None:
            return True
        actors = {step.actor for step in route.steps}
        return matter.decides in actors and all(body in actors for body in matter.deliberates)

    def rerouted(self) -> list[model.Entry]:
        """Matters whose deciding or studying bodies the school changed, in the list's order."""
        changed = {
            d.id
            for d in self.charter.departures
            if d.kind == "modified" and any(d.model.get(f) != d.school.get(f) for f in ("decides", "deliberates"))
        }
        return [m for m in self.all_matters() if m.id in changed or not self.follows_route(m)]

    def matters_intro(self) -> Rich:
        """The list's introduction: the model's, while the school keeps the model's routing; once the school
        re-routes a matter, worded from the data — who decides how many matters, and what the school changed."""
        rerouted = self.rerouted()
        if not rerouted:
            return self.rich(self.charter.matters.intro)
        matters = [m for m in self.all_matters() if applies(self.charter, m.applies_to)]
        deciders: dict[str, list[model.Entry]] = {}
        for m in matters:
            deciders.setdefault(m.decides, []).append(m)
        parts = []
        for decider, decided in deciders.items():
            studied = [m for m in decided if m.deliberates]
            part = f"{self.title(decider)}讨论决定{len(decided)}项"
            if studied:
                bodies = "、".join(dict.fromkeys(self.title(b) for m in studied for b in m.deliberates))
                part += f"（其中{len(studied)}项先经{bodies}研究）"
            parts.append(part)
        runs = [Run(f"事项清单（权力清单）厘清{'、'.join(self.title(d) for d in deciders)}的权责边界。本校清单共{len(matters)}项事项：")]
        runs.append(Run("；".join(parts) + "。按本校调整，"))
        for n, m in enumerate(rerouted):
            studied = "、".join(self.title(b) for b in m.deliberates)
            runs += [Run("；" if n else ""), Run(self.title(m.id), m.id)]
            runs.append(Run(f"由{self.title(m.decides)}讨论决定" + (f"（先经{studied}研究）" if studied else "")))
        runs.append(Run("。"))
        return [r for r in runs if r.text]

    def matter(self, matter: model.Entry) -> MatterView:
        duties = [i.id for d in self.charter.duties for i in d.items if matter.id in i.matters]
        return MatterView(
            matter.id,
            self.number(matter.id),
            matter.title,
            self.link(matter.id),
            self.rich(matter.text),
            applies(self.charter, matter.applies_to),
            [self.link(x) for x in matter.proposes],
            [self.link(x) for x in matter.deliberates],
            self.link(matter.decides),
            [self.link(x) for x in matter.consult],
            matter.consult_experts,
            self.rich(matter.approval) if matter.approval else None,
            self.link(matter.route) if matter.route and self.follows_route(matter) else None,
            [self.link(d, f"{self.reference(d)} {self.title(d)}") for d in duties],
            self.meta(matter),
            self.link(matter.route) if matter.route and not self.follows_route(matter) else None,
            [(numerals.item(n), self.rich(item)) for n, item in enumerate(matter.items, 1)],
            [self.amount(a) for a in matter.amounts],
        )

    @staticmethod
    def amount(amount: model.Amount) -> str:
        return amount.what + numerals.amount(amount.yuan, amount.op)

    def routes_page(self) -> RoutesPage:
        """The model's routes with the matters that follow them; a matter the school re-routed so that its route
        no longer names the bodies that study and decide it is listed apart, under the body that decides it."""
        matters = self.all_matters()
        routes = [
            RouteView(
                route.id,
                route.title,
                self.rich(route.text),
                [RouteStepView(step.id, step.title, self.title(step.actor), self.plain(step.text)) for step in route.steps],
                [self.link(m.id) for m in matters if m.route == route.id and self.follows_route(m)],
                self.meta(route),
                [
                    (self.link(m.id), f"本校改由{self.title(m.decides)}讨论决定")
                    for m in matters
                    if m.route == route.id and not self.follows_route(m)
                ],
            )
            for route in self.charter.matters.routes
        ]
        rerouted: dict[str, list[Link]] = {}
        for m in matters:
            if not self.follows_route(m):
                rerouted.setdefault(self.title(m.decides), []).append(self.link(m.id))
        return RoutesPage(routes, list(rerouted.items()))

    def roles_page(self) -> RolesPage:
        c = self.charter
        matters = [m for cat in c.matters.categories for m in cat.matters]

        def numbered(ids: list[str]) -> list[Link]:
            return [self.link(i, f"{self.reference(i)} {self.title(i)}") for i in ids]

        roles = []
        for role in c.roles:
            rid = role.id
            chairs = [r for r in c.rules if r.convener and r.convener.role == rid]
            member_of = [r for r in c.rules if rid in r.members.roles]
            bodies = {r.body for r in chairs + member_of}
            steps = [s.id for route in c.matters.routes for s in route.steps if s.actor == rid]
            roles.append(
                RoleSummary(
                    rid,
                    self.title(rid),
                    self.rich(role.description),
                    [(self.link(d.id), len(d.items)) for d in c.duties if d.role == rid],
                    numbered([r.convener.id for r in chairs]),
                    numbered([r.convener.id for r in c.rules if r.convener and r.convener.substitute == rid]),
                    numbered([r.members.id for r in member_of]),
                    numbered([a.id for r in c.rules for a in r.attendees if rid in a.roles]),
                    numbered([r.agenda.id for r in c.rules if r.agenda and rid in (r.agenda.decided_by, *r.agenda.decided_with)]),
                    [self.link(m.id) for m in matters if rid in m.proposes],
                    [self.link(m.id) for m in matters if m.decides == rid or m.decides in bodies],
                    numbered([r.last_speaker.id for r in c.rules if r.last_speaker and rid in r.last_speaker.roles]),
                    [self.link(i, f"{self.title(i)}：{self.title(i)}") for i in steps],
                    [self.link(t.id) for tl in c.timelines.timelines for p in tl.phases for t in p.tasks if t.owner == rid],
                    self.meta(role),
                )
            )
        with_rules = {r.body for r in c.rules}
        bodies = [BodyView(b.id, b.title, self.rich(b.description), self.meta(b)) for b in c.bodies if b.id not in with_rules]
        return RolesPage(roles, bodies)

    def timeline_page(self) -> TimelinePage:
        timelines = self.charter.timelines
        return TimelinePage(
            self.rich(timelines.intro),
            [
                TimelineView(tl.id, tl.title, self.rich(tl.text), self.sources(tl.sources), [self.phase(ph) for ph in tl.phases])
                for tl in timelines.timelines
            ],
        )

    def phase(self, phase: model.Phase) -> PhaseView:
        tasks = [TaskView(t.id, t.title, self.rich(t.text), self.link(t.owner), self.rich(t.target)) for t in phase.tasks]
        return PhaseView(phase.id, phase.title, phase.when, self.rich(phase.text), tasks, self.meta(phase))

    def home_page(self) -> HomePage:
        c = self.charter
        documents = [
            DocumentRow(
                Link(f"《{d.title}》", d.page),
                f"{len(d.parts)}{'类' if d.kind == 'list' else '章'}",
                f"{len(d.article_ids())}{'项' if d.kind == 'list' else '条'}",
            )
            for d in self.outline.documents
        ]
        school = c.school
        if school.example:
            title, summary, adopted = c.model.title, self.rich(c.model.summary), ""
        else:
            title = f"{school.name}章程"
            companions = "".join(f"《{r.title}》" for r in c.rules)
            summary = [
                Run(
                    f"本站发布《{title}》和{companions}《议事决策事项清单》：正式文本可直接打印，"
                    "各页按主题列出条文及其依据、术语和自查清单。"
                )
            ]
            adopted = f"《{title}》依据《{c.model.title}》{school.model_version}版制定"
        return HomePage(
            title,
            summary,
            adopted,
            Link("本校调整", "local.md", "local") if c.departures else None,
            self.title("secretary"),
            [(self.title(body), count) for body, count in c.school.members.items()],
            documents,
            numerals.date(c.school.effective_date),
            len(c.terms),
            len(c.sources),
            [self.link(cl.id) for cl in c.checklists],
            len(self.checklist_items()),
        )

    def glossary_page(self) -> list[TermView]:
        terms = sorted(self.charter.terms, key=lambda t: t.term)
        return [TermView(t.id, t.term, self.rich(t.definition), list(t.aliases), self.sources(t.sources)) for t in terms]

    def sources_page(self) -> list[SourceGroup]:
        groups = []
        kinds = [("policy", "政策文件"), ("local", "地方政策文件"), ("school", "本校文件"), ("seed", "各地做法（原始材料，只作参考）")]
        for kind, label in kinds:
            sources = [
                SourceView(
                    s.id,
                    s.title,
                    s.issuer,
                    s.number,
                    s.year,
                    s.file,
                    self.rich(s.note),
                    [self.link(x) for x in s.cites],
                    [self.numbered(i) for i in self.citing(s.id)],
                    numerals.date(s.date) if s.date else "",
                    s.url,
                )
                for s in self.charter.sources
                if s.kind == kind
            ]
            if sources:
                groups.append(SourceGroup(kind, label, sources))
        return groups

    def fidelity_page(self) -> list[FidelityDocument]:
        """Every article of the documents with the documents that say its rule: a national document where one
        does; otherwise the local practice it follows (a model default, not a requirement); the documents'
        own form articles say where their form comes from."""
        form_labels = {
            documents.OPENING: "制定目的和依据",
            documents.APPLICATION: "适用范围和领导体制",
            documents.COMPANIONS: "配套制度",
            documents.SMALL_BRANCH: "不设支部委员会的党支部",
            "decides": "议事范围（据事项清单）",
            "studies": "研究后提交的事项（据事项清单）",
            "reading": "“以上”“超过”的含义",
            "interpretation": "解释",
            "effective": "施行日期",
        }
        out = []
        for document in self.outline.documents:
            rows = []
            for target in document.article_ids():
                number = self.number(target)
                obj = self.charter.by_id.get(target)
                if obj is None:
                    suffix = target.removeprefix(document.id + "-")
                    label = form_labels[suffix]
                    link = Link(f"{number} {label}", document.page, target)
                    if suffix == "reading" and CIVIL_CODE in self.charter.by_id:
                        policy = [self.link(CIVIL_CODE, self.source_name(CIVIL_CODE) + "第一千二百五十九条")]
                    elif suffix == documents.SMALL_BRANCH and BRANCH_REGULATIONS in self.charter.by_id:
                        policy = [self.link(BRANCH_REGULATIONS, self.source_name(BRANCH_REGULATIONS) + "第六章、第十一条")]
                    elif suffix == documents.OPENING:
                        policy = [self.link(s.id, self.source_name(s.id)) for s in self._basis(document)]
                    elif suffix == documents.APPLICATION and OPINION in self.charter.by_id:
                        policy = [self.link(OPINION, self.source_name(OPINION) + "二")]
                    else:
                        policy = []
                    rows.append(FidelityRow(link, "文件格式", policy, []))
                    continue
                refs = obj.sources
                national = [r for r in refs if self.charter.by_id[r.ref].kind in documents.NATIONAL]
                local = [r for r in refs if self.charter.by_id[r.ref].kind == "local"]
                school = [r for r in refs if self.charter.by_id[r.ref].kind == "school"]
                kind = "上级文件" if national else ("地方文件" if local else ("本校文件" if school else "示范做法"))
                others = [r for r in refs if r not in national]
                rows.append(
                    FidelityRow(
                        Link(f"{number} {self.title(target)}", self.outline.pages[target], target),
                        kind,
                        self.sources(national),
                        self.sources(others),
                    )
                )
            title = f"《{document.title}》"
            out.append(FidelityDocument(title, rows))
        return out

    def local_page(self) -> LocalPage:
        """The school's changes, and the model's releases since the version the school adopted."""
        adopted = tuple(int(x) for x in self.charter.school.model_version.split("."))
        releases = [
            ReleaseView(
                r.version,
                numerals.date(r.date),
                [(self.numbered(c.entry), CHANGES[c.change], c.note) for c in r.changes],
                [self.rich(note) for note in r.notes],
            )
            for r in self.charter.model.changelog
            if tuple(int(x) for x in r.version.split(".")) > adopted
        ]
        return LocalPage(self._departures(), releases)

    def _departures(self) -> list[DepartureView]:
        """The school's changes in the order it wrote them (file by file, line by line); a modification shows
        only the fields whose value really differs, an addition its fields as a reader sees them (not its id),
        with every clause it adds."""
        files = list(dict.fromkeys(d.file for d in self.charter.departures))
        written = sorted(self.charter.departures, key=lambda d: (files.index(d.file), d.line or 0))
        departures = []
        for d in written:
            removed = d.kind == "removed"
            if d.kind == "modified":
                changed = [f for f in d.fields if d.model.get(f) != d.school.get(f)]
                fields = [FieldChange(f, self.value(d.model.get(f), f), self.value(d.school.get(f), f)) for f in changed]
            elif d.kind == "added":
                fields = [FieldChange(f, None, self.value(v, f)) for f, v in d.school.items() if f not in HIDDEN_FIELDS + ("children",)]
                fields += [FieldChange("children", None, self._added_clause(child)) for child in d.school.get("children") or []]
            else:
                fields = [FieldChange(f, self.value(v, f), None) for f, v in d.model.items() if f in ("title", "text", "question")]
            departures.append(
                DepartureView(
                    d.kind,
                    CHANGES[d.kind],
                    d.anchor,
                    self._removed_title(d) if removed else self.title(d.id),
                    None if removed else self.numbered(d.id),
                    d.flag,
                    self.rich(d.reason),
                    d.file,
                    d.line,
                    d.added_at,
                    fields,
                )
            )
        return departures

    def _added_clause(self, child: dict) -> Rich:
        """A clause the school added under its new entry: its number and title, linked, and its text."""
        target = child.get("id")
        if target in self.outline.pages:
            return [Run(self.numbered(target).label, target), Run("：")] + self.rich(str(child.get("text", "")))
        return self.value(child)

    def _removed_title(self, departure: Departure) -> str:
        """What a reader calls an entry the school removed: its title or question, a rule's parameter by its
        role in the rule (党组织会议末位表态), or (an attendee) its roles and status, or the start of its text."""
        entry = departure.model
        rule = self.charter.by_id.get(departure.parent)
        if isinstance(rule, model.Rule) and departure.fields and departure.fields[0] in PARAMETER_LABELS:
            return self.title(rule.body) + PARAMETER_LABELS[departure.fields[0]]
        if entry.get("title") or entry.get("question"):
            return entry.get("title") or entry["question"]
        if entry.get("roles"):
            return "、".join(self.title(r) for r in entry["roles"] if r in self.charter.by_id) + entry.get("status", "")
        text = self.plain(str(entry.get("text", ""))) or entry["id"]
        return text if len(text) <= 24 else text[:23] + "…"

    def value(self, value, name: str = ""):
        """A field value of an entry as a reader reads it: text as runs (`Rich`), a reference as the title it
        links to, sources by their titles, a threshold or a period in words (`str`), a list as a tuple of
        values, a clause (a mapping with a title and text) as its title and text, a mapping as a dict of
        values, None as None."""
        if name == "sources" and isinstance(value, list):
            return tuple(self.source_name(r["ref"]) + r.get("at", "") if isinstance(r, dict) else self.source_name(r) for r in value)
        if name == "per" and value in checks.PERIOD_NAMES:
            return "每" + checks.PERIOD_NAMES[value]
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, str):
            if value in self.charter.by_id and value in self.outline.pages:
                return [Run(self.title(value), value)]
            return self.rich(value)
        if isinstance(value, dict) and "fraction" in value:
            return checks.describe_threshold(value)
        if isinstance(value, dict) and "yuan" in value and "what" in value:
            return str(value["what"]) + numerals.amount(value["yuan"], value.get("op", "at_least"))
        if isinstance(value, list):
            return tuple(self.value(v, name) for v in value)
        if isinstance(value, dict) and "text" in value and ("title" in value or "id" in value):
            title = value.get("title") or (self.title(value["id"]) if value.get("id") in self.charter.by_id else "")
            return [Run(f"{title}：")] + self.rich(str(value["text"])) if title else self.rich(str(value["text"]))
        if isinstance(value, dict):
            return {k: self.value(v, k) for k, v in value.items() if k not in HIDDEN_FIELDS}
        return value if value is None else str(value)

    def checklist_rows(self) -> list[ChecklistRow]:
        rows = []
        for cl in self.charter.checklists:
            sections = self.checklist_view(cl)["sections"]
            items = sum(len(s["items"]) for s in sections)
            points = sum(sum(i["points"] for i in s["items"]) for s in sections)
            rows.append(ChecklistRow(cl.id, self.link(cl.id), cl.version, items, points))
        return rows

    def duties_index(self) -> list[DutiesRow]:
        return [DutiesRow(self.link(d.role), self.link(d.id), len([i for i in d.items if i.id])) for d in self.charter.duties]

    def rules_index(self) -> RulesIndexPage:
        c = self.charter
        rules = [
            RuleRow(
                self.link(rule.id),
                self.rich(rule.nature.text),
                self.title(rule.convener.role) if rule.convener else NOT_STATED,
                checks.describe_frequency(rule.frequency) if rule.frequency else NOT_STATED,
                checks.describe_threshold(rule.quorum.threshold) if rule.quorum else NOT_STATED,
            )
            for rule in c.rules
        ]
        see_also = [self.link(s.id) for s in c.sections if self.outline.pages[s.id].startswith("rules/")]
        floors = []
        for f in c.floors:
            if f.target:
                targets = [f.target]
            else:  # every rule of a kind of body
                kinds = {b.id for b in c.bodies if b.kind == f.body_kind}
                targets = [getattr(r, f.parameter).id for r in c.rules if r.body in kinds and getattr(r, f.parameter)]
            links = [self.link(t, f"{self.reference(t)} {self.title(t)}") for t in targets]
            scope = "" if links else f"每一份{BODY_KINDS[f.body_kind]}议事规则的{PARAMETER_LABELS[f.parameter]}"
            floors.append(FloorRow(f.id, f.title, links, self.sources(f.sources), scope))
        return RulesIndexPage(rules, see_also, floors, count_of(len(rules)))

    def checklist_page(self, checklist: model.Checklist) -> dict:
        """`checklist_view` with the checklist, its intro and its items' text as runs and their links."""
        view = self.checklist_view(checklist)
        view["checklist"], view["intro"] = checklist, self.rich(checklist.intro)
        for section in view["sections"]:
            for item in section["items"]:
                item["guidance_text"], item["evidence_text"] = self.rich(item["guidance"]), self.rich(item["evidence"])
                item["checks"] = [self.numbered(i) for i in item["verifies"]]
                item["adapted"], item["removed"] = self._adapted_checks(self.charter.by_id[item["id"]])
        return view

    # Text

    def rich(self, text: str) -> Rich:
        """Data text with its `[[id]]` and `[[id|label]]` links as runs."""
        text, runs, last = text.strip(), [], 0
        for match in checks.INLINE_REF.finditer(text):
            if match.start() > last:
                runs.append(Run(text[last : match.start()]))
            target = match.group(1).strip()
            runs.append(Run(match.group(2) or self.title(target), target))
            last = match.end()
        if last < len(text):
            runs.append(Run(text[last:]))
        return runs

    # The complete charter, checklists, reports, the calculator

    def document_page(self, document: Document) -> DocumentView:
        """A document as its page (and a Word file) shows it: parts, articles, the form's own articles worded here."""
        school, list_kind = self.charter.school, document.kind == "list"
        parts = []
        for position, part in enumerate(document.parts, 1):
            number = f"{cn(position)}、" if list_kind else numerals.chapter(position)
            sections = [
                PartView(s.key, numerals.section(n), s.title, [self._article(document, i) for i in s.ids])
                for n, s in enumerate(part.sections, 1)
            ]
            parts.append(PartView(part.key, number, part.title, [self._article(document, i) for i in part.ids], sections))
        title = f"{school.name}{document.title}" if not list_kind else f"{school.name}议事决策事项清单"
        intro = self.matters_intro() if list_kind else []
        version = f"依据《{self.charter.model.title}》{self.charter.model.version}版生成"
        view = DocumentView(document.id, title, document.kind, numerals.date(school.effective_date), parts, intro, version)
        if list_kind:  # a list's 附则: its articles' form, unnumbered below the tables
            view.closing = [self._form_article(document, documents.form_id(document.id, s), "").text for s in documents.CLOSING]
            view.closing_title = f"{cn(len(parts) + 1)}、附则"
        return view

    def _article(self, document: Document, target: str) -> ArticleView:
        number = self.outline.numbers.get(target, "")
        obj = self.charter.by_id.get(target)
        if obj is None:  # one of the document's own articles
            return self._form_article(document, target, number)
        article = ArticleView(target, number, self.rich(obj.text))
        if target in self.adapted:
            article.adaptation = Link("本校调整", "local.md", f"local-{target}")
        article.items = [(numerals.item(n), item) for n, item in enumerate(self._items(obj), 1)]
        for child in getattr(obj, "children", None) or []:
            if child.id in self.outline.numbers:
                text = [Run(f"{child.title}：")] + self.rich(child.text)
                article.children.append(ArticleView(child.id, numerals.item(len(article.children) + 1), text))
        if document.kind == "list":
            title = self.title
            article.row = MatterRow(
                title(obj.id),
                "；".join([*(self.plain(item) for item in obj.items), *(self.amount(a) for a in obj.amounts)]),
                "、".join(title(i) for i in obj.proposes),
                "、".join(title(i) for i in obj.deliberates),
                title(obj.decides) if obj.decides else "",
                "、".join([title(i) for i in obj.consult] + (["专家论证"] if obj.consult_experts else [])),
                "须报上级批准" if obj.approval else "",
            )
        return article

    def _form_article(self, document: Document, target: str, number: str) -> ArticleView:
        """The documents' own articles (`documents.OPENING` …): their form, worded from the school's profile
        and the data — the basis is the national documents the document's articles cite."""
        school, charter = self.charter.school, self.charter
        suffix = target.removeprefix(document.id + "-")
        noun = "章程" if document.id == "charter" else ("清单" if document.kind == "list" else "规则")
        rule = next((r for r in charter.rules if r.id == document.id), None)
        if suffix == documents.OPENING:
            basis = "".join(f"《{s.title}》" for s in self._basis(document))
            basis = f"根据{basis}等规定" if basis else "根据有关规定"
            if rule is None:
                text = f"为坚持和加强党对学校的全面领导，健全党组织领导的校长负责制，{basis}，结合本校实际，制定本章程。"
            else:
                text = f"为规范{self.title(rule.body)}议事决策，坚持科学决策、民主决策、依法决策，{basis}和《{school.name}章程》，结合本校实际，制定本规则。"
        elif suffix == documents.APPLICATION:
            text = (
                f"本章程适用于{school.name}。学校实行党组织领导的校长负责制：{self.title('party-organization')}全面领导学校工作，"
                f"{self.title('principal')}在学校党组织领导下依法依规行使职权，全面负责学校的教育、教学和行政管理等工作。"
            )
        elif suffix == documents.SMALL_BRANCH:
            text = (
                f"本校党支部有正式党员{school.full_party_members}人，不足7人，不设支部委员会，设书记，必要时设副书记。"
                "本规则所称党组织会议，由党支部党员大会召开，全体党员参加；本规则所称党组织班子成员，指全体正式党员。"
            )
        elif suffix == documents.COMPANIONS:
            text = "学校依据本章程制定" + "".join(f"《{r.title}》" for r in charter.rules) + "和《议事决策事项清单》，与本章程一并施行。"
        elif suffix in documents.SCOPE:
            decides, studies = documents.rule_matters(charter, rule.body, lambda a: applies(charter, a))
            body = self.title(rule.body)
            if suffix == "decides":
                text, matters = f"下列事项由{body}讨论决定：", decides
            else:
                deciders = list(dict.fromkeys(self.title(m.decides) for m in studies))
                text, matters = f"下列事项经{body}研究后，提交{'、'.join(deciders)}讨论决定：", studies
            last = len(matters)
            items = [(numerals.item(n), [Run(self.title(m.id) + ("。" if n == last else "；"))]) for n, m in enumerate(matters, 1)]
            return ArticleView(target, number, [Run(text)], items)
        elif suffix == "reading":
            text = f"本{noun}所称“以上”包括本数，“超过”不包括本数。"
        elif suffix == "interpretation":
            interpreter = "学校党组织" if rule is None else self.title(rule.interpreted_by or rule.body)
            text = f"本{noun}由{interpreter}负责解释。"
        elif suffix == "effective":
            text = f"本{noun}自{numerals.date(school.effective_date)}起施行。"
        else:
            raise KeyError(target)
        return ArticleView(target, number, [Run(text)])

    def _basis(self, document: Document) -> list[model.Source]:
        """The national documents the document (a rule) and its articles cite, in the order of `sources.yml`."""
        targets = [document.id, *document.article_ids()]
        cited = {ref.ref for target in targets for ref in getattr(self.charter.by_id.get(target), "sources", None) or []}
        return [s for s in self.charter.sources if s.id in cited and s.kind in documents.NATIONAL]

    def checklist_items(self) -> list[model.ChecklistItem]:
        return [i for cl in self.charter.checklists for s in cl.sections for i in s.items]

    def removed_verified(self, item: model.ChecklistItem) -> list[Departure]:
        """The removals of entries the item verified in the model (a removal drops the entry from what the
        item verifies, so the model's checklist files say what it was)."""
        if not hasattr(self, "_model_verifies"):
            removed = {d.id: d for d in self.charter.departures if d.kind == "removed"}
            self._model_verifies: dict[str, list[Departure]] = {}
            for file in self.charter.raw if removed else []:
                path = self.charter.root / file
                if not file.startswith("data/checklists/") or not path.is_file():
                    continue
                try:
                    data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
                    found = [(i["id"], i.get("verifies") or []) for s in data["sections"] for i in s["items"]]
                except (yaml.YAMLError, OSError, UnicodeDecodeError, KeyError, TypeError):
                    continue
                for item_id, verifies in found:
                    gone = [removed[v] for v in verifies if isinstance(v, str) and v in removed]
                    if gone:
                        self._model_verifies[item_id] = gone
        return self._model_verifies.get(item.id, [])

    def checklist_applies(self, item: model.ChecklistItem) -> bool:
        """Whether the item applies to the school: to its profile, and with something left to verify (the
        school removed none, or not every one, of the entries it verifies)."""
        return applies(self.charter, item.applies_to) and not (self.removed_verified(item) and not item.verifies)

    def _excluded(self, item: model.ChecklistItem) -> dict:
        """An item that does not apply to the school, and why."""
        if not applies(self.charter, item.applies_to):
            reason = [Run(f"适用：{item.applies_to.describe()}")]
        else:
            reason = [Run("本校已删除所核查的条文：")]
            for n, d in enumerate(self.removed_verified(item)):
                reason += [Run(("；" if n else "") + f"{self._removed_title(d)}（"), *self.rich(d.reason.rstrip("。")), Run("）")]
        return {"id": item.id, "question": item.question, "reason": reason, "removed": applies(self.charter, item.applies_to)}

    def _adapted_checks(self, item: model.ChecklistItem) -> tuple[list[Link], Rich]:
        """The entries an item verifies that the school modified (each to the school's text), and the entries
        it verified that the school removed, with the reasons."""
        modified = {d.id for d in self.charter.departures if d.kind == "modified"}
        adapted = [self.numbered(v) for v in item.verifies if v in modified]
        removed: Rich = []
        for n, d in enumerate(self.removed_verified(item)):
            removed += [Run(("；" if n else "") + f"{self._removed_title(d)}（"), *self.rich(d.reason.rstrip("。")), Run("）")]
        return adapted, removed

    def checklist_view(self, checklist: model.Checklist) -> dict:
        """Numbered sections and items of a checklist for the school, and the data its script needs:
        the items, the scoring rule (`scoring.page_rules`) and the CSV columns (`forms.page_columns`)."""
        sections, excluded, applicable = [], [], []
        for position, section, numbered in forms.numbered(self.charter, checklist):
            excluded += [self._excluded(i) for i in section.items if not self.checklist_applies(i)]
            numbered = [(number, item) for number, item in numbered if self.checklist_applies(item)]
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
            items = [i for s in checklist.sections for i in s.items if self.checklist_applies(i)]
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
                        "not_met": [
                            (self.link(i.id, f"{numbers[i.id]} {i.question}"), assessment.answers[i.id])
                            for i in items
                            if answers.get(i.id) in SHORT_OF
                        ],
                        "unanswered": [numbers[i.id] for i in items if not answers.get(i.id)],
                    }
                )
            reports.append({"checklist": checklist, "results": results})
        return reports

    def org_levels(self) -> list[tuple[str, str]]:
        """The levels of the organisation chart from the structure entry's items ("名称：说明"), top level
        named for the school; a 党支部 school has no branches under it."""
        top = (self.title("party-organization"), f"{self.title('secretary')}主持全面工作")
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
            need = f"须{checks.describe_threshold(parameter.threshold)}成员到会，{{members}}人中至少{{need}}人；"
            need += f"实到{{present}}人（{plain(self.number(parameter.id))}）。"
            return {"id": parameter.id, "need": parameter.threshold.minimums(high), "yes": "可以开会：" + need, "no": "不能开会：" + need}

        decision = rule.decision
        if decision is not None and decision.threshold is not None and decision.method != "chair-decides":
            cited = f"（{plain(self.number(decision.id))}）"
            base = "应到会成员" if decision.base == "members" else "实到成员"
            need = f"赞成票须{checks.describe_threshold(decision.threshold, of=base)}，即至少{{need}}票；赞成{{favour}}票"
            vote = {
                "method": "vote",
                "by": decision.base,
                "need": decision.threshold.minimums(high),
                "yes": "通过：" + need + cited + "。",
                "no": "不通过：" + need + cited + "。",
                "closed": "不通过：" + need + "，且会议未达到到会人数" + cited + "。",
            }
        elif decision is not None:
            cited = f"（{plain(self.number(decision.id))}）"
            vote = {"method": decision.method, "text": "由主持人在听取意见后集中多数意见作出决定" + cited + "。"}
        else:
            vote = {"method": "none", "text": "本校规则未规定表决方式。"}
        return {
            "members": [low, high],
            "quorum": quorum(rule.quorum) if rule.quorum else None,
            "special": [quorum(s) for s in rule.quorum.special] if rule.quorum else [],
            "decision": vote,
            "text": {
                "members": f"应到会成员须为{low}—{high}人。",
                "present": "实到人数不能多于应到会成员（{members}人）。",
                "favour": "赞成票不能多于实到人数（{present}人）。",
            },
        }


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
    "required_attendance": "到会要求",
    "notice": "会议通知",
    "recusal": "回避",
    "emergency": "紧急情况",
    "confidentiality": "保密",
    "publicity": "决定公开",
    "discipline": "会议纪律",
    "scope": "议事范围",
    "accountability": "负责和报告",
    "implementation": "决定的执行",
    "reconsideration": "复议",
}
NOT_STATED = "本校规则未规定"
BODY_KINDS = {"party-congress": "党员大会"}


def count_of(n: int, unit: str = "个") -> str:
    """A count in words before a measure word: 一个, 两个, 三个, 十二个."""
    return ("两" if n == 2 else cn(n)) + unit


def _short(question: str) -> str:
    """A checklist question as a link label: at most 24 characters."""
    return question if len(question) <= 24 else question[:23] + "…"


ASSESSMENT_FORMAT = "school-charter-assessment"
ASSESSMENT_SCHEMA_VERSION = 1


def item_hash(item: model.ChecklistItem) -> str:
    """A short fingerprint of what an item asks; saved answers to a changed item are flagged."""
    text = "\x1f".join([item.question, item.guidance, item.evidence, str(item.points)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def field_reference() -> list[dict]:
    """Every field of every kind of data file, from the JSON Schemas."""
    kinds = []
    for pattern, schema in KINDS.items():
        rows: list[tuple[str, str, str]] = []
        _fields(schema, "", rows)
        kinds.append({"pattern": f"data/{pattern}", "schema": schema, "file": schema_file_name(schema), "rows": rows})
    return kinds


def _fields(schema: dict, prefix: str, rows: list, depth: int = 0) -> None:
    if depth > 6:
        return
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        rows.append((path, _type_label(prop), ("必填。" if name in required else "") + prop.get("description", "")))
        if prop.get("type") == "object":
            _fields(prop, path + ".", rows, depth + 1)
        items = prop.get("items")
        if isinstance(items, dict) and items.get("type") == "object" and name != "children":
            _fields(items, path + "[].", rows, depth + 1)


def _type_label(prop: dict) -> str:
    if "enum" in prop:
        return " / ".join(str(v) for v in prop["enum"])
    if "const" in prop:
        return f"固定为{prop['const']}"
    if "x-ref" in prop:
        return "id 引用"
    kind = prop.get("type")
    if kind == "array":
        items = prop.get("items", {})
        inner = "来源" if "anyOf" in items else _type_label(items)
        return f"{inner} 列表"
    if "anyOf" in prop:
        return "见说明"
    return {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true/false", "object": "映射"}.get(kind, kind or "")
