"""The charter as typed objects, built from checked data.

This is the one declaration of the data's shape; schemas.py derives the JSON Schemas (the checks,
`charter schema` and the field reference read those). To add a field to a kind of data, add it here:
its type says what it holds, a default makes it optional, and its `metadata` (see `fields.py`) gives the
description and the limits. Fields are listed in the order the schema shows them; an optional field
before a required one is `kw_only=True` (Python's rule for the order of arguments).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar

from .chapters import APPENDIX, CHAPTERS, PARENTS, RULE_PARTS
from .fields import (
    ANY_ID,
    DATE_PATTERN,
    FRACTION_PATTERN,
    MAX_POINTS,
    MODES,
    ORG_TYPES,
    PERIODS,
    VERSION_PATTERN,
    about,
    bounded,
    entry_only,
    fixed,
    id_of,
    keyed,
    many,
    matching,
    named,
    nested,
    one_of,
    prose,
    ref_to,
    words,
)

# A class's `schema_description` describes its objects wherever they appear; a field's own description
# is in its metadata.

SOURCES = many("本条的出处（至少一个）。", min_items=1)


@dataclass
class SourceRef:
    schema_description: ClassVar[str] = "出处：来源 id（如 `seed-001`），或 `{ref: seed-001, at: 篇3 四.1}` 指明篇章位置。"
    shorthand: ClassVar[str] = "ref"  # in data, `seed-001` alone stands for `{ref: seed-001}`

    ref: str = field(metadata=ref_to("source"))
    at: str = field(default="", metadata=words("来源中的位置，如 `篇3 四.1`。"))


@dataclass
class AppliesTo:
    schema_description: ClassVar[str] = "仅适用于某些学校时填写；不填则对所有学校适用。"

    org_types: list[str] = field(default_factory=list, metadata=many("适用的党组织类型。", one_of(ORG_TYPES), min_items=1))
    modes: list[str] = field(default_factory=list, metadata=many("适用的领导方式（分设 / 一肩挑）。", one_of(MODES), min_items=1))

    def fits(self, school: School) -> bool:
        return (not self.org_types or school.org_type in self.org_types) and (not self.modes or school.leadership_mode in self.modes)

    def describe(self) -> str:
        return "、".join(self.org_types + self.modes)


# model.yml


@dataclass
class ChangeRecord:
    entry: str = field(metadata=ref_to("entry", "role", "body", "term", "item", description="变更的条目 id。"))
    change: str = field(metadata=one_of(["added", "modified", "removed"], "变更类型。"))
    note: str = field(metadata=words("变更说明。"))


@dataclass
class Release:
    version: str = field(metadata=matching(VERSION_PATTERN, "版本号。"))
    date: str = field(metadata=matching(DATE_PATTERN, "发布日期。", format="date"))
    changes: list[ChangeRecord] = field(metadata=many("本版本变更的条目。"))
    notes: list[str] = field(
        default_factory=list,
        metadata=many("本版本的其他说明：数据格式的变更及旧写法怎样改写、删除的条目（已删除的 id 不能写在 changes 中）。", prose("说明")),
    )


@dataclass
class Model:
    title: str = field(metadata=words("示范章程名称。"))
    version: str = field(metadata=matching(VERSION_PATTERN, "版本号，如 `1.0.0`。"))
    summary: str = field(metadata=prose("首页上的一段说明：这是什么。"))
    status: str = field(metadata=prose("关于示范文本地位的提示（在各页显示）。"))
    changelog: list[Release] = field(metadata=many("变更记录，新版本在前。"))


# school.yml


@dataclass
class School:
    name: str = field(metadata=words("学校全称。"))
    short_name: str = field(metadata=words("学校简称。"))
    org_type: str = field(metadata=one_of(ORG_TYPES, "学校党组织类型：党委、党总支或党支部。"))
    leadership_mode: str = field(metadata=one_of(MODES, "书记、校长分设，或“一肩挑”（仅党支部学校）。"))
    members: dict[str, int] = field(
        metadata=keyed("各会议的应到会成员人数，键为会议 id（如 `party-organization-meeting`）。", "body", bounded(1, 99))
    )
    effective_date: str = field(metadata=matching(DATE_PATTERN, "章程施行日期（YYYY-MM-DD）。"))
    model_version: str = field(metadata=matching(VERSION_PATTERN, "所采用的示范章程版本。"))
    example: bool = field(default=False, metadata=about("为 true 时表示这是示范用的中性概况，首页会提示学校替换。"))
    full_party_members: int | None = field(
        default=None,
        metadata=bounded(
            1,
            9999,
            "党支部学校的正式党员人数（可不填）。不足7人的党支部不设支部委员会，党组织会议由党支部党员大会召开"
            "（《中国共产党支部工作条例（试行）》第六章、第十一条）。",
        ),
    )

    @property
    def combined(self) -> bool:
        return self.leadership_mode == "一肩挑"

    @property
    def small_branch(self) -> bool:
        """A 党支部 with fewer than 7 full members: no 支部委员会; its 党员大会 holds the Party organization meeting."""
        return self.org_type == "党支部" and self.full_party_members is not None and self.full_party_members < 7


# sources.yml


@dataclass
class Source:
    id: str = field(metadata=id_of("source"))
    title: str = field(metadata=words("文件名称。"))
    kind: str = field(
        metadata=one_of(
            ["policy", "local", "school", "seed"],
            "`policy` 全国性的法律和党内法规、政策文件；`local` 省、市的政策文件（当地学校的依据，其他地方的参考）；"
            "`school` 本校的文件（如教代会决议、党组织会议决定，写明日期和文号），本校调整的依据；`seed` 原始材料（各地做法的网页摘录，只作参考）。",
        )
    )
    issuer: str = field(default="", metadata=words("发文机关或发布者。"))
    number: str = field(default="", metadata=words("文号，如 `中办发〔2022〕7号`。"))
    year: int | None = field(default=None, metadata=bounded(1949, 2100, "年份。"))
    date: str = field(default="", metadata=matching(DATE_PATTERN, "通过或印发日期（YYYY-MM-DD），本校文件写明。", format="date"))
    url: str = field(default="", metadata=words("公开发布的网址（可不填）；只作为文字显示，不生成链接。"))
    file: str = field(default="", metadata=words("原始材料的文件名（`kind: seed` 时）。"))
    cites: list[str] = field(default_factory=list, metadata=many("该材料引用的政策文件。", ref_to("source")))
    note: str = field(default="", metadata=prose("说明。"))


@dataclass
class SourceList:
    sources: list[Source] = field(metadata=many("来源列表。", min_items=1))


# glossary.yml


@dataclass
class Term:
    id: str = field(metadata=id_of("term"))
    term: str = field(metadata=words("术语。"))
    aliases: list[str] = field(default_factory=list, kw_only=True, metadata=many("别称或简称。", words("别称")))
    definition: str = field(metadata=prose("简短释义（一两句）。"))
    sources: list[SourceRef] = field(metadata=SOURCES)


@dataclass
class Glossary:
    terms: list[Term] = field(metadata=many("术语列表。", min_items=1))


# organization.yml


@dataclass
class Role:
    id: str = field(metadata=id_of("role"))
    title: str = field(metadata=words("通用称谓。"))
    titles: dict[str, str] = field(
        default_factory=dict,
        kw_only=True,
        metadata=named(
            "按党组织类型的称谓，如 `{党委: 党委书记, 党支部: 党支部书记}`。", {t: words(f"{t}学校中的称谓。") for t in ORG_TYPES}
        ),
    )
    small_branch_title: str = field(
        default="",
        kw_only=True,
        metadata=words("不设支部委员会的党支部（正式党员不足7人）中的称谓，如党组织班子成员为“全体正式党员”；不填时同党支部。"),
    )
    description: str = field(metadata=prose("角色说明。"))
    applies_to: AppliesTo | None = field(default=None, kw_only=True)
    sources: list[SourceRef] = field(metadata=SOURCES)

    def title_for(self, school: School) -> str:
        if school.small_branch and self.small_branch_title:
            return self.small_branch_title
        return self.titles.get(school.org_type, self.title)


@dataclass
class Body:
    id: str = field(metadata=id_of("body"))
    title: str = field(metadata=words("机构名称。"))
    kind: str = field(
        metadata=one_of(
            ["meeting", "party-congress", "congress", "organization"],
            "`meeting` 会议；`party-congress` 党员大会（党支部、党总支的全体党员会议，受党员大会的政策底线约束）；"
            "`congress` 代表大会（如教职工代表大会）；`organization` 组织。",
        )
    )
    description: str = field(metadata=prose("机构说明。"))
    sources: list[SourceRef] = field(metadata=SOURCES)


@dataclass
class Organization:
    roles: list[Role] = field(metadata=many("角色列表。", min_items=1))
    bodies: list[Body] = field(metadata=many("议事机构列表。", min_items=1))


@dataclass
class Amount:
    schema_description: ClassVar[str] = "金额标准：`{what: 单笔支出, yuan: 10000}` 即“单笔支出1万元以上”。"

    what: str = field(metadata=words("金额所指，如“单笔支出”“设备采购”“工程项目”。"))
    yuan: int = field(metadata=bounded(1, 10**12, "金额（元）。"))
    op: str = field(
        default="at_least",
        metadata=one_of(["at_least", "more_than"], "`at_least` 以上（包括本数，不填时），`more_than` 超过（不包括本数）。"),
    )


# Entries: the numbered clauses of sections, rules, duty lists and the matters list. Each of those
# lists names its kind of entry (`many(..., use=...)`); a field marked `entry_only` is in that kind only.


@dataclass
class Entry:
    schema_description: ClassVar[str] = "章程条目。"

    id: str = field(metadata=id_of("entry"))
    title: str = field(metadata=words("条目标题（简短）。"))
    text: str = field(metadata=prose("条目正文：简明复述，固定提法保持原样；可用 `[[id]]` 链接其他条目、角色或术语。"))
    items: list[str] = field(default_factory=list, kw_only=True, metadata=many("条目中的列举项（如“六好”的六项）。", prose("列举项")))
    sources: list[SourceRef] = field(metadata=SOURCES)
    tags: list[str] = field(default_factory=list, metadata=many("标签，用于检索和分组。", words("标签")))
    applies_to: AppliesTo | None = None
    # duty lists only
    matters: list[str] = field(
        default_factory=list, metadata=entry_only("duty", many("该职责涉及的事项（事项清单中的 id）。", ref_to("entry")))
    )
    # the matters list only
    route: str = field(default="", metadata=entry_only("matter", ref_to("entry", description="决策路径 id。")))
    proposes: list[str] = field(
        default_factory=list, metadata=entry_only("matter", many("提出（拟订）方。", ref_to("role", "body"), min_items=1))
    )
    deliberates: list[str] = field(default_factory=list, metadata=entry_only("matter", many("研究讨论的会议。", ref_to("body"))))
    decides: str = field(default="", metadata=entry_only("matter", ref_to("body", "role", description="作出决定的机构。")))
    consult: list[str] = field(
        default_factory=list, metadata=entry_only("matter", many("须征求意见的机构（如教代会）。", ref_to("body", "role")))
    )
    consult_experts: bool = field(default=False, metadata=entry_only("matter", about("是否须专家评估及技术、政策、法律咨询。")))
    approval: str = field(default="", metadata=entry_only("matter", prose("须报上级批准时写明；不需要则不填。")))
    amounts: list[Amount] = field(
        default_factory=list,
        metadata=entry_only("matter", many("使事项属于本类（如“三重一大”）的金额标准，如单笔1万元以上的支出。")),
    )
    # a rule's clauses only: the chapter of the 议事规则 that holds it (`chapters.RULE_PARTS`)
    part: str = field(
        default="",
        metadata=entry_only(
            "rule-clause",
            one_of(
                [key for key in RULE_PARTS if key != "supplementary"],
                "条款在议事规则中所在的章：general 总则、scope 议事范围、members 会议组成、procedure 议事程序（不填时）、execution 执行与监督。",
            ),
        ),
    )
    # sections and rules only, two levels deep (1.1, 1.1.1)
    children: list[Entry] = field(
        default_factory=list,
        metadata=entry_only(("clause", "rule-clause"), nested(2, many("下级条目（编号为1.1、1.2…）。", use="clause"))),
    )


ENTRIES = many("条目列表，按显示顺序。", min_items=1, use="clause")


# sections/*.yml


@dataclass
class Section:
    id: str = field(metadata=id_of("entry", "章节 id。"))
    title: str = field(metadata=words("章节标题。"))
    parent: str = field(  # the chapter it belongs to (`chapters.CHAPTERS`), or the appendix
        metadata=one_of(
            PARENTS,
            "章节所在的章："
            + "、".join(f"`{k}`（{v['title']}）" for k, v in CHAPTERS.items())
            + f"，或 `{APPENDIX}`（参考，不是章程条文）。",
        )
    )
    order: int = field(metadata=bounded(1, 999, "在所在章的各章节中的顺序（从1起）。"))  # among the chapter's sections
    intro: str = field(default="", kw_only=True, metadata=prose("章节导语。"))
    entries: list[Entry] = field(metadata=ENTRIES)


# duties/*.yml


@dataclass
class DutyList:
    id: str = field(metadata=id_of("entry", "职责清单 id。"))
    role: str = field(metadata=ref_to("role", description="职责所属角色 id。"))
    title: str = field(metadata=words("清单标题，如“党组织职责”。"))
    order: int = field(metadata=bounded(1, 999, "在“职责”章节中的顺序。"))
    intro: str = field(default="", kw_only=True, metadata=prose("导语。"))
    sources: list[SourceRef] = field(default_factory=list, kw_only=True, metadata=SOURCES)
    items: list[Entry] = field(metadata=many("职责条目，按顺序编号。", min_items=1, use="duty"))


# rules/*.yml


@dataclass
class Threshold:
    schema_description: ClassVar[str] = "比例门槛。"

    op: str = field(metadata=one_of(["more_than", "at_least"], "`more_than` 超过（半数以上），`at_least` 不少于。"))
    fraction: str = field(metadata=matching(FRACTION_PATTERN, "分数，如 `1/2`、`2/3`。"))

    @property
    def value(self) -> Fraction:
        return Fraction(self.fraction)

    # The one place that reads `op`: every count, table, page, check and the calculator in the browser
    # follow `accepts`. 超过 (`more_than`) is strictly more than the fraction; 不少于 (`at_least`)
    # includes it.
    def accepts(self, share: Fraction) -> bool:
        """Whether a share (of members present, or of votes in favour) meets the threshold."""
        return share > self.value if self.op == "more_than" else share >= self.value

    def met_by(self, count: int, base: int) -> bool:
        return self.accepts(Fraction(count, base) if base else Fraction(0))

    def minimum(self, base: int) -> int:
        """The smallest count out of `base` that meets the threshold (`base + 1` when none does). No count
        below `base × fraction` does, and the next whole number above it does: `met_by` decides between them."""
        if base <= 0:
            return 0 if base == 0 and self.met_by(0, 0) else base + 1
        least = max(0, math.floor(self.value * base))
        if not self.met_by(least, base):
            least += 1
        return least if least <= base else base + 1

    def minimums(self, largest: int) -> list[int]:
        """`minimum(base)` for every base from 0 to `largest`: the table the calculator looks up."""
        return [self.minimum(base) for base in range(largest + 1)]

    def within(self, floor: Threshold) -> bool:
        """Whether every share that meets this threshold meets `floor` too (the floor is kept).
        The shares a threshold accepts run up from its fraction, the fraction itself in or out."""
        return floor.accepts(self.value) or (not self.accepts(self.value) and self.value >= floor.value)


@dataclass
class Frequency:
    schema_description: ClassVar[str] = "频次。"

    times: int = field(metadata=bounded(1, 100, "每个周期至少召开（进行）的次数。"))
    per: str = field(
        metadata=one_of(
            PERIODS,
            "周期：week 周、month 月、term 学期、year 年、two-years 两年。与底线比较时按每年计：一年52周、12个月、2个学期（一个学期按半年计）。",
        )
    )
    every: int = field(default=1, metadata=bounded(1, 12, "每几个周期（“每两周1次”：`times: 1, per: week, every: 2`）；不填为1。"))


# A rule's parameters: each is a clause of the rule with its own id, text and sources, plus the structured
# fields of its use (one small class per use).


@dataclass
class Parameter:
    id: str = field(metadata=id_of("entry", "参数 id（政策底线和本校调整按它引用）。"))
    text: str = field(metadata=prose("这一参数的文字表述。"))
    sources: list[SourceRef] = field(metadata=SOURCES)


@dataclass
class Nature(Parameter):
    schema_description: ClassVar[str] = "会议性质。"


@dataclass
class Convener(Parameter):
    schema_description: ClassVar[str] = "召集人和主持人。"

    role: str = field(metadata=ref_to("role", description="召集并主持的角色。"))
    substitute: str = field(default="", metadata=ref_to("role", description="因故不能出席时可委托的角色。"))
    alternates: list[str] = field(
        default_factory=list,
        metadata=many("与 `role` 同等召集主持的角色（“由书记或校长主持”：`role: secretary, alternates: [principal]`）。", ref_to("role")),
    )


@dataclass
class Members(Parameter):
    schema_description: ClassVar[str] = "会议组成人员（人数在学校概况 `members` 中填写）。"

    roles: list[str] = field(metadata=many("组成人员的角色。", ref_to("role"), min_items=1))


@dataclass
class Attendee(Parameter):
    schema_description: ClassVar[str] = "列席或视议题参加的人员。"

    roles: list[str] = field(metadata=many("角色。", ref_to("role"), min_items=1))
    status: str = field(
        metadata=one_of(["列席", "出席", "出席或列席", "视议题参加"], "参加方式；“出席或列席”：是会议成员的出席，不是的列席。")
    )
    may_vote: bool = field(metadata=about("是否有表决权（“出席或列席”时指列席的人员）。"))
    invited_by: str = field(default="", metadata=ref_to("role", description="决定请谁列席的角色（本校规则规定时填写）。"))


@dataclass
class Agenda(Parameter):
    schema_description: ClassVar[str] = "议题的提出与确定。"

    proposed_by: list[str] = field(
        default_factory=list, metadata=many("提出议题的角色（本校规则未写时不填）。", ref_to("role"), min_items=1)
    )
    decided_by: str = field(default="", metadata=ref_to("role", description="确定议题的角色（本校规则未写时不填）。"))
    decided_with: list[str] = field(
        default_factory=list,
        metadata=many(
            "与 `decided_by` 共同确定议题的角色（如书记、校长共同确定：`decided_by: secretary, decided_with: [principal]`）。",
            ref_to("role"),
        ),
    )
    circulated_in_advance: bool = field(default=False, metadata=about("议题清单是否提前送达与会人员。"))
    no_ad_hoc: bool = field(default=False, metadata=about("会上不提临时动议（未列入议题的事项不讨论决定）时为 `true`。"))
    lead_days: int | None = field(
        default=None, metadata=bounded(0, 60, "议题须在会前几天提出（如“须会前2天填写议题申请单”为2）；未规定时不填。")
    )


@dataclass
class Notice(Parameter):
    schema_description: ClassVar[str] = "会议通知和材料的提前时间。"

    days: int | None = field(default=None, metadata=bounded(0, 60, "会前提前的天数（如“提前2天通知”为2）；本校规则未写时不填。"))
    working_days: bool = field(default=False, metadata=about("天数按工作日计时为 `true`。"))
    materials: bool = field(default=False, metadata=about("会议材料随通知提前送达与会人员时为 `true`。"))
    by: str = field(default="", metadata=ref_to("role", description="负责通知的角色。"))
    to: str = field(default="", metadata=ref_to("role", "body", description="通知送交的角色或部门（如学校办公室），不是与会人员时填写。"))
    contents: list[str] = field(default_factory=list, metadata=many("通知写明的内容。", one_of(["时间", "地点", "议题", "材料"])))


@dataclass
class MeetingFrequency(Frequency, Parameter):  # a parameter's fields, then a frequency's
    schema_description: ClassVar[str] = "召开频次。"

    as_needed: bool = field(default=False, metadata=about("可根据工作需要随时召开。"))
    on_request: list[str] = field(default_factory=list, metadata=many("经其提议可以随时召开会议的角色。", ref_to("role")))
    when: str = field(default="", metadata=words("固定的召开时间，如“周一”“每月第一周”“开学初”。"))
    in_principle: bool = field(default=False, metadata=about("本校规则写“原则上”“一般”时为 `true`（要点中照写）。"))


@dataclass
class SpecialQuorum(Parameter):
    schema_description: ClassVar[str] = "特定事项的更高到会门槛。"

    threshold: Threshold
    matters: list[str] = field(metadata=many("适用更高门槛的事项 id。", ref_to("entry"), min_items=1))
    scope: str = field(
        default="",
        metadata=words("事项范围的说法，如“干部任免等重要事项”（上级文件用“等”时照写）；不填时列出 matters 的名称。"),
    )


@dataclass
class Quorum(Parameter):
    schema_description: ClassVar[str] = "到会人数门槛（以应到会成员为基数）。"

    threshold: Threshold
    special: list[SpecialQuorum] = field(default_factory=list, metadata=many("特定事项的到会门槛。"))


@dataclass
class Decision(Parameter):
    schema_description: ClassVar[str] = "决定方式与通过门槛。"

    method: str = field(
        metadata=one_of(
            ["vote", "discuss-vote-if-needed", "discuss", "chair-decides"],
            "`vote` 表决；`discuss-vote-if-needed` 集体讨论决定，必要时表决（表决时按 `threshold`）；`discuss` 集体讨论决定（本校规则未写表决）；"
            "`chair-decides` 主持人集中意见后作出决定。",
        )
    )
    voting_methods: list[str] = field(default_factory=list, metadata=many("表决方式。", one_of(["口头", "举手", "无记名投票", "记名投票"])))
    threshold: Threshold | None = None
    base: str = field(
        default="members", metadata=one_of(["members", "present"], "通过门槛的基数：`members` 应到会成员，`present` 实到成员。")
    )
    each_speaks: bool = field(default=False, metadata=about("与会成员逐一发言、明确表态（同意、不同意或缓议）时为 `true`。"))
    in_meeting_only: bool = field(default=False, metadata=about("只能在会议上决定，不以传阅、会签或个别征求意见代替会议决定时为 `true`。"))
    absent_opinions_counted: bool | None = field(default=None, metadata=about("未到会成员的意见是否计入票数（本校规则未写时不填）。"))
    absent_opinions_heard: bool | None = field(
        default=None, metadata=about("未到会成员可以会前书面（或委托）表达意见、会上通报时为 `true`（本校规则未写时不填）。")
    )


@dataclass
class LastSpeaker(Parameter):
    schema_description: ClassVar[str] = "末位表态。"

    roles: list[str] = field(metadata=many("最后表态的角色。", ref_to("role"), min_items=1))


@dataclass
class Officers(Parameter):
    schema_description: ClassVar[str] = "监督员和记录员。"

    supervisors: int = field(metadata=bounded(0, 99, "监督员人数。"))
    recorders: int = field(metadata=bounded(0, 99, "记录员人数。"))


@dataclass
class Disagreement(Parameter):
    schema_description: ClassVar[str] = "意见分歧时的处理（暂缓）。"

    defer: bool = field(default=False, metadata=about("意见分歧较大的议题暂缓决定时为 `true`（要点中写“暂缓”；不写时要点照录条文）。"))


@dataclass
class Escalation(Parameter):
    schema_description: ClassVar[str] = "提交上一层决策或报批。"

    to: str = field(default="", metadata=ref_to("body", description="提交的机构。"))


@dataclass
class Records(Parameter):
    schema_description: ClassVar[str] = "会议记录。"

    book: str = field(default="", metadata=words("记录本名称（本校规则未写时不填）。"))
    votes: bool = field(default=False, metadata=about("表决方式和表决结果记入会议记录时为 `true`。"))


@dataclass
class RequiredAttendance(Parameter):
    schema_description: ClassVar[str] = "必须到会的人员。"

    roles: list[str] = field(default_factory=list, metadata=many("必须到会的角色。", ref_to("role"), min_items=1))
    area_leaders: bool = field(default=False, metadata=about("议题涉及的分管领导必须到会时为 `true`。"))
    absent_area_deferred: bool = field(default=False, metadata=about("分管领导未到会的，其分管的议题一般不作决定时为 `true`。"))
    leave: bool = field(default=False, metadata=about("因故不能到会的须事先向主持人请假时为 `true`。"))
    on_time: bool = field(default=False, metadata=about("与会人员须准时到会时为 `true`。"))
    reported_to: str = field(default="", metadata=ref_to("role", "body", description="出勤情况向谁报告（如学校办公室）。"))


@dataclass
class Emergency(Parameter):
    schema_description: ClassVar[str] = "紧急情况下的临时决定。"

    decided_by: list[str] = field(metadata=many("紧急情况下可以临时决定的角色（几个角色共同决定时都列出）。", ref_to("role"), min_items=1))
    report_to: str = field(default="", metadata=ref_to("body", description="事后报告（通报、追认）的会议。"))


@dataclass
class Scope(Parameter):
    schema_description: ClassVar[str] = "本校规则列举的议事范围（会议研究、决定的事项）。"

    items: list[str] = field(metadata=many("列举的事项，按本校规则的顺序。", prose("事项"), min_items=1))


@dataclass
class Accountability(Parameter):
    schema_description: ClassVar[str] = "会议向谁负责、报告工作。"

    to: list[str] = field(metadata=many("负责并报告工作的对象（机构或角色）。", ref_to("body", "role"), min_items=1))


@dataclass
class Implementation(Parameter):
    schema_description: ClassVar[str] = "决定的执行和反馈。"

    by: list[str] = field(default_factory=list, metadata=many("组织执行决定的角色。", ref_to("role")))
    report_to: str = field(default="", metadata=ref_to("body", "role", description="执行情况向谁报告（反馈）。"))


@dataclass
class Reconsideration(Parameter):
    schema_description: ClassVar[str] = "复议：已作出的决定怎样改变。"

    requested_to: str = field(default="", metadata=ref_to("role", description="申请复议时向谁提出。"))
    by: str = field(default="", metadata=ref_to("body", description="复议并作出决定的会议。"))


@dataclass
class Recusal(Parameter):
    schema_description: ClassVar[str] = "回避。"


@dataclass
class Discipline(Parameter):
    schema_description: ClassVar[str] = "会议纪律（如关闭通讯工具、不做与会议无关的事）。"


@dataclass
class Confidentiality(Parameter):
    schema_description: ClassVar[str] = "保密。"


@dataclass
class Publicity(Parameter):
    schema_description: ClassVar[str] = "决定的公开（公示）。"

    within_days: int | None = field(default=None, metadata=bounded(0, 60, "会后几天内公开（本校规则未写时不填）。"))
    working_days: bool = field(default=False, metadata=about("天数按工作日计时为 `true`。"))


@dataclass
class Rule:
    id: str = field(metadata=id_of("entry", "议事规则 id。"))
    body: str = field(metadata=ref_to("body", description="适用的会议 id。"))
    title: str = field(metadata=words("规则名称，如“党组织会议议事规则”。"))
    order: int = field(metadata=bounded(1, 999, "在“议事规则”章节中的顺序。"))
    sources: list[SourceRef] = field(metadata=SOURCES)
    # A parameter the school's rule does not state is left out (or removed by an overlay): its pages then
    # say nothing about it. `nature` and `members` every rule has.
    nature: Nature
    accountability: Accountability | None = field(default=None, kw_only=True)
    scope: Scope | None = field(default=None, kw_only=True)
    convener: Convener | None = field(default=None, kw_only=True)
    members: Members
    attendees: list[Attendee] = field(default_factory=list, kw_only=True, metadata=many("列席、视议题参加的人员。"))
    required_attendance: RequiredAttendance | None = field(default=None, kw_only=True)
    agenda: Agenda | None = field(default=None, kw_only=True)
    notice: Notice | None = field(default=None, kw_only=True)
    frequency: MeetingFrequency | None = field(default=None, kw_only=True)
    quorum: Quorum | None = field(default=None, kw_only=True)
    decision: Decision | None = field(default=None, kw_only=True)
    last_speaker: LastSpeaker | None = field(default=None, kw_only=True)
    recusal: Recusal | None = field(default=None, kw_only=True)
    emergency: Emergency | None = field(default=None, kw_only=True)
    officers: Officers | None = field(default=None, kw_only=True)
    disagreement: Disagreement | None = field(default=None, kw_only=True)
    escalation: Escalation | None = field(default=None, kw_only=True)
    implementation: Implementation | None = field(default=None, kw_only=True)
    reconsideration: Reconsideration | None = field(default=None, kw_only=True)
    records: Records | None = field(default=None, kw_only=True)
    discipline: Discipline | None = field(default=None, kw_only=True)
    confidentiality: Confidentiality | None = field(default=None, kw_only=True)
    publicity: Publicity | None = field(default=None, kw_only=True)
    clauses: list[Entry] = field(
        default_factory=list, kw_only=True, metadata=many("条目列表，按显示顺序。", min_items=1, use="rule-clause")
    )
    interpreted_by: str = field(
        default="",
        kw_only=True,
        metadata=ref_to("body", "role", description="负责解释本规则的机构或角色（附则“本规则由……负责解释”）；不填时为本会议。"),
    )

    def parameters(self) -> list[Parameter]:
        """Every parameter the rule states, in the order of its document (`chapters.RULE_PARTS`)."""
        found = []
        for _, names in RULE_PARTS.values():
            for name in names:
                value = getattr(self, name)
                for parameter in value if isinstance(value, list) else [value]:
                    if parameter is not None:
                        found.append(parameter)
                        if name == "quorum":
                            found += parameter.special
        return found


# matters.yml


@dataclass
class RouteStep:
    id: str = field(metadata=id_of("entry", "步骤 id。"))
    title: str = field(metadata=words("步骤名称。"))
    actor: str = field(metadata=ref_to("role", "body", description="执行这一步的角色或机构。"))
    text: str = field(metadata=prose("这一步做什么。"))


@dataclass
class Route:
    id: str = field(metadata=id_of("entry", "决策路径 id。"))
    title: str = field(metadata=words("路径名称。"))
    text: str = field(metadata=prose("路径说明。"))
    sources: list[SourceRef] = field(metadata=SOURCES)
    steps: list[RouteStep] = field(metadata=many("路径的步骤，按顺序。", min_items=2))


@dataclass
class MatterCategory:
    id: str = field(metadata=id_of("entry", "事项类别 id。"))
    title: str = field(metadata=words("类别名称。"))
    text: str = field(metadata=prose("类别说明。"))
    sources: list[SourceRef] = field(metadata=SOURCES)
    matters: list[Entry] = field(metadata=many("该类别的事项。", min_items=1, use="matter"))


@dataclass
class Matters:
    intro: str = field(metadata=prose("导语。"))
    routes: list[Route] = field(metadata=many("决策路径（每条绘成流程图）。", min_items=1))
    categories: list[MatterCategory] = field(metadata=many("事项类别。", min_items=1))


# timeline.yml


@dataclass
class Task:
    id: str = field(metadata=id_of("entry", "任务 id。"))
    title: str = field(metadata=words("任务。"))
    owner: str = field(metadata=ref_to("role", "body", description="责任方。"))
    target: str = field(default="", kw_only=True, metadata=prose("目标或完成标志。"))
    text: str = field(default="", kw_only=True, metadata=prose("说明。"))
    sources: list[SourceRef] = field(metadata=SOURCES)


@dataclass
class Phase:
    id: str = field(metadata=id_of("entry", "阶段 id。"))
    title: str = field(metadata=words("阶段名称。"))
    when: str = field(metadata=words("时间（相对表述，如“第1—2个月”“第二年”）。"))
    text: str = field(metadata=prose("阶段说明。"))
    sources: list[SourceRef] = field(metadata=SOURCES)
    tasks: list[Task] = field(metadata=many("本阶段任务。", min_items=1))


@dataclass
class Timeline:
    id: str = field(metadata=id_of("entry", "时间线 id。"))
    title: str = field(metadata=words("名称，如“区域推进”。"))
    level: str = field(metadata=one_of(["district", "school"], "`district` 区域层面，`school` 学校层面。"))
    text: str = field(metadata=prose("说明。"))
    sources: list[SourceRef] = field(metadata=SOURCES)
    phases: list[Phase] = field(metadata=many("阶段，按时间顺序。", min_items=1))


@dataclass
class Timelines:
    intro: str = field(metadata=prose("导语。"))
    timelines: list[Timeline] = field(metadata=many("时间线。", min_items=1))


# floors.yml


@dataclass
class Floor:
    id: str = field(metadata=id_of("entry", "底线 id。"))
    title: str = field(metadata=words("底线名称。"))
    target: str = field(
        default="",
        kw_only=True,
        metadata=ref_to("entry", description="受约束的条目 id：议事规则的参数（如 `quorum`、`decision` 的 id），或事项、事项类别的 id。"),
    )
    # Or every rule of a kind of body, the school's added ones too: `body_kind` with `parameter`.
    body_kind: str = field(
        default="",
        kw_only=True,
        metadata=one_of(["party-congress"], "不写 `target` 时：约束这一类机构（`party-congress` 党员大会）的每一份议事规则。"),
    )
    parameter: str = field(
        default="", kw_only=True, metadata=one_of(["quorum", "decision"], "与 `body_kind` 一起用：受约束的参数（`quorum` 或 `decision`）。")
    )
    # What the floor protects; one or more of these (`checks.check_floors`).
    minimum: Threshold | Frequency | None = field(
        default=None,
        kw_only=True,
        metadata=about("最低要求：比例门槛 `{op, fraction}` 或频次 `{times, per}`（target 的 `threshold` 或频次不低于它）。"),
    )
    matter: str = field(
        default="",
        kw_only=True,
        metadata=ref_to(
            "entry",
            description="与 `minimum` 一起用，target 是到会门槛（`quorum`）时：讨论决定这一事项的到会门槛不低于 minimum"
            "（一般门槛达不到时，须有列出该事项的特定门槛 `special`）。",
        ),
    )
    requires: dict = field(
        default_factory=dict,
        kw_only=True,
        metadata={
            "minProperties": 1,
            **about("target 的字段必须取的值，如 `{method: vote, base: members}`（以表决方式决定、通过门槛以应到会成员为基数）。"),
        },
    )
    decided_by: str = field(
        default="",
        kw_only=True,
        metadata=ref_to(
            "body", "role", description="target 是事项或事项类别时：该事项（该类别的每一事项）由这个机构决定（事项的 `decides`）。"
        ),
    )
    text: str = field(metadata=prose("底线的文字表述。"))
    sources: list[SourceRef] = field(metadata=SOURCES)
    in_principle: bool = field(
        default=False,
        metadata=about("上级文件写的是“原则上”“一般”（如“一般每月召开1次”）时为 `true`：低于底线给出警告，不算错误。"),
    )


@dataclass
class FloorList:
    floors: list[Floor] = field(metadata=many("底线列表。", min_items=1))


# checklists/*.yml


@dataclass
class Rating:
    min_percent: float = field(metadata=bounded(0, 100, "得分率不低于此值（%）。"))
    label: str = field(metadata=words("等级名称，如“五星”。"))
    stars: int | None = field(default=None, metadata=bounded(0, 5, "星级（可选）。"))


@dataclass
class ChecklistItem:
    id: str = field(metadata=id_of("item", "条目 id（答案按它保存）。"))
    question: str = field(metadata=prose("自查问题。"))
    guidance: str = field(metadata=prose("判断要点。"))
    evidence: str = field(metadata=prose("需要的佐证材料。"))
    points: float = field(metadata=bounded(0, MAX_POINTS, f"分值（大于0，不超过{MAX_POINTS}）。", exclusive_minimum=True))
    verifies: list[str] = field(metadata=many("该条核查的章程条目 id。", ref_to("entry", "role", "body"), min_items=1))
    applies_to: AppliesTo | None = None
    sources: list[SourceRef] = field(default_factory=list, metadata=SOURCES)


@dataclass
class ChecklistSection:
    id: str = field(metadata=id_of("entry", "分节 id。"))
    title: str = field(metadata=words("分节标题。"))
    items: list[ChecklistItem] = field(metadata=many("自查条目。", min_items=1))


@dataclass
class Checklist:
    id: str = field(metadata=id_of("checklist", "清单 id（答案按它分开保存）。"))
    title: str = field(metadata=words("清单名称。"))
    version: str = field(metadata=matching(VERSION_PATTERN, "清单版本；条目变化时递增。"))
    order: int = field(metadata=bounded(1, 999, "显示顺序。"))
    intro: str = field(default="", kw_only=True, metadata=prose("说明。"))
    sources: list[SourceRef] = field(default_factory=list, kw_only=True, metadata=SOURCES)
    scoring: dict[str, float] = field(
        metadata=named(
            "计分规则；“不适用”的条目不计入分母。",
            {
                "达标": bounded(0, 1, "“达标”得分占该条分值的比例。"),
                "部分达标": bounded(0, 1, "“部分达标”的比例。"),
                "未达标": bounded(0, 1, "“未达标”的比例。"),
            },
            required=True,
        )
    )
    ratings: list[Rating] = field(metadata=many("等级门槛，从高到低。", min_items=1))
    sections: list[ChecklistSection] = field(metadata=many("分节。", min_items=1))


# assessments/*.yml: the JSON the checklist page exports


@dataclass
class Answer:
    answer: str = field(metadata=one_of(["达标", "部分达标", "未达标", "不适用", ""], "结论；空表示未答。"))
    note: str = field(default="", metadata=about("佐证说明。"))


@dataclass
class Assessment:
    format: str = field(metadata=fixed("school-charter-assessment", "固定为 `school-charter-assessment`。"))
    schema_version: int = field(metadata=fixed(1, "结果文件格式版本，目前为1。"))
    checklist: str = field(metadata=ref_to("checklist", description="自查清单 id。"))
    checklist_version: str = field(metadata=matching(VERSION_PATTERN, "自查时清单的版本。"))
    school: str = field(metadata=words("学校名称。"))
    date: str = field(metadata=matching(DATE_PATTERN, "自查日期（YYYY-MM-DD）。"))
    answers: dict[str, Answer] = field(metadata=keyed("各条目的结论和佐证说明，键为自查条目 id。", "item"))
    file: str = field(default="", init=False)  # where it was read from: set by the loader, not in the data


# local/*.yml: a school's changes, by id. Applied as plain data (`overlay.py`); declared here for the schema.


@dataclass
class Modification:
    id: str = field(metadata=ref_to(*ANY_ID, description="要修改的条目（或议事规则参数、角色等）的 id。"))
    reason: str = field(metadata=prose("调整理由（显示在“本校调整”页）。"))
    set: dict = field(
        metadata={"minProperties": 1, **about("要替换的字段及新值，字段与该条目原有字段相同（如 `text`、`times`、`threshold`）。")}
    )


@dataclass
class Addition:
    after: str = field(default="", kw_only=True, metadata=ref_to(*ANY_ID, description="新条目放在这个 id 的条目之后（同一列表中）。"))
    before: str = field(default="", kw_only=True, metadata=ref_to(*ANY_ID, description="或放在这个 id 的条目之前。"))
    reason: str = field(metadata=prose("新增理由。"))
    entry: dict = field(metadata=about("新条目，字段与同一列表中的条目相同（需要新的 id）。"))


@dataclass
class Removal:
    id: str = field(metadata=ref_to(*ANY_ID, description="要删除的条目 id。"))
    reason: str = field(metadata=prose("删除理由（必填）。", min_length=2))


@dataclass
class Overlay:
    model_version: str = field(
        metadata=matching(VERSION_PATTERN, "编写本调整时所依据的示范章程版本；示范中被调整的条目此后有变化时，构建会提醒复核。")
    )
    modify: list[Modification] = field(default_factory=list, metadata=many("修改已有条目的字段。"))
    add: list[Addition] = field(default_factory=list, metadata=many("新增条目。"))
    remove: list[Removal] = field(default_factory=list, metadata=many("删除条目（须说明理由）。"))


# Building typed objects from checked data


def build(cls, data):
    """Build dataclass `cls` from a dict that passed its schema (derived from `cls`, so every key is a
    field); nested dataclasses follow type hints."""
    return cls(**{name: _convert(hint, data[name]) for name, hint in _fields(cls) if name in data})


@functools.cache
def _fields(cls) -> list[tuple[str, object]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init]


def _convert(hint, value):
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(hint)
        return {k: _convert(item, v) for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        # `Threshold | Frequency`: the option whose fields the value has
        fitting = [o for o in options if not dataclasses.is_dataclass(o) or set(value) <= {f.name for f in dataclasses.fields(o)}]
        return _convert(fitting[0], value)
    if dataclasses.is_dataclass(hint):
        if isinstance(value, str) and hasattr(hint, "shorthand"):
            return hint(**{hint.shorthand: value})
        return build(hint, value)
    return value
