"""Global pause (persisted) and quiet hours: when preview jobs may start new files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from tendarr.domain.previews.quiet_hours import QuietHours
from tendarr.ports.clock import Clock
from tendarr.ports.preview_store import PreviewUnitOfWorkFactory
from tendarr.services.manage_settings import SettingsService

PAUSE_KEY = "previews.paused"


@dataclass(frozen=True)
class ProcessingState:
    """Whether preview work may start now, and why not."""

    paused: bool
    paused_at: datetime | None
    paused_by: str | None
    quiet_hours: QuietHours | None
    quiet_now: bool
    quiet_until: datetime | None  # UTC end of the current quiet window

    @property
    def blocked_reason(self) -> str | None:
        """Return why no new file may start now, or None when work may go on."""
        if self.paused:
            return "paused"
        if self.quiet_now and self.quiet_until is not None:
            return f"quiet hours until {self.quiet_until.isoformat(timespec='minutes')}"
        return None


class ProcessingControl:
    """Pause, resume and the current gate; the pause lives in ``system_state``."""

    def __init__(
        self,
        uow: PreviewUnitOfWorkFactory,
        clock: Clock,
        settings: SettingsService,
        tz: tzinfo | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._settings = settings
        self._tz = tz  # None: the host's local zone

    def pause(self, actor: str | None) -> ProcessingState:
        """Stop starting new files (running files finish); survives restarts."""
        now = self._clock.now()
        with self._uow() as uow:
            uow.kv.put(PAUSE_KEY, {"paused": True, "at": now.isoformat(), "by": actor})
            uow.audit.record(now, actor, "previews.paused", None, {})
            uow.commit()
        return self.state()

    def resume(self, actor: str | None) -> ProcessingState:
        """Let preview jobs start files again."""
        now = self._clock.now()
        with self._uow() as uow:
            uow.kv.put(PAUSE_KEY, {"paused": False, "at": now.isoformat(), "by": actor})
            uow.audit.record(now, actor, "previews.resumed", None, {})
            uow.commit()
        return self.state()

    def paused(self) -> bool:
        """Return whether processing is paused."""
        return self.state().paused

    def state(self) -> ProcessingState:
        """Return the pause flag and the quiet-hours window as they stand now."""
        quiet = self._settings.current().previews.quiet_hours()
        with self._uow() as uow:
            stored = uow.kv.get(PAUSE_KEY)
        flag = stored if isinstance(stored, dict) else {}
        paused = bool(flag.get("paused"))
        at = flag.get("at")
        now = self._clock.now()
        local = now.astimezone(self._tz)
        quiet_now = quiet is not None and quiet.active(local)
        until = quiet.ends_after(local).astimezone(UTC) if quiet and quiet_now else None
        return ProcessingState(
            paused=paused,
            paused_at=datetime.fromisoformat(at) if paused and isinstance(at, str) else None,
            paused_by=str(flag.get("by")) if paused and flag.get("by") else None,
            quiet_hours=quiet,
            quiet_now=quiet_now,
            quiet_until=until,
        )
