"""What evaluation reads about one item: immutable facts, each known, empty or unknown.

A fact is a concrete value, ``None`` (known to have no value: never watched, unrated; see
``Absence``) or ``Unknown(reason)`` when its source failed, timed out or never synced. A
property the gatherer did not supply at all is unknown too. Unknown always protects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TypeGuard

from tendarr.domain.media import ItemKind
from tendarr.domain.rules.catalogue import PROPERTIES
from tendarr.domain.rules.properties import ValueType

WATCH_HISTORY_SYNCED = "watch_history_synced"
"""Reserved fact: whether watch history has synced at least once (the watch-based guard)."""


@dataclass(frozen=True, slots=True)
class Unknown:
    """A fact that could not be established, and why (shown to the admin)."""

    reason: str
    source: str | None = None


NOT_GATHERED = Unknown("not gathered for this item")
SYNC_STATE_NOT_REPORTED = Unknown("not reported", "watch history")


class TextSet(frozenset[str]):
    """Case-folded members for matching; ``shown`` keeps them as the source spelled them."""

    __slots__ = ("shown",)
    shown: tuple[str, ...]

    def __new__(cls, values: Iterable[str]) -> TextSet:
        """Fold ``values`` for case-insensitive matching and remember the originals."""
        originals = tuple(dict.fromkeys(values))
        made = super().__new__(cls, (value.casefold() for value in originals))
        made.shown = originals
        return made


class _Mismatch:
    """A value of the wrong type for its property (a bug in whoever gathered it)."""


MISMATCH = _Mismatch()

FactValue = bool | int | float | str | datetime | TextSet | frozenset[int] | Unknown | None


def _is_user(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _bool(value: object) -> FactValue | _Mismatch:
    return value if value is True or value is False else MISMATCH


def _number(value: object) -> FactValue | _Mismatch:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return MISMATCH


def _size(value: object) -> FactValue | _Mismatch:
    number = _number(value)
    return number if isinstance(number, int | float) and number >= 0 else MISMATCH


def _moment(value: object) -> FactValue | _Mismatch:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else MISMATCH
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return MISMATCH


def _text(value: object) -> FactValue | _Mismatch:
    return value if isinstance(value, str) else MISMATCH


def _texts(value: object) -> FactValue | _Mismatch:
    if isinstance(value, TextSet):
        return value
    if not isinstance(value, list | tuple | set | frozenset):
        return MISMATCH
    texts = [member for member in value if isinstance(member, str)]
    return TextSet(texts) if len(texts) == len(value) else MISMATCH


def _user(value: object) -> FactValue | _Mismatch:
    return value if _is_user(value) else MISMATCH


def _users(value: object) -> FactValue | _Mismatch:
    if not isinstance(value, list | tuple | set | frozenset):
        return MISMATCH
    users = [member for member in value if _is_user(member)]
    return frozenset(users) if len(users) == len(value) else MISMATCH


_NORMALISE: dict[ValueType, Callable[[object], FactValue | _Mismatch]] = {
    ValueType.BOOL: _bool,
    ValueType.NUMBER: _number,
    ValueType.BYTES: _size,
    ValueType.DAYS: _moment,
    ValueType.TEXT: _text,
    ValueType.TEXT_LIST: _texts,
    ValueType.USER: _user,
    ValueType.USER_LIST: _users,
}
_TYPES = {name: _NORMALISE[spec.type] for name, spec in PROPERTIES.items()}
_WATCH_PROPERTIES = tuple(name for name, spec in PROPERTIES.items() if spec.needs_watch_history)


def _unsynced(state: object) -> Unknown:
    if isinstance(state, Unknown):
        return Unknown(f"watch history sync state unknown: {state.reason}", "watch history")
    return Unknown("watch history has never synced", "watch history")


class Facts(Mapping[str, FactValue]):
    """The facts about one item, keyed by property name; missing names read as Unknown.

    While watch history has not synced (``watch_history_synced`` is False or Unknown),
    every watch-based property reads as Unknown, whatever the gatherer supplied.
    """

    __slots__ = ("_values", "kind", "library_ids", "watch_history_synced")

    def __init__(
        self,
        kind: ItemKind,
        values: Mapping[str, object],
        *,
        library_ids: Iterable[str] = (),
        watch_history_synced: bool | Unknown | None = None,
    ) -> None:
        """Check every value against the catalogue; raise TypeError/KeyError on a bad one."""
        normalised: dict[str, FactValue] = {}
        synced: object = watch_history_synced
        for name, value in values.items():
            if name == WATCH_HISTORY_SYNCED and watch_history_synced is None:
                synced = value
                continue
            normalise = _TYPES.get(name)
            if normalise is None:
                raise KeyError(f"fact {name!r} is not a property in the catalogue")
            if value is None or value.__class__ is Unknown:
                normalised[name] = value
                continue
            if isinstance(value, Unknown):  # a subclass: store the plain kind evaluation knows
                normalised[name] = Unknown(value.reason, value.source)
                continue
            checked = normalise(value)
            if isinstance(checked, _Mismatch):
                spec = PROPERTIES[name]
                got = type(value).__name__
                raise TypeError(f"fact {name!r}: expected {spec.type.value}, got {got} {value!r}")
            normalised[name] = checked
        if synced is None:
            synced = SYNC_STATE_NOT_REPORTED
        if not isinstance(synced, bool | Unknown):
            raise TypeError(f"{WATCH_HISTORY_SYNCED} must be a bool or Unknown, got {synced!r}")
        if synced is not True:
            normalised.update(dict.fromkeys(_WATCH_PROPERTIES, _unsynced(synced)))
        self._values = normalised
        self.kind = kind
        self.library_ids = frozenset(library_ids)
        self.watch_history_synced: bool | Unknown = synced

    def value(self, name: str) -> FactValue:
        """Return the fact for ``name``; Unknown with a reason when it was not gathered."""
        return self._values.get(name, NOT_GATHERED)

    def __getitem__(self, name: str) -> FactValue:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Facts({self.kind.value}, {self._values!r})"
