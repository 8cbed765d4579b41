"""Sign in and out, who am I, and the caller's API key."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from tendarr.api.context import AppContext
from tendarr.api.deps import SESSION_COOKIE, Context, CurrentCaller
from tendarr.api.errors import error_response
from tendarr.api.schemas import ApiKeyOut, Credentials, UserEnvelope, UserOut
from tendarr.domain.errors import Unauthorized
from tendarr.services.authenticate import ApiKeyView

router = APIRouter(tags=["auth"])


def start_session(response: Response, context: AppContext, token: str, max_age: int) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=context.config.https,
        path="/",
    )


def client_id(request: Request) -> str:
    """Return the address the rate limiter counts against."""
    return request.client.host if request.client else "unknown"


@router.post(
    "/api/auth/login",
    summary="Exchange username and password for a session",
    response_model=UserEnvelope,
    responses={401: {"description": "Bad credentials"}},
)
def login(
    body: Credentials, request: Request, response: Response, context: Context
) -> UserEnvelope | JSONResponse:
    """Check the password (10 attempts per minute per client) and set the session cookie."""
    limit_headers = request.app.state.login_limiter.hit(client_id(request))
    try:
        session = context.auth.login(body.username, body.password)
    except Unauthorized as err:
        return error_response(401, err.message, err.code, limit_headers)
    response.headers.update(limit_headers)
    start_session(response, context, session.token, session.max_age_seconds)
    return UserEnvelope(user=UserOut.of(session.user), csrf_token=session.csrf_token)


@router.post(
    "/api/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="End the current session"
)
def logout(request: Request, caller: CurrentCaller, context: Context) -> Response:
    """Delete the session and its cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        context.auth.logout(token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/api/auth/me", summary="The signed-in user")
def me(caller: CurrentCaller) -> UserEnvelope:
    """Return the caller and, for browser sessions, the CSRF token to send on writes."""
    return UserEnvelope(user=UserOut.of(caller.user), csrf_token=caller.csrf_token)


def _key(view: ApiKeyView) -> ApiKeyOut:
    return ApiKeyOut(key=view.key, source=view.source, created_at=view.created_at)


@router.get("/api/auth/api-key", summary="The caller's API key")
def get_api_key(caller: CurrentCaller, context: Context) -> ApiKeyOut:
    """Return the caller's API key (null when none was generated yet)."""
    return _key(context.auth.api_key(caller.user))


@router.post("/api/auth/api-key/regenerate", summary="Issue a new API key")
def regenerate_api_key(caller: CurrentCaller, context: Context) -> ApiKeyOut:
    """Replace the caller's API key; the old one stops working at once."""
    return _key(context.auth.regenerate_api_key(caller.user))
