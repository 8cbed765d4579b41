"""Plex watchlists through Discover: own, a friend's, private, managed and failing reads."""

from __future__ import annotations

from datetime import UTC

import pytest

from tendarr.domain.household import (
    AccountKind,
    RemoteAccount,
    RemoteWatchEntry,
    WatchlistFetch,
    WatchlistMethod,
)
from tendarr.domain.media import ExternalIds, ItemKind
from tendarr.sim.faults import Fault
from tendarr.sim.model import User
from tendarr.sim.plex.library import plex_hex
from tendarr.sim.world import World
from tests.integration.plex.conftest import SERVER_ID
from tests.integration.plex.household_sim import DISCOVER, HouseholdSim, make_household

WATCHLIST = "/library/sections/watchlist/all"


@pytest.fixture
def sim() -> HouseholdSim:
    return make_household()


def _account(user: User, kind: AccountKind) -> RemoteAccount:
    return RemoteAccount(
        SERVER_ID, str(user.plex_account_id), user.username, kind, plex_uuid=user.plex_uuid
    )


def _expected(world: World, user: User) -> tuple[RemoteWatchEntry, ...]:
    """Return the user's watchlist as Discover lists it: newest first, with ids."""
    out = []
    for entry in sorted(
        (e for e in world.watchlist if e.user_id == user.id),
        key=lambda e: e.added_at,
        reverse=True,
    ):
        if entry.kind == "movie":
            movie = world.movie_by_id[entry.item_id]
            ids = ExternalIds(tmdb=movie.tmdb_id, imdb=movie.imdb_id)
            kind, title, year, key = ItemKind.MOVIE, movie.title, movie.year, movie.tmdb_id
        else:
            show = world.show_by_id[entry.item_id]
            ids = ExternalIds(tmdb=show.tmdb_id, tvdb=show.tvdb_id, imdb=show.imdb_id)
            kind, title, year, key = ItemKind.SHOW, show.title, show.year, show.tmdb_id
        out.append(
            RemoteWatchEntry(
                kind=kind,
                title=title,
                ids=ids,
                year=year,
                added_at=entry.added_at.astimezone(UTC).replace(microsecond=0),
                native_id=plex_hex(entry.kind, key),
            )
        )
    return tuple(out)


def test_own_watchlist_is_read_with_the_users_token_page_by_page(sim: HouseholdSim) -> None:
    friend = sim.cast.friend
    expected = _expected(sim.world, friend)
    assert len(expected) == 8
    assert any(e.kind is ItemKind.SHOW for e in expected)

    fetch = sim.adapter(watchlist_page_size=3).watchlist(
        _account(friend, AccountKind.FRIEND), friend.plex_token
    )

    assert fetch == WatchlistFetch(WatchlistMethod.DIRECT, complete=True, entries=expected)
    pages = sim.sent_to(DISCOVER, WATCHLIST)
    assert [r.url.params["X-Plex-Container-Start"] for r in pages] == ["0", "3", "6"]
    assert {r.headers["X-Plex-Token"] for r in sim.sent_to(DISCOVER)} == {friend.plex_token}
    # The listing carries no Guid list, so each title's ids come from its own metadata.
    assert len(sim.sent_to(DISCOVER, "/library/metadata/")) == len(expected)


def test_owner_watchlist_is_read_with_the_server_token(sim: HouseholdSim) -> None:
    owner = sim.cast.owner

    fetch = sim.adapter().watchlist(_account(owner, AccountKind.OWNER))

    assert fetch == WatchlistFetch(
        WatchlistMethod.DIRECT, complete=True, entries=_expected(sim.world, owner)
    )
    assert {r.headers["X-Plex-Token"] for r in sim.sent_to(DISCOVER)} == {sim.token}


def test_friend_watchlist_is_read_through_the_owner_token(sim: HouseholdSim) -> None:
    friend = sim.cast.friend

    fetch = sim.adapter(watchlist_page_size=5).watchlist(_account(friend, AccountKind.FRIEND))

    assert fetch == WatchlistFetch(
        WatchlistMethod.FRIEND, complete=True, entries=_expected(sim.world, friend)
    )
    pages = sim.sent_to(DISCOVER, WATCHLIST)
    assert len(pages) == 2
    assert {r.url.params["uuid"] for r in pages} == {friend.plex_uuid}
    assert {r.headers["X-Plex-Token"] for r in sim.sent_to(DISCOVER)} == {sim.token}


