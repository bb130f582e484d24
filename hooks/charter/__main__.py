"""The `charter` command (also `python -m charter`): `check` checks `data/`; `init` starts a school's
profile; `schema` writes `schema/*.json`; `search-dict` rebuilds the small jieba dictionary; `export DIR`
writes the site as a plain MkDocs project.

It works on the project of the current working directory: the nearest folder, the current one or one
of its parents, that holds both `mkdocs.yml` and `data/`; `--project` names another."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from . import CharterError, init, load_charter
from .schemas import KINDS, schema_file_name
from .site import check_project

NO_PROJECT = "{start} 及其上级文件夹中都没有章程项目（同时含有 mkdocs.yml 和 data/ 的文件夹）：先进入项目文件夹再运行，或用 --project 指定项目文件夹。"


def find_project(start: Path) -> Path | None:
    """The nearest folder, `start` or one of its parents, with both `mkdocs.yml` and `data/`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "data").is_dir():
            return folder
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="charter", description="章程数据工具")
    parser.add_argument("--project", type=Path, help="项目文件夹（含 mkdocs.yml 和 data/；默认是当前文件夹或其上级中最近的一个）")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="检查 data/ 中的全部数据，不构建网站")
    commands.add_parser("schema", help="把 JSON Schema 写入 schema/")
    init.add_arguments(commands.add_parser("init", help="按几个问题（或参数）生成本校概况 data/school.yml"))
    commands.add_parser("search-dict", help="按当前数据重新生成精简的 jieba 词典（hooks/charter/jieba_small.txt）")
    export = commands.add_parser("export", help="把整个网站导出为不需要钩子的普通 MkDocs 项目")
    export.add_argument("folder", type=Path, metavar="DIR", help="导出到的文件夹（不存在或为空）")
    export.add_argument("--force", action="store_true", help="文件夹不为空时也导出：替换其中的 mkdocs.yml 和 docs/")
    args = parser.parse_args(argv)
    if args.project is None:
        project = find_project(Path.cwd())
        if project is None:
            print(NO_PROJECT.format(start=Path.cwd()), file=sys.stderr)
            return 1
    elif not args.project.is_dir():
        print(f"--project {args.project}：不是一个文件夹。", file=sys.stderr)
        return 1
    else:
        project = args.project
    if args.command == "init":
        try:
            model = yaml.safe_load((project / "data" / "model.yml").read_text(encoding="utf-8-sig"))
            version = model["version"]
        except (OSError, yaml.YAMLError, TypeError, KeyError) as error:
            print(f"data/model.yml: 无法读取示范章程版本（{error}）；先从示范仓库复制 data/model.yml，再运行 init。", file=sys.stderr)
            return 1
        return init.run(args, project, version)
    if args.command == "schema":
        for path, text in schema_files().items():
            (project / path).write_text(text, encoding="utf-8")
        return 0
    if args.command == "search-dict":
        return write_search_dictionary(project)
    if args.command == "export":
        return export_project(project, args.folder, args.force)
    try:
        charter = check_project(project)
    except CharterError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in charter.warnings:
        print(warning.format(), file=sys.stderr)
    print(f"数据检查通过：{len(charter.by_id)} 个 id，{len(charter.raw)} 个文件。")
    return 0


def export_project(project: Path, folder: Path, force: bool) -> int:
    from .export import ExportError, export_site

    try:
        result = export_site(project, folder, force=force)
    except (CharterError, ExportError) as error:
        print(error, file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print(
        f"已导出到 {result.folder}：{result.pages} 个页面（{result.generated} 个由数据生成），{result.files} 个其他文件。"
        f"生成网站：mkdocs build -f {result.folder / 'mkdocs.yml'}"
    )
    return 0


def write_search_dictionary(project: Path) -> int:
    import jieba

    from .render import site_pages
    from .search import SMALL_DICTIONARY, build_small_dictionary

    texts = list(site_pages(load_charter(project)).values())
    texts += [p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md")]
    full = Path(jieba.__file__).parent / "dict.txt"
    SMALL_DICTIONARY.write_text(build_small_dictionary(texts, full), encoding="utf-8")
    print(f"已写入 {SMALL_DICTIONARY}（{len(SMALL_DICTIONARY.read_text(encoding='utf-8').splitlines())} 个词）。")
    return 0


def schema_files() -> dict[str, str]:
    """The schema files as they should be in the repository."""
    return {f"schema/{schema_file_name(s)}": json.dumps(s, ensure_ascii=False, indent=2) + "\n" for s in KINDS.values()}


if __name__ == "__main__":
    sys.exit(main())
