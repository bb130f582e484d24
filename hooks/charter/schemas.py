r"""JSON Schemas of every kind of data file, built from shared pieces.

`charter schema` writes them to `schema/` for editors (the YAML language server);
the checks use the same dictionaries. Three custom keywords drive the cross-file checks:
`x-id` (this string defines an id of the given kind), `x-ref` (this string must be an id of one of
the given kinds) and `x-inline-refs` (this text may hold `[[id]]` links that must resolve).

Every pattern ends with `(?![\s\S])`, "nothing follows", which means the end of the string both in
Python (our checks) and in ECMA-262 (editors): a final `$` would let `"id\n"` through in Python.
"""

from __future__ import annotations

from .chapters import APPENDIX, CHAPTERS, PARENTS

SCHEMA_BASE = "https://example.invalid/school-charter/schema/"

# Kinds of id; `entry` is every numbered clause of the charter.
ID_KINDS = ("source", "term", "role", "body", "entry", "checklist", "item")

ORG_TYPES = ["党委", "党总支", "党支部"]
MODES = ["分设", "一肩挑"]
PERIODS = ["week", "month", "term", "year", "two-years"]

_END = r"(?![\s\S])"  # end of the string, in Python and in ECMA-262 alike
ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*" + _END
VERSION_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+" + _END
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END
FRACTION_PATTERN = r"^[1-9][0-9]*/[1-9][0-9]*" + _END
ID_FORMAT = "小写英文字母、数字和连字符组成的 id，如 `party-meeting-quorum`（不含空格和换行）"
MAX_POINTS = 1000


# Pieces


def _id(kind: str, description: str = "") -> dict:
    return {
        "type": "string",
        "pattern": ID_PATTERN,
        "description": description
        or "可读的唯一标识：小写英文字母、数字和连字符，如 `party-meeting-quorum`。用于锚点、交叉引用和本校调整。",
        "x-id": kind,
    }


def _ref(*kinds: str, description: str = "") -> dict:
    return {
        "type": "string",
        "pattern": ID_PATTERN,
        "description": description or f"引用已有的 id（{' / '.join(kinds)}）。",
        "x-ref": list(kinds),
    }


def _text(description: str, min_length: int = 1) -> dict:
    return {"type": "string", "minLength": min_length, "description": description, "x-inline-refs": True}


def _string(description: str) -> dict:
    return {"type": "string", "minLength": 1, "description": description}


def _list(items: dict, description: str, min_items: int = 0) -> dict:
    schema = {"type": "array", "items": items, "description": description}
    if min_items:
        schema["minItems"] = min_items
    return schema


def _object(properties: dict, required: list[str], description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


SOURCE_REF = {
    "description": "出处：来源 id（如 `seed-001`），或 `{ref: seed-001, at: 篇3 四.1}` 指明篇章位置。",
    "anyOf": [
        _ref("source"),
        _object(
            {"ref": _ref("source"), "at": _string("来源中的位置，如 `篇3 四.1`。")},
            ["ref"],
        ),
    ],
}
SOURCES = _list(SOURCE_REF, "本条的出处（至少一个）。", min_items=1)
TAGS = _list(_string("标签"), "标签，用于检索和分组。")
APPLIES_TO = _object(
    {
        "org_types": _list({"enum": ORG_TYPES}, "适用的党组织类型。", min_items=1),
        "modes": _list({"enum": MODES}, "适用的领导方式（分设 / 一肩挑）。", min_items=1),
    },
    [],
    "仅适用于某些学校时填写；不填则对所有学校适用。",
)
THRESHOLD = _object(
    {
        "op": {"enum": ["more_than", "at_least"], "description": "`more_than` 超过（半数以上），`at_least` 不少于。"},
        "fraction": {
            "type": "string",
            "pattern": FRACTION_PATTERN,
            "description": "分数，如 `1/2`、`2/3`。",
        },
    },
    ["op", "fraction"],
    "比例门槛。",
)
FREQUENCY_FIELDS = {
    "times": {"type": "integer", "minimum": 1, "maximum": 100, "description": "每个周期至少召开（进行）的次数。"},
    "per": {"enum": PERIODS, "description": "周期：week 周、month 月、term 学期、year 年、two-years 两年。"},
}

ENTRY_FIELDS = {
    "id": _id("entry"),
    "title": _string("条目标题（简短）。"),
    "text": _text("条目正文：简明复述，固定提法保持原样；可用 `[[id]]` 链接其他条目、角色或术语。"),
    "items": _list(_text("列举项"), "条目中的列举项（如“六好”的六项）。"),
    "sources": SOURCES,
    "tags": TAGS,
    "applies_to": APPLIES_TO,
}


def _entry(extra: dict | None = None, depth: int = 2) -> dict:
    fields = dict(ENTRY_FIELDS)
    if extra:
        fields.update(extra)
    if depth > 0:
        fields["children"] = _list(_entry(extra, depth - 1), "下级条目（编号为 1.1、1.2 …）。")
    return _object(fields, ["id", "title", "text", "sources"], "章程条目。")


ENTRY = _entry()
ENTRIES = _list(ENTRY, "条目列表，按显示顺序。", min_items=1)


def _yaml_file(name: str, title: str, description: str, properties: dict, required: list[str]) -> dict:
    schema = _object(properties, required, description)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_BASE + name, "title": title, **schema}


