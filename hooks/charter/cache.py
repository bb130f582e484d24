"""A small cache in the system's temporary folder (per user), for work that depends only on its input:
parsed YAML files and generated forms. Losing it costs time, never correctness."""

from __future__ import annotations

import getpass
import hashlib
import pickle
import tempfile
from pathlib import Path

VERSION = "1"  # change when what is cached changes shape


def folder() -> Path:
    return Path(tempfile.gettempdir()) / f"school-charter-{getpass.getuser()}"


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha1(VERSION.encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def load(name: str):
    try:
        return pickle.loads((folder() / name).read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return None


def save(name: str, value) -> None:
    try:
        folder().mkdir(parents=True, exist_ok=True)
        temporary = folder() / f"{name}.{id(value)}.tmp"
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(folder() / name)
    except OSError:
        pass
