"""Radarr ``/movie`` and ``/moviefile`` endpoints."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.arr.exclusions import exclude
from tendarr.sim.arr.wire import (
    Json,
    accepted,
    bad_request,
    created,
    empty,
    failure,
    flag,
    int_list,
    invalid,
    model_not_found,
    not_found_problem,
    ok,
    optional_int,
)
from tendarr.sim.model import ArrState as ArrTitle
from tendarr.sim.model import Movie
from tendarr.sim.radarr import hooks
from tendarr.sim.radarr.resources import movie_file_resource, movie_resource
from tendarr.sim.radarr.state import Radarr, find_movie, managed_movies

V3 = "/api/v3"


def _profile_failures(radarr: Radarr, value: Any) -> list[Json]:
    pid = int(value or 0)
    if pid <= 0:
        msg = "'Quality Profile Id' must be greater than '0'."
        return [failure("QualityProfileId", msg, pid, "GreaterThanValidator")]
    if all(p.id != pid for p in radarr.world.quality_profiles):
        msg = "Quality Profile does not exist"
        return [failure("QualityProfileId", msg, pid, "QualityProfileExistsValidator")]
    return []


def _add_failures(radarr: Radarr, body: Json) -> list[Json]:
    problems: list[Json] = []
    tmdb_id = int(body.get("tmdbId") or 0)
    root = str(body.get("rootFolderPath") or "")
    path = str(body.get("path") or "")
    roots = radarr.world.root_folders.get("radarr", [])
    if not root and not path:
        problems.append(failure("Path", "Invalid Path", path, "PathValidator"))
    elif root and all(f.path.rstrip("/") != root.rstrip("/") for f in roots):
        msg = f"Root folder '{root}' does not exist"
        problems.append(failure("RootFolderPath", msg, root, "RootFolderExistsValidator"))
    if tmdb_id <= 0:
        msg = "'Tmdb Id' must not be empty."
        problems.append(failure("TmdbId", msg, tmdb_id, "NotEmptyValidator"))
    else:
        movie = radarr.world.movie_by_tmdb.get(tmdb_id)
        if movie is not None and movie.radarr is not None:
            msg = "This movie has already been added"
            problems.append(failure("TmdbId", msg, tmdb_id, "MovieExistsValidator"))
    return problems + _profile_failures(radarr, body.get("qualityProfileId"))


def _edit(movie: Movie, body: Json, apply: str = "replace") -> None:
    arr = movie.radarr
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


def remove(radarr: Radarr, movie: Movie, delete_files: bool, add_exclusion: bool) -> None:
    """Delete a movie from Radarr: its file on request, an exclusion on request, its history."""
    state, world = radarr.state, radarr.world
    assert movie.radarr is not None
    mid = movie.radarr.arr_id
    size = movie.file.size if movie.file else 0
    if delete_files and movie.file is not None:
        state.deleting = "movie"
        try:
            world.delete_file("movie", movie.id)
        finally:
            state.deleting = None
    if add_exclusion:
        exclude(state, "movie", movie.id)
    state.notifier.emit("onMovieDelete", hooks.movie_delete(state, movie, delete_files, size))
    state.history.forget({mid})
    state.known_files.pop(movie.id, None)
    movie.radarr = None


def routes(radarr: Radarr) -> list[Route]:
    """Return the movie and movie file routes."""
    state, world = radarr.state, radarr.world

    async def list_movies(request: Request) -> Response:
        movies = managed_movies(world)
        tmdb_id = optional_int(request, "tmdbId")
        if tmdb_id is not None:
            movies = [m for m in movies if m.tmdb_id == tmdb_id]
        return ok([movie_resource(state, m) for m in movies])

    async def get_movie(request: Request) -> Response:
        movie = find_movie(world, int(request.path_params["id"]))
        if movie is None:
            return not_found_problem(request)
        return ok(movie_resource(state, movie))

    async def lookup(request: Request) -> Response:
        term = (request.query_params.get("term") or "").strip()
        lowered = term.lower()
        if lowered.startswith("tmdb:") and term[5:].strip().isdigit():
            found = world.movie_by_tmdb.get(int(term[5:].strip()))
            movies = [found] if found else []
        elif lowered.startswith("imdb:"):
            movies = [m for m in world.movies if m.imdb_id == term[5:].strip()]
        else:
            movies = [m for m in world.movies if lowered and lowered in m.title.lower()]
        return ok([movie_resource(state, m) for m in movies])

    def missing(tmdb: object) -> Response:
        message = f"Movie with TmdbId {tmdb} was not found, it may have been removed from TMDb"
        return ok({"message": message, "description": f"MovieNotFoundException: {message}"}, 404)

    async def lookup_tmdb(request: Request) -> Response:
        tmdb_id = optional_int(request, "tmdbId") or 0
        movie = world.movie_by_tmdb.get(tmdb_id)
        return ok(movie_resource(state, movie)) if movie else missing(tmdb_id)

    async def lookup_imdb(request: Request) -> Response:
        imdb_id = request.query_params.get("imdbId") or ""
        movie = next((m for m in world.movies if m.imdb_id == imdb_id), None)
        return ok(movie_resource(state, movie)) if movie else missing(imdb_id)

    async def add_movie(request: Request) -> Response:
        body = await request.json()
        problems = _add_failures(radarr, body)
        if problems:
            return invalid(problems)
        tmdb_id = int(body["tmdbId"])
        movie = world.movie_by_tmdb.get(tmdb_id)
        root = str(body.get("rootFolderPath") or str(body.get("path", "")).rsplit("/", 1)[0])
        if movie is None:
            msg = f"A movie with this ID was not found. Path: {root}"
            return invalid([failure("TmdbId", msg, tmdb_id)])
        options = body.get("addOptions") or {}
        next_id = max((m.radarr.arr_id for m in managed_movies(world) if m.radarr), default=0)
        movie.radarr = ArrTitle(
            next_id + 1,
            bool(body.get("monitored", True)) and options.get("monitor") != "none",
            int(body["qualityProfileId"]),
            root.rstrip("/"),
            [int(t) for t in body.get("tags") or []],
            world.now,
        )
        if movie.file is not None:
            state.known_files[movie.id] = movie.file
        state.notifier.emit("onMovieAdded", hooks.added(state, movie))
        if options.get("searchForMovie"):
            spec = state.commands.known("MoviesSearch")
            assert spec is not None
            state.commands.submit(spec, {"movieIds": [movie.radarr.arr_id]})
        return created(request, movie_resource(state, movie))

    async def update_movie(request: Request) -> Response:
        movie = find_movie(world, int(request.path_params["id"]))
        if movie is None or movie.radarr is None:
            return model_not_found("Movie", request.path_params["id"])
        body = await request.json()
        pid = body.get("qualityProfileId", movie.radarr.quality_profile_id)
        problems = _profile_failures(radarr, pid)
        if problems:
            return invalid(problems)
        _edit(movie, body)
        return accepted(request, movie_resource(state, movie))

    async def delete_movie(request: Request) -> Response:
        mid = int(request.path_params["id"])
        movie = find_movie(world, mid)
        if movie is None:
            return model_not_found("Movie", mid)
        remove(radarr, movie, flag(request, "deleteFiles"), flag(request, "addImportExclusion"))
        return empty()

    async def edit_many(request: Request) -> Response:
        body = await request.json()
        movies = [m for i in body.get("movieIds") or [] if (m := find_movie(world, int(i)))]
        if body.get("qualityProfileId") is not None:
            problems = _profile_failures(radarr, body["qualityProfileId"])
            if problems:
                return invalid(problems)
        for movie in movies:
            _edit(movie, body, apply=str(body.get("applyTags") or "add"))
        return accepted(request, [movie_resource(state, m) for m in movies])

    async def delete_many(request: Request) -> Response:
        body = await request.json()
        for mid in body.get("movieIds") or []:
            movie = find_movie(world, int(mid))
            if movie is None:
                return model_not_found("Movie", mid)
            delete_files, exclusion = (
                bool(body.get("deleteFiles")),
                bool(body.get("addImportExclusion")),
            )
            remove(radarr, movie, delete_files, exclusion)
        return ok({})

    def file_owner(file_id: int) -> Movie | None:
        return next(
            (m for m in managed_movies(world) if m.file is not None and m.file.id == file_id),
            None,
        )

    async def list_files(request: Request) -> Response:
        movie_ids = int_list(request, "movieId")
        file_ids = int_list(request, "movieFileIds")
        if movie_ids:
            movies = [m for i in movie_ids if (m := find_movie(world, i)) is not None]
        elif file_ids:
            movies = [m for i in file_ids if (m := file_owner(i)) is not None]
        else:
            return bad_request("movieId or movieFileIds must be provided")
        return ok([movie_file_resource(state, m) for m in movies if m.file is not None])

    async def get_file(request: Request) -> Response:
        movie = file_owner(int(request.path_params["id"]))
        if movie is None:
            return not_found_problem(request)
        return ok(movie_file_resource(state, movie))

    def delete(file_id: int) -> bool:
        movie = file_owner(file_id)
        if movie is None:
            return False
        state.deleting = "Manual"
        try:
            world.delete_file("movie", movie.id)
        finally:
            state.deleting = None
        return True

    async def delete_file(request: Request) -> Response:
        file_id = int(request.path_params["id"])
        if not delete(file_id):
            return model_not_found("MovieFile", file_id)
        return empty()

    async def delete_files(request: Request) -> Response:
        body = await request.json()
        for file_id in body.get("movieFileIds") or []:
            delete(int(file_id))
        return ok({})

    return [
        Route(f"{V3}/movie", list_movies),
        Route(f"{V3}/movie", add_movie, methods=["POST"]),
        Route(f"{V3}/movie/lookup", lookup),
        Route(f"{V3}/movie/lookup/tmdb", lookup_tmdb),
        Route(f"{V3}/movie/lookup/imdb", lookup_imdb),
        Route(f"{V3}/movie/editor", edit_many, methods=["PUT"]),
        Route(f"{V3}/movie/editor", delete_many, methods=["DELETE"]),
        Route(f"{V3}/movie/{{id:int}}", get_movie),
        Route(f"{V3}/movie/{{id:int}}", update_movie, methods=["PUT"]),
        Route(f"{V3}/movie/{{id:int}}", delete_movie, methods=["DELETE"]),
        Route(f"{V3}/moviefile", list_files),
        Route(f"{V3}/moviefile/bulk", delete_files, methods=["DELETE"]),
        Route(f"{V3}/moviefile/{{id:int}}", get_file),
        Route(f"{V3}/moviefile/{{id:int}}", delete_file, methods=["DELETE"]),
    ]
