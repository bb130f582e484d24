"""JSON Schemas of every kind of data file, derived from the dataclasses of `model.py`.

`charter schema` writes them to `schema/` for editors (the YAML language server); the checks use the
same dictionaries. A field's type gives the schema's shape and its metadata the rest (`fields.py`
lists the words, including our keywords `x-id`, `x-ref` and `x-inline-refs`); this module only puts
the two together and adds what belongs to a file: `$schema`, `$id`, title and description.
"""

from __future__ import annotations

import dataclasses
import types
import typing

from . import model
from .fields import (  # noqa: F401  (part of this module's interface)
    DATE_PATTERN,
    FRACTION_PATTERN,
    ID_KINDS,
    ID_PATTERN,
    MAX_POINTS,
    MODES,
    ORG_TYPES,
    PERIODS,
    VERSION_PATTERN,
)

SCHEMA_BASE = "https://example.invalid/school-charter/schema/"
ID_FORMAT = "小写英文字母、数字和连字符组成的 id，如 `party-meeting-quorum`（不含空格和换行）"

_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object"}

# The order of the keywords in the schema files.
_ORDER = [
    *("$schema", "$id", "title", "type", "format", "minLength", "pattern", "minimum", "exclusiveMinimum", "maximum"),
    *("items", "properties", "required", "additionalProperties", "minProperties", "enum", "const", "description"),
    *("x-id", "x-ref", "x-inline-refs", "minItems", "anyOf"),
]


def schema_of(cls, use: str = "", depth: int | None = None) -> dict:
    """The schema of an object of dataclass `cls`. `use` is the kind of entry a list holds (fields marked
    `entry_only` for another kind are left out); `depth` is how many more levels `children` may nest."""
    hints = typing.get_type_hints(cls)
    properties, required = {}, []
    for f in dataclasses.fields(cls):
        spec = dict(f.metadata)
        only = spec.pop("only", use)
        if not f.init or use not in (only if isinstance(only, tuple) else (only,)):
            continue
        levels, inner = spec.pop("levels", None), None
        if levels is not None:  # `children`: the first level may nest `levels` deep, and each one a level less
            inner = (levels if depth is None else depth) - 1
            if inner < 0:
                continue
        properties[f.name] = _schema(hints[f.name], spec, use, inner)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    description = getattr(cls, "schema_description", "")
    shorthand = getattr(cls, "shorthand", "")
    if shorthand:  # the value may be written as just that field (`seed-001` for `{ref: seed-001}`)
        return {"description": description, "anyOf": [properties[shorthand], schema]}
    return {**schema, "description": description} if description else schema


