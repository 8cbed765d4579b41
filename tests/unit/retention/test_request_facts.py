"""Request facts: requests matched by id, requesters by account id, email or name."""

from __future__ import annotations

import pytest

from tendarr.domain.rules import TextSet, Unknown
from tendarr.ports.requests import Requester
from tendarr.services.cleanup_requests import RequestFacts
from tests.unit.retention.support import (
    ALICE,
    BOB,
    ago,
    asked,
    facts_of,
    movie,
    request,
    snapshot,
    watched,
)

BY_PLEX_ID = Requester(7, plex_id=1001, plex_username="someone-else")
BY_EMAIL = Requester(8, email="BOB@EXAMPLE.COM")
BY_NAME = Requester(9, jellyfin_username="ALICEP")
STRANGER = Requester(10, email="who@nowhere", username="ghost")


@pytest.mark.parametrize(("who", "user"), [(BY_PLEX_ID, ALICE), (BY_EMAIL, BOB), (BY_NAME, ALICE)])
def test_requester_matches_a_user_by_account_id_email_or_name_ignoring_case(
    who: Requester, user: int
) -> None:
    views = facts_of(snapshot([movie(1, 500)]), asked(request(1, who, 500)))
    assert views[1].facts.value("requested_by") == frozenset({user})
    assert views[1].facts.value("days_since_requested") is not None


def test_requests_match_by_tmdb_id_never_title() -> None:
    items = [movie(1, 500, "Same"), movie(2, 501, "Same"), movie(3, None, "Same")]
    views = facts_of(snapshot(items), asked(request(1, BY_EMAIL, 501)))
    assert views[1].facts.value("requested_by") == frozenset()
    assert views[1].facts.value("days_since_requested") is None  # never requested
    assert views[2].facts.value("requested_by") == frozenset({BOB})
    assert isinstance(views[3].facts.value("requested_by"), Unknown)  # no id to match by


def test_declined_requests_do_not_count() -> None:
    views = facts_of(snapshot([movie(1, 500)]), asked(request(1, BY_EMAIL, 500, status=3)))
    assert views[1].facts.value("requested_by") == frozenset()


def test_no_app_configured_leaves_request_facts_unknown() -> None:
    views = facts_of(snapshot([movie(1, 500)]), None)
    value = views[1].facts.value("requested_by")
    assert isinstance(value, Unknown)
    assert value.reason == "requests are not connected yet"
    assert isinstance(views[1].facts.value("watched_by_requester"), Unknown)


def test_a_failed_app_makes_every_request_fact_unknown_with_its_reason() -> None:
    failed = RequestFacts(failure="Overseerr: Overseerr is rate limiting requests")
    facts = facts_of(snapshot([movie(1, 500)]), failed)[1].facts
    for name in ("requested_by", "days_since_requested", "watched_by_requester",
                 "days_since_requester_watched", "others_in_progress", "on_others_watchlist",
                 "days_since_available"):  # fmt: skip
        value = facts.value(name)
        assert isinstance(value, Unknown), name
        assert "rate limiting" in value.reason, name


def test_an_unmatched_requester_makes_requester_facts_unknown_not_someone_elses() -> None:
    facts = facts_of(snapshot([movie(1, 500)]), asked(request(1, STRANGER, 500)))[1].facts
    assert isinstance(facts.value("requested_by"), Unknown)
    assert isinstance(facts.value("watched_by_requester"), Unknown)
    assert isinstance(facts.value("others_in_progress"), Unknown)
    names = facts.value("requester_names")
    assert isinstance(names, TextSet)
    assert "ghost" in names


def test_watched_by_requester_reads_the_requesters_own_history() -> None:
    snap = snapshot([movie(1, 500), movie(2, 501)], [watched(1, BOB, 40), watched(2, ALICE, 5)])
    views = facts_of(snap, asked(request(1, BY_PLEX_ID, 500), request(2, BY_PLEX_ID, 501)))
    assert views[1].facts.value("watched_by_requester") is False  # Bob watched, not Alice
    assert views[1].facts.value("days_since_requester_watched") is None
    assert views[2].facts.value("watched_by_requester") is True
    assert views[2].facts.value("days_since_requester_watched") is not None


def test_others_progress_and_watchlists_exclude_the_requester() -> None:
    snap = snapshot(
        [movie(1, 500), movie(2, 501)],
        [watched(1, ALICE, 3, done=False), watched(2, BOB, 3, done=False)],
        watchlisted=[(1, ALICE), (2, BOB)],
    )
    views = facts_of(snap, asked(request(1, BY_PLEX_ID, 500), request(2, BY_PLEX_ID, 501)))
    assert views[1].facts.value("others_in_progress") is False  # only Alice herself
    assert views[1].facts.value("on_others_watchlist") is False
    assert views[2].facts.value("others_in_progress") is True
    assert views[2].facts.value("on_others_watchlist") is True


def test_available_comes_from_the_app_else_the_library() -> None:
    snap = snapshot([movie(1, 500), movie(2, 501)])
    views = facts_of(snap, asked(request(1, BY_EMAIL, 500, available=10)))
    one = views[1].facts.value("days_since_available")
    two = views[2].facts.value("days_since_available")
    assert (one, two) == (ago(10), ago(200))  # two: when the library first saw it


def test_an_unrequested_item_has_known_empty_request_facts() -> None:
    snap = snapshot([movie(1, 500)], [watched(1, BOB, 2, done=False)])
    facts = facts_of(snap, asked())[1].facts
    assert facts.value("requested_by") == frozenset()
    assert facts.value("requester_names") == frozenset()
    assert facts.value("watched_by_requester") is None
    assert facts.value("others_in_progress") is True  # nobody requested it: anyone counts
