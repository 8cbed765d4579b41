"""Small builders for VIPER households: shows by season sizes, viewers by their pace."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.decide import decide_show
from tendarr.domain.viper.inputs import (
    Completion,
    EpisodeState,
    InProgress,
    ShowInput,
    ViewerWatch,
)
from tendarr.domain.viper.order import EpisodeKey, EpisodeOrder
from tendarr.domain.viper.outcome import Action, ShowDecision

NOW = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)
DAY = timedelta(days=1)
BREAKING_BAD = (7, 13, 13, 13, 16)  # 62 episodes


def keys(season_sizes: Sequence[int]) -> list[EpisodeKey]:
    """Return every regular episode of a show with these season sizes, in order."""
    return [
        EpisodeKey(season, episode)
        for season, size in enumerate(season_sizes, start=1)
        for episode in range(1, size + 1)
    ]


def episodes(season_sizes: Sequence[int], *, has_file: bool | None = True) -> list[EpisodeState]:
    """Return the Sonarr episode list of such a show, every episode in the same file state."""
    return [EpisodeState(key, has_file) for key in keys(season_sizes)]


def paced(
    viewer: str,
    watched: Iterable[EpisodeKey],
    last_at: datetime,
    every: timedelta = DAY,
    *,
    in_progress: EpisodeKey | None = None,
    paused_at: datetime | None = None,
) -> ViewerWatch:
    """Return a viewer who completed ``watched`` one at a time, ``every`` apart, ending at
    ``last_at``; optionally partway through ``in_progress`` since ``paused_at``."""
    done = list(watched)
    completions = tuple(
        Completion(key, last_at - every * (len(done) - 1 - n)) for n, key in enumerate(done)
    )
    started = () if in_progress is None else (InProgress(in_progress, paused_at or last_at),)
    return ViewerWatch(viewer, completions, started)


def show(
    eps: Iterable[EpisodeState], watch: Iterable[ViewerWatch] | None, **fields: Any
) -> ShowInput:
    """Return a show that is playing nothing, redownloadable and unprotected unless told."""
    values: dict[str, Any] = {"playing": frozenset(), "redownloadable": True}
    values.update(fields)
    return ShowInput(
        tvdb_id=values.pop("tvdb_id", 81189),
        episodes=tuple(eps),
        watch=None if watch is None else tuple(watch),
        **values,
    )


def decide(
    target: ShowInput, config: ViperConfig | None = None, now: datetime = NOW
) -> ShowDecision:
    """Decide ``target`` at ``now`` with ``config`` (defaults)."""
    return decide_show(target, now, config or ViperConfig())


def labels(decision: ShowDecision, action: Action) -> list[str]:
    """Return the S01E02 labels of the episodes with ``action``, in order."""
    return [e.key.label for e in decision.with_action(action)]


def span(season_sizes: Sequence[int], first: int, last: int) -> list[str]:
    """Return the labels of ordinals ``first..last`` of such a show."""
    order = EpisodeOrder(keys(season_sizes))
    return [order.key(n).label for n in range(first, last + 1)]
