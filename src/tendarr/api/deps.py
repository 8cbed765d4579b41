"""Request dependencies: who is calling, may they, and is the form post genuine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from tendarr.api.context import AppContext
from tendarr.domain.errors import Forbidden, Unauthorized
from tendarr.domain.users import Permission, User
from tendarr.security.tokens import same
from tendarr.services.authenticate import EXTERNAL_USER

SESSION_COOKIE = "tendarr_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    """An authenticated caller and how they proved it."""

    user: User
    via: str  # "session" | "api_key" | "external"
    csrf_token: str | None = None


def get_context(request: Request) -> AppContext:
    """Return the app's service context."""
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(get_context)]


def _presented_key(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def identify(request: Request, context: AppContext) -> Caller | None:
    """Return the caller, or None when no valid credentials were presented."""
    key = _presented_key(request)
    if key is not None:
        user = context.auth.api_key_user(key)
        return Caller(user, "api_key") if user else None
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        found = context.auth.session_user(token)
        if found is not None:
            return Caller(found[0], "session", found[1])
    status = context.auth.setup_status()
    if status.setup_complete and status.auth_method == "external":
        return Caller(EXTERNAL_USER, "external")
    return None


def require_caller(request: Request, context: Context) -> Caller:
    """Demand credentials; a cookie-authenticated write must also carry the CSRF token."""
    caller = identify(request, context)
    if caller is None:
        raise Unauthorized("authentication required")
    if caller.via == "session" and request.method not in _SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not caller.csrf_token or not same(sent, caller.csrf_token):
            raise Forbidden("missing or invalid CSRF token")
    return caller


CurrentCaller = Annotated[Caller, Depends(require_caller)]


def require_permission(permission: Permission) -> object:
    """Return a dependency that demands ``permission``."""

    def check(caller: CurrentCaller) -> Caller:
        if not caller.user.can(permission):
            raise Forbidden(f"you need the {permission.value} permission")
        return caller

    return Depends(check)


def require_admin(caller: CurrentCaller) -> Caller:
    """Demand the admin role."""
    if not caller.user.is_admin:
        raise Forbidden("administrators only")
    return caller


AdminCaller = Annotated[Caller, Depends(require_admin)]
