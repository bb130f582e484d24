"""Load every YAML file under `data/`, check it all, and return the charter as typed objects."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, checks, model, typography, validate
from .chapters import PARENTS, PARTY_MEETING
from .overlay import Departure, apply_overlays
from .problems import CharterError, Problem
from .schemas import KINDS, OVERLAY
from .yamlfile import Document, read_yaml

REQUIRED_FILES = [
    "model.yml",
    "school.yml",
    "sources.yml",
    "glossary.yml",
    "organization.yml",
    "floors.yml",
    "matters.yml",
    "timeline.yml",
]


@dataclass
class Charter:
    root: Path
    model: model.Model
    school: model.School
    sources: list[model.Source]
    terms: list[model.Term]
    roles: list[model.Role]
    bodies: list[model.Body]
    sections: list[model.Section]
    duties: list[model.DutyList]
    rules: list[model.Rule]
    matters: model.Matters
    timelines: model.Timelines
    floors: list[model.Floor]
    checklists: list[model.Checklist]
    assessments: list[model.Assessment] = field(default_factory=list)
    departures: list[Departure] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)  # file → checked plain data
    files: dict[str, str] = field(default_factory=dict)  # id → file that defines it
    places: dict[str, Problem] = field(default_factory=dict)  # id → where it is defined (file, line, field)
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id: dict[str, object] = {}
        for obj in self._walk():
            self.by_id.setdefault(obj.id, obj)

    def _walk(self):
        yield from self.sources
        yield from self.terms
        yield from self.roles
        yield from self.bodies
        for section in self.sections:
            yield section
            yield from _entries(section.entries)
        for duties in self.duties:
            yield duties
            yield from duties.items
        for rule in self.rules:
            yield rule
            yield from rule.parameters()
            yield from _entries(rule.clauses)
        for route in self.matters.routes:
            yield route
            yield from route.steps
        for category in self.matters.categories:
            yield category
            yield from category.matters
        for timeline in self.timelines.timelines:
            yield timeline
            for phase in timeline.phases:
                yield phase
                yield from phase.tasks
        yield from self.floors
        for checklist in self.checklists:
            yield checklist
            for section in checklist.sections:
                yield section
                yield from section.items

    def role(self, role_id: str) -> model.Role:
        return self.by_id[role_id]

    def title_of(self, any_id: str) -> str:
        """The title a reader sees for an id, following the school profile for roles."""
        obj = self.by_id[any_id]
        if isinstance(obj, model.Role):
            return obj.title_for(self.school)
        return getattr(obj, "title", None) or getattr(obj, "term", None) or getattr(obj, "question", any_id)


def _entries(entries):
    for entry in entries:
        yield entry
        yield from _entries(entry.children)


def kind_of(relative: str) -> dict | None:
    for pattern, schema in KINDS.items():
        if fnmatch.fnmatch(relative, pattern) and relative.count("/") == pattern.count("/"):
            return schema
    return None


def read_documents(data_dir: Path, project_dir: Path) -> tuple[list[tuple[Document, dict]], list[Problem], dict[str, str]]:
    """Read every data file under `data_dir`; a file that cannot be read or is not named like a data file
    is a problem, never skipped (see `_data_files`).

    A file read and checked against its schema without a problem by an earlier build comes from the
    cache; the third value names the cache entry of each document read now (by its file), to be saved
    once the document has passed its schema check."""
    paths, problems = _data_files(data_dir, project_dir)
    documents = []
    unchecked: dict[str, str] = {}
    for path in paths:
        relative = path.relative_to(data_dir).as_posix()
        shown = _shown(path, data_dir, project_dir)
        canonical = relative[: -len(path.suffix)] + ".yml"  # `本校.YAML` is read as `本校.yml`
        schema = kind_of(canonical)
        if schema is None:
            problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    "",
                    "不认识的数据文件位置",
                    "、".join(f"data/{p}" for p in KINDS),
                    "把文件移到对应的文件夹，或删除它。",
                )
            )
            continue
        if canonical != relative and canonical in KINDS:  # the fixed files are looked up by their exact name
            if (data_dir / canonical).is_file():
                hint = f"data/ 中已有 `{canonical}`：把这个文件的内容合并进去，再删除这个文件。"
            else:
                hint = f"把文件改名为 `{canonical}`（{'、'.join(REQUIRED_FILES)} 的名字是固定的；文件夹中的文件名可以自定）。"
            problems.append(Problem(shown, None, None, "", f"文件名是 `{path.name}`", f"固定的文件名 `{canonical}`", hint))
            continue
        try:
            raw = path.read_bytes()
        except OSError as error:
            problems.append(_unreadable(shown, error))
            continue
        name = "checked-" + cache.key(raw, shown)  # the file's path decides its schema; the key holds the checker's code
        doc = cache.load(name)
        if not isinstance(doc, Document):
            doc, found = read_yaml(raw, shown)
            problems += found
            if doc is None:
                continue
            unchecked[doc.file] = name
        documents.append((doc, schema))
    present = {doc.file.split("/", 1)[1] for doc, _ in documents}
    missing = [
        name
        for name in REQUIRED_FILES
        if name not in present
        and not any(p.file.rsplit(".", 1)[0] == f"data/{name}".rsplit(".", 1)[0] or p.file == "data" for p in problems)
    ]
    for name in missing:
        problems.append(
            Problem(f"data/{name}", None, None, "", "文件不存在", "必需的数据文件", "从示范仓库复制这个文件，再按本校情况修改。")
        )
    return documents, problems, unchecked


DATA_SUFFIXES = (".yml", ".yaml")  # in any case: `本校.YML` is a data file
_SYSTEM_FILES = {"thumbs.db", "desktop.ini", "icon\r"}  # what Windows and macOS put into folders
_BACKUP_SUFFIXES = {".bak", ".orig", ".old", ".tmp", ".swp", ".save", ".backup", ".rej", ".copy"}
_LOOKS_LIKE_DATA = re.compile(r"^(.+\.ya?ml)(?:\..*|~)$", re.IGNORECASE)  # 本校.yml.txt, 本校.yaml.bak, 本校.yml~
_NAMING = "data/ 中只放 .yml（或 .yaml）数据文件；以 . 开头的隐藏文件、README 说明文件和系统文件（Thumbs.db、desktop.ini）不检查"


def _left_alone(name: str) -> bool:
    """Hidden files and folders (`.gitkeep`, `.DS_Store`, `._本校.yml`, `.git`), README files and system files."""
    return name.startswith(".") or name.lower().startswith("readme") or name.lower() in _SYSTEM_FILES


def _shown(path: Path, data_dir: Path, project_dir: Path) -> str:
    """The path as messages show it: relative to the project, with forward slashes."""
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:  # a data folder outside the project
        return Path(data_dir.name, path.relative_to(data_dir)).as_posix()


def _data_files(data_dir: Path, project_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every data file under `data_dir`, sorted. A folder or file that cannot be listed or examined, and a
    file that is not named like a data file, is a problem naming it; `_left_alone` names what is skipped."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], Path] = {}

    def visit(folder: Path) -> None:
        try:
            info = folder.stat()
            with os.scandir(folder) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as error:
            problems.append(_unreadable(_shown(folder, data_dir, project_dir), error, "文件夹"))
            return
        if (info.st_dev, info.st_ino) in seen:  # a link back to a folder already read
            other = _shown(seen[info.st_dev, info.st_ino], data_dir, project_dir)
            problems.append(
                Problem(
                    _shown(folder, data_dir, project_dir),
                    None,
                    None,
                    "",
                    f"文件夹链接指向已读取的文件夹 `{other}`",
                    "普通文件夹（不是链接）",
                    "删除这个链接；数据文件直接放在 data/ 的对应文件夹中。",
                )
            )
            return
        seen[info.st_dev, info.st_ino] = folder
        for name in names:
            if _left_alone(name):
                continue
            path = folder / name
            try:
                mode = path.stat().st_mode
            except OSError as error:
                problems.append(_unreadable(_shown(path, data_dir, project_dir), error))
                continue
            if stat.S_ISDIR(mode):
                visit(path)
            elif not stat.S_ISREG(mode):
                problems.append(
                    Problem(
                        _shown(path, data_dir, project_dir),
                        None,
                        None,
                        "",
                        "不是普通文件（设备、管道或套接字）",
                        _NAMING,
                        "把它移出 data/ 文件夹。",
                    )
                )
            elif path.suffix.lower() in DATA_SUFFIXES:
                files.append(path)
            else:
                problems.append(_misnamed(_shown(path, data_dir, project_dir), name))

    visit(data_dir)
    return sorted(files), problems


def _misnamed(shown: str, name: str) -> Problem:
    """A file under data/ that is not named like a data file, with the name it should have."""
    looks = _LOOKS_LIKE_DATA.match(name)
    suffix = Path(name).suffix.lower()
    if name.endswith("~") or name.startswith("~$") or suffix in _BACKUP_SUFFIXES:
        data_name = looks.group(1) if looks else Path(name).stem + ".yml"
        found = f"`{name}` 像是备份或临时文件"
        hint = f"把它移出 data/ 文件夹或删除（data/ 中的每个文件都会被检查）；要使用它的内容，就用它替换 `{data_name}`。"
    elif looks:
        found = f"文件名 `{name}` 多了后缀 `{name[len(looks.group(1)) :]}`"
        hint = f"把文件改名为 `{looks.group(1)}`（Windows 资源管理器：在“查看”中勾选“文件扩展名”，才能看到完整的文件名）。"
    elif suffix == ".json":
        found = f"`{name}` 是 JSON 文件"
        hint = f"把文件改名为 `{Path(name).stem}.yml`（JSON 也是合法的 YAML，内容通常不用改）。"
    else:
        data_name = (Path(name).stem if suffix else name) + ".yml"
        found = f"`{name}` 不是数据文件（数据文件以 .yml 结尾）"
        hint = f"如果这是数据，把文件改名为 `{data_name}`；否则把它移出 data/ 文件夹（说明文字可以写在 README.md 中）。"
    return Problem(shown, None, None, "", found, _NAMING, hint)


def _unreadable(shown: str, error: OSError, what: str = "") -> Problem:
    """A file or folder under data/ that the operating system would not let us read."""
    permissions = (
        "检查它的权限和所有者（Linux / macOS：`chmod -R u+rwX data`；Windows：右键 → 属性 → 安全），让运行检查和构建的用户能够读取。"
    )
    if isinstance(error, PermissionError):
        reason, hint = "没有读取权限", permissions
    elif isinstance(error, FileNotFoundError):
        reason, hint = "找不到（可能是指向已删除文件的链接）", "删除这个失效的链接，或换成实际的文件（文件夹）。"
    elif error.errno == errno.ELOOP:
        reason, hint = "链接循环指向自身", "删除这个链接，换成实际的文件（文件夹）。"
    else:
        reason, hint = error.strerror or str(error), permissions + "网络盘或移动盘上的文件，先复制到本机。"
    return Problem(
        shown, None, None, "", f"无法读取{what}：{reason}（{type(error).__name__}）", f"可以读取的{what or '文件或文件夹'}", hint
    )


def load_charter(project_dir: Path | str, data_dir: Path | str | None = None, local: bool = True) -> Charter:
    """Load and check the charter; raise CharterError listing every problem at once.

    With `local=False` the school's overlays in `data/local/` are left out: the model alone."""
    project_dir = Path(project_dir).resolve()
    data_dir = Path(data_dir).resolve() if data_dir else project_dir / "data"
    documents, problems, unchecked = read_documents(data_dir, project_dir)
    marks = {}  # file → the ids and references in it, found by the walk that checks it
    broken: dict[str, list[validate.Violation]] = {}  # file → where it breaks its schema
    token = checks.ROLE_NAMES.set(_role_names(documents))  # hints for a role's name written for its id
    try:
        for doc, schema in documents:
            checking = doc.file in unchecked  # else read and checked by an earlier build
            violations, marks[doc.file] = validate.scan(doc.data, schema, check=checking)
            if not checking:
                continue
            found = checks.check_schema(doc, schema, violations)
            if not found:
                cache.save(unchecked[doc.file], doc)  # before overlays change it: as read
            elif any(p.severity == "error" for p in found):
                broken[doc.file] = violations
            problems += found
        # The model's files must be well-formed for overlays and the cross-checks; an overlay's broken
        # changes are left out (their problems are reported) and the rest applied and checked, so one
        # missing `reason` does not hide every other problem.
        well_formed = not any(p.severity == "error" for p in problems if not _is_overlay(p.file, documents))
        parts = [_well_formed_part(doc, broken.get(doc.file)) for doc, schema in documents if schema is OVERLAY and local]
        overlays = [part[0] for part in parts if part is not None]
        left_out = {(part[0].file, *where) for part in parts if part is not None for where in part[1]}
        documents = [(doc, schema) for doc, schema in documents if schema is not OVERLAY]
        by_name = {doc.file.split("/", 1)[1]: doc for doc, _ in documents}
        index, id_problems = _index(documents, marks)
        departures = []
        if overlays and well_formed and not id_problems:
            departures, found = apply_overlays(overlays, documents, index, by_name["model.yml"].data, left_out)
            problems += found
            marks = {doc.file: validate.marks(doc.data, schema) for doc, schema in documents}  # after changes, adds and removals
            index, id_problems = _index(documents, marks)
    finally:
        checks.ROLE_NAMES.reset(token)
    ref_problems = [p for doc, schema in documents for p in checks.check_refs(doc, schema, index, marks[doc.file])]
    problems += id_problems + ref_problems
    if not well_formed or id_problems:
        raise CharterError(problems)  # the cross-checks below need well-formed model files and one definition of each id
    sources = {s["id"]: s for s in by_name["sources.yml"].data["sources"]}
    problems += checks.check_floors(by_name["floors.yml"], index, sources, departures, documents)
    problems += checks.check_body_kinds(by_name["organization.yml"])
    problems += checks.check_quorums(documents)
    problems += _check_profile(by_name, documents)
    problems += _check_assessments(documents)
    problems += typography.check_typography(documents, overlays, project_dir, data_dir)  # warnings only
    if any(p.severity == "error" for p in problems):
        raise CharterError(problems)
    charter = _build(project_dir, documents, index, problems)
    charter.departures = departures
    return charter


