"""Read port: everything the deletion pipeline must know about one item before acting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SubjectCopy:
    """One server copy of the item (or of one of its episodes) and its files' paths."""

    server_id: str
    native_id: str
    library_id: str
    media_item_id: int
    paths: tuple[str, ...]
    size: int | None  # the sum of the copy's file sizes; None when any is unreported


@dataclass(frozen=True)
class DeletionSubject:
    """A movie, show, season or episode with the ids that find it in Sonarr/Radarr."""

    id: int
    kind: str
    title: str
    year: int | None
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    show_id: int | None
    show_title: str | None
    show_tvdb_id: int | None
    show_tmdb_id: int | None
    season_number: int | None
    episode_number: int | None
    descendant_ids: frozenset[int]  # itself and every season/episode under it
    episode_numbers: tuple[tuple[int, int], ...]  # (season, episode) of its episodes
    copies: tuple[SubjectCopy, ...]  # its own copies, else its episodes' copies

    @property
    def ids(self) -> dict[str, object]:
        """Return the stable ids of the title (the show's for seasons and episodes)."""
        if self.kind in {"season", "episode"}:
            return {"tvdb": self.show_tvdb_id, "tmdb": self.show_tmdb_id, "item": self.id}
        return {"tmdb": self.tmdb_id, "tvdb": self.tvdb_id, "imdb": self.imdb_id}


class DeletionReader(Protocol):
    """Reads for the deletion pipeline."""

    def subject(self, item_id: int) -> DeletionSubject | None: ...
