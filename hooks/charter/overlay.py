"""A school's local changes (`data/local/*.yml`) applied onto the model, by id.

The model files stay untouched, so a school pulls model updates without merge conflicts. Every
change is checked against the schema of what it changes, with messages that point at the overlay
file; the merged charter is then checked like any other (unique ids, references, policy floors).
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field

from . import checks, validate
from .problems import Path, Problem
from .yamlfile import Document, describe


@dataclass
class Departure:
    kind: str  # modified / added / removed
    id: str
    reason: str
    file: str
    line: int | None
    model: dict | None = None  # the entry before the change (modified, removed)
    school: dict | None = None  # the school's object (modified, added)
    fields: list[str] = field(default_factory=list)  # changed fields (modified)
    flag: str = ""  # the model changed this entry since the overlay's model version
    # a modification of an entry that an overlay added, not one of the model's: where it was added
    # ("data/local/a.yml 第 9 行"); `model` then holds the entry as added
    added_at: str = ""
    # the HTML id of this change on the 本校调整 page: `local-<id>`, and `local-<id>--2` … for further
    # changes of the same entry (ids never contain `--`)
    anchor: str = ""
    parent: str = ""  # a removed parameter: the id of the rule it was part of (its field is `fields[0]`)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def schema_at(schema: dict, data, path: Path) -> dict | None:
    """The schema node that describes the value at `path` in `data`."""
    node = schema
    for part in path:
        if "anyOf" in node:
            node = next((o for o in node["anyOf"] if validate.type_fits(o, data)), node["anyOf"][0])
        if isinstance(part, int):
            node, data = node.get("items"), data[part]
        else:
            properties = node.get("properties", {})
            node = properties.get(part) if part in properties else node.get("additionalProperties")
            data = data[part]
        if not isinstance(node, dict):
            return None
    return node


_KINDS = ("modify", "add", "remove")  # also the order of the departures within one overlay


@dataclass(eq=False)
class _Change:
    """One item of an overlay's `modify`, `add` or `remove` list."""

    overlay: Document
    rank: int  # of the overlay among all overlays (their file order)
    kind: str
    position: int
    data: dict

    @property
    def base(self) -> Path:
        return (self.kind, self.position)

    @property
    def line(self) -> int | None:
        return self.overlay.locate(self.base)[0]

    def where(self, *path, key: bool = False) -> str:
        """`data/local/a.yml 第 7 行`: the place of a part of this change, for messages about another."""
        path = self.base + tuple(path)
        line = (self.overlay.key_marks.get(path) if key else None) or self.overlay.locate(path)
        return f"{self.overlay.file} 第 {line[0]} 行"

    @property
    def written(self) -> tuple[int, int]:
        return (self.rank, self.line or 0)

    @property
    def new_id(self) -> str | None:
        entry = self.data.get("entry")
        return entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None


def apply_overlays(
    overlays: list[Document], documents: list[tuple[Document, dict]], index: dict, model: dict, left_out=frozenset()
) -> tuple[list[Departure], list[Problem]]:
    """Apply every overlay onto the model documents in place; return the departures and problems.

    The result does not depend on the order of the files or of `modify` / `add` / `remove`: all adds
    are placed first (an add placed next to another added entry after that one), then the
    modifications (of model entries or added ones), then the removals. Changes that contradict each
    other (the same field set twice, the same id removed twice or both modified and removed, two new
    entries with one id, the removal of an added entry) are reported at the later one, naming the
    earlier; the later one is not applied. `left_out`: (file, kind, position) of changes that break the
    schema (reported already), not applied; the others are."""
    schemas = {doc.file: schema for doc, schema in documents}
    changes = [
        _Change(overlay, rank, kind, position, change)
        for rank, overlay in enumerate(overlays)
        for kind in _KINDS
        for position, change in enumerate(overlay.data.get(kind, []))
        if (overlay.file, kind, position) not in left_out
    ]
    problems: list[Problem] = []
    skipped, skipped_fields = _conflicts(changes, index, problems)
    live = [change for change in changes if change not in skipped]
    done: dict[_Change, Departure | None] = {}
    adds = [change for change in live if change.kind == "add"]
    added = _place_adds(adds, schemas, index, done, problems, documents)
    new_ids = {change.new_id for change in adds}
    for change in live:
        if change.kind == "modify":
            done[change] = _modify(change, schemas, index, added, new_ids, skipped_fields.get(change, set()), problems)
    for change in live:
        if change.kind == "remove":
            done[change] = _remove(change, index, problems, documents)
    departures: list[tuple[_Change, Departure]] = [(c, done[c]) for c in changes if done.get(c) is not None]
    for change, departure in departures:
        if departure.kind == "removed":
            for removed_id in _ids_in(departure.model):  # a removed rule takes its parameters' ids with it
                problems += _prune_references(removed_id, departure.line, change.overlay, documents)
    for overlay in overlays:
        changed_since = _changes_since(model, overlay.data["model_version"])
        for change, departure in departures:
            if change.overlay is overlay and departure.id in changed_since and not departure.added_at and departure.kind != "added":
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
    count: dict[str, int] = {}
    for _, departure in departures:
        count[departure.id] = count.get(departure.id, 0) + 1
        departure.anchor = f"local-{departure.id}" + (f"--{count[departure.id]}" if count[departure.id] > 1 else "")
    return [departure for _, departure in departures], problems


