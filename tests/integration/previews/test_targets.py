"""Preview placement against the simulators: Plex + Jellyfin + Emby, synced through the runtime.

The Plex simulator serves one MediaPart per item, so multi-version selection and the
bridge plugin's registration call run the real clients over a recorded-shape transport.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tendarr.bootstrap import Runtime
from tendarr.domain.media import ServerKind
from tendarr.domain.previews.placement import PlacementSettings, plex_bundle_path
from tendarr.domain.previews.readiness import BRIDGE_NAME, EXTRACTION, SAVE_WITH_MEDIA
from tendarr.domain.servers import PathMapping, ServerConfig
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.jellyfin.client import JellyfinClient
from tendarr.integrations.mediabrowser.models import DeviceInfo
from tendarr.integrations.mediabrowser.preview_placement import JellyfinTrickplayPlacement
from tendarr.integrations.plex.client import PlexClient
from tendarr.integrations.plex.preview_placement import PlexPartHashLookup
from tendarr.integrations.preview_placement import PreviewPlacementRegistry
from tendarr.persistence.database import make_session_factory
from tendarr.persistence.preview_unit_of_work import SqlPreviewUnitOfWorkFactory
from tendarr.security.secretbox import SecretBox
from tendarr.services.preview_targets import Hold, PreviewTargets, TargetResolution
from tendarr.services.sync_library import LibrarySync
from tendarr.settings import resolve_secret_key
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.mediabrowser.library import options_of
from tendarr.sim.mediabrowser.state import ServerState
from tendarr.sim.model import Movie
from tendarr.sim.plex.state import part_hash
from tendarr.sim.world import World
from tests.simulators import simulators
from tests.support import install_env, make_runtime, postgres_schema

LOCAL = "/srv/media"  # where Tendarr sees the household's /media
REMOTE = {"plex": "/data", "jellyfin": "/media", "emby": "/mnt/media"}  # the simulators' roots
SETTINGS = PlacementSettings()


class Ctx:
    """The JobContext a directly-run sync needs."""

    job_id = 1
    attempt = 1

    def progress(self, *_args: Any, **_kwargs: Any) -> None:
        return None

    def check_cancelled(self) -> None:
        return None


class Household:
    """A synced three-server household and the placement service over it."""

    def __init__(
        self, world: World, runtime: Runtime, endpoints: list[Endpoint], plex_config: Path
    ):
        self.world = world
        self.runtime = runtime
        self.endpoints = endpoints
        self.plex_config = plex_config
        uow = SqlPreviewUnitOfWorkFactory(
            make_session_factory(runtime.engine), SecretBox(resolve_secret_key(runtime.infra))
        )
        self.placement = PreviewPlacementRegistry("tendarr-test-install")
        self.targets = PreviewTargets(uow, self.placement)

    def jellyfin_state(self) -> ServerState:
        app = next(ep.app for ep in self.endpoints if ep.name == "jellyfin")
        state: ServerState = app.state.sim.state  # type: ignore[attr-defined]
        return state

    def local(self, movie: Movie) -> str:
        assert movie.file is not None
        return LOCAL + movie.file.path.removeprefix("/media")

    def resolve(self, local_path: str) -> TargetResolution:
        return self.targets.for_path(local_path, SETTINGS)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'tendarr.db'}"
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def household(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Household]:
    world = generate_world(WorldConfig(seed=21, movies=4, shows=1, users=2))
    endpoints = build_endpoints(world, "127.0.0.1", free_port_block(16))
    root = tmp_path_factory.mktemp("tendarr")
    plex_config = root / "Plex Media Server"
    for marker in ("Cache", "Media", "Metadata"):
        (plex_config / marker).mkdir(parents=True)
    with simulators(world, endpoints) as sims:
        runtime = make_runtime(install_env(root / "data", database))
        try:
            for kind in ("plex", "jellyfin", "emby"):
                add_and_sync(runtime, sims[kind], kind, plex_config)
            household = Household(world, runtime, endpoints, plex_config)
            yield household
            household.placement.close()
        finally:
            runtime.close()


def add_and_sync(runtime: Runtime, sim: dict[str, Any], kind: str, plex_config: Path) -> None:
    secret = (
        {"method": "token", "token": sim["token"]}
        if kind == "plex"
        else {
            "method": "api_key",
            "api_key": sim["api_key"],
        }
    )
    runtime.servers.create(
        ServerConfig(
            id=kind,
            kind=ServerKind(kind),
            name=kind.title(),
            url=sim["url"],
            auth=secret,
            path_mappings=(PathMapping(REMOTE[kind], LOCAL),),
            plex_config_folder=str(plex_config) if kind == "plex" else None,
        ),
        actor="test",
    )
    runtime.servers.refresh_libraries(kind, actor="test")
    result = LibrarySync(runtime.uow, runtime.clock, runtime.media_servers)(
        Ctx(), {"server_id": kind, "full": True}
    )
    assert result["problem_count"] == 0, result


@pytest.fixture
def jellyfin_flags(household: Household) -> Iterator[ServerState]:
    """The Jellyfin simulator's state; library options and plugins are restored afterwards."""
    state = household.jellyfin_state()
    options = json.loads(json.dumps(state.library_options))
    plugins = [dict(p) for p in state.plugins]
    yield state
    state.library_options = options
    state.plugins = plugins


