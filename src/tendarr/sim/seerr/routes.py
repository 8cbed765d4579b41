"""Route handlers for ``/api/v1``: status, auth, requests, media, users and details."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tendarr.sim.model import MediaRequest, User
from tendarr.sim.seerr import actions, settings
from tendarr.sim.seerr.details import movie_details, tv_details
from tendarr.sim.seerr.http import (
    Handler,
    Rule,
    UserHandler,
    guarded,
    json_body,
    paging,
    validator_error,
)
from tendarr.sim.seerr.serialize import media_json, page, request_json, user_json
from tendarr.sim.seerr.state import (
    AVAILABLE,
    MANAGE_REQUESTS,
    PARTIALLY_AVAILABLE,
    PENDING,
    PROCESSING,
    REQ_APPROVED,
    REQ_DECLINED,
    REQ_FAILED,
    REQ_PENDING,
    MediaRecord,
    SeerrError,
    SeerrState,
)

# Spec operations (templates relative to /api/v1) this simulator serves.
IMPLEMENTED: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/status"),
        ("GET", "/auth/me"),
        ("GET", "/request"),
        ("POST", "/request"),
        ("GET", "/request/count"),
        ("GET", "/request/{requestId}"),
        ("PUT", "/request/{requestId}"),
        ("DELETE", "/request/{requestId}"),
        ("POST", "/request/{requestId}/{status}"),
        ("GET", "/media"),
        ("DELETE", "/media/{mediaId}"),
        ("POST", "/media/{mediaId}/{status}"),
        ("GET", "/user"),
        ("GET", "/user/{userId}"),
        ("GET", "/user/{userId}/requests"),
        ("GET", "/movie/{movieId}"),
        ("GET", "/tv/{tvId}"),
        ("GET", "/settings/notifications/webhook"),
        ("POST", "/settings/notifications/webhook"),
        ("POST", "/settings/notifications/webhook/test"),
    }
)
IMPLEMENTED_JELLYSEERR = IMPLEMENTED | {("DELETE", "/media/{mediaId}/file")}
VERSIONS = {"overseerr": "1.34.0", "jellyseerr": "2.7.3"}
_REQUEST_FILTERS = (
    "all",
    "approved",
    "available",
    "pending",
    "processing",
    "unavailable",
    "failed",
)
_MEDIA_FILTERS = ("all", "available", "partial", "allavailable", "processing", "pending")
_OPEN = (1, 2, 3, 4)  # UNKNOWN .. PARTIALLY_AVAILABLE


def _int_path(request: Request, name: str, number: str | None = None) -> int:
    """Return a numeric path parameter; ``number`` names it when the spec types it number."""
    raw = str(request.path_params[name])
    if raw.isdigit():
        return int(raw)
    if number is not None:  # the validator refuses it before the route runs
        raise SeerrError(400, f"request/params/{number} must be number")
    # Ids the spec types as strings reach the route, where Number() finds nothing.
    raise SeerrError(404, "Request not found." if name == "request_id" else "Media not found")


class SeerrRoutes:
    """The handlers of one Overseerr or Jellyseerr instance."""

    def __init__(self, state: SeerrState) -> None:
        self.state = state

    def query_rules(self) -> dict[str, dict[str, Rule]]:
        """Return the query parameters each operation declares (flavour-specific extras)."""
        paged: dict[str, Rule] = {"take": "number", "skip": "number"}
        requests: dict[str, Rule] = {
            **paged,
            "filter": _REQUEST_FILTERS,
            "sort": ("added", "modified"),
            "requestedBy": "number",
        }
        users: dict[str, Rule] = {
            **paged,
            "sort": ("created", "updated", "requests", "displayname"),
        }
        if self.state.flavour == "jellyseerr":
            requests["sortDirection"] = ("asc", "desc")
            users["q"] = None
        media: dict[str, Rule] = {
            **paged,
            "filter": _MEDIA_FILTERS,
            "sort": ("added", "modified", "mediaAdded"),
        }
        return {
            "list_requests": requests,
            "list_users": users,
            "user_requests": paged,
            "list_media": media,
            "movie": {"language": None},
            "tv": {"language": None},
        }

    def routes(self) -> list[Route]:
        """Return every route, literal paths before templated ones."""
        g = self._guard
        routes = [
            Route("/api/v1/status", self.status, methods=["GET"]),
            Route("/api/v1/auth/me", g(self.me), methods=["GET"]),
            Route("/api/v1/request", g(self.list_requests), methods=["GET"]),
            Route("/api/v1/request", g(self.create_request), methods=["POST"]),
            Route("/api/v1/request/count", g(self.request_count), methods=["GET"]),
            Route("/api/v1/request/{request_id}", g(self.get_request), methods=["GET"]),
            Route("/api/v1/request/{request_id}", g(self.put_request), methods=["PUT"]),
            Route("/api/v1/request/{request_id}", g(self.delete_request), methods=["DELETE"]),
            Route("/api/v1/request/{request_id}/{action}", g(self.set_status), methods=["POST"]),
            Route("/api/v1/media", g(self.list_media), methods=["GET"]),
            Route("/api/v1/media/{media_id}", g(self.delete_media), methods=["DELETE"]),
            Route("/api/v1/media/{media_id}", self.method_not_allowed, methods=["GET"]),
            Route("/api/v1/media/{media_id}/{status}", g(self.set_media_status), methods=["POST"]),
            Route("/api/v1/user", g(self.list_users), methods=["GET"]),
            Route("/api/v1/user/{user_id}", g(self.get_user), methods=["GET"]),
            Route("/api/v1/user/{user_id}/requests", g(self.user_requests), methods=["GET"]),
            Route("/api/v1/settings/notifications/webhook", g(self.get_webhook), methods=["GET"]),
            Route("/api/v1/settings/notifications/webhook", g(self.post_webhook), methods=["POST"]),
            Route(
                "/api/v1/settings/notifications/webhook/test",
                g(self.send_test_webhook),
                methods=["POST"],
            ),
            Route("/api/v1/movie/{tmdb_id}", g(self.movie), methods=["GET"]),
            Route("/api/v1/tv/{tmdb_id}", g(self.tv), methods=["GET"]),
        ]
        if self.state.flavour == "jellyseerr":
            routes.append(
                Route("/api/v1/media/{media_id}/file", g(self.delete_file), methods=["DELETE"])
            )
        routes.append(
            Route(
                "/{rest:path}",
                self.not_found,
                methods=["GET", "POST", "PUT", "DELETE", "PATCH"],
            )
        )
        return routes

    def _guard(self, handler: UserHandler) -> Handler:
        rules = self.query_rules().get(handler.__name__, {})
        return guarded(self.state, handler, rules)

    # --- public -----------------------------------------------------------------------
    async def status(self, request: Request) -> Response:
        version = VERSIONS[self.state.flavour]
        return JSONResponse(
            {
                "version": version,
                "commitTag": f"v{version}",
                "updateAvailable": False,
                "commitsBehind": 0,
                "restartRequired": False,
            }
        )

    async def not_found(self, request: Request) -> Response:
        return validator_error(404, "not found", request.url.path)

    async def method_not_allowed(self, request: Request) -> Response:
        return validator_error(405, f"{request.method} method not allowed", request.url.path)

    # --- auth and users ---------------------------------------------------------------
    async def me(self, request: Request, user: User) -> Response:
        return JSONResponse(user_json(self.state, user, request_count=True))

    async def list_users(self, request: Request, user: User) -> Response:
        take, skip = paging(request, 10)
        rows = [user_json(self.state, u, request_count=True) for u in self.state.world.users]
        q = request.query_params.get("q", "").lower()
        if q:
            rows = [r for r in rows if q in r["displayName"].lower() or q in r["email"].lower()]
        sort = request.query_params.get("sort", "created")
        if sort == "requests":
            rows.sort(key=lambda r: (-r["requestCount"], r["id"]))
        elif sort == "displayname":
            rows.sort(key=lambda r: r["displayName"].lower())
        elif sort == "updated":
            rows.sort(key=lambda r: (r["updatedAt"], r["id"]), reverse=True)
        chunk = rows[skip : skip + take] if take > 0 else rows[skip:]
        return JSONResponse(page(chunk, len(rows), take, skip))

    async def get_user(self, request: Request, user: User) -> Response:
        target = self.state.user(_int_path(request, "user_id", "userId"))
        return JSONResponse(user_json(self.state, target, request_count=True))

    async def user_requests(self, request: Request, user: User) -> Response:
        target = self.state.user(_int_path(request, "user_id", "userId"))
        take, skip = paging(request, 10)
        rows = sorted(
            (r for r in self.state.world.requests if r.user_id == target.id), key=lambda r: -r.id
        )
        chunk = rows[skip : skip + take] if take > 0 else rows[skip:]
        body = [request_json(self.state, r) for r in chunk]
        return JSONResponse(page(body, len(rows), take, skip))

    # --- requests ---------------------------------------------------------------------
    def _visible(self, user: User) -> list[MediaRequest]:
        requests = list(self.state.world.requests)
        if not self.state.can(user, MANAGE_REQUESTS):
            requests = [r for r in requests if r.user_id == user.id]
        return requests

    async def list_requests(self, request: Request, user: User) -> Response:
        take, skip = paging(request, 10)
        wanted = request.query_params.get("filter", "all")
        statuses = {
            "approved": {REQ_APPROVED},
            "processing": {REQ_APPROVED},
            "available": {REQ_APPROVED},
            "pending": {REQ_PENDING},
            "unavailable": {REQ_PENDING, REQ_APPROVED},
            "failed": {REQ_FAILED},
        }.get(wanted, {REQ_PENDING, REQ_APPROVED, REQ_DECLINED, REQ_FAILED})
        media_ok = {"available": {AVAILABLE}, "processing": set(_OPEN), "unavailable": set(_OPEN)}
        rows = [r for r in self._visible(user) if r.status in statuses]
        if wanted in media_ok:
            rows = [r for r in rows if self._media_status(r) in media_ok[wanted]]
        by = request.query_params.get("requestedBy")
        if by:
            rows = [r for r in rows if r.user_id == int(float(by))]
        modified = request.query_params.get("sort") == "modified"
        ascending = request.query_params.get("sortDirection") == "asc"
        rows.sort(
            key=lambda r: (r.updated_at, r.id) if modified else (r.id,), reverse=not ascending
        )
        chunk = rows[skip : skip + take] if take > 0 else rows[skip:]
        body = [request_json(self.state, r, season_count=True) for r in chunk]
        return JSONResponse(page(body, len(rows), take, skip))

    def _media_status(self, request: MediaRequest) -> int:
        record = self.state.media.get((request.kind, request.item_id))
        return self.state.status(record) if record is not None else 1

    async def request_count(self, request: Request, user: User) -> Response:
        rows = self._visible(user)
        approved = [r for r in rows if r.status == REQ_APPROVED]
        return JSONResponse(
            {
                "total": len(rows),
                "movie": sum(1 for r in rows if r.kind == "movie"),
                "tv": sum(1 for r in rows if r.kind == "show"),
                "pending": sum(1 for r in rows if r.status == REQ_PENDING),
                "approved": len(approved),
                "declined": sum(1 for r in rows if r.status == REQ_DECLINED),
                "processing": sum(1 for r in approved if self._media_status(r) != AVAILABLE),
                "available": sum(1 for r in approved if self._media_status(r) == AVAILABLE),
            }
        )

    async def create_request(self, request: Request, user: User) -> Response:
        body = await json_body(request)
        created = actions.create_request(self.state, user, body)
        return JSONResponse(request_json(self.state, created), status_code=201)

    async def get_request(self, request: Request, user: User) -> Response:
        found = self.state.request(_int_path(request, "request_id"))
        if found.user_id != user.id and not self.state.can(user, MANAGE_REQUESTS):
            raise SeerrError(403, "forbidden")
        return JSONResponse(request_json(self.state, found))

    async def put_request(self, request: Request, user: User) -> Response:
        if not self.state.can(user, MANAGE_REQUESTS):
            raise SeerrError(403, "forbidden")
        found = self.state.request(_int_path(request, "request_id"))
        actions.update_request(self.state, user, found, await json_body(request))
        return JSONResponse(request_json(self.state, found))

    async def delete_request(self, request: Request, user: User) -> Response:
        found = self.state.request(_int_path(request, "request_id"))
        actions.delete_request(self.state, user, found)
        return Response(status_code=204)

    async def set_status(self, request: Request, user: User) -> Response:
        action = request.path_params["action"]
        if action not in {"approve", "decline"}:
            message = "request/params/status must be equal to one of the allowed values: "
            return validator_error(400, message + "approve, decline", request.url.path)
        if not self.state.can(user, MANAGE_REQUESTS):
            raise SeerrError(403, "forbidden")
        found = self.state.request(_int_path(request, "request_id"))
        actions.set_status(self.state, user, found, action)
        return JSONResponse(request_json(self.state, found))

    # --- media ------------------------------------------------------------------------
    async def list_media(self, request: Request, user: User) -> Response:
        take, skip = paging(request, 20)
        wanted = {
            "available": {AVAILABLE},
            "partial": {PARTIALLY_AVAILABLE},
            "allavailable": {PARTIALLY_AVAILABLE, AVAILABLE},
            "processing": {PROCESSING},
            "pending": {PENDING},
        }.get(request.query_params.get("filter", "all"))
        records = [
            r for r in self.state.media.values() if wanted is None or self.state.status(r) in wanted
        ]
        sort = request.query_params.get("sort", "added")
        if sort == "modified":
            records.sort(key=lambda r: (r.updated_at, r.id), reverse=True)
        elif sort == "mediaAdded":
            records.sort(key=lambda r: (r.media_added_at or r.created_at, r.id), reverse=True)
        else:
            records.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        chunk = records[skip : skip + take] if take > 0 else records[skip:]
        body = [media_json(self.state, r) for r in chunk]
        return JSONResponse(page(body, len(records), take, skip))

    def _record(self, request: Request, user: User, bits: int) -> MediaRecord:
        if not self.state.can(user, bits):
            raise SeerrError(403, "forbidden")
        record = self.state.record_by_id(_int_path(request, "media_id"))
        if record is None:
            raise SeerrError(404, "Media not found")
        return record

    async def delete_media(self, request: Request, user: User) -> Response:
        actions.delete_media(self.state, self._record(request, user, MANAGE_REQUESTS))
        return Response(status_code=204)

    async def set_media_status(self, request: Request, user: User) -> Response:
        status = request.path_params["status"]
        if status not in actions.MANUAL_STATUSES:
            allowed = ", ".join(actions.MANUAL_STATUSES)
            message = f"request/params/status must be equal to one of the allowed values: {allowed}"
            return validator_error(400, message, request.url.path)
        if not self.state.can(user, MANAGE_REQUESTS):
            raise SeerrError(403, "forbidden")
        record = self.state.record_by_id(_int_path(request, "media_id"))
        if record is None:
            raise SeerrError(404, "Media does not exist.")
        is4k = False
        if request.headers.get("content-type", "").startswith("application/json"):
            is4k = bool((await json_body(request)).get("is4k", False))
        else:  # Riven posts form data; Express's urlencoded parser reads it the same way
            form = await request.form()
            is4k = str(form.get("is4k", "false")).lower() == "true"
        actions.force_status(self.state, record, status, is4k)
        return JSONResponse(media_json(self.state, record))

    async def delete_file(self, request: Request, user: User) -> Response:
        actions.delete_media_file(self.state, self._record(request, user, 0))
        return Response(status_code=204)

    # --- settings ---------------------------------------------------------------------
    async def get_webhook(self, request: Request, user: User) -> Response:
        return await settings.get_webhook(self.state, request, user)

    async def post_webhook(self, request: Request, user: User) -> Response:
        return await settings.post_webhook(self.state, request, user)

    async def send_test_webhook(self, request: Request, user: User) -> Response:
        return await settings.send_test_webhook(self.state, request, user)

    # --- details ----------------------------------------------------------------------
    async def movie(self, request: Request, user: User) -> Response:
        return JSONResponse(movie_details(self.state, _int_path(request, "tmdb_id", "movieId")))

    async def tv(self, request: Request, user: User) -> Response:
        return JSONResponse(tv_details(self.state, _int_path(request, "tmdb_id", "tvId")))
