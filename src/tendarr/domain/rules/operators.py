"""Operators per value type: name, the value shape it takes, meaning, and test builder.

A builder (see ``comparisons.py``) runs once per condition when a rule is compiled and
returns the test that runs per item.
"""

from __future__ import annotations

import enum
import operator as op
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from tendarr.domain.rules import comparisons as cmp
from tendarr.domain.rules.comparisons import Test, TimedTest
from tendarr.domain.rules.properties import ValueType

GIB = 1024**3


class Shape(enum.StrEnum):
    """The value an operator takes in a rule."""

    NONE = "no value"
    NUMBER = "a number"
    NON_NEGATIVE = "a number >= 0"
    RANGE = "a list [low, high] of two numbers with low <= high"
    DATE = "an ISO date (YYYY-MM-DD) or a datetime with a UTC offset"
    TEXT = "a non-empty string"
    TEXTS = "a non-empty list of non-empty strings"
    REGEX = "a valid regular expression"
    USER = "a user id (a positive integer)"
    USERS = "a non-empty list of user ids"


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    """One operator of one value type."""

    name: str
    shape: Shape
    description: str
    build: Callable[[Any], Test] | None = None
    build_timed: Callable[[Any], TimedTest] | None = None
    never: bool = False  # its result when the event never happened (Absence.NEVER)


def _numbers(scale: float, unit: str) -> dict[str, OperatorSpec]:
    def scaled(builder: Callable[[Any, float], Test]) -> Callable[[Any], Test]:
        return lambda x: builder(x, scale)

    shape = Shape.NON_NEGATIVE if scale != 1 else Shape.NUMBER
    specs = (
        OperatorSpec("eq", shape, f"equal to{unit}", scaled(cmp.equal)),
        OperatorSpec("ne", shape, f"not equal to{unit}", scaled(cmp.unequal)),
        OperatorSpec("gt", shape, f"greater than{unit}", scaled(cmp.greater)),
        OperatorSpec("gte", shape, f"at least{unit}", scaled(cmp.at_least)),
        OperatorSpec("lt", shape, f"less than{unit}", scaled(cmp.less)),
        OperatorSpec("lte", shape, f"at most{unit}", scaled(cmp.at_most)),
        OperatorSpec("between", Shape.RANGE, f"from low to high{unit}, inclusive",
                     scaled(cmp.between)),
    )  # fmt: skip
    return {spec.name: spec for spec in specs}


_DAYS = (
    OperatorSpec("gt", Shape.NUMBER, "more than N days ago", build_timed=cmp.age(op.gt),
                 never=True),
    OperatorSpec("gte", Shape.NUMBER, "at least N days ago", build_timed=cmp.age(op.ge),
                 never=True),
    OperatorSpec("lt", Shape.NUMBER, "less than N days ago", build_timed=cmp.age(op.lt)),
    OperatorSpec("lte", Shape.NUMBER, "at most N days ago", build_timed=cmp.age(op.le)),
    OperatorSpec("between", Shape.RANGE, "from low to high days ago, inclusive",
                 build_timed=cmp.age_between),
    OperatorSpec("before", Shape.DATE, "earlier than the date (a date: its start, UTC)",
                 build_timed=cmp.before, never=True),
    OperatorSpec("after", Shape.DATE, "later than the date (a date: from the next day, UTC)",
                 build_timed=cmp.after),
    OperatorSpec("within_last_days", Shape.NON_NEGATIVE, "in the last N days, up to now",
                 build_timed=cmp.within_last),
    OperatorSpec("within_next_days", Shape.NON_NEGATIVE, "in the next N days, from now",
                 build_timed=cmp.within_next),
)  # fmt: skip

