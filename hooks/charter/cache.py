"""A small cache for work that depends only on its input: the site's pages and files, parsed YAML
files, validated files, glossary marks and blank forms. Losing it costs time, never correctness.

It lives in a folder only this user can write: `school-charter-<user>` in the system's temporary
folder, or the folder named by the environment variable `CHARTER_CACHE`. A folder that another user
owns, or that others may write to, is never read (unpickling runs code): caching is then off.
jieba's dictionary cache and Jinja's compiled templates are kept there too.

Every key holds what the value depends on besides its input: the core's code as it is running (all
of its modules are imported before their source is hashed, so a process keeps one view of the code
even when files change under `mkdocs serve`), its templates and dictionary as they are on disk now,
and the versions of Python and of the packages that shape the output. The folder is kept under
`LIMIT` bytes by removing the entries used longest ago.
"""

from __future__ import annotations

import functools
import getpass
import hashlib
import importlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

VERSION = "3"  # change when what is cached changes shape
LIMIT = 64 * 1024 * 1024  # bytes kept; the oldest entries go first
CORE = Path(__file__).parent
_PACKAGES = ("PyYAML", "Jinja2", "MarkupSafe", "jsonschema", "XlsxWriter", "jieba")


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
    """The core's modules, imported now and hashed once per process, with Python's and the packages' versions."""
    from importlib import metadata

    digest = hashlib.sha256(sys.version.encode())
    for name in _PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    package = __name__.rsplit(".", 1)[0]
    for path in sorted(CORE.glob("*.py")):
        if not path.stem.startswith("__"):
            importlib.import_module(f"{package}.{path.stem}")
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _data_files() -> bytes:
    """Templates and the search dictionary: read from disk at every use, so hashed at every use."""
    digest = hashlib.sha256()
    for path in sorted(CORE.rglob("*")):
        if path.suffix in (".j2", ".txt") and path.is_file():
            digest.update(path.relative_to(CORE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


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
    if base is None:
        return
    try:
        temporary = base / f"{name}.{os.getpid()}.{id(value)}.tmp"
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(base / name)
    except (OSError, pickle.PicklingError):
        return
    _trim(base)


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
