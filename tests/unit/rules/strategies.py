"""Hypothesis strategies for rule documents and item facts (import only where hypothesis is)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import (
    OPERATORS,
    PROPERTIES,
    Facts,
    PropertySpec,
    Shape,
    Unknown,
    ValueType,
)

from .factories import NOW

WORDS = ("Horror", "drama", "PG-13", "ended", "en", "keep", "plex-1", "HD-1080p", "2160p")
PATTERNS = (r"^pg", r"\d", "end", "(?i)KEEP$", r"\bdrama\b")
USERS = st.integers(1, 6)
WORD = st.sampled_from(WORDS)
NUMBER = st.one_of(st.integers(-50, 50), st.floats(-50, 50, allow_nan=False))


def _range() -> st.SearchStrategy[list[float]]:
    return st.lists(NUMBER, min_size=2, max_size=2).map(sorted)


def _date() -> st.SearchStrategy[str]:
    moments = st.datetimes(datetime(2015, 1, 1), datetime(2035, 1, 1), timezones=st.just(UTC))
    return st.one_of(
        moments.map(lambda m: m.date().isoformat()), moments.map(lambda m: m.isoformat())
    )


SHAPE_VALUES: dict[Shape, st.SearchStrategy[Any]] = {
    Shape.NONE: st.none(),
    Shape.NUMBER: NUMBER,
    Shape.NON_NEGATIVE: st.integers(0, 60),
    Shape.RANGE: _range().map(lambda pair: [abs(pair[0]), abs(pair[0]) + abs(pair[1])]),
    Shape.DATE: _date(),
    Shape.TEXT: WORD,
    Shape.TEXTS: st.lists(WORD, min_size=1, max_size=3),
    Shape.REGEX: st.sampled_from(PATTERNS),
    Shape.USER: USERS,
    Shape.USERS: st.lists(USERS, min_size=1, max_size=3),
}


def _specs_for(target: ItemKind) -> list[PropertySpec]:
    return [spec for spec in PROPERTIES.values() if spec.applies_to(target)]


@st.composite
def conditions(draw: st.DrawFn, target: ItemKind) -> dict[str, Any]:
    """Draw one valid condition document for ``target``."""
    spec = draw(st.sampled_from(_specs_for(target)))
    operator = draw(st.sampled_from(sorted(OPERATORS[spec.type].values(), key=lambda o: o.name)))
    node: dict[str, Any] = {"property": spec.name, "operator": operator.name}
    value = draw(SHAPE_VALUES[operator.shape])
    if value is not None:
        node["value"] = value
    return node


def nodes(target: ItemKind) -> st.SearchStrategy[dict[str, Any]]:
    """Draw a condition or a nested group (all / any / not) up to a few levels deep."""
    return st.recursive(
        conditions(target),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=8,
    )


@st.composite
def rule_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid rule document."""
    target = draw(st.sampled_from(list(ItemKind)))
    body = draw(st.lists(nodes(target), min_size=1, max_size=3))
    return {"name": "generated", "target": target.value, "conditions": body}


def _moments() -> st.SearchStrategy[datetime]:
    offsets = st.floats(-4000, 4000, allow_nan=False)
    return offsets.map(lambda days: NOW - timedelta(days=days))


FACT_VALUES: dict[ValueType, st.SearchStrategy[Any]] = {
    ValueType.NUMBER: NUMBER,
    ValueType.BYTES: st.integers(0, 80 * 1024**3),
    ValueType.DAYS: _moments(),
    ValueType.TEXT: WORD,
    ValueType.TEXT_LIST: st.lists(WORD, max_size=3),
    ValueType.BOOL: st.booleans(),
    ValueType.USER: USERS,
    ValueType.USER_LIST: st.lists(USERS, max_size=3),
}


def referenced(nodes: list[dict[str, Any]]) -> set[str]:
    """Return the property names a list of condition/group documents uses."""
    names: set[str] = set()
    for node in nodes:
        if "property" in node:
            names.add(node["property"])
        for key in ("all", "any"):
            names |= referenced(node.get(key, []))
        if "not" in node:
            names |= referenced([node["not"]])
    return names


@dataclass(frozen=True)
class Case:
    """A rule document, complete facts for it, and a blurred copy with some facts unknown."""

    raw: dict[str, Any]
    values: dict[str, Any]
    partial: dict[str, Any]
    synced: bool


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Draw a rule and facts for the properties it uses: all known, and partly unknown."""
    raw = draw(rule_documents())
    values: dict[str, Any] = {}
    for name in sorted(referenced(raw["conditions"])):
        values[name] = draw(st.one_of(st.none(), FACT_VALUES[PROPERTIES[name].type]))
    partial: dict[str, Any] = {}
    for name, value in values.items():
        fate = draw(st.sampled_from(("keep", "keep", "unknown", "missing")))
        if fate == "keep":
            partial[name] = value
        elif fate == "unknown":
            partial[name] = Unknown("source failed", "test")
    return Case(raw, values, partial, draw(st.booleans()))


def as_facts(kind: ItemKind, values: dict[str, Any], synced: bool = True) -> Facts:
    """Return Facts of ``kind`` from drawn values."""
    return Facts(kind, values, watch_history_synced=synced)
