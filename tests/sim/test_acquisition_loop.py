"""The whole acquisition loop across simulators sharing one World.

A Sonarr search is only a request; when the World's clock passes the download delay the
file appears on disk, and Plex and Jellyfin list the episode with the same external ids.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.jellyfin import app as jellyfin
from tendarr.sim.model import Episode
from tendarr.sim.plex import app as plex
from tendarr.sim.sonarr import app as sonarr
from tendarr.sim.world import World


def wanted_episode(world: World) -> Episode:
    for show in world.library_shows():
        if show.sonarr is None or not show.sonarr.monitored:
            continue
        for episode in show.episodes():
            aired = episode.air_date is not None and episode.air_date <= world.now.date()
            if episode.file is None and episode.monitored and aired:
                return episode
    raise AssertionError("the world has no wanted episode")


def plex_episode_guids(client: TestClient, token: str) -> set[str]:
    response = client.get(
        "/library/sections/2/all",
        params={"type": 4, "includeGuids": 1},
        headers={"X-Plex-Token": token, "Accept": "application/json"},
    )
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()["MediaContainer"].get("Metadata", [])
    return {g["id"] for item in items for g in item.get("Guid", [])}


def jellyfin_episode_tvdb_ids(client: TestClient, token: str) -> set[str]:
    response = client.get(
        "/Items",
        params={
            "includeItemTypes": "Episode",
            "recursive": "true",
            "fields": "ProviderIds",
            "limit": 10_000,
        },
        headers={
            "Authorization": f'MediaBrowser Client="t", Device="t", DeviceId="t", '
            f'Version="1", Token="{token}"'
        },
    )
    assert response.status_code == 200
    return {i["ProviderIds"].get("Tvdb", "") for i in response.json()["Items"]}


def test_sonarr_search_makes_the_episode_appear_in_plex_and_jellyfin() -> None:
    world = generate_world(WorldConfig(seed=3, movies=10, shows=6, users=3))
    episode = wanted_episode(world)
    plex_id = next(s.id for s in world.servers if s.kind == "plex")
    sonarr_key = sonarr.credentials(world)["api_key"]
    plex_token = plex.credentials(world, plex_id)["token"]
    jf_token = jellyfin.credentials(world)["api_key"]
    with (
        TestClient(sonarr.create_app(world)) as arr,
        TestClient(plex.create_app(world, server_id=plex_id)) as pms,
        TestClient(jellyfin.create_app(world)) as jf,
    ):
        guid = f"tvdb://{episode.tvdb_id}"
        assert guid not in plex_episode_guids(pms, plex_token)
        assert str(episode.tvdb_id) not in jellyfin_episode_tvdb_ids(jf, jf_token)

        command = arr.post(
            "/api/v3/command",
            headers={"X-Api-Key": sonarr_key},
            json={"name": "EpisodeSearch", "episodeIds": [episode.sonarr_id]},
        )
        assert command.status_code == 201
        world.advance(30)  # not yet: the download takes the World's delay
        assert episode.file is None
        assert guid not in plex_episode_guids(pms, plex_token)

        world.advance((world.download_delay + timedelta(seconds=1)).total_seconds())
        assert episode.file is not None
        assert guid in plex_episode_guids(pms, plex_token)
        assert str(episode.tvdb_id) in jellyfin_episode_tvdb_ids(jf, jf_token)
        done = arr.get(
            f"/api/v3/command/{command.json()['id']}", headers={"X-Api-Key": sonarr_key}
        ).json()
        assert done["status"] == "completed"
