"""Storage port for protections: movies and shows no rule, retention or VIPER may delete.

A protection is keyed on the title's stable id (``ids_key``: ``tmdb:603`` for a movie,
``tvdb:81189`` for a show, else ``imdb:tt…``; ``item:<id>`` only when the library knows no
external id), so it survives the library row being replaced by a later sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class NewProtection:
    """What protecting a title stores."""

    ids_key: str
    ids: dict[str, Any]
    kind: str  # movie | show
    title: str
    media_item_id: int | None
    reason: str | None
    protected_by: int | None
    created_at: datetime


@dataclass(frozen=True)
class Protection:
    """One stored protection; ``arr_status`` says what Sonarr/Radarr did when it was made."""

    id: int
    ids_key: str
    ids: dict[str, Any]
    kind: str
    title: str
    media_item_id: int | None
    reason: str | None
    protected_by: int | None
    created_at: datetime
    arr_status: dict[str, Any] = field(default_factory=dict)
    protected_by_name: str | None = None  # filled in by listings


class ProtectionRepository(Protocol):
    """Protections, and the library items they cover."""

    def add(self, new: NewProtection) -> Protection: ...
    def by_key(self, ids_key: str) -> Protection | None: ...
    def covering(self, media_item_id: int) -> Protection | None: ...
    def listing(self) -> list[Protection]: ...
    def delete(self, protection_id: int) -> bool: ...
    def set_arr_status(self, protection_id: int, status: dict[str, Any]) -> None: ...
    def protected_item_ids(self) -> set[int]: ...
