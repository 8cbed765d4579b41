"""The continuous episode order of a series: ordinals 1..N across seasons, specials out.

Flexerr placed an episode at ``100 * season + episode`` (D1): S1E20 -> S2E01 read as 81
episodes apart and seasons of 100 or more episodes collided. Here the distance between
two episodes is the number of episodes between them, across season boundaries too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

SPECIALS_SEASON = 0


class EpisodeKey(NamedTuple):
    """An episode by its Sonarr season and episode numbers (season 0: specials)."""

    season: int
    episode: int

    @property
    def label(self) -> str:
        """Return the familiar ``S01E02`` form."""
        return f"S{self.season:02d}E{self.episode:02d}"

    @property
    def is_special(self) -> bool:
        """Return whether this is a special (season 0), which has no place in the order."""
        return self.season == SPECIALS_SEASON


class DuplicateEpisode(ValueError):
    """The episode list names the same season and episode twice."""


class EpisodeOrder:
    """Ordinals for a series' regular episodes, sorted by season then episode number.

    Built from Sonarr's episode list (aired or not, with a file or not), so the distance
    between two episodes is real even where files are missing. Rebuild it whenever Sonarr
    lists new or renumbered episodes.
    """

    __slots__ = ("_index", "_keys", "_specials")

    def __init__(self, keys: Iterable[EpisodeKey]) -> None:
        unique: set[EpisodeKey] = set()
        for key in keys:
            if key in unique:
                raise DuplicateEpisode(f"{key.label} is listed twice")
            unique.add(key)
        for key in unique:
            if key.season < 0 or key.episode < 0:
                raise ValueError(f"negative season or episode number: {key}")
        self._keys = tuple(sorted(k for k in unique if not k.is_special))
        self._specials = tuple(sorted(k for k in unique if k.is_special))
        self._index = {key: n for n, key in enumerate(self._keys, start=1)}

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def keys(self) -> tuple[EpisodeKey, ...]:
        """Return the regular episodes in order (ordinal n is ``keys[n - 1]``)."""
        return self._keys

    @property
    def specials(self) -> tuple[EpisodeKey, ...]:
        """Return the specials, which VIPER leaves alone."""
        return self._specials

    @property
    def index(self) -> Mapping[EpisodeKey, int]:
        """Return the ordinal of every regular episode (read-only; for hot loops)."""
        return self._index

    def ordinal(self, key: EpisodeKey) -> int | None:
        """Return the episode's place in the order, or None (a special or not listed)."""
        return self._index.get(key)

    def key(self, ordinal: int) -> EpisodeKey:
        """Return the episode at ``ordinal`` (1-based); IndexError outside 1..N."""
        if not 1 <= ordinal <= len(self._keys):
            raise IndexError(f"ordinal {ordinal} outside 1..{len(self._keys)}")
        return self._keys[ordinal - 1]

    def distance(self, start: EpisodeKey, end: EpisodeKey) -> int:
        """Return how many episodes ``end`` lies after ``start`` (negative when before)."""
        first, last = self._index.get(start), self._index.get(end)
        if first is None or last is None:
            raise KeyError(f"{start.label} or {end.label} is not in the order")
        return last - first