def _changes_since(model: dict, version: str) -> dict[str, tuple[str, str]]:
    changes = {}
    for release in model.get("changelog", []):
        if version_key(release["version"]) > version_key(version):
            for record in release["changes"]:
                if record["change"] in ("modified", "removed"):
                    changes.setdefault(record["entry"], (release["version"], record["note"]))
    return changes


def _conflicts(changes: list[_Change], index: dict, problems: list[Problem]) -> tuple[set[_Change], dict[_Change, set[str]]]:
    """Changes that contradict an earlier one (in file order, then line): reported, and left out."""
    skipped: set[_Change] = set()
    skipped_fields: dict[_Change, set[str]] = {}
    added: dict[str, _Change] = {}
    for change in sorted((c for c in changes if c.kind == "add"), key=lambda c: c.written):
        new_id = change.new_id
        if new_id is None or new_id in index:
            continue  # a missing id is a schema problem, a model's id a duplicate-id problem
        if new_id in added:
            first = added[new_id]
            problems.append(
                change.overlay.problem(
                    change.base + ("entry", "id"),
                    f"新增条目的 id `{new_id}` 与 {first.where('entry', 'id')} 新增的条目相同",
                    "每个新增条目有自己的 id",
                    "两处写的是同一条目的话删除其中一处；否则给这一条换一个新的 id。",
                )
            )
            skipped.add(change)
        else:
            added[new_id] = change
    fields: dict[tuple[str, str], _Change] = {}
    modified: dict[str, _Change] = {}
    removed: dict[str, _Change] = {}
    for change in sorted((c for c in changes if c.kind != "add"), key=lambda c: c.written):
        target = change.data["id"]
        if change.kind == "modify":
            if target in removed:
                problems.append(
                    change.overlay.problem(
                        change.base + ("id",),
                        f"修改的条目 `{target}` 已被 {removed[target].where('id')} 删除",
                        "同一条目不能既修改又删除",
                        "要保留这个条目就去掉那处删除；要删除它就去掉这处修改。",
                    )
                )
                skipped.add(change)
                continue
            modified.setdefault(target, change)
            for key in change.data["set"]:
                first = fields.get((target, key))
                if first is None:
                    fields[target, key] = change
                    continue
                problems.append(
                    change.overlay.problem(
                        change.base + ("set", key),
                        f"`{target}` 的字段 `{key}` 与 {first.where('set', key, key=True)} 修改了同一字段，只有一处能生效",
                        "每个字段只在一处修改",
                        "保留其中一处修改，删除另一处。",
                        key=True,
                    )
                )
                skipped_fields.setdefault(change, set()).add(key)
            continue
        if target in added:
            found, expected = f"删除的条目 `{target}` 是 {added[target].where()} 新增的", "只删除示范章程中的条目"
            hint = "不需要这个条目的话，直接删去那处新增。"
        elif target in removed:
            found, expected = f"条目 `{target}` 已被 {removed[target].where('id')} 删除，这里又删除一次", "同一条目只删除一次"
            hint = "删去其中一处删除。"
        elif target in modified:
            found, expected = f"删除的条目 `{target}` 又被 {modified[target].where('id')} 修改", "同一条目不能既修改又删除"
            hint = "要删除这个条目就去掉那处修改；要保留它就去掉这处删除。"
        else:
            removed[target] = change
            continue
        problems.append(change.overlay.problem(change.base + ("id",), found, expected, hint))
        skipped.add(change)
    return skipped, skipped_fields


