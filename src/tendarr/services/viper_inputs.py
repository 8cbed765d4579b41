"""Build VIPER's ``ShowInput`` per show from the library, the household and Sonarr.

Sources: the stored library (shows and episode numbers), household watch events and
states (merged per person), Tendarr's protections, watchlists and deletion records, the
live sessions of every server, and every enabled Sonarr (read once per build; shows found
by TVDB id, never by title). Whatever cannot be known becomes the engine's unknown, which
keeps: watch history never synced or last failed -> ``watch=None``; a server that cannot
say what is playing -> ``playing=None``; Sonarr unreachable -> file state and
redownloadability unknown; no Sonarr managing the show -> file state unknown. The download
time comes from the history of the Sonarr holding the show (``viper_download_time``), or
is the configured default with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tendarr.domain.arr import ArrEpisode, ArrKind, ArrSeries
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.domain.viper.inputs import (
    Completion,
    EpisodeState,
    InProgress,
    ShowInput,
    ViewerWatch,
)
from tendarr.domain.viper.order import EpisodeKey
from tendarr.ports.arr_store import ArrFactory
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.ports.viper_reads import EpisodeRecord, EpisodeWatch, ShowRecord, ViperSnapshot
from tendarr.services.now_playing import Sessions
from tendarr.services.viper_download_time import DownloadTime, DownloadTimes, default_because

SessionsSource = Callable[[], Sessions]


@dataclass(frozen=True)
class SonarrListing:
    """Every enabled Sonarr's series by TVDB id, read once per build."""

    configured: bool
    series: dict[int, tuple[ArrInstanceConfig, ArrSeries]] = field(default_factory=dict)
    failure: str | None = None


@dataclass(frozen=True)
class ShowContext:
    """One show's engine input, with what the explain view and the job need beside it.

    ``input`` is None when the show cannot be decided at all (``notes`` say why); it is
    then kept whole. ``episode_ids`` maps episode keys to library item ids.
    ``download_time`` is what the show's plans use (the input holds its measured value).
    """

    show: ShowRecord
    input: ShowInput | None
    notes: tuple[str, ...]
    episode_ids: dict[EpisodeKey, int]
    episode_titles: dict[EpisodeKey, str]
    viewers: tuple[str, ...]  # viewer keys with any play on the show
    download_time: DownloadTime


@dataclass(frozen=True)
class ViperInputs:
    """Every show's context, the viewers' names and when it was built."""

    built_at: datetime
    shows: list[ShowContext]
    viewer_names: dict[str, str]
    watch_problem: str | None


