"""Application settings: stored in the database, seeded from the environment once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class GeneralSettings(BaseModel):
    """How this instance presents itself."""

    model_config = ConfigDict(extra="forbid")

    instance_name: str = Field("Tendarr", min_length=1, max_length=64)
    base_url: str = Field("", max_length=512, description="Public URL, used in notifications")


class JobSettings(BaseModel):
    """How background jobs are run and retried."""

    model_config = ConfigDict(extra="forbid")

    max_attempts: int = Field(3, ge=1, le=20)
    retry_backoff_seconds: float = Field(30.0, ge=0.1, le=3600)
    heartbeat_seconds: float = Field(5.0, ge=0.1, le=300)
    stale_after_seconds: float = Field(60.0, ge=1, le=3600)
    reaper_interval_seconds: float = Field(15.0, ge=0.5, le=3600)
    keep_finished_days: int = Field(30, ge=1, le=3650)


class SecuritySettings(BaseModel):
    """Sessions and exposure of operational endpoints."""

    model_config = ConfigDict(extra="forbid")

    session_days: int = Field(30, ge=1, le=365)
    metrics_public: bool = Field(False, description="Serve /metrics without credentials")


class SyncSettings(BaseModel):
    """How often Tendarr re-reads the media servers on its own."""

    model_config = ConfigDict(extra="forbid")

    library_interval_minutes: int = Field(
        360, ge=15, le=10080, description="Incremental library sync of every enabled server"
    )
    household_interval_minutes: int = Field(
        30, ge=5, le=1440, description="Accounts, watch history and watchlists"
    )


class AppSettings(BaseModel):
    """Every setting an admin edits in the UI or through ``/api/settings``."""

    model_config = ConfigDict(extra="forbid")

    general: GeneralSettings = Field(default_factory=GeneralSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)


class _EnvSeed(AppSettings, BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TENDARR_", env_nested_delimiter="__", extra="ignore"
    )


def seed_from_environment(environ: Mapping[str, str]) -> AppSettings:
    """Build first-start settings from ``TENDARR_<SECTION>__<FIELD>`` variables."""
    values: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith("TENDARR_") or "__" not in key:
            continue
        section, _, name = key[len("TENDARR_") :].lower().partition("__")
        values.setdefault(section, {})[name] = value
    known = {k: v for k, v in values.items() if k in AppSettings.model_fields}
    return AppSettings.model_validate(_EnvSeed.model_validate(known).model_dump())