def _is_overlay(file: str, documents) -> bool:
    return any(doc.file == file and schema is OVERLAY for doc, schema in documents)


def _well_formed_part(overlay: Document, violations: list | None) -> tuple[Document, set] | None:
    """The overlay and its changes that break the schema, `(kind, position)`, to be left out (each is
    reported); None when the overlay as a whole does (no `model_version`, a `modify` that is not a list)."""
    bad = set()
    for violation in violations or []:
        if len(violation.path) >= 2 and isinstance(violation.path[1], int):
            bad.add(violation.path[:2])
        elif not (violation.keyword == "additionalProperties" and not violation.path):
            return None  # (an unknown top-level key is reported, and holds nothing to apply)
    return overlay, bad


def _role_names(documents) -> dict[str, str]:
    """Each role's names (its title, and its title for each type of Party organization) → its id."""
    names: dict[str, str] = {}
    for doc, _ in documents:
        if doc.file.split("/", 1)[-1] != "organization.yml" or not isinstance(doc.data, dict):
            continue
        for role in doc.data.get("roles") or []:
            if not isinstance(role, dict) or not isinstance(role.get("id"), str):
                continue
            titles = role.get("titles") if isinstance(role.get("titles"), dict) else {}
            for name in [role.get("title"), *titles.values()]:
                if isinstance(name, str):
                    names.setdefault(name.strip(), role["id"])
    return names


