"""The JSON Schemas in schema/ match the core, and every data file points editors at its schema."""

from __future__ import annotations

from charter.__main__ import schema_files
from charter.loader import kind_of
from charter.schemas import schema_file_name
from conftest import ROOT


def test_schema_files_are_current():
    for path, text in schema_files().items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path} is stale: run `charter schema`"


def test_every_data_file_names_its_schema():
    for path in sorted((ROOT / "data").rglob("*.yml")):
        relative = path.relative_to(ROOT / "data").as_posix()
        schema = kind_of(relative)
        assert schema is not None, relative
        first = path.read_text(encoding="utf-8").splitlines()[0]
        depth = "../" * (relative.count("/") + 1)
        assert first == f"# yaml-language-server: $schema={depth}schema/{schema_file_name(schema)}", relative


def test_field_reference_lists_every_kind(built_site):
    page = (built_site / "reference/fields/index.html").read_text(encoding="utf-8")
    for path in schema_files():
        assert path.removeprefix("schema/") in page