# Kinds of file

MODEL = _yaml_file(
    "model.schema.json",
    "示范章程版本",
    "示范章程的名称、版本和变更记录（`data/model.yml`）。",
    {
        "title": _string("示范章程名称。"),
        "version": {"type": "string", "pattern": VERSION_PATTERN, "description": "版本号，如 `1.0.0`。"},
        "summary": _text("首页上的一段说明：这是什么。"),
        "status": _text("关于示范文本地位的提示（在各页显示）。"),
        "changelog": _list(
            _object(
                {
                    "version": {"type": "string", "pattern": VERSION_PATTERN, "description": "版本号。"},
                    "date": {"type": "string", "format": "date", "pattern": DATE_PATTERN, "description": "发布日期。"},
                    "changes": _list(
                        _object(
                            {
                                "entry": _ref("entry", "role", "body", "term", "item", description="变更的条目 id。"),
                                "change": {"enum": ["added", "modified", "removed"], "description": "变更类型。"},
                                "note": _string("变更说明。"),
                            },
                            ["entry", "change", "note"],
                        ),
                        "本版本变更的条目。",
                    ),
                },
                ["version", "date", "changes"],
            ),
            "变更记录，新版本在前。",
        ),
    },
    ["title", "version", "summary", "status", "changelog"],
)

SCHOOL = _yaml_file(
    "school.schema.json",
    "学校概况",
    "采用本章程的学校的基本信息（`data/school.yml`）。生成的文本随之变化。",
    {
        "name": _string("学校全称。"),
        "short_name": _string("学校简称。"),
        "org_type": {"enum": ORG_TYPES, "description": "学校党组织类型：党委、党总支或党支部。"},
        "leadership_mode": {"enum": MODES, "description": "书记、校长分设，或“一肩挑”（仅党支部学校）。"},
        "members": {
            "type": "object",
            "description": "各会议的应到会成员人数，键为会议 id（如 `party-organization-meeting`）。",
            "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 99},
            "propertyNames": {"x-ref": ["body"], "type": "string", "pattern": ID_PATTERN},
        },
        "effective_date": {"type": "string", "pattern": DATE_PATTERN, "description": "章程施行日期（YYYY-MM-DD）。"},
        "model_version": {"type": "string", "pattern": VERSION_PATTERN, "description": "所采用的示范章程版本。"},
        "example": {"type": "boolean", "description": "为 true 时表示这是示范用的中性概况，首页会提示学校替换。"},
    },
    ["name", "short_name", "org_type", "leadership_mode", "members", "effective_date", "model_version"],
)

