"""Kleene's strong three-valued logic: the truth tables, and groups that follow them."""

from __future__ import annotations

from typing import Any

import pytest

from tendarr.domain.rules import Outcome, Unknown, evaluate
from tendarr.domain.rules.outcome import all_of, any_of, negate

from .factories import NOW, compiled, cond, facts

T, F, U = Outcome.TRUE, Outcome.FALSE, Outcome.UNKNOWN

AND_TABLE = [
    (T, T, T), (T, F, F), (T, U, U),
    (F, T, F), (F, F, F), (F, U, F),
    (U, T, U), (U, F, F), (U, U, U),
]  # fmt: skip
OR_TABLE = [
    (T, T, T), (T, F, T), (T, U, T),
    (F, T, T), (F, F, F), (F, U, U),
    (U, T, T), (U, F, U), (U, U, U),
]  # fmt: skip


@pytest.mark.parametrize(("left", "right", "expected"), AND_TABLE)
def test_and_truth_table(left: Outcome, right: Outcome, expected: Outcome) -> None:
    assert all_of([left, right]) is expected


@pytest.mark.parametrize(("left", "right", "expected"), OR_TABLE)
def test_or_truth_table(left: Outcome, right: Outcome, expected: Outcome) -> None:
    assert any_of([left, right]) is expected


@pytest.mark.parametrize(("value", "expected"), [(T, F), (F, T), (U, U)])
def test_not_truth_table(value: Outcome, expected: Outcome) -> None:
    assert negate(value) is expected


def _leaf(outcome: Outcome, prop: str) -> tuple[dict[str, Any], Any]:
    """Return a bool condition on ``prop`` and the fact that gives it ``outcome``."""
    fact = {T: True, F: False, U: Unknown("source timed out", "test")}[outcome]
    return cond(prop, "is_true"), fact


@pytest.mark.parametrize(("group", "table"), [("all", AND_TABLE), ("any", OR_TABLE)])
def test_rule_groups_follow_the_truth_tables(group: str, table: list[tuple[Outcome, ...]]) -> None:
    for left, right, expected in table:
        first, first_fact = _leaf(left, "arr_monitored")
        second, second_fact = _leaf(right, "on_any_watchlist")
        rule = compiled({group: [first, second]})
        item = facts(arr_monitored=first_fact, on_any_watchlist=second_fact)
        assert rule.outcome(item, NOW) is expected, (group, left, right)
        assert evaluate(rule, item, NOW).outcome is expected


@pytest.mark.parametrize(("inner", "expected"), [(T, F), (F, T), (U, U)])
def test_not_group_keeps_unknown_unknown(inner: Outcome, expected: Outcome) -> None:
    leaf, fact = _leaf(inner, "arr_monitored")
    rule = compiled({"not": leaf})
    assert rule.outcome(facts(arr_monitored=fact), NOW) is expected


def test_double_negation_of_unknown_is_still_unknown() -> None:
    leaf, fact = _leaf(U, "arr_monitored")
    rule = compiled({"not": {"not": leaf}})
    assert rule.outcome(facts(arr_monitored=fact), NOW) is U


def test_root_conditions_are_an_implicit_all() -> None:
    rule = compiled(cond("arr_monitored", "is_true"), cond("on_any_watchlist", "is_true"))
    assert rule.outcome(facts(arr_monitored=True, on_any_watchlist=False), NOW) is F
    assert rule.outcome(facts(arr_monitored=True, on_any_watchlist=True), NOW) is T


def test_nested_groups_three_levels_deep() -> None:
    rule = compiled(
        cond("play_count", "eq", 0),
        {"any": [
            cond("size_gb", "gt", 50),
            {"all": [cond("genre", "contains", "horror"),
                     {"not": cond("label", "contains", "keep")}]},
        ]},
    )  # fmt: skip
    base: dict[str, Any] = {"play_count": 0, "size_gb": 1}
    assert rule.outcome(facts(**base, genre=["Horror"], label=[]), NOW) is T
    assert rule.outcome(facts(**base, genre=["Horror"], label=["Keep"]), NOW) is F
    assert rule.outcome(facts(**base, genre=["Drama"], label=[]), NOW) is F
    # a failed label lookup only matters where it could change the result
    lost = Unknown("Plex timed out", "plex")
    assert rule.outcome(facts(**base, genre=["Horror"], label=lost), NOW) is U
    assert rule.outcome(facts(**base, genre=["Drama"], label=lost), NOW) is F
    assert rule.outcome(facts(play_count=0, size_gb=80 * 1024**3, label=lost), NOW) is T
