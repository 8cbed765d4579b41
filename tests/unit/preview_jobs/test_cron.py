"""The five-field cron matcher: fields, names, steps, the day-of-month/day-of-week OR rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews.cron import parse_cron
from tendarr.domain.previews.schedules import ScheduleKind, ScheduleSpec


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_nightly_expression_fires_at_two_every_day() -> None:
    cron = parse_cron("0 2 * * *")
    assert cron.matches(at("2026-03-04T02:00"))
    assert not cron.matches(at("2026-03-04T02:01"))
    assert cron.next_after(at("2026-03-04T02:00")) == at("2026-03-05T02:00")
    assert cron.next_after(at("2026-03-04T01:59:30")) == at("2026-03-04T02:00")


def test_steps_ranges_and_lists() -> None:
    cron = parse_cron("*/15 9-17/4 * * *")
    assert sorted(cron.minutes) == [0, 15, 30, 45]
    assert sorted(cron.hours) == [9, 13, 17]
    assert parse_cron("5,10-12 * * * *").minutes == frozenset({5, 10, 11, 12})
    assert parse_cron("30/10 * * * *").minutes == frozenset({30, 40, 50})


def test_month_and_weekday_names_and_sunday_as_seven() -> None:
    cron = parse_cron("0 6 * JAN,jul sun")
    assert cron.months == frozenset({1, 7})
    assert cron.weekdays == frozenset({0})
    assert parse_cron("0 6 * * 7").weekdays == frozenset({0})
    assert parse_cron("0 6 * * MON-FRI").weekdays == frozenset({1, 2, 3, 4, 5})
    # 2026-03-08 is a Sunday
    assert parse_cron("0 6 * * 0").next_after(at("2026-03-04T00:00")) == at("2026-03-08T06:00")


def test_day_of_month_or_day_of_week_when_both_are_restricted() -> None:
    cron = parse_cron("0 0 13 * FRI")
    assert cron.matches(at("2026-03-13T00:00"))  # the 13th (also a Friday)
    assert cron.matches(at("2026-03-06T00:00"))  # a Friday
    assert cron.matches(at("2026-04-13T00:00"))  # a Monday, but the 13th
    assert not cron.matches(at("2026-03-07T00:00"))


def test_leap_day_comes_round_again() -> None:
    assert parse_cron("0 0 29 2 *").next_after(at("2026-03-01T00:00")) == at("2028-02-29T00:00")


def test_next_after_keeps_the_timezone() -> None:
    zone = timezone(timedelta(hours=2))
    found = parse_cron("30 4 * * *").next_after(datetime(2026, 1, 1, 5, 0, tzinfo=zone))
    assert found == datetime(2026, 1, 2, 4, 30, tzinfo=zone)


@pytest.mark.parametrize(
    "text",
    ["", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8",
     "*/0 * * * *", "5-1 * * * *", "x * * * *", "* * * FOO *"],
)  # fmt: skip
def test_bad_expressions_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_cron(text)


def test_never_firing_expression_is_refused_when_asked_for_a_run() -> None:
    with pytest.raises(ValidationFailed, match="never fires"):
        parse_cron("0 0 31 2 *").next_after(at("2026-01-01T00:00"))


def test_schedule_cron_reads_local_time_and_answers_in_utc() -> None:
    spec = ScheduleSpec("Nightly", cron="0 2 * * *").check()
    zone = timezone(timedelta(hours=-5))
    after = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)  # 07:00 local
    assert spec.next_run(after, zone) == datetime(2026, 1, 2, 7, 0, tzinfo=UTC)


def test_schedule_interval_and_validation() -> None:
    after = datetime(2026, 1, 1, tzinfo=UTC)
    spec = ScheduleSpec("Often", interval_seconds=900).check()
    assert spec.next_run(after, UTC) == after + timedelta(minutes=15)
    with pytest.raises(ValidationFailed, match="exactly one"):
        ScheduleSpec("Both", cron="* * * * *", interval_seconds=900).check()
    with pytest.raises(ValidationFailed, match="lookback_hours"):
        ScheduleSpec("Recent", ScheduleKind.RECENTLY_ADDED, interval_seconds=900).check()
    with pytest.raises(ValidationFailed, match="interval_seconds"):
        ScheduleSpec("Fast", interval_seconds=5).check()
    with pytest.raises(ValidationFailed, match="library_id needs"):
        ScheduleSpec("Lib", interval_seconds=900, library_id="1").check()