def allow_trickplay(state: ServerState) -> None:
    for library in state.server.libraries:
        options_of(state, library).update({EXTRACTION: True, SAVE_WITH_MEDIA: True})


def first_movie(world: World) -> Movie:
    return next(m for m in world.library_movies() if m.file is not None)


def test_plex_bundle_uses_the_hash_the_tree_returns_for_that_part(household: Household) -> None:
    movie = first_movie(household.world)
    assert movie.file is not None
    plex = household.world.server(next(s.id for s in household.world.servers if s.kind == "plex"))
    resolution = household.resolve(household.local(movie))
    targets = {t.server_id: t for t in resolution.targets}
    expected = plex_bundle_path(household.plex_config, part_hash(plex, movie.file))
    assert targets["plex"].output == expected
    assert targets["plex"].remote_path == "/data" + movie.file.path.removeprefix("/media")
    assert str(expected).startswith(f"{household.plex_config}/Media/localhost/")
    sidecar = Path(household.local(movie)).with_name(f"{Path(movie.file.path).stem}-320-10.bif")
    assert targets["emby"].output == sidecar
    # One request, one decode pass: both BIFs ride on it.
    assert {b.path for b in resolution.request.bifs} == {expected, sidecar}
    assert resolution.request.source == Path(household.local(movie))


def test_an_episode_resolves_through_its_own_tree(household: Household) -> None:
    episode = next(e for s in household.world.library_shows() for e in s.episodes() if e.file)
    assert episode.file is not None
    plex = household.world.server(next(s.id for s in household.world.servers if s.kind == "plex"))
    resolution = household.resolve(LOCAL + episode.file.path.removeprefix("/media"))
    plex_target = next(t for t in resolution.targets if t.server_id == "plex")
    assert plex_target.output == plex_bundle_path(
        household.plex_config, part_hash(plex, episode.file)
    )


def test_a_file_no_server_has_yet_is_not_indexed(household: Household) -> None:
    resolution = household.resolve(f"{LOCAL}/movies/Brand New (2026)/Brand New (2026).mkv")
    assert resolution.reasons() == {
        "plex": Hold.NOT_INDEXED,
        "jellyfin": Hold.NOT_INDEXED,
        "emby": Hold.NOT_INDEXED,
    }
    assert resolution.request.empty
    assert resolution.retry_later


def test_a_file_outside_every_mapping_has_no_owner(household: Household) -> None:
    resolution = household.resolve("/elsewhere/movies/Film (2020)/Film (2020).mkv")
    assert set(resolution.reasons().values()) == {Hold.NO_MAPPING}
    assert not resolution.retry_later


def test_jellyfin_readiness_reports_the_flags_to_set(
    household: Household, jellyfin_flags: ServerState
) -> None:
    movie = first_movie(household.world)
    held = {h.server_id: h for h in household.resolve(household.local(movie)).holds}
    assert held["jellyfin"].reason is Hold.NOT_READY
    assert f"{EXTRACTION}=true" in held["jellyfin"].message
    assert f"{SAVE_WITH_MEDIA}=true" in held["jellyfin"].message
    assert "deletes the trickplay folders" in held["jellyfin"].message


