"""Application settings: stored in the database, seeded from the environment once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews.exclusions import Exclusions
from tendarr.domain.previews.quiet_hours import QuietHours, parse_hhmm
from tendarr.domain.previews.settings import PreviewSettings, TonemapAlgorithm, check_width
from tendarr.domain.viper.config import ViperConfig

_T = TypeVar("_T")
_VIPER = ViperConfig()  # the one source of VIPER defaults


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


class CleanupSettings(BaseModel):
    """How often cleanup runs and the limits every run keeps to."""

    model_config = ConfigDict(extra="forbid")

    run_interval_hours: int = Field(
        24, ge=1, le=720, description="Evaluate every enabled rule and update Leaving Soon"
    )
    max_new_per_run: int = Field(
        50, ge=0, le=10000, description="New Leaving Soon entries one run adds at most"
    )
    max_share_percent: float = Field(
        10.0, gt=0, le=100, description="A rule matching more of its items needs an override"
    )
    leaving_soon_collection_name: str = Field(
        "Leaving Soon",
        min_length=1,
        max_length=128,
        pattern=r"^\S(.*\S)?$",
        description="Name of the collection kept in sync on every media server",
    )
    promote_collection_home: bool = Field(
        True, description="Show the Plex collection on Home (Jellyfin/Emby cannot)"
    )
    max_deletions_per_run: int = Field(
        50, ge=0, le=10000, description="Deletions one run carries out at most"
    )
    skip_watchlisted: bool = Field(
        True, description="Never delete what is on anyone's watchlist, whatever the rule says"
    )
    recent_request_days: int = Field(
        30, ge=0, le=3650, description="Never delete what was requested this many days ago or less"
    )


class ViperSettings(BaseModel):
    """VIPER episode retention: whether it acts, and each viewer's bubble (docs/viper.md)."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["dry_run", "automatic"] = Field(
        "dry_run", description="dry_run only records what a run would delete; automatic acts"
    )
    run_interval_hours: int = Field(24, ge=1, le=720, description="How often viper.run runs")
    watchlist_grace_days: int = Field(
        14, ge=0, le=3650, description="A show added to a watchlist is kept this long"
    )
    days_buffer: float = Field(_VIPER.days_buffer, ge=0, le=365)
    padding_episodes: int = Field(_VIPER.padding_episodes, ge=0, le=1000)
    max_episodes_ahead: int = Field(_VIPER.max_episodes_ahead, ge=0, le=1000)
    unknown_velocity_buffer: int = Field(_VIPER.unknown_velocity_buffer, ge=0, le=1000)
    min_velocity_samples: int = Field(_VIPER.min_velocity_samples, ge=1, le=1000)
    episodes_behind: int = Field(_VIPER.episodes_behind, ge=0, le=1000)
    active_viewer_days: float = Field(_VIPER.active_viewer_days, gt=0, le=3650)
    sitting_gap_hours: float = Field(_VIPER.sitting_gap_hours, gt=0, le=24)
    velocity_sittings: int = Field(_VIPER.velocity_sittings, ge=2, le=1000)
    min_velocity_per_day: float = Field(_VIPER.min_velocity_per_day, gt=0, le=1000)
    max_velocity_per_day: float = Field(_VIPER.max_velocity_per_day, gt=0, le=1000)
    unknown_velocity_per_day: float = Field(_VIPER.unknown_velocity_per_day, gt=0, le=1000)
    redownload_lead_days: float = Field(_VIPER.redownload_lead_days, ge=0, le=365)
    default_download_hours: float = Field(_VIPER.default_download_hours, ge=0, le=720)
    emergency_hours: float = Field(_VIPER.emergency_hours, ge=0, le=720)

    @model_validator(mode="after")
    def _consistent(self) -> ViperSettings:
        _checked(self.engine_config)
        return self

    def engine_config(self) -> ViperConfig:
        """Return the engine's settings (the fields ``ViperConfig`` knows, validated there)."""
        known = set(ViperConfig.__dataclass_fields__)
        return ViperConfig.from_mapping({k: v for k, v in self.model_dump().items() if k in known})


class GpuConfig(BaseModel):
    """One GPU used for previews, as in the reference system's ``gpu_config``."""

    model_config = ConfigDict(extra="forbid")

    device: str = Field(min_length=1, max_length=256, description="e.g. /dev/dri/renderD128")
    name: str = Field("", max_length=128)
    type: Literal["nvidia", "intel", "amd", "apple"]
    enabled: bool = True
    workers: int = Field(1, ge=0, le=32)
    ffmpeg_threads: int = Field(2, ge=0, le=32, description="0: no limit")


