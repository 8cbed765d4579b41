"""Household users, their roles and what each role may do."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Role(enum.StrEnum):
    """Coarse role: admins may do everything."""

    ADMIN = "admin"
    USER = "user"


class Permission(enum.StrEnum):
    """Fine-grained abilities checked by the edges."""

    REQUEST = "request"
    AUTO_APPROVE = "auto_approve"
    MANAGE_REQUESTS = "manage_requests"
    MANAGE_CLEANUP = "manage_cleanup"
    PROTECT = "protect"  # protect or unprotect a movie or show
    MANAGE_SETTINGS = "manage_settings"


DEFAULT_USER_PERMISSIONS: frozenset[Permission] = frozenset({Permission.REQUEST})


@dataclass(frozen=True)
class User:
    """A person who may sign in to Tendarr."""

    id: int
    username: str
    role: Role
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    auth_source: str = "local"
    created_at: datetime | None = None
    last_login_at: datetime | None = None

    @property
    def is_admin(self) -> bool:
        """Return whether the user holds the admin role."""
        return self.role is Role.ADMIN

    def can(self, permission: Permission) -> bool:
        """Return whether the user may do ``permission``; admins may do anything."""
        return self.is_admin or permission in self.permissions


MIN_PASSWORD_LENGTH = 8
MAX_USERNAME_LENGTH = 64


def normalise_username(raw: str) -> str:
    """Return the canonical (trimmed, case-folded) form of a username."""
    return raw.strip().casefold()


def username_problem(raw: str) -> str | None:
    """Return why ``raw`` is not an acceptable username, or None."""
    name = normalise_username(raw)
    if not name:
        return "username must not be empty"
    if len(name) > MAX_USERNAME_LENGTH:
        return f"username must be at most {MAX_USERNAME_LENGTH} characters"
    if any(ch.isspace() for ch in name):
        return "username must not contain spaces"
    return None


def password_problem(password: str) -> str | None:
    """Return why ``password`` is too weak, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must be at least {MIN_PASSWORD_LENGTH} characters"
    return None
