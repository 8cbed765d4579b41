"""A minimal five-field cron matcher: ``minute hour day-of-month month day-of-week``.

Supports ``*``, numbers, ranges ``a-b``, steps ``*/n`` and ``a-b/n``, lists ``a,b``, month
and weekday names (``JAN``, ``MON``), and weekday 7 as Sunday. As in Vixie cron, when both
day-of-month and day-of-week are restricted a day matches if either does. Times are local
wall-clock times; the caller converts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tendarr.domain.errors import ValidationFailed

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
# (name, low, high, names mapped to numbers)
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, {name: n for n, name in enumerate(_MONTHS, start=1)}),
    ("day of week", 0, 7, {name: n for n, name in enumerate(_DAYS)}),
)
# Long enough for "29 2 *" (a leap day) to come round again.
_SEARCH_DAYS = 366 * 8


@dataclass(frozen=True)
class CronExpression:
    """A parsed cron expression: the allowed values of each field."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday … 6 = Saturday
    days_restricted: bool
    weekdays_restricted: bool

    def matches(self, moment: datetime) -> bool:
        """Return whether the (local) minute of ``moment`` is one the expression names."""
        return (
            moment.minute in self.minutes
            and moment.hour in self.hours
            and self._day_matches(moment.date())
        )

    def next_after(self, moment: datetime) -> datetime:
        """Return the first matching minute strictly after ``moment`` (same tzinfo)."""
        start = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        day = start.date()
        for _ in range(_SEARCH_DAYS):
            if self._day_matches(day):
                earliest = start.time() if day == start.date() else time(0, 0)
                found = self._first_time(earliest)
                if found is not None:
                    return datetime.combine(day, found, tzinfo=moment.tzinfo)
            day += timedelta(days=1)
        raise ValidationFailed(f"cron {self.text!r} never fires")

    def _first_time(self, earliest: time) -> time | None:
        for hour in sorted(self.hours):
            if hour < earliest.hour:
                continue
            for minute in sorted(self.minutes):
                if hour == earliest.hour and minute < earliest.minute:
                    continue
                return time(hour, minute)
        return None

    def _day_matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        in_month = day.day in self.days
        in_week = (day.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return in_month or in_week
        return in_month and in_week


def parse_cron(text: str) -> CronExpression:
    """Parse a five-field expression, or raise ValidationFailed naming the bad field."""
    parts = text.split()
    if len(parts) != 5:
        raise ValidationFailed(
            f"cron {text!r} must have 5 fields (minute hour day-of-month month day-of-week)"
        )
    values = [_field(part, *spec) for part, spec in zip(parts, _FIELDS, strict=True)]
    weekdays = frozenset(0 if d == 7 else d for d in values[4])
    return CronExpression(
        text=" ".join(parts),
        minutes=values[0],
        hours=values[1],
        days=values[2],
        months=values[3],
        weekdays=weekdays,
        days_restricted=not parts[2].startswith("*"),
        weekdays_restricted=not parts[4].startswith("*"),
    )


def _field(text: str, name: str, low: int, high: int, names: dict[str, int]) -> frozenset[int]:
    chosen: set[int] = set()
    for item in text.split(","):
        base, _, step_text = item.partition("/")
        step = _number(step_text, name, names={}) if step_text else 1
        if step < 1:
            raise ValidationFailed(f"cron {name}: step must be at least 1")
        if base == "*":
            first, last = low, high
        elif "-" in base:
            a, _, b = base.partition("-")
            first, last = _number(a, name, names), _number(b, name, names)
        else:
            first = _number(base, name, names)
            last = high if step_text else first
        if not (low <= first <= high and low <= last <= high) or first > last:
            raise ValidationFailed(f"cron {name}: {item!r} is outside {low}-{high}")
        chosen.update(range(first, last + 1, step))
    return frozenset(chosen)


def _number(text: str, name: str, names: dict[str, int]) -> int:
    if text.upper() in names:
        return names[text.upper()]
    if not text.isdigit():
        raise ValidationFailed(f"cron {name}: {text!r} is not a number")
    return int(text)
