"""What a rule condition can ask about an item: value types, sources and property specs.

The catalogue itself (every property Tendarr knows) is in ``catalogue.py``; this module
holds the vocabulary it is written in.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tendarr.domain.media import ItemKind


class ValueType(enum.StrEnum):
    """The shape of a property's value; it decides which operators apply."""

    NUMBER = "number"
    BYTES = "bytes"  # facts carry bytes; rules write gigabytes (GiB)
    DAYS = "days"  # facts carry a datetime; rules count days from "now"
    TEXT = "text"
    TEXT_LIST = "text_list"
    BOOL = "bool"
    USER = "user"  # one Tendarr user id
    USER_LIST = "user_list"  # a set of Tendarr user ids


class Source(enum.StrEnum):
    """Where a fact comes from; named when a fact is unknown so the admin knows what failed."""

    LIBRARY = "library"
    WATCH_HISTORY = "watch history"
    METADATA = "metadata"
    FILES = "files"
    WATCHLISTS = "watchlists"
    REQUESTS = "requests"
    ARR = "sonarr/radarr"
    STORAGE = "storage"
    SERVERS = "media servers"


class Absence(enum.StrEnum):
    """What a known-empty value (``None`` in the facts) means for a property."""

    # None is not a legitimate value here: treat it as unknown (fail closed).
    UNKNOWN = "unknown"
    # Known to have no value (unrated, not requested, not managed by an *arr): every
    # comparison is false, negated ones included; only ``not_exists`` is true.
    NO_VALUE = "no_value"
    # The event never happened (never watched): infinitely long ago, so "more than N days
    # ago" and "before" are true and everything else is false.
    NEVER = "never"


ALL_KINDS = frozenset(ItemKind)
TITLES = frozenset({ItemKind.MOVIE, ItemKind.SHOW})
TV = frozenset({ItemKind.SHOW, ItemKind.SEASON, ItemKind.EPISODE})
SERIES_LEVEL = frozenset({ItemKind.SHOW, ItemKind.SEASON})


@dataclass(frozen=True, slots=True)
class PropertySpec:
    """One property a condition can test, and how its facts are read."""

    name: str
    type: ValueType
    targets: frozenset[ItemKind]
    source: Source
    description: str
    absence: Absence = Absence.UNKNOWN
    needs_watch_history: bool = False

    def applies_to(self, kind: ItemKind) -> bool:
        """Return whether rules targeting ``kind`` may use this property."""
        return kind in self.targets
