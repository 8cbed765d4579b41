"""Protections: protect or unprotect a movie or show (admins and the ``protect`` permission).

Protecting is keyed on the title's stable id and beats every rule, retention and VIPER.
With ``monitor_and_search`` (shown as an explicit choice in the UI) it also monitors the
title in Sonarr/Radarr and searches for what is missing; the outcome is in ``arr_status``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response, status
from starlette.concurrency import run_in_threadpool

from tendarr.api.deps import Caller, Context, require_permission
from tendarr.api.protection_schemas import ItemProtectionOut, ProtectBody, ProtectionOut
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.users import Permission
from tendarr.services.protection import ProtectionService

router = APIRouter(tags=["lifecycle"])
Protector = Annotated[Caller, require_permission(Permission.PROTECT)]


def _service(context: Context) -> ProtectionService:
    if context.protection is None:
        raise ValidationFailed("protection is not available in this process")
    return context.protection


@router.get("/api/protections", summary="Every protected movie and show")
def listing(caller: Protector, context: Context) -> list[ProtectionOut]:
    """Return every protection with who made it and why, newest first."""
    return [ProtectionOut.of(found) for found in _service(context).listing()]


@router.get("/api/items/{item_id}/protection", summary="Whether an item is protected")
def get_protection(item_id: int, caller: Protector, context: Context) -> ItemProtectionOut:
    """Return the protection covering an item: its own, or its show's for seasons/episodes."""
    found = _service(context).for_item(item_id)
    return ItemProtectionOut(
        item_id=item_id,
        protected=found is not None,
        protection=ProtectionOut.of(found) if found else None,
    )


@router.put("/api/items/{item_id}/protection", summary="Protect a movie or show")
async def protect(
    item_id: int, body: ProtectBody, caller: Protector, context: Context
) -> ProtectionOut:
    """Protect a movie or show (400 ``NOT_PROTECTABLE`` for a season or episode)."""
    service = _service(context)
    found = await run_in_threadpool(
        service.protect, item_id, caller.user, body.reason, body.monitor_and_search
    )
    return ProtectionOut.of(found)


@router.delete(
    "/api/items/{item_id}/protection",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unprotect a movie or show",
)
def unprotect(item_id: int, caller: Protector, context: Context) -> Response:
    """Remove the protection (nothing changes in Sonarr/Radarr)."""
    _service(context).unprotect(item_id, caller.user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