SOURCES_FILE = _yaml_file(
    "sources.schema.json",
    "依据文件",
    "章程引用的来源：政策文件和原始材料（`data/sources.yml`）。",
    {
        "sources": _list(
            _object(
                {
                    "id": _id("source"),
                    "title": _string("文件名称。"),
                    "kind": {"enum": ["policy", "seed"], "description": "`policy` 政策文件，`seed` 原始材料（网页摘录）。"},
                    "issuer": _string("发文机关或发布者。"),
                    "number": _string("文号，如 `中办发〔2022〕7号`。"),
                    "year": {"type": "integer", "minimum": 1949, "maximum": 2100, "description": "年份。"},
                    "file": _string("原始材料的文件名（`kind: seed` 时）。"),
                    "cites": _list(_ref("source"), "该材料引用的政策文件。"),
                    "note": _text("说明。"),
                },
                ["id", "title", "kind"],
            ),
            "来源列表。",
            min_items=1,
        )
    },
    ["sources"],
)

GLOSSARY = _yaml_file(
    "glossary.schema.json",
    "术语",
    "术语及其简短释义（`data/glossary.yml`）；页面中出现的术语会显示释义，检索词典也由此生成。",
    {
        "terms": _list(
            _object(
                {
                    "id": _id("term"),
                    "term": _string("术语。"),
                    "aliases": _list(_string("别称"), "别称或简称。"),
                    "definition": _text("简短释义（一两句）。"),
                    "sources": SOURCES,
                },
                ["id", "term", "definition", "sources"],
            ),
            "术语列表。",
            min_items=1,
        )
    },
    ["terms"],
)

TITLES = {
    "type": "object",
    "description": "按党组织类型的称谓，如 `{党委: 党委书记, 党支部: 党支部书记}`。",
    "properties": {t: _string(f"{t}学校中的称谓。") for t in ORG_TYPES},
    "additionalProperties": False,
}

ORGANIZATION = _yaml_file(
    "organization.schema.json",
    "角色与会议",
    "章程中的角色（书记、校长……）和议事机构（`data/organization.yml`）。",
    {
        "roles": _list(
            _object(
                {
                    "id": _id("role"),
                    "title": _string("通用称谓。"),
                    "titles": TITLES,
                    "description": _text("角色说明。"),
                    "applies_to": APPLIES_TO,
                    "sources": SOURCES,
                },
                ["id", "title", "description", "sources"],
            ),
            "角色列表。",
            min_items=1,
        ),
        "bodies": _list(
            _object(
                {
                    "id": _id("body"),
                    "title": _string("机构名称。"),
                    "kind": {"enum": ["meeting", "congress", "organization"], "description": "会议、代表大会或组织。"},
                    "description": _text("机构说明。"),
                    "sources": SOURCES,
                },
                ["id", "title", "kind", "description", "sources"],
            ),
            "议事机构列表。",
            min_items=1,
        ),
    },
    ["roles", "bodies"],
)

SECTION = _yaml_file(
    "section.schema.json",
    "章节",
    "章程的一个章节（`data/sections/*.yml`）：领导体制、运行机制、保障措施、标准等。",
    {
        "id": _id("entry", "章节 id。"),
        "title": _string("章节标题。"),
        "parent": {
            "enum": PARENTS,
            "description": "章节所在的章："
            + "、".join(f"`{k}`（{v['title']}）" for k, v in CHAPTERS.items())
            + f"，或 `{APPENDIX}`（参考，不是章程条文）。",
        },
        "order": {"type": "integer", "minimum": 1, "maximum": 999, "description": "在所在章的各章节中的顺序（从 1 起）。"},
        "intro": _text("章节导语。"),
        "entries": ENTRIES,
    },
    ["id", "title", "parent", "order", "entries"],
)

DUTIES = _yaml_file(
    "duties.schema.json",
    "职责",
    "一个角色的职责清单（`data/duties/*.yml`）。",
    {
        "id": _id("entry", "职责清单 id。"),
        "role": _ref("role", description="职责所属角色 id。"),
        "title": _string("清单标题，如“党组织职责”。"),
        "order": {"type": "integer", "minimum": 1, "maximum": 999, "description": "在“职责”章节中的顺序。"},
        "intro": _text("导语。"),
        "sources": SOURCES,
        "items": _list(
            _entry({"matters": _list(_ref("entry"), "该职责涉及的事项（事项清单中的 id）。")}, depth=0),
            "职责条目，按顺序编号。",
            min_items=1,
        ),
    },
    ["id", "role", "title", "order", "items"],
)

