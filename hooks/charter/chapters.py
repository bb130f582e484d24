"""The chapters of the charter: the one table that says where a section of `data/sections/` goes."""

from __future__ import annotations

# The charter's chapters in order. A section names its chapter with `parent:` and its place among the
# chapter's sections with `order:`; `reference` is the appendix (context, not articles of the charter).
# `kind` is the data a chapter is made of besides its sections; `folder` is where its pages live;
# `in_charter` whether the 章程 has it as a chapter (the implementation timeline is the district's plan,
# not a rule of the school: the site shows it, the 章程 does not). The 章程 also has a 总则 and a 附则
# (`documents.py`); the rules and the 事项清单 are documents of their own, beside it.
CHAPTERS = {
    "leadership": {"title": "领导体制", "kind": None, "folder": "", "in_charter": True},
    "duties": {"title": "职责", "kind": "duties", "folder": "duties/", "in_charter": True},
    "rules": {"title": "议事规则", "kind": "rules", "folder": "rules/", "in_charter": True},
    "matters": {"title": "事项清单", "kind": "matters", "folder": "matters/", "in_charter": True},
    "mechanisms": {"title": "运行机制", "kind": None, "folder": "", "in_charter": True},
    "standards": {"title": "党建标准", "kind": None, "folder": "", "in_charter": True},
    "guarantees": {"title": "保障措施", "kind": None, "folder": "", "in_charter": True},
    "timeline": {"title": "实施步骤", "kind": "timeline", "folder": "", "in_charter": False},
}
APPENDIX = "reference"
PARENTS = [*CHAPTERS, APPENDIX]
# Where a section stood before `parent` existed (its global `order`), for the message that says how to rewrite it.
OLD_ORDER_SLOTS = {1: "leadership", 2: "duties", 3: "rules", 4: "matters", 5: "mechanisms", 6: "standards", 7: "guarantees", 8: "timeline"}

# The chapters of a meeting's 议事规则, and the parameters of a rule (`model.Rule`) each holds, in order.
# A rule's clauses go where their `part` says (议事程序 when they say nothing).
RULE_PARTS = {
    "general": ("总则", ["nature", "accountability"]),
    "scope": ("议事范围", ["scope"]),
    "members": ("会议组成", ["convener", "members", "attendees", "required_attendance", "officers"]),
    "procedure": (
        "议事程序",
        ["agenda", "frequency", "notice", "quorum", "decision", "last_speaker", "recusal", "disagreement", "emergency"],
    ),
    "execution": (
        "执行与监督",
        ["escalation", "implementation", "reconsideration", "records", "discipline", "confidentiality", "publicity"],
    ),
    "supplementary": ("附则", []),
}

# The body whose meeting a 党支部 with fewer than 7 full members holds as its 党员大会 (`School.small_branch`).
PARTY_MEETING = "party-organization-meeting"
