"""Read and change application settings, keeping a rolling backup of every change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from tendarr.app_settings import AppSettings
from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.settings_history import MAX_SETTINGS_BACKUPS, changed_keys, deep_merge
from tendarr.ports.clock import Clock
from tendarr.ports.repositories import SettingsBackup, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class SettingsChange:
    """What an update changed."""

    settings: AppSettings
    changed: list[str]


def validation_message(err: ValidationError) -> str:
    """Return a one-line, human message for the first problem in a pydantic error."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{where}: {first['msg'].removeprefix('Value error, ')}"


class SettingsService:
    """The settings document: seed once, read, patch, back up, restore."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def seed_if_empty(self, seed: AppSettings) -> bool:
        """Store ``seed`` when no settings exist yet; return whether it was stored."""
        with self._uow() as uow:
            # Insert-if-absent: processes starting together must not both seed.
            created = uow.settings.create_if_missing(
                seed.model_dump(mode="json"), self._clock.now()
            )
            if created:
                uow.audit.record(self._clock.now(), None, "settings.seeded", None, {})
            uow.commit()
            return created

    def current(self) -> AppSettings:
        """Return the stored settings (defaults for anything never set)."""
        with self._uow() as uow:
            return self._load(uow)

    def update(self, patch: Mapping[str, Any], actor: str | None) -> SettingsChange:
        """Apply a partial update; the previous document becomes a backup."""
        with self._uow() as uow:
            before = self._load(uow).model_dump(mode="json")
            after = self._validate(deep_merge(before, dict(patch)))
            changed = changed_keys(before, after.model_dump(mode="json"))
            if changed:
                self._write(uow, before, after, f"changed {', '.join(changed)}", actor)
                uow.audit.record(
                    self._clock.now(), actor, "settings.updated", None, {"changed": changed}
                )
                uow.commit()
            return SettingsChange(after, changed)

    def backups(self) -> list[SettingsBackup]:
        """Return backups, newest first."""
        with self._uow() as uow:
            return uow.settings.backups()

    def restore(self, backup_id: int, actor: str | None) -> SettingsChange:
        """Make a backup current again; the replaced document is itself backed up."""
        with self._uow() as uow:
            backup = uow.settings.backup(backup_id)
            if backup is None:
                raise NotFound(f"settings backup {backup_id} does not exist")
            before = self._load(uow).model_dump(mode="json")
            after = self._validate(backup.data)
            changed = changed_keys(before, after.model_dump(mode="json"))
            self._write(uow, before, after, f"before restoring backup {backup_id}", actor)
            uow.audit.record(
                self._clock.now(), actor, "settings.restored", str(backup_id), {"changed": changed}
            )
            uow.commit()
            return SettingsChange(after, changed)

    def _write(
        self,
        uow: UnitOfWork,
        before: dict[str, Any],
        after: AppSettings,
        reason: str,
        actor: str | None,
    ) -> None:
        now = self._clock.now()
        uow.settings.add_backup(before, reason, actor, now)
        uow.settings.prune_backups(MAX_SETTINGS_BACKUPS)
        uow.settings.save(after.model_dump(mode="json"), now)

    @staticmethod
    def _load(uow: UnitOfWork) -> AppSettings:
        stored = uow.settings.load() or {}
        # Fields added by newer versions take defaults; unknown leftovers are dropped.
        known = {k: v for k, v in stored.items() if k in AppSettings.model_fields}
        return AppSettings.model_validate(known)

    @staticmethod
    def _validate(data: dict[str, Any]) -> AppSettings:
        try:
            return AppSettings.model_validate(data)
        except ValidationError as err:
            raise ValidationFailed(validation_message(err)) from err
