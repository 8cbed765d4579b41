"""Three-valued outcomes and Kleene's strong logic over them.

``UNKNOWN`` stands for "could be either": a combination is TRUE or FALSE only when no
possible value of the unknown parts could change it, so an unknown never decides a match.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Outcome(enum.StrEnum):
    """The result of a condition, a group or a rule."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


TRUE = Outcome.TRUE
FALSE = Outcome.FALSE
UNKNOWN = Outcome.UNKNOWN


def all_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Return Kleene AND: any FALSE is FALSE, else any UNKNOWN is UNKNOWN, else TRUE."""
    unknown = False
    for outcome in outcomes:
        if outcome is FALSE:
            return FALSE
        if outcome is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else TRUE


def any_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Return Kleene OR: any TRUE is TRUE, else any UNKNOWN is UNKNOWN, else FALSE."""
    unknown = False
    for outcome in outcomes:
        if outcome is TRUE:
            return TRUE
        if outcome is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else FALSE


def negate(outcome: Outcome) -> Outcome:
    """Return Kleene NOT: TRUE and FALSE swap, UNKNOWN stays UNKNOWN."""
    if outcome is TRUE:
        return FALSE
    if outcome is FALSE:
        return TRUE
    return UNKNOWN
