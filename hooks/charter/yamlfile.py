"""Read one YAML file into plain data, keeping the line and column of every value.

Only what `yaml.safe_load` would build is accepted, and stricter: a duplicate key in one mapping is
an error (PyYAML silently keeps the last one), tags are limited to the core schema, dates stay
strings. Merge keys (`<<: *defaults`) work as YAML specifies: keys written in the mapping win over
merged ones. Before anything is built, a stream of parser events (not recursive, stopped early) checks
the limits stated below: nesting depth, and how much aliases add (a "billion laughs" file is refused,
a big file without aliases is not); the file size is checked before that, on the bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Path, Problem, format_path

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 5 * 1024 * 1024  # a data file; the largest in the model is under 60 KB
MAX_DEPTH = 50  # nested lists and mappings; the schemas need fewer than 10
MAX_ALIAS_NODES = 100_000  # nodes added by aliases (a node reached again through an alias)
MAX_ALIAS_CHARS = MAX_FILE_BYTES  # characters of text added by aliases
MAX_TEXT = 20_000  # characters in one text value
MAX_INT_DIGITS = 30  # Python refuses to convert integers of more than 4300 digits
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    file: str  # path relative to the project, with forward slashes
    data: object
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # value positions, 1-based
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # positions of mapping keys
    # parts replaced by a school's overlay: path here → (overlay document, path there)
    overrides: dict[Path, tuple[Document, Path]] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int | None, int | None]:
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (None, None))

    def problem(self, path: Path, found: str, expected: str, hint: str = "", severity: str = "error", key: bool = False) -> Problem:
        path = tuple(path)
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.overrides:
                overlay, there = self.overrides[path[:depth]]
                return overlay.problem(there + path[depth:], found, expected, hint, severity, key)
        line, column = (self.key_marks.get(path) if key else None) or self.locate(path)
        return Problem(self.file, line, column, describe(self.data, path), found, expected, hint, severity)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.2f}".rstrip("0").rstrip(".")


def read_yaml(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse `raw` (the bytes of `file`); return the document, or None and the problems."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                file,
                None,
                None,
                "",
                f"文件大小 {_megabytes(len(raw))} MB（{len(raw)} 字节）",
                f"不超过 {_megabytes(MAX_FILE_BYTES)} MB 的数据文件（示范中最大的数据文件不到 60 KB）",
                "把内容拆分到几个文件中（如 data/sections/ 中的多个章节），或删去不属于章程的内容（长篇原文放在依据文件中，按 id 引用）。",
            )
        ]
    text, problem = _decode(raw, file)
    if problem:
        return None, [problem]
    try:
        problem = _measure(text, file)
        if problem:
            return None, [problem]
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, file, text)]
    except yaml.YAMLError as error:  # pragma: no cover - every libyaml error carries a mark
        return None, [Problem(file, None, None, "", str(error), "合法的 YAML", "检查缩进和引号。")]
    if node is None:
        return None, [Problem(file, 1, 1, "", "空文件", "至少包含该类文件的必填字段", "参照 schema/ 中的说明或示范文件填写内容。")]
    doc = Document(file, None)
    problems: list[Problem] = []
    doc.data = _Builder(doc, problems).build(node, ())
    return (None if problems else doc), problems


def _measure(text: str, file: str) -> Problem | None:
    """Check nesting depth and what aliases add, from the parser's events, before anything recursive
    runs (composing 100,000 nested brackets crashes the interpreter). Stops at the first excess."""
    stack: list[list] = []  # open lists and mappings: [anchor, nodes, characters, levels below]
    anchors: dict[str, tuple[int, int, int]] = {}  # finished anchored nodes: (nodes, characters, levels)
    added_nodes = added_chars = 0
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            size = (1, len(event.value), 0)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                return _too_deep(file, event.start_mark)
            stack.append([event.anchor, 1, 0, 0])
            continue
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            anchor, nodes, chars, levels = stack.pop()
            size = (nodes, chars, levels + 1)
            if anchor is not None:
                anchors[anchor] = size
        elif kind is yaml.AliasEvent:
            size = anchors.get(event.anchor)
            if size is None:
                if any(frame[0] == event.anchor for frame in stack):
                    return _problem_at(
                        file,
                        event.start_mark,
                        f"别名 *{event.anchor} 引用自身所在的锚点 &{event.anchor}（无限循环的结构）",
                        "别名只引用已经写完的内容",
                        "删除这个别名，或直接写出内容。",
                    )
                return None  # an undefined alias: composing reports it
            added_nodes, added_chars = added_nodes + size[0], added_chars + size[1]
            if len(stack) + size[2] > MAX_DEPTH:
                return _too_deep(file, event.start_mark)
            if added_nodes > MAX_ALIAS_NODES or added_chars > MAX_ALIAS_CHARS:
                return _problem_at(
                    file,
                    event.start_mark,
                    f"别名（*{event.anchor} 等）层层引用，展开后超过 {MAX_ALIAS_NODES} 个节点或 {MAX_ALIAS_CHARS} 个字",
                    f"别名展开后增加的内容不超过 {MAX_ALIAS_NODES} 个节点、{MAX_ALIAS_CHARS} 个字",
                    "不要用锚点（&）和别名（*）反复嵌套引用；直接写出内容。",
                )
        else:
            continue  # start and end of the stream and the document
        if kind is yaml.ScalarEvent and event.anchor is not None:
            anchors[event.anchor] = size
        if stack:
            parent = stack[-1]
            parent[1] += size[0]
            parent[2] += size[1]
            parent[3] = max(parent[3], size[2])
    return None


def _too_deep(file: str, mark) -> Problem:
    return _problem_at(
        file,
        mark,
        f"列表和映射嵌套超过 {MAX_DEPTH} 层",
        f"嵌套不超过 {MAX_DEPTH} 层（章程数据通常不到 10 层）",
        "检查是否多写了括号 [ { 或缩进错位；用别名引用时不要层层嵌套。",
    )


def _problem_at(file: str, mark, found: str, expected: str, hint: str) -> Problem:
    return Problem(file, mark.line + 1, mark.column + 1, "", found, expected, hint)


def _decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        try:
            raw.decode("gb18030")
            found = "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本“ANSI”）编码"
        except UnicodeDecodeError:
            found = f"文件不是 UTF-8 编码（第 {line} 行有无法解码的字节 0x{raw[error.start]:02x}）"
        hint = "用编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选“UTF-8”；VS Code：右下角编码 → 通过编码保存 → UTF-8）。"
        return "", Problem(file, line, column, "", found, "UTF-8 编码的文本", hint)


_SYNTAX_HINTS = [
    (
        re.compile(r"found character '\\t' that cannot start any token|found a tab character"),
        "缩进中有制表符（Tab）",
        "YAML 只能用空格缩进：把 Tab 换成空格（编辑器里可设置“用空格代替 Tab”）。",
    ),
    (re.compile(r"while scanning a quoted scalar"), "引号没有闭合", "在这一行的字符串末尾补上对应的引号（\" 或 '）。"),
    (
        re.compile(r"mapping values are not allowed here"),
        "这里不能出现冒号键值",
        "检查上一行是否缩进错误，或把含有“: ”的文字用引号括起来。",
    ),
    (re.compile(r"expected a single document"), "一个文件里有多个文档（---）", "每个文件只写一个文档，删除多余的 ---。"),
    (re.compile(r"could not find expected ':'"), "缺少冒号", "键和值之间写“键: 值”（冒号后有空格）。"),
    (re.compile(r"found undefined alias"), "引用了未定义的锚点", "先用 &名称 定义锚点，再用 *名称 引用；或直接写出内容。"),
    (re.compile(r"found duplicate anchor"), "同一个锚点名定义了两次", "给其中一个锚点（&名称）换一个名称。"),
]


def _syntax_problem(error: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    message = " ".join(filter(None, [error.context, error.problem]))
    found, hint = f"YAML 语法错误：{message}", "检查这一行及上一行的缩进、冒号和引号。"
    if error.problem_mark is not None and _tab_before(text, error.problem_mark):
        message = "found a tab character"
    for pattern, what, how in _SYNTAX_HINTS:
        if pattern.search(message):
            found, hint = f"{what}（{message}）", how
            break
    mark = error.problem_mark or error.context_mark
    if "quoted scalar" in message and error.context_mark is not None:
        mark = error.context_mark  # where the quote was opened
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return Problem(file, line, column, "", found, "合法的 YAML", hint)


def _tab_before(text: str, mark) -> bool:
    lines = text.splitlines()
    return mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


class _Builder:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc, self.problems = doc, problems

    def build(self, node: yaml.Node, path: Path):
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._bad_tag(node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":
            if len(node.value) > MAX_TEXT:
                self._add(
                    node,
                    path,
                    f"文字长 {len(node.value)} 个字",
                    f"一项文字不超过 {MAX_TEXT} 个字",
                    "章程条文应简明：拆成几个条目或列举项；长篇原文放在依据文件中，按 id 引用。",
                )
                return ""
            return node.value  # the common case, without the constructor's overhead
        if node.tag not in _PLAIN_TAGS:
            self._bad_tag(node, path)
            return None
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text, as JSON Schema expects
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_INT_DIGITS:
            self._add(node, path, f"{len(node.value)} 位的整数", f"不超过 {MAX_INT_DIGITS} 位的数", "写出合理的数值。")
            return 0
        return _constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            self._bad_tag(node, path)
        out: dict = {}
        first_seen: dict = {}
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged += self._merged(value_node, path + ("<<",))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self.doc.problem(path, "复杂的键（列表或映射作键）", "简单的文字键", "键只能是文字，如 `title:`。"))
                continue
            key = self.build(key_node, path + ("<key>",))
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self.doc.file,
                        line,
                        key_node.start_mark.column + 1,
                        format_path(path + (key,)),
                        f"重复的键 `{key}`（第 {first_seen[key]} 行已有同名键）",
                        "同一映射中每个键只出现一次",
                        "YAML 会悄悄丢掉前一个值：合并两处内容，或删除其中一个。",
                    )
                )
                continue
            first_seen[key] = line
            self.doc.key_marks[path + (key,)] = (line, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, path + (key,))
        # `<<: *defaults`: merged keys fill in what the mapping does not say itself; of several merged
        # mappings (`<<: [*a, *b]`) the earlier one wins. Their duplicates are reported where they are written.
        for key_node, value_node in merged:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = self.build(key_node, path + ("<key>",))
            if key in out:
                continue
            self.doc.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, path + (key,))
        self.doc.marks.pop(path + ("<key>",), None)
        return out

    def _merged(self, value: yaml.Node, path: Path, report: bool = True) -> list[tuple[yaml.Node, yaml.Node]]:
        """The pairs a merge key brings in, highest precedence first."""
        if isinstance(value, yaml.MappingNode):
            mappings = [value]
        elif isinstance(value, yaml.SequenceNode) and all(isinstance(v, yaml.MappingNode) for v in value.value):
            mappings = value.value
        else:
            if report:
                self._add(
                    value,
                    path,
                    "合并键 `<<` 的值不是映射",
                    "映射的别名（如 `<<: *defaults`）或它们的列表（如 `<<: [*a, *b]`）",
                    "先用 `&名称` 给一个映射定义锚点，再写 `<<: *名称`。",
                )
            return []
        pairs = []
        for mapping in mappings:
            pairs += [(k, v) for k, v in mapping.value if k.tag != _MERGE_TAG]
            for k, v in mapping.value:
                if k.tag == _MERGE_TAG:
                    pairs += self._merged(v, path, report=False)  # reported where that mapping is written
        return pairs

    def _add(self, node: yaml.Node, path: Path, found: str, expected: str, hint: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.doc.file, mark.line + 1, mark.column + 1, format_path(path), found, expected, hint))

    def _bad_tag(self, node: yaml.Node, path: Path) -> None:
        self._add(
            node,
            path,
            f"不允许的 YAML 标签 `{node.tag}`",
            "普通的文字、数字、列表和映射",
            "删除以 ! 开头的标签；数据文件不能包含程序对象。",
        )


def describe(data: object, path: Path) -> str:
    """`entries[2].title`, with the id of each entry on the way: `entries[2](id=x).title`."""
    out, node = "", data
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f"(id={node['id']})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out
