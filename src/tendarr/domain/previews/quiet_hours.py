"""Quiet hours: a daily local-time window in which no new preview work starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from tendarr.domain.errors import ValidationFailed

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(text: str) -> time:
    """Return the time of ``HH:MM`` (24-hour), or raise ValidationFailed."""
    match = _HHMM.match(text.strip())
    if match is None:
        raise ValidationFailed(f"{text!r} is not a time of day as HH:MM (00:00-23:59)")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` (inclusive) to ``end`` (exclusive), crossing midnight when start > end."""

    start: time
    end: time

    @classmethod
    def from_settings(cls, start: str, end: str) -> QuietHours | None:
        """Return the window, or None when either end is empty or both are equal."""
        if not start.strip() or not end.strip():
            return None
        window = cls(parse_hhmm(start), parse_hhmm(end))
        return None if window.start == window.end else window

    def active(self, local: datetime) -> bool:
        """Return whether the local time ``local`` falls inside the window."""
        now = local.time()
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end

    def ends_after(self, local: datetime) -> datetime:
        """Return the local moment the window that contains ``local`` ends."""
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)
