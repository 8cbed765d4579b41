"""Preview schedules: full-library or recently-added runs, on a cron expression or interval."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews.cron import parse_cron

MIN_INTERVAL_SECONDS = 60
MAX_INTERVAL_SECONDS = 90 * 86400
MIN_LOOKBACK_HOURS = 0.25
MAX_LOOKBACK_HOURS = 720.0


class ScheduleKind(enum.StrEnum):
    """What a schedule runs."""

    FULL_LIBRARY = "full_library"
    RECENTLY_ADDED = "recently_added"


@dataclass(frozen=True)
class ScheduleSpec:
    """What an admin sets on a schedule."""

    name: str
    kind: ScheduleKind = ScheduleKind.FULL_LIBRARY
    server_id: str | None = None
    library_id: str | None = None
    cron: str | None = None
    interval_seconds: int | None = None
    lookback_hours: float | None = None
    force: bool = False
    priority: int = 3
    enabled: bool = True

    def check(self) -> ScheduleSpec:
        """Return the spec, or raise ValidationFailed naming the first problem."""
        if not self.name.strip() or len(self.name) > 128:
            raise ValidationFailed("name must be 1-128 characters")
        if (self.cron is None) == (self.interval_seconds is None):
            raise ValidationFailed("give exactly one of cron and interval_seconds")
        if self.cron is not None:
            parse_cron(self.cron)
        if self.interval_seconds is not None and not (
            MIN_INTERVAL_SECONDS <= self.interval_seconds <= MAX_INTERVAL_SECONDS
        ):
            raise ValidationFailed(
                f"interval_seconds must be {MIN_INTERVAL_SECONDS}-{MAX_INTERVAL_SECONDS}"
            )
        if self.kind is ScheduleKind.RECENTLY_ADDED:
            hours = self.lookback_hours
            if hours is None or not MIN_LOOKBACK_HOURS <= hours <= MAX_LOOKBACK_HOURS:
                raise ValidationFailed(
                    f"a recently_added schedule needs lookback_hours "
                    f"{MIN_LOOKBACK_HOURS}-{MAX_LOOKBACK_HOURS}"
                )
        if self.library_id is not None and self.server_id is None:
            raise ValidationFailed("library_id needs server_id")
        if self.priority not in {1, 2, 3}:
            raise ValidationFailed("priority must be 1 (high), 2 (normal) or 3 (low)")
        return self

    def next_run(self, after: datetime, tz: tzinfo | None) -> datetime:
        """Return the next run strictly after ``after`` (UTC in, UTC out).

        Cron expressions read local wall-clock time in ``tz`` (None: the host's zone).
        """
        if self.interval_seconds is not None:
            return after + timedelta(seconds=self.interval_seconds)
        assert self.cron is not None
        local = after.astimezone(tz)
        found = parse_cron(self.cron).next_after(local.replace(tzinfo=None))
        aware = found.replace(tzinfo=tz) if tz is not None else found.astimezone()
        return aware.astimezone(after.tzinfo)


@dataclass(frozen=True)
class Schedule:
    """A stored schedule with its run bookkeeping."""

    id: int
    spec: ScheduleSpec
    next_run_at: datetime | None
    last_run_at: datetime | None = None
    last_job_id: int | None = None
    last_status: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
