"""A small cache for work that depends only on its input, one entry per kind of value, and only
where it has been measured to pay for itself (bench/RESULTS.md, "What each cache buys"):

- `site-…`: the whole site (pages, navigation, downloads, glossary, search words), keyed by every
  file under `data/`: a build of unchanged data loads, checks and renders nothing;
- `checked-…`: one data file as read, once it has passed its schema check, keyed by its bytes and
  path: after a change to the data only the files changed are read and checked again;
- `jinja-…`: one compiled template (`template_cache`): after a change to the data no template is
  compiled again. Where Python keeps the core's bytecode beside it (it writes `__pycache__`), compiled
  templates are kept beside the templates instead, in `templates/__pycache__` (`COMPILED`): like the
  bytecode they depend only on the code, so a build with an empty build cache (new data, a cleared
  temporary folder) finds them, as it finds the bytecode. They are read only from a folder and files this
  user owns and others cannot write, written only when Python writes bytecode (not under
  `PYTHONDONTWRITEBYTECODE` or `-B`), and each holds the same key as its build-cache entry would.

Losing it costs time, never correctness. It lives in a folder only this user can write:
`school-charter-<user>` in the system's temporary folder, or the folder named by the environment
variable `CHARTER_CACHE`. A folder that another user owns, or that others may write to, is never read
(unpickling runs code): caching is then off. jieba keeps its dictionary cache there when it reads a
dictionary other than our small one.

Every key holds what the value depends on besides its input: the core's code, its templates and
dictionary, and the versions of Python and of the packages that shape the output. The code is hashed
as the process first reads it, without importing it (a build from the cache imports no more than it
needs), and a process keeps that one view of it: a value is saved only while the code on disk is
still the code its key names, so that under `mkdocs serve` nothing made by code edited (and perhaps
half imported) since is stored under the old code's key. Templates and the dictionary are read from
disk at every use, so they are hashed as they are now. The folder is kept under `LIMIT` bytes by
removing the entries used longest ago (looked at in a process's first save and after every
`LIMIT / 16` bytes saved).
"""

from __future__ import annotations

import functools
import getpass
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

VERSION = "4"  # change when what is cached changes shape
LIMIT = 64 * 1024 * 1024  # bytes kept; the oldest entries go first
CORE = Path(__file__).parent
_PACKAGES = ("PyYAML", "Jinja2", "MarkupSafe", "XlsxWriter", "jieba")


def folder() -> Path:
    configured = os.environ.get("CHARTER_CACHE")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / f"school-charter-{getpass.getuser()}"


def private_folder(*parts: str) -> Path | None:
    """The cache folder (or a folder inside it), created if needed; None if it is not safe to use:
    not a real folder, owned by someone else, or writable by others."""
    path = folder().joinpath(*parts)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        for checked in (folder(), path):
            info = checked.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022:
                return None
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None
    except OSError:
        return None
    return path


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256(VERSION.encode())
    digest.update(_running_code())
    digest.update(_data_files())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:40]


@functools.cache
def _running_code() -> bytes:
    """The core's code as this process first read it (its one view of it, see the module's docstring),
    with Python's and the packages' versions."""
    from importlib import metadata

    digest = hashlib.sha256(sys.version.encode())
    for name in _PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    digest.update(_first_code())
    return digest.digest()


@functools.cache
def _first_code() -> bytes:
    return _code_files()


def _code_files() -> bytes:
    """The core's modules as they are on disk now."""
    with os.scandir(CORE) as entries:
        return _files_digest("code", sorted(entry.path for entry in entries if entry.name.endswith(".py")))


def _data_files() -> bytes:
    """Templates and the search dictionary as they are on disk now."""
    found = []
    for folder, folders, files in os.walk(CORE):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        found += [os.path.join(folder, name) for name in sorted(files) if name.endswith((".j2", ".txt"))]
    return _files_digest("data", found)


_digests: dict[str, tuple[object, bytes]] = {}  # kind → (the files' names, sizes and times; their digest)


