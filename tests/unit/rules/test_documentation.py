"""docs/rules.md documents every property and operator the engine accepts (so it cannot rot)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tendarr.domain.rules import OPERATORS, PROPERTIES, ValueType, validate_rule

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_every_property_has_a_row_with_its_type(doc: str, name: str) -> None:
    spec = PROPERTIES[name]
    rows = [line for line in doc.splitlines() if line.startswith(f"| `{name}` |")]
    assert len(rows) == 1, f"docs/rules.md needs exactly one table row for {name}"
    assert f"| {spec.type.value} |" in rows[0]


@pytest.mark.parametrize("kind", list(ValueType))
def test_every_operator_of_every_type_is_documented(doc: str, kind: ValueType) -> None:
    section = doc.split("\n## Operators\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith(f"| {kind.value} |")]
    assert len(rows) == 1, f"docs/rules.md needs one operator row for {kind.value}"
    for operator in OPERATORS[kind]:
        assert f"`{operator}`" in rows[0], f"{operator} ({kind.value}) is not documented"


def test_the_documented_example_is_a_valid_rule(doc: str) -> None:
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    rule = validate_rule(json.loads(example))
    assert rule.name == "Watched movies nobody wants"
