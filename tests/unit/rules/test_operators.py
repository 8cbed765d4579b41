"""Every operator of every value type, table-driven: (property, operator, value, fact)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tendarr.domain.rules import OPERATORS, Outcome, ValueType, evaluate

from .factories import GIB, NOW, compiled, cond, days_ago, facts

T, F = Outcome.TRUE, Outcome.FALSE

NUMBER_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("eq", 3, 3, T), ("eq", 3, 4, F), ("eq", 2.5, 2.5, T),
    ("ne", 3, 4, T), ("ne", 3, 3, F),
    ("gt", 3, 4, T), ("gt", 3, 3, F),
    ("gte", 3, 3, T), ("gte", 3, 2, F),
    ("lt", 3, 2, T), ("lt", 3, 3, F),
    ("lte", 3, 3, T), ("lte", 3, 4, F),
    ("between", [2, 4], 2, T), ("between", [2, 4], 4, T), ("between", [2, 4], 5, F),
    ("between", [2, 4], 1, F),
    ("exists", None, 0, T), ("not_exists", None, 0, F),
]  # fmt: skip

BYTES_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("gt", 40, 41 * GIB, T), ("gt", 40, 40 * GIB, F), ("gte", 40, 40 * GIB, T),
    ("lt", 1.5, GIB, T), ("lte", 1, GIB, T), ("lt", 1, GIB, F),
    ("eq", 2, 2 * GIB, T), ("ne", 2, 2 * GIB, F),
    ("between", [1, 2], int(1.5 * GIB), T), ("between", [1, 2], 3 * GIB, F),
    ("exists", None, 0, T), ("not_exists", None, 0, F),
]  # fmt: skip

DAYS_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("gt", 30, days_ago(31), T), ("gt", 30, days_ago(29), F),
    ("gte", 30, days_ago(30), T), ("gte", 30, days_ago(29.9), F),
    ("lt", 30, days_ago(29), T), ("lt", 30, days_ago(30), F),
    ("lte", 30, days_ago(30), T), ("lte", 30, days_ago(30.1), F),
    ("between", [10, 20], days_ago(15), T), ("between", [10, 20], days_ago(21), F),
    ("before", "2026-01-01", datetime(2025, 12, 31, 23, 59, tzinfo=UTC), T),
    ("before", "2026-01-01", datetime(2026, 1, 1, tzinfo=UTC), F),
    ("before", "2026-01-01T06:00:00+00:00", datetime(2026, 1, 1, 5, tzinfo=UTC), T),
    ("after", "2026-01-01", datetime(2026, 1, 2, tzinfo=UTC), T),
    ("after", "2026-01-01", datetime(2026, 1, 1, 23, 59, tzinfo=UTC), F),
    ("after", "2026-01-01T06:00:00Z", datetime(2026, 1, 1, 7, tzinfo=UTC), T),
    ("within_last_days", 7, days_ago(6), T), ("within_last_days", 7, days_ago(8), F),
    ("within_last_days", 7, days_ago(-1), F),
    ("within_next_days", 7, days_ago(-6), T), ("within_next_days", 7, days_ago(-8), F),
    ("within_next_days", 7, days_ago(1), F),
    ("exists", None, days_ago(1), T), ("not_exists", None, days_ago(1), F),
]  # fmt: skip

TEXT_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("equals", "PG-13", "pg-13", T), ("equals", "PG-13", "PG", F),
    ("not_equals", "PG-13", "PG", T), ("not_equals", "PG-13", "pg-13", F),
    ("contains", "pg", "PG-13", T), ("contains", "tv", "PG-13", F),
    ("not_contains", "tv", "PG-13", T), ("not_contains", "PG", "pg-13", F),
    ("starts_with", "pg", "PG-13", T), ("starts_with", "13", "PG-13", F),
    ("matches", r"^pg-\d+$", "PG-13", T), ("matches", r"^tv-", "PG-13", F),
    ("in", ["G", "pg-13"], "PG-13", T), ("in", ["G", "R"], "PG-13", F),
    ("not_in", ["G", "R"], "PG-13", T), ("not_in", ["pg-13"], "PG-13", F),
    ("exists", None, "PG", T), ("not_exists", None, "PG", F),
]  # fmt: skip

TEXT_LIST_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("contains", "horror", ["Horror", "Comedy"], T), ("contains", "drama", ["Horror"], F),
    ("contains", "hor", ["Horror"], F),  # members, not substrings
    ("not_contains", "drama", ["Horror"], T), ("not_contains", "HORROR", ["Horror"], F),
    ("contains_any", ["drama", "horror"], ["Horror"], T),
    ("contains_any", ["drama"], ["Horror"], F),
    ("contains_all", ["horror", "comedy"], ["Comedy", "Horror", "War"], T),
    ("contains_all", ["horror", "comedy"], ["Horror"], F),
    ("is_empty", None, [], T), ("is_empty", None, ["Horror"], F),
    ("is_not_empty", None, ["Horror"], T), ("is_not_empty", None, [], F),
    ("exists", None, [], T), ("not_exists", None, [], F),
]  # fmt: skip

BOOL_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("is_true", None, True, T), ("is_true", None, False, F),
    ("is_false", None, False, T), ("is_false", None, True, F),
    ("exists", None, False, T), ("not_exists", None, False, F),
]  # fmt: skip

USER_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("equals", 3, 3, T), ("equals", 3, 4, F), ("not_equals", 3, 4, T), ("not_equals", 3, 3, F),
    ("in", [1, 3], 3, T), ("in", [1, 2], 3, F), ("not_in", [1, 2], 3, T), ("not_in", [3], 3, F),
    ("exists", None, 3, T), ("not_exists", None, 3, F),
]  # fmt: skip

USER_LIST_CASES: list[tuple[str, Any, Any, Outcome]] = [
    ("contains", 2, [1, 2], T), ("contains", 3, [1, 2], F),
    ("not_contains", 3, [1, 2], T), ("not_contains", 2, [1, 2], F),
    ("contains_any", [3, 2], [1, 2], T), ("contains_any", [3, 4], [1, 2], F),
    ("contains_all", [1, 2], [1, 2, 5], T), ("contains_all", [1, 3], [1, 2], F),
    ("is_empty", None, [], T), ("is_empty", None, [1], F),
    ("is_not_empty", None, [1], T), ("is_not_empty", None, [], F),
    ("exists", None, [], T), ("not_exists", None, [1], F),
]  # fmt: skip

Case = tuple[str, Any, Any, Outcome]
BY_TYPE: dict[ValueType, tuple[str, list[Case]]] = {
    ValueType.NUMBER: ("play_count", NUMBER_CASES),
    ValueType.BYTES: ("size_gb", BYTES_CASES),
    ValueType.DAYS: ("days_since_added", DAYS_CASES),
    ValueType.TEXT: ("content_rating", TEXT_CASES),
    ValueType.TEXT_LIST: ("genre", TEXT_LIST_CASES),
    ValueType.BOOL: ("arr_monitored", BOOL_CASES),
    ValueType.USER: ("last_watched_by", USER_CASES),
    ValueType.USER_LIST: ("requested_by", USER_LIST_CASES),
}
CASES = [
    pytest.param(prop, operator, value, fact, expected, id=f"{kind.value}-{operator}-{index}")
    for kind, (prop, cases) in BY_TYPE.items()
    for index, (operator, value, fact, expected) in enumerate(cases)
]


@pytest.mark.parametrize(("prop", "operator", "value", "fact", "expected"), CASES)
def test_operator_gives_expected_outcome_on_both_paths(
    prop: str, operator: str, value: Any, fact: Any, expected: Outcome
) -> None:
    rule = compiled(cond(prop, operator, value))
    item = facts(**{prop: fact})
    assert rule.outcome(item, NOW) is expected
    assert evaluate(rule, item, NOW).outcome is expected


@pytest.mark.parametrize("kind", list(ValueType))
def test_every_operator_of_every_type_has_a_table_case(kind: ValueType) -> None:
    _prop, cases = BY_TYPE[kind]
    assert {operator for operator, *_ in cases} == set(OPERATORS[kind])


def test_a_date_fact_counts_from_midnight_utc() -> None:
    rule = compiled(cond("days_since_release", "gte", 1))
    assert rule.outcome(facts(days_since_release=date(2026, 5, 31)), NOW) is T
    assert rule.outcome(facts(days_since_release=date(2026, 6, 1)), NOW) is F


def test_days_may_be_negative_for_a_future_release() -> None:
    rule = compiled(cond("days_since_release", "lt", 0))
    assert rule.outcome(facts(days_since_release=days_ago(-3)), NOW) is T


def test_regex_is_searched_not_anchored() -> None:
    rule = compiled(cond("title", "matches", r"\bcam\b"))
    assert rule.outcome(facts(title="Some Movie CAM 2026"), NOW) is T
    assert rule.outcome(facts(title="Camera Obscura"), NOW) is F


def test_size_is_compared_in_gibibytes() -> None:
    rule = compiled(cond("size_gb", "gte", 1))
    assert rule.outcome(facts(size_gb=1024**3), NOW) is T
    assert rule.outcome(facts(size_gb=10**9), NOW) is F  # 1 GB (decimal) < 1 GiB


def test_root_free_space_uses_the_same_unit() -> None:
    rule = compiled(cond("root_free_gb", "lt", 100))
    assert rule.outcome(facts(root_free_gb=99 * GIB), NOW) is T
