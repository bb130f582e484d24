"""A small cache in the system's temporary folder (per user), or in the folder named by the
environment variable `CHARTER_CACHE`, for work that depends only on its input: the site's pages and
files, parsed YAML files, validated files, glossary marks and blank forms. Losing it costs time,
never correctness."""

from __future__ import annotations

import getpass
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

VERSION = "2"  # change when what is cached changes shape


def folder() -> Path:
    configured = os.environ.get("CHARTER_CACHE")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / f"school-charter-{getpass.getuser()}"


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha1(VERSION.encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """Only read what this user wrote: on a shared machine another user could plant a folder of
    that name in the temporary folder, and unpickling runs code."""
    if not hasattr(os, "getuid"):
        return True
    try:
        return path.stat().st_uid == os.getuid() and folder().stat().st_uid == os.getuid()
    except OSError:
        return False


def load(name: str):
    path = folder() / name
    if not _trusted(path):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a damaged or foreign file: unpickling can fail in many ways, all of them "not cached"
        return None


def save(name: str, value) -> None:
    try:
        folder().mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = folder() / f"{name}.{id(value)}.tmp"
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(folder() / name)
    except OSError:
        pass
