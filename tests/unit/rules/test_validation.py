"""Validation: a rule is saved only when every name is known and every value fits.

Each bad document must fail with ``InvalidRule`` (a ``ValidationFailed``, HTTP 400) whose
message names the path of the problem, so the editor can point at it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.media import ItemKind
from tendarr.domain.rules import (
    ActionSettings,
    DueAction,
    GroupKind,
    InvalidRule,
    Mode,
    compile_rule,
    rule_to_raw,
    validate_rule,
)
from tendarr.domain.rules.model import Condition, Group, Rule

from .factories import cond, document

OK = cond("play_count", "eq", 0)


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = OK
    for _ in range(depth):
        node = {"all": [node]}
    return node


INVALID: list[tuple[Any, str, str]] = [
    # (document, path, words the message must contain)
    (document(cond("plays", "eq", 1)), "conditions[0].property", "unknown property: 'plays'"),
    (document(OK, OK, {"any": [OK, cond("play_count", "contains", 1)]}),
     "conditions[2].any[1].operator", "unknown operator for number property 'play_count'"),
    (document(cond("title", "gt", "a")), "conditions[0].operator", "unknown operator"),
    (document(cond("play_count", "eq", "3")), "conditions[0].value", "must be a number"),
    (document(cond("play_count", "eq", True)), "conditions[0].value", "must be a number"),
    (document(cond("play_count", "eq")), "conditions[0].value", "a value is required"),
    (document(cond("play_count", "between", [5, 1])), "conditions[0].value", "low (5)"),
    (document(cond("play_count", "between", [1])), "conditions[0].value", "two numbers"),
    (document(cond("play_count", "between", [1, "x"])), "conditions[0].value[1]", "number"),
    (document(cond("size_gb", "gt", -1)), "conditions[0].value", "must not be negative"),
    (document(cond("arr_monitored", "is_true", True)), "conditions[0].value", "takes no value"),
    (document(cond("title", "matches", "(unclosed")), "conditions[0].value",
     "invalid regular expression"),
    (document(cond("title", "equals", "")), "conditions[0].value", "must not be empty"),
    (document(cond("title", "in", [])), "conditions[0].value", "must not be empty"),
    (document(cond("title", "in", ["a", 2])), "conditions[0].value[1]", "must be a string"),
    (document(cond("days_since_added", "before", "01/02/2024")), "conditions[0].value",
     "not an ISO date"),
    (document(cond("days_since_added", "before", "2024-01-02T10:00:00")), "conditions[0].value",
     "needs a UTC offset"),
    (document(cond("requested_by", "contains", 0)), "conditions[0].value", "user id"),
    (document(cond("series_status", "equals", "ended")), "conditions[0].property",
     "does not apply to movie rules"),
    (document(cond("studio", "contains", "A24"), target="show"), "conditions[0].property",
     "does not apply to show rules"),
    (document(), "conditions", "must not be empty"),
    (document({"any": []}), "conditions[0].any", "must not be empty"),
    (document({"not": [OK]}), "conditions[0].not", "one condition or group"),
    (document({"all": OK}), "conditions[0].all", "takes a list"),
    (document({"all": [OK], "any": [OK]}), "conditions[0]", "exactly one key"),
    (document({"all": [OK], "property": "title"}), "conditions[0]", "exactly one key"),
    (document("play_count > 3"), "conditions[0]", "must be an object"),
    (document({**OK, "negate": True}), "conditions[0].negate", "unknown key"),
    (document({"operator": "eq", "value": 1}), "conditions[0].property", "is required"),
    (document(cond("play_count", "", 1)), "conditions[0].operator", "unknown operator"),
    (document(_nested(8)), "conditions[0]" + ".all[0]" * 7 + ".all", "deeper than 8"),
    (document({"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": OK}}}}}}}}),
     "conditions[0]" + ".not" * 8, "deeper than 8"),
    (document(*([OK] * 101)), "conditions[100]", "at most 100 conditions"),
    ({"target": "movie", "conditions": [OK]}, "name", "is required"),
    (document(OK, name="   "), "name", "is required"),
    (document(OK, name="x" * 121), "name", "at most 120"),
    (document(OK, target="album"), "target", "unknown value 'album'"),
    ({"name": "x", "conditions": [OK]}, "target", "is required"),
    ({"name": "x", "target": "movie", "conditions": OK}, "conditions", "must be a non-empty list"),
    (document(OK, mode="auto"), "mode", "unknown value 'auto'"),
    (document(OK, grace_days=0), "grace_days", "from 1 to 3650"),
    (document(OK, grace_days=15.5), "grace_days", "whole number"),
    (document(OK, grace_days=True), "grace_days", "whole number"),
    (document(OK, library_ids="plex-1:1"), "library_ids", "must be a list"),
    (document(OK, library_ids=["a", "a"]), "library_ids", "more than once"),
    (document(OK, library_ids=[""]), "library_ids[0]", "non-empty"),
    (document(OK, actions={"on_due": "shred"}), "actions.on_due", "unknown value 'shred'"),
    (document(OK, actions={"import_exclusion": "yes"}), "actions.import_exclusion",
     "true or false"),
    (document(OK, actions={"delete_everything": True}), "actions.delete_everything",
     "unknown key"),
    (document(OK, actions={"on_due": "unmonitor", "delete_files_directly": True}),
     "actions.on_due", "cannot also delete"),
    (document(OK, id=7), "id", "unknown key"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "path", "words"), INVALID, ids=[p for _, p, _ in INVALID])
def test_invalid_rule_is_rejected_naming_the_path(raw: Any, path: str, words: str) -> None:
    with pytest.raises(InvalidRule) as caught:
        validate_rule(raw)
    assert caught.value.path == path
    assert words in caught.value.message
    assert caught.value.message.startswith(f"{path}: ")


def test_there_are_at_least_25_invalid_cases() -> None:
    assert len(INVALID) >= 25


def test_invalid_rule_is_a_validation_failure() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_rule(document(cond("nope", "eq", 1)))
    assert caught.value.code == "VALIDATION_ERROR"


def test_a_typo_gets_a_suggestion() -> None:
    with pytest.raises(InvalidRule, match="did you mean 'play_count'"):
        validate_rule(document(cond("play_cont", "eq", 1)))


def test_a_new_rule_defaults_to_dry_run_with_15_days_grace() -> None:
    rule = validate_rule(document(OK))
    assert rule.mode is Mode.DRY_RUN
    assert rule.grace_days == 15
    assert rule.library_ids == frozenset()
    assert rule.actions == ActionSettings()
    assert rule.actions.import_exclusion is True


def test_a_full_rule_reads_every_field() -> None:
    raw = document(
        cond("watched_by_anyone", "is_true"),
        {"any": [cond("genre", "contains_any", ["Horror"]), {"not": cond("label", "is_empty")}]},
        cond("days_since_added", "after", "2024-02-29"),
        target="season",
        name="  Old seasons  ",
        library_ids=["plex-1:2", "jellyfin-1:abc"],
        mode="review",
        grace_days=30,
        actions={"on_due": "unmonitor", "clear_request": False},
    )
    rule = validate_rule(raw)
    assert rule.name == "Old seasons"
    assert rule.target is ItemKind.SEASON
    assert rule.mode is Mode.REVIEW
    assert rule.grace_days == 30
    assert rule.actions.on_due is DueAction.UNMONITOR
    assert rule.actions.clear_request is False
    assert rule.library_ids == {"plex-1:2", "jellyfin-1:abc"}
    assert rule.root.kind is GroupKind.ALL
    assert [c.property for c in rule.conditions()] == [
        "watched_by_anyone", "genre", "label", "days_since_added",
    ]  # fmt: skip


def test_a_rule_survives_the_round_trip_through_its_document() -> None:
    raw = document(
        cond("days_since_added", "before", "2024-01-02T10:00:00+02:00"),
        cond("size_gb", "between", [1, 2.5]),
        {
            "not": {
                "any": [cond("requested_by", "contains_all", [1, 2]), cond("title", "in", ["A"])]
            }
        },
        library_ids=["b", "a"],
    )
    rule = validate_rule(raw)
    assert validate_rule(rule_to_raw(rule)) == rule


def test_exactly_eight_levels_are_allowed() -> None:
    validate_rule(document(_nested(7)))


def test_exactly_100_conditions_are_allowed() -> None:
    validate_rule(document(*([OK] * 100)))


def test_compiling_a_hand_built_rule_validates_it_first() -> None:
    bad = Rule(
        name="hand made",
        target=ItemKind.MOVIE,
        root=Group(GroupKind.ALL, (Condition("does_not_exist", "eq", 1),)),
    )
    with pytest.raises(InvalidRule, match="unknown property"):
        compile_rule(bad)
    wrong_operator = Rule("x", ItemKind.MOVIE, Group(GroupKind.ALL, (Condition("title", "gt", 1),)))
    with pytest.raises(InvalidRule, match="unknown operator"):
        compile_rule(wrong_operator)
    no_grace = Rule(
        "x", ItemKind.MOVIE, Group(GroupKind.ALL, (Condition("title", "exists"),)), grace_days=0
    )
    with pytest.raises(InvalidRule, match="grace_days"):
        compile_rule(no_grace)