def test_home_member_watchlist_is_read_as_a_friends(sim: HouseholdSim) -> None:
    member = sim.cast.other_home  # the Home member with a non-empty watchlist
    expected = _expected(sim.world, member)
    assert expected

    fetch = sim.adapter().watchlist(_account(member, AccountKind.HOME))

    assert fetch == WatchlistFetch(WatchlistMethod.FRIEND, complete=True, entries=expected)


def test_private_friend_watchlist_is_private_and_incomplete(sim: HouseholdSim) -> None:
    friend = sim.cast.private_friend
    assert _expected(sim.world, friend)  # there is a list; it just cannot be seen

    fetch = sim.adapter().watchlist(_account(friend, AccountKind.FRIEND))

    assert (fetch.method, fetch.complete, fetch.entries) == (WatchlistMethod.PRIVATE, False, ())
    assert fetch.problem is not None
    assert "private" in fetch.problem


def test_managed_user_without_a_token_has_no_readable_watchlist(sim: HouseholdSim) -> None:
    fetch = sim.adapter().watchlist(_account(sim.cast.managed, AccountKind.MANAGED))

    assert (fetch.method, fetch.complete, fetch.entries) == (WatchlistMethod.NONE, False, ())
    assert fetch.problem
    assert sim.sent_to(DISCOVER) == []


def test_a_failing_page_leaves_the_fetch_incomplete_with_what_was_read(sim: HouseholdSim) -> None:
    friend = sim.cast.friend
    sim.discover_faults.add(Fault("fail_page", path=WATCHLIST, page=1, page_size=3, status=500))

    fetch = sim.adapter(watchlist_page_size=3).watchlist(_account(friend, AccountKind.FRIEND))

    assert (fetch.method, fetch.complete) == (WatchlistMethod.FRIEND, False)
    assert fetch.entries == _expected(sim.world, friend)[:3]
    assert fetch.problem is not None
    assert "500" in fetch.problem


def test_a_title_whose_ids_cannot_be_read_leaves_the_fetch_incomplete(sim: HouseholdSim) -> None:
    friend = sim.cast.friend
    sim.discover_faults.add(Fault("status", path="/library/metadata/.*", status=503, times=99))

    fetch = sim.adapter().watchlist(_account(friend, AccountKind.FRIEND), friend.plex_token)

    assert (fetch.method, fetch.complete, fetch.entries) == (WatchlistMethod.DIRECT, False, ())
    assert fetch.problem is not None
    assert "503" in fetch.problem


def test_a_rejected_user_token_is_an_incomplete_direct_fetch(sim: HouseholdSim) -> None:
    fetch = sim.adapter().watchlist(_account(sim.cast.friend, AccountKind.FRIEND), "revoked")

    assert (fetch.method, fetch.complete, fetch.entries) == (WatchlistMethod.DIRECT, False, ())
    assert fetch.problem is not None
    assert "401" in fetch.problem


def test_a_rejected_owner_token_is_not_mistaken_for_privacy(sim: HouseholdSim) -> None:
    sim.discover_faults.add(Fault("status", path=WATCHLIST, status=401))

    fetch = sim.adapter().watchlist(_account(sim.cast.friend, AccountKind.FRIEND))

    assert (fetch.method, fetch.complete, fetch.entries) == (WatchlistMethod.FRIEND, False, ())
    assert fetch.problem is not None
    assert "401" in fetch.problem


def test_a_body_that_is_not_json_is_an_incomplete_fetch(sim: HouseholdSim) -> None:
    sim.discover_faults.add(Fault("malformed", path=WATCHLIST))

    fetch = sim.adapter().watchlist(_account(sim.cast.owner, AccountKind.OWNER))

    assert (fetch.complete, fetch.entries) == (False, ())
    assert fetch.problem is not None
    assert "not JSON" in fetch.problem


def test_an_empty_watchlist_is_complete_only_because_discover_said_so(sim: HouseholdSim) -> None:
    member = sim.cast.home
    assert _expected(sim.world, member) == ()

    fetch = sim.adapter().watchlist(_account(member, AccountKind.HOME), member.plex_token)

    assert fetch == WatchlistFetch(WatchlistMethod.DIRECT, complete=True, entries=())
