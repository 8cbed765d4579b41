"""Issue 5 end to end: a Sonarr webhook against the simulators ends in a Plex BIF and tiles.

Plex + Jellyfin simulators, the real runtime (web app, embedded workers, real FFmpeg), one
real video file at the episode's path below a temporary media folder. Sonarr's v4
``Download`` body is built by the Sonarr simulator; the webhook is authenticated the way
Sonarr sends it (HTTP Basic, the webhook secret as the password), its debounced batch is
fired at once, and the ``previews.paths`` job must leave a BIF in the Plex bundle named by
the hash the simulated ``/tree`` returns, and trickplay sheets next to the media file.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tendarr.domain.previews.bif import decode_bif
from tendarr.domain.previews.jpeg import jpeg_size
from tendarr.domain.previews.readiness import EXTRACTION, SAVE_WITH_MEDIA
from tendarr.domain.previews.trickplay import thumbnail_size
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.media_files import Encode, ffmpeg_command
from tendarr.sim.model import Episode, Show
from tendarr.sim.sonarr.hooks import import_complete
from tendarr.sim.world import World
from tests.integration.previews.conftest import require_ffmpeg
from tests.integration.previews.media import gray_frames
from tests.simulators import simulators
from tests.support import install_env, wait_for

Sims = dict[str, dict[str, Any]]
SECONDS = 25  # slots at 0, 10 and 20 s with the default 10 s interval
INTERVAL_MS = 10_000
WIDTH = 320


@dataclass(frozen=True)
class Chosen:
    """The episode the webhook reports, and its one real video file."""

    show: Show
    episode: Episode
    sample: Path  # rendered once per module, copied to each test's media folder
    size: tuple[int, int]  # the sample's picture size


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(
        WorldConfig(seed=5, movies=1, shows=1, users=1, servers=("plex", "jellyfin"))
    )


@pytest.fixture(scope="module")
def chosen(world: World, tmp_path_factory: pytest.TempPathFactory) -> Chosen:
    require_ffmpeg()
    pairs = [(s, e) for s in world.library_shows() for e in s.episodes() if e.file]
    show, episode = next(((s, e) for s, e in pairs if e.file and e.file.video.codec == "h264"),
                         pairs[0])  # fmt: skip
    assert episode.file is not None
    encode = Encode.of(episode.file)
    sample = tmp_path_factory.mktemp("sample") / f"episode.{encode.container}"
    subprocess.run(ffmpeg_command(encode, SECONDS, sample), check=True, timeout=120)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height", "-of", "csv=p=0", str(sample)],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    width, height = (int(n) for n in probe.stdout.strip().split(","))
    return Chosen(show, episode, sample, (width, height))


@pytest.fixture
def endpoints(world: World) -> list[Endpoint]:
    return build_endpoints(world, "127.0.0.1", free_port_block(16))


@pytest.fixture
def sims(world: World, endpoints: list[Endpoint]) -> Iterator[Sims]:
    with simulators(world, endpoints) as described:
        yield described


@pytest.fixture
def env(tmp_path: Path, database_url: str, sims: Sims) -> dict[str, str]:
    # Adding a Plex server starts a household sync, which asks plex.tv: the simulated one.
    return install_env(
        tmp_path / "data",
        database_url,
        TENDARR_PLEXTV_URL=sims["plextv"]["url"],
        TENDARR_PLEX_DISCOVER_URL=sims["discover"]["url"],
    )


@dataclass(frozen=True)
class Household:
    """What the test set up on disk."""

    media: Path  # Tendarr's view of the servers' /media (Plex: /data)
    plex_config: Path
    local_file: Path


@pytest.fixture
def household(tmp_path: Path, chosen: Chosen, world: World, sims: Sims) -> Household:
    assert chosen.episode.file is not None
    media = tmp_path / "media"
    local_file = media / chosen.episode.file.path.removeprefix("/media/")
    local_file.parent.mkdir(parents=True)
    shutil.copyfile(chosen.sample, local_file)
    plex_config = tmp_path / "Plex Media Server"
    for folder in ("Media", "Metadata"):
        (plex_config / folder).mkdir(parents=True)
    allow_trickplay(world, sims["jellyfin"])
    return Household(media, plex_config, local_file)


def allow_trickplay(world: World, jellyfin: dict[str, Any]) -> None:
    """Set the library flags Tendarr's readiness check asks for, through the vendor API."""
    server = next(s for s in world.servers if s.kind == "jellyfin")
    with httpx.Client(base_url=jellyfin["url"], headers={"X-Emby-Token": jellyfin["api_key"]},
                      timeout=10) as http:  # fmt: skip
        for library in server.libraries:
            options = {EXTRACTION: True, SAVE_WITH_MEDIA: True}
            body = {"Id": library.key, "LibraryOptions": options}
            answer = http.post("/Library/VirtualFolders/LibraryOptions", json=body)
            assert answer.status_code in {200, 204}, answer.text


def server_bodies(sims: Sims, household: Household) -> list[dict[str, Any]]:
    local = str(household.media)
    return [
        {
            "id": "plex",
            "kind": "plex",
            "name": "Plex",
            "url": sims["plex"]["url"],
            "auth": {"method": "token", "token": sims["plex"]["token"]},
            # Sonarr reports /media/..., Plex /data/...: both land in the tmp media folder.
            "path_mappings": [
                {"remote_prefix": "/data", "local_prefix": local, "webhook_prefixes": ["/media"]}
            ],
            "plex_config_folder": str(household.plex_config),
        },
        {
            "id": "jellyfin",
            "kind": "jellyfin",
            "name": "Jellyfin",
            "url": sims["jellyfin"]["url"],
            "auth": {"method": "api_key", "api_key": sims["jellyfin"]["api_key"]},
            "path_mappings": [{"remote_prefix": "/media", "local_prefix": local}],
        },
    ]


