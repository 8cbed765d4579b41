"""Every simulator reports the same external ids for the same title."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tendarr.sim.emby import app as emby
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.jellyfin import app as jellyfin
from tendarr.sim.plex import app as plex
from tendarr.sim.radarr import app as radarr
from tendarr.sim.sonarr import app as sonarr

Ids = dict[str, tuple[str, str]]  # title -> (tmdb, imdb)


def test_movies_and_shows_carry_the_same_ids_everywhere() -> None:
    world = generate_world(WorldConfig(seed=11, movies=25, shows=4, users=3))
    expected_movies = {m.title: (str(m.tmdb_id), m.imdb_id) for m in world.library_movies()}
    expected_shows = {s.title: str(s.tvdb_id) for s in world.library_shows()}
    plex_id = next(s.id for s in world.servers if s.kind == "plex")

    with TestClient(plex.create_app(world, server_id=plex_id)) as pms:
        headers = {
            "X-Plex-Token": plex.credentials(world, plex_id)["token"],
            "Accept": "application/json",
        }
        items: list[dict[str, Any]] = pms.get(
            "/library/sections/1/all", params={"includeGuids": 1}, headers=headers
        ).json()["MediaContainer"]["Metadata"]
        plex_movies = {}
        for item in items:
            guids = {g["id"].split("://")[0]: g["id"].split("://")[1] for g in item["Guid"]}
            plex_movies[item["title"]] = (guids["tmdb"], guids["imdb"])
        shows = pms.get(
            "/library/sections/2/all", params={"includeGuids": 1}, headers=headers
        ).json()["MediaContainer"]["Metadata"]
        plex_shows = {
            s["title"]: next(g["id"][7:] for g in s["Guid"] if g["id"].startswith("tvdb://"))
            for s in shows
        }
    assert plex_movies == expected_movies
    assert plex_shows == expected_shows

    for module, headers in (
        (
            jellyfin,
            {
                "Authorization": 'MediaBrowser Client="t", Device="t", DeviceId="t", '
                f'Version="1", Token="{jellyfin.credentials(world)["api_key"]}"'
            },
        ),
        (emby, {"X-Emby-Token": emby.credentials(world)["api_key"]}),
    ):
        with TestClient(module.create_app(world)) as server:
            params = {"recursive": "true", "fields": "ProviderIds"}
            type_key = "includeItemTypes" if module is jellyfin else "IncludeItemTypes"
            movies = server.get(
                "/Items", params={**params, type_key: "Movie"}, headers=headers
            ).json()["Items"]
            found = {
                m["Name"]: (m["ProviderIds"]["Tmdb"], m["ProviderIds"]["Imdb"]) for m in movies
            }
            assert found == expected_movies, module.__name__
            series = server.get(
                "/Items", params={**params, type_key: "Series"}, headers=headers
            ).json()["Items"]
            assert {s["Name"]: s["ProviderIds"]["Tvdb"] for s in series} == expected_shows

    with TestClient(radarr.create_app(world)) as arr:
        movies = arr.get(
            "/api/v3/movie", headers={"X-Api-Key": radarr.credentials(world)["api_key"]}
        ).json()
        managed = {m["title"]: (str(m["tmdbId"]), m["imdbId"]) for m in movies if m["hasFile"]}
    assert managed == {
        t: ids
        for t, ids in expected_movies.items()
        if world.movie_by_tmdb[int(ids[0])].radarr is not None
    }

    with TestClient(sonarr.create_app(world)) as arr:
        series = arr.get(
            "/api/v3/series", headers={"X-Api-Key": sonarr.credentials(world)["api_key"]}
        ).json()
        assert {s["title"]: str(s["tvdbId"]) for s in series} == expected_shows
