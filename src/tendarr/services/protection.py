"""Protect and unprotect movies and shows: priority over every rule, retention and VIPER.

A protection is keyed on the title's stable id (TMDB for movies, TVDB for shows, else
IMDb; the library item id only when the library knows none, which then does not survive
the item being replaced). Seasons and episodes are not protected on their own: protecting
the show covers them. Protecting may also monitor the title in Sonarr/Radarr and search
what is missing (``monitor_and_search``, an explicit choice): that happens after the
protection is stored, and its outcome is recorded on it; a Sonarr/Radarr failure never
undoes the protection.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.users import User
from tendarr.ports.clock import Clock
from tendarr.ports.library import LibraryRow
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.ports.protections import NewProtection, Protection
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.protection_arr import SKIPPED, ProtectInArr, status


class NotProtectable(ValidationFailed):
    """Only movies and shows are protected (a season or episode: protect its show)."""

    code = "NOT_PROTECTABLE"


def protection_key(kind: str, item_id: int, ids: dict[str, Any]) -> str:
    """Return the stable key: ``tmdb:`` (movies) / ``tvdb:`` (shows), ``imdb:``, ``item:``."""
    preferred = "tmdb" if kind == "movie" else "tvdb"
    for name in (preferred, "imdb"):
        if ids.get(name) not in (None, ""):
            return f"{name}:{ids[name]}"
    return f"item:{item_id}"


def _ids(row: LibraryRow) -> dict[str, Any]:
    found = {"tmdb": row.tmdb_id, "tvdb": row.tvdb_id, "imdb": row.imdb_id}
    return {name: value for name, value in found.items() if value not in (None, "")}


class ProtectionService:
    """Protections, their Sonarr/Radarr side and the ids cleanup must skip."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, arr: ProtectInArr) -> None:
        self._uow = uow
        self._clock = clock
        self._arr = arr

    def protect(
        self, item_id: int, user: User, reason: str | None, monitor_and_search: bool = True
    ) -> Protection:
        """Protect a movie or show (again: keeps the first record) and report the *arr side."""
        now = self._clock.now()
        with self._uow() as uow:
            row = self._protectable(uow, item_id)
            ids = _ids(row)
            key = protection_key(row.kind, row.id, ids)
            stored = uow.protections.by_key(key)
            if stored is None:
                stored = uow.protections.add(
                    NewProtection(key, ids, row.kind, row.title, row.id, _clean(reason),
                                  user.id if user.id > 0 else None, now)
                )  # fmt: skip
                detail = {"ids_key": key, "reason": stored.reason, "item_id": item_id}
                uow.audit.record(now, user.username, "lifecycle.protected", key, detail)
                uow.lifecycle_events.emit(
                    LifecycleEventKind.PROTECTED, now, row.title, row.id,
                    {**detail, "by": user.username},
                )  # fmt: skip
            configs = uow.arr.all()
            uow.commit()
        if monitor_and_search:
            outcome = self._arr(stored.kind, stored.ids, configs, self._clock.now())
        else:
            outcome = status(SKIPPED, now, "monitor and search was not asked for")
        with self._uow() as uow:
            uow.protections.set_arr_status(stored.id, outcome)
            uow.commit()
            return uow.protections.by_key(key) or dataclasses.replace(stored, arr_status=outcome)

    def unprotect(self, item_id: int, user: User) -> Protection:
        """Remove the protection of a movie or show (nothing changes in Sonarr/Radarr)."""
        now = self._clock.now()
        with self._uow() as uow:
            row = self._protectable(uow, item_id)
            found = uow.protections.covering(item_id)
            if found is None:
                raise NotFound(f"{row.title} is not protected")
            uow.protections.delete(found.id)
            detail = {"ids_key": found.ids_key, "item_id": item_id}
            uow.audit.record(now, user.username, "lifecycle.unprotected", found.ids_key, detail)
            uow.lifecycle_events.emit(
                LifecycleEventKind.UNPROTECTED, now, found.title, row.id,
                {**detail, "by": user.username},
            )  # fmt: skip
            uow.commit()
        return found

    def for_item(self, item_id: int) -> Protection | None:
        """Return the protection covering an item (its own, or its show's), or None."""
        with self._uow() as uow:
            return uow.protections.covering(item_id)

    def listing(self) -> list[Protection]:
        """Return every protection, newest first."""
        with self._uow() as uow:
            return uow.protections.listing()

    def protected_ids(self) -> set[int]:
        """Return the library item ids cleanup must skip (protected titles and descendants)."""
        with self._uow() as uow:
            return uow.protections.protected_item_ids()

    def _protectable(self, uow: UnitOfWork, item_id: int) -> LibraryRow:
        detail = uow.reader.item(item_id)
        if detail is None:
            raise NotFound(f"library item {item_id} does not exist")
        if detail.row.kind not in {"movie", "show"}:
            raise NotProtectable(
                f"a {detail.row.kind} cannot be protected on its own: protect the show instead"
            )
        return detail.row


def _clean(reason: str | None) -> str | None:
    text = (reason or "").strip()
    return text[:2000] or None
