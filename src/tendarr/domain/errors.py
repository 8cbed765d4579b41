"""Typed errors that every edge maps to a status and a stable code."""

from __future__ import annotations


class TendarrError(Exception):
    """Base of every error Tendarr raises on purpose."""

    code = "ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(TendarrError):
    """Input that breaks a rule the caller can fix."""

    code = "VALIDATION_ERROR"


class NotFound(TendarrError):
    """The named thing does not exist."""

    code = "NOT_FOUND"


class Conflict(TendarrError):
    """The request contradicts the current state."""

    code = "CONFLICT"


class Unauthorized(TendarrError):
    """No valid credentials were presented."""

    code = "UNAUTHORIZED"


class Forbidden(TendarrError):
    """Valid credentials without the needed permission."""

    code = "FORBIDDEN"


class RateLimited(TendarrError):
    """Too many attempts; try again after ``retry_after`` seconds."""

    code = "RATE_LIMITED"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SignInRejected(ValidationFailed):
    """A media server or plex.tv refused the credentials the admin typed."""

    code = "SIGN_IN_REJECTED"


class SignInGone(TendarrError):
    """A PIN or Quick Connect request expired or is unknown; start the sign-in again."""

    code = "SIGN_IN_EXPIRED"


class UpstreamFailed(TendarrError):
    """A media server or plex.tv could not be reached or gave an answer Tendarr cannot use."""

    code = "UPSTREAM_ERROR"