def _files_digest(kind: str, paths: list[str]) -> bytes:
    """The digest of these files (their paths inside the core and their bytes). Read and hashed again only
    when a name, size or modification time changes, as Jinja notices a changed template."""
    try:
        stamp = (CORE, [(path, info.st_size, info.st_mtime_ns) for path in paths for info in [os.stat(path)]])
    except OSError:  # a file went away while listing: hash what is there
        stamp = None
    known = _digests.get(kind)
    if stamp is None or known is None or known[0] != stamp:
        digest = hashlib.sha256()
        for path in map(Path, paths):
            try:
                digest.update(path.relative_to(CORE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                digest.update(os.urandom(16))  # unreadable: a digest nothing else shares
        known = (stamp, digest.digest())
        _digests[kind] = known
    return known[1]


def load(name: str):
    base = private_folder()
    if base is None:
        return None
    path = base / name
    try:
        if hasattr(os, "getuid") and path.lstat().st_uid != os.getuid():
            return None
        data = path.read_bytes()
        os.utime(path)  # recently used: kept longest
    except OSError:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a damaged or foreign file: unpickling can fail in many ways, all of them "not cached"
        return None


def save(name: str, value) -> None:
    base = private_folder()
    if base is None or _code_files() != _first_code():  # the code changed on disk: the value may come from either
        return
    global _unchecked
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        temporary = base / f"{name}.{os.getpid()}.{id(value)}.tmp"
        temporary.write_bytes(data)
        temporary.replace(base / name)
    except (OSError, pickle.PicklingError):
        return
    if _unchecked is None or _unchecked + len(data) > LIMIT // 16:
        _trim(base)
        _unchecked = 0
    else:
        _unchecked += len(data)


_unchecked: int | None = None  # bytes saved since the folder's size was last checked (None: not yet in this process)


def _trim(base: Path) -> None:
    """Remove the entries used longest ago until the folder holds at most LIMIT bytes."""
    entries = []
    for path in base.iterdir():
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            entries.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= LIMIT:
            break
        try:
            path.unlink()
            total -= size
        except OSError:
            pass


def template_cache():
    """Jinja's compiled templates, one per template: beside the templates where Python keeps bytecode
    (`load_compiled`), else as entries of this cache (`jinja-…`), so that a build after a change to the data
    compiles no template again. Jinja checks each against its template's source."""
    import jinja2  # only when templates are rendered

    class Templates(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            name = _template_name(bucket)
            code = load_compiled(bucket.key, name)
            if code is None:
                code = load(name)
            if isinstance(code, bytes):
                try:
                    bucket.bytecode_from_string(code)
                except Exception:  # damaged: compiled again
                    bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            name, code = _template_name(bucket), bucket.bytecode_to_string()
            if not save_compiled(bucket.key, name, code):
                save(name, code)

    return Templates()


def _template_name(bucket) -> str:
    return "jinja-" + key(bucket.key, bucket.checksum)


COMPILED = CORE / "templates" / "__pycache__"  # compiled templates beside the templates, as Python's bytecode


def _compiled_file(template: str) -> Path:
    """One file per template (Jinja's hash of its name), for this Python: a new compile replaces it."""
    return COMPILED / f"{template}.{sys.implementation.cache_tag}.jinja"


def _owned_folder(path: Path) -> bool:
    """A real folder this user owns that others cannot write to: what is read from it runs as code."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022:
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def load_compiled(template: str, name: str) -> bytes | None:
    """A compiled template kept beside the templates, if it was saved under the key `name` (the running code,
    its templates and the versions; see `key`) in a folder and file only this user can write."""
    path = _compiled_file(template)
    if not _owned_folder(path.parent):
        return None
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o022 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    stored, _, code = data.partition(b"\n")
    return code if stored == name.encode() else None


def save_compiled(template: str, name: str, code: bytes) -> bool:
    """Keep a compiled template beside the templates, as Python keeps bytecode; False where Python would not
    write bytecode, or the folder cannot be used (then the build cache holds it)."""
    if sys.dont_write_bytecode or _code_files() != _first_code():
        return False
    try:
        COMPILED.mkdir(mode=0o755, exist_ok=True)
    except OSError:
        return False
    if not _owned_folder(COMPILED):
        return False
    path = _compiled_file(template)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # never writable by others
        with os.fdopen(descriptor, "wb") as file:
            file.write(name.encode() + b"\n" + code)
        temporary.replace(path)
    except OSError:
        return False
    return True
