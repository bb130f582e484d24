"""A school's local changes (`data/local/*.yml`) applied onto the model, by id.

The model files stay untouched, so a school pulls model updates without merge conflicts. Every
change is checked against the schema of what it changes, with messages that point at the overlay
file; the merged charter is then checked like any other (unique ids, references, policy floors).
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field

from . import checks
from .problems import Path, Problem
from .yamlfile import Document, describe


@dataclass
class Departure:
    kind: str  # modified / added / removed
    id: str
    reason: str
    file: str
    line: int | None
    model: dict | None = None  # the model's object (modified, removed)
    school: dict | None = None  # the school's object (modified, added)
    fields: list[str] = field(default_factory=list)  # changed fields (modified)
    flag: str = ""  # the model changed this entry since the overlay's model version


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def schema_at(schema: dict, data, path: Path) -> dict | None:
    """The schema node that describes the value at `path` in `data`."""
    node = schema
    for part in path:
        if "anyOf" in node:
            node = next((o for o in node["anyOf"] if checks._type_fits(o, data)), node["anyOf"][0])
        if isinstance(part, int):
            node, data = node.get("items"), data[part]
        else:
            properties = node.get("properties", {})
            node = properties.get(part) if part in properties else node.get("additionalProperties")
            data = data[part]
        if not isinstance(node, dict):
            return None
    return node


def apply_overlays(
    overlays: list[Document], documents: list[tuple[Document, dict]], index: dict, model: dict
) -> tuple[list[Departure], list[Problem]]:
    """Apply every overlay onto the model documents in place; return the departures and problems."""
    schemas = {doc.file: schema for doc, schema in documents}
    departures: list[Departure] = []
    problems: list[Problem] = []
    for overlay in overlays:
        changed_since = _changes_since(model, overlay.data["model_version"])
        for position, change in enumerate(overlay.data.get("modify", [])):
            departure = _modify(overlay, position, change, schemas, index, problems)
            if departure:
                departures.append(departure)
        for position, change in enumerate(overlay.data.get("add", [])):
            departure = _add(overlay, position, change, schemas, index, problems)
            if departure:
                departures.append(departure)
        for position, change in enumerate(overlay.data.get("remove", [])):
            departure = _remove(overlay, position, change, index, problems)
            if departure:
                departures.append(departure)
        for departure in departures:
            if departure.kind == "removed" and departure.file == overlay.file:
                problems += _prune_references(departure, overlay, documents)
        for departure in departures:
            if departure.file == overlay.file and departure.id in changed_since:
                version, note = changed_since[departure.id]
                departure.flag = f"示范章程 {version} 版修改了此条目：{note}"
                problems.append(
                    Problem(
                        overlay.file,
                        departure.line,
                        None,
                        departure.id,
                        f"本校调整的条目 `{departure.id}` 在示范章程 {version} 版中有变化（{note}）",
                        f"依据示范章程 {overlay.data['model_version']} 版编写的调整仍然适用",
                        f"对照示范新文本复核本条调整，确认后把本文件的 model_version 改为 {model['version']}。",
                        severity="warning",
                    )
                )
    return departures, problems


def _changes_since(model: dict, version: str) -> dict[str, tuple[str, str]]:
    changes = {}
    for release in model.get("changelog", []):
        if version_key(release["version"]) > version_key(version):
            for record in release["changes"]:
                if record["change"] in ("modified", "removed"):
                    changes.setdefault(record["entry"], (release["version"], record["note"]))
    return changes


def _target(overlay: Document, path: Path, target_id: str, index: dict, problems: list[Problem]):
    """The id's definition, with its path as the document is now (earlier changes move entries)."""
    target = index.get(target_id)
    if target is not None:
        where = _find(target.doc.data, target_id, ())
        target = checks.IdDef(target.id, target.kind, target.doc, where + ("id",)) if where is not None else None
    if target is None:
        close = difflib.get_close_matches(target_id, list(index), n=1, cutoff=0.4)
        hint = f"最接近的示范条目 id 是 `{close[0]}`。" if close else "在示范章程中查找正确的 id（各条目标题旁的链接即 id）。"
        problems.append(overlay.problem(path, f"示范章程中没有 id `{target_id}`", "示范章程中已有的 id", hint))
    return target


def _modify(overlay, position, change, schemas, index, problems) -> Departure | None:
    base = ("modify", position)
    target = _target(overlay, base + ("id",), change["id"], index, problems)
    if target is None:
        return None
    doc, object_path = target.doc, target.path[:-1]
    object_schema = schema_at(schemas[doc.file], doc.data, object_path)
    obj = target.value
    before = copy.deepcopy(obj)
    count = len(problems)
    properties = object_schema.get("properties", {})
    for key, value in change["set"].items():
        where = base + ("set", key)
        if key == "id":
            problems.append(overlay.problem(where, "修改 id", "除 id 以外的字段", "id 不能修改：删除原条目并新增一条。", key=True))
            continue
        if key not in properties:
            known = sorted(k for k in properties if k != "id")
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
            hint = f"是否应为 `{close[0]}`？" if close else "只能修改该条目已有的字段。"
            problems.append(
                overlay.problem(where, f"`{change['id']}` 没有字段 `{key}`", "可修改的字段：" + "、".join(known), hint, key=True)
            )
            continue
        for error in checks.validator_for(properties[key]).iter_errors(value):
            problems += checks._schema_problems(_Shadow(overlay, where), error)
    if len(problems) > count:
        return None
    for key, value in change["set"].items():
        obj[key] = copy.deepcopy(value)
        doc.overrides[object_path + (key,)] = (overlay, base + ("set", key))
    line = overlay.locate(base)[0]
    return Departure("modified", change["id"], change["reason"], overlay.file, line, before, obj, list(change["set"]))


