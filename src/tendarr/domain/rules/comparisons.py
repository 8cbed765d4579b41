"""Test builders: each takes a condition's value once and returns the per-item test.

Thresholds are converted, text case-folded, sets built and regexes compiled at build time,
so a test does one comparison per item. Tests only ever see present, well-typed values;
``None`` and ``Unknown`` are handled by the compiler before a test is called.
"""

from __future__ import annotations

import operator as op
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

Test = Callable[[Any], bool]
TimedTest = Callable[[Any, datetime], bool]

_ZERO = timedelta(0)
_DAY = timedelta(days=1)


# Numbers (``scale`` turns a rule's GB into the facts' bytes).
def equal(x: float, scale: float = 1) -> Test:
    """Return a test for ``v == x``."""
    return partial(op.eq, x * scale)


def unequal(x: float, scale: float = 1) -> Test:
    """Return a test for ``v != x``."""
    return partial(op.ne, x * scale)


def greater(x: float, scale: float = 1) -> Test:
    """Return a test for ``v > x``."""
    return partial(op.lt, x * scale)


def at_least(x: float, scale: float = 1) -> Test:
    """Return a test for ``v >= x``."""
    return partial(op.le, x * scale)


def less(x: float, scale: float = 1) -> Test:
    """Return a test for ``v < x``."""
    return partial(op.gt, x * scale)


def at_most(x: float, scale: float = 1) -> Test:
    """Return a test for ``v <= x``."""
    return partial(op.ge, x * scale)


def between(bounds: tuple[float, float], scale: float = 1) -> Test:
    """Return a test for ``low <= v <= high``."""
    low, high = bounds[0] * scale, bounds[1] * scale
    return lambda v: low <= v <= high


# Days: facts are datetimes, rules count days back from ``now``.
def age(check: Callable[[timedelta, timedelta], bool]) -> Callable[[float], TimedTest]:
    """Return a builder comparing the age ``now - v`` with N days using ``check``."""

    def build(days: float) -> TimedTest:
        limit = timedelta(days=days)
        return lambda v, now: check(now - v, limit)

    return build


def age_between(bounds: tuple[float, float]) -> TimedTest:
    """Return a test for an age between low and high days, inclusive."""
    low, high = timedelta(days=bounds[0]), timedelta(days=bounds[1])
    return lambda v, now: low <= now - v <= high


def _instant(value: date, *, end_of_day: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    start = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return start + _DAY if end_of_day else start


def before(when: date) -> TimedTest:
    """Return a test for "earlier than the instant" (a date: its start, UTC)."""
    limit = _instant(when, end_of_day=False)
    return lambda v, _now: v < limit


def after(when: date) -> TimedTest:
    """Return a test for "later than the instant" (a date: from the start of the next day)."""
    limit = _instant(when, end_of_day=True)
    if isinstance(when, datetime):
        return lambda v, _now: v > limit
    return lambda v, _now: v >= limit


def within_last(days: float) -> TimedTest:
    """Return a test for "in the last N days, not in the future"."""
    limit = timedelta(days=days)
    return lambda v, now: _ZERO <= now - v <= limit


def within_next(days: float) -> TimedTest:
    """Return a test for "in the next N days, not in the past"."""
    limit = timedelta(days=days)
    return lambda v, now: _ZERO <= v - now <= limit


# Text, ignoring case.
def fold(values: tuple[str, ...]) -> frozenset[str]:
    """Return ``values`` case-folded, as a set."""
    return frozenset(value.casefold() for value in values)


def text_equals(x: str) -> Test:
    """Return a test for equality ignoring case."""
    folded = x.casefold()
    return lambda v: v.casefold() == folded


def text_differs(x: str) -> Test:
    """Return a test for inequality ignoring case."""
    folded = x.casefold()
    return lambda v: v.casefold() != folded


def text_contains(x: str) -> Test:
    """Return a test for a substring, ignoring case."""
    folded = x.casefold()
    return lambda v: folded in v.casefold()


def text_lacks(x: str) -> Test:
    """Return a test for a missing substring, ignoring case."""
    folded = x.casefold()
    return lambda v: folded not in v.casefold()


def text_starts(x: str) -> Test:
    """Return a test for a prefix, ignoring case."""
    folded = x.casefold()
    return lambda v: v.casefold().startswith(folded)


def text_matches(pattern: str) -> Test:
    """Return a test for the regular expression found anywhere, ignoring case."""
    search = re.compile(pattern, re.IGNORECASE).search
    return lambda v: search(v) is not None


def text_in(x: tuple[str, ...]) -> Test:
    """Return a test for equality with one of the texts, ignoring case."""
    folded = fold(x)
    return lambda v: v.casefold() in folded


def text_not_in(x: tuple[str, ...]) -> Test:
    """Return a test for equality with none of the texts, ignoring case."""
    folded = fold(x)
    return lambda v: v.casefold() not in folded


# Sets: text lists arrive as TextSet (already folded), user lists as frozenset[int].
def has(member: object) -> Test:
    """Return a test for membership (the member already folded when it is text)."""
    return lambda v: member in v


def lacks(member: object) -> Test:
    """Return a test for non-membership."""
    return lambda v: member not in v


def has_any(members: frozenset[Any]) -> Test:
    """Return a test for at least one common member."""
    return lambda v: not members.isdisjoint(v)


def has_all(members: frozenset[Any]) -> Test:
    """Return a test for every member present."""
    return members.issubset


def one_of(members: frozenset[Any]) -> Test:
    """Return a test for a value among ``members``."""
    return members.__contains__


def none_of(members: frozenset[Any]) -> Test:
    """Return a test for a value outside ``members``."""
    return lambda v: v not in members