def _index(documents, marks: dict[str, list]) -> tuple[dict, list[Problem]]:
    ids = [item for doc, schema in documents for item in checks.collect_ids(doc, schema, marks[doc.file])]
    return checks.check_ids(ids)


def _check_profile(by_name: dict[str, Document], documents) -> list[Problem]:
    school = by_name["school.yml"]
    data = school.data
    problems = []
    if data["org_type"] in ("党委", "党总支") and data["leadership_mode"] == "一肩挑":
        problems.append(
            school.problem(
                ("leadership_mode",),
                f"{data['org_type']}学校填了“一肩挑”",
                "党委、党总支学校书记和校长分设",
                "改为 `leadership_mode: 分设`；只有党支部学校可以“一肩挑”（seed-001 篇1 二(二)）。",
            )
        )
    full = data.get("full_party_members")
    if full is not None and data["org_type"] != "党支部":
        problems.append(
            school.problem(
                ("full_party_members",),
                f"{data['org_type']}学校填了 `full_party_members`",
                "只有党支部学校填写正式党员人数（不足7人的党支部不设支部委员会）",
                "删除这一行。",
                severity="warning",
            )
        )
    elif full is not None and full < 7 and data["members"].get(PARTY_MEETING) not in (None, full):
        problems.append(
            school.problem(
                ("members", PARTY_MEETING),
                f"正式党员{full}人的党支部，党组织会议应到会{data['members'][PARTY_MEETING]}人",
                f"不设支部委员会的党支部由党员大会召开党组织会议，全体正式党员参加：应到会{full}人",
                f"改为 `{PARTY_MEETING}: {full}`（《中国共产党支部工作条例（试行）》第六章、第十一条）。",
            )
        )
    for body, count in data["members"].items():
        if count < 2:
            problems.append(
                school.problem(
                    ("members", body),
                    f"`{body}` 只有 {count} 名成员",
                    "会议至少2名成员（到会和表决的人数都按成员计算：一个人的“会议”谈不上集体讨论和表决）",
                    f"填写 `{body}` 的应到会成员人数（党组织会议：党组织班子成员人数；校长办公会议：校级领导班子成员等组成人员人数）。",
                )
            )
    meeting_bodies = [doc.data["body"] for doc, _ in documents if doc.file.split("/", 1)[1].startswith("rules/")]
    for body in meeting_bodies:
        if body not in data["members"]:
            problems.append(
                school.problem(
                    ("members",),
                    f"没有填写 `{body}` 的成员人数",
                    "每个有议事规则的会议都有应到会人数",
                    f"在 `members:` 下添加 `{body}: 人数`。",
                )
            )
    return problems


