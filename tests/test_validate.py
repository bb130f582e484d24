"""Our validator (`charter/validate.py`) and jsonschema (Draft 2020-12) agree on the derived schemas.

The build checks the data without jsonschema (it takes some 24 ms to import); jsonschema stays the
reference here. Every data file of the project, of both example schools and of the mini fixture, every
file of `tests/bad/` and many values changed on purpose in the project's files are checked by both:
the same files pass, and the same values fail the same keywords at the same places.
"""

from __future__ import annotations

import copy
import math
import os
import subprocess
import sys

import jsonschema
import pytest
from test_bad_input import CASES, read_case

from charter import schemas, validate
from charter.loader import kind_of
from charter.yamlfile import read_yaml
from conftest import ROOT


def _documents() -> list[tuple[str, object, dict]]:
    """(name, data, schema) of every data file we have, and of each case of tests/bad/ that is read as data."""
    found = []
    folders = [ROOT / "data", ROOT / "tests" / "fixtures" / "mini" / "data", *sorted((ROOT / "tests" / "schools").iterdir())]
    for folder in folders:
        for path in sorted(folder.rglob("*.yml")):
            relative = path.relative_to(folder).as_posix()
            if relative == "coverage.yml":  # a real school's coverage table (tests/test_real_schools.py), not data
                continue
            doc, _ = read_yaml(path.read_bytes(), relative)
            found.append((path.relative_to(ROOT).as_posix(), doc.data, kind_of(relative)))
    for case in CASES:
        header, text = read_case(case)
        target = header["target"]
        schema = kind_of(target.removeprefix("data/")) if target.startswith("data/") else None
        if schema is None:
            continue  # a file in the wrong place, or no data file at all: never validated
        replacements = [v for k, v in header.items() if k.startswith("replace")]
        if replacements:
            content = (ROOT / target).read_text(encoding="utf-8")
            for replacement in replacements:
                old, new = (part.strip()[1:-1].replace("\\n", "\n") for part in replacement.split("=>"))
                content = content.replace(old, new)
            raw = content.encode("utf-8")
        else:
            raw = text.encode(header.get("encoding", "utf-8"))
        doc, _ = read_yaml(raw, target)
        if doc is not None:  # else the YAML itself is reported, and nothing validated
            found.append((f"tests/bad/{case.name}", doc.data, schema))
    return found


DOCUMENTS = _documents()


def _theirs(data, schema: dict) -> tuple[list, bool]:
    """jsonschema's violations as (path, keyword), and whether their order is its own choice: it walks
    the keys that `additionalProperties` describes in the order of a set."""
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    unordered = any("additionalProperties" in error.absolute_schema_path for error in errors)
    return [(tuple(error.absolute_path), error.validator) for error in errors], unordered


def _ours(data, schema: dict) -> list:
    return [(violation.path, violation.keyword) for violation in validate.violations(data, schema)]


def _agree(data, schema: dict, name: str) -> None:
    theirs, unordered = _theirs(data, schema)
    ours = _ours(data, schema)
    if unordered:
        theirs, ours = sorted(theirs, key=repr), sorted(ours, key=repr)
    assert ours == theirs, name