PARAMETER_FIELDS = {
    "id": _id("entry", "参数 id（政策底线和本校调整按它引用）。"),
    "text": _text("这一参数的文字表述。"),
    "sources": SOURCES,
}


def _parameter(fields: dict, required: list[str], description: str) -> dict:
    return _object({**PARAMETER_FIELDS, **fields}, ["id", "text", "sources", *required], description)


RULE = _yaml_file(
    "rule.schema.json",
    "议事规则",
    "一个议事机构的议事规则（`data/rules/*.yml`），参数为结构化字段，条款为条目。",
    {
        "id": _id("entry", "议事规则 id。"),
        "body": _ref("body", description="适用的会议 id。"),
        "title": _string("规则名称，如“党组织会议议事规则”。"),
        "order": {"type": "integer", "minimum": 1, "maximum": 999, "description": "在“议事规则”章节中的顺序。"},
        "sources": SOURCES,
        "nature": _parameter({}, [], "会议性质。"),
        "convener": _parameter(
            {
                "role": _ref("role", description="召集并主持的角色。"),
                "substitute": _ref("role", description="因故不能出席时可委托的角色。"),
            },
            ["role"],
            "召集人和主持人。",
        ),
        "members": _parameter(
            {"roles": _list(_ref("role"), "组成人员的角色。", min_items=1)},
            ["roles"],
            "会议组成人员（人数在学校概况 `members` 中填写）。",
        ),
        "attendees": _list(
            _parameter(
                {
                    "roles": _list(_ref("role"), "角色。", min_items=1),
                    "status": {"enum": ["列席", "出席", "视议题参加"], "description": "参加方式。"},
                    "may_vote": {"type": "boolean", "description": "是否有表决权。"},
                },
                ["roles", "status", "may_vote"],
                "列席或视议题参加的人员。",
            ),
            "列席、视议题参加的人员。",
        ),
        "agenda": _parameter(
            {
                "proposed_by": _list(_ref("role"), "提出议题的角色。", min_items=1),
                "decided_by": _ref("role", description="确定议题的角色。"),
                "circulated_in_advance": {"type": "boolean", "description": "议题清单是否提前送达与会人员。"},
            },
            ["proposed_by", "decided_by"],
            "议题的提出与确定。",
        ),
        "frequency": _parameter(
            {**FREQUENCY_FIELDS, "as_needed": {"type": "boolean", "description": "可根据工作需要随时召开。"}},
            ["times", "per"],
            "召开频次。",
        ),
        "quorum": _parameter(
            {
                "threshold": THRESHOLD,
                "special": _list(
                    _parameter(
                        {"threshold": THRESHOLD, "matters": _list(_ref("entry"), "适用更高门槛的事项 id。", min_items=1)},
                        ["threshold", "matters"],
                        "特定事项的更高到会门槛。",
                    ),
                    "特定事项的到会门槛。",
                ),
            },
            ["threshold"],
            "到会人数门槛（以应到会成员为基数）。",
        ),
        "decision": _parameter(
            {
                "method": {"enum": ["vote", "chair-decides"], "description": "`vote` 表决；`chair-decides` 主持人集中意见后作出决定。"},
                "voting_methods": _list({"enum": ["口头", "举手", "无记名投票", "记名投票"]}, "表决方式。"),
                "threshold": THRESHOLD,
                "base": {"enum": ["members", "present"], "description": "通过门槛的基数：`members` 应到会成员，`present` 实到成员。"},
                "absent_opinions_counted": {"type": "boolean", "description": "未到会成员的意见是否计入票数。"},
            },
            ["method"],
            "决定方式与通过门槛。",
        ),
        "last_speaker": _parameter({"roles": _list(_ref("role"), "最后表态的角色。", min_items=1)}, ["roles"], "末位表态。"),
        "officers": _parameter(
            {
                "supervisors": {"type": "integer", "minimum": 0, "maximum": 99, "description": "监督员人数。"},
                "recorders": {"type": "integer", "minimum": 0, "maximum": 99, "description": "记录员人数。"},
            },
            ["supervisors", "recorders"],
            "监督员和记录员。",
        ),
        "disagreement": _parameter({}, [], "意见分歧时的处理（暂缓）。"),
        "escalation": _parameter({"to": _ref("body", description="提交的机构。")}, [], "提交上一层决策或报批。"),
        "records": _parameter({"book": _string("记录本名称。")}, ["book"], "会议记录。"),
        "clauses": ENTRIES,
    },
    ["id", "body", "title", "order", "sources", "nature", "convener", "members", "agenda", "frequency", "quorum", "decision", "clauses"],
)