def _place_adds(adds: list[_Change], schemas, index, done, problems, documents) -> dict[str, Document]:
    """Insert the new entries, each after the entry it names (that one first when it is new too);
    several entries after one anchor keep the order they were written in. Returns new id → document."""
    by_id = {change.new_id: change for change in adds if change.new_id is not None}
    anchor_of: dict[_Change, str] = {}
    for change in adds:
        anchors = [k for k in ("after", "before") if k in change.data]
        if len(anchors) == 1:
            anchor_of[change] = anchors[0]
            continue
        problems.append(
            change.overlay.problem(
                change.base,
                "没有写 after 或 before" if not anchors else "同时写了 after 和 before",
                "after 或 before 之一",
                "用 `after: 某条目 id` 指明新条目的位置。",
            )
        )
        done[change] = None

    def depends_on(change: _Change) -> _Change | None:
        anchor = change.data[anchor_of[change]]
        return by_id.get(anchor) if anchor not in index else None

    for change in adds:  # each add names one anchor: a cycle is a loop of anchors
        chain, step = [], change
        while step in anchor_of and step not in done and step not in chain:
            chain.append(step)
            step = depends_on(step)
        if step in chain:
            cycle = chain[chain.index(step) :]
            for member, next_one in zip(cycle, cycle[1:] + cycle[:1], strict=True):
                where = anchor_of[member]
                problems.append(
                    member.overlay.problem(
                        member.base + (where,),
                        f"新增条目的位置循环：`{member.new_id}` 放在 `{next_one.new_id}` "
                        f"{'之后' if where == 'after' else '之前'}，而 `{next_one.new_id}` 的位置又（直接或间接）取决于它（{next_one.where()}）",
                        "放在示范条目或位置已定的新增条目旁边",
                        "把其中一条改为放在示范章程中已有的条目旁边。",
                    )
                )
                done[member] = None
    added: dict[str, Document] = {}
    tails: dict[str, str] = {}  # anchor → the last entry placed after it

    def place(change: _Change) -> None:
        if change in done:
            return
        before = depends_on(change)
        if before is not None:
            place(before)
            if done[before] is None:  # its own problem is reported; this one has no place
                done[change] = None
                return
        where = anchor_of[change]
        anchor = change.data[where]
        if where == "after":
            while anchor in tails:
                anchor = tails[anchor]
        target = _target(change, (where,), anchor, index, added, by_id, problems)
        done[change] = None if target is None else _add(change, where, target, schemas, problems, documents)
        if done[change] is not None and change.new_id:
            # a whole file added (a rule) is a document of its own, the last one appended
            added[change.new_id] = documents[-1][0] if target.path == ("id",) and _folder(target.doc) in WHOLE_FILES else target.doc
            if where == "after":
                tails[change.data["after"]] = change.new_id

    for change in adds:
        place(change)
    return added


def _target(change: _Change, path: Path, target_id: str, index: dict, added: dict, new_ids, problems: list[Problem]):
    """The id's definition, with its path as the document is now (earlier changes move entries)."""
    target = index.get(target_id)
    doc = target.doc if target is not None else added.get(target_id)
    if doc is not None:
        where = _find(doc.data, target_id, ())
        kind = target.kind if target is not None else "entry"
        return checks.IdDef(target_id, kind, doc, where + ("id",)) if where is not None else None
    if target_id in new_ids:
        return None  # an add that failed: its problem is reported there
    close = difflib.get_close_matches(target_id, [*index, *new_ids], n=1, cutoff=0.4)
    hint = f"最接近的 id 是 `{close[0]}`。" if close else "在示范章程中查找正确的 id（各条目标题旁的链接即 id）。"
    problems.append(
        change.overlay.problem(
            change.base + path, f"示范章程和本校新增的条目中都没有 id `{target_id}`", "示范章程中已有的或本校新增的条目 id", hint
        )
    )
    return None


def _modify(change: _Change, schemas, index, added, new_ids, skipped_fields: set[str], problems) -> Departure | None:
    overlay, base = change.overlay, change.base
    target = _target(change, ("id",), change.data["id"], index, added, new_ids, problems)
    if target is None:
        return None
    doc, object_path = target.doc, target.path[:-1]
    object_schema = schema_at(schemas[doc.file], doc.data, object_path)
    obj = target.value
    before = copy.deepcopy(obj)
    count = len(problems)
    properties = object_schema.get("properties", {})
    settings = {key: value for key, value in change.data["set"].items() if key not in skipped_fields}
    required = object_schema.get("required", [])
    for key, value in settings.items():
        where = base + ("set", key)
        if value is None and key in properties:  # `substitute: null`: the school's rule does not say
            if key in required:
                problems.append(
                    overlay.problem(
                        where, f"把必填字段 `{key}` 写成了空值", f"`{key}` 的值", "必填字段不能去掉，写出本校的规定。", key=True
                    )
                )
            continue
        if key == "id":
            problems.append(overlay.problem(where, "修改 id", "除 id 以外的字段", "id 不能修改：删除原条目并新增一条。", key=True))
            continue
        if key not in properties:
            known = sorted(k for k in properties if k != "id")
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
            hint = f"是否应为 `{close[0]}`？" if close else "只能修改该条目已有的字段。"
            problems.append(
                overlay.problem(where, f"`{change.data['id']}` 没有字段 `{key}`", "可修改的字段：" + "、".join(known), hint, key=True)
            )
            continue
        problems += checks.check_value(overlay, where, value, properties[key])
    if len(problems) > count or not settings:
        return None
    for key, value in settings.items():
        if value is None:
            obj.pop(key, None)
            continue
        obj[key] = copy.deepcopy(value)
        doc.overrides[object_path + (key,)] = (overlay, base + ("set", key))
    departure = Departure("modified", change.data["id"], change.data["reason"], overlay.file, change.line, before, obj, list(settings))
    if change.data["id"] not in index:
        departure.added_at = _added_at(doc, object_path)
    return departure


