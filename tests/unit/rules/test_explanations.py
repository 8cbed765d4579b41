"""Explanations: every condition says what it compared and why; decisions list the deciders."""

from __future__ import annotations

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import (
    ConditionResult,
    GroupKind,
    GroupResult,
    Outcome,
    Unknown,
    Verdict,
    decide,
    evaluate,
)

from .factories import GIB, NOW, compiled, cond, days_ago, facts

T, F, U = Outcome.TRUE, Outcome.FALSE, Outcome.UNKNOWN

RULE = compiled(
    cond("watched_by_anyone", "is_true"),
    cond("days_since_last_watched", "gt", 30),
    {"not": cond("on_any_watchlist", "is_true")},
    {"any": [cond("size_gb", "gt", 20), cond("genre", "contains", "horror")]},
)


def test_each_condition_reports_expected_actual_outcome_and_path() -> None:
    item = facts(
        watched_by_anyone=True,
        days_since_last_watched=days_ago(45.04),
        on_any_watchlist=False,
        size_gb=int(30.5 * GIB),
        genre=["Horror", "Drama"],
    )
    result = evaluate(RULE, item, NOW)
    assert result.outcome is T
    assert result.rule == "test"
    assert [(c.path, c.property, c.operator, c.expected, c.actual, c.outcome)
            for c in result.conditions()] == [
        ("conditions[0]", "watched_by_anyone", "is_true", None, True, T),
        ("conditions[1]", "days_since_last_watched", "gt", 30, 45.0, T),
        ("conditions[2].not", "on_any_watchlist", "is_true", None, False, F),
        ("conditions[3].any[0]", "size_gb", "gt", 20, 30.5, T),
        ("conditions[3].any[1]", "genre", "contains", "horror", ["Horror", "Drama"], T),
    ]  # fmt: skip
    assert all(c.reason is None and c.source is None for c in result.conditions())


def test_groups_carry_their_own_outcomes() -> None:
    item = facts(
        watched_by_anyone=True,
        days_since_last_watched=days_ago(45),
        on_any_watchlist=True,
        size_gb=GIB,
        genre=[],
    )
    root = evaluate(RULE, item, NOW).root
    assert isinstance(root, GroupResult)
    assert (root.path, root.kind, root.outcome) == ("conditions", GroupKind.ALL, F)
    negation, alternatives = root.children[2], root.children[3]
    assert isinstance(negation, GroupResult)
    assert isinstance(alternatives, GroupResult)
    assert (negation.path, negation.kind, negation.outcome) == ("conditions[2]", GroupKind.NOT, F)
    assert (alternatives.kind, alternatives.outcome) == (GroupKind.ANY, F)


def test_explaining_evaluates_every_condition_even_after_the_result_is_settled() -> None:
    result = evaluate(RULE, facts(watched_by_anyone=False), NOW)
    assert result.outcome is F
    assert len(list(result.conditions())) == 5


def test_a_match_lists_the_conditions_that_decided_it() -> None:
    item = facts(
        watched_by_anyone=True,
        days_since_last_watched=None,
        on_any_watchlist=False,
        size_gb=GIB,
        genre=["Horror"],
    )
    decision = decide(evaluate(RULE, item, NOW))
    assert decision.matches
    assert decision.verdict is Verdict.MATCHES
    assert decision.reasons == (
        "watched_by_anyone is_true: true -> true",
        "days_since_last_watched gt 30: never (counts as infinitely long ago) -> true",
        "not (on_any_watchlist is_true: false -> false)",
        "genre contains horror: [Horror] -> true",
    )  # size_gb was false and could not change an OR that is already true


def test_no_match_lists_only_the_false_conditions() -> None:
    item = facts(
        watched_by_anyone=True,
        days_since_last_watched=days_ago(2),
        on_any_watchlist=Unknown("Plex watchlist timed out", "plex.tv"),
        size_gb=GIB,
        genre=["Drama"],
    )
    decision = decide(evaluate(RULE, item, NOW))
    assert decision.verdict is Verdict.NO_MATCH
    assert not decision.matches
    assert decision.reasons == (
        "days_since_last_watched gt 30: 2.0 -> false",
        "size_gb gt 20: 1.0 -> false",
        "genre contains horror: [Drama] -> false",
    )


def test_unknown_keeps_the_item_and_names_the_source_that_failed() -> None:
    item = facts(
        watched_by_anyone=True,
        days_since_last_watched=days_ago(60),
        on_any_watchlist=Unknown("Plex watchlist timed out", "plex.tv"),
        size_gb=40 * GIB,
    )
    decision = decide(evaluate(RULE, item, NOW))
    assert decision.verdict is Verdict.KEPT
    assert not decision.matches
    assert decision.reasons == (
        "not (on_any_watchlist is_true: unknown (plex.tv: Plex watchlist timed out))",
    )
    (unknown,) = decision.unknown
    assert isinstance(unknown, ConditionResult)
    assert (unknown.property, unknown.source, unknown.reason) == (
        "on_any_watchlist",
        "plex.tv",
        "Plex watchlist timed out",
    )


def test_unknowns_that_cannot_change_the_result_are_not_listed() -> None:
    item = facts(
        watched_by_anyone=True,
        days_since_last_watched=days_ago(60),
        on_any_watchlist=Unknown("timed out", "plex.tv"),
        size_gb=40 * GIB,
        genre=Unknown("TMDB down", "tmdb"),
    )
    decision = decide(evaluate(RULE, item, NOW))
    assert decision.verdict is Verdict.KEPT
    assert [c.property for c in decision.unknown] == ["on_any_watchlist"]  # genre: OR is true


def test_never_synced_watch_history_keeps_everything_with_that_reason() -> None:
    decision = decide(evaluate(RULE, facts(synced=False, size_gb=40 * GIB), NOW))
    assert decision.verdict is Verdict.KEPT
    assert decision.reasons[0] == (
        "watched_by_anyone is_true: unknown (watch history: watch history has never synced)"
    )


def test_out_of_scope_is_no_match_with_the_reason() -> None:
    decision = decide(evaluate(RULE, facts(ItemKind.SHOW), NOW))
    assert decision.verdict is Verdict.NO_MATCH
    assert decision.reasons == ("the rule targets movies; this is a show",)


def test_an_empty_value_is_explained() -> None:
    rule = compiled(cond("tmdb_rating", "lt", 5))
    (leaf,) = evaluate(rule, facts(tmdb_rating=None), NOW).conditions()
    assert (leaf.outcome, leaf.actual, leaf.reason, leaf.source) == (F, None, "no value", None)
    assert leaf.describe() == "tmdb_rating lt 5: no value -> false"


def test_dates_and_users_are_shown_as_written() -> None:
    rule = compiled(
        cond("days_since_added", "before", "2026-01-01"),
        cond("on_watchlist_of", "contains_any", [3, 1]),
    )
    item = facts(days_since_added=days_ago(400), on_watchlist_of=[9, 1])
    added, watchlisted = evaluate(rule, item, NOW).conditions()
    assert (added.expected, added.actual) == ("2026-01-01", 400.0)
    assert (watchlisted.expected, watchlisted.actual) == ([3, 1], [1, 9])
