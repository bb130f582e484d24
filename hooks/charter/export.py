"""`charter export DIR`: the whole site as a plain MkDocs project that needs no hooks.

`DIR/mkdocs.yml` is the project's configuration without `hooks:` (and without `watch:`, whose folders
are not exported), with the navigation written out and no YAML tags: `!ENV` is replaced by its value
now, `!relative $config_dir/…` and `!relative $docs_dir/…` by absolute paths (of the project and of the
exported `docs/`); any other tag cannot be written as plain YAML and is refused. `DIR/docs/` holds the
hand-written pages with their `{!name!}` includes expanded, the pages generated from the data, the
downloads (charter.json, blank forms) and every other file of `docs/` (assets) as it is.

What the hook does after Markdown is rendered cannot be exported: glossary tooltips (`<abbr>`), the
search index's compaction, its small jieba dictionary and kept-whole terms, the fix to Material's
search worker and the escaping of page titles inside `<title>`. The README lists these differences.

Everything is read and checked before anything is written: a problem leaves DIR as it was.
"""

from __future__ import annotations

import datetime
import html
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from .collisions import url_of
from .includes import expand_includes
from .problems import CharterError, Problem
from .site import site_build

HEADER = (
    "# Exported by `charter export` from {project}: a plain MkDocs project without hooks.\n"
    "# Do not edit: change the charter project and export again.\n"
)
_MARKDOWN = {".md", ".markdown", ".mdown", ".mkdn", ".mkd"}
_DROPPED = ("hooks", "watch", "docs_dir", "INHERIT")


class ExportError(Exception):
    """A reason the export cannot be written, as one message for a person."""


@dataclass
class Exported:
    folder: Path
    pages: int = 0  # Markdown pages written
    generated: int = 0  # of which generated from the data
    files: int = 0  # other files: assets and downloads
    warnings: list[str] = field(default_factory=list)


