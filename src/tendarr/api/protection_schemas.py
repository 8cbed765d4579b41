"""Request and response models for protections and restorations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tendarr.ports.protections import Protection
from tendarr.ports.restorations import Restoration


class ProtectBody(BaseModel):
    """Protect a movie or show; ``monitor_and_search`` also monitors it in Sonarr/Radarr
    (every episode of a show) and searches for what is missing."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2000)
    monitor_and_search: bool = True


class ArrStatusOut(BaseModel):
    """What Sonarr/Radarr did when the title was protected."""

    state: str | None = None  # done | not_managed | not_connected | no_id | failed | skipped
    detail: str | None = None
    at: str | None = None
    instance: str | None = None
    searched: bool | None = None
    command_id: int | None = None

    @classmethod
    def of(cls, raw: dict[str, Any]) -> ArrStatusOut:
        """Build from the stored document."""
        return cls.model_validate({k: v for k, v in raw.items() if k in cls.model_fields})


class ProtectionOut(BaseModel):
    """One protection."""

    id: int
    ids_key: str
    ids: dict[str, Any]
    kind: str
    title: str
    item_id: int | None
    reason: str | None
    protected_by: int | None
    protected_by_name: str | None
    created_at: datetime
    arr_status: ArrStatusOut

    @classmethod
    def of(cls, found: Protection) -> ProtectionOut:
        """Build from the stored protection."""
        return cls(
            id=found.id,
            ids_key=found.ids_key,
            ids=found.ids,
            kind=found.kind,
            title=found.title,
            item_id=found.media_item_id,
            reason=found.reason,
            protected_by=found.protected_by,
            protected_by_name=found.protected_by_name,
            created_at=found.created_at,
            arr_status=ArrStatusOut.of(found.arr_status),
        )


class ItemProtectionOut(BaseModel):
    """Whether an item is protected (its own protection, or its show's)."""

    item_id: int
    protected: bool
    protection: ProtectionOut | None


class RestorationStepOut(BaseModel):
    """One recorded step of a restoration."""

    step: str
    at: str | None = None
    outcome: str | None = None
    detail: str | None = None


class RestorationOut(BaseModel):
    """One restoration and where it stands."""

    id: int
    deletion_id: int | None
    ids_key: str
    ids: dict[str, Any]
    kind: str
    title: str
    trigger: str
    trigger_user_id: int | None
    state: str
    detail: str | None
    steps: list[RestorationStepOut]
    not_before: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, found: Restoration) -> RestorationOut:
        """Build from the stored restoration."""
        return cls(
            id=found.id,
            deletion_id=found.deletion_id,
            ids_key=found.ids_key,
            ids=found.ids,
            kind=found.kind,
            title=found.title,
            trigger=found.trigger.value,
            trigger_user_id=found.trigger_user_id,
            state=found.state.value,
            detail=found.detail,
            steps=[_step(step) for step in found.steps],
            not_before=found.not_before,
            created_at=found.created_at,
            updated_at=found.updated_at,
        )


def _step(raw: dict[str, Any]) -> RestorationStepOut:
    fields = RestorationStepOut.model_fields
    return RestorationStepOut.model_validate(
        {k: None if v is None else str(v) for k, v in raw.items() if k in fields}
    )
