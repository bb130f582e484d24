"""One walk over a document and its schema: what breaks the schema, and where the ids and references are.

The schemas (`schemas.py`, derived from `model.py`) use a small part of JSON Schema (Draft 2020-12):
`type`, `properties`, `required`, `additionalProperties` (false, or a schema), `propertyNames`, `items`,
`minItems`, `minLength`, `minProperties`, `enum`, `const`, `pattern`, `minimum`, `maximum`,
`exclusiveMinimum` and `anyOf`; `format` is an annotation (as in jsonschema without a format checker), and
`$schema`, `$id`, `title`, `description` and our `x-…` words say nothing about validity. This module checks
exactly these, as jsonschema's `Draft202012Validator` does (`tests/test_validate.py` holds the two side
by side on every data file we have and on the files of `tests/bad/`), without importing it: jsonschema
takes some 24 ms to import at every build that checks a file, and longer than this walk to validate.

The same walk notes every value whose schema node carries `x-id`, `x-ref` or `x-inline-refs` (`Mark`):
the ids of the charter and its references (`checks.collect_ids`, `checks.check_refs`, overlays' removals).

Two orders meet in the walk. Violations come in jsonschema's order (keyword by keyword as the schema
node lists them, an object's properties in the schema's order), the order the messages have always had;
marks come in the data's order (a mapping's keys as written, the key before its value), the order in which
ids are first defined (a duplicate id is reported at its second place). So a mapping's children are walked
once, in the data's order, and their violations put in the schema's order afterwards. Where a value may
take one of several forms (`anyOf`), marks follow the first form of the value's type (a string for the
`seed-001` shorthand of `{ref: seed-001}`, else the first), valid or not, as they always have; validity
asks whether any form fits.
"""

from __future__ import annotations

import numbers
import re
from typing import NamedTuple

from .problems import Path


class Violation(NamedTuple):
    """One way a value breaks its schema: at `path` (keys and list indexes; for `propertyNames`, the
    mapping whose key it is), the schema `keyword` with its `expected` value (for `required`: the one
    missing field), in the schema node `schema`, by the value `instance`."""

    path: Path
    keyword: str
    expected: object
    schema: dict
    instance: object


class Mark(NamedTuple):
    """A value whose schema node carries `x-id`, `x-ref` or `x-inline-refs` (whatever the value's type)."""

    schema: dict
    value: object
    path: Path


def scan(data, schema: dict, check: bool = True) -> tuple[list[Violation], list[Mark]]:
    """Walk `data` against `schema` once: its violations (none looked for unless `check`) and its marks."""
    marks: list[Mark] = []
    return list(_walk(schema, data, (), marks, check)), marks


def violations(data, schema: dict, path: Path = ()) -> list[Violation]:
    """Where `data` breaks `schema` (a whole file's, or a part of one: the field an overlay replaces)."""
    return list(_walk(schema, data, path, None, True))


def marks(data, schema: dict) -> list[Mark]:
    """The ids and references in `data`, without checking it."""
    found: list[Mark] = []
    _walk(schema, data, (), found, False)
    return found


def type_fits(schema: dict, data) -> bool:
    """Whether `data` has the type of one form of an `anyOf` (a string, an object; a form of another type
    fits anything): the form the ids and references of a value are looked for in."""
    wanted = schema.get("type")
    if wanted == "string":
        return isinstance(data, str)
    if wanted == "object":
        return isinstance(data, dict)
    return True


_MARKED = frozenset(("x-id", "x-ref", "x-inline-refs"))
_SILENT = frozenset(("$schema", "$id", "title", "description", "format", "x-id", "x-ref", "x-inline-refs"))
_NONE: tuple = ()  # no violations (shared: most values have none)


