"""公文 typography in the text a reader sees: warnings, never errors.

Every string whose schema says it is text (a title, a name, running text, a reason, a note; not an id, a
reference, a choice, a version, a date field or a file name, and not the id in an `[[id]]` link) is
checked for what the model's own data avoids:

1. a space between Chinese and a digit or Latin letter: "召开 1 次" → "召开1次";
2. a space between two Chinese characters (or next to Chinese punctuation), which a folded YAML
   scalar (`>-`) puts in where a line breaks: "学校行政 工作" → "学校行政工作";
3. a date written the ISO way in running text: "2026-09-01" → "2026年9月1日";
4. an ASCII range marker between numbers or dates: "1-3月", "2024~2025" → "1—3月", "2024—2025";
5. a half-width "," ";" ":" or "(…)" inside Chinese: "党委(党总支)" → "党委（党总支）".

The checks run on the merged charter (the model with the school's overlays applied) and on the
overlays' own text (their reasons): text an overlay wrote is reported once, at its line in the overlay,
and text an overlay removed is not reported. Each warning points at the offending characters
themselves (line and column in the file, also inside a folded or quoted scalar), quotes them with a
few characters around, and gives the text to write instead.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Advice, Problem
from .schemas import OVERLAY
from .yamlfile import Document, describe

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Chinese (full-width) punctuation: 、。〈〉《》「」『』【】〔〕… and the full-width forms （），：；！？ and “”‘’—…·
WIDE_PUNCTUATION = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
WIDE = f"[{HAN}{WIDE_PUNCTUATION}]"
SPACE = "[ \t\u00a0\u3000\r\n]+"  # a line break in the text is a space on the page
LATIN = "[A-Za-z0-9]"
CONTEXT = 6  # characters shown on either side of what is wrong

_SPACE_LATIN = re.compile(f"(?<={WIDE}){SPACE}(?={LATIN})|(?<={LATIN}){SPACE}(?={WIDE})")
_SPACE_WIDE = re.compile(f"(?<={WIDE}){SPACE}(?={WIDE})")
_DATE = re.compile(r"(?<![A-Za-z0-9./-])((?:19|20)\d\d)([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?![A-Za-z0-9-]|\.\d)")
_RANGE = re.compile(r"(?<=\d)([年月日号]?)([ \t]*(?:-|~|\u2013|\uff0d)[ \t]*)(?=\d)")
_CODE_BEFORE = re.compile(r"[A-Za-z/\-][ \t]*\d*$")  # GB/T 15834-2011, A1-2: a code, not a range
_PHONE = re.compile(r"(?<!\d)0\d{2,3}$")  # 0571-88886666: an area code
_HALF_PUNCTUATION = re.compile(f"(?<={WIDE})([,;:])(?={WIDE})")
_PARENTHESES = re.compile(r"\(([^()\n]*)\)")
_FULL = {",": "，", ";": "；", ":": "："}
_LINK = re.compile(r"\[\[([^\[\]|]+)(\|[^\[\]]+)?\]\]")


@dataclass(frozen=True)
class _Fix:
    start: int
    end: int
    replacement: str
    kind: str


_KINDS = {
    "space-latin": (
        "汉字与数字（字母）之间有空格",
        "公文中汉字与阿拉伯数字、外文字母之间不加空格：删去空格。",
    ),
    "space-wide": (
        "汉字之间有空格",
        "删去空格。汉字之间的空格多半来自 YAML 的折行：`>-`、`>` 或不加引号的文字分几行写时，YAML 把每个换行变成一个空格"
        "（在中文标点后换行也一样，只是空格跟在标点后面）。把这段文字写在一行内；一定要分行，就用双引号括起整段文字，"
        "并在每行末尾写 `\\`（双引号中行末的 `\\` 表示紧接下一行，不加空格）。",
    ),
    "date": (
        "正文中的日期写成了 ISO 格式",
        "公文中的日期写作“2026年9月1日”：阿拉伯数字，月、日不补零。（`effective_date` 等日期字段仍写 YYYY-MM-DD。）",
    ),
    "range": (
        "数值或日期范围用了“-”或“~”",
        "公文中表示数值、日期的范围用“—”（一字线，与示范章程一致），如“1—3月”“2024—2025学年”。",
    ),
    "punctuation": (
        "中文之间用了半角标点",
        "中文之间用全角标点：，；：（）。",
    ),
}
_FOLDED = "（这里在 YAML 中是换行，折行变成了空格）"
_AT_HINT = "出处位置的各级之间用“·”分隔，与示范章程一致（如“篇3·四.2”）。"
_EXCLUDED_FIELDS = {"file"}  # a source's file name
_BREAKS = "\r\n\x85\u2028\u2029"
_QUOTING = "\"'\\ \t" + _BREAKS  # what a quoted or folded scalar has in its source and not in its value


def check_typography(documents: list[tuple[Document, dict]], overlays: list[Document], project_dir: Path, data_dir: Path) -> list[Problem]:
    """Warnings for every text value of the merged `documents` (each with its schema) and of the
    `overlays`' own fields (their reasons). The files are read again only for a value with a warning,
    to point at the very characters."""
    sources = _Sources(project_dir if data_dir.is_relative_to(project_dir) else data_dir.parent)
    warnings: list[Problem] = []
    seen: set[tuple] = set()
    for doc, schema in [*documents, *((overlay, OVERLAY) for overlay in overlays)]:
        for path, text in _texts(schema, doc.data, ()):
            for warning in _warnings(doc, path, text, sources):
                key = (warning.file, warning.line, warning.column, warning.found)
                if key not in seen:
                    seen.add(key)
                    warnings.append(warning)
    return sorted(warnings, key=lambda w: (w.file, w.line or 0, w.column or 0))


def fixes(text: str, separator: str = "") -> list[_Fix]:
    """What is wrong in `text`, as replacements; `separator` replaces a space between parts (a source
    position's `at`: "篇3 四.2" → "篇3·四.2"), which else is dropped."""
    masked = _LINK.sub(_mask, text)
    found: list[_Fix] = []
    taken = [False] * len(text)

    def add(start: int, end: int, replacement: str, kind: str) -> None:
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            found.append(_Fix(start, end, replacement, kind))

    for m in _DATE.finditer(masked):
        year, month, day = int(m.group(1)), int(m.group(3)), m.group(4) and int(m.group(4))
        if m.group(4) is None and (m.group(2) != "-" or len(m.group(3)) != 2):
            continue  # 2024-12 is a month only written as such; 2024.9 and 2024/9 are left alone
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            add(m.start(), m.end(), f"{year}年{month}月" + (f"{day}日" if day else ""), "date")
    for m in _RANGE.finditer(masked):
        before = masked[: m.start(1)]
        if _CODE_BEFORE.search(before) or _PHONE.search(before):
            continue
        add(m.start(2), m.end(2), "—", "range")
    for m in _PARENTHESES.finditer(masked):
        inner = m.group(1)
        before, after = masked[m.start() - 1 : m.start()], masked[m.end() : m.end() + 1]
        if inner and (re.match(WIDE, before + " ") and re.match(WIDE, inner) or re.match(WIDE, inner[-1]) and re.match(WIDE, after + " ")):
            add(m.start(), m.start() + 1, "（", "punctuation")
            add(m.end() - 1, m.end(), "）", "punctuation")
    # what follows sees the text with those parentheses made full-width: "(大队),相" has "，" to write too
    wide = list(masked)
    for fix in found:
        if fix.replacement in ("（", "）"):
            wide[fix.start] = fix.replacement
    masked = "".join(wide)
    for m in _HALF_PUNCTUATION.finditer(masked):
        add(m.start(1), m.end(1), _FULL[m.group(1)], "punctuation")
    for pattern, kind in ((_SPACE_LATIN, "space-latin"), (_SPACE_WIDE, "space-wide")):
        for m in pattern.finditer(masked):
            add(m.start(), m.end(), separator, kind)
    return sorted(found, key=lambda fix: fix.start)


def _mask(link: re.Match) -> str:
    """An `[[id]]` link with its id (not its label) blanked out, keeping every other character's index."""
    label = (link.group(2) or "|")[1:]
    return "\0" * (len(link.group(0)) - len(label) - 2) + label + "\0\0"


def _texts(schema: dict, data, path: tuple):
    """(path, text) for every string of `data` that its schema calls text."""
    if not isinstance(schema, dict):
        return
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            if _fits(option, data):
                yield from _texts(option, data, path)
                return
        return
    if isinstance(data, str):
        if _is_text(schema) and not (path and path[-1] in _EXCLUDED_FIELDS):
            yield path, data
    elif isinstance(data, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, value in data.items():
            yield from _texts(properties.get(key, extra), value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(schema.get("items"), value, path + (index,))


def _is_text(schema: dict) -> bool:
    return schema.get("type") in ("string", None) and not any(
        key in schema for key in ("pattern", "enum", "const", "format", "x-id", "x-ref", "properties", "items")
    )


def _fits(schema: dict, data) -> bool:
    wanted = schema.get("type")
    if wanted == "string":
        return isinstance(data, str)
    if wanted == "object":
        return isinstance(data, dict) and set(data) <= set(schema.get("properties", data))
    return True


def _warnings(doc: Document, path: tuple, text: str, sources: _Sources) -> list[Problem]:
    is_at = len(path) >= 2 and path[-1] == "at"  # a position in a source: 篇3·四.2
    found = fixes(text, "·" if is_at else "")
    groups: list[list[_Fix]] = []
    for fix in found:
        if groups and fix.start - groups[-1][-1].end <= CONTEXT:
            groups[-1].append(fix)
        else:
            groups.append([fix])
    if not groups:
        return []
    target, there = _owner(doc, path)
    start_mark = target.marks.get(there) or target.locate(there)
    field = describe(target.data, there)
    out = []
    for group in groups:
        first, last = group[0], group[-1]
        begin, end = max(0, first.start - CONTEXT), min(len(text), last.end + CONTEXT)
        written, fixed, at = text[begin:end], "", begin
        for fix in group:
            fixed += text[at : fix.start] + fix.replacement
            at = fix.end
        fixed += text[at:end]
        shown = "…" * (begin > 0) + "{}" + "…" * (end < len(text))
        kinds = list(dict.fromkeys(fix.kind for fix in group))
        position = sources.position(target.file, start_mark, text, first.start)
        line, column = position[:2] if position else start_mark
        what = "；".join(_KINDS[kind][0] + (_FOLDED if kind == "space-wide" and position and position[2] else "") for kind in kinds)
        hint = "".join(_AT_HINT if is_at and kind.startswith("space") else _KINDS[kind][1] for kind in kinds)
        out.append(
            Advice(
                target.file,
                line,
                column,
                field,
                f"“{shown.format(_visible(written))}”：{what}",
                f"“{shown.format(_visible(fixed))}”",
                hint,
                severity="warning",
            )
        )
    return out


def _visible(text: str) -> str:
    return text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵").replace("\t", "→")


def _owner(doc: Document, path: tuple) -> tuple[Document, tuple]:
    """The document that wrote the value at `path`, and its path there: an overlay for what it set or added."""
    for depth in range(len(path), 0, -1):
        if path[:depth] in doc.overrides:
            overlay, there = doc.overrides[path[:depth]]
            return _owner(overlay, there + path[depth:])
    return doc, path


class _Sources:
    """The text of data files, read when a warning needs a position inside a value."""

    _BREAK = re.compile(f"\r\n|[{_BREAKS}]")  # what YAML counts as a line break

    def __init__(self, root: Path):
        self.root = root
        self.texts: dict[str, tuple[str, list[int]] | None] = {}

    def _read(self, file: str) -> tuple[str, list[int]] | None:
        if file not in self.texts:
            try:
                text = (self.root / file).read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self.texts[file] = None
            else:
                self.texts[file] = (text, [0] + [m.end() for m in self._BREAK.finditer(text)])
        return self.texts[file]

    def position(self, file: str, mark: tuple[int | None, int | None], value: str, index: int) -> tuple[int, int, bool] | None:
        """(line, column, written as a line break) of `value[index]` in `file`, whose value starts at `mark`;
        None when the source does not match the value (an escape sequence on the way, a changed file)."""
        read = self._read(file)
        if read is None or mark[0] is None or mark[0] > len(read[1]):
            return None
        text, starts = read
        p = starts[mark[0] - 1] + mark[1] - 1
        if text[p : p + 1] in (">", "|"):  # a block scalar starts on the next line
            following = self._BREAK.search(text, p)
            if following is None:
                return None
            p = following.end()
        i = 0
        while i < len(value):
            if value[i].isspace():  # a run of spaces or line breaks: a run of them in the source (a fold)
                run = i
                while i < len(value) and value[i].isspace():
                    i += 1
                if run <= index < i:
                    return self._at(starts, p, text)
                while p < len(text) and text[p].isspace():
                    p += 1
                continue
            while p < len(text) and text[p] != value[i]:
                if text[p] not in _QUOTING:
                    return None
                p += 1
            if p >= len(text):
                return None
            if i == index:
                return self._at(starts, p, text)
            i, p = i + 1, p + 1
        return None

    @staticmethod
    def _at(starts: list[int], p: int, text: str) -> tuple[int, int, bool]:
        line = bisect.bisect_right(starts, p) - 1
        return line + 1, p - starts[line] + 1, text[p : p + 1] in _BREAKS
