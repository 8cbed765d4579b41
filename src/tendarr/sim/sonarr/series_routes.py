"""Sonarr ``/series`` endpoints: list, lookup, add, edit, delete, bulk editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.arr.exclusions import exclude
from tendarr.sim.arr.wire import (
    Json,
    accepted,
    created,
    empty,
    failure,
    flag,
    invalid,
    model_not_found,
    not_found_problem,
    ok,
    optional_int,
)
from tendarr.sim.model import ArrState as ArrTitle
from tendarr.sim.model import Episode, Show
from tendarr.sim.sonarr import hooks
from tendarr.sim.sonarr.resources import aired, series_resource
from tendarr.sim.sonarr.state import Sonarr, find_series, managed_shows

V3 = "/api/v3"


def apply_monitor(sonarr: Sonarr, show: Show, monitor: str) -> None:
    """Set episode monitoring the way ``addOptions.monitor`` does."""
    eps = show.episodes()
    seasons = [s.number for s in show.seasons if s.number > 0]
    rules: dict[str, Callable[[Episode], bool]] = {
        "all": lambda e: True,
        "none": lambda e: False,
        "future": lambda e: not aired(sonarr.state, e),
        "missing": lambda e: e.file is None,
        "existing": lambda e: e.file is not None,
        "pilot": lambda e: e.season_number == 1 and e.episode_number == 1,
        "firstSeason": lambda e: e.season_number == min(seasons, default=1),
        "lastSeason": lambda e: e.season_number == max(seasons, default=1),
        "latestSeason": lambda e: e.season_number == max(seasons, default=1),
    }
    rule = rules.get(monitor)
    if rule is None:
        return
    for ep in eps:
        ep.monitored = bool(rule(ep))
    for season in show.seasons:
        season.monitored = any(e.monitored for e in season.episodes)


def apply_seasons(show: Show, seasons: list[Json] | None) -> None:
    """Follow changed ``seasons[].monitored`` flags down to the episodes."""
    for item in seasons or []:
        season = next((s for s in show.seasons if s.number == item.get("seasonNumber")), None)
        if season is None or "monitored" not in item:
            continue
        wanted = bool(item["monitored"])
        if season.monitored != wanted:
            season.monitored = wanted
            for ep in season.episodes:
                ep.monitored = wanted


def _profile_failures(sonarr: Sonarr, value: Any) -> list[Json]:
    pid = int(value or 0)
    if pid <= 0:
        msg = "'Quality Profile Id' must be greater than '0'."
        return [failure("QualityProfileId", msg, pid, "GreaterThanValidator")]
    if all(p.id != pid for p in sonarr.world.quality_profiles):
        msg = "Quality Profile does not exist"
        return [failure("QualityProfileId", msg, pid, "QualityProfileExistsValidator")]
    return []


def _add_failures(sonarr: Sonarr, body: Json) -> list[Json]:
    problems: list[Json] = []
    tvdb_id = int(body.get("tvdbId") or 0)
    root = str(body.get("rootFolderPath") or "")
    path = str(body.get("path") or "")
    if not root and not path:
        problems.append(failure("Path", "Invalid Path", path, "PathValidator"))
    elif root and all(f.path.rstrip("/") != root.rstrip("/") for f in _roots(sonarr)):
        message = f"Root folder '{root}' does not exist"
        problems.append(failure("RootFolderPath", message, root, "RootFolderExistsValidator"))
    if not str(body.get("title") or "").strip():
        message = "'Title' must not be empty."
        problems.append(failure("Title", message, body.get("title"), "NotEmptyValidator"))
    if tvdb_id <= 0:
        msg = "'Tvdb Id' must be greater than '0'."
        problems.append(failure("TvdbId", msg, tvdb_id, "GreaterThanValidator"))
    else:
        show = sonarr.world.show_by_tvdb.get(tvdb_id)
        if show is not None and show.sonarr is not None:
            msg = "This series has already been added"
            problems.append(failure("TvdbId", msg, tvdb_id, "SeriesExistsValidator"))
    return problems + _profile_failures(sonarr, body.get("qualityProfileId"))


def _roots(sonarr: Sonarr) -> list[Any]:
    return list(sonarr.world.root_folders.get("sonarr", []))


def routes(sonarr: Sonarr) -> list[Route]:
    """Return the ``/series`` routes."""
    state, world = sonarr.state, sonarr.world

    async def list_series(request: Request) -> Response:
        shows = managed_shows(world)
        tvdb_id = optional_int(request, "tvdbId")
        if tvdb_id is not None:
            shows = [s for s in shows if s.tvdb_id == tvdb_id]
        return ok([series_resource(state, s) for s in shows])

    async def get_series(request: Request) -> Response:
        show = find_series(world, int(request.path_params["id"]))
        if show is None:
            return not_found_problem(request)
        return ok(series_resource(state, show))

    async def lookup(request: Request) -> Response:
        term = (request.query_params.get("term") or "").strip()
        if term.lower().startswith("tvdb:"):
            raw = term[5:].strip()
            found = world.show_by_tvdb.get(int(raw)) if raw.isdigit() else None
            shows = [found] if found else []
        else:
            needle = term.lower()
            shows = [s for s in world.shows if needle and needle in s.title.lower()]
        return ok([series_resource(state, s) for s in shows])

    async def add_series(request: Request) -> Response:
        body = await request.json()
        problems = _add_failures(sonarr, body)
        if problems:
            return invalid(problems)
        tvdb_id = int(body["tvdbId"])
        show = world.show_by_tvdb.get(tvdb_id)
        if show is None:
            msg = "A series with this ID was not found"
            return invalid([failure("TvdbId", msg, tvdb_id, "SeriesExistsValidator")])
        root = str(body.get("rootFolderPath") or body.get("path", "").rsplit("/", 1)[0])
        next_id = max((s.sonarr.arr_id for s in managed_shows(world) if s.sonarr), default=0)
        show.sonarr = ArrTitle(
            next_id + 1,
            bool(body.get("monitored", True)),
            int(body["qualityProfileId"]),
            root.rstrip("/"),
            [int(t) for t in body.get("tags") or []],
            world.now,
        )
        for season in show.seasons:
            season.monitored = True
        for ep in show.episodes():
            if ep.file is not None:
                state.known_files[ep.id] = ep.file
        apply_seasons(show, body.get("seasons"))
        options = body.get("addOptions") or {}
        apply_monitor(sonarr, show, str(options.get("monitor") or ""))
        state.notifier.emit(
            "onSeriesAdd", {"series": hooks.series(state, show), "eventType": "SeriesAdd"}
        )
        if options.get("searchForMissingEpisodes"):
            spec = state.commands.known("SeriesSearch")
            assert spec is not None
            state.commands.submit(spec, {"seriesId": show.sonarr.arr_id})
        return created(request, series_resource(state, show))

    async def update_series(request: Request) -> Response:
        show = find_series(world, int(request.path_params["id"]))
        if show is None or show.sonarr is None:
            return model_not_found("Series", request.path_params["id"])
        body = await request.json()
        problems = _profile_failures(
            sonarr, body.get("qualityProfileId", show.sonarr.quality_profile_id)
        )
        if problems:
            return invalid(problems)
        _edit(show, body)
        apply_seasons(show, body.get("seasons"))
        return accepted(request, series_resource(state, show))

    async def delete_series(request: Request) -> Response:
        sid = int(request.path_params["id"])
        show = find_series(world, sid)
        if show is None:
            return model_not_found("Series", sid)
        remove(sonarr, show, flag(request, "deleteFiles"), flag(request, "addImportListExclusion"))
        return empty()

    async def edit_many(request: Request) -> Response:
        body = await request.json()
        shows = [s for i in body.get("seriesIds") or [] if (s := find_series(world, int(i)))]
        if body.get("qualityProfileId") is not None:
            problems = _profile_failures(sonarr, body["qualityProfileId"])
            if problems:
                return invalid(problems)
        for show in shows:
            _edit(show, body, apply=str(body.get("applyTags") or "add"))
        return accepted(request, [series_resource(state, s) for s in shows])

    async def delete_many(request: Request) -> Response:
        body = await request.json()
        for sid in body.get("seriesIds") or []:
            show = find_series(world, int(sid))
            if show is None:
                return model_not_found("Series", sid)
            remove(
                sonarr,
                show,
                bool(body.get("deleteFiles")),
                bool(body.get("addImportListExclusion")),
            )
        return ok({})

    return [
        Route(f"{V3}/series", list_series),
        Route(f"{V3}/series", add_series, methods=["POST"]),
        Route(f"{V3}/series/lookup", lookup),
        Route(f"{V3}/series/editor", edit_many, methods=["PUT"]),
        Route(f"{V3}/series/editor", delete_many, methods=["DELETE"]),
        Route(f"{V3}/series/{{id:int}}", get_series),
        Route(f"{V3}/series/{{id:int}}", update_series, methods=["PUT"]),
        Route(f"{V3}/series/{{id:int}}", delete_series, methods=["DELETE"]),
    ]


def _edit(show: Show, body: Json, apply: str = "replace") -> None:
    arr = show.sonarr
    assert arr is not None
    if body.get("monitored") is not None:
        arr.monitored = bool(body["monitored"])
    if body.get("qualityProfileId") is not None:
        arr.quality_profile_id = int(body["qualityProfileId"])
    if body.get("tags") is not None:
        tags = [int(t) for t in body["tags"]]
        if apply == "add":
            arr.tags = sorted(set(arr.tags) | set(tags))
        elif apply == "remove":
            arr.tags = [t for t in arr.tags if t not in tags]
        else:
            arr.tags = tags


def remove(sonarr: Sonarr, show: Show, delete_files: bool, add_exclusion: bool) -> None:
    """Delete a series from Sonarr: files on request, exclusion on request, its history."""
    state, world = sonarr.state, sonarr.world
    assert show.sonarr is not None
    sid = show.sonarr.arr_id
    if delete_files:
        state.deleting = "series"
        try:
            for ep in show.episodes():
                if ep.file is not None:
                    world.delete_file("episode", ep.id)
        finally:
            state.deleting = None
    if add_exclusion:
        exclude(state, "show", show.id)
    state.notifier.emit("onSeriesDelete", hooks.series_delete(state, show, delete_files))
    state.history.forget({sid}, series=True)
    for ep in show.episodes():
        state.known_files.pop(ep.id, None)
    show.sonarr = None