def _walk(node: dict, value, path: Path, marks: list[Mark] | None, check: bool):
    """The violations of `value` against `node` (a list, or the empty tuple), noting marks on the way when
    `marks` is a list."""
    if marks is not None and not _MARKED.isdisjoint(node):
        marks.append(Mark(node, value, path))
    out = _NONE
    options = node.get("anyOf")
    inner = marks if options is None else None  # a node with forms: marks only through its form
    children = names = None  # violations of a mapping's values and keys, by key
    if isinstance(value, dict):
        if check or inner is not None:
            children, names = _walk_mapping(node, value, path, inner, check)
    elif isinstance(value, list) and "items" in node and not check and inner is not None:
        items = node["items"]
        if isinstance(items, dict):
            for index, item in enumerate(value):
                _walk(items, item, path + (index,), inner, False)
    if options is not None:
        valid = _forms(options, value, path, marks, check)
    if not check:
        return out
    for keyword, expected in node.items():
        found = None
        if keyword == "type":
            if not (any(_is(value, t) for t in expected) if isinstance(expected, list) else _is(value, expected)):
                found = expected
        elif keyword == "properties":
            if children:
                for name in expected:
                    if name in children:
                        out = _more(out, children[name][1])
            continue
        elif keyword == "required":
            if isinstance(value, dict):
                for name in expected:
                    if name not in value:
                        out = _more(out, [Violation(path, keyword, name, node, value)])
            continue
        elif keyword == "additionalProperties":
            if isinstance(value, dict):
                if isinstance(expected, dict):
                    for in_properties, found_here in (children or {}).values():
                        if not in_properties:
                            out = _more(out, found_here)
                elif expected is False and any(key not in node.get("properties", {}) for key in value):
                    found = False
        elif keyword == "propertyNames":
            for found_here in (names or {}).values():
                out = _more(out, found_here)
            continue
        elif keyword == "items":
            if isinstance(value, list) and isinstance(expected, dict):
                for index, item in enumerate(value):
                    out = _more(out, _walk(expected, item, path + (index,), inner, True))
            continue
        elif keyword == "anyOf":
            if not valid:
                found = expected
        elif keyword == "pattern":
            if isinstance(value, str) and not _compiled(expected).search(value):
                found = expected
        elif keyword == "minLength":
            if isinstance(value, str) and len(value) < expected:
                found = expected
        elif keyword == "minItems":
            if isinstance(value, list) and len(value) < expected:
                found = expected
        elif keyword == "minProperties":
            if isinstance(value, dict) and len(value) < expected:
                found = expected
        elif keyword == "enum":
            if not any(_equal(option, value) for option in expected):
                found = expected
        elif keyword == "const":
            if not _equal(value, expected):
                found = expected
        elif keyword == "minimum":
            if _is(value, "number") and value < expected:
                found = expected
        elif keyword == "maximum":
            if _is(value, "number") and value > expected:
                found = expected
        elif keyword == "exclusiveMinimum":
            if _is(value, "number") and value <= expected:
                found = expected
        elif keyword not in _SILENT:
            raise ValueError(f"the validator does not know the schema keyword {keyword!r}")
        if found is not None:
            out = _more(out, [Violation(path, keyword, found, node, value)])
    return out


def _walk_mapping(node: dict, value: dict, path: Path, marks: list[Mark] | None, check: bool):
    """Walk a mapping's keys and values in the data's order. Returns, by key, whether the key is one of
    `properties` and the violations of its value, and the violations of the key itself (`propertyNames`);
    only keys with violations are listed."""
    properties = node.get("properties", {})
    extra = node.get("additionalProperties")
    extra = extra if isinstance(extra, dict) else None
    key_schema = node.get("propertyNames")
    children: dict = {}
    names: dict = {}
    for key, item in value.items():
        if key_schema is not None:
            found = _walk(key_schema, key, path + (key,), marks, check)
            if found:  # jsonschema places a key's violation at its mapping
                names[key] = [violation._replace(path=path) for violation in found]
        if key in properties:
            found = _walk(properties[key], item, path + (key,), marks, check)
            if found:
                children[key] = (True, found)
        elif extra is not None:
            found = _walk(extra, item, path + (key,), marks, check)
            if found:
                children[key] = (False, found)
    return children, names


def _forms(options: list[dict], value, path: Path, marks: list[Mark] | None, check: bool) -> bool:
    """Whether `value` fits one of the forms; marks are noted in the first form of its type (`type_fits`)."""
    marked = next((option for option in options if type_fits(option, value)), None) if marks is not None else None
    valid = not check
    for option in options:
        noting = marks if option is marked else None
        if valid:
            if noting is not None:
                _walk(option, value, path, noting, False)
            continue
        if not _walk(option, value, path, noting, True):
            valid = True
    return valid


def _more(out, found):
    if not found:
        return out
    if out is _NONE:
        return list(found)
    out.extend(found)
    return out


def _is(value, name: str) -> bool:
    """JSON Schema's types as Draft 2020-12 reads them: a bool is no number, 3.0 is an integer."""
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, numbers.Number)
    raise ValueError(f"the validator does not know the type {name!r}")


_PATTERNS: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    return compiled


def _equal(one, two) -> bool:
    """Equality as JSON Schema means it (`enum`, `const`): true is not 1, false is not 0."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, list | tuple) and isinstance(two, list | tuple):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[key], two[key]) for key in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return one == two
