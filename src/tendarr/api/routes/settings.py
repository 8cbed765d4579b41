"""Application settings and their rolling backups (admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.schemas import BackupList, BackupOut, RestoreBody, SettingsChangeOut
from tendarr.app_settings import AppSettings
from tendarr.domain.errors import ValidationFailed

router = APIRouter(tags=["settings"])


@router.get("/api/settings", summary="Current application settings")
def get_settings(caller: AdminCaller, context: Context) -> AppSettings:
    """Return every application setting."""
    return context.settings.current()


@router.put("/api/settings", summary="Change settings (send only what changes)")
def put_settings(
    caller: AdminCaller,
    context: Context,
    patch: dict[str, Any] = Body(..., examples=[{"general": {"instance_name": "Home"}}]),
) -> SettingsChangeOut:
    """Apply a partial update; the previous settings are kept as a backup."""
    if not patch:
        raise ValidationFailed("body: send at least one setting to change")
    change = context.settings.update(patch, caller.user.username)
    return SettingsChangeOut(
        settings=change.settings.model_dump(mode="json"), changed=change.changed
    )


@router.get("/api/settings/backups", summary="Rolling settings backups, newest first")
def list_backups(caller: AdminCaller, context: Context) -> BackupList:
    """Return the kept backups."""
    return BackupList(
        backups=[
            BackupOut(id=b.id, created_at=b.created_at, reason=b.reason, created_by=b.created_by)
            for b in context.settings.backups()
        ]
    )


@router.post("/api/settings/backups/restore", summary="Make a backup current again")
def restore_backup(body: RestoreBody, caller: AdminCaller, context: Context) -> SettingsChangeOut:
    """Restore backup ``id``; the settings it replaces are backed up first."""
    change = context.settings.restore(body.id, caller.user.username)
    return SettingsChangeOut(
        settings=change.settings.model_dump(mode="json"), changed=change.changed
    )
