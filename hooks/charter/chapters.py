"""The chapters of the charter: the one table that says where a section of `data/sections/` goes."""

from __future__ import annotations

# The charter's chapters in order. A section names its chapter with `parent:` and its place among the
# chapter's sections with `order:`; `reference` is the appendix (context, not articles of the charter).
# `kind` is the data a chapter is made of besides its sections; `folder` is where its pages live.
CHAPTERS = {
    "leadership": {"title": "领导体制", "kind": None, "folder": ""},
    "duties": {"title": "职责", "kind": "duties", "folder": "duties/"},
    "rules": {"title": "议事规则", "kind": "rules", "folder": "rules/"},
    "matters": {"title": "事项清单", "kind": "matters", "folder": "matters/"},
    "mechanisms": {"title": "运行机制", "kind": None, "folder": ""},
    "standards": {"title": "党建标准", "kind": None, "folder": ""},
    "guarantees": {"title": "保障措施", "kind": None, "folder": ""},
    "timeline": {"title": "实施步骤", "kind": "timeline", "folder": ""},
}
APPENDIX = "reference"
PARENTS = [*CHAPTERS, APPENDIX]
# Where a section stood before `parent` existed (its global `order`), for the message that says how to rewrite it.
OLD_ORDER_SLOTS = {1: "leadership", 2: "duties", 3: "rules", 4: "matters", 5: "mechanisms", 6: "standards", 7: "guarantees", 8: "timeline"}
