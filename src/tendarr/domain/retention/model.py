"""The retention form: who it is for, what it covers, how long to keep, and its checks."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tendarr.domain.rules import InvalidRule, Mode

MAX_DAYS = 3650
MAX_REQUESTERS = 50
_APPLIES = {"movies": ("movie",), "shows": ("show",), "both": ("movie", "show")}
_KEYS = {
    "name",
    "requesters",
    "applies_to",
    "days",
    "basis",
    "require_watched",
    "respect_others",
    "mode",
    "grace_days",
}


class Basis(enum.StrEnum):
    """What the N days count from."""

    WATCHED = "watched"  # the requester finished it
    AVAILABLE = "available"  # it became available


@dataclass(frozen=True)
class RequesterMatch:
    """One requester: a Tendarr user id, or a username or email (ignoring case)."""

    user_id: int | None = None
    username: str | None = None
    email: str | None = None

    def to_raw(self) -> dict[str, Any]:
        """Return the one key this match was written with."""
        if self.user_id is not None:
            return {"user_id": self.user_id}
        if self.username is not None:
            return {"username": self.username}
        return {"email": self.email}


@dataclass(frozen=True)
class RetentionRule:
    """A validated retention form."""

    name: str
    requesters: tuple[RequesterMatch, ...]
    applies_to: str = "both"
    days: int = 30
    basis: Basis = Basis.WATCHED
    require_watched: bool = True
    respect_others: bool = True
    mode: Mode = Mode.DRY_RUN
    grace_days: int = 15

    @property
    def targets(self) -> tuple[str, ...]:
        """Return the cleanup rule targets it covers (``movie``, ``show``)."""
        return _APPLIES[self.applies_to]


def validate_retention(raw: Mapping[str, Any]) -> RetentionRule:
    """Return the validated form, or raise InvalidRule naming the field."""
    if not isinstance(raw, Mapping):
        raise InvalidRule("", "a retention rule must be a JSON object")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise InvalidRule(unknown[0], "unknown field")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 100:
        raise InvalidRule("name", "1-100 characters required")
    applies = raw.get("applies_to", "both")
    if applies not in _APPLIES:
        raise InvalidRule("applies_to", "must be movies, shows or both")
    try:
        basis = Basis(raw.get("basis", "watched"))
    except ValueError:
        raise InvalidRule("basis", "must be watched or available") from None
    try:
        mode = Mode(raw.get("mode", "dry_run"))
    except ValueError:
        raise InvalidRule("mode", "must be dry_run, review or automatic") from None
    return RetentionRule(
        name=name.strip(),
        requesters=_requesters(raw.get("requesters")),
        applies_to=applies,
        days=_whole(raw.get("days", 30), "days", 0),
        basis=basis,
        require_watched=_flag(raw.get("require_watched", True), "require_watched"),
        respect_others=_flag(raw.get("respect_others", True), "respect_others"),
        mode=mode,
        grace_days=_whole(raw.get("grace_days", 15), "grace_days", 1),
    )


def retention_to_raw(rule: RetentionRule) -> dict[str, Any]:
    """Return the form as stored and shown (every field written out)."""
    return {
        "name": rule.name,
        "requesters": [match.to_raw() for match in rule.requesters],
        "applies_to": rule.applies_to,
        "days": rule.days,
        "basis": rule.basis.value,
        "require_watched": rule.require_watched,
        "respect_others": rule.respect_others,
        "mode": rule.mode.value,
        "grace_days": rule.grace_days,
    }


def _requesters(raw: object) -> tuple[RequesterMatch, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidRule("requesters", "a non-empty list of {user_id | username | email}")
    if len(raw) > MAX_REQUESTERS:
        raise InvalidRule("requesters", f"at most {MAX_REQUESTERS}")
    found: list[RequesterMatch] = []
    for i, entry in enumerate(raw):
        path = f"requesters[{i}]"
        if not isinstance(entry, Mapping) or len(entry) != 1:
            raise InvalidRule(path, "exactly one of user_id, username or email")
        ((key, value),) = entry.items()
        if key == "user_id":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidRule(f"{path}.user_id", "must be a user id (a positive integer)")
            found.append(RequesterMatch(user_id=value))
        elif key in {"username", "email"}:
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                raise InvalidRule(f"{path}.{key}", "1-200 characters required")
            if key == "email" and "@" not in value:
                raise InvalidRule(f"{path}.email", "must be an email address")
            value = value.strip()
            found.append(
                RequesterMatch(username=value) if key == "username" else RequesterMatch(email=value)
            )
        else:
            raise InvalidRule(f"{path}.{key}", "must be user_id, username or email")
    return tuple(found)


def _whole(raw: object, path: str, low: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= MAX_DAYS:
        raise InvalidRule(path, f"a whole number of days from {low} to {MAX_DAYS}")
    return raw


def _flag(raw: object, path: str) -> bool:
    if not isinstance(raw, bool):
        raise InvalidRule(path, "must be true or false")
    return raw
