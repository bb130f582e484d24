"""The typed model, the one declaration of the data's shape, and the schemas derived from it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import jsonschema

from charter import model, schemas
from charter.fields import bounded, words

TERM = {"id": "pinyin-term", "term": "术语", "definition": "释义。", "sources": ["seed-001"]}


def test_a_field_declared_once_is_in_the_schema_and_the_model():
    @dataclass(kw_only=True)
    class Term(model.Term):
        pinyin: str = field(default="", metadata=words("拼音。"))
        strokes: int = field(metadata=bounded(1, 64, "笔画数。"))

    schema = schemas.schema_of(Term)
    assert list(schema["properties"]) == [*schemas.schema_of(model.Term)["properties"], "pinyin", "strokes"]
    assert schema["properties"]["pinyin"] == {"type": "string", "minLength": 1, "description": "拼音。"}
    assert schema["properties"]["strokes"] == {"type": "integer", "minimum": 1, "maximum": 64, "description": "笔画数。"}
    assert schema["required"] == ["id", "term", "definition", "sources", "strokes"]  # no default: required

    check = jsonschema.Draft202012Validator(schema)
    assert check.is_valid({**TERM, "pinyin": "shù yǔ", "strokes": 12})
    assert not check.is_valid({**TERM, "pinyin": "shù yǔ"})  # strokes missing
    assert not check.is_valid({**TERM, "strokes": 12, "pinyn": "shù yǔ"})  # not a field
    term = model.build(Term, {**TERM, "pinyin": "shù yǔ", "strokes": 12})
    assert (term.pinyin, term.strokes, term.sources) == ("shù yǔ", 12, [model.SourceRef("seed-001")])


def test_each_list_of_entries_has_the_fields_of_its_kind():
    clause = schemas.SECTION["properties"]["entries"]["items"]
    duty = schemas.DUTIES["properties"]["items"]["items"]
    matter = schemas.MATTERS["properties"]["categories"]["items"]["properties"]["matters"]["items"]
    rule_clause = schemas.RULE["properties"]["clauses"]["items"]
    assert {k: v for k, v in rule_clause["properties"].items() if k != "part"} == clause["properties"]
    assert "part" in rule_clause["properties"] and "part" not in clause["properties"]  # the chapter of the 议事规则
    assert "matters" in duty["properties"] and "route" in matter["properties"]
    assert not {"matters", "route"} & set(clause["properties"])
    assert "children" not in duty["properties"] and "children" not in matter["properties"]
    child = clause["properties"]["children"]["items"]
    grandchild = child["properties"]["children"]["items"]
    assert "children" not in grandchild["properties"]  # 1 → 1.1 → 1.1.1, no deeper
    # a field marked for a kind of list that no list names would be in no schema at all
    in_some_list = set(rule_clause["properties"]) | set(clause["properties"]) | set(duty["properties"]) | set(matter["properties"])
    assert in_some_list == {f.name for f in dataclasses.fields(model.Entry)}


def test_build_follows_the_types():
    floor = {"id": "f", "title": "底线", "target": "q", "text": "文字。", "sources": [{"ref": "seed-001", "at": "篇1"}]}
    assert model.build(model.Floor, {**floor, "minimum": {"times": 1, "per": "month"}}).minimum == model.Frequency(1, "month")
    built = model.build(model.Floor, {**floor, "minimum": {"op": "more_than", "fraction": "1/2"}})
    assert built.minimum == model.Threshold("more_than", "1/2")
    assert built.sources == [model.SourceRef("seed-001", "篇1")]
