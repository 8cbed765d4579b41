"""Link imported server accounts to Tendarr users: one person, many servers.

Order of matching for an account nobody linked (or unlinked) by hand:

1. another linked account with the same email (case-insensitive) -> that person;
2. a Tendarr user whose username equals the account's username (case-insensitive), else
   another linked account with that username (the same name on Plex and Jellyfin);
3. the server's owner (Plex) or an administrator (Jellyfin/Emby) -> the first admin, while
   the admin has no account on that server yet (whichever server is read first);
4. otherwise a new Tendarr user with default permissions (disabled accounts get none).

An admin's manual link or unlink is never overridden (``linked_by`` is kept).
"""

from __future__ import annotations

from datetime import datetime

from tendarr.domain.household import AccountKind
from tendarr.domain.users import DEFAULT_USER_PERMISSIONS, Role, normalise_username
from tendarr.ports.household_store import AccountRecord
from tendarr.ports.repositories import UnitOfWork

MANUAL = "manual"
UNLINKED = "unlinked"  # an admin detached it: stays alone until linked by hand


def link_new_accounts(uow: UnitOfWork, auth_source: str, now: datetime) -> int:
    """Link every account that was never linked; return how many got a user."""
    everyone = uow.household.accounts()
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for known in everyone:
        if known.user_id is not None:
            by_name.setdefault(known.username.casefold(), known.user_id)
            if known.email:
                by_email.setdefault(known.email.casefold(), known.user_id)
    linked = 0
    for account in everyone:
        if account.user_id is not None or account.linked_by is not None:
            continue
        user_id, how = _match(uow, account, by_email, by_name)
        if user_id is None and not account.disabled:
            user_id, how = _create_user(uow, account, auth_source, now), "created"
        if user_id is None:
            continue
        uow.household.link_account(account.id, user_id, how)
        by_name.setdefault(account.username.casefold(), user_id)
        if account.email:
            by_email.setdefault(account.email.casefold(), user_id)
        linked += 1
    return linked


def _match(
    uow: UnitOfWork,
    account: AccountRecord,
    by_email: dict[str, int],
    by_name: dict[str, int],
) -> tuple[int | None, str]:
    if account.email and (user_id := by_email.get(account.email.casefold())) is not None:
        return user_id, "email"
    user = uow.users.by_username(normalise_username(account.username))
    if user is not None:
        return user.id, "username"
    if (user_id := by_name.get(account.username.casefold())) is not None:
        return user_id, "username"
    if account.kind in {AccountKind.OWNER, AccountKind.ADMIN}:
        admin = uow.users.first_admin()
        if admin is not None and not any(
            a.user_id == admin.id for a in uow.household.accounts(account.server_id)
        ):
            return admin.id, "owner"
    return None, ""


def _create_user(uow: UnitOfWork, account: AccountRecord, auth_source: str, now: datetime) -> int:
    base = normalise_username(account.username).replace(" ", "-")[:56] or f"user-{account.id}"
    name, n = base, 1
    while uow.users.by_username(name) is not None:
        n += 1
        name = f"{base}-{n}"
    user = uow.users.add(name, None, Role.USER, DEFAULT_USER_PERMISSIONS, auth_source, now)
    return user.id
