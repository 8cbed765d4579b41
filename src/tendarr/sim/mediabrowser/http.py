"""Request plumbing shared by the Jellyfin and Emby apps: caller, access levels, errors."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from starlette.requests import Request
from starlette.responses import Response

from tendarr.sim.mediabrowser.auth import Caller, identify
from tendarr.sim.mediabrowser.catalog import Catalog, Item
from tendarr.sim.mediabrowser.listing import BadQuery
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.mediabrowser.state import ServerState
from tendarr.sim.mediabrowser.wire import Query
from tendarr.sim.model import User

Access = Literal["anonymous", "user", "admin"]


class Vendor(Protocol):
    """How one vendor authenticates and words its errors."""

    auth_headers: tuple[str, ...]
    legacy_tokens: bool

    def unauthorized(self, message: str = "") -> Response:
        """Return the answer to a missing or wrong token."""
        ...

    def forbidden(self, message: str = "") -> Response:
        """Return the answer to a caller without the right."""
        ...

    def not_found(self, message: str = "") -> Response:
        """Return the answer to an unknown resource."""
        ...

    def bad_request(self, message: str = "") -> Response:
        """Return the answer to parameters the server cannot bind."""
        ...

    def cannot_delete(self) -> Response:
        """Return the answer when the caller may not delete media."""
        ...

    def query_result(self, items: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
        """Return the QueryResult envelope."""
        ...


class Refusal(Exception):
    """Stop handling and send ``response``."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


@dataclass
class Ctx:
    """Everything a handler needs about one request."""

    request: Request
    sim: SimServer
    vendor: Vendor
    caller: Caller
    query: Query

    @property
    def state(self) -> ServerState:
        """Return the server's state."""
        return self.sim.state

    def param(self, name: str) -> str:
        """Return a path parameter."""
        return str(self.request.path_params[name])

    async def body(self) -> dict[str, Any]:
        """Return the JSON body as an object (400 when it is not one)."""
        try:
            data = json.loads(await self.request.body() or b"null")
        except ValueError as err:
            message = "The JSON value could not be converted."
            raise Refusal(self.vendor.bad_request(message)) from err
        if not isinstance(data, dict):
            raise Refusal(self.vendor.bad_request("A non-empty request body is required."))
        return data

    def item(self, catalog: Catalog, raw_id: str) -> Item:
        """Return an item by id, or refuse with the vendor's 404."""
        found = catalog.find(raw_id)
        if found is None:
            raise Refusal(self.vendor.not_found("Item not found."))
        return found

    def target_user(self, raw: str | None) -> User | None:
        """Return the user a call acts for: ``raw`` if given, else the caller (404/403 rules)."""
        caller_user = self.caller.user
        if raw is None:
            return caller_user
        user = self.state.user_by_id(raw)
        if user is None:
            raise Refusal(self.vendor.not_found("User not found."))
        if caller_user is not None and caller_user is not user and not self.caller.is_admin:
            raise Refusal(self.vendor.forbidden("User is not allowed to access this user."))
        return user

    def acting_user(self, raw: str | None) -> User:
        """Return the user a user-data call acts for; refuse when there is none."""
        user = self.target_user(raw)
        if user is None:
            raise Refusal(self.vendor.not_found("User not found."))
        return user


Handler = Callable[[Ctx], Awaitable[Response]]


def endpoint(access: Access, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: resolve the caller, enforce ``access`` and map refusals."""

    async def run(request: Request) -> Response:
        sim: SimServer = request.app.state.sim
        vendor: Vendor = request.app.state.vendor
        caller = identify(request, sim.state, vendor.auth_headers, vendor.legacy_tokens)
        if access != "anonymous" and caller.token is None:
            return vendor.unauthorized()
        if access == "admin" and not caller.is_admin:
            return vendor.forbidden()
        ctx = Ctx(request, sim, vendor, caller, Query.of(request))
        try:
            return await handler(ctx)
        except Refusal as refusal:
            return refusal.response
        except BadQuery as err:
            return vendor.bad_request(str(err))

    return run
