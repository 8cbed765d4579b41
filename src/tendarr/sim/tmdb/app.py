"""The TMDB v3 simulator's routes: auth, errors and paging the way api.themoviedb.org does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tendarr.sim.tmdb import catalog as c
from tendarr.sim.tmdb import details as d
from tendarr.sim.tmdb import lists, people
from tendarr.sim.tmdb.catalog import MOVIE_GENRES, TV_GENRES
from tendarr.sim.world import World

Handler = Callable[[Request], Awaitable[Response]]

NOT_FOUND = {
    "success": False,
    "status_code": 34,
    "status_message": "The resource you requested could not be found.",
}
INVALID_KEY = {
    "status_code": 7,
    "status_message": "Invalid API key: You must be granted a valid key.",
    "success": False,
}
INVALID_PAGE = "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer."
_MOVIE_APPENDABLE = {
    "credits",
    "keywords",
    "external_ids",
    "videos",
    "recommendations",
    "similar",
    "release_dates",
    "watch/providers",
}
_TV_APPENDABLE = _MOVIE_APPENDABLE - {"release_dates"} | {"content_ratings"}
CONFIGURATION: dict[str, Any] = {
    "change_keys": ["adult", "air_date", "also_known_as", "biography", "cast", "crew", "genres"],
    "images": {
        "base_url": "http://image.tmdb.org/t/p/",
        "secure_base_url": "https://image.tmdb.org/t/p/",
        "backdrop_sizes": ["w300", "w780", "w1280", "original"],
        "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
        "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
        "profile_sizes": ["w45", "w185", "h632", "original"],
        "still_sizes": ["w92", "w185", "w300", "original"],
    },
}


class TmdbSim:
    """The routes of one TMDB instance over a World."""

    def __init__(self, world: World, api_key: str, read_token: str) -> None:
        self.world = world
        self.api_key = api_key
        self.read_token = read_token

    # --- plumbing -----------------------------------------------------------------
    def authorized(self, request: Request) -> bool:
        """Return whether the request carries the v3 key or the v4 read token."""
        if request.query_params.get("api_key") == self.api_key:
            return True
        return request.headers.get("authorization", "") == f"Bearer {self.read_token}"

    def guard(self, handler: Handler) -> Handler:
        """Wrap a handler with TMDB's auth and parameter errors."""

        async def run(request: Request) -> Response:
            if not self.authorized(request):
                return JSONResponse(INVALID_KEY, status_code=401)
            try:
                return await handler(request)
            except lists.BadParameters as err:
                body: dict[str, Any] = {"success": False, "status_code": err.status_code}
                body["status_message"] = err.message
                return JSONResponse(body, status_code=422 if err.status_code == 5 else 400)

        return run

    @staticmethod
    def page(request: Request) -> int:
        """Return the 1-based ``page`` parameter, refusing what TMDB refuses."""
        raw = request.query_params.get("page", "1")
        if not raw.isdigit() or not 1 <= int(raw) <= 500:
            raise lists.BadParameters(22, INVALID_PAGE)
        return int(raw)

    def routes(self) -> list[Route]:
        """Return every route of the simulator."""
        table: list[tuple[str, Handler]] = [
            ("/3/configuration", self.configuration),
            ("/3/genre/movie/list", self.genres_movie),
            ("/3/genre/tv/list", self.genres_tv),
            ("/3/search/{kind:str}", self.search),
            ("/3/discover/{kind:str}", self.discover),
            ("/3/trending/{media:str}/{window:str}", self.trending),
            ("/3/movie/upcoming", self.upcoming),
            ("/3/movie/{tmdb_id:int}/watch/providers", self.movie_providers),
            ("/3/tv/{tmdb_id:int}/watch/providers", self.tv_providers),
            ("/3/person/{person_id:int}", self.person),
            ("/3/person/{person_id:int}/{sub:str}", self.person_credits),
            ("/3/movie/{tmdb_id:int}", self.movie),
            ("/3/movie/{tmdb_id:int}/{sub:str}", self.movie_sub),
            ("/3/tv/{tmdb_id:int}", self.tv),
            ("/3/tv/{tmdb_id:int}/season/{number:int}", self.season),
            ("/3/tv/{tmdb_id:int}/{sub:str}", self.tv_sub),
            ("/3/find/{external_id:str}", self.find),
            ("/3/collection/{collection_id:int}", self.collection),
            ("/3/{kind:str}/{chart:str}", self.chart),
            ("/{rest:path}", self.missing),
        ]
        return [Route(path, self.guard(h), methods=["GET"]) for path, h in table]

    # --- handlers -----------------------------------------------------------------
    async def missing(self, request: Request) -> Response:
        return JSONResponse(NOT_FOUND, status_code=404)

    async def configuration(self, request: Request) -> Response:
        return JSONResponse(CONFIGURATION)

    async def genres_movie(self, request: Request) -> Response:
        rows = sorted({v for k, v in MOVIE_GENRES.items()}, key=lambda g: g[1])
        return JSONResponse({"genres": [{"id": i, "name": n} for i, n in rows]})

    async def genres_tv(self, request: Request) -> Response:
        rows = sorted({v for k, v in TV_GENRES.items()}, key=lambda g: g[1])
        return JSONResponse({"genres": [{"id": i, "name": n} for i, n in rows]})

    async def search(self, request: Request) -> Response:
        kind, q, page = request.path_params["kind"], dict(request.query_params), self.page(request)
        if kind == "movie":
            items = [c.movie_item(m) for m in lists.search_movies(self.world, q)]
        elif kind == "tv":
            items = [c.tv_item(s) for s in lists.search_shows(self.world, q)]
        elif kind == "multi":
            items = lists.search_multi(self.world, q)
        else:
            return await self.missing(request)
        return JSONResponse(d.paged(items, page))

    async def discover(self, request: Request) -> Response:
        kind, q, page = request.path_params["kind"], dict(request.query_params), self.page(request)
        if kind == "movie":
            items = lists.discover_movies(self.world, q)
        elif kind == "tv":
            items = lists.discover_shows(self.world, q)
        else:
            return await self.missing(request)
        return JSONResponse(d.paged(items, page))

    async def trending(self, request: Request) -> Response:
        media, window = request.path_params["media"], request.path_params["window"]
        if media not in {"all", "movie", "tv"} or window not in {"day", "week"}:
            return await self.missing(request)
        items = lists.trending(self.world, media, window)
        return JSONResponse(d.paged(items, self.page(request)))

    async def upcoming(self, request: Request) -> Response:
        return JSONResponse(lists.upcoming(self.world, self.page(request)))

    def _movie_part(self, tmdb_id: int, sub: str, page: int) -> dict[str, Any] | None:
        movie = self.world.movie_by_tmdb[tmdb_id]
        parts: dict[str, Callable[[], dict[str, Any]]] = {
            "credits": lambda: d.credits(movie.cast, movie.crew, tmdb_id, movie=True),
            "keywords": lambda: d.keywords(movie.keywords, movie=True),
            "external_ids": lambda: d.external_ids_movie(movie),
            "videos": lambda: d.videos("movie", tmdb_id, movie.title, movie.release_date),
            "recommendations": lambda: d.related(
                self.world, "movie", movie.recommendations, page, tagged=True
            ),
            "similar": lambda: d.related(self.world, "movie", movie.similar, page, tagged=False),
            "release_dates": lambda: d.release_dates(movie),
            "watch/providers": lambda: people.watch_providers(
                "movie", tmdb_id, None, movie.language
            ),
        }
        build = parts.get(sub)
        return build() if build else None

    def _tv_part(self, tmdb_id: int, sub: str, page: int) -> dict[str, Any] | None:
        show = self.world.show_by_tmdb[tmdb_id]
        parts: dict[str, Callable[[], dict[str, Any]]] = {
            "credits": lambda: d.credits(show.cast, show.crew, tmdb_id, movie=False),
            "keywords": lambda: d.keywords(show.keywords, movie=False),
            "external_ids": lambda: d.external_ids_tv(show),
            "videos": lambda: d.videos("tv", tmdb_id, show.title, show.first_air_date),
            "recommendations": lambda: d.related(
                self.world, "tv", show.recommendations, page, tagged=True
            ),
            "similar": lambda: d.related(self.world, "tv", show.similar, page, tagged=False),
            "content_ratings": lambda: d.content_ratings(show),
            "watch/providers": lambda: people.watch_providers(
                "tv", tmdb_id, show.network, show.language
            ),
        }
        build = parts.get(sub)
        return build() if build else None

    @staticmethod
    def _appends(request: Request, allowed: set[str]) -> list[str]:
        raw = request.query_params.get("append_to_response", "")
        # TMDB silently ignores names it cannot append.
        return [name for name in raw.split(",") if name in allowed]

    async def movie(self, request: Request) -> Response:
        tmdb_id = request.path_params["tmdb_id"]
        movie = self.world.movie_by_tmdb.get(tmdb_id)
        if movie is None:
            return await self.missing(request)
        body = d.movie_details(movie, self.world.now.date())
        for name in self._appends(request, _MOVIE_APPENDABLE):
            body[name] = self._movie_part(tmdb_id, name, 1)
        return JSONResponse(body)

    async def movie_sub(self, request: Request) -> Response:
        tmdb_id, sub = request.path_params["tmdb_id"], request.path_params["sub"]
        if tmdb_id not in self.world.movie_by_tmdb or sub not in _MOVIE_APPENDABLE:
            return await self.missing(request)
        part = self._movie_part(tmdb_id, sub, self.page(request)) or {}
        return JSONResponse({"id": tmdb_id, **part} if "page" not in part else part)

    async def tv(self, request: Request) -> Response:
        tmdb_id = request.path_params["tmdb_id"]
        show = self.world.show_by_tmdb.get(tmdb_id)
        if show is None:
            return await self.missing(request)
        body = d.tv_details(show, self.world.now.date())
        for name in self._appends(request, _TV_APPENDABLE):
            body[name] = self._tv_part(tmdb_id, name, 1)
        return JSONResponse(body)

    async def tv_sub(self, request: Request) -> Response:
        tmdb_id, sub = request.path_params["tmdb_id"], request.path_params["sub"]
        if tmdb_id not in self.world.show_by_tmdb or sub not in _TV_APPENDABLE:
            return await self.missing(request)
        part = self._tv_part(tmdb_id, sub, self.page(request)) or {}
        return JSONResponse({"id": tmdb_id, **part} if "page" not in part else part)

    async def season(self, request: Request) -> Response:
        show = self.world.show_by_tmdb.get(request.path_params["tmdb_id"])
        number = request.path_params["number"]
        season = next((s for s in show.seasons if s.number == number), None) if show else None
        if show is None or season is None:
            return await self.missing(request)
        return JSONResponse(d.season_details(show, season))

    async def chart(self, request: Request) -> Response:
        kind, chart = request.path_params["kind"], request.path_params["chart"]
        charts = {
            "movie": {"popular", "top_rated", "now_playing"},
            "tv": {"popular", "top_rated", "on_the_air", "airing_today"},
        }
        if chart not in charts.get(kind, set()):
            return await self.missing(request)
        items = lists.charts(self.world, kind, chart)
        return JSONResponse(d.paged(items, self.page(request)))

    async def movie_providers(self, request: Request) -> Response:
        return await self._providers(request, "movie")

    async def tv_providers(self, request: Request) -> Response:
        return await self._providers(request, "tv")

    async def _providers(self, request: Request, kind: str) -> Response:
        tmdb_id = request.path_params["tmdb_id"]
        part = (
            self._movie_part(tmdb_id, "watch/providers", 1)
            if kind == "movie" and tmdb_id in self.world.movie_by_tmdb
            else self._tv_part(tmdb_id, "watch/providers", 1)
            if kind == "tv" and tmdb_id in self.world.show_by_tmdb
            else None
        )
        if part is None:
            return await self.missing(request)
        return JSONResponse({"id": tmdb_id, **part})

    async def person(self, request: Request) -> Response:
        person_id = request.path_params["person_id"]
        roles = people.person_roles(self.world).get(person_id)
        if not roles:
            return await self.missing(request)
        return JSONResponse(people.person(person_id, roles))

    async def person_credits(self, request: Request) -> Response:
        person_id, sub = request.path_params["person_id"], request.path_params["sub"]
        roles = people.person_roles(self.world).get(person_id)
        if not roles or sub not in {"movie_credits", "tv_credits"}:
            return await self.missing(request)
        return JSONResponse(people.credits(person_id, roles, sub.removesuffix("_credits")))

    async def find(self, request: Request) -> Response:
        source = request.query_params.get("external_source", "")
        body = lists.find(self.world, request.path_params["external_id"], source)
        return JSONResponse(body)

    async def collection(self, request: Request) -> Response:
        cid = request.path_params["collection_id"]
        parts = [m for m in self.world.movies if m.collection and m.collection[0] == cid]
        if not parts:
            return await self.missing(request)
        assert parts[0].collection is not None
        name = parts[0].collection[1]
        parts.sort(key=lambda m: m.release_date)
        return JSONResponse(
            {
                "id": cid,
                "name": name,
                "original_language": "en",
                "original_name": name,
                "overview": f"Every film of {name}.",
                "poster_path": c.art_path("collection", cid, "poster"),
                "backdrop_path": c.art_path("collection", cid, "backdrop"),
                "parts": [c.movie_item(m, media_type=True) for m in parts],
            }
        )


def build_app(world: World, api_key: str, read_token: str) -> Starlette:
    """Return the bare Starlette app (without fault middleware)."""
    return Starlette(routes=TmdbSim(world, api_key, read_token).routes())
