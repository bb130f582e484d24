"""The typed model built from checked data."""

from __future__ import annotations

import pytest

from charter import model


def test_the_model_never_drops_a_field_the_schema_allows():
    assert model.build(model.SourceRef, {"ref": "seed-001", "at": "篇1"}) == model.SourceRef("seed-001", "篇1")
    with pytest.raises(TypeError, match="SourceRef has no field page"):
        model.build(model.SourceRef, {"ref": "seed-001", "page": 3})
