"""Problems found in the data, located and worded for the person who edits the YAML."""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple  # a location inside a document: keys and list indexes, e.g. ("entries", 2, "title")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    field: str
    found: str
    expected: str
    hint: str
    severity: str = "error"

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        label = "错误" if self.severity == "error" else "警告"
        head = f"{where}: {label}"
        if self.field:
            head += f" [{self.field}]"
        lines = [head, f"  发现: {self.found}", f"  应为: {self.expected}"]
        if self.hint:
            lines.append(f"  怎么改: {self.hint}")
        return "\n".join(lines)


class Advice(Problem):
    """A warning that never fails a build: typography, or a value below what a higher document asks for
    “in principle” (原则上, 一般). `charter check`, `mkdocs build` and `serve` show it; MkDocs logs it as INFO,
    so `--strict` does not count it (`mkdocs_charter.py`)."""


class CharterError(Exception):
    """The data has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = sum(p.severity == "error" for p in problems)
        super().__init__(f"数据检查发现 {errors} 个错误：\n\n" + "\n\n".join(p.format() for p in problems))


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
