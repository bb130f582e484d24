r"""The words a field of `model.py` is declared with: what its JSON Schema says beyond its type.

A field's Python type gives the schema's `type`, `items`, `properties` and `required` (a field without a
default is required); its `metadata` gives the rest, as JSON Schema keywords and a few keys `schemas.py`
reads itself (`use`, `only`, `levels`, `keys`, `values`, `all_required`). `schemas.py` puts the two together.
For example

    title: str = field(metadata=words("条目标题（简短）。"))

becomes `{"type": "string", "minLength": 1, "description": "条目标题（简短）。"}`. The helpers' names differ
from the model's field names (`prose`, not `text`): a class body would see its own `text` field.
An object's own description is its class's `schema_description`.

Three keywords are our own and drive the cross-file checks: `x-id` (this string defines an id of the given
kind), `x-ref` (this string must be an id of one of the given kinds) and `x-inline-refs` (this text may hold
`[[id]]` links that must resolve).

Every pattern ends with `(?![\s\S])`, "nothing follows", which means the end of the string both in
Python (our checks) and in ECMA-262 (editors): a final `$` would let `"id\n"` through in Python.
"""

from __future__ import annotations

_END = r"(?![\s\S])"  # end of the string, in Python and in ECMA-262 alike
ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*" + _END
VERSION_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+" + _END
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END
FRACTION_PATTERN = r"^[1-9][0-9]*/[1-9][0-9]*" + _END

# Kinds of id; `entry` is every numbered clause of the charter.
ID_KINDS = ("source", "term", "role", "body", "entry", "checklist", "item")
ANY_ID = ("entry", "role", "body", "term", "item", "source")

ORG_TYPES = ["党委", "党总支", "党支部"]
MODES = ["分设", "一肩挑"]
PERIODS = ["week", "month", "term", "year", "two-years"]
MAX_POINTS = 1000


def about(description: str) -> dict:
    """Only a description: a boolean, a free-form string or mapping, a choice of objects (`A | B`)."""
    return {"description": description}


def words(description: str) -> dict:
    """A short non-empty string: a title, a name."""
    return {"minLength": 1, "description": description}


def prose(description: str, min_length: int = 1) -> dict:
    """Running text, which may link other entries with `[[id]]`."""
    return {"minLength": min_length, "description": description, "x-inline-refs": True}


def id_of(kind: str, description: str = "") -> dict:
    """This string is the id of a thing of `kind` (one of `ID_KINDS`)."""
    description = description or "可读的唯一标识：小写英文字母、数字和连字符，如 `party-meeting-quorum`。用于锚点、交叉引用和本校调整。"
    return {"pattern": ID_PATTERN, "description": description, "x-id": kind}


def ref_to(*kinds: str, description: str = "") -> dict:
    """This string is the id of an existing thing of one of `kinds`."""
    return {"pattern": ID_PATTERN, "description": description or f"引用已有的 id（{' / '.join(kinds)}）。", "x-ref": list(kinds)}


def matching(pattern: str, description: str, **keywords) -> dict:
    """A string of a fixed form: `VERSION_PATTERN`, `DATE_PATTERN`, `FRACTION_PATTERN`."""
    return {"pattern": pattern, "description": description, **keywords}


def one_of(values, description: str = "") -> dict:
    return {"enum": list(values), **({"description": description} if description else {})}


def fixed(value, description: str) -> dict:
    """Always this value (a format marker)."""
    return {"const": value, "description": description}


def bounded(minimum, maximum, description: str = "", exclusive_minimum: bool = False) -> dict:
    low = {"exclusiveMinimum": minimum} if exclusive_minimum else {"minimum": minimum}
    return {**low, "maximum": maximum, **({"description": description} if description else {})}


def many(description: str, items: dict | None = None, min_items: int = 0, use: str = "") -> dict:
    """A list. `items` describes items that are plain values (a dataclass item speaks for itself);
    `use` names which entries a list of `Entry` holds (see `entry_only`)."""
    spec: dict = {"description": description}
    if items is not None:
        spec["items"] = items
    if min_items:
        spec["minItems"] = min_items
    if use:
        spec["use"] = use
    return spec


def entry_only(use: str | tuple[str, ...], spec: dict) -> dict:
    """An `Entry` field that only the entries of one kind of list (or of the kinds in a tuple) have (`many(..., use=...)`)."""
    return {**spec, "only": use}


def nested(levels: int, spec: dict) -> dict:
    """A list of the field's own class, nested at most `levels` deep (`children`)."""
    return {**spec, "levels": levels}


def keyed(description: str, keys: str, values: dict | None = None) -> dict:
    """A mapping whose keys are ids of kind `keys`; `values` describes plain values."""
    spec = {"description": description, "keys": keys}
    if values is not None:
        spec["values"] = values
    return spec


def named(description: str, properties: dict[str, dict], required: bool = False) -> dict:
    """A mapping with these keys only (all of them when `required`)."""
    return {"description": description, "properties": properties, "all_required": required}
