"""Sign in and out, who am I, and the caller's API key."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from tendarr.api.context import AppContext
from tendarr.api.deps import SESSION_COOKIE, Context, CurrentCaller
from tendarr.api.schemas import ApiKeyOut, Credentials, UserEnvelope, UserOut
from tendarr.services.authenticate import ApiKeyView

router = APIRouter(tags=["auth"])


def start_session(response: Response, context: AppContext, token: str, max_age: int) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS."""
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax",
        secure=context.config.https, path="/",
    )


def client_id(request: Request) -> str:
    """Return the address the rate limiter counts against."""
    return request.client.host if request.client else "unknown"


@router.post("/api/auth/login", summary="Exchange username and password for a session")
def login(
    body: Credentials, request: Request, response: Response, context: Context
) -> UserEnvelope:
    """Check the password (10 attempts per minute per client) and set the session cookie."""
    limiter = request.app.state.login_limiter
    for name, value in limiter.hit(client_id(request)).items():
        response.headers[name] = value
    session = context.auth.login(body.username, body.password)
    start_session(response, context, session.token, session.max_age_seconds)
    return UserEnvelope(user=UserOut.of(session.user), csrf_token=session.csrf_token)


@router.post("/api/auth/logout", status_code=status.HTTP_204_NO_CONTENT,
             summary="End the current session")
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
