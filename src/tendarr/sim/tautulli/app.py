"""Tautulli's ``/api/v2`` dispatcher: apikey checks, the envelope and the HTTP codes it sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tendarr.sim.tautulli.commands import ALL_COMMANDS
from tendarr.sim.tautulli.history import HistoryError, get_history
from tendarr.sim.tautulli.library import (
    get_item_user_stats,
    get_item_watch_time_stats,
    get_libraries,
    get_library_media_info,
    get_library_names,
)
from tendarr.sim.tautulli.metadata import get_activity, get_metadata, get_users
from tendarr.sim.tautulli.server import get_server_info, get_tautulli_info, get_user
from tendarr.sim.tautulli.state import TautulliState
from tendarr.sim.tautulli.stats import get_home_stats

QUOTES = (
    "I'm a cop you idiot!",
    "Get to the chopper!",
    "Hasta la vista, baby.",
    "I'll be back.",
    "Consider that a divorce!",
)
SIMULATED = frozenset(
    {
        "arnold",
        "get_activity",
        "get_history",
        "get_home_stats",
        "get_item_user_stats",
        "get_item_watch_time_stats",
        "get_libraries",
        "get_library_media_info",
        "get_library_names",
        "get_metadata",
        "get_server_info",
        "get_tautulli_info",
        "get_user",
        "get_users",
        "status",
    }
)


def envelope(result: str, message: str | None, data: Any, status: int) -> JSONResponse:
    """Return Tautulli's ``{"response": {result, message, data}}`` with an HTTP status."""
    body = {
        "response": {"result": result, "message": message, "data": {} if data is None else data}
    }
    return JSONResponse(body, status_code=status)


class TautulliApi:
    """Dispatch ``cmd`` the way ``plexpy/api2.py`` does."""

    def __init__(self, state: TautulliState) -> None:
        self.state = state

    async def api(self, request: Request) -> Response:
        params = dict(request.query_params)
        apikey, cmd = params.pop("apikey", None), params.pop("cmd", None)
        for name in ("out_type", "callback", "debug"):
            params.pop(name, None)
        if apikey is None:
            return envelope("error", "Parameter apikey is required", None, 401)
        if cmd is None:
            listing = ", ".join(ALL_COMMANDS)
            return envelope(
                "error", f"Parameter cmd is required. Possible commands are: {listing}", None, 400
            )
        if cmd not in ALL_COMMANDS:
            listing = ", ".join(sorted(ALL_COMMANDS))
            return envelope(
                "error", f"Unknown command: {cmd}. Possible commands are: {listing}", None, 400
            )
        if apikey != self.state.api_key:
            return envelope("error", "Invalid apikey", None, 401)
        if cmd not in SIMULATED:
            # A real command the simulator does not model: say so instead of inventing data.
            return envelope("error", f"Command {cmd} is not simulated", None, 501)
        if cmd == "status":  # the command answers {result, message}; both move to the envelope
            return envelope("success", "Ok", None, 200)
        try:
            data = self.run(cmd, params)
        except HistoryError:
            return envelope("error", "Check the logs for errors", None, 500)
        return envelope("success", None, data, 200)

    def run(self, cmd: str, params: dict[str, str]) -> Any:
        """Return the ``data`` of a simulated command."""
        state = self.state
        if cmd == "get_history":
            return get_history(state, params)
        if cmd == "get_home_stats":
            return get_home_stats(state, params)
        if cmd == "get_users":
            return get_users(state)
        if cmd == "get_metadata":
            return get_metadata(state, params.get("rating_key", ""))
        if cmd == "get_activity":
            return get_activity(state)
        if cmd in _LIBRARY:
            return _LIBRARY[cmd](state, params)
        return QUOTES[state.world.seed % len(QUOTES)]


_LIBRARY: dict[str, Callable[[TautulliState, dict[str, str]], Any]] = {
    "get_libraries": lambda state, _: get_libraries(state),
    "get_library_names": lambda state, _: get_library_names(state),
    "get_library_media_info": get_library_media_info,
    "get_item_user_stats": lambda state, p: get_item_user_stats(state, p.get("rating_key", "")),
    "get_item_watch_time_stats": lambda state, p: get_item_watch_time_stats(
        state, p.get("rating_key", ""), p.get("query_days", "")
    ),
    "get_user": lambda state, p: get_user(
        state, p.get("user_id", ""), p.get("include_last_seen", "").lower() in {"true", "1"}
    ),
    "get_server_info": lambda state, _: get_server_info(state),
    "get_tautulli_info": lambda state, _: get_tautulli_info(),
}


async def _not_found(request: Request) -> Response:
    return Response("404 Not Found", status_code=404, media_type="text/html")


def build_app(state: TautulliState) -> Starlette:
    """Return the bare Starlette app (without fault middleware)."""
    api = TautulliApi(state)
    return Starlette(
        routes=[
            Route("/api/v2", api.api, methods=["GET", "POST"]),
            Route("/{rest:path}", _not_found),
        ]
    )
