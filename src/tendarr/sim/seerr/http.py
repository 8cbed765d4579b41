"""Overseerr's HTTP edge: the OpenAPI request validator, API-key auth and error bodies."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tendarr.sim.model import User
from tendarr.sim.seerr.state import SeerrError, SeerrState

Handler = Callable[[Request], Awaitable[Response]]
UserHandler = Callable[[Request, User], Awaitable[Response]]
# A query rule: "number", or the allowed enum values, or None for free text.
Rule = str | tuple[str, ...] | None


def validator_error(status: int, message: str, path: str) -> JSONResponse:
    """Return express-openapi-validator's error as Overseerr's error handler formats it."""
    return JSONResponse(
        {"message": message, "errors": [{"path": path, "message": message}]}, status_code=status
    )


def forbidden() -> JSONResponse:
    """Return the ``isAuthenticated`` middleware's refusal."""
    return JSONResponse(
        {"status": 403, "error": "You do not have permission to access this endpoint"},
        status_code=403,
    )


def check_query(request: Request, rules: dict[str, Rule]) -> JSONResponse | None:
    """Refuse unknown query parameters and values outside the spec, as the validator does."""
    for name, value in request.query_params.multi_items():
        if name not in rules:
            message = f"Unknown query parameter '{name}'"
            return validator_error(400, message, f"/query/{name}")
        rule = rules[name]
        if rule == "number":
            try:
                float(value)
            except ValueError:
                message = f"request/query/{name} must be number"
                return validator_error(400, message, f"/query/{name}")
        elif isinstance(rule, tuple) and value not in rule:
            allowed = ", ".join(rule)
            message = f"request/query/{name} must be equal to one of the allowed values: {allowed}"
            return validator_error(400, message, f"/query/{name}")
    return None


def acting_user(state: SeerrState, request: Request) -> User | JSONResponse | None:
    """Return the user an API key acts as (``X-API-User`` or the admin), or a refusal."""
    key = request.headers.get("x-api-key")
    if key is None and "connect.sid" not in request.cookies:
        message = "cookie 'connect.sid' required"
        return validator_error(401, message, request.url.path)
    if key != state.api_key:
        return None
    impersonate = request.headers.get("x-api-user")
    if impersonate is None:
        return next(u for u in state.world.users if u.kind == "owner")
    if not impersonate.isdigit():
        return None
    return state.world.user_by_id.get(int(impersonate))


def guarded(state: SeerrState, handler: UserHandler, rules: dict[str, Rule]) -> Handler:
    """Wrap a handler in the validator, then auth; map ``SeerrError`` to Overseerr's body."""

    async def run(request: Request) -> Response:
        # The validator checks credentials are present and the query is declared; the
        # route's isAuthenticated() checks they are right.
        user = acting_user(state, request)
        if isinstance(user, JSONResponse):
            return user
        refusal = check_query(request, rules)
        if refusal is not None:
            return refusal
        if user is None:
            return forbidden()
        try:
            return await handler(request, user)
        except SeerrError as err:
            if err.status == 400:
                return validator_error(400, err.message, request.url.path)
            if err.status == 403:
                return forbidden()
            return JSONResponse({"message": err.message}, status_code=err.status)

    return run


async def json_body(request: Request) -> dict[str, Any]:
    """Return the JSON object body or raise the validator's 400."""
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as err:
        raise SeerrError(400, "request/body must be object") from err
    if not isinstance(body, dict):
        raise SeerrError(400, "request/body must be object")
    return body


def paging(request: Request, default_take: int) -> tuple[int, int]:
    """Return (take, skip) from the query."""
    take = int(float(request.query_params.get("take") or default_take))
    skip = int(float(request.query_params.get("skip") or 0))
    return take, max(0, skip)