@pytest.mark.parametrize(("name", "data", "schema"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_same_verdict_on_every_file(name: str, data, schema: dict):
    _agree(data, schema, name)
    if not name.startswith("tests/bad/"):
        assert not validate.violations(data, schema), name


def test_the_files_we_ship_are_valid_and_bad_cases_are_checked():
    valid = [name for name, data, schema in DOCUMENTS if not validate.violations(data, schema)]
    assert {name for name, *_ in DOCUMENTS if not name.startswith("tests/bad/")} <= set(valid)
    failing = {name for name, data, schema in DOCUMENTS if name.startswith("tests/bad/") and validate.violations(data, schema)}
    assert len(failing) >= 10, failing  # the schema cases of tests/bad/ (the rest break other checks)


# Values put in place of each value of the project's files, and mappings changed around, to reach every
# keyword of every schema with something it refuses (or, sometimes, accepts).
REPLACEMENTS = [None, True, 0, -1, 2.5, 3.0, 10**6, math.inf, "", "x", "Bad Id\n", "1/2", "2026-01-01", [], ["x"], {}, {"x": 1}]


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, path + (index,))


def _set(data, path, value):
    changed = copy.deepcopy(data)
    if not path:
        return value
    node = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


def _variants(data, count: int = 25):
    """Some `count` values spread over the file, each replaced in turn (by every replacement, spread over
    the values), and keys dropped and added where the value is a mapping."""
    paths = list(_paths(data))
    for number, path in enumerate(paths[:: max(1, len(paths) // count)]):
        for offset in range(3):
            yield _set(data, path, REPLACEMENTS[(number * 3 + offset) % len(REPLACEMENTS)])
        parent = data
        for part in path:
            parent = parent[part]
        if isinstance(parent, dict) and parent:
            first = next(iter(parent))
            dropped = {key: value for key, value in parent.items() if key != first}
            yield _set(data, path, dropped)
            yield _set(data, path, {**parent, "titel": "x", 7: "y"})
            yield _set(data, path, {"Bad Key": 1, **parent})


MUTATED = [(name, data, schema) for name, data, schema in DOCUMENTS if name.startswith("data/")]


@pytest.mark.parametrize(("name", "data", "schema"), MUTATED, ids=[d[0] for d in MUTATED])
def test_same_verdict_on_changed_values(name: str, data, schema: dict):
    count = 0
    for variant in _variants(data):
        _agree(variant, schema, name)
        count += 1
    assert count > 10


def test_every_keyword_of_our_schemas_is_understood():
    """The validator refuses a schema keyword it does not know, rather than ignoring it: every keyword in
    use is one it checks or one that says nothing about validity."""
    for schema in schemas.KINDS.values():
        validate.violations({}, schema)
    with pytest.raises(ValueError, match="uniqueItems"):
        validate.violations([], {"type": "array", "uniqueItems": True})


def test_integers_booleans_and_equality_as_json_schema_reads_them():
    cases = [
        ({"type": "integer"}, [3, 3.0, True, 2.5, "3", math.inf, math.nan]),
        ({"type": "number"}, [3, 2.5, False, None, math.inf]),
        ({"enum": [1, "a", None]}, [1, True, 1.0, "a", None, False]),
        ({"const": False}, [False, 0, None]),
        ({"minimum": 1, "maximum": 3}, [0, 1, 3, 4, "9", True, math.inf]),
        ({"exclusiveMinimum": 0}, [0, 0.5, -math.inf]),
    ]
    for schema, values in cases:
        for value in values:
            assert bool(validate.violations(value, schema)) == (not jsonschema.Draft202012Validator(schema).is_valid(value)), (
                schema,
                value,
            )


def test_marks_follow_the_data_and_the_first_form_of_its_type():
    schema = schemas.CHECKLIST
    data = DOCUMENTS[[name for name, *_ in DOCUMENTS].index("data/checklists/meetings.yml")][1]
    violations, marks = validate.scan(data, schema)
    assert not violations
    assert marks == validate.marks(data, schema)
    ids = [mark.value for mark in marks if "x-id" in mark.schema]
    assert ids[0] == data["id"] and len(ids) == len(set(ids))
    # the marks of a value written as a shorthand (`seed-001`) or in full (`{ref: seed-001}`) are the same reference
    shorthand = {
        "anyOf": [
            {"type": "string", "x-ref": ["source"]},
            {"type": "object", "properties": {"ref": {"type": "string", "x-ref": ["source"]}}},
        ]
    }
    assert [(m.value, m.path) for m in validate.marks("seed-001", shorthand)] == [("seed-001", ())]
    assert [(m.value, m.path) for m in validate.marks({"ref": "seed-001"}, shorthand)] == [("seed-001", ("ref",))]


def test_checking_and_building_do_not_import_jsonschema(project, tmp_path):
    """A first build checks every file (empty build cache) and a school's overlays (their values against the
    fields they replace), and imports no jsonschema: it is a test dependency only."""
    overlay = project / "data" / "local" / "本校.yml"
    overlay.parent.mkdir(parents=True, exist_ok=True)
    overlay.write_text(
        "model_version: 1.0.0\nmodify:\n  - id: party-meeting-frequency\n    reason: 每月两次\n    set: {times: 2}\n", encoding="utf-8"
    )
    script = (
        "import sys; sys.modules['jsonschema'] = None\n"  # importing it fails
        "from charter import load_charter\n"
        "from charter.site import site_build\n"
        f"charter = load_charter({str(project)!r})\n"
        "assert charter.departures, 'the overlay was applied'\n"
        f"site_build({str(project)!r})\n"
        "print('ok')\n"
    )
    env = {**os.environ, "CHARTER_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "hooks")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=project)
    assert result.stdout.strip() == "ok", result.stderr