ROUTE_STEP = _object(
    {
        "id": _id("entry", "步骤 id。"),
        "title": _string("步骤名称。"),
        "actor": _ref("role", "body", description="执行这一步的角色或机构。"),
        "text": _text("这一步做什么。"),
    },
    ["id", "title", "actor", "text"],
)

MATTERS = _yaml_file(
    "matters.schema.json",
    "事项清单",
    "决策事项及其路径（`data/matters.yml`）：谁提出、谁研究、谁决定、征求谁的意见、是否报批。",
    {
        "intro": _text("导语。"),
        "routes": _list(
            _object(
                {
                    "id": _id("entry", "决策路径 id。"),
                    "title": _string("路径名称。"),
                    "text": _text("路径说明。"),
                    "sources": SOURCES,
                    "steps": _list(ROUTE_STEP, "路径的步骤，按顺序。", min_items=2),
                },
                ["id", "title", "text", "sources", "steps"],
            ),
            "决策路径（每条绘成流程图）。",
            min_items=1,
        ),
        "categories": _list(
            _object(
                {
                    "id": _id("entry", "事项类别 id。"),
                    "title": _string("类别名称。"),
                    "text": _text("类别说明。"),
                    "sources": SOURCES,
                    "matters": _list(
                        _entry(
                            {
                                "route": _ref("entry", description="决策路径 id。"),
                                "proposes": _list(_ref("role", "body"), "提出（拟订）方。", min_items=1),
                                "deliberates": _list(_ref("body"), "研究讨论的会议。"),
                                "decides": _ref("body", "role", description="作出决定的机构。"),
                                "consult": _list(_ref("body", "role"), "须征求意见的机构（如教代会）。"),
                                "consult_experts": {"type": "boolean", "description": "是否须专家评估及技术、政策、法律咨询。"},
                                "approval": _text("须报上级批准时写明；不需要则不填。"),
                            },
                            depth=0,
                        ),
                        "该类别的事项。",
                        min_items=1,
                    ),
                },
                ["id", "title", "text", "sources", "matters"],
            ),
            "事项类别。",
            min_items=1,
        ),
    },
    ["intro", "routes", "categories"],
)

TIMELINE = _yaml_file(
    "timeline.schema.json",
    "实施步骤",
    "实施步骤（`data/timeline.yml`）：可复用的阶段、任务、责任人和目标；日期是参数，不写死年份。",
    {
        "intro": _text("导语。"),
        "timelines": _list(
            _object(
                {
                    "id": _id("entry", "时间线 id。"),
                    "title": _string("名称，如“区域推进”。"),
                    "level": {"enum": ["district", "school"], "description": "`district` 区域层面，`school` 学校层面。"},
                    "text": _text("说明。"),
                    "sources": SOURCES,
                    "phases": _list(
                        _object(
                            {
                                "id": _id("entry", "阶段 id。"),
                                "title": _string("阶段名称。"),
                                "when": _string("时间（相对表述，如“第1—2个月”“第二年”）。"),
                                "text": _text("阶段说明。"),
                                "sources": SOURCES,
                                "tasks": _list(
                                    _object(
                                        {
                                            "id": _id("entry", "任务 id。"),
                                            "title": _string("任务。"),
                                            "owner": _ref("role", "body", description="责任方。"),
                                            "target": _text("目标或完成标志。"),
                                            "text": _text("说明。"),
                                            "sources": SOURCES,
                                        },
                                        ["id", "title", "owner", "sources"],
                                    ),
                                    "本阶段任务。",
                                    min_items=1,
                                ),
                            },
                            ["id", "title", "when", "text", "sources", "tasks"],
                        ),
                        "阶段，按时间顺序。",
                        min_items=1,
                    ),
                },
                ["id", "title", "level", "text", "sources", "phases"],
            ),
            "时间线。",
            min_items=1,
        ),
    },
    ["intro", "timelines"],
)

