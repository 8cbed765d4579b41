"""Map every failure to ``{"error", "code"}`` with the right status, never a traceback."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tendarr.domain.errors import (
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    SignInGone,
    TendarrError,
    Unauthorized,
    UpstreamFailed,
    ValidationFailed,
)

log = structlog.get_logger(__name__)

_STATUS = {
    ValidationFailed: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    SignInGone: 410,
    RateLimited: 429,
    UpstreamFailed: 502,
}
_HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    410: "GONE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
}


def error_response(
    status: int, message: str, code: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Return the one error shape Tendarr speaks."""
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def status_for(err: TendarrError) -> int:
    """Return the HTTP status for a domain error."""
    for cls, status in _STATUS.items():
        if isinstance(err, cls):
            return status
    return 400


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(TendarrError)
    async def _domain(_request: Request, err: TendarrError) -> JSONResponse:
        headers: dict[str, str] | None = None
        if isinstance(err, RateLimited):
            headers = {"Retry-After": str(err.retry_after), **getattr(err, "headers", {})}
        if isinstance(err, Unauthorized):
            headers = {"WWW-Authenticate": 'Bearer realm="tendarr"'}
        return error_response(status_for(err), err.message, err.code, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        if first.get("type") == "json_invalid":
            return error_response(400, "request body is not valid JSON", "MALFORMED_JSON")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
        return error_response(400, f"{where}: {message}", "VALIDATION_ERROR")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, err: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(err.status_code, "HTTP_ERROR")
        return error_response(
            err.status_code, str(err.detail), code, dict(err.headers) if err.headers else None
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        log.exception("request.unhandled", path=request.url.path)
        # This handler runs outside our middleware stack, so it sets the id header itself.
        request_id = str(request.scope.get("state", {}).get("request_id", "?"))
        return error_response(
            500,
            f"internal error (request id {request_id})",
            "SERVER_ERROR",
            {"X-Request-ID": request_id},
        )