def export_site(project: Path | str, folder: Path | str, force: bool = False) -> Exported:
    """Write the site of `project` into `folder` as a plain MkDocs project (see the module's docstring).
    `folder` must not exist or be empty, unless `force`: then its `mkdocs.yml` and `docs/` are replaced."""
    project = Path(project).resolve()
    folder = Path(folder).resolve()
    config_file = project / "mkdocs.yml"
    result = Exported(folder)
    config = read_config(config_file, folder / "docs", result.warnings)
    docs = (project / str(config.get("docs_dir", "docs"))).resolve()
    custom_dir = _custom_dir(config, project)
    managed = [folder / "mkdocs.yml", folder / "docs"] + ([folder / custom_dir[0]] if custom_dir else [])
    _check_target(project, docs, folder, managed, force)

    site = site_build(project)
    result.warnings += site.warnings
    files = _docs_files(docs, site, result)
    config = plain_config(config, site.nav)
    _check_plain(config, "mkdocs.yml")
    text = HEADER.format(project=project.name) + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)

    try:
        if force:
            for path in managed[1:]:
                if path.is_symlink() or path.is_file():
                    path.unlink()
                elif path.is_dir():
                    shutil.rmtree(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
        for name, content in files.items():
            target = folder / "docs" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        if custom_dir:
            shutil.copytree(custom_dir[1], folder / custom_dir[0], symlinks=False)
    except OSError as error:
        raise ExportError(f"无法写入 {folder}（{error.strerror or error}）：检查文件夹的权限和剩余空间。") from None
    return result


def plain_config(config: dict, nav: list) -> dict:
    """The project's configuration for a plain MkDocs build: no hooks, the generated navigation
    written out before the hand-written one (as the hook puts it)."""
    out = {key: value for key, value in config.items() if key not in _DROPPED}
    full = mkdocs_nav(nav) + list(config.get("nav") or [])
    if full:
        out["nav"] = full
    else:
        out.pop("nav", None)
    return out


def mkdocs_nav(tree: list) -> list:
    """The core's navigation, (title, src_uri or children) pairs, as MkDocs' `nav`, titles escaped:
    MkDocs and Material place nav titles into the page as HTML. An empty title takes its page's."""
    out = []
    for title, value in tree:
        value = mkdocs_nav(value) if isinstance(value, list) else value
        out.append({html.escape(title, quote=False): value} if title else value)
    return out


def _check_plain(value, where: str) -> None:
    """Only what plain YAML writes without a tag (`!!binary`, `!!set` and the like are not)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_plain(key, where)
            _check_plain(item, f"{where}: {key}")
    elif isinstance(value, list):
        for item in value:
            _check_plain(item, where)
    elif not isinstance(value, (str, int, float, bool, datetime.date, type(None))):
        raise ExportError(f"{where}：{type(value).__name__} 类型的值不能写成普通 YAML（不带标签）；改成文字、数字或列表后再导出。")


class _Dumper(yaml.SafeDumper):
    """Plain YAML; text of several lines as a block (`exclude_docs: |`), as people write it."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


# Reading the configuration


def read_config(path: Path, exported_docs: Path, warnings: list[str]) -> dict:
    """`mkdocs.yml` (with any `INHERIT:` parents merged) as plain data."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError(f"{path}：没有这个文件；导出需要项目的 mkdocs.yml。") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"{path}：无法读取（{error}）；检查文件权限，并把文件存为 UTF-8 编码。") from None
    loader = _ConfigLoader(text)
    loader.context = (path, exported_docs, warnings)
    try:
        config = loader.get_single_data()
    except yaml.YAMLError as error:
        raise ExportError(f"{path}：不是有效的 YAML（{error}）") from None
    finally:
        loader.dispose()
    if not isinstance(config, dict):
        raise ExportError(f"{path}：应为一个映射（键: 值），读到的是 {type(config).__name__}")
    parent = config.get("INHERIT")
    if parent:
        config = _merge(read_config((path.parent / str(parent)).resolve(), exported_docs, warnings), config)
    return config


def _merge(base: dict, child: dict) -> dict:
    """MkDocs' `INHERIT`: mappings merged key by key, anything else replaced by the child's."""
    out = dict(base)
    for key, value in child.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    out.pop("INHERIT", None)
    return out


class _ConfigLoader(yaml.SafeLoader):
    context: tuple[Path, Path, list[str]]

    def place(self, node: yaml.Node) -> str:
        return f"{self.context[0]}:{node.start_mark.line + 1}"


def _env(loader: _ConfigLoader, node: yaml.Node):
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`, as MkDocs reads it, replaced by its value now."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1], deep=True)
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise ExportError(f"{loader.place(node)}：`!ENV` 后应为变量名或 [变量名, …, 默认值]")
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _relative(loader: _ConfigLoader, node: yaml.Node):
    """`!relative $config_dir/…` or `!relative $docs_dir/…` as an absolute path; plain `!relative` (the
    folder of the page being rendered) has no plain equivalent."""
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    config, docs, warnings = loader.context
    bases = {"$config_dir": config.parent, "$docs_dir": docs}
    head, _, rest = (value or "").partition("/")
    if head not in bases:
        raise ExportError(
            f"{loader.place(node)}：`!relative {value or ''}` 指向正在生成的页面所在的文件夹，普通的 mkdocs.yml 无法表达；"
            "改成 `!relative $config_dir/…`、`!relative $docs_dir/…` 或普通路径后再导出。"
        )
    path = (bases[head] / rest).resolve() if rest else bases[head]
    warnings.append(f"{loader.place(node)}：`!relative {value}` 导出为绝对路径 {path}；导出的项目移到别处后要改这个路径。")
    return str(path)


def _other_tag(loader: _ConfigLoader, node: yaml.Node):
    raise ExportError(
        f"{loader.place(node)}：YAML 标签 `{node.tag}` 不能写进普通的 mkdocs.yml（导出的配置只含普通 YAML）；"
        "去掉这个标签，或改用不需要标签的写法后再导出。"
    )


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_constructor("!relative", _relative)
_ConfigLoader.add_constructor(None, _other_tag)


# The files


def _docs_files(docs: Path, site, result: Exported) -> dict[str, str | bytes]:
    """Every file of the exported `docs/`: hand-written files (Markdown pages with includes expanded),
    then the generated pages and downloads, which must not take a hand-written file's place."""
    if not docs.is_dir():
        raise ExportError(f"{docs}：文档文件夹不存在。")
    includes = docs / "_includes"
    files: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    written_pages: dict[str, str] = {}
    for folder, folders, names in os.walk(docs, followlinks=True):
        folders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            relative = path.relative_to(docs).as_posix()
            try:
                content = path.read_bytes()
            except OSError as error:
                raise ExportError(f"docs/{relative}：无法读取（{error.strerror or error}）；检查文件权限。") from None
            if path.suffix.lower() in _MARKDOWN and _is_page(PurePosixPath(relative)):
                try:
                    text = content.decode("utf-8-sig")
                except UnicodeDecodeError as error:
                    raise ExportError(f"docs/{relative}：无法读取（{error}）；把文件存为 UTF-8 编码。") from None
                text, found = expand_includes(text, includes, f"docs/{relative}")
                problems += found
                content = text
                result.pages += 1
                if relative.endswith(".md"):
                    written_pages[url_of(relative)] = relative
            else:
                result.files += 1
            files[relative] = content
    if problems:
        raise CharterError(problems)
    clashes = []
    for name, content in [*site.pages.items(), *site.downloads.items()]:
        if name in files:
            clashes.append(f"docs/{name} 与 {site.owners.get(name, '数据')} 生成的文件 {name} 同名：把手写的文件改名，或改用别的 id")
        elif name in site.pages and url_of(name) in written_pages:
            clashes.append(
                f"docs/{written_pages[url_of(name)]} 与 {site.owners.get(name, '生成的页面')} 生成的页面 {name} 是同一个网址 "
                f"`{url_of(name)}`：把手写页面改名，或改用别的 id"
            )
        files[name] = content
    if clashes:
        raise ExportError("\n".join(clashes))
    result.pages += len(site.pages)
    result.generated = len(site.pages)
    result.files += len(site.downloads)
    return files


def _is_page(path: PurePosixPath) -> bool:
    """A Markdown file MkDocs renders as a page: not hidden, not in `templates/` (MkDocs' own default
    exclusions), not a snippet in `_includes/`."""
    return not any(part.startswith(".") for part in path.parts) and path.parts[0] not in ("templates", "_includes")


def _custom_dir(config: dict, project: Path) -> tuple[str, Path] | None:
    """The theme's `custom_dir` inside the project, exported beside `docs/` under the same name."""
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not custom or Path(str(custom)).is_absolute():
        return None
    source = (project / str(custom)).resolve()
    if not source.is_relative_to(project) or not source.is_dir():
        raise ExportError(f"mkdocs.yml: theme.custom_dir `{custom}` 应为项目中的文件夹。")
    return source.relative_to(project).as_posix(), source


def _check_target(project: Path, docs: Path, folder: Path, managed: list[Path], force: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}：已有同名文件，不是文件夹；换一个导出文件夹。")
    if folder == project:
        raise ExportError(f"{folder}：是项目本身；导出到另一个文件夹。")
    if folder.is_relative_to(docs):
        raise ExportError(f"{folder}：在项目的文档文件夹 {docs} 中，导出的文件会成为网站的一部分；换一个导出文件夹。")
    for path in managed:
        for source in (project, docs):
            if source == path or source.is_relative_to(path):
                raise ExportError(f"{folder}：导出会替换 {path}，其中有项目本身（{source}）；换一个导出文件夹。")
    if folder.is_dir() and not force and any(folder.iterdir()):
        raise ExportError(f"{folder}：文件夹不是空的；要替换其中的 mkdocs.yml 和 docs/，加 --force。")