def test_a_ready_jellyfin_library_gets_tiles_and_advice_without_the_plugin(
    household: Household, jellyfin_flags: ServerState
) -> None:
    allow_trickplay(jellyfin_flags)
    movie = first_movie(household.world)
    resolution = household.resolve(household.local(movie))
    target = next(t for t in resolution.targets if t.server_id == "jellyfin")
    stem = Path(household.local(movie)).stem
    assert (
        target.output == Path(household.local(movie)).parent / f"{stem}.trickplay" / "320 - 10x10"
    )
    assert [t.directory for t in resolution.request.trickplay] == [target.output]
    assert target.note is not None
    assert "#12887" in target.note
    [registration] = household.targets.register(resolution, SETTINGS)
    assert not registration.registered
    assert BRIDGE_NAME in registration.message


def test_the_bridge_plugin_is_found_through_plugins(
    household: Household, jellyfin_flags: ServerState
) -> None:
    allow_trickplay(jellyfin_flags)
    jellyfin_flags.plugins.append(
        {"Name": BRIDGE_NAME, "Id": "c2cb9bf9-7c5d-4f1a-9a07-2d6f5e5b0001", "Status": "Active"}
    )
    movie = first_movie(household.world)
    target = next(
        t for t in household.resolve(household.local(movie)).targets if t.server_id == "jellyfin"
    )
    assert target.note is not None
    assert "registered through" in target.note


# --- the real clients over recorded shapes ------------------------------------------------

FOUR_K = "/data/movies/Film (2020)/Film (2020) - 2160p.mkv"
HD = "/data/movies/Film (2020)/Film (2020) - 1080p.mkv"
HASH_4K = "a" * 40
HASH_HD = "0123456789abcdef0123456789abcdef01234567"


def multi_version_tree(request: httpx.Request) -> httpx.Response:
    if request.url.path != "/library/metadata/54321/tree":
        return httpx.Response(404)
    parts = [
        {"MediaPart": [{"id": 1, "file": FOUR_K, "hash": HASH_4K}]},
        {"MediaPart": [{"id": 2, "file": HD, "hash": HASH_HD}]},
        {"MediaPart": [{"id": 3, "file": "/data/movies/Film (2020)/new.mkv"}]},  # not analysed
    ]
    body = {"MediaContainer": {"MetadataItem": [{"ratingKey": "54321", "MediaItem": parts}]}}
    return httpx.Response(200, json=body)


def test_a_multi_version_item_picks_the_part_whose_file_matches() -> None:
    http = httpx.Client(base_url="http://plex", transport=httpx.MockTransport(multi_version_tree))
    lookup = PlexPartHashLookup(PlexClient(http, "http://plex", "token", "install"))
    assert lookup.part_hash("54321", HD) == HASH_HD
    assert lookup.part_hash("/library/metadata/54321", FOUR_K) == HASH_4K  # key made bare
    assert lookup.part_hash("54321", "/data/movies/Film (2020)/new.mkv") is None
    assert lookup.part_hash("54321", "/data/movies/Other.mkv") is None
    assert lookup.part_hash("99999", HD) is None  # Plex no longer has the item


def test_registration_goes_to_the_bridge_plugin_when_it_runs() -> None:
    sent: list[httpx.Request] = []

    def jellyfin(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/Plugins":
            return httpx.Response(200, json=[{"Name": BRIDGE_NAME, "Status": "Active"}])
        if request.url.path == "/Library/VirtualFolders":
            options = {EXTRACTION: True, SAVE_WITH_MEDIA: True}
            return httpx.Response(200, json=[{"ItemId": "lib1", "LibraryOptions": options}])
        return httpx.Response(204)

    http = httpx.Client(base_url="http://jf", transport=httpx.MockTransport(jellyfin))
    client = JellyfinClient(VendorHttp(http, "Jellyfin"), DeviceInfo(device_id="d"), "key")
    item = "f" * 32
    answer = JellyfinTrickplayPlacement(client).register_trickplay(
        item, 320, 10_000, library_id="lib1"
    )
    assert answer.registered
    post = sent[-1]
    assert (post.method, post.url.path) == ("POST", f"/MediaPreviewBridge/Trickplay/{item}")
    assert dict(post.url.params) == {"width": "320", "intervalMs": "10000", "saveWithMedia": "true"}
