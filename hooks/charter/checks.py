"""Checks over the loaded documents: schema, values no schema can describe, unique ids (and one
file per section order, duties role and meeting), references, policy floors."""

from __future__ import annotations

import contextvars
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
# A role's names (title, and title per type of Party organization) → its id, for the hint when a name is
# written where a role's id is expected; the loader sets it from organization.yml while it checks.
ROLE_NAMES: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("ROLE_NAMES", default=None)
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
        elif path and path[-1] == "fraction" and isinstance(value, str) and _improper(value):
            problems.append(
                doc.problem(
                    path,
                    f"分数 {value}（大于1：比全体还多，任何人数都达不到）",
                    "不大于1的分数，如 `1/2`、`2/3`；全体写 `1/1`",
                    "分子写在前、分母写在后：三分之二是 `2/3`，不是 `3/2`。",
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


def _improper(fraction: str) -> bool:
    match = re.fullmatch(r"([1-9][0-9]*)/([1-9][0-9]*)", fraction)
    return bool(match) and int(match.group(1)) > int(match.group(2))


_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_CN_FRACTION = re.compile(
    r"^(超过|过|多于)?(?:([一二两三四五六七八九十\d]{1,3})分之([一二两三四五六七八九十\d]{1,3})|(半数|一半|半)|(全体|全部))(以上|及以上)?(?:成员)?(?:到会|同意|赞成)?$"
)


def _cn_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _CN_VALUES.get(tens, None) if tens else 1
        low = _CN_VALUES.get(ones, None) if ones else 0
        return None if high is None or low is None else high * 10 + low
    return _CN_VALUES.get(text) if len(text) == 1 else None


def threshold_hint(text: str) -> dict | None:
    """A threshold written in words (“三分之一”“半数以上”“超过半数”“2/3”) as `{op, fraction}`: 以上 and a bare
    fraction include the number (at_least), 超过 and 过半数 do not (more_than)."""
    text = re.sub(r"\s", "", text)
    if re.fullmatch(r"[1-9][0-9]*/[1-9][0-9]*", text):
        return {"op": "at_least", "fraction": text}
    match = _CN_FRACTION.match(text)
    if not match:
        return None
    over, denominator, numerator, half, whole, _ = match.groups()
    if half:
        fraction = "1/2"
    elif whole:
        fraction = "1/1"
    else:
        d, n = _cn_int(denominator), _cn_int(numerator)
        if not d or not n:
            return None
        fraction = f"{n}/{d}"
    return {"op": "more_than" if over else "at_least", "fraction": fraction}


def _is_threshold(schema: dict) -> bool:
    options = schema.get("anyOf", [schema])
    return any({"op", "fraction"} <= set(option.get("properties", {})) for option in options)


def _better(doc: Document, error: Violation) -> list[Problem]:
    """What the value was meant to be, when it can be told: a threshold in words, a role by its name."""
    path, schema, instance = error.path, error.schema, error.instance
    if not isinstance(instance, str):
        return []
    if error.keyword in ("type", "anyOf") and _is_threshold(schema):
        hint = threshold_hint(instance)
        if hint:
            written = _flow(hint)
            return [
                doc.problem(
                    path,
                    f"文字 {_show(instance)}",
                    "比例门槛 `{op, fraction}`",
                    f"写作 `{written}`（“以上”包括本数：at_least；“超过”不包括：more_than）。",
                )
            ]
    if error.keyword == "pattern" and path and path[-1] == "fraction":
        hint = threshold_hint(instance)
        if hint:
            return [
                doc.problem(
                    path,
                    _show(instance),
                    "分数，如 `1/2`、`2/3`",
                    f"写作 `fraction: {hint['fraction']}`"
                    + ("；“超过”写在 `op: more_than` 中。" if hint["op"] == "more_than" else "（“以上”即 `op: at_least`）。"),
                )
            ]
    if error.keyword == "pattern" and "role" in schema.get("x-ref", ()):
        role = (ROLE_NAMES.get() or {}).get(instance.strip())
        if role:
            return [
                doc.problem(path, _show(instance), "角色的 id（不是称谓）", f"“{instance.strip()}”的角色 id 是 `{role}`：写作 `{role}`。")
            ]
    return []


def _schema_problems(doc: Document, error: Violation) -> list[Problem]:
    better = _better(doc, error)
    if better:
        return better
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
    """每月至少1次, 每两周至少1次, 每学期至少2次 (a frequency or its dict)."""
    if not isinstance(frequency, dict):
        frequency = {"per": frequency.per, "times": frequency.times, "every": frequency.every}
    every, per = frequency.get("every") or 1, frequency["per"]
    period = PERIOD_NAMES[per]
    if every > 1:
        period = ("两" if every == 2 else _cn_number(every)) + ("个" if per in ("month", "term") else "") + period
    return f"每{period}至少{frequency['times']}次"


def meets_threshold(value: dict, floor: dict) -> bool:
    """Whether a threshold keeps a floor, read as every count is (`model.Threshold.accepts`)."""
    return Threshold(value["op"], value["fraction"]).within(Threshold(floor["op"], floor["fraction"]))


def meets_frequency(value: dict, floor: dict) -> bool:
    """Compared per year: 52 weeks, 12 months, 2 terms (a term counts as half a year), `every` periods apart."""

    def per_year(f: dict) -> Fraction:
        return Fraction(f["times"]) * PER_YEAR[f["per"]] / (f.get("every") or 1)

    return per_year(value) >= per_year(floor)


def check_floors(floors_doc: Document, index: dict[str, IdDef], sources: dict[str, dict], departures=(), documents=()) -> list[Problem]:
    """Every floor of `floors_doc` against the charter as adapted. A floor says what a higher document
    protects, in one or more of: `requires` (fields' values: the decision is a vote on the members' base),
    `minimum` (a threshold or frequency; with `matter`, the quorum for that matter), `decided_by` (who
    decides a matter, or every matter of a category). `departures`: the overlays' changes, to name the
    removal that took away what a floor protects."""
    problems = []
    for position, floor in enumerate(floors_doc.data.get("floors", [])):
        line = floors_doc.locate(("floors", position))[0]
        if not floor.get("target") and not (floor.get("body_kind") and floor.get("parameter")):
            problems.append(
                floors_doc.problem(
                    ("floors", position),
                    f"底线 `{floor['id']}` 没有写约束什么",
                    "`target`（条目 id），或 `body_kind` 和 `parameter`（一类机构的每份议事规则的参数）",
                    "写明底线约束的条目：`target: party-meeting-quorum`，或 `body_kind: party-congress` 和 `parameter: quorum`。",
                )
            )
            continue
        if not any(key in floor for key in ("minimum", "requires", "decided_by")):
            problems.append(
                floors_doc.problem(
                    ("floors", position),
                    f"底线 `{floor['id']}` 没有写要求",
                    "`minimum`、`requires` 或 `decided_by` 之一",
                    "写明上级文件要求什么：最低门槛或频次（minimum）、字段必须取的值（requires）、由谁决定（decided_by）。",
                )
            )
            continue
        if not floor.get("target"):
            targets, missing = _kind_targets(floor, index, documents, f"底线 `{floor['id']}`，{floors_doc.file} 第{line}行")
            problems += missing
        else:
            targets = [index[floor["target"]]] if floor["target"] in index else []  # else a dangling reference
        for target in targets:
            problems += _check_floor(floor, target, floors_doc, line, index, sources, departures)
    return problems


def _kind_targets(floor: dict, index: dict[str, IdDef], documents, where: str) -> tuple[list[IdDef], list[Problem]]:
    """The parameter a floor with `body_kind` protects in every rule of a body of that kind (a school's added
    党员大会 too); a rule without it is a problem."""
    targets, problems = [], []
    for doc, _ in documents:
        if not doc.file.split("/", 1)[-1].startswith("rules/") or not isinstance(doc.data, dict):
            continue
        body = index.get(doc.data.get("body"))
        if body is None or body.value.get("kind") != floor.get("body_kind"):
            continue
        value = doc.data.get(floor.get("parameter"))
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            targets.append(IdDef(value["id"], "entry", doc, (floor["parameter"], "id")))
            continue
        problems.append(
            doc.problem(
                ("body",),
                f"{body.value.get('title', '')}的议事规则没有写 `{floor['parameter']}`",
                f"写明{floor['title']}（{where}）",
                f"在这份议事规则中写 `{floor['parameter']}`：{floor['text']}",
            )
        )
    return targets, problems


def _check_floor(floor: dict, target: IdDef, floors_doc: Document, line, index, sources, departures) -> list[Problem]:
    """One floor against one parameter, matter or category it protects."""
    problems = []
    cited = "；".join(_cite(ref, sources) for ref in floor["sources"])
    where = f"底线 `{floor['id']}`，{floors_doc.file} 第{line}行"
    for path, have, need, fix in _floor_breaches(floor, target, index, departures):
        if floor.get("in_principle"):
            expected = f"{need}（上级文件的要求是“原则上”或“一般”，{where}）"
            hint = f"依据：{cited}。低于这个要求须有正当理由；能达到时按上级文件调整。"
        else:
            expected = f"{need}（{where}）"
            hint = f"依据：{cited}。上级文件规定的底线不能降低：{fix}"
        found = f"{have}，{'低于' if path_is_minimum(path, floor) else '不符合'}政策底线“{floor['title']}”"
        severity = "warning" if floor.get("in_principle") else "error"
        if isinstance(path, Problem):  # a removal by an overlay: placed there already
            problem = dataclasses.replace(path, found=found, expected=expected, hint=hint, severity=severity)
        else:
            problem = target.doc.problem(path, found, expected, hint, severity)
        problems.append(Advice(**dataclasses.asdict(problem)) if floor.get("in_principle") else problem)
    return problems


def check_body_kinds(organization: Document) -> list[Problem]:
    """A 党员大会 is a `party-congress`: its floors (《支部工作条例》第十一条) follow from its kind, so a body named
    党员大会 of another kind would escape them."""
    problems = []
    for position, body in enumerate(organization.data.get("bodies", [])):
        if "党员大会" in str(body.get("title", "")) and body.get("kind") != "party-congress":
            problems.append(
                organization.problem(
                    ("bodies", position, "kind"),
                    f"“{body['title']}”写作 `kind: {body.get('kind')}`",
                    "党员大会写作 `kind: party-congress`",
                    "改为 `kind: party-congress`：党员大会的到会和表决规则受《中国共产党支部工作条例（试行）》第十一条约束。",
                )
            )
    return problems


def path_is_minimum(path, floor: dict) -> bool:
    """Whether a breach is of the floor's `minimum` (低于) rather than of what it requires (不符合)."""
    if isinstance(path, Problem) or "minimum" not in floor:
        return isinstance(path, Problem)
    return path[-1] in ("threshold", "times", "matters", "special")


def _floor_breaches(floor: dict, target: IdDef, index: dict[str, IdDef], departures) -> list[tuple]:
    """(where, what is written, what the floor asks, how to fix) for each way the target breaks the floor."""
    value, at = target.value, target.path[:-1]
    breaches = []
    for key, wanted in floor.get("requires", {}).items():
        if value.get(key) != wanted:
            have = f"`{key}: {value[key]}`" if key in value else f"没有写 `{key}`"
            breaches.append((at + (key,), have, f"`{key}: {wanted}`", f"改为 `{key}: {wanted}`{_REQUIRES_NOTES.get((key, wanted), '')}。"))
    minimum = floor.get("minimum")
    if minimum and "fraction" in minimum and floor.get("matter"):
        breaches += _matter_quorum_breaches(floor, target, index, departures)
    elif minimum and "fraction" in minimum:
        threshold = value.get("threshold")
        if not (isinstance(threshold, dict) and meets_threshold(threshold, minimum)):
            have = describe_threshold(threshold) if isinstance(threshold, dict) else "（无门槛）"
            need = describe_threshold(minimum)
            breaches.append((at + ("threshold",), have, need, f"把门槛调到底线以上：`threshold: {_flow(minimum)}`。"))
    elif minimum and not ("times" in value and "per" in value and meets_frequency(value, minimum)):
        have = describe_frequency(value) if "times" in value and "per" in value else "（无频次）"
        need = describe_frequency(minimum)
        if "per" in value and value.get("per") != minimum["per"]:  # compared per year
            have += "（按每年计：一年52周、12个月、2个学期）"
        breaches.append((at + ("times",), have, need, f"把频次调到底线以上：`times: {minimum['times']}`、`per: {minimum['per']}`。"))
    body = floor.get("decided_by")
    if body:
        matters = value.get("matters") if isinstance(value.get("matters"), list) and "decides" not in value else None
        places = [(at + ("matters", i), m) for i, m in enumerate(matters)] if matters is not None else [(at, value)]
        name = _title(index, body)
        for place, matter in places:
            if isinstance(matter, dict) and matter.get("decides") != body:
                decides = matter.get("decides", "")
                have = f"“{matter.get('title', '')}”由 `{decides}`（{_title(index, decides)}）决定" if decides else "没有写 `decides`"
                need = f"`decides: {body}`（由{name}决定）"
                fix = f"改为 `decides: {body}`；其他会议可以写在 `deliberates`（研究讨论）中。"
                breaches.append((place + ("decides",), have, need, fix))
    return breaches


_REQUIRES_NOTES = {
    ("method", "vote"): "（表决；“主持人集中意见后决定”不是表决）",
    ("base", "members"): "（以应到会成员为基数：10名成员的会议须6票赞成，不论到会几人）",
}


def _matter_quorum_breaches(floor: dict, target: IdDef, index: dict[str, IdDef], departures) -> list[tuple]:
    """The quorum for one matter (the general quorum, or a `special` one listing the matter) keeps the floor."""
    quorum, at, minimum, matter = target.value, target.path[:-1], floor["minimum"], floor["matter"]
    need = f"讨论决定“{_title(index, matter)}”{describe_threshold(minimum)}到会"
    fix = (
        f"在 `{quorum.get('id')}` 的 `special` 中保留一项 `matters` 含 `{matter}`、`threshold: {_flow(minimum)}`（或更高）的特定到会门槛。"
    )
    general = quorum.get("threshold")
    if isinstance(general, dict) and meets_threshold(general, minimum):
        return []
    specials = [(i, s) for i, s in enumerate(quorum.get("special", [])) if isinstance(s, dict) and matter in s.get("matters", [])]
    for _, special in specials:
        if isinstance(special.get("threshold"), dict) and meets_threshold(special["threshold"], minimum):
            return []
    if specials:
        i, special = specials[0]
        return [(at + ("special", i, "threshold"), describe_threshold(special["threshold"]), need, fix)]
    have = f"“{_title(index, matter)}”没有特定到会门槛（一般门槛{describe_threshold(general) if isinstance(general, dict) else '未写'}）"
    for i in range(len(quorum.get("special", []))):
        if at + ("special", i, "matters") in target.doc.overrides or at + ("special", i) in target.doc.overrides:
            return [(at + ("special", i, "matters"), have, need, fix)]
    for departure in departures:
        if departure.kind == "removed" and matter in (departure.model or {}).get("matters", []):
            removal = Problem(departure.file, departure.line, None, f"remove(id={departure.id})", "", "", "")
            return [(removal, f"删除了特定到会门槛 `{departure.id}`：{have}", need, fix)]
    return [(at + ("special",) if "special" in quorum else at + ("threshold",), have, need, fix)]


def check_quorums(documents) -> list[Problem]:
    """What no floor can allow: a special quorum (for weightier matters) below the general one."""
    problems = []
    for doc, _ in documents:
        if doc.file.split("/", 1)[-1].split("/")[0] != "rules" or not isinstance(doc.data, dict):
            continue
        quorum = doc.data.get("quorum")
        general = quorum.get("threshold") if isinstance(quorum, dict) else None
        if not isinstance(general, dict) or _improper(str(general.get("fraction", ""))):
            continue
        for i, special in enumerate(quorum.get("special") or []):
            threshold = special.get("threshold") if isinstance(special, dict) else None
            if not isinstance(threshold, dict) or _improper(str(threshold.get("fraction", ""))) or meets_threshold(threshold, general):
                continue
            problems.append(
                doc.problem(
                    ("quorum", "special", i, "threshold"),
                    f"特定事项的到会门槛 {describe_threshold(threshold)}，低于一般到会门槛 {describe_threshold(general)}",
                    f"不低于一般门槛：{describe_threshold(general)}或更高",
                    f"特定事项的到会门槛是更高的要求：写 `threshold: {_flow(general)}` 或更高，不需要更高门槛的事项就从 `matters` 中删去。",
                )
            )
    return problems


def _title(index: dict[str, IdDef], any_id: str) -> str:
    item = index.get(any_id)
    value = item.value if item is not None else {}
    return value.get("title", any_id) if isinstance(value, dict) else any_id


def _flow(threshold: dict) -> str:
    return f"{{op: {threshold['op']}, fraction: {threshold['fraction']}}}"


def _cite(ref, sources: dict[str, dict]) -> str:
    ref_id, at = (ref, "") if isinstance(ref, str) else (ref["ref"], ref.get("at", ""))
    source = sources.get(ref_id, {})
    name = f"《{source['title']}》" if "title" in source else ref_id
    if source.get("number"):
        name += f"（{source['number']}）"
    return name + (f" {at}" if at else "")