def _assessment(doc: Document) -> model.Assessment:
    assessment = model.build(model.Assessment, doc.data)
    assessment.file = doc.file
    return assessment


def _check_assessments(documents) -> list[Problem]:
    """Answers in a committed assessment must belong to the checklist it names."""
    items_of = {}
    for doc, _ in documents:
        if doc.file.split("/", 2)[1] == "checklists":
            items_of[doc.data["id"]] = {i["id"] for s in doc.data["sections"] for i in s["items"]}
    problems = []
    for doc, _ in documents:
        if doc.file.split("/", 2)[1] != "assessments":
            continue
        known = items_of.get(doc.data["checklist"], set())
        for item in doc.data["answers"]:
            if item not in known:
                problems.append(
                    doc.problem(
                        ("answers", item),
                        f"条目 `{item}` 不属于清单 `{doc.data['checklist']}`",
                        "该清单中的条目 id",
                        "删除这一条，或把它移到对应清单的结果文件中。",
                        key=True,
                    )
                )
    return problems


def _build(project_dir: Path, documents, index, warnings) -> Charter:
    by_kind: dict[str, list] = {}
    raw = {}
    for doc, _ in documents:
        relative = doc.file.split("/", 1)[1]
        by_kind.setdefault(relative.split("/")[0], []).append(doc.data)
        raw[doc.file] = doc.data
    one = {name: by_kind[name][0] for name in REQUIRED_FILES}
    organization = one["organization.yml"]
    return Charter(
        root=project_dir,
        model=model.build(model.Model, one["model.yml"]),
        school=model.build(model.School, one["school.yml"]),
        sources=[model.build(model.Source, s) for s in one["sources.yml"]["sources"]],
        terms=[model.build(model.Term, t) for t in one["glossary.yml"]["terms"]],
        roles=[model.build(model.Role, r) for r in organization["roles"]],
        bodies=[model.build(model.Body, b) for b in organization["bodies"]],
        sections=sorted(
            (model.build(model.Section, s) for s in by_kind.get("sections", [])), key=lambda s: (PARENTS.index(s.parent), s.order)
        ),
        duties=sorted((model.build(model.DutyList, d) for d in by_kind.get("duties", [])), key=lambda d: d.order),
        rules=sorted((model.build(model.Rule, r) for r in by_kind.get("rules", [])), key=lambda r: r.order),
        matters=model.build(model.Matters, one["matters.yml"]),
        timelines=model.build(model.Timelines, one["timeline.yml"]),
        floors=[model.build(model.Floor, f) for f in one["floors.yml"]["floors"]],
        checklists=sorted((model.build(model.Checklist, c) for c in by_kind.get("checklists", [])), key=lambda c: c.order),
        assessments=sorted(
            (_assessment(doc) for doc, _ in documents if doc.file.split("/", 2)[1] == "assessments"),
            key=lambda a: (a.checklist, a.date),
        ),
        raw=raw,
        files={i: d.doc.file for i, d in index.items()},
        places={i: d.doc.problem(d.path, "", "") for i, d in index.items()},
        warnings=warnings,
    )
