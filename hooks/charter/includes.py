"""Shared snippets in hand-written pages: a line `{!name.md!}` in a page under `docs/` is replaced by
the file `docs/_includes/name.md`.

Only hand-written pages are expanded, never a page generated from data, and only files inside the
includes folder can be named: data text can never make the build read a file of the machine. A
missing or misplaced file is a located problem, not a traceback. Fenced code blocks are left as
they are, so a page can show the syntax itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem

INCLUDE = re.compile(r"\{!\s*(.+?)\s*!\}")
_FENCE = re.compile(r"^\s*(```|~~~)")


def expand_includes(text: str, folder: Path, page: str) -> tuple[str, list[Problem]]:
    """`text` of the page `page` (shown in messages) with every `{!name!}` replaced."""
    out, problems, fence = [], [], None
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None and opened and opened.group(1) == fence:
            fence = None
        if fence is not None or opened:
            out.append(line)
            continue
        out.append(INCLUDE.sub(lambda m, n=number: _snippet(m, n, folder, page, problems), line))
    return "".join(out), problems


def _snippet(match: re.Match, line: int, folder: Path, page: str, problems: list[Problem]) -> str:
    name = match.group(1)
    shown = f"docs/{folder.name}/{name}"
    base = folder.resolve()
    target = (base / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(base):
        problems.append(
            Problem(
                page,
                line,
                match.start() + 1,
                "",
                f"插入的文件 `{name}` 不在 docs/{folder.name}/ 中",
                f"docs/{folder.name}/ 中的文件名，如 `{{!model-notice.md!}}`",
                f"把要插入的片段放进 docs/{folder.name}/，只写文件名；不能插入其他位置的文件。",
            )
        )
        return ""
    try:
        return target.read_text(encoding="utf-8-sig").rstrip("\n")
    except FileNotFoundError:
        found = f"插入的文件 `{shown}` 不存在"
    except UnicodeDecodeError:
        found = f"插入的文件 `{shown}` 不是 UTF-8 编码"
    except OSError as error:
        found = f"插入的文件 `{shown}` 无法读取（{error.strerror}）"
    known = sorted(p.name for p in base.glob("*") if p.is_file()) if base.is_dir() else []
    problems.append(
        Problem(
            page,
            line,
            match.start() + 1,
            "",
            found,
            "docs/_includes/ 中已有的 UTF-8 文件：" + ("、".join(known) or "（没有）"),
            "检查文件名的拼写，或在 docs/_includes/ 中创建这个文件。",
        )
    )
    return ""