class PreviewFormats(BaseModel):
    """Which preview formats are written, per kind of media server."""

    model_config = ConfigDict(extra="forbid")

    plex: bool = Field(True, description="BIF in the Plex bundle")
    emby: bool = Field(True, description="BIF sidecar next to the media")
    jellyfin: bool = Field(True, description="Trickplay tile sheets")


class PreviewsSettings(BaseModel):
    """Scrubbing previews: generation, workers, quiet hours, exclusions and webhooks."""

    model_config = ConfigDict(extra="forbid")

    interval_seconds: int = Field(10, ge=1, le=60)
    bif_width: int = Field(320, ge=16, le=1920)
    trickplay_width: int = Field(320, ge=16, le=1920)
    quality: int = Field(4, ge=1, le=31, description="FFmpeg MJPEG qscale; 2 is best")
    max_drift_seconds: float = Field(2.0, ge=0, le=60)
    tonemap: TonemapAlgorithm = TonemapAlgorithm.HABLE
    stall_timeout_seconds: float = Field(120.0, ge=5, le=3600)
    formats: PreviewFormats = Field(default_factory=PreviewFormats)
    quiet_hours_start: str = Field("", description="Local HH:MM; empty: no quiet hours")
    quiet_hours_end: str = Field("", description="Local HH:MM; empty: no quiet hours")
    cpu_workers: int = Field(1, ge=0, le=32)
    gpu_config: list[GpuConfig] = Field(default_factory=list)
    exclude_prefixes: list[str] = Field(default_factory=list)
    exclude_patterns: list[str] = Field(default_factory=list)
    webhook_debounce_seconds: float = Field(60.0, ge=1, le=3600)
    webhook_duplicate_window_seconds: float = Field(600.0, ge=0, le=86400)
    webhook_secret: str = Field("", max_length=256)
    not_indexed_retry_seconds: float = Field(60.0, ge=5, le=3600)
    not_indexed_attempts: int = Field(6, ge=0, le=20)

    @field_validator("bif_width", "trickplay_width")
    @classmethod
    def _even_width(cls, width: int) -> int:
        return _checked(lambda: check_width(width))

    @field_validator("quiet_hours_start", "quiet_hours_end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        value = value.strip()
        if value:
            _checked(lambda: parse_hhmm(value))
        return value

    @field_validator("exclude_patterns")
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        _checked(lambda: Exclusions.build((), patterns))
        return patterns

    @model_validator(mode="after")
    def _some_worker(self) -> PreviewsSettings:
        gpu_workers = sum(g.workers for g in self.gpu_config if g.enabled)
        if self.cpu_workers + gpu_workers < 1:
            raise ValueError("previews need at least one CPU or GPU worker")
        if bool(self.quiet_hours_start) != bool(self.quiet_hours_end):
            raise ValueError("set both quiet_hours_start and quiet_hours_end, or neither")
        return self

    def engine_settings(self) -> PreviewSettings:
        """Return the generation settings the preview engine takes."""
        return PreviewSettings(
            self.interval_seconds, self.quality, self.max_drift_seconds, self.tonemap
        )

    def quiet_hours(self) -> QuietHours | None:
        """Return the quiet-hours window, or None when none is set."""
        return QuietHours.from_settings(self.quiet_hours_start, self.quiet_hours_end)

    def exclusions(self) -> Exclusions:
        """Return the exclusion rules."""
        return Exclusions.build(self.exclude_prefixes, self.exclude_patterns)

    def workers(self) -> int:
        """Return how many files a preview job works on at once (CPU + enabled GPU workers)."""
        return max(1, self.cpu_workers + sum(g.workers for g in self.gpu_config if g.enabled))


def _checked(check: Callable[[], _T]) -> _T:
    """Run a domain check inside a pydantic validator (its errors become ValueError)."""
    try:
        return check()
    except ValidationFailed as err:
        raise ValueError(err.message) from err


class AppSettings(BaseModel):
    """Every setting an admin edits in the UI or through ``/api/settings``."""

    model_config = ConfigDict(extra="forbid")

    general: GeneralSettings = Field(default_factory=GeneralSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    cleanup: CleanupSettings = Field(default_factory=CleanupSettings)
    viper: ViperSettings = Field(default_factory=ViperSettings)
    previews: PreviewsSettings = Field(default_factory=PreviewsSettings)


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