def _added_at(doc: Document, object_path: Path) -> str:
    """Where the overlay that added the entry at `object_path` (or the entry it is part of) added it."""
    for depth in range(len(object_path), 0, -1):
        overlay, there = doc.overrides.get(object_path[:depth], (None, ()))
        if overlay is not None and there[:1] == ("add",):
            return f"{overlay.file} 第 {overlay.locate(there[:2])[0]} 行"
    return ""


# Folders whose files are entries of one kind, each a whole file: an overlay adds (or removes) one such
# file by naming a file of the same folder, e.g. a meeting's 议事规则 after another's.
WHOLE_FILES = ("rules", "duties", "sections", "checklists")


def _folder(doc: Document) -> str:
    parts = doc.file.split("/")
    return parts[1] if len(parts) == 3 else ""


def _add(change: _Change, where: str, target, schemas, problems, documents) -> Departure | None:
    overlay, base = change.overlay, change.base
    doc, sibling_path = target.doc, target.path[:-1]
    if not sibling_path and _folder(doc) in WHOLE_FILES:
        return _add_file(change, where, target, schemas, problems, documents)
    if not sibling_path or not isinstance(sibling_path[-1], int):
        problems.append(
            overlay.problem(base + (where,), f"`{target.id}` 不在列表中", "列表中的条目 id", "新条目只能加在同一列表的条目前后。")
        )
        return None
    list_path, at = sibling_path[:-1], sibling_path[-1] + (1 if where == "after" else 0)
    item_schema = schema_at(schemas[doc.file], doc.data, sibling_path)
    entry = change.data["entry"]
    count = len(problems)
    problems += checks.check_value(overlay, base + ("entry",), entry, item_schema)
    if len(problems) > count:
        return None
    container = _get(doc.data, list_path)
    _shift(doc, list_path, at, +1)
    container.insert(at, copy.deepcopy(entry))
    doc.overrides[list_path + (at,)] = (overlay, base + ("entry",))
    return Departure("added", entry.get("id", ""), change.data["reason"], overlay.file, change.line, None, entry)


def _add_file(change: _Change, where: str, target, schemas, problems, documents) -> Departure | None:
    """A whole file's entry (a meeting's 议事规则) added beside another of its folder. Its `order` may be left
    out: it then stands right after (before) the file named, before the next one."""
    overlay, base, entry = change.overlay, change.base, change.data["entry"]
    folder, schema = _folder(target.doc), schemas[target.doc.file]
    count = len(problems)
    problems += checks.check_value(
        overlay, base + ("entry",), entry, {**schema, "required": [k for k in schema["required"] if k != "order"]}
    )
    if len(problems) > count:
        return None
    data = copy.deepcopy(entry)
    if "order" not in data:
        here = target.doc.data["order"]
        others = [d.data.get("order") for d, _ in documents if _folder(d) == folder and isinstance(d.data, dict)]
        if where == "after":
            later = [o for o in others if isinstance(o, int | float) and o > here]
            data["order"] = (here + min(later)) / 2 if later else here + 1
        else:
            earlier = [o for o in others if isinstance(o, int | float) and o < here]
            data["order"] = (here + max(earlier)) / 2 if earlier else here - 1
    new = Document(f"data/{folder}/{entry['id']}.yml", data)
    for key in entry:  # every part of it is located in the overlay
        new.overrides[(key,)] = (overlay, base + ("entry", key))
    new.marks[()] = overlay.locate(base + ("entry",))
    documents.append((new, schema))
    schemas[new.file] = schema
    return Departure("added", entry["id"], change.data["reason"], overlay.file, change.line, None, entry)


