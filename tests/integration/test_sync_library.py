"""Library sync against a typed fake server: identity, change-awareness, guarded purge."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tendarr.bootstrap import Runtime
from tendarr.domain.errors import Conflict
from tendarr.domain.media import (
    ExternalIds,
    ItemKind,
    ItemProblem,
    LibraryPage,
    RemoteFile,
    RemoteItem,
    RemoteLibrary,
    ServerIdentity,
    ServerKind,
)
from tendarr.domain.servers import LibraryToggle, ServerConfig
from tendarr.ports.media_server import ServerUnreachable
from tendarr.services.sync_library import LibrarySync
from tests.support import FakeClock, install_env, make_runtime

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class FakeServer:
    """A MediaServer whose library a test edits directly."""

    server_id: str
    items: list[RemoteItem] = field(default_factory=list)
    fail_at_page: int | None = None
    problems: list[ItemProblem] = field(default_factory=list)

    def identity(self) -> ServerIdentity:
        return ServerIdentity(ServerKind.JELLYFIN, "Fake", "m1", "1.0")

    def libraries(self) -> list[RemoteLibrary]:
        return [RemoteLibrary("lib", "Library", "movie")]

    def iter_library(
        self,
        library_id: str,
        *,
        changed_since: datetime | None = None,
        page_size: int = 200,
        known: Mapping[str, datetime] | None = None,
    ) -> Iterator[LibraryPage]:
        chosen = [
            i
            for i in self.items
            if changed_since is None or (i.updated_at is not None and i.updated_at > changed_since)
        ]
        for n, start in enumerate(range(0, max(len(chosen), 1), page_size)):
            if self.fail_at_page == n:
                raise ServerUnreachable("fake server went away")
            yield LibraryPage(
                chosen[start : start + page_size], self.problems if n == 0 else [], len(chosen)
            )


class Ctx:
    job_id = 1
    attempt = 1

    def __init__(self) -> None:
        self.reports: list[int] = []

    def progress(
        self,
        completed: int,
        total: int | None = None,
        current_item: str | None = None,
        failed: int | None = None,
    ) -> None:
        self.reports.append(completed)

    def check_cancelled(self) -> None:
        return None


def movie(native: str, tmdb: int, title: str = "A Film", updated: int = 0) -> RemoteItem:
    return RemoteItem(
        server_id="s",
        native_id=native,
        kind=ItemKind.MOVIE,
        library_id="lib",
        title=title,
        ids=ExternalIds(tmdb=tmdb, imdb=f"tt{tmdb}"),
        year=2020,
        updated_at=T0 + timedelta(seconds=updated),
        added_at=T0,
        files=(RemoteFile(path=f"/media/{native}.mkv", size=1000, container="mkv"),),
    )


def show_tree(prefix: str, tvdb: int, episodes: int = 3) -> list[RemoteItem]:
    show = RemoteItem(
        server_id="s",
        native_id=f"{prefix}-show",
        kind=ItemKind.SHOW,
        library_id="lib",
        title="A Show",
        ids=ExternalIds(tvdb=tvdb),
        updated_at=T0,
    )
    season = RemoteItem(
        server_id="s",
        native_id=f"{prefix}-s1",
        kind=ItemKind.SEASON,
        library_id="lib",
        title="Season 1",
        ids=ExternalIds(),
        parent_native_id=show.native_id,
        show_native_id=show.native_id,
        season_number=1,
        updated_at=T0,
    )
    eps = [
        RemoteItem(
            server_id="s",
            native_id=f"{prefix}-e{n}",
            kind=ItemKind.EPISODE,
            library_id="lib",
            title=f"Ep {n}",
            ids=ExternalIds(),
            parent_native_id=season.native_id,
            show_native_id=show.native_id,
            season_number=1,
            episode_number=n,
            updated_at=T0,
        )
        for n in range(1, episodes + 1)
    ]
    return [*reversed(eps), season, show]  # children first: the sync must cope


@pytest.fixture
def rt(tmp_path: Path, database_url: str) -> Iterator[Runtime]:
    runtime = make_runtime(install_env(tmp_path / "data", database_url), clock=FakeClock(T0))
    yield runtime
    runtime.close()


def add_server(rt: Runtime, server_id: str) -> None:
    config = ServerConfig(
        id=server_id,
        kind=ServerKind.JELLYFIN,
        name=server_id,
        url="http://x",
        auth={"method": "api_key", "api_key": "k"},
        libraries=(LibraryToggle("lib", "Library", "movie"),),
    )
    with rt.uow() as uow:
        uow.servers.add(config, T0)
        uow.commit()


def sync(
    rt: Runtime, servers: dict[str, FakeServer], server_id: str, full: bool = True
) -> dict[str, object]:
    clock = rt.clock
    assert isinstance(clock, FakeClock)
    clock.advance(60)  # syncs start at distinct times, as they do for real
    engine = LibrarySync(rt.uow, clock, lambda config: servers[config.id], page_size=2)
    result = engine(Ctx(), {"server_id": server_id, "full": full})
    return result


def counts(rt: Runtime) -> dict[str, int]:
    with rt.uow() as uow:
        return uow.library.counts()


def test_full_sync_builds_canonical_items_even_when_children_come_first(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("m1", 1), movie("m2", 2), *show_tree("a", 900)])}
    result = sync(rt, servers, "a")
    assert result["problem_count"] == 0
    assert counts(rt) == {"movie": 2, "show": 1, "season": 1, "episode": 3}


def test_a_second_server_joins_the_same_canonical_items(rt: Runtime) -> None:
    add_server(rt, "a")
    add_server(rt, "b")
    servers = {
        "a": FakeServer("a", [movie("m1", 1), *show_tree("a", 900)]),
        "b": FakeServer("b", [movie("x9", 1), *show_tree("b", 900)]),
    }
    sync(rt, servers, "a")
    result = sync(rt, servers, "b")
    assert result["created"] == 0
    assert counts(rt) == {"movie": 1, "show": 1, "season": 1, "episode": 3}


def test_unchanged_items_are_not_rewritten(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("m1", 1), movie("m2", 2)])}
    sync(rt, servers, "a")
    servers["a"].items[0] = movie("m1", 1, title="Renamed", updated=60)
    result = sync(rt, servers, "a")
    assert (result["unchanged"], result["updated"]) == (1, 1)


def test_a_failed_traversal_purges_nothing(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie(f"m{n}", n) for n in range(1, 6)])}
    sync(rt, servers, "a")
    servers["a"].items = servers["a"].items[:3]  # two items "gone"...
    servers["a"].fail_at_page = 1  # ...but the listing breaks after its first page
    with pytest.raises(ServerUnreachable):
        sync(rt, servers, "a")
    assert counts(rt) == {"movie": 5}
    with rt.uow() as uow:
        status = uow.servers.get("a")
    assert status is not None
    assert (status.last_sync_status or "").startswith("failed: fake server went away")


def test_a_complete_traversal_purges_what_is_gone(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("m1", 1), movie("m2", 2)])}
    sync(rt, servers, "a")
    servers["a"].items = [movie("m1", 1)]
    result = sync(rt, servers, "a")
    assert (result["purged"], result["removed"]) == (1, 1)
    assert counts(rt) == {"movie": 1}


def test_incremental_sync_never_purges(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("m1", 1), movie("m2", 2)])}
    sync(rt, servers, "a")
    servers["a"].items = []
    result = sync(rt, servers, "a", full=False)
    assert result["purged"] == 0
    assert counts(rt) == {"movie": 2}


def test_item_keeps_its_identity_when_the_server_changes_its_id(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("old-id", 1)])}
    sync(rt, servers, "a")
    with rt.uow() as uow:
        before = uow.library.server_items_by_native("a", ["old-id"])["old-id"].media_item_id
    servers["a"].items = [replace(movie("new-id", 1), updated_at=T0 + timedelta(1))]
    result = sync(rt, servers, "a")
    assert result["rekeyed"] == 1
    with rt.uow() as uow:
        after = uow.library.server_items_by_native("a", ["new-id"])["new-id"].media_item_id
        assert uow.library.server_items_by_native("a", ["old-id"]) == {}
    assert after == before
    assert counts(rt) == {"movie": 1}


def test_unreadable_items_are_reported_and_the_rest_synced(rt: Runtime) -> None:
    add_server(rt, "a")
    bad = ItemProblem("a", "m-bad", "ProviderIds is not an object")
    servers = {"a": FakeServer("a", [movie("m1", 1)], problems=[bad])}
    result = sync(rt, servers, "a")
    assert result["problems"] == ["m-bad: ProviderIds is not an object"]
    assert counts(rt) == {"movie": 1}


def test_syncs_of_one_server_never_overlap(rt: Runtime) -> None:
    add_server(rt, "a")
    with rt.uow() as uow:  # another worker is mid-sync
        uow.leases.acquire("sync:a", "job:99:1", rt.clock.now(), 3600)
        uow.commit()
    with pytest.raises(Conflict, match="another sync of a is running"):
        sync(rt, {"a": FakeServer("a", [movie("m1", 1)])}, "a")
    assert counts(rt) == {}


def test_an_unreadable_item_is_not_purged(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("m1", 1), movie("m2", 2)])}
    sync(rt, servers, "a")
    servers["a"].items = [movie("m1", 1)]  # m2 is still there, but unreadable this time
    servers["a"].problems = [ItemProblem("a", "m2", "Media is not a list")]
    result = sync(rt, servers, "a")
    assert result["purged"] == 0
    assert counts(rt) == {"movie": 2}


def test_an_unidentifiable_problem_blocks_the_purge(rt: Runtime) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("m1", 1), movie("m2", 2)])}
    sync(rt, servers, "a")
    servers["a"].items = [movie("m1", 1)]
    servers["a"].problems = [ItemProblem("a", None, "an entry without an id")]
    result = sync(rt, servers, "a")
    assert result["purged"] == 0
    assert counts(rt) == {"movie": 2}


def test_two_servers_syncing_at_once_do_not_duplicate_titles(rt: Runtime) -> None:
    from concurrent.futures import ThreadPoolExecutor

    add_server(rt, "a")
    add_server(rt, "b")
    titles = [movie(f"m{n}", n) for n in range(1, 41)]
    servers = {
        "a": FakeServer("a", list(titles)),
        "b": FakeServer("b", [replace(m, native_id=f"b-{m.native_id}") for m in titles]),
    }
    engine = LibrarySync(rt.uow, rt.clock, lambda config: servers[config.id], page_size=3)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda sid: engine(Ctx(), {"server_id": sid, "full": True}), ["a", "b"]))
    assert counts(rt) == {"movie": 40}


def test_incremental_sync_sees_changes_stamped_by_a_server_clock_behind_ours(
    rt: Runtime,
) -> None:
    add_server(rt, "a")
    servers = {"a": FakeServer("a", [movie("m1", 1)])}
    sync(rt, servers, "a")
    with rt.uow() as uow:
        config = uow.servers.get("a")
    assert config is not None
    assert config.last_sync_at is not None
    behind = config.last_sync_at - timedelta(minutes=5)  # the server's clock is 5 min slow
    changed = replace(movie("m2", 2), updated_at=behind)
    servers["a"].items.append(changed)
    result = sync(rt, servers, "a", full=False)
    assert result["created"] == 1
    assert counts(rt) == {"movie": 2}