FLOORS = _yaml_file(
    "floors.schema.json",
    "政策底线",
    "上级政策规定的最低要求（`data/floors.yml`）：学校的数据低于底线时检查失败。",
    {
        "floors": _list(
            _object(
                {
                    "id": _id("entry", "底线 id。"),
                    "title": _string("底线名称。"),
                    "target": _ref("entry", description="受约束的参数 id（如议事规则中的 `quorum` 的 id）。"),
                    "minimum": {
                        "description": "最低要求：比例门槛 `{op, fraction}` 或频次 `{times, per}`。",
                        "anyOf": [THRESHOLD, _object(FREQUENCY_FIELDS, ["times", "per"], "频次。")],
                    },
                    "text": _text("底线的文字表述。"),
                    "sources": SOURCES,
                },
                ["id", "title", "target", "minimum", "text", "sources"],
            ),
            "底线列表。",
            min_items=1,
        )
    },
    ["floors"],
)

RATING = _object(
    {
        "min_percent": {"type": "number", "minimum": 0, "maximum": 100, "description": "得分率不低于此值（%）。"},
        "label": _string("等级名称，如“五星”。"),
        "stars": {"type": "integer", "minimum": 0, "maximum": 5, "description": "星级（可选）。"},
    },
    ["min_percent", "label"],
)

CHECKLIST = _yaml_file(
    "checklist.schema.json",
    "自查清单",
    "一份自查清单（`data/checklists/*.yml`）：分节、条目、计分规则和等级。",
    {
        "id": _id("checklist", "清单 id（答案按它分开保存）。"),
        "title": _string("清单名称。"),
        "version": {"type": "string", "pattern": VERSION_PATTERN, "description": "清单版本；条目变化时递增。"},
        "order": {"type": "integer", "minimum": 1, "maximum": 999, "description": "显示顺序。"},
        "intro": _text("说明。"),
        "sources": SOURCES,
        "scoring": _object(
            {
                "达标": {"type": "number", "minimum": 0, "maximum": 1, "description": "“达标”得分占该条分值的比例。"},
                "部分达标": {"type": "number", "minimum": 0, "maximum": 1, "description": "“部分达标”的比例。"},
                "未达标": {"type": "number", "minimum": 0, "maximum": 1, "description": "“未达标”的比例。"},
            },
            ["达标", "部分达标", "未达标"],
            "计分规则；“不适用”的条目不计入分母。",
        ),
        "ratings": _list(RATING, "等级门槛，从高到低。", min_items=1),
        "sections": _list(
            _object(
                {
                    "id": _id("entry", "分节 id。"),
                    "title": _string("分节标题。"),
                    "items": _list(
                        _object(
                            {
                                "id": _id("item", "条目 id（答案按它保存）。"),
                                "question": _text("自查问题。"),
                                "guidance": _text("判断要点。"),
                                "evidence": _text("需要的佐证材料。"),
                                "points": {
                                    "type": "number",
                                    "exclusiveMinimum": 0,
                                    "maximum": MAX_POINTS,
                                    "description": f"分值（大于 0，不超过 {MAX_POINTS}）。",
                                },
                                "verifies": _list(_ref("entry", "role", "body"), "该条核查的章程条目 id。", min_items=1),
                                "applies_to": APPLIES_TO,
                                "sources": SOURCES,
                            },
                            ["id", "question", "guidance", "evidence", "points", "verifies"],
                        ),
                        "自查条目。",
                        min_items=1,
                    ),
                },
                ["id", "title", "items"],
            ),
            "分节。",
            min_items=1,
        ),
    },
    ["id", "title", "version", "order", "scoring", "ratings", "sections"],
)

