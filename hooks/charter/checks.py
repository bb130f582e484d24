"""Checks over the loaded documents: schema, values no schema can describe, unique ids (and one
file per section order, duties role and meeting), references, policy floors."""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from .chapters import APPENDIX, CHAPTERS, OLD_ORDER_SLOTS
from .model import Threshold
from .problems import Advice, Path, Problem
from .schemas import ID_FORMAT, ID_PATTERN
from .validate import Mark, Violation, marks, violations
from .yamlfile import Document

ID = re.compile(ID_PATTERN)
INCLUDE = "{!"  # markdown-include's syntax: `{!file!}` inserts a file of the build machine
INLINE_REF = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
PER_YEAR = {"week": 52, "month": 12, "term": 2, "year": 1, "two-years": Fraction(1, 2)}
PERIOD_NAMES = {"week": "周", "month": "月", "term": "学期", "year": "年", "two-years": "两年"}
TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表（- 开头的各项）",
    "object": "映射（键: 值）",
    "null": "空值",
}


@dataclass(frozen=True)
class IdDef:
    id: str
    kind: str
    doc: Document
    path: Path

    @property
    def value(self) -> dict:
        node = self.doc.data
        for part in self.path[:-1]:
            node = node[part]
        return node


# Schema


def check_schema(doc: Document, schema: dict, found: list[Violation] | None = None) -> list[Problem]:
    """The schema, and what JSON Schema cannot say: numbers are finite, no text includes a file.
    `found`: the violations of `doc` (`validate.scan`), when its walk has found them already."""
    problems = []
    for violation in violations(doc.data, schema) if found is None else found:
        if isinstance(violation.instance, float) and not math.isfinite(violation.instance):
            continue  # reported below, once
        problems.extend(_schema_problems(doc, violation))
    return problems + check_values(doc)


def check_value(doc: Document, at: Path, value, schema: dict) -> list[Problem]:
    """A value written at `at` in `doc`, against a part of a schema: an overlay's value against the field
    it replaces, or a new entry against the entries of its list."""
    return [problem for violation in violations(value, schema, at) for problem in _schema_problems(doc, violation)]


def check_values(doc: Document) -> list[Problem]:
    """Every value of the file, whatever its schema (overlays carry values for other files' fields)."""
    problems = []
    stack: list[tuple[Path, object]] = [((), doc.data)]
    while stack:  # the reader limits nesting; no recursion here anyway
        path, value = stack.pop()
        if isinstance(value, dict):
            stack += [(path + (k,), v) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(path + (i,), v) for i, v in reversed(list(enumerate(value)))]
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(
                doc.problem(
                    path,
                    f"{value!r}（不是有限的数）",
                    "有限的数字，如 `3` 或 `0.5`",
                    "`.inf`、`.nan` 和超出范围的数不能用于计分和计算：写出具体的数值。",
                )
            )
        elif isinstance(value, str) and INCLUDE in value:
            problems.append(
                doc.problem(
                    path,
                    f"文字中有 `{INCLUDE}`：{_show(value)}",
                    f"数据中的文字不含 `{INCLUDE}`（`{INCLUDE}文件!}}` 是手写页面引入文件的写法，数据中的文字不能引入文件）",
                    f"删除 `{INCLUDE}` 和 `!}}` 这对括号；`{INCLUDE}` 只用于 docs/ 中手写的页面。",
                )
            )
    return problems


