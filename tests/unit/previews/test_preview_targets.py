"""PreviewTargets over typed fakes: reasons per server, shared outputs, registration."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Self

from tendarr.domain.media import ServerKind
from tendarr.domain.previews.placement import PlacementSettings, plex_bundle_path
from tendarr.domain.previews.readiness import (
    EXTRACTION,
    SAVE_WITH_MEDIA,
    BridgePlugin,
    TrickplayReadiness,
    jellyfin_readiness,
)
from tendarr.domain.servers import PathMapping, ServerConfig
from tendarr.ports.library import ServerConfigRepository
from tendarr.ports.media_server import ServerUnreachable
from tendarr.ports.preview_items import IndexedFile, PreviewItemReader, PreviewUnitOfWork
from tendarr.ports.preview_placement import TrickplayRegistration
from tendarr.services.preview_targets import Hold, PreviewTargets

LOCAL = "/srv/media/movies/Film (2020)/Film (2020).mkv"
CONFIG = "/plex/Plex Media Server"
HASH = "89abcdef0123456789abcdef0123456789abcdef"
READY = {EXTRACTION: True, SAVE_WITH_MEDIA: True}


def server(
    sid: str,
    kind: ServerKind,
    remote: str,
    *,
    enabled: bool = True,
    plex_config_folder: str | None = None,
) -> ServerConfig:
    return ServerConfig(
        sid,
        kind,
        sid.title(),
        f"http://{sid}",
        enabled=enabled,
        path_mappings=(PathMapping(remote, "/srv/media"),),
        plex_config_folder=plex_config_folder,
    )


class FakeServers:
    """The ServerConfigRepository reads; writes are not part of placement."""

    def __init__(self, configs: list[ServerConfig]) -> None:
        self.configs = configs

    def all(self) -> list[ServerConfig]:
        return list(self.configs)

    def get(self, server_id: str) -> ServerConfig | None:
        return next((c for c in self.configs if c.id == server_id), None)

    def add(self, config: ServerConfig, now: datetime) -> None:
        raise NotImplementedError

    def update(self, config: ServerConfig, now: datetime) -> None:
        raise NotImplementedError

    def delete(self, server_id: str) -> bool:
        raise NotImplementedError

    def record_sync(self, server_id: str, now: datetime, status: str) -> None:
        raise NotImplementedError


@dataclass
class FakeItems:
    """Stored files by (server id, server path)."""

    files: dict[tuple[str, str], IndexedFile] = field(default_factory=dict)

    def files_at(self, server_id: str, paths: Collection[str]) -> list[IndexedFile]:
        return [self.files[(server_id, p)] for p in paths if (server_id, p) in self.files]


class FakeWork:
    servers: ServerConfigRepository
    preview_items: PreviewItemReader

    def __init__(self, servers: FakeServers, items: FakeItems) -> None:
        self.servers = servers
        self.preview_items = items

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


@dataclass
class FakePlex:
    hashes: dict[str, str | None]
    down: bool = False

    def part_hash(self, native_item_id: str, remote_path: str) -> str | None:
        if self.down:
            raise ServerUnreachable("cannot reach Plex")
        return self.hashes.get(remote_path)


@dataclass
class FakeJellyfin:
    options: Mapping[str, object]
    registered: list[tuple[str, int, int]] = field(default_factory=list)

    def trickplay_readiness(self, library_id: str) -> TrickplayReadiness:
        return jellyfin_readiness(library_id, "Movies", self.options, BridgePlugin(True))

    def register_trickplay(
        self, item_id: str, width: int, interval_ms: int, *, library_id: str
    ) -> TrickplayRegistration:
        self.registered.append((item_id, width, interval_ms))
        return TrickplayRegistration(True, "registered")


@dataclass
class FakePlacement:
    plex_servers: dict[str, FakePlex] = field(default_factory=dict)
    jellyfin_servers: dict[str, FakeJellyfin] = field(default_factory=dict)

    def plex(self, config: ServerConfig) -> FakePlex:
        return self.plex_servers[config.id]

    def jellyfin(self, config: ServerConfig) -> FakeJellyfin:
        return self.jellyfin_servers[config.id]


class World:
    """Servers, what each has indexed, and the placement fakes."""

    def __init__(self, *configs: ServerConfig, exists: Collection[str] = ()) -> None:
        self.servers = FakeServers(list(configs))
        self.items = FakeItems()
        self.placement = FakePlacement()
        marker_paths = {f"{CONFIG}/Media", f"{CONFIG}/Metadata", *exists}
        self.service = PreviewTargets(self.work, self.placement, marker_paths.__contains__)

    def work(self) -> PreviewUnitOfWork:
        return FakeWork(self.servers, self.items)

    def index(self, config: ServerConfig, native: str = "1", library: str = "lib") -> str:
        remote = config.path_mappings[0].remote_prefix + LOCAL.removeprefix("/srv/media")
        self.items.files[(config.id, remote)] = IndexedFile(
            config.id, native, library, "movie", remote
        )
        return remote


def test_servers_that_share_an_output_share_one_target() -> None:
    emby_a, emby_b = (
        server("emby-a", ServerKind.EMBY, "/mnt/a"),
        server("emby-b", ServerKind.EMBY, "/mnt/b"),
    )
    jf_a, jf_b = (
        server("jf-a", ServerKind.JELLYFIN, "/media"),
        server("jf-b", ServerKind.JELLYFIN, "/m"),
    )
    world = World(emby_a, emby_b, jf_a, jf_b)
    for config in (emby_a, emby_b, jf_a, jf_b):
        world.index(config)
    world.placement.jellyfin_servers = {"jf-a": FakeJellyfin(READY), "jf-b": FakeJellyfin(READY)}
    resolution = world.service.for_path(LOCAL, PlacementSettings())
    assert len(resolution.targets) == 4
    assert [b.path.name for b in resolution.request.bifs] == ["Film (2020)-320-10.bif"]
    assert [t.directory.name for t in resolution.request.trickplay] == ["320 - 10x10"]


def test_each_jellyfin_width_gets_its_own_folder_in_the_same_request() -> None:
    jf_a, jf_b = (
        server("jf-a", ServerKind.JELLYFIN, "/media"),
        server("jf-b", ServerKind.JELLYFIN, "/m"),
    )
    world = World(jf_a, jf_b)
    world.index(jf_a)
    world.index(jf_b)
    world.placement.jellyfin_servers = {"jf-a": FakeJellyfin(READY), "jf-b": FakeJellyfin(READY)}
    settings = PlacementSettings(server_widths={"jf-b": 480})
    resolution = world.service.for_path(LOCAL, settings)
    assert sorted(t.width for t in resolution.request.trickplay) == [320, 480]


def test_plex_without_a_config_folder_is_held_with_the_fix() -> None:
    plex = server("plex", ServerKind.PLEX, "/data")
    world = World(plex)
    world.index(plex)
    [hold] = world.service.for_path(LOCAL, PlacementSettings()).holds
    assert hold.reason is Hold.NO_CONFIG_FOLDER
    assert "'Plex Media Server' folder" in hold.message


def test_plex_gets_its_bundle_and_waits_while_it_has_no_hash() -> None:
    plex = server("plex", ServerKind.PLEX, "/data", plex_config_folder=CONFIG)
    world = World(plex)
    remote = world.index(plex)
    world.placement.plex_servers["plex"] = FakePlex({remote: HASH})
    [target] = world.service.for_path(LOCAL, PlacementSettings()).targets
    assert target.output == plex_bundle_path(CONFIG, HASH)
    world.placement.plex_servers["plex"] = FakePlex({remote: None})
    resolution = world.service.for_path(LOCAL, PlacementSettings())
    assert resolution.reasons() == {"plex": Hold.NOT_INDEXED}
    assert resolution.retry_later


def test_an_unreachable_server_is_held_while_the_others_still_get_previews() -> None:
    plex = server("plex", ServerKind.PLEX, "/data", plex_config_folder=CONFIG)
    emby = server("emby", ServerKind.EMBY, "/mnt/media")
    world = World(plex, emby)
    world.index(plex)
    world.index(emby)
    world.placement.plex_servers["plex"] = FakePlex({}, down=True)
    resolution = world.service.for_path(LOCAL, PlacementSettings())
    assert resolution.reasons() == {"plex": Hold.UNAVAILABLE}
    assert [t.server_id for t in resolution.targets] == ["emby"]
    assert resolution.retry_later


def test_disabled_servers_are_left_out() -> None:
    emby = server("emby", ServerKind.EMBY, "/mnt/media", enabled=False)
    world = World(emby)
    world.index(emby)
    resolution = world.service.for_path(LOCAL, PlacementSettings())
    assert (resolution.targets, resolution.holds) == ((), ())


def test_registration_reports_each_jellyfin_server() -> None:
    jf = server("jf", ServerKind.JELLYFIN, "/media")
    world = World(jf)
    world.index(jf, native="abc")
    world.placement.jellyfin_servers["jf"] = FakeJellyfin(READY)
    settings = PlacementSettings()
    resolution = world.service.for_path(LOCAL, settings)
    [done] = world.service.register(resolution, settings)
    assert done.registered
    assert world.placement.jellyfin_servers["jf"].registered == [("abc", 320, 10_000)]
    world.servers.configs = []
    [gone] = world.service.register(resolution, settings)
    assert not gone.registered