def _add(overlay, position, change, schemas, index, problems) -> Departure | None:
    base = ("add", position)
    anchors = [k for k in ("after", "before") if k in change]
    if len(anchors) != 1:
        problems.append(
            overlay.problem(
                base,
                "没有写 after 或 before" if not anchors else "同时写了 after 和 before",
                "after 或 before 之一",
                "用 `after: 某条目 id` 指明新条目的位置。",
            )
        )
        return None
    target = _target(overlay, base + (anchors[0],), change[anchors[0]], index, problems)
    if target is None:
        return None
    doc, sibling_path = target.doc, target.path[:-1]
    if not sibling_path or not isinstance(sibling_path[-1], int):
        problems.append(
            overlay.problem(base + (anchors[0],), f"`{target.id}` 不在列表中", "列表中的条目 id", "新条目只能加在同一列表的条目前后。")
        )
        return None
    list_path, at = sibling_path[:-1], sibling_path[-1] + (1 if anchors[0] == "after" else 0)
    item_schema = schema_at(schemas[doc.file], doc.data, sibling_path)
    entry = change["entry"]
    count = len(problems)
    for error in checks.validator_for(item_schema).iter_errors(entry):
        problems += checks._schema_problems(_Shadow(overlay, base + ("entry",)), error)
    if len(problems) > count:
        return None
    container = _get(doc.data, list_path)
    _shift(doc, list_path, at, +1)
    container.insert(at, copy.deepcopy(entry))
    doc.overrides[list_path + (at,)] = (overlay, base + ("entry",))
    line = overlay.locate(base)[0]
    return Departure("added", entry.get("id", ""), change["reason"], overlay.file, line, None, entry)


def _remove(overlay, position, change, index, problems) -> Departure | None:
    base = ("remove", position)
    target = _target(overlay, base + ("id",), change["id"], index, problems)
    if target is None:
        return None
    doc, object_path = target.doc, target.path[:-1]
    if not object_path or not isinstance(object_path[-1], int):
        problems.append(
            overlay.problem(
                base + ("id",), f"`{change['id']}` 不是列表中的条目", "列表中的条目 id", "只能删除列表中的条目；要改写内容请用 modify。"
            )
        )
        return None
    container = _get(doc.data, object_path[:-1])
    removed = container.pop(object_path[-1])
    _shift(doc, object_path[:-1], object_path[-1] + 1, -1)
    line = overlay.locate(base)[0]
    return Departure("removed", change["id"], change["reason"], overlay.file, line, removed, None)


def _find(data, target_id: str, path: Path) -> Path | None:
    if isinstance(data, dict):
        if data.get("id") == target_id:
            return path
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return None
    for key, value in items:
        found = _find(value, target_id, path + (key,))
        if found is not None:
            return found
    return None


def _prune_references(removed: Departure, overlay: Document, documents: list[tuple[Document, dict]]) -> list[Problem]:
    """Drop a removed entry from lists of references (e.g. what a checklist item verifies); a reference
    that cannot simply be dropped (a single field, a link in text) is reported at the removal."""
    problems, drops = [], []
    for doc, schema in documents:

        def visit(node, value, path, doc=doc):
            if "x-ref" in node and value == removed.id:
                if path and isinstance(path[-1], int):
                    drops.append((doc, path))
                else:
                    problems.append(_blocked(removed, overlay, doc, path, "字段引用了它"))
            elif node.get("x-inline-refs") and isinstance(value, str) and f"[[{removed.id}" in value:
                problems.append(_blocked(removed, overlay, doc, path, "正文中链接了它"))

        checks.walk(schema, doc.data, (), visit)
    for doc, path in sorted(drops, key=lambda d: d[1], reverse=True):
        _get(doc.data, path[:-1]).pop(path[-1])
        _shift(doc, path[:-1], path[-1] + 1, -1)
    return problems


def _blocked(removed: Departure, overlay: Document, doc: Document, path: Path, how: str) -> Problem:
    line, _ = doc.locate(path)
    where = f"{doc.file} 第 {line} 行"
    return Problem(
        overlay.file,
        removed.line,
        None,
        removed.id,
        f"删除的条目 `{removed.id}` 仍被引用：{where}（{describe(doc.data, path)}）{how}",
        "删除的条目不再被引用",
        "在本校调整中用 modify 一并修改引用它的条目，或不删除它。",
    )


def _get(data, path: Path):
    for part in path:
        data = data[part]
    return data


def _shift(doc: Document, list_path: Path, start: int, delta: int) -> None:
    """Renumber positions recorded under `list_path` from `start` on, after an insert or removal."""
    depth = len(list_path)

    def moved(key: Path) -> Path | None:
        if len(key) > depth and key[:depth] == list_path and isinstance(key[depth], int) and key[depth] >= start:
            return key[:depth] + (key[depth] + delta,) + key[depth + 1 :]
        return None

    for table in (doc.marks, doc.key_marks, doc.overrides):
        changes = {key: moved(key) for key in list(table) if moved(key) is not None}
        values = {key: table.pop(key) for key in changes}
        for old, new in changes.items():
            table[new] = values[old]


class _Shadow:
    """Report schema problems of a value inside an overlay at the overlay's location."""

    def __init__(self, overlay: Document, base: Path):
        self.overlay, self.base = overlay, base

    def problem(self, path, found, expected, hint="", severity="error", key=False):
        return self.overlay.problem(self.base + tuple(path), found, expected, hint, severity, key)
