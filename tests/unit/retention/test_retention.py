"""Per-user retention: the form, its compiled rule, and verdicts on generated households."""

from __future__ import annotations

from typing import Any

import pytest

from tendarr.domain.retention import judge, rule_documents, validate_retention
from tendarr.domain.retention.evaluate import NOT_APPLICABLE
from tendarr.domain.rules import InvalidRule, Outcome
from tendarr.ports.requests import Requester
from tendarr.services.cleanup_requests import RequestFacts
from tests.unit.retention.support import (
    ALICE,
    BOB,
    NOW,
    ago,
    asked,
    facts_of,
    movie,
    request,
    snapshot,
    watched,
)

ALICE_SEERR = Requester(7, plex_id=1001, email="alice@example.com")


def rule(**changes: Any) -> Any:
    form = {"name": "Alice", "requesters": [{"email": "ALICE@example.com"}], "days": 7}
    return validate_retention({**form, **changes})


def verdict(r: Any, snap: Any, facts: RequestFacts | None = None) -> Any:
    view = facts_of(snap, facts or asked(request(1, ALICE_SEERR, 500)))[1]
    return judge(r, view.facts, NOW)


def test_kept_until_the_requester_watched_it_when_watching_is_required() -> None:
    someone_else = snapshot([movie(1, 500)], [watched(1, BOB, 30)])
    result = verdict(rule(), someone_else)
    assert result.outcome is Outcome.FALSE
    assert result.due_at is None
    by_requester = snapshot([movie(1, 500)], [watched(1, ALICE, 30)])
    result = verdict(rule(), by_requester)
    assert result.outcome is Outcome.TRUE
    assert result.due_at == ago(30 - 7)


def test_not_due_before_n_days_after_the_requester_watched() -> None:
    result = verdict(rule(days=60), snapshot([movie(1, 500)], [watched(1, ALICE, 30)]))
    assert result.outcome is Outcome.FALSE
    assert result.due_at == ago(30 - 60)


def test_available_basis_counts_from_availability_without_a_watch() -> None:
    r = rule(basis="available", require_watched=False, days=30)
    assert verdict(r, snapshot([movie(1, 500)])).outcome is Outcome.TRUE  # available 90 d ago
    assert verdict(rule(basis="available", days=30), snapshot([movie(1, 500)])).outcome is (
        Outcome.FALSE  # still requires the requester to have watched
    )


@pytest.mark.parametrize("other", ["in_progress", "watchlist"])
def test_another_member_in_progress_or_watchlisting_keeps_it(other: str) -> None:
    watch = [watched(1, ALICE, 30)]
    lists: list[tuple[int, int]] = []
    if other == "in_progress":
        watch.append(watched(1, BOB, 1, done=False))
    else:
        lists.append((1, BOB))
    snap = snapshot([movie(1, 500)], watch, lists)
    assert verdict(rule(), snap).outcome is Outcome.FALSE
    assert verdict(rule(respect_others=False), snap).outcome is Outcome.TRUE


def test_anything_unknown_keeps_with_the_reason() -> None:
    snap = snapshot([movie(1, 500)], [watched(1, ALICE, 30)])
    failed = RequestFacts(failure="Overseerr: cannot reach Overseerr")
    result = verdict(rule(), snap, failed)
    assert result.outcome is Outcome.UNKNOWN
    assert result.verdict == "unknown"
    assert any("cannot reach Overseerr" in reason for reason in result.reasons)
    assert result.due_at is None  # whose request it was is unknown: no date to promise
    unconnected = facts_of(snap, None)[1]
    assert judge(rule(), unconnected.facts, NOW).outcome is Outcome.UNKNOWN


def test_someone_elses_request_is_not_this_rules_business() -> None:
    bob = Requester(8, email="bob@example.com")
    snap = snapshot([movie(1, 500)], [watched(1, BOB, 30)])
    result = verdict(rule(), snap, asked(request(1, bob, 500)))
    assert result.outcome is Outcome.FALSE
    assert result.verdict == "keep"
    assert result.due_at is None
    assert result.reasons[0] == NOT_APPLICABLE
    assert any("requester_names" in reason for reason in result.reasons[1:])


@pytest.mark.parametrize("basis", ["watched", "available"])
def test_a_title_nobody_named_requested_has_no_due_date(basis: str) -> None:
    # Watched and available long ago: a date could be computed, but the rule does not apply.
    snap = snapshot([movie(1, 500), movie(2, 600)], [watched(1, ALICE, 30), watched(2, ALICE, 30)])
    for r in (rule(basis=basis), rule(basis=basis, require_watched=False)):
        nobody = verdict(r, snap, asked())
        assert (nobody.verdict, nobody.due_at) == ("keep", None)
        assert nobody.reasons[0] == NOT_APPLICABLE
        applies = verdict(r, snap)
        assert applies.verdict == "due"
        assert applies.due_at is not None
        assert NOT_APPLICABLE not in applies.reasons


def test_user_id_and_username_match_case_insensitively() -> None:
    snap = snapshot([movie(1, 500)], [watched(1, ALICE, 30)])
    assert verdict(rule(requesters=[{"user_id": ALICE}]), snap).outcome is Outcome.TRUE
    by_name = asked(request(1, Requester(7, jellyfin_username="AliceP"), 500))
    assert verdict(rule(requesters=[{"username": "alicep"}]), snap, by_name).outcome is (
        Outcome.TRUE
    )


def test_compiled_documents_cover_the_chosen_targets() -> None:
    assert set(rule_documents(rule(applies_to="movies"))) == {"movie"}
    assert set(rule_documents(rule())) == {"movie", "show"}


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"requesters": []}, "requesters"),
        ({"requesters": [{"nick": "x"}]}, "requesters[0].nick"),
        ({"days": -1}, "days"),
        ({"grace_days": 0}, "grace_days"),
        ({"basis": "soon"}, "basis"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_forms_name_the_field(change: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidRule, match=path.replace("[", r"\[").replace("]", r"\]")):
        rule(**change)
