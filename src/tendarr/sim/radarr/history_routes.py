"""Radarr ``/history``, ``/exclusions`` and ``/collection`` endpoints."""

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
from tendarr.sim.model import Movie
from tendarr.sim.radarr.resources import collection_movie, movie_resource
from tendarr.sim.radarr.state import Radarr, find_movie, managed_movies

V3 = "/api/v3"


def routes(radarr: Radarr) -> list[Route]:
    """Return the history, exclusion and collection routes."""
    state, world = radarr.state, radarr.world
    history = state.history

    def resource(record: HistoryRecord, with_movie: bool) -> Json:
        body = {"movieId": record.item_id, **history.base(record)}
        movie = find_movie(world, record.item_id) if with_movie else None
        if movie is not None:
            body["movie"] = movie_resource(state, movie)
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
        movie_ids = int_list(request, "movieIds")
        if movie_ids:
            records = [r for r in records if r.item_id in movie_ids]
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
        with_movie = flag(request, "includeMovie")
        envelope["records"] = [resource(x["_r"], with_movie) for x in envelope["records"]]
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
        return ok([resource(r, flag(request, "includeMovie")) for r in records])

    async def for_movie(request: Request) -> Response:
        movie_id = optional_int(request, "movieId") or 0
        events = event_filter(request)
        records = [
            r
            for r in sorted(history.records, key=lambda r: (r.date, r.id), reverse=True)
            if r.item_id == movie_id and (events is None or r.event_type in events)
        ]
        return ok([resource(r, flag(request, "includeMovie")) for r in records])

    def exclusions() -> list[Json]:
        rows: list[Json] = [
            {
                "tmdbId": world.movie_by_id[e.item_id].tmdb_id,
                "movieTitle": world.movie_by_id[e.item_id].title,
                "movieYear": world.movie_by_id[e.item_id].year,
                "id": e.id,
            }
            for e in world.exclusions
            if e.kind == "movie" and e.item_id in world.movie_by_id
        ]
        rows += [
            {"tmdbId": ext, "movieTitle": title, "movieYear": year, "id": xid}
            for xid, (ext, title, year) in state.foreign_exclusions.items()
        ]
        return sorted(rows, key=lambda r: int(r["id"]))

    async def list_exclusions(request: Request) -> Response:
        return ok(exclusions())

    async def paged_exclusions(request: Request) -> Response:
        keys = {
            "id": lambda r: r["id"],
            "tmdbId": lambda r: r["tmdbId"],
            "movieTitle": lambda r: str(r["movieTitle"]).lower(),
            "movieYear": lambda r: r["movieYear"],
        }
        return ok(page(request, exclusions(), keys, "id", "ascending"))

    async def get_exclusion(request: Request) -> Response:
        xid = int(request.path_params["id"])
        match = next((r for r in exclusions() if r["id"] == xid), None)
        return ok(match) if match else not_found_problem(request)

    def add(body: Json) -> tuple[Json | None, list[Json]]:
        tmdb_id = int(body.get("tmdbId") or 0)
        if tmdb_id <= 0:
            msg = "'Tmdb Id' must be greater than '0'."
            return None, [failure("TmdbId", msg, tmdb_id, "GreaterThanValidator")]
        if any(r["tmdbId"] == tmdb_id for r in exclusions()):
            msg = "This exclusion has already been added."
            return None, [failure("TmdbId", msg, tmdb_id, "ImportListExclusionExistsValidator")]
        movie = world.movie_by_tmdb.get(tmdb_id)
        if movie is not None:
            xid = exclude(state, "movie", movie.id).id
        else:
            xid = next_exclusion_id(state)
            title, year = str(body.get("movieTitle") or ""), int(body.get("movieYear") or 0)
            state.foreign_exclusions[xid] = (tmdb_id, title, year)
        return next(r for r in exclusions() if r["id"] == xid), []

    async def add_exclusion(request: Request) -> Response:
        row, problems = add(await request.json())
        if row is None:
            return invalid(problems)
        return created(request, row)

    async def add_exclusions(request: Request) -> Response:
        rows = []
        for body in await request.json():
            row, _ = add(body)
            if row is not None:
                rows.append(row)
        return ok(rows)

    async def delete_exclusion(request: Request) -> Response:
        if not remove_exclusion(state, "movie", int(request.path_params["id"])):
            return not_found_problem(request)
        return empty()

    async def delete_exclusions(request: Request) -> Response:
        body = await request.json()
        for xid in body.get("ids") or []:
            remove_exclusion(state, "movie", int(xid))
        return ok({})

    def collections() -> list[Json]:
        excluded = {e.item_id for e in world.exclusions if e.kind == "movie"}
        order: list[tuple[int, str]] = []
        first: dict[int, Movie] = {}
        for movie in managed_movies(world):
            if movie.collection and movie.collection not in order:
                order.append(movie.collection)
                first[movie.collection[0]] = movie
        out = []
        for number, (tmdb_id, title) in enumerate(order, start=1):
            members = [m for m in world.movies if m.collection and m.collection[0] == tmdb_id]
            owner = first[tmdb_id].radarr
            assert owner is not None
            out.append(
                {
                    "title": title,
                    "sortTitle": title.lower(),
                    "tmdbId": tmdb_id,
                    "images": [],
                    "overview": f"{title}.",
                    "monitored": False,
                    "rootFolderPath": owner.root_folder,
                    "qualityProfileId": owner.quality_profile_id,
                    "searchOnAdd": False,
                    "minimumAvailability": "released",
                    "movies": [collection_movie(state, m, m.id in excluded) for m in members],
                    "missingMovies": sum(
                        1 for m in members if m.radarr is None and m.id not in excluded
                    ),
                    "tags": [],
                    "id": number,
                }
            )
        return out

    async def list_collections(request: Request) -> Response:
        tmdb_id = optional_int(request, "tmdbId")
        rows = collections()
        if tmdb_id is not None:
            rows = [r for r in rows if r["tmdbId"] == tmdb_id]
        return ok(rows)

    async def get_collection(request: Request) -> Response:
        cid = int(request.path_params["id"])
        match = next((r for r in collections() if r["id"] == cid), None)
        return ok(match) if match else not_found_problem(request)

    return [
        Route(f"{V3}/history", paged),
        Route(f"{V3}/history/since", since),
        Route(f"{V3}/history/movie", for_movie),
        Route(f"{V3}/exclusions", list_exclusions),
        Route(f"{V3}/exclusions", add_exclusion, methods=["POST"]),
        Route(f"{V3}/exclusions/paged", paged_exclusions),
        Route(f"{V3}/exclusions/bulk", add_exclusions, methods=["POST"]),
        Route(f"{V3}/exclusions/bulk", delete_exclusions, methods=["DELETE"]),
        Route(f"{V3}/exclusions/{{id:int}}", get_exclusion),
        Route(f"{V3}/exclusions/{{id:int}}", delete_exclusion, methods=["DELETE"]),
        Route(f"{V3}/collection", list_collections),
        Route(f"{V3}/collection/{{id:int}}", get_collection),
    ]