def _schema_problems(doc: Document, error: Violation) -> list[Problem]:
    path, schema, instance, kind = error.path, error.schema, error.instance, error.keyword
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        out = []
        for key in instance:
            if key in known:
                continue
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
            hint = f"是否应为 `{close[0]}`？" if close else "删除该字段，或检查拼写。"
            out.append(doc.problem(path + (key,), f"未知字段 `{key}`", "已知字段：" + "、".join(known), hint, key=True))
        return out
    if kind == "required":  # one violation for each missing field
        name = error.expected
        unknown = [str(key) for key in instance if key not in schema.get("properties", {})]
        close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.5)
        hint = f"`{close[0]}` 是否写错了？应为 `{name}`。" if close else f"添加 `{name}: …`。"
        where = path
        if name == "parent" and "entries" in instance and isinstance(instance.get("order"), int):
            hint, where = _old_section_order(instance["order"]), path + ("order",)  # the old global place, where it is written
        return [doc.problem(where, f"缺少必填字段 `{name}`", schema["properties"][name].get("description", name), hint)]
    description = schema.get("description", "")
    if kind == "type":
        expected = " 或 ".join(TYPE_NAMES.get(t, t) for t in _as_list(error.expected))
        return [doc.problem(path, f"{_type_name(instance)} {_show(instance)}", expected, description)]
    if kind == "enum":
        options = [str(v) for v in error.expected]
        close = difflib.get_close_matches(str(instance), options, n=1, cutoff=0.3)
        hint = f"是否应为 `{close[0]}`？" if close else description
        return [doc.problem(path, _show(instance), "其中之一：" + "、".join(options), hint)]
    if kind == "const":
        return [doc.problem(path, _show(instance), f"固定值 {error.expected!r}", description)]
    if kind == "pattern":
        expected = ID_FORMAT if error.expected == ID_PATTERN else description or f"符合格式 {error.expected}"
        hint = "删除值中的换行和空格。" if isinstance(instance, str) and instance != instance.strip() else "按说明改写这个值。"
        return [doc.problem(path, _show(instance), expected, hint)]
    if kind in ("minItems", "minLength"):
        return [doc.problem(path, "空" if not instance else _show(instance), f"至少 {error.expected} 项（个字）", description)]
    if kind == "minProperties":
        return [doc.problem(path, "空" if not instance else _show(instance), f"至少 {error.expected} 个字段", description)]
    if kind in ("minimum", "maximum", "exclusiveMinimum"):
        bound = {"minimum": "不小于", "maximum": "不大于", "exclusiveMinimum": "大于"}[kind]
        return [doc.problem(path, _show(instance), f"{bound} {error.expected} 的数", description)]
    if kind == "anyOf":
        return [doc.problem(path, f"{_type_name(instance)} {_show(instance)}", description or "允许的写法之一", "参照字段说明改写。")]
    raise ValueError(f"no message for the schema keyword {kind!r}")  # pragma: no cover - validate.py checks no other


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _type_name(value) -> str:
    for name, types in (("true/false", bool), ("整数", int), ("数字", float), ("文字", str), ("列表", list), ("映射", dict)):
        if isinstance(value, types):
            return name
    return "空值"


_INVISIBLE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})  # shown, not obeyed


def _show(value) -> str:
    text = f"“{value.translate(_INVISIBLE)}”" if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# Ids and references: the values `validate.scan` marks (x-id, x-ref, x-inline-refs)


def collect_ids(doc: Document, schema: dict, found: list[Mark] | None = None) -> list[IdDef]:
    """The ids `doc` defines, in the order they are written. `found`: its marks (`validate.scan`), when
    its walk has found them already."""
    return [
        IdDef(mark.value, mark.schema["x-id"], doc, mark.path)
        for mark in (marks(doc.data, schema) if found is None else found)
        if "x-id" in mark.schema and isinstance(mark.value, str)
    ]


def check_ids(ids: list[IdDef]) -> tuple[dict[str, IdDef], list[Problem]]:
    """Every id once in the charter; and, over the files the ids come from, one section per `order`,
    one duties file per role and one rules file per meeting (each names a page)."""
    index: dict[str, IdDef] = {}
    problems = _one_file_each(ids)
    for item in ids:
        first = index.get(item.id)
        if first is None:
            index[item.id] = item
            continue
        line, _ = first.doc.locate(first.path)
        problems.append(
            item.doc.problem(
                item.path,
                f"重复的 id `{item.id}`（{first.doc.file} 第 {line} 行已使用）",
                "整个章程中唯一的 id",
                "给其中一个换一个新的 id；若是本校调整，请在 data/local/ 中按 id 修改而不是复制条目。",
            )
        )
    return index, problems


# (folder, field, what the field is, what it decides)
_ONE_FILE_EACH = [
    ("sections", ("parent", "order"), "章节位置", "同一章中每个章节的 order 各不相同：它决定章节在完整章程和导航中的位置"),
    ("duties", "role", "角色", "每个角色只有一份职责清单（一个角色一个职责页面）"),
    ("rules", "body", "会议", "每个会议只有一份议事规则（一个会议一个规则页面）"),
]