_TEXT = (
    OperatorSpec("equals", Shape.TEXT, "equal, ignoring case", cmp.text_equals),
    OperatorSpec("not_equals", Shape.TEXT, "not equal, ignoring case", cmp.text_differs),
    OperatorSpec("contains", Shape.TEXT, "contains the text, ignoring case", cmp.text_contains),
    OperatorSpec("not_contains", Shape.TEXT, "does not contain the text, ignoring case",
                 cmp.text_lacks),
    OperatorSpec("starts_with", Shape.TEXT, "starts with the text, ignoring case",
                 cmp.text_starts),
    OperatorSpec("matches", Shape.REGEX,
                 "the regular expression is found in it (Python syntax, ignoring case)",
                 cmp.text_matches),
    OperatorSpec("in", Shape.TEXTS, "equal to one of the texts, ignoring case",
                 cmp.text_in),
    OperatorSpec("not_in", Shape.TEXTS, "equal to none of the texts, ignoring case",
                 cmp.text_not_in),
)  # fmt: skip


def _sets(
    one: Callable[[Any], Any], many: Callable[[Any], frozenset[Any]], member: Shape, members: Shape
) -> tuple[OperatorSpec, ...]:
    return (
        OperatorSpec("contains", member, "has the member", lambda x: cmp.has(one(x))),
        OperatorSpec("not_contains", member, "lacks the member", lambda x: cmp.lacks(one(x))),
        OperatorSpec("contains_any", members, "has at least one of the members",
                     lambda x: cmp.has_any(many(x))),
        OperatorSpec("contains_all", members, "has every one of the members",
                     lambda x: cmp.has_all(many(x))),
        OperatorSpec("is_empty", Shape.NONE, "has no members", lambda _x: op.not_),
        OperatorSpec("is_not_empty", Shape.NONE, "has at least one member", lambda _x: bool),
    )  # fmt: skip


_BOOL = (
    OperatorSpec("is_true", Shape.NONE, "is true", lambda _x: lambda v: v is True),
    OperatorSpec("is_false", Shape.NONE, "is false", lambda _x: lambda v: v is False),
)

_USER = (
    OperatorSpec("equals", Shape.USER, "is the user", cmp.equal),
    OperatorSpec("not_equals", Shape.USER, "is not the user", cmp.unequal),
    OperatorSpec("in", Shape.USERS, "is one of the users", lambda x: cmp.one_of(frozenset(x))),
    OperatorSpec("not_in", Shape.USERS, "is none of the users",
                 lambda x: cmp.none_of(frozenset(x))),
)  # fmt: skip

_PRESENCE = (
    OperatorSpec("exists", Shape.NONE, "has a value", lambda _x: lambda _v: True),
    OperatorSpec("not_exists", Shape.NONE, "has no value (known to be empty)",
                 lambda _x: lambda _v: False),
)  # fmt: skip


def _table(
    specs: Mapping[str, OperatorSpec] | tuple[OperatorSpec, ...],
) -> Mapping[str, OperatorSpec]:
    listed = tuple(specs.values()) if isinstance(specs, Mapping) else specs
    return MappingProxyType({spec.name: spec for spec in (*listed, *_PRESENCE)})


OPERATORS: Mapping[ValueType, Mapping[str, OperatorSpec]] = MappingProxyType({
    ValueType.NUMBER: _table(_numbers(1, "")),
    ValueType.BYTES: _table(_numbers(GIB, " (GB)")),
    ValueType.DAYS: _table(_DAYS),
    ValueType.TEXT: _table(_TEXT),
    ValueType.TEXT_LIST: _table(_sets(str.casefold, cmp.fold, Shape.TEXT, Shape.TEXTS)),
    ValueType.BOOL: _table(_BOOL),
    ValueType.USER: _table(_USER),
    ValueType.USER_LIST: _table(_sets(int, frozenset, Shape.USER, Shape.USERS)),
})  # fmt: skip
"""Every operator, by value type and name."""


def operator_spec(value_type: ValueType, name: str) -> OperatorSpec | None:
    """Return the operator ``name`` for ``value_type``, or None when it does not apply."""
    return OPERATORS[value_type].get(name)
