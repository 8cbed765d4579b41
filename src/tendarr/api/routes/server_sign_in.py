"""Add media servers by signing in: plex.tv PIN, Jellyfin/Emby password, Quick Connect.

Vendor tokens never leave Tendarr: the responses carry PIN ids, opaque poll ids and the
saved server entry with its secrets redacted. Every route is for admins only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response, status

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.server_schemas import ServerOut
from tendarr.api.sign_in_schemas import (
    EntryBody,
    PasswordSignInBody,
    PinOut,
    PinStatusOut,
    PlexAddBody,
    QuickConnectBody,
    QuickConnectOut,
    QuickConnectStatusOut,
)
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.media import ServerKind
from tendarr.services.sign_in_servers import SavedServer, ServerSignIn

router = APIRouter(tags=["server sign-in"])
PollId = Annotated[str, Path(min_length=1, max_length=1024)]


def _sign_in(context: Context) -> ServerSignIn:
    if context.sign_in is None:
        raise ValidationFailed("server sign-in is not available in this process")
    return context.sign_in


def _saved(saved: SavedServer, response: Response) -> ServerOut:
    response.status_code = status.HTTP_201_CREATED if saved.created else status.HTTP_200_OK
    return ServerOut.of(saved.server)


@router.post(
    "/api/servers/plex/pin",
    status_code=status.HTTP_201_CREATED,
    summary="Start a plex.tv sign-in (PIN)",
)
def create_pin(caller: AdminCaller, context: Context) -> PinOut:
    """Create a PIN; open ``auth_url`` in a browser, then poll the PIN."""
    return PinOut.of(_sign_in(context).start_plex_pin())


@router.get("/api/servers/plex/pin/{pin_id}", summary="Poll a plex.tv sign-in")
def check_pin(pin_id: int, caller: AdminCaller, context: Context) -> PinStatusOut:
    """Return whether the PIN was approved, then the account and its servers (no token)."""
    return PinStatusOut.of(_sign_in(context).check_plex_pin(pin_id))


@router.post(
    "/api/servers/plex/pin/{pin_id}/add",
    summary="Add a server of the signed-in Plex account (201 created, 200 updated)",
    responses={201: {"model": ServerOut}},
)
def add_plex_server(
    pin_id: int, body: PlexAddBody, caller: AdminCaller, context: Context, response: Response
) -> ServerOut:
    """Save the server with its token; an entry for the same server is updated instead."""
    saved = _sign_in(context).add_plex_server(
        pin_id, body.machine_id, body.uri, body.choice(), caller.user.username
    )
    return _saved(saved, response)


@router.post(
    "/api/servers/{kind}/sign-in",
    summary="Sign in to Jellyfin or Emby with a password (201 created, 200 updated)",
    responses={201: {"model": ServerOut}},
)
def password_sign_in(
    kind: Literal["jellyfin", "emby"],
    body: PasswordSignInBody,
    caller: AdminCaller,
    context: Context,
    response: Response,
) -> ServerOut:
    """Exchange the password for an access token and save the entry; the password is dropped."""
    saved = _sign_in(context).sign_in_with_password(
        ServerKind(kind),
        body.url,
        body.username,
        body.password,
        body.choice(),
        caller.user.username,
    )
    return _saved(saved, response)


@router.post(
    "/api/servers/jellyfin/quick-connect",
    status_code=status.HTTP_201_CREATED,
    summary="Start a Jellyfin Quick Connect sign-in",
)
def start_quick_connect(
    body: QuickConnectBody, caller: AdminCaller, context: Context
) -> QuickConnectOut:
    """Return the code to enter in a signed-in Jellyfin client and the id to poll with."""
    return QuickConnectOut.of(_sign_in(context).start_quick_connect(body.url))


@router.get("/api/servers/jellyfin/quick-connect/{poll_id}", summary="Poll a Quick Connect sign-in")
def poll_quick_connect(
    poll_id: PollId, caller: AdminCaller, context: Context
) -> QuickConnectStatusOut:
    """Return whether the code was approved (then add the server)."""
    return QuickConnectStatusOut(authenticated=_sign_in(context).quick_connect_approved(poll_id))


@router.post(
    "/api/servers/jellyfin/quick-connect/{poll_id}/add",
    summary="Add the Jellyfin server of an approved Quick Connect (201 created, 200 updated)",
    responses={201: {"model": ServerOut}},
)
def add_quick_connect_server(
    poll_id: PollId,
    caller: AdminCaller,
    context: Context,
    response: Response,
    body: EntryBody | None = None,
) -> ServerOut:
    """Redeem the approved code for a token and save the entry."""
    choice = (body or EntryBody()).choice()
    saved = _sign_in(context).add_quick_connect_server(poll_id, choice, caller.user.username)
    return _saved(saved, response)
