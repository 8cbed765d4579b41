"""First-run setup: choose how people sign in and create the admin."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response, status

from tendarr.api.deps import Context, identify
from tendarr.api.routes.auth import start_session
from tendarr.api.schemas import Credentials, SetupStatusOut, UserEnvelope, UserOut
from tendarr.domain.errors import Conflict, Unauthorized

router = APIRouter(tags=["setup"])


def _guard(request: Request, context: Context) -> None:
    # Before setup anyone who reaches the instance may set it up (as in every *arr app);
    # afterwards these routes need credentials like any other, and then say it is done.
    state = context.auth.setup_status()
    if state.setup_complete:
        if identify(request, context) is None:
            raise Unauthorized("authentication required")
        raise Conflict("setup is already complete")


@router.get("/api/setup/status", summary="First-run state (public)")
def setup_status(context: Context) -> SetupStatusOut:
    """Return whether setup is complete and how sign-in works."""
    state = context.auth.setup_status()
    return SetupStatusOut(
        setup_complete=state.setup_complete,
        auth_method=state.auth_method,
        has_admin=state.has_admin,
    )


@router.post(
    "/api/setup/admin",
    status_code=status.HTTP_201_CREATED,
    summary="Create the first admin and sign in (only before setup is complete)",
    dependencies=[Depends(_guard)],
)
def create_admin(body: Credentials, response: Response, context: Context) -> UserEnvelope:
    """Create the admin account, finish setup and start a session."""
    context.auth.complete_setup_internal(body.username, body.password)
    session = context.auth.login(body.username, body.password)
    start_session(response, context, session.token, session.max_age_seconds)
    return UserEnvelope(user=UserOut.of(session.user), csrf_token=session.csrf_token)


@router.post(
    "/api/setup/external",
    summary="Trust a reverse proxy for sign-in (only before setup is complete)",
    dependencies=[Depends(_guard)],
)
def choose_external(context: Context) -> SetupStatusOut:
    """Finish setup without a local admin: the proxy in front authenticates people."""
    context.auth.complete_setup_external()
    return setup_status(context)