class ViperInputsBuilder:
    """Reads the stores, the sessions and Sonarr, and folds them into ``ShowInput``s."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        connect: ArrFactory,
        sessions: SessionsSource | None,
        watchlist_grace: Callable[[], timedelta],
    ) -> None:
        self._uow = uow
        self._connect = connect
        self._sessions = sessions
        self._grace = watchlist_grace

    def build(self, now: datetime, show_id: int | None = None) -> ViperInputs:
        """Return the inputs of every show (or one), never inside a unit of work."""
        grace = self._grace()  # reads settings: before the unit of work
        with self._uow() as uow:
            snapshot = uow.viper.snapshot(show_id)
            configs = [c for c in uow.arr.all() if c.enabled and c.kind is ArrKind.SONARR]
        listing = self._sonarr(configs)
        playing, playing_note = self._playing()
        by_show: dict[int, list[EpisodeRecord]] = defaultdict(list)
        for episode in snapshot.episodes:
            by_show[episode.show_id].append(episode)
        watch = _watch_by_show(snapshot, by_show)
        downloads = DownloadTimes(self._connect, now)
        shows = [
            self._context(
                show,
                by_show.get(show.id, []),
                snapshot,
                watch.get(show.id, {}),
                listing,
                playing,
                playing_note,
                grace,
                downloads,
            )
            for show in sorted(snapshot.shows, key=lambda s: (s.title.lower(), s.id))
        ]
        return ViperInputs(now, shows, dict(snapshot.viewers), snapshot.watch_problem)

    def _sonarr(self, configs: Sequence[ArrInstanceConfig]) -> SonarrListing:
        if not configs:
            return SonarrListing(configured=False)
        series: dict[int, tuple[ArrInstanceConfig, ArrSeries]] = {}
        for config in configs:
            try:
                listed = self._connect.sonarr(config).all_series()
            except MediaServerError as err:
                return SonarrListing(True, failure=f"{config.name}: {err}")
            for found in listed:
                series.setdefault(found.tvdb_id, (config, found))  # the first instance wins
        return SonarrListing(True, series)

    def _playing(self) -> tuple[frozenset[int] | None, str | None]:
        """Return the library ids playing now, or None with the reason when unknown."""
        if self._sessions is None:
            return None, "what is playing now is not connected"
        live = self._sessions()
        if live.unavailable:
            server, problem = next(iter(live.unavailable.items()))
            return None, f"{server} could not say what is playing: {problem}"
        if any(p.media_item_id is None for p in live.playing):
            return None, "something is playing that is not in the library yet"
        return frozenset(p.media_item_id for p in live.playing if p.media_item_id), None

    def _context(
        self,
        show: ShowRecord,
        library: list[EpisodeRecord],
        snapshot: ViperSnapshot,
        watch: dict[str, ViewerWatch],
        listing: SonarrListing,
        playing_ids: frozenset[int] | None,
        playing_note: str | None,
        grace: timedelta,
        downloads: DownloadTimes,
    ) -> ShowContext:
        ids = {EpisodeKey(e.season, e.episode): e.id for e in library}
        titles = {EpisodeKey(e.season, e.episode): e.title for e in library}
        notes: list[str] = []
        if snapshot.watch_problem is not None:
            notes.append(f"watch history unknown: {snapshot.watch_problem}")
        if playing_note is not None:
            notes.append(playing_note)
        viewers = tuple(sorted(watch))
        if show.tvdb_id is None:
            notes.append("it has no TVDB id to find it in Sonarr")
            unread = default_because("the show has no TVDB id")
            return ShowContext(show, None, tuple(notes), ids, titles, viewers, unread)
        episodes, redownloadable, note = self._episodes(show.tvdb_id, ids, snapshot, listing)
        if note is not None:
            notes.append(note)
        found = listing.series.get(show.tvdb_id) if redownloadable else None
        download = (
            downloads.of(found[0])
            if found is not None
            else default_because("no Sonarr holds it" if redownloadable is False else note or "")
        )
        keys = [e.key for e in episodes]
        if len(set(keys)) != len(keys):
            notes.append("Sonarr lists an episode twice")
            return ShowContext(show, None, tuple(notes), ids, titles, viewers, download)
        playing = None
        if playing_ids is not None:
            playing = frozenset(k for k, i in ids.items() if i in playing_ids)
        added = snapshot.watchlisted_at.get(show.id)
        shown = ShowInput(
            tvdb_id=show.tvdb_id,
            episodes=tuple(episodes),
            watch=None if snapshot.watch_problem is not None else tuple(watch.values()),
            playing=playing,
            redownloadable=redownloadable,
            protected=show.id in snapshot.protected_shows,
            grace_until=added + grace if added is not None else None,
            download_time=download.measured,
        )
        return ShowContext(show, shown, tuple(notes), ids, titles, viewers, download)

    def _episodes(
        self,
        tvdb_id: int,
        ids: dict[EpisodeKey, int],
        snapshot: ViperSnapshot,
        listing: SonarrListing,
    ) -> tuple[list[EpisodeState], bool | None, str | None]:
        """Return Sonarr's episode states, or the library's with the file state unknown."""
        fallback = [EpisodeState(key, None) for key in sorted(ids)]
        if not listing.configured:
            return fallback, False, "no Sonarr is configured: file states unknown"
        if listing.failure is not None:
            return fallback, None, f"Sonarr unreachable ({listing.failure})"
        found = listing.series.get(tvdb_id)
        if found is None:
            return fallback, False, "no Sonarr manages it: file states unknown"
        config, series = found
        try:
            listed = self._connect.sonarr(config).episodes(series.id)
        except MediaServerError as err:
            return fallback, None, f"Sonarr unreachable ({config.name}: {err})"
        return [_state(e, ids, snapshot.deleted_episodes) for e in listed], True, None


def _state(
    episode: ArrEpisode, ids: dict[EpisodeKey, int], deleted: frozenset[int]
) -> EpisodeState:
    key = EpisodeKey(episode.season_number, episode.episode_number)
    ours = ids.get(key) in deleted and not episode.monitored
    return EpisodeState(key, episode.has_file, unmonitored_by_tendarr=ours)


def _watch_by_show(
    snapshot: ViperSnapshot, by_show: dict[int, list[EpisodeRecord]]
) -> dict[int, dict[str, ViewerWatch]]:
    """Fold every completion and unfinished play into one ``ViewerWatch`` per person."""
    where = {e.id: (show, EpisodeKey(e.season, e.episode)) for show, eps in by_show.items()
             for e in eps}  # fmt: skip
    done: dict[tuple[int, str], list[Completion]] = defaultdict(list)
    last_done: dict[tuple[int, str, EpisodeKey], datetime] = {}
    for watch in snapshot.completions:
        if watch.episode_id not in where:
            continue  # an episode without numbers: it has no place in any order
        show, key = where[watch.episode_id]
        done[(show, watch.viewer)].append(Completion(key, watch.at))
        slot = (show, watch.viewer, key)
        if slot not in last_done or watch.at > last_done[slot]:
            last_done[slot] = watch.at
    started: dict[tuple[int, str], dict[EpisodeKey, datetime]] = defaultdict(dict)
    for watch in _latest(snapshot.in_progress):
        if watch.episode_id not in where:
            continue
        show, key = where[watch.episode_id]
        finished = last_done.get((show, watch.viewer, key))
        if finished is not None and finished >= watch.at:
            continue  # finished on another server since: not in progress for the person
        started[(show, watch.viewer)][key] = watch.at
    out: dict[int, dict[str, ViewerWatch]] = defaultdict(dict)
    for show, viewer in sorted(set(done) | set(started)):
        progress = tuple(InProgress(k, at) for k, at in sorted(started[(show, viewer)].items()))
        out[show][viewer] = ViewerWatch(viewer, tuple(done[(show, viewer)]), progress)
    return out


def _latest(plays: Iterable[EpisodeWatch]) -> list[EpisodeWatch]:
    """Keep the newest unfinished play per person and episode (one per account stored)."""
    newest: dict[tuple[int, str], EpisodeWatch] = {}
    for play in plays:
        slot = (play.episode_id, play.viewer)
        if slot not in newest or play.at > newest[slot].at:
            newest[slot] = play
    return list(newest.values())
