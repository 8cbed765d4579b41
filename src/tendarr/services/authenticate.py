"""Sign-in: first-run setup, passwords, browser sessions and API keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from tendarr.domain.errors import Conflict, Unauthorized, ValidationFailed
from tendarr.domain.users import (
    Permission,
    Role,
    User,
    normalise_username,
    password_problem,
    username_problem,
)
from tendarr.ports.clock import Clock
from tendarr.ports.repositories import (
    ApiKeyRecord,
    SessionRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from tendarr.security.passwords import hash_password, verify_password
from tendarr.security.secretbox import SecretBox
from tendarr.security.tokens import digest, new_token, same

SETUP_KEY = "setup"
EXTERNAL_USER = User(id=0, username="external", role=Role.ADMIN, auth_source="external")
ENV_KEY_USER = User(id=0, username="api-key", role=Role.ADMIN, auth_source="environment")


@dataclass(frozen=True)
class SetupStatus:
    """Whether first-run setup has happened, and how sign-in works."""

    setup_complete: bool
    auth_method: str
    has_admin: bool


@dataclass(frozen=True)
class NewSession:
    """A freshly issued browser session; ``token`` goes into the cookie only."""

    token: str
    csrf_token: str
    user: User
    max_age_seconds: int


@dataclass(frozen=True)
class ApiKeyView:
    """An API key as shown to its owner."""

    key: str | None
    source: str  # "database" | "environment" | "none" | "unreadable"
    created_at: str | None


class AuthService:
    """Everything about proving who a caller is."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        box: SecretBox,
        env_auth_method: str | None,
        env_api_key: str | None,
        session_days: Callable[[], int] = lambda: 30,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._box = box
        self._env_auth = env_auth_method
        self._env_key = env_api_key
        self.session_days = session_days

    # --- setup -----------------------------------------------------------------
    def setup_status(self) -> SetupStatus:
        """Return the first-run state."""
        with self._uow() as uow:
            state = uow.kv.get(SETUP_KEY) or {}
            has_admin = uow.users.first_admin() is not None
        stored_method = str(state.get("auth_method", "internal"))
        return SetupStatus(
            setup_complete=bool(state.get("complete")),
            auth_method=self._env_auth or stored_method,
            has_admin=has_admin,
        )

    def complete_setup_internal(self, username: str, password: str) -> User:
        """Create the first admin and finish setup; refuse once setup is done."""
        if problem := username_problem(username) or password_problem(password):
            raise ValidationFailed(problem)
        name = normalise_username(username)
        with self._uow() as uow:
            if (uow.kv.get(SETUP_KEY) or {}).get("complete"):
                raise Conflict("setup is already complete")
            now = self._clock.now()
            user = uow.users.add(
                name, hash_password(password), Role.ADMIN, frozenset(Permission), "local", now
            )
            uow.kv.put(SETUP_KEY, {"complete": True, "auth_method": "internal"})
            uow.audit.record(now, name, "setup.completed", None, {"auth_method": "internal"})
            uow.commit()
            return user

    def complete_setup_external(self) -> None:
        """Finish setup trusting a reverse proxy for authentication."""
        with self._uow() as uow:
            if (uow.kv.get(SETUP_KEY) or {}).get("complete"):
                raise Conflict("setup is already complete")
            uow.kv.put(SETUP_KEY, {"complete": True, "auth_method": "external"})
            uow.audit.record(
                self._clock.now(), None, "setup.completed", None, {"auth_method": "external"}
            )
            uow.commit()

    def is_external(self) -> bool:
        """Return whether a reverse proxy vouches for every caller."""
        return self.setup_status().auth_method == "external"

    # --- passwords and sessions -------------------------------------------------
    def login(self, username: str, password: str) -> NewSession:
        """Check a password and issue a session; the error never says which part was wrong."""
        name = normalise_username(username)
        ttl = timedelta(days=self.session_days())  # read per login (edits apply at once)
        with self._uow() as uow:
            user = uow.users.by_username(name)
            stored = uow.users.password_hash(user.id) if user else None
            if user is None or not verify_password(stored, password):
                raise Unauthorized("invalid username or password")
            session = self._issue(uow, user, ttl)
            uow.commit()
        return session

    def session_for(self, user_id: int) -> NewSession:
        """Issue a session for a user a media server vouched for (household sign-in)."""
        ttl = timedelta(days=self.session_days())
        with self._uow() as uow:
            user = uow.users.get(user_id)
            if user is None:
                raise Unauthorized("this account is not linked to a Tendarr user")
            session = self._issue(uow, user, ttl)
            uow.commit()
        return session

    def _issue(self, uow: UnitOfWork, user: User, ttl: timedelta) -> NewSession:
        now = self._clock.now()
        token, csrf = new_token(), new_token()
        uow.sessions.add(SessionRecord(digest(token), user.id, csrf, now, now + ttl))
        uow.users.touch_login(user.id, now)
        return NewSession(token, csrf, user, int(ttl.total_seconds()))

    def session_user(self, token: str) -> tuple[User, str] | None:
        """Return the user and CSRF token of a live session, or None."""
        with self._uow() as uow:
            record = uow.sessions.get(digest(token))
            if record is None or record.expires_at < self._clock.now():
                return None
            user = uow.users.get(record.user_id)
            return (user, record.csrf_token) if user else None

    def logout(self, token: str) -> None:
        """End a session."""
        with self._uow() as uow:
            uow.sessions.delete(digest(token))
            uow.commit()

    def expire_sessions(self) -> int:
        """Delete sessions past their expiry; return how many."""
        with self._uow() as uow:
            count = uow.sessions.delete_expired(self._clock.now())
            uow.commit()
            return count

    # --- API keys ---------------------------------------------------------------
    def api_key_user(self, key: str) -> User | None:
        """Return the user an API key belongs to, or None."""
        if self._env_key is not None and same(key, self._env_key):
            with self._uow() as uow:
                return uow.users.first_admin() or ENV_KEY_USER
        with self._uow() as uow:
            record = uow.api_keys.by_hash(digest(key))
            return uow.users.get(record.user_id) if record else None

    def api_key(self, user: User) -> ApiKeyView:
        """Return the caller's API key so they can copy it."""
        if self._env_key is not None:
            return ApiKeyView(self._env_key, "environment", None)
        with self._uow() as uow:
            record = uow.api_keys.for_user(user.id)
        if record is None:
            return ApiKeyView(None, "none", None)
        key = self._box.open(record.key_encrypted)
        # A key sealed under an earlier TENDARR_SECRET_KEY still works for callers but can
        # no longer be shown: say so rather than pretend there is no key.
        source = "database" if key is not None else "unreadable"
        return ApiKeyView(key, source, record.created_at.isoformat())

    def regenerate_api_key(self, user: User) -> ApiKeyView:
        """Issue a new key; the previous one stops working in the same transaction."""
        if self._env_key is not None:
            raise Conflict("the API key is fixed by TENDARR_API_KEY and cannot be regenerated")
        if user.id == 0:
            raise Conflict("external-auth callers have no stored account to hold a key")
        key = new_token("td_")
        now = self._clock.now()
        with self._uow() as uow:
            uow.api_keys.replace(ApiKeyRecord(user.id, digest(key), self._box.seal(key), now))
            uow.audit.record(now, user.username, "api_key.regenerated", f"user:{user.id}", {})
            uow.commit()
        return ApiKeyView(key, "database", now.isoformat())
