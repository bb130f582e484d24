"""Command line: `python -m hooks.charter check` checks `data/`; `schema` writes `schema/*.json`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from . import CharterError, init, load_charter
from .schemas import KINDS, schema_file_name
from .site import check_project

PROJECT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.charter", description="章程数据工具")
    parser.add_argument("--project", type=Path, default=PROJECT, help="项目文件夹（含 data/）")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="检查 data/ 中的全部数据，不构建网站")
    commands.add_parser("schema", help="把 JSON Schema 写入 schema/")
    init.add_arguments(commands.add_parser("init", help="按几个问题（或参数）生成本校概况 data/school.yml"))
    commands.add_parser("search-dict", help="按当前数据重新生成精简的 jieba 词典（hooks/charter/jieba_small.txt）")
    args = parser.parse_args(argv)
    if args.command == "init":
        try:
            model = yaml.safe_load((args.project / "data" / "model.yml").read_text(encoding="utf-8-sig"))
            version = model["version"]
        except (OSError, yaml.YAMLError, TypeError, KeyError) as error:
            print(f"data/model.yml: 无法读取示范章程版本（{error}）；先从示范仓库复制 data/model.yml，再运行 init。", file=sys.stderr)
            return 1
        return init.run(args, args.project, version)
    if args.command == "schema":
        for path, text in schema_files().items():
            (args.project / path).write_text(text, encoding="utf-8")
        return 0
    if args.command == "search-dict":
        return write_search_dictionary(args.project)
    try:
        charter = check_project(args.project)
    except CharterError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in charter.warnings:
        print(warning.format(), file=sys.stderr)
    print(f"数据检查通过：{len(charter.by_id)} 个 id，{len(charter.raw)} 个文件。")
    return 0


def write_search_dictionary(project: Path) -> int:
    import jieba

    from .render import site_pages
    from .search import SMALL_DICTIONARY, build_small_dictionary

    texts = list(site_pages(load_charter(project)).values())
    texts += [p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md")]
    full = Path(jieba.__file__).parent / "dict.txt"
    SMALL_DICTIONARY.write_text(build_small_dictionary(texts, full), encoding="utf-8")
    print(f"已写入 {SMALL_DICTIONARY.relative_to(project)}（{len(SMALL_DICTIONARY.read_text(encoding='utf-8').splitlines())} 个词）。")
    return 0


def schema_files() -> dict[str, str]:
    """The schema files as they should be in the repository."""
    return {f"schema/{schema_file_name(s)}": json.dumps(s, ensure_ascii=False, indent=2) + "\n" for s in KINDS.values()}


if __name__ == "__main__":
    sys.exit(main())
