"""Household sync with typed fake sources: linking, one watch state, protective watchlists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tendarr.bootstrap import Runtime
from tendarr.domain.household import (
    AccountKind,
    PlaySource,
    RemoteAccount,
    RemotePlay,
    RemoteSession,
    RemoteWatchEntry,
    WatchlistFetch,
    WatchlistMethod,
)
from tendarr.domain.media import ExternalIds, ItemKind, ServerKind
from tendarr.domain.servers import LibraryToggle, ServerConfig
from tendarr.ports.household import PlayHistorySource
from tendarr.ports.household_reads import HistoryQuery
from tendarr.ports.media_server import ServerUnreachable
from tendarr.services.household import HouseholdService
from tendarr.services.sync_household import HouseholdSync
from tests.integration.test_sync_library import Ctx, FakeServer, movie, show_tree, sync
from tests.support import FakeClock, install_env, make_runtime

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class FakeHousehold:
    """A HouseholdSource a test edits directly."""

    server_id: str
    source: PlaySource
    people: list[RemoteAccount] = field(default_factory=list)
    plays: list[RemotePlay] = field(default_factory=list)
    lists: dict[str, WatchlistFetch] = field(default_factory=dict)
    down: bool = False

    def accounts(self) -> list[RemoteAccount]:
        if self.down:
            raise ServerUnreachable("fake server is down")
        return list(self.people)

    def watch_history(
        self, since: datetime | None = None, *, page_size: int = 200
    ) -> Iterator[list[RemotePlay]]:
        chosen = [p for p in self.plays if since is None or p.watched_at >= since]
        for start in range(0, len(chosen), 2):
            yield chosen[start : start + 2]

    def sessions(self) -> list[RemoteSession]:
        if self.down:
            raise ServerUnreachable("fake server is down")
        return [RemoteSession(self.server_id, "s1", "jf-alice", "jm1", "A Film", "playing", 60_000)]

    def watchlist(self, account: RemoteAccount, user_token: str | None = None) -> WatchlistFetch:
        return self.lists.get(
            account.native_id, WatchlistFetch(WatchlistMethod.NONE, complete=False)
        )


@dataclass
class FakeTautulli:
    plays: list[RemotePlay] = field(default_factory=list)

    def history(
        self, since: datetime | None = None, *, page_size: int = 500
    ) -> Iterator[list[RemotePlay]]:
        yield [p for p in self.plays if since is None or p.watched_at >= since]


def account(
    server: str, native: str, name: str, kind: AccountKind, email: str | None = None
) -> RemoteAccount:
    return RemoteAccount(server, native, name, kind, email=email)


def play(
    server: str,
    source: PlaySource,
    event: str,
    who: str,
    item: str,
    hours: int,
    completed: bool = True,
    position: int | None = None,
    count: int | None = None,
) -> RemotePlay:
    return RemotePlay(
        server,
        source,
        event,
        who,
        item,
        T0 + timedelta(hours=hours),
        completed,
        position_ms=position,
        duration_ms=7_200_000,
        play_count=count,
    )


def entry(tmdb: int, title: str, kind: ItemKind = ItemKind.MOVIE) -> RemoteWatchEntry:
    return RemoteWatchEntry(kind, title, ExternalIds(tmdb=tmdb), added_at=T0)


@pytest.fixture
def rt(tmp_path: Path, database_url: str) -> Iterator[Runtime]:
    runtime = make_runtime(install_env(tmp_path / "data", database_url), clock=FakeClock(T0))
    runtime.auth.complete_setup_internal("admin", "correct-horse-battery")
    yield runtime
    runtime.close()


@dataclass
class World:
    rt: Runtime
    plex: FakeHousehold
    jelly: FakeHousehold
    tautulli: FakeTautulli

    def run(self, server_id: str, full: bool = False) -> dict[str, object]:
        sources = {"plex": self.plex, "jf": self.jelly}
        engine = HouseholdSync(
            self.rt.uow,
            self.rt.clock,
            lambda config: sources[config.id],
            lambda config: self.tautulli if config.id == "plex" else None,
        )
        return engine(Ctx(), {"server_id": server_id, "full": full})

    def service(self) -> HouseholdService:
        sources = {"plex": self.plex, "jf": self.jelly}
        return HouseholdService(self.rt.uow, self.rt.jobs, lambda config: sources[config.id])

    def media_id(self, tmdb: int) -> int:
        with self.rt.uow() as uow:
            found = uow.library.canonical_by_external("movie", [tmdb], [], [])
        return found[("tmdb", tmdb)]


def add_server(rt: Runtime, server_id: str, kind: ServerKind) -> None:
    config = ServerConfig(
        id=server_id,
        kind=kind,
        name=server_id,
        url="http://x",
        auth={"method": "token", "token": "t"}
        if kind is ServerKind.PLEX
        else {"method": "api_key", "api_key": "k"},
        libraries=(LibraryToggle("lib", "Library", "movie"),),
    )
    with rt.uow() as uow:
        uow.servers.add(config, T0)
        uow.commit()


@pytest.fixture
def world(rt: Runtime) -> World:
    add_server(rt, "plex", ServerKind.PLEX)
    add_server(rt, "jf", ServerKind.JELLYFIN)
    libraries = {
        "plex": FakeServer("plex", [movie("pm1", 1, "A Film"), movie("pm2", 2, "B Film")]),
        "jf": FakeServer("jf", [movie("jm1", 1, "A Film"), *show_tree("jf", 900, episodes=2)]),
    }
    sync(rt, libraries, "plex")
    sync(rt, libraries, "jf")
    plex = FakeHousehold(
        "plex",
        PlaySource.PLEX,
        people=[
            account("plex", "100", "Owner", AccountKind.OWNER, "owner@example.com"),
            account("plex", "200", "Alice", AccountKind.FRIEND, "alice@example.com"),
        ],
        plays=[
            play("plex", PlaySource.PLEX, "h1", "200", "pm1", 1),
            play("plex", PlaySource.PLEX, "h2", "100", "pm2", 2),
            play("plex", PlaySource.PLEX, "h3", "999", "pm2", 3),  # unknown account: skipped
        ],
    )
    jelly = FakeHousehold(
        "jf",
        PlaySource.JELLYFIN,
        people=[
            account("jf", "jf-alice", "alice", AccountKind.USER),
            account("jf", "jf-bob", "bob", AccountKind.USER),
        ],
        plays=[
            play("jf", PlaySource.JELLYFIN, "a:jm1:1", "jf-alice", "jm1", 5, count=1),
            play(
                "jf",
                PlaySource.JELLYFIN,
                "b:e1",
                "jf-bob",
                "jf-e1",
                6,
                completed=False,
                position=600_000,
            ),
        ],
    )
    return World(rt, plex, jelly, FakeTautulli())


def test_one_person_on_two_servers_is_one_user_with_one_watch_state(world: World) -> None:
    world.run("plex")
    world.run("jf")
    household = world.service().household()
    by_name = {m.username: m for m in household.members}
    # The owner belongs to the admin; Alice (Plex) and alice (Jellyfin) are one person.
    assert [a.server_id for a in by_name["admin"].accounts] == ["plex"]
    assert sorted(a.server_id for a in by_name["alice"].accounts) == ["jf", "plex"]
    assert by_name["alice"].accounts[0].linked_by in {"created", "username"}
    assert "bob" in by_name
    assert by_name["bob"].role == "user"
    assert household.unlinked == []
    watchers = world.service().item_watch(world.media_id(1))
    assert len(watchers) == 1
    alice = watchers[0]
    assert alice.username == "alice"
    assert alice.servers == ["jf", "plex"]
    assert alice.sources == ["jellyfin", "plex"]
    assert alice.plays == 2
    assert alice.completed


def test_in_progress_episode_keeps_its_position_and_counts_for_the_show(world: World) -> None:
    world.run("jf")
    with world.rt.uow() as uow:
        shows = uow.library.canonical_by_external("show", [], [900], [])
    show_id = shows[("tvdb", 900)]
    (bob,) = world.service().item_watch(show_id)
    assert bob.username == "bob"
    assert bob.episodes_completed == 0
    assert bob.episodes_total == 2
    assert not bob.completed
    rows, total = world.service().history(HistoryQuery(media_item_id=show_id))
    assert total == 1
    assert rows[0].title == "A Show — S01E01 — Ep 1"
    assert rows[0].position_ms == 600_000
    assert not rows[0].completed


def test_rereading_history_stores_each_event_once_and_tautulli_does_not_double_count(
    world: World,
) -> None:
    world.tautulli.plays = [play("plex", PlaySource.TAUTULLI, "t1", "200", "pm1", 1)]
    world.run("plex")
    world.run("plex", full=True)
    rows, total = world.service().history(HistoryQuery(server_id="plex"))
    assert total == 3  # h1, h2 and Tautulli's t1; h3 belongs to no known account
    assert {r.source for r in rows} == {"plex", "tautulli"}
    (alice,) = world.service().item_watch(world.media_id(1))
    assert alice.plays == 1  # Plex history and Tautulli saw the same viewing
    assert alice.sources == ["plex", "tautulli"]


def test_events_for_items_not_synced_yet_attach_after_the_library_catches_up(
    world: World, rt: Runtime
) -> None:
    world.plex.plays.append(play("plex", PlaySource.PLEX, "h9", "200", "pm3", 9))
    world.run("plex")
    rows, _ = world.service().history(HistoryQuery(server_id="plex"))
    assert rows[0].media_item_id is None
    assert "not in the library yet" in rows[0].title
    sync(
        rt,
        {"plex": FakeServer("plex", [movie("pm1", 1), movie("pm2", 2), movie("pm3", 3)])},
        "plex",
    )
    world.run("plex")
    rows, _ = world.service().history(HistoryQuery(server_id="plex"))
    assert rows[0].media_item_id == world.media_id(3)
    assert [w.username for w in world.service().item_watch(world.media_id(3))] == ["alice"]


def test_an_incomplete_watchlist_fetch_adds_but_never_removes(world: World) -> None:
    full = WatchlistFetch(
        WatchlistMethod.FRIEND, True, (entry(1, "A Film"), entry(50, "Not Here Yet"))
    )
    world.plex.lists["200"] = full
    world.run("plex")
    titles = sorted(v.entry.title for v in world.rt.watchlist.entries())
    assert titles == ["A Film", "Not Here Yet"]
    world.plex.lists["200"] = WatchlistFetch(
        WatchlistMethod.FRIEND, False, (entry(60, "Third"),), problem="page 2 failed: 500"
    )
    world.run("plex")
    titles = sorted(v.entry.title for v in world.rt.watchlist.entries())
    assert titles == ["A Film", "Not Here Yet", "Third"]
    household = world.service().household()
    alice = next(m for m in household.members if m.username == "alice")
    plex_account = next(a for a in alice.accounts if a.server_id == "plex")
    assert plex_account.watchlist_method is WatchlistMethod.FRIEND
    assert plex_account.watchlist_problem == "page 2 failed: 500"
    private = WatchlistFetch(WatchlistMethod.PRIVATE, False, problem="private")
    world.plex.lists["200"] = private
    world.run("plex")
    assert len(world.rt.watchlist.entries()) == 3


def test_a_removal_closes_the_entry_and_a_re_add_opens_a_new_one(world: World) -> None:
    world.plex.lists["200"] = WatchlistFetch(WatchlistMethod.FRIEND, True, (entry(1, "A Film"),))
    world.run("plex")
    world.plex.lists["200"] = WatchlistFetch(WatchlistMethod.FRIEND, True, ())
    world.run("plex")
    assert world.rt.watchlist.entries() == []
    later = replace(entry(1, "A Film"), added_at=T0 + timedelta(days=3))
    world.plex.lists["200"] = WatchlistFetch(WatchlistMethod.FRIEND, True, (later,))
    world.run("plex")
    (current,) = world.rt.watchlist.entries()
    assert current.entry.added_at == T0 + timedelta(days=3)
    assert current.in_library
    assert current.entry.media_item_id == world.media_id(1)


def test_a_server_that_cannot_list_accounts_fails_the_job_and_changes_nothing(
    world: World,
) -> None:
    world.run("plex")
    before = world.service().household()
    world.plex.down = True
    with pytest.raises(ServerUnreachable):
        world.run("plex")
    after = world.service().household()
    assert [len(m.accounts) for m in after.members] == [len(m.accounts) for m in before.members]
    assert all(a.removed_at is None for m in after.members for a in m.accounts)


def test_an_account_gone_from_the_server_is_marked_removed_not_deleted(world: World) -> None:
    world.run("plex")
    world.plex.people = world.plex.people[:1]
    world.run("plex")
    everyone = world.service().household()
    alice = next(m for m in everyone.members if m.username == "alice")
    assert alice.accounts[0].removed_at is not None
    assert alice.plays == 1  # her history stays


def test_a_detached_account_stays_detached_and_can_be_linked_by_hand(world: World) -> None:
    world.run("jf")
    service = world.service()
    bob = next(m for m in service.household().members if m.username == "bob")
    account_id = bob.accounts[0].id
    service.link(account_id, None)
    world.run("jf")
    assert [a.username for a in service.household().unlinked] == ["bob"]
    admin = next(m for m in service.household().members if m.username == "admin")
    linked = service.link(account_id, admin.user_id)
    assert linked.user_id == admin.user_id
    assert linked.linked_by == "manual"


def test_sessions_name_the_person_and_report_unreachable_servers(world: World) -> None:
    world.run("jf")
    world.plex.down = True
    live = world.service().sessions()
    assert live.unavailable == {"plex": "fake server is down"}
    (now,) = [p for p in live.playing if p.session.server_id == "jf"]
    assert now.username == "alice"
    assert now.media_item_id == world.media_id(1)


def test_library_browser_filters_watched_and_sorts_by_plays(world: World) -> None:
    from tendarr.ports.library import LibraryQuery

    world.run("plex")
    world.run("jf")
    rows, _ = world.rt.library.browse(LibraryQuery(kind="movie", watched=True))
    assert sorted(r.title for r in rows) == ["A Film", "B Film"]
    rows, _ = world.rt.library.browse(LibraryQuery(watched=False))
    assert [r.title for r in rows] == ["A Show"]  # only an unfinished episode
    rows, _ = world.rt.library.browse(LibraryQuery(kind="movie", sort="plays"))
    assert [(r.title, r.plays) for r in rows] == [("A Film", 2), ("B Film", 1)]


def _unused(_: PlayHistorySource) -> None:  # the fake satisfies the port
    return None


_unused(FakeTautulli())