def finished(admin: TestClient, job_id: int, timeout: float = 60) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        job: dict[str, Any] = admin.get(f"/api/jobs/{job_id}").json()
        return job if job["state"] in {"succeeded", "failed", "cancelled"} else None

    result: dict[str, Any] = wait_for(done, timeout=timeout, message=f"job {job_id}")
    return result


def add_and_sync(admin: TestClient, sims: Sims, household: Household) -> None:
    for body in server_bodies(sims, household):
        created = admin.post("/api/servers", json=body)
        assert created.status_code == 201, created.text
        refreshed = admin.post(f"/api/servers/{body['id']}/refresh-libraries")
        assert refreshed.status_code == 200, refreshed.text
        sync = admin.post(f"/api/servers/{body['id']}/sync", json={"full": True})
        assert sync.status_code == 202, sync.text
        job = finished(admin, sync.json()["id"])
        assert job["state"] == "succeeded", job


def sonarr_body(endpoints: list[Endpoint], chosen: Chosen) -> dict[str, Any]:
    """Sonarr v4's "On Import Complete" ``Download`` body, as the Sonarr simulator builds it."""
    app: Any = next(ep.app for ep in endpoints if ep.name == "sonarr")
    source = "/downloads/complete/tv/Show.S01E01.1080p/Show.S01E01.1080p.mkv"
    body: dict[str, Any] = import_complete(
        app.sonarr.state, chosen.show, chosen.episode, "SABnzbd_nzo_e2e", source
    )
    return body


def plex_bif_path(sims: Sims, world: World, chosen: Chosen, config: Path) -> Path:
    """Return the bundle path computed from the hash the Plex simulator's ``/tree`` serves."""
    assert chosen.episode.file is not None
    plex = next(s for s in world.servers if s.kind == "plex")
    rating_key = plex.native_ids[("episode", chosen.episode.id)]
    tree = httpx.get(
        f"{sims['plex']['url']}/library/metadata/{rating_key}/tree",
        headers={"X-Plex-Token": sims["plex"]["token"], "Accept": "application/json"},
        timeout=10,
    )
    assert tree.status_code == 200, tree.text
    served = "/data" + chosen.episode.file.path.removeprefix("/media")
    [digest] = [
        str(part["hash"])
        for item in tree.json()["MediaContainer"]["MetadataItem"]
        for media in item.get("MediaItem", [])
        for part in media["MediaPart"]
        if part["file"] == served
    ]
    bundle = config / "Media" / "localhost" / digest[0] / f"{digest[1:]}.bundle"
    return bundle / "Contents" / "Indexes" / "index-sd.bif"


def leftovers(root: Path) -> list[Path]:
    """Temporary and staging files the publisher must never leave behind."""
    return [p for p in root.rglob(".*") if ".tmp" in p.name or ".staging-" in p.name]


def test_a_sonarr_import_ends_in_a_plex_bif_and_jellyfin_tiles(
    admin: TestClient,
    sims: Sims,
    world: World,
    endpoints: list[Endpoint],
    chosen: Chosen,
    household: Household,
) -> None:
    add_and_sync(admin, sims, household)
    secret = admin.get("/api/webhooks/config").json()["secret"]
    sonarr = TestClient(admin.app)  # no session: Sonarr authenticates with Basic auth
    basic = base64.b64encode(f"sonarr:{secret}".encode()).decode()
    body = sonarr_body(endpoints, chosen)
    answer = sonarr.post(
        "/api/webhooks/incoming", json=body, headers={"Authorization": f"Basic {basic}"}
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "accepted"
    assert answer.json()["paths"] == [str(household.local_file)]

    [job] = admin.post("/api/webhooks/flush").json()["jobs"]
    assert job["type"] == "previews.paths"
    done = finished(admin, job["id"])
    assert done["state"] == "succeeded", done
    files = admin.get(f"/api/previews/jobs/{job['id']}/files").json()
    [outcome] = files["files"]
    assert (outcome["path"], outcome["status"]) == (str(household.local_file), "generated"), files

    bif_path = plex_bif_path(sims, world, chosen, household.plex_config)
    assert bif_path.is_file(), sorted(household.plex_config.rglob("*"))
    bif = decode_bif(bif_path.read_bytes())
    assert (bif.count, bif.interval_ms) == (3, INTERVAL_MS)
    assert bif.times_ms() == (0, 10_000, 20_000)
    thumb = thumbnail_size(*chosen.size, WIDTH)
    assert {jpeg_size(frame) for frame in bif.frames} == {thumb}
    assert [(w, h) for w, h, _ in gray_frames(bif.frames)] == [thumb] * 3  # all decode

    stem = household.local_file.stem
    tiles = household.local_file.parent / f"{stem}.trickplay" / f"{WIDTH} - 10x10"
    sheets = sorted(tiles.iterdir())
    assert [p.name for p in sheets] == ["0.jpg"]
    [(width, height, _)] = gray_frames([sheets[0].read_bytes()])  # a full 10x10 canvas
    assert (width, height) == (thumb[0] * 10, thumb[1] * 10)
    assert leftovers(household.plex_config) == []
    assert leftovers(household.media) == []
    assert sorted(p.name for p in household.local_file.parent.iterdir()) == sorted(
        [household.local_file.name, f"{stem}.trickplay"]
    )
