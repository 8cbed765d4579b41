"""Sonarr ``/history`` and ``/importlistexclusion`` endpoints."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.arr.exclusions import exclude, next_exclusion_id, remove_exclusion
from tendarr.sim.arr.history import HistoryRecord
from tendarr.sim.arr.wire import (
    Json,
    binding_error,
    created,
    empty,
    failure,
    flag,
    int_list,
    invalid,
    not_found_problem,
    ok,
    optional_int,
    page,
    parse_date,
)
from tendarr.sim.sonarr.resources import episode_resource, series_resource
from tendarr.sim.sonarr.state import Sonarr, find_episode, find_series

V3 = "/api/v3"


def routes(sonarr: Sonarr) -> list[Route]:
    """Return the history and exclusion routes."""
    state, world = sonarr.state, sonarr.world
    history = state.history

    def resource(record: HistoryRecord, with_series: bool, with_episode: bool) -> Json:
        body = {"episodeId": record.item_id, "seriesId": record.series_id, **history.base(record)}
        found = find_episode(world, record.item_id) if with_episode else None
        if found is not None:
            body["episode"] = episode_resource(state, *found)
        show = find_series(world, record.series_id) if with_series else None
        if show is not None:
            body["series"] = series_resource(state, show)
        return body

    def event_filter(request: Request) -> set[str] | None:
        raw = request.query_params.getlist("eventType")
        if not raw:
            return None
        return {name for r in raw if (name := history.event_code(r)) is not None}

    async def paged(request: Request) -> Response:
        records = history.records
        events = event_filter(request)
        if events is not None:
            records = [r for r in records if r.event_type in events]
        episode = optional_int(request, "episodeId")
        if episode is not None:
            records = [r for r in records if r.item_id == episode]
        series_ids = int_list(request, "seriesIds")
        if series_ids:
            records = [r for r in records if r.series_id in series_ids]
        download = request.query_params.get("downloadId")
        if download:
            records = [r for r in records if r.download_id == download]
        rows = [{"_r": r} for r in records]
        envelope = page(
            request,
            rows,
            {"date": lambda x: (x["_r"].date, x["_r"].id), "id": lambda x: x["_r"].id},
            "date",
        )
        with_series, with_episode = flag(request, "includeSeries"), flag(request, "includeEpisode")
        envelope["records"] = [
            resource(x["_r"], with_series, with_episode) for x in envelope["records"]
        ]
        return ok(envelope)

    async def since(request: Request) -> Response:
        raw = request.query_params.get("date") or ""
        start = parse_date(raw)
        if start is None:
            return binding_error(request, "date", f"The value '{raw}' is not valid.")
        events = event_filter(request)
        records = [
            r
            for r in sorted(history.records, key=lambda r: (r.date, r.id))
            if r.date >= start and (events is None or r.event_type in events)
        ]
        with_series, with_episode = flag(request, "includeSeries"), flag(request, "includeEpisode")
        return ok([resource(r, with_series, with_episode) for r in records])

    async def for_series(request: Request) -> Response:
        series_id = optional_int(request, "seriesId") or 0
        season = optional_int(request, "seasonNumber")
        events = event_filter(request)
        records = []
        for record in sorted(history.records, key=lambda r: (r.date, r.id), reverse=True):
            if record.series_id != series_id or (events and record.event_type not in events):
                continue
            found = find_episode(world, record.item_id)
            if season is not None and (found is None or found[1].season_number != season):
                continue
            records.append(record)
        with_series, with_episode = flag(request, "includeSeries"), flag(request, "includeEpisode")
        return ok([resource(r, with_series, with_episode) for r in records])

    def exclusions() -> list[Json]:
        rows = [
            {
                "tvdbId": world.show_by_id[e.item_id].tvdb_id,
                "title": world.show_by_id[e.item_id].title,
                "id": e.id,
            }
            for e in world.exclusions
            if e.kind == "show" and e.item_id in world.show_by_id
        ]
        rows += [
            {"tvdbId": ext, "title": title, "id": xid}
            for xid, (ext, title, _) in state.foreign_exclusions.items()
        ]
        return sorted(rows, key=lambda r: int(r["id"]))

    async def list_exclusions(request: Request) -> Response:
        return ok(exclusions())

    async def paged_exclusions(request: Request) -> Response:
        keys = {
            "id": lambda r: r["id"],
            "tvdbId": lambda r: r["tvdbId"],
            "title": lambda r: str(r["title"]).lower(),
        }
        return ok(page(request, exclusions(), keys, "id", "ascending"))

    async def get_exclusion(request: Request) -> Response:
        xid = int(request.path_params["id"])
        match = next((r for r in exclusions() if r["id"] == xid), None)
        return ok(match) if match else not_found_problem(request)

    async def add_exclusion(request: Request) -> Response:
        body = await request.json()
        tvdb_id = int(body.get("tvdbId") or 0)
        if tvdb_id <= 0:
            msg = "'Tvdb Id' must be greater than '0'."
            return invalid([failure("TvdbId", msg, tvdb_id, "GreaterThanValidator")])
        if any(r["tvdbId"] == tvdb_id for r in exclusions()):
            msg = "This exclusion has already been added."
            return invalid([failure("TvdbId", msg, tvdb_id, "ImportListExclusionExistsValidator")])
        show = world.show_by_tvdb.get(tvdb_id)
        if show is not None:
            xid = exclude(state, "show", show.id).id
        else:
            xid = next_exclusion_id(state)
            state.foreign_exclusions[xid] = (tvdb_id, str(body.get("title") or ""), 0)
        return created(request, next(r for r in exclusions() if r["id"] == xid))

    async def delete_exclusion(request: Request) -> Response:
        xid = int(request.path_params["id"])
        if not remove_exclusion(state, "show", xid):
            return not_found_problem(request)
        return empty()

    async def delete_exclusions(request: Request) -> Response:
        body = await request.json()
        for xid in body.get("ids") or []:
            remove_exclusion(state, "show", int(xid))
        return ok({})

    return [
        Route(f"{V3}/history", paged),
        Route(f"{V3}/history/since", since),
        Route(f"{V3}/history/series", for_series),
        Route(f"{V3}/importlistexclusion", list_exclusions),
        Route(f"{V3}/importlistexclusion", add_exclusion, methods=["POST"]),
        Route(f"{V3}/importlistexclusion/paged", paged_exclusions),
        Route(f"{V3}/importlistexclusion/bulk", delete_exclusions, methods=["DELETE"]),
        Route(f"{V3}/importlistexclusion/{{id:int}}", get_exclusion),
        Route(f"{V3}/importlistexclusion/{{id:int}}", delete_exclusion, methods=["DELETE"]),
    ]