ASSESSMENT = _yaml_file(
    "assessment.schema.json",
    "自查结果",
    "学校提交的一次自查结果（`data/assessments/*.yml`），与自查清单页面导出的 JSON 结构相同。",
    {
        "format": {"const": "school-charter-assessment", "description": "固定为 `school-charter-assessment`。"},
        "schema_version": {"const": 1, "description": "结果文件格式版本，目前为 1。"},
        "checklist": _ref("checklist", description="自查清单 id。"),
        "checklist_version": {"type": "string", "pattern": VERSION_PATTERN, "description": "自查时清单的版本。"},
        "school": _string("学校名称。"),
        "date": {"type": "string", "pattern": DATE_PATTERN, "description": "自查日期（YYYY-MM-DD）。"},
        "answers": {
            "type": "object",
            "description": "各条目的结论和佐证说明，键为自查条目 id。",
            "propertyNames": {"type": "string", "pattern": ID_PATTERN, "x-ref": ["item"]},
            "additionalProperties": _object(
                {
                    "answer": {"enum": ["达标", "部分达标", "未达标", "不适用", ""], "description": "结论；空表示未答。"},
                    "note": {"type": "string", "description": "佐证说明。"},
                },
                ["answer"],
            ),
        },
    },
    ["format", "schema_version", "checklist", "checklist_version", "school", "date", "answers"],
)

_ANY_ID = ("entry", "role", "body", "term", "item", "source")
OVERLAY = _yaml_file(
    "overlay.schema.json",
    "本校调整",
    "本校对示范章程的调整（`data/local/*.yml`），按 id 修改、新增或删除条目；示范文件本身不改动，更新示范版本时不会冲突。",
    {
        "model_version": {
            "type": "string",
            "pattern": VERSION_PATTERN,
            "description": "编写本调整时所依据的示范章程版本；示范中被调整的条目此后有变化时，构建会提醒复核。",
        },
        "modify": _list(
            _object(
                {
                    "id": {**_ref(*_ANY_ID), "description": "要修改的条目（或议事规则参数、角色等）的 id。"},
                    "reason": _text("调整理由（显示在“本校调整”页）。"),
                    "set": {
                        "type": "object",
                        "minProperties": 1,
                        "description": "要替换的字段及新值，字段与该条目原有字段相同（如 `text`、`times`、`threshold`）。",
                    },
                },
                ["id", "reason", "set"],
            ),
            "修改已有条目的字段。",
        ),
        "add": _list(
            _object(
                {
                    "after": {**_ref(*_ANY_ID), "description": "新条目放在这个 id 的条目之后（同一列表中）。"},
                    "before": {**_ref(*_ANY_ID), "description": "或放在这个 id 的条目之前。"},
                    "reason": _text("新增理由。"),
                    "entry": {"type": "object", "description": "新条目，字段与同一列表中的条目相同（需要新的 id）。"},
                },
                ["reason", "entry"],
            ),
            "新增条目。",
        ),
        "remove": _list(
            _object(
                {"id": {**_ref(*_ANY_ID), "description": "要删除的条目 id。"}, "reason": _text("删除理由（必填）。", min_length=2)},
                ["id", "reason"],
            ),
            "删除条目（须说明理由）。",
        ),
    },
    ["model_version"],
)

# Where each kind of file lives, relative to `data/`; the first matching pattern wins.
KINDS: dict[str, dict] = {
    "model.yml": MODEL,
    "school.yml": SCHOOL,
    "sources.yml": SOURCES_FILE,
    "glossary.yml": GLOSSARY,
    "organization.yml": ORGANIZATION,
    "floors.yml": FLOORS,
    "matters.yml": MATTERS,
    "timeline.yml": TIMELINE,
    "sections/*.yml": SECTION,
    "duties/*.yml": DUTIES,
    "rules/*.yml": RULE,
    "checklists/*.yml": CHECKLIST,
    "assessments/*.yml": ASSESSMENT,
    "local/*.yml": OVERLAY,
}


def schema_file_name(schema: dict) -> str:
    return schema["$id"].rsplit("/", 1)[-1]
