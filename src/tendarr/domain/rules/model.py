"""A cleanup rule: what it targets, its condition tree, its mode, grace and actions.

Build one with ``validate_rule`` (never by hand from user input): validation is what
guarantees that every property and operator exists and every value has the right shape.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from tendarr.domain.media import ItemKind

DEFAULT_GRACE_DAYS = 15
MAX_DEPTH = 8

ConditionValue = (
    None
    | bool
    | int
    | float
    | str
    | date  # a datetime too (datetime is a date)
    | tuple[float, float]
    | tuple[str, ...]
    | tuple[int, ...]
)


class Mode(enum.StrEnum):
    """What happens to a rule's matches."""

    DRY_RUN = "dry_run"  # record and show matches; act on nothing (the default)
    REVIEW = "review"  # matches wait for an admin to approve them in batches
    AUTOMATIC = "automatic"  # matches enter Leaving Soon and are acted on when due


class DueAction(enum.StrEnum):
    """What is done to a match once its Leaving Soon grace period has passed."""

    DELETE = "delete"  # delete through Sonarr/Radarr with its files
    UNMONITOR = "unmonitor"  # only unmonitor in Sonarr/Radarr; files stay


class GroupKind(enum.StrEnum):
    """How a group combines its children (Kleene three-valued logic)."""

    ALL = "all"
    ANY = "any"
    NOT = "not"  # exactly one child


@dataclass(frozen=True, slots=True)
class Condition:
    """``property operator value``, e.g. ``days_since_last_watched gt 30``."""

    property: str
    operator: str
    value: ConditionValue = None


@dataclass(frozen=True, slots=True)
class Group:
    """A group of conditions and nested groups."""

    kind: GroupKind
    children: tuple[Condition | Group, ...]


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """How matches are handled once due; carried out by the cleanup actions, not here."""

    on_due: DueAction = DueAction.DELETE
    import_exclusion: bool = True  # add an import-list exclusion when deleting via an *arr
    server_delete_fallback: bool = False  # delete on the media server when no *arr has it
    delete_files_directly: bool = False  # last resort, only under TENDARR_MEDIA_ROOT
    clear_request: bool = True  # clear the Overseerr/Jellyseerr request afterwards


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated cleanup rule; ``root`` is the implicit ``all`` of its conditions."""

    name: str
    target: ItemKind
    root: Group
    library_ids: frozenset[str] = frozenset()  # empty: every library
    mode: Mode = Mode.DRY_RUN
    grace_days: int = DEFAULT_GRACE_DAYS
    actions: ActionSettings = field(default_factory=ActionSettings)

    def conditions(self) -> Iterator[Condition]:
        """Yield every condition in the tree, depth first."""
        yield from iter_conditions(self.root)


def iter_conditions(node: Condition | Group) -> Iterator[Condition]:
    """Yield every condition under ``node``, depth first, in order."""
    if isinstance(node, Condition):
        yield node
        return
    for child in node.children:
        yield from iter_conditions(child)