def _schema(hint, spec: dict, use: str, depth: int | None = None) -> dict:
    """The schema of a value of type `hint` that its field's metadata `spec` describes further."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]  # `X | None` is an optional X
        if len(options) > 1:
            return _ordered({**spec, "anyOf": [schema_of(o) for o in options]})
        return _schema(options[0], spec, use, depth)
    if origin is list:
        (item,) = args
        use = spec.pop("use", use)
        items = _schema(item, dict(spec.pop("items", {})), use, depth)
        return _ordered({"type": "array", "items": items, **spec})
    if origin is dict:
        return _mapping(args[1], spec)
    if dataclasses.is_dataclass(hint):
        if spec:
            raise TypeError(f"{hint.__name__}: describe its objects with `schema_description`, not in a field's metadata")
        return schema_of(hint, use, depth)
    plain = {} if "enum" in spec or "const" in spec else {"type": _TYPES[hint]}
    return _ordered({**plain, **spec})


def _mapping(values, spec: dict) -> dict:
    """A `dict` field: fixed keys (`fields.named`) or ids as keys (`fields.keyed`). Where these differ in
    the order of their keywords, it is the order the schema files have always had."""
    description = spec["description"]
    if "properties" in spec:
        properties = {name: _schema(values, dict(value), "") for name, value in spec["properties"].items()}
        if spec["all_required"]:
            schema = {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
            return {**schema, "description": description}
        return {"type": "object", "description": description, "properties": properties, "additionalProperties": False}
    if dataclasses.is_dataclass(values):  # `answers`: item id → Answer
        names = {"type": "string", "pattern": ID_PATTERN, "x-ref": [spec["keys"]]}
        return {"type": "object", "description": description, "propertyNames": names, "additionalProperties": schema_of(values)}
    names = {"x-ref": [spec["keys"]], "type": "string", "pattern": ID_PATTERN}  # `members`: body id → count
    values = _schema(values, dict(spec["values"]), "")
    return {"type": "object", "description": description, "additionalProperties": values, "propertyNames": names}


def _ordered(schema: dict) -> dict:
    unknown = set(schema) - set(_ORDER)
    if unknown:
        raise TypeError(f"not a keyword of our schemas: {', '.join(sorted(unknown))}")
    return dict(sorted(schema.items(), key=lambda item: _ORDER.index(item[0])))


def _file(cls, name: str, title: str, description: str) -> dict:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_BASE + name, "title": title}
    return {**schema, **schema_of(cls), "description": description}


# Kinds of file

MODEL = _file(model.Model, "model.schema.json", "示范章程版本", "示范章程的名称、版本和变更记录（`data/model.yml`）。")
SCHOOL = _file(model.School, "school.schema.json", "学校概况", "采用本章程的学校的基本信息（`data/school.yml`）。生成的文本随之变化。")
SOURCES_FILE = _file(model.SourceList, "sources.schema.json", "依据文件", "章程引用的来源：政策文件和原始材料（`data/sources.yml`）。")
GLOSSARY = _file(
    model.Glossary,
    "glossary.schema.json",
    "术语",
    "术语及其简短释义（`data/glossary.yml`）；页面中出现的术语会显示释义，检索词典也由此生成。",
)
ORGANIZATION = _file(
    model.Organization, "organization.schema.json", "角色与会议", "章程中的角色（书记、校长……）和议事机构（`data/organization.yml`）。"
)
SECTION = _file(
    model.Section, "section.schema.json", "章节", "章程的一个章节（`data/sections/*.yml`）：领导体制、运行机制、保障措施、标准等。"
)
DUTIES = _file(model.DutyList, "duties.schema.json", "职责", "一个角色的职责清单（`data/duties/*.yml`）。")
RULE = _file(model.Rule, "rule.schema.json", "议事规则", "一个议事机构的议事规则（`data/rules/*.yml`），参数为结构化字段，条款为条目。")
MATTERS = _file(
    model.Matters,
    "matters.schema.json",
    "事项清单",
    "决策事项及其路径（`data/matters.yml`）：谁提出、谁研究、谁决定、征求谁的意见、是否报批。",
)
TIMELINE = _file(
    model.Timelines,
    "timeline.schema.json",
    "实施步骤",
    "实施步骤（`data/timeline.yml`）：可复用的阶段、任务、责任人和目标；日期是参数，不写死年份。",
)
FLOORS = _file(
    model.FloorList, "floors.schema.json", "政策底线", "上级政策规定的最低要求（`data/floors.yml`）：学校的数据低于底线时检查失败。"
)
CHECKLIST = _file(
    model.Checklist, "checklist.schema.json", "自查清单", "一份自查清单（`data/checklists/*.yml`）：分节、条目、计分规则和等级。"
)
ASSESSMENT = _file(
    model.Assessment,
    "assessment.schema.json",
    "自查结果",
    "学校提交的一次自查结果（`data/assessments/*.yml`），与自查清单页面导出的 JSON 结构相同。",
)
OVERLAY = _file(
    model.Overlay,
    "overlay.schema.json",
    "本校调整",
    "本校对示范章程的调整（`data/local/*.yml`），按 id 修改、新增或删除条目；示范文件本身不改动，更新示范版本时不会冲突。",
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
