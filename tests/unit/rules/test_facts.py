"""Facts: checked on the way in, immutable, and unknown wherever nothing is known."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import WATCH_HISTORY_SYNCED, Facts, Outcome, TextSet, Unknown, evaluate

from .factories import NOW, compiled, cond, days_ago, facts

T, F, U = Outcome.TRUE, Outcome.FALSE, Outcome.UNKNOWN


def test_a_fact_nobody_gathered_is_unknown_with_a_reason() -> None:
    rule = compiled(cond("tmdb_rating", "lt", 5))
    result = evaluate(rule, facts(), NOW)
    assert result.outcome is U
    (leaf,) = result.conditions()
    assert leaf.reason == "not gathered for this item"
    assert leaf.source == "metadata"


def test_an_unknown_fact_keeps_its_reason_and_source() -> None:
    rule = compiled(cond("arr_monitored", "is_false"))
    item = facts(arr_monitored=Unknown("Radarr timed out after 10 s", "radarr"))
    (leaf,) = evaluate(rule, item, NOW).conditions()
    assert (leaf.outcome, leaf.reason, leaf.source) == (U, "Radarr timed out after 10 s", "radarr")


def test_an_unknown_without_a_source_names_the_property_source() -> None:
    rule = compiled(cond("on_any_watchlist", "is_false"))
    (leaf,) = evaluate(rule, facts(on_any_watchlist=Unknown("fetch failed")), NOW).conditions()
    assert leaf.source == "watchlists"


@pytest.mark.parametrize("synced", [False, Unknown("sync job never reported", "jobs")])
def test_watch_conditions_are_unknown_until_watch_history_synced(synced: Any) -> None:
    rule = compiled(cond("play_count", "eq", 0), cond("days_since_added", "gt", 30))
    item = Facts(
        ItemKind.MOVIE,
        {"play_count": 0, "days_since_added": days_ago(90)},
        watch_history_synced=synced,
    )
    result = evaluate(rule, item, NOW)
    assert result.outcome is U
    watch, age = result.conditions()
    assert (watch.outcome, age.outcome) == (U, T)
    assert watch.source == "watch history"
    assert "watch history" in (watch.reason or "")


def test_never_synced_reads_as_never_synced() -> None:
    rule = compiled(cond("days_since_last_watched", "gt", 30))
    (leaf,) = evaluate(rule, facts(synced=False, days_since_last_watched=None), NOW).conditions()
    assert leaf.reason == "watch history has never synced"


def test_watch_history_state_defaults_to_unknown() -> None:
    item = Facts(ItemKind.MOVIE, {"watched_by_anyone": True})
    assert isinstance(item.watch_history_synced, Unknown)
    assert compiled(cond("watched_by_anyone", "is_true")).outcome(item, NOW) is U


def test_watch_history_state_may_ride_in_the_values() -> None:
    item = Facts(ItemKind.MOVIE, {WATCH_HISTORY_SYNCED: True, "watched_by_anyone": True})
    assert item.watch_history_synced is True
    assert compiled(cond("watched_by_anyone", "is_true")).outcome(item, NOW) is T


def test_a_non_watch_rule_ignores_the_watch_history_state() -> None:
    rule = compiled(cond("size_gb", "gt", 1))
    assert rule.outcome(facts(synced=False, size_gb=5 * 1024**3), NOW) is T


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("play_count", "3"),
        ("play_count", True),
        ("play_count", math.nan),
        ("size_gb", -1),
        ("days_since_added", datetime(2026, 1, 1)),  # naive
        ("days_since_added", "2026-01-01"),
        ("genre", "Horror"),
        ("genre", ["Horror", 3]),
        ("requested_by", [1, "2"]),
        ("requested_by", [True]),
        ("last_watched_by", 1.5),
        ("arr_monitored", 1),
        ("title", 7),
    ],
)
def test_a_fact_of_the_wrong_type_is_refused_loudly(name: str, value: Any) -> None:
    with pytest.raises(TypeError, match=name):
        facts(**{name: value})


def test_a_fact_for_no_known_property_is_refused() -> None:
    with pytest.raises(KeyError, match="wached_by_anyone"):
        facts(wached_by_anyone=True)


def test_facts_are_read_only() -> None:
    item = facts(play_count=2)
    with pytest.raises(TypeError):
        item["play_count"] = 3  # type: ignore[index]
    assert item["play_count"] == 2
    assert item.value("tmdb_rating") == Unknown("not gathered for this item")


def test_text_lists_match_ignoring_case_but_show_as_spelled() -> None:
    genres = facts(genre=["Science Fiction", "Drama"])["genre"]
    assert isinstance(genres, TextSet)
    assert "science fiction" in genres
    assert genres.shown == ("Science Fiction", "Drama")


class TestEmptyValues:
    """``None`` means "known to have no value"; each property says what that implies."""

    @pytest.mark.parametrize(
        ("operator", "value", "expected"),
        [("lt", 5, F), ("gte", 5, F), ("ne", 5, F), ("between", [0, 10], F),
         ("exists", None, F), ("not_exists", None, T)],
    )  # fmt: skip
    def test_no_value_fails_every_comparison_even_negated_ones(
        self, operator: str, value: Any, expected: Outcome
    ) -> None:
        rule = compiled(cond("tmdb_rating", operator, value))
        assert rule.outcome(facts(tmdb_rating=None), NOW) is expected

    @pytest.mark.parametrize(
        ("operator", "value", "expected"),
        [("gt", 30, T), ("gte", 30, T), ("before", "2020-01-01", T), ("lt", 30, F),
         ("lte", 30, F), ("between", [1, 99999], F), ("after", "2020-01-01", F),
         ("within_last_days", 30, F), ("within_next_days", 30, F), ("exists", None, F),
         ("not_exists", None, T)],
    )  # fmt: skip
    def test_never_watched_counts_as_infinitely_long_ago(
        self, operator: str, value: Any, expected: Outcome
    ) -> None:
        rule = compiled(cond("days_since_last_watched", operator, value))
        assert rule.outcome(facts(days_since_last_watched=None), NOW) is expected

    @pytest.mark.parametrize("operator", ["gt", "lt", "exists", "not_exists"])
    def test_empty_where_a_value_must_exist_is_unknown(self, operator: str) -> None:
        value = None if "exists" in operator else 30
        rule = compiled(cond("days_since_added", operator, value))
        assert rule.outcome(facts(days_since_added=None), NOW) is U

    def test_an_item_no_arr_manages_has_no_tags(self) -> None:
        rule = compiled(cond("arr_tags", "contains", "keep"))
        assert rule.outcome(facts(arr_tags=None), NOW) is F
        assert compiled({"not": cond("arr_tags", "contains", "keep")}).outcome(
            facts(arr_tags=None), NOW
        ) is T  # fmt: skip


class TestScope:
    """A rule covers only its target kind and, when it names some, its libraries."""

    def test_another_kind_is_out_of_scope(self) -> None:
        rule = compiled(cond("size_gb", "gt", 0))
        item = facts(ItemKind.EPISODE, size_gb=10 * 1024**3)
        assert rule.outcome(item, NOW) is F
        result = evaluate(rule, item, NOW)
        assert result.root is None
        assert result.out_of_scope == "the rule targets movies; this is an episode"

    def test_an_item_outside_the_rule_libraries_is_out_of_scope(self) -> None:
        rule = compiled(cond("size_gb", "gt", 0), library_ids=["plex-1:1"])
        inside = Facts(ItemKind.MOVIE, {"size_gb": 5}, library_ids=["plex-1:1", "jf:9"])
        outside = Facts(ItemKind.MOVIE, {"size_gb": 5}, library_ids=["plex-1:2"])
        assert rule.outcome(inside, NOW) is T
        assert rule.outcome(outside, NOW) is F
        assert rule.outcomes([inside, outside], NOW) == [T, F]

    def test_a_rule_without_libraries_covers_every_library(self) -> None:
        item = Facts(ItemKind.MOVIE, {"size_gb": 5}, library_ids=["anything"])
        assert compiled(cond("size_gb", "gt", 0)).outcome(item, NOW) is T

    def test_a_naive_now_is_refused(self) -> None:
        rule = compiled(cond("size_gb", "gt", 0))
        naive = datetime(2026, 1, 1)
        with pytest.raises(ValueError, match="timezone-aware"):
            rule.outcome(facts(size_gb=1), naive)
        with pytest.raises(ValueError, match="timezone-aware"):
            rule.outcomes([], naive)
        with pytest.raises(ValueError, match="timezone-aware"):
            evaluate(rule, facts(size_gb=1), naive)


def test_an_unknown_subclass_is_still_unknown() -> None:
    class Timeout(Unknown):
        pass

    item = facts(title=Timeout("TMDB timed out", "tmdb"))
    assert item["title"] == Unknown("TMDB timed out", "tmdb")
    assert compiled(cond("title", "exists")).outcome(item, NOW) is U