def _remove(change: _Change, index, problems, documents) -> Departure | None:
    overlay, base = change.overlay, change.base
    target = _target(change, ("id",), change.data["id"], index, {}, {}, problems)
    if target is None:
        return None
    doc, object_path = target.doc, target.path[:-1]
    if not object_path and _folder(doc) in WHOLE_FILES:  # a whole file: a meeting's 议事规则
        documents[:] = [(d, s) for d, s in documents if d is not doc]
        return Departure("removed", change.data["id"], change.data["reason"], overlay.file, change.line, doc.data, None)
    if object_path and isinstance(object_path[-1], str):  # a single field's object: a rule's parameter
        parent = _get(doc.data, object_path[:-1])
        required = schema_at(_schemas_of(documents)[doc.file], doc.data, object_path[:-1]).get("required", [])
        if object_path[-1] not in required:
            removed = parent.pop(object_path[-1])
            departure = Departure("removed", change.data["id"], change.data["reason"], overlay.file, change.line, removed, None)
            departure.fields, departure.parent = [object_path[-1]], parent.get("id", "")
            return departure
        problems.append(
            overlay.problem(
                base + ("id",),
                f"`{change.data['id']}` 是必需的 `{object_path[-1]}`，不能删除",
                "列表中的条目，或可以不写的参数（如 `last_speaker`）",
                "要改写内容请用 modify（如 `set: {text: …}`）。",
            )
        )
        return None
    if not object_path or not isinstance(object_path[-1], int):
        problems.append(
            overlay.problem(
                base + ("id",),
                f"`{change.data['id']}` 不是列表中的条目",
                "列表中的条目 id",
                "只能删除列表中的条目；要改写内容请用 modify。",
            )
        )
        return None
    container = _get(doc.data, object_path[:-1])
    removed = container.pop(object_path[-1])
    _shift(doc, object_path[:-1], object_path[-1] + 1, -1)
    return Departure("removed", change.data["id"], change.data["reason"], overlay.file, change.line, removed, None)


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


def _schemas_of(documents) -> dict[str, dict]:
    return {doc.file: schema for doc, schema in documents}


def _ids_in(data) -> list[str]:
    """The ids defined in a removed entry: its own and its parts' (a removed rule's parameters)."""
    found = []
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            found.append(data["id"])
        for value in data.values():
            found += _ids_in(value)
    elif isinstance(data, list):
        for value in data:
            found += _ids_in(value)
    return found


def _prune_references(removed_id: str, line: int | None, overlay: Document, documents: list[tuple[Document, dict]]) -> list[Problem]:
    """Drop a removed entry from lists of references (e.g. what a checklist item verifies); a reference
    that cannot simply be dropped (a single field, a link in text) is reported at the removal."""
    problems, drops = [], []
    for doc, schema in documents:
        for node, value, path in validate.marks(doc.data, schema):
            if "x-ref" in node and value == removed_id:
                if path and isinstance(path[-1], int):
                    drops.append((doc, path))
                elif path[:1] == ("changelog",) and path[-1] == "entry":  # the model's record of its own change
                    drops.append((doc, path[:-1]))
                else:
                    problems.append(_blocked(removed_id, line, overlay, doc, path, "字段引用了它"))
            elif node.get("x-inline-refs") and isinstance(value, str) and f"[[{removed_id}" in value:
                problems.append(_blocked(removed_id, line, overlay, doc, path, "正文中链接了它"))
    for doc, path in sorted(drops, key=lambda d: d[1], reverse=True):
        _get(doc.data, path[:-1]).pop(path[-1])
        _shift(doc, path[:-1], path[-1] + 1, -1)
    return problems


def _blocked(removed_id: str, line: int | None, overlay: Document, doc: Document, path: Path, how: str) -> Problem:
    where = _where(doc, path)
    return Problem(
        overlay.file,
        line,
        None,
        removed_id,
        f"删除的条目 `{removed_id}` 仍被引用：{where}（{describe(doc.data, path)}）{how}",
        "删除的条目不再被引用",
        "在本校调整中用 modify 一并修改引用它的条目，或不删除它。",
    )


def _where(doc: Document, path: Path) -> str:
    """`data/rules/x.yml 第 12 行`, or the overlay's file and line when an overlay wrote that part."""
    for depth in range(len(path), 0, -1):
        if path[:depth] in doc.overrides:
            overlay, there = doc.overrides[path[:depth]]
            return f"{overlay.file} 第 {overlay.locate(there + tuple(path[depth:]))[0]} 行"
    return f"{doc.file} 第 {doc.locate(path)[0]} 行"


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
