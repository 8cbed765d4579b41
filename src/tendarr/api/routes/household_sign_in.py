"""Household members sign in with their Plex, Jellyfin or Emby account (public routes).

Every route counts against the login rate limit; none returns a vendor token.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from tendarr.api.deps import Context
from tendarr.api.routes.auth import client_id, start_session
from tendarr.api.schemas import UserEnvelope, UserOut
from tendarr.api.sign_in_schemas import PinOut
from tendarr.domain.errors import ValidationFailed
from tendarr.services.authenticate import NewSession
from tendarr.services.household_sign_in import HouseholdSignIn

router = APIRouter(tags=["auth"])


class SignInServerOut(BaseModel):
    id: str
    name: str
    kind: str


class SignInServers(BaseModel):
    servers: list[SignInServerOut]


class PendingOut(BaseModel):
    status: str = "pending"


class MemberLoginBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    server_id: str = Field(min_length=1, max_length=48)
    username: str = Field(min_length=1, max_length=128)
    password: str = Field(max_length=1024)


def _service(context: Context) -> HouseholdSignIn:
    if context.household_sign_in is None:
        raise ValidationFailed("media-server sign-in is not available in this process")
    if not context.auth.setup_status().setup_complete:
        raise ValidationFailed("finish the setup wizard first")
    return context.household_sign_in


def _limit(request: Request, response: Response) -> None:
    response.headers.update(request.app.state.login_limiter.hit(client_id(request)))


def _signed_in(session: NewSession, response: Response, context: Context) -> UserEnvelope:
    start_session(response, context, session.token, session.max_age_seconds)
    return UserEnvelope(user=UserOut.of(session.user), csrf_token=session.csrf_token)


@router.get("/api/auth/media-servers", summary="Servers members can sign in through")
def sign_in_servers(context: Context) -> SignInServers:
    """Return the enabled servers (name and kind only) for the login page."""
    if not context.auth.setup_status().setup_complete:
        return SignInServers(servers=[])
    return SignInServers(
        servers=[
            SignInServerOut(id=c.id, name=c.name, kind=c.kind.value)
            for c in _service(context).options()
        ]
    )


@router.post(
    "/api/auth/plex/pin",
    status_code=status.HTTP_201_CREATED,
    summary="Start signing in with a Plex account",
)
def plex_pin(request: Request, response: Response, context: Context) -> PinOut:
    """Create a plex.tv PIN; open ``auth_url``, then poll ``/api/auth/plex/pin/{id}``."""
    _limit(request, response)
    return PinOut.of(_service(context).start_plex())


@router.post(
    "/api/auth/plex/pin/{pin_id}",
    summary="Finish signing in with a Plex account",
    responses={202: {"model": PendingOut, "description": "Not approved yet"}},
)
def plex_pin_session(
    pin_id: int, request: Request, response: Response, context: Context
) -> UserEnvelope | PendingOut:
    """Once the PIN is approved and the account reaches a configured server: a session."""
    session = _service(context).finish_plex(pin_id)
    if session is None:
        response.status_code = status.HTTP_202_ACCEPTED
        return PendingOut()
    _limit(request, response)
    return _signed_in(session, response, context)


@router.post(
    "/api/auth/media-server/login",
    summary="Sign in with a Jellyfin or Emby account",
    responses={400: {"description": "Wrong username or password"}},
)
def member_login(
    body: MemberLoginBody, request: Request, response: Response, context: Context
) -> UserEnvelope:
    """The server checks the password; Tendarr never stores it."""
    _limit(request, response)
    session = _service(context).sign_in_password(body.server_id, body.username, body.password)
    return _signed_in(session, response, context)