def _one_file_each(ids: list[IdDef]) -> list[Problem]:
    files = {id(item.doc): item.doc for item in ids if item.path == ("id",) and isinstance(item.doc.data, dict)}
    problems = []
    for folder, names, what, why in _ONE_FILE_EACH:
        names = names if isinstance(names, tuple) else (names,)
        seen: dict = {}
        for doc in files.values():
            if doc.file.split("/")[-2:-1] != [folder]:
                continue
            value = tuple(doc.data.get(name) for name in names)
            if any(isinstance(v, bool) or not isinstance(v, (int, str)) for v in value):
                continue  # reported by the schema
            first = seen.setdefault(value, doc)
            if first is doc:
                continue
            name = names[-1]
            line = first.locate((name,))[0]
            shown = "、".join(f"`{n}: {v}`" for n, v in zip(names, value, strict=True))
            if folder == "sections":
                used = "、".join(str(v[-1]) for v in sorted(seen) if v[:-1] == value[:-1])
                hint = f"把其中一个改为这一章未用的顺序号（已用：{used}）。"
            else:
                hint = f"把这些条目合并到 {first.file} 中，或改为另一个{what}。"
            problems.append(doc.problem((name,), f"{what} {shown} 与 {first.file} 第 {line} 行相同", why, hint))
    return problems


def _old_section_order(order: int) -> str:
    """How to rewrite a section written before `parent` existed, when `order` was its global place."""
    parent = OLD_ORDER_SLOTS.get(order, APPENDIX)
    return (
        f"示范章程 1.1.0 起，章节用 `parent` 指明所在的章，`order` 只是章内的顺序。原来的 `order: {order}` 对应"
        f"“{CHAPTERS[parent]['title'] if parent in CHAPTERS else '参考'}”：改为 `parent: {parent}` 和 `order: 1`"
        "（同一章有几个章节时按 1、2、3 排列）。"
    )


def check_refs(doc: Document, schema: dict, index: dict[str, IdDef], found: list[Mark] | None = None) -> list[Problem]:
    """Every reference of `doc` names an id of the right kind; `found` as for `collect_ids`."""
    problems: list[Problem] = []
    for node, value, path in marks(doc.data, schema) if found is None else found:
        if "x-ref" in node and isinstance(value, str) and ID.search(value):  # a malformed id is reported by the schema
            problem = _resolve(doc, path, value, node["x-ref"], index)
            if problem:
                problems.append(problem)
        if node.get("x-inline-refs") and isinstance(value, str):
            for match in INLINE_REF.finditer(value):
                target = match.group(1).strip(" ")
                if not ID.search(target):
                    problems.append(
                        doc.problem(
                            path,
                            f"文中链接 {_show(match.group(0))} 中的 id 格式不对",
                            "[[id]]：" + ID_FORMAT,
                            "[[ ]] 中只写 id（如 [[party-meeting-quorum]]），不含换行；链接文字另写为 [[id|文字]]。",
                        )
                    )
                    continue
                problem = _resolve(doc, path, target, None, index, inline=True)
                if problem:
                    problems.append(problem)
    return problems


def _resolve(doc, path, value, kinds, index, inline=False) -> Problem | None:
    target = index.get(value)
    if target is not None and (kinds is None or target.kind in kinds):
        return None
    what = f"文中链接 [[{value}]]" if inline else f"`{value}`"
    if target is not None:
        return doc.problem(
            path,
            f"{what} 是{_KIND_NAMES[target.kind]}（{target.doc.file}）",
            "、".join(_KIND_NAMES[k] for k in kinds) + " 的 id",
            "换成正确类型的 id。",
        )
    candidates = [i for i, d in index.items() if kinds is None or d.kind in kinds]
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.4)
    hint = f"最接近的已有 id 是 `{close[0]}`（{index[close[0]].doc.file}）。" if close else "先定义这个 id，或改用已有的 id。"
    expected = "已有的" + ("、".join(_KIND_NAMES[k] for k in kinds) if kinds else "条目、角色、机构或术语") + " id"
    return doc.problem(path, f"{what} 不存在", expected, hint)


