"""The Jellyfin adapter reads the household: accounts, plays, sessions and favourites."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tendarr.domain.household import (
    AccountKind,
    PlaySource,
    RemoteAccount,
    RemoteSession,
    WatchlistFetch,
    WatchlistMethod,
)
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.jellyfin.adapter import JellyfinServer
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.integrations.mediabrowser.favorites import favourites
from tendarr.integrations.mediabrowser.userdata import ItemsQuery
from tendarr.integrations.mediabrowser.wire import Json
from tendarr.ports.household import HouseholdSource
from tendarr.ports.media_server import ServerAuthFailed, ServerUnreachable
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.model import Favorite, MediaServer
from tendarr.sim.world import World
from tests.integration.jellyfin.conftest import DEVICE, SERVER_ID, Rig
from tests.integration.jellyfin.household_view import (
    account_id,
    expected_accounts,
    expected_favourites,
    expected_plays,
    flatten,
    members,
)
from tests.simulators import simulators

SOURCE = PlaySource.JELLYFIN


def sim_of(rig: Rig) -> SimServer:
    sim: SimServer = rig.app.state.sim
    return sim


def item_requests(rig: Rig) -> list[dict[str, str]]:
    return [dict(r.url.params) for r in rig.sent.requests if r.url.path == "/Items"]


def test_jellyfin_server_is_a_household_source(rig: Rig) -> None:
    source: HouseholdSource = rig.server()
    assert source.server_id == SERVER_ID


def test_accounts_are_the_servers_users_with_the_owner_as_admin(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    accounts = rig.server().accounts()
    assert accounts == expected_accounts(world, sim_server, SERVER_ID)
    assert [a.kind for a in accounts] == [AccountKind.ADMIN, AccountKind.USER, AccountKind.USER]
    assert rig.sent.paths() == ["/Users"]


def test_history_is_every_users_played_and_in_progress_items(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    plays = flatten(rig.server().watch_history(page_size=5))
    expected = expected_plays(world, sim_server, SERVER_ID, SOURCE)
    assert len(expected) == len([p for p in world.plays if p.server_id == sim_server.id])
    assert len(plays) == len(expected)
    assert set(plays) == expected
    assert {p.account_native_id for p in plays} == {
        account_id(u, sim_server) for u in members(world, sim_server)
    }


def test_history_asks_for_each_users_played_items_newest_first(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    list(rig.server().watch_history(page_size=100))
    sent = item_requests(rig)
    owner = account_id(members(world, sim_server)[0], sim_server)
    assert sent[0] == {
        "userId": owner,
        "recursive": "true",
        "includeItemTypes": "Movie,Episode",
        "filters": "IsPlayed",
        "isPlayed": "true",
        "sortBy": "DatePlayed,SortName",
        "sortOrder": "Descending",
        "enableUserData": "true",
        "enableImages": "false",
        "startIndex": "0",
        "limit": "100",
    }
    assert sent[1]["filters"] == "IsResumable"
    assert sent[1]["isPlayed"] == "false"
    assert [s["userId"] for s in sent] == [
        account_id(u, sim_server) for u in members(world, sim_server) for _ in range(2)
    ]


def test_in_progress_items_carry_where_they_stopped(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    history = flatten(rig.server().watch_history())
    plays = {(p.account_native_id, p.item_native_id): p for p in history}
    partial = [p for p in world.plays if not p.completed]
    assert partial
    for play in partial:
        user = account_id(world.user_by_id[play.user_id], sim_server)
        got = plays[(user, sim_server.native_ids[(play.item_kind, play.item_id)])]
        assert (got.completed, got.position_ms, got.play_count) == (
            False,
            play.view_offset_ms,
            0,
        )
        assert got.watched_at == play.stopped_at


def test_history_since_holds_only_later_plays_and_stops_paging_early(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    stopped = sorted(p.stopped_at for p in world.plays)
    since = stopped[len(stopped) * 3 // 4]
    plays = flatten(rig.server().watch_history(since, page_size=3))
    expected = expected_plays(world, sim_server, SERVER_ID, SOURCE, since=since)
    assert 0 < len(expected) < len(stopped) // 3
    assert set(plays) == expected
    assert all(p.watched_at > since for p in plays)
    read_since = len(item_requests(rig))
    list(rig.server().watch_history(page_size=3))
    assert read_since < len(item_requests(rig)) - read_since


def test_a_rewatch_stopped_midway_stays_played_with_its_new_position(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    viewer = members(world, sim_server)[1]
    earlier = next(p for p in world.plays if p.user_id == viewer.id and p.completed)
    native = sim_server.native_ids[(earlier.item_kind, earlier.item_id)]
    before = world.now
    session = sim_of(rig).start_playback(viewer, native)
    world.advance(600)
    again = sim_of(rig).stop_playback(session.id, 300_000)
    plays = flatten(rig.server().watch_history(before))
    assert set(plays) == expected_plays(world, sim_server, SERVER_ID, SOURCE, since=before)
    [got] = plays
    assert (got.item_native_id, got.completed, got.position_ms, got.play_count) == (
        native,
        True,
        300_000,
        1,
    )
    assert got.watched_at == again.stopped_at


def test_history_follows_viewers_while_the_world_clock_runs(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    before = world.now
    world.viewers_active = True
    world.advance(timedelta(days=7).total_seconds())
    new = [p for p in world.plays if p.stopped_at > before]
    assert new
    plays = flatten(rig.server().watch_history(before))
    assert set(plays) == expected_plays(world, sim_server, SERVER_ID, SOURCE, since=before)
    assert {(p.account_native_id, p.item_native_id) for p in plays} == {
        (
            account_id(world.user_by_id[p.user_id], sim_server),
            sim_server.native_ids[(p.item_kind, p.item_id)],
        )
        for p in new
    }


def test_a_listing_failing_midway_fails_the_whole_history(rig: Rig, faults: FaultPlan) -> None:
    faults.add(Fault("fail_page", path="/Items", page=1, page_size=5, status=500))
    with pytest.raises(ServerUnreachable, match="500"):
        list(rig.server().watch_history(page_size=5))


def test_a_rejected_key_fails_history_with_auth_failed(rig: Rig, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/Items", status=401))
    with pytest.raises(ServerAuthFailed):
        list(rig.server().watch_history())


def test_sessions_report_what_each_viewer_is_playing(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    owner, viewer = members(world, sim_server)[:2]
    show = next(s for s in world.shows if s.in_library)
    episode = next(e for e in show.episodes() if e.file is not None)
    movie = next(m for m in world.movies if m.file is not None)
    assert episode.file is not None
    assert movie.file is not None
    watching = sim_of(rig).start_playback(owner, sim_server.native_ids[("episode", episode.id)])
    watching.position_ticks = 754_321 * 10_000
    paused = sim_of(rig).start_playback(viewer, sim_server.native_ids[("movie", movie.id)])
    paused.position_ticks, paused.is_paused = 60_000 * 10_000, True
    sessions = sorted(rig.server().sessions(), key=lambda s: s.account_native_id)
    number = f"S{episode.season_number:02d}E{episode.episode_number:02d}"
    expected = [
        RemoteSession(
            SERVER_ID,
            watching.id,
            account_id(owner, sim_server),
            sim_server.native_ids[("episode", episode.id)],
            f"{show.title} — {number} — {episode.title}",
            "playing",
            754_321,
            episode.file.duration_ms,
            "Jellyfin Web (Chrome)",
            False,
        ),
        RemoteSession(
            SERVER_ID,
            paused.id,
            account_id(viewer, sim_server),
            sim_server.native_ids[("movie", movie.id)],
            movie.title,
            "paused",
            60_000,
            movie.file.duration_ms,
            "Jellyfin Web (Chrome)",
            False,
        ),
    ]
    assert sessions == sorted(expected, key=lambda s: s.account_native_id)
    assert rig.sent.paths() == ["/Sessions"]


def test_no_sessions_when_nobody_is_playing(rig: Rig) -> None:
    assert rig.server().sessions() == []


def test_a_failing_sessions_call_raises(rig: Rig, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/Sessions", status=500))
    with pytest.raises(ServerUnreachable):
        rig.server().sessions()


def test_favourites_stand_in_for_each_users_watchlist(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    viewer = members(world, sim_server)[2]
    show = next(s for s in world.shows if s.in_library)
    world.favorites.append(Favorite(viewer.id, sim_server.id, "show", show.id, world.now))
    server = rig.server()
    for user in members(world, sim_server):
        account = RemoteAccount(
            SERVER_ID, account_id(user, sim_server), user.username, AccountKind.USER
        )
        fetch = server.watchlist(account)
        expected = expected_favourites(world, sim_server, user)
        assert (fetch.method, fetch.complete, fetch.problem) == (WatchlistMethod.DIRECT, True, None)
        assert len(fetch.entries) == len(expected)
        assert set(fetch.entries) == expected
    assert len(expected_favourites(world, sim_server, viewer)) >= 3
    sent = item_requests(rig)[-1]
    assert (sent["isFavorite"], sent["includeItemTypes"], sent["fields"]) == (
        "true",
        "Movie,Series",
        "ProviderIds,ProductionYear",
    )


def test_a_500_midway_through_favourites_is_an_incomplete_fetch(
    rig: Rig, world: World, sim_server: MediaServer, faults: FaultPlan
) -> None:
    viewer = members(world, sim_server)[2]
    assert len(expected_favourites(world, sim_server, viewer)) > 2
    faults.add(Fault("fail_page", path="/Items", page=1, page_size=2, status=500))

    def fetch(query: ItemsQuery) -> Json:
        return rig.client.user_items(account_id(viewer, sim_server), query)

    result = favourites(fetch, vendor="Jellyfin", page_size=2)
    assert (result.complete, result.entries) == (False, ())
    assert result.problem is not None
    assert "HTTP 500" in result.problem
    assert [r["startIndex"] for r in item_requests(rig)] == ["0", "2"]


def test_a_failed_favourites_read_is_incomplete_never_empty(
    rig: Rig, world: World, sim_server: MediaServer, faults: FaultPlan
) -> None:
    viewer = members(world, sim_server)[2]
    account = RemoteAccount(
        SERVER_ID, account_id(viewer, sim_server), viewer.username, AccountKind.USER
    )
    faults.add(Fault("status", path="/Items", status=401))
    assert rig.server().watchlist(account) == WatchlistFetch(
        WatchlistMethod.DIRECT,
        complete=False,
        problem=(
            "favourites could not be read: Jellyfin rejected the credentials (HTTP 401); "
            "sign in again"
        ),
    )


def test_household_over_loopback_http(world: World, sim_server: MediaServer) -> None:
    with simulators(world) as described:
        endpoint = described["jellyfin"]
        with httpx.Client(base_url=endpoint["url"], timeout=10) as http:
            client = JellyfinClient(VendorHttp(http, "Jellyfin"), DEVICE, endpoint["api_key"])
            server = JellyfinServer(client, server_id=SERVER_ID)
            accounts = server.accounts()
            plays = flatten(server.watch_history(page_size=10))
    assert accounts == expected_accounts(world, sim_server, SERVER_ID)
    assert set(plays) == expected_plays(world, sim_server, SERVER_ID, SOURCE)
    assert len(plays) == len(expected_plays(world, sim_server, SERVER_ID, SOURCE))
