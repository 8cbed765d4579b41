"""Sonarr ``/episode`` and ``/episodefile`` endpoints."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.arr.wire import (
    accepted,
    bad_request,
    empty,
    flag,
    int_list,
    model_not_found,
    not_found_problem,
    ok,
    optional_int,
)
from tendarr.sim.model import Episode, Show
from tendarr.sim.sonarr.resources import episode_file_resource, episode_resource
from tendarr.sim.sonarr.state import Sonarr, find_episode, find_series, managed_shows

V3 = "/api/v3"


def file_owner(sonarr: Sonarr, file_id: int) -> tuple[Show, Episode] | None:
    """Return the managed episode whose file has id ``file_id``."""
    for show in managed_shows(sonarr.world):
        for ep in show.episodes():
            if ep.file is not None and ep.file.id == file_id:
                return show, ep
    return None


def routes(sonarr: Sonarr) -> list[Route]:
    """Return the episode and episode file routes."""
    state, world = sonarr.state, sonarr.world

    async def list_episodes(request: Request) -> Response:
        series_id = optional_int(request, "seriesId")
        ids = int_list(request, "episodeIds")
        file_id = optional_int(request, "episodeFileId")
        include_file = flag(request, "includeEpisodeFile")
        include_series = flag(request, "includeSeries")
        pairs: list[tuple[Show, Episode]] = []
        if series_id is not None:
            show = find_series(world, series_id)
            if show is None:
                return model_not_found("Series", series_id)
            season = optional_int(request, "seasonNumber")
            pairs = [
                (show, e) for e in show.episodes() if season is None or e.season_number == season
            ]
        elif ids:
            pairs = [p for i in ids if (p := find_episode(world, i)) is not None]
        elif file_id is not None:
            owner = file_owner(sonarr, file_id)
            pairs = [owner] if owner else []
        else:
            return bad_request("seriesId or episodeIds must be provided")
        return ok(
            [
                episode_resource(
                    state, s, e, include_file=include_file, include_series=include_series
                )
                for s, e in pairs
            ]
        )

    async def get_episode(request: Request) -> Response:
        found = find_episode(world, int(request.path_params["id"]))
        if found is None:
            return not_found_problem(request)
        return ok(episode_resource(state, *found, include_file=True, include_series=True))

    async def monitor(request: Request) -> Response:
        body = await request.json()
        pairs = [p for i in body.get("episodeIds") or [] if (p := find_episode(world, int(i)))]
        for _, ep in pairs:
            ep.monitored = bool(body.get("monitored"))
        return accepted(request, [episode_resource(state, s, e) for s, e in pairs])

    async def list_files(request: Request) -> Response:
        series_id = optional_int(request, "seriesId")
        ids = int_list(request, "episodeFileIds")
        if series_id is not None:
            show = find_series(world, series_id)
            if show is None:
                return ok([])
            pairs = [(show, e) for e in show.episodes() if e.file is not None]
        elif ids:
            pairs = [p for i in ids if (p := file_owner(sonarr, i)) is not None]
        else:
            return bad_request("seriesId or episodeFileIds must be provided")
        return ok([episode_file_resource(state, s, e) for s, e in pairs])

    async def get_file(request: Request) -> Response:
        owner = file_owner(sonarr, int(request.path_params["id"]))
        if owner is None:
            return not_found_problem(request)
        return ok(episode_file_resource(state, *owner))

    def delete(file_id: int) -> bool:
        owner = file_owner(sonarr, file_id)
        if owner is None:
            return False
        state.deleting = "Manual"
        try:
            world.delete_file("episode", owner[1].id)
        finally:
            state.deleting = None
        return True

    async def delete_file(request: Request) -> Response:
        file_id = int(request.path_params["id"])
        if not delete(file_id):
            return model_not_found("EpisodeFile", file_id)
        return empty()

    async def delete_files(request: Request) -> Response:
        body = await request.json()
        for file_id in body.get("episodeFileIds") or []:
            delete(int(file_id))
        return ok({})

    return [
        Route(f"{V3}/episode", list_episodes),
        Route(f"{V3}/episode/monitor", monitor, methods=["PUT"]),
        Route(f"{V3}/episode/{{id:int}}", get_episode),
        Route(f"{V3}/episodefile", list_files),
        Route(f"{V3}/episodefile/bulk", delete_files, methods=["DELETE"]),
        Route(f"{V3}/episodefile/{{id:int}}", get_file),
        Route(f"{V3}/episodefile/{{id:int}}", delete_file, methods=["DELETE"]),
    ]