_KIND_NAMES = {
    "source": "来源",
    "term": "术语",
    "role": "角色",
    "body": "机构",
    "entry": "条目",
    "checklist": "自查清单",
    "item": "自查条目",
}


# Policy floors


def describe_threshold(threshold, of: str = "") -> str:
    """The one wording of a threshold (a `Threshold` or its dict), used on every page, in messages and in the
    calculator, as Chinese legal drafting writes it: 以上 includes the number, 超过 does not (the 附则 of
    each document says so; 《民法典》第一千二百五十九条). `of` names the base: 超过应到会成员半数,
    应到会成员三分之二以上; without it, 半数以上, 超过半数."""
    op, fraction = (threshold["op"], threshold["fraction"]) if isinstance(threshold, dict) else (threshold.op, threshold.fraction)
    numerator, denominator = (int(part) for part in fraction.split("/"))
    if numerator == denominator:
        return f"{of}全体" if op == "at_least" else f"超过{of}全体"
    words = "半数" if (numerator, denominator) == (1, 2) else f"{_cn_number(denominator)}分之{_cn_number(numerator)}"
    return f"超过{of}{words}" if op == "more_than" else f"{of}{words}以上"


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """A whole number in Chinese numerals (up to 99; larger ones in digits)."""
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def describe_frequency(frequency: dict) -> str:
    return f"每{PERIOD_NAMES[frequency['per']]}至少{frequency['times']}次"


def meets_threshold(value: dict, floor: dict) -> bool:
    """Whether a threshold keeps a floor, read as every count is (`model.Threshold.accepts`)."""
    return Threshold(value["op"], value["fraction"]).within(Threshold(floor["op"], floor["fraction"]))


def meets_frequency(value: dict, floor: dict) -> bool:
    return value["times"] * PER_YEAR[value["per"]] >= floor["times"] * PER_YEAR[floor["per"]]


def check_floors(floors_doc: Document, index: dict[str, IdDef], sources: dict[str, dict]) -> list[Problem]:
    problems = []
    for position, floor in enumerate(floors_doc.data.get("floors", [])):
        target = index.get(floor["target"])
        if target is None:
            continue  # reported as a dangling reference
        value, minimum = target.value, floor["minimum"]
        cited = "；".join(_cite(ref, sources) for ref in floor["sources"])
        if "fraction" in minimum:
            field, ok = "threshold", isinstance(value.get("threshold"), dict) and meets_threshold(value["threshold"], minimum)
            have = describe_threshold(value["threshold"]) if isinstance(value.get("threshold"), dict) else "（无门槛）"
            need = describe_threshold(minimum)
        else:
            field, ok = "times", "times" in value and "per" in value and meets_frequency(value, minimum)
            have = describe_frequency(value) if "times" in value and "per" in value else "（无频次）"
            need = describe_frequency(minimum)
        if ok:
            continue
        line = floors_doc.locate(("floors", position))[0]
        if floor.get("in_principle"):
            expected = f"{need}（上级文件的要求是“原则上”或“一般”，底线 `{floor['id']}`，{floors_doc.file} 第{line}行）"
            hint = f"依据：{cited}。低于这个要求须有正当理由；能达到时按上级文件调整。"
        else:
            expected = f"{need}（底线 `{floor['id']}`，{floors_doc.file} 第{line}行）"
            hint = f"依据：{cited}。上级文件规定的底线不能降低；把数值调到底线以上。"
        severity = "warning" if floor.get("in_principle") else "error"
        problem = target.doc.problem(target.path[:-1] + (field,), f"{have}，低于政策底线“{floor['title']}”", expected, hint, severity)
        problems.append(Advice(**dataclasses.asdict(problem)) if floor.get("in_principle") else problem)
    return problems


def _cite(ref, sources: dict[str, dict]) -> str:
    ref_id, at = (ref, "") if isinstance(ref, str) else (ref["ref"], ref.get("at", ""))
    source = sources.get(ref_id, {})
    name = f"《{source['title']}》" if "title" in source else ref_id
    if source.get("number"):
        name += f"（{source['number']}）"
    return name + (f" {at}" if at else "")
