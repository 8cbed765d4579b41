"""Seed 000's Breaking Bad household in real storage, with a typed fake Sonarr.

The library comes in through ``LibrarySync`` and the household through ``HouseholdSync``
(typed fake sources, as in ``test_household_sync``): Dad finished all 62 episodes (one a
day, the finale two days ago), Mom is at S2E05 at one a day (last night), Teen watched
S1E01-S1E02 and stopped partway through S1E03 two weeks ago.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tendarr.app_settings import ViperSettings
from tendarr.bootstrap import Runtime
from tendarr.domain.arr import ArrEpisode, ArrKind, ArrSeries
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.domain.household import AccountKind, PlaySource, RemoteAccount, RemotePlay
from tendarr.domain.jobs import JobPriority, JobState
from tendarr.domain.media import ExternalIds, ItemKind, RemoteItem, ServerKind
from tendarr.ports.arr import RadarrPort, SonarrPort
from tendarr.ports.media_server import ServerUnreachable
from tendarr.ports.repositories import NewJob
from tendarr.services.now_playing import Sessions
from tendarr.services.sync_household import HouseholdSync
from tendarr.services.viper import ViperService
from tendarr.services.viper_inputs import ViperInputsBuilder
from tests.integration.test_household_sync import FakeHousehold, add_server
from tests.integration.test_sync_library import Ctx, FakeServer, sync

BREAKING_BAD = (7, 13, 13, 13, 16)  # 62 episodes
TVDB = 81189
SERVER = "jf"
DAY = timedelta(days=1)


def keys() -> list[tuple[int, int]]:
    """Every regular episode of Breaking Bad, in order."""
    return [(s, e) for s, size in enumerate(BREAKING_BAD, start=1) for e in range(1, size + 1)]


def label(ordinal: int) -> str:
    """Return the S01E02 label of an ordinal (1-based)."""
    season, episode = keys()[ordinal - 1]
    return f"S{season:02d}E{episode:02d}"


def labels(first: int, last: int) -> list[str]:
    """Return the labels of ordinals ``first..last``."""
    return [label(n) for n in range(first, last + 1)]


@dataclass
class FakeSonarr:
    """The Sonarr calls VIPER makes, over one series (``down`` fails every call)."""

    episodes_by_key: dict[tuple[int, int], ArrEpisode]
    down: bool = False
    calls: list[str] = field(default_factory=list)
    durations: list[timedelta] = field(default_factory=list)  # newest first; none: default
    history_down: bool = False

    def all_series(self) -> list[ArrSeries]:
        self.calls.append("all_series")
        if self.down:
            raise ServerUnreachable("connection refused")
        return [ArrSeries(id=7, tvdb_id=TVDB, title="Breaking Bad", monitored=True)]

    def episodes(self, series_id: int) -> list[ArrEpisode]:
        self.calls.append(f"episodes:{series_id}")
        if self.down:
            raise ServerUnreachable("connection refused")
        assert series_id == 7
        return list(self.episodes_by_key.values())

    def download_durations(self, since: datetime, limit: int) -> list[timedelta]:
        self.calls.append(f"download_durations:{limit}")
        if self.down or self.history_down:
            raise ServerUnreachable("connection refused")
        return self.durations[:limit]


@dataclass
class FakeArrs:
    """An ``ArrFactory`` that hands out the one fake Sonarr."""

    sonarr_app: FakeSonarr

    def sonarr(self, config: ArrInstanceConfig) -> SonarrPort:
        return self.sonarr_app  # type: ignore[return-value]  # only VIPER's calls exist

    def radarr(self, config: ArrInstanceConfig) -> RadarrPort:
        raise AssertionError("VIPER never asks Radarr")


@dataclass
class Household:
    """The seeded household and the fakes around it."""

    rt: Runtime
    sonarr: FakeSonarr
    now: datetime
    show_id: int
    users: dict[str, int]  # name -> Tendarr user id
    sessions: Sessions = field(default_factory=lambda: Sessions([], {}))

    def key(self, name: str) -> str:
        """Return the viewer key of a person."""
        return f"user:{self.users[name]}"

    def service(self, settings: ViperSettings | None = None) -> ViperService:
        """Return a VIPER service over the real stores and these fakes."""
        builder = ViperInputsBuilder(
            self.rt.uow, FakeArrs(self.sonarr), lambda: self.sessions, lambda: 14 * DAY
        )
        return ViperService(
            self.rt.uow, self.rt.clock, builder, lambda: settings or ViperSettings()
        )


def _tree() -> list[RemoteItem]:
    show = RemoteItem(
        server_id=SERVER, native_id="bb", kind=ItemKind.SHOW, library_id="lib",
        title="Breaking Bad", ids=ExternalIds(tvdb=TVDB, tmdb=1396), year=2008,
    )  # fmt: skip
    items = [show]
    for season, size in enumerate(BREAKING_BAD, start=1):
        items.append(
            RemoteItem(
                server_id=SERVER,
                native_id=f"bb-s{season}",
                kind=ItemKind.SEASON,
                library_id="lib",
                title=f"Season {season}",
                ids=ExternalIds(),
                parent_native_id="bb",
                show_native_id="bb",
                season_number=season,
            )
        )
        for episode in range(1, size + 1):
            items.append(
                RemoteItem(
                    server_id=SERVER,
                    native_id=f"bb-{season}-{episode}",
                    kind=ItemKind.EPISODE,
                    library_id="lib",
                    title=f"Episode {season}x{episode}",
                    ids=ExternalIds(),
                    parent_native_id=f"bb-s{season}",
                    show_native_id="bb",
                    season_number=season,
                    episode_number=episode,
                )
            )
    return items


def paced(
    who: str, watched: Sequence[tuple[int, int]], last_at: datetime, every: timedelta = DAY
) -> list[RemotePlay]:
    """Completed plays of ``watched``, one ``every`` apart, the last at ``last_at``."""
    count = len(watched)
    return [
        RemotePlay(
            SERVER,
            PlaySource.JELLYFIN,
            f"{who}:{s}x{e}",
            who,
            f"bb-{s}-{e}",
            last_at - every * (count - 1 - n),
            True,
            duration_ms=2_700_000,
            play_count=1,
        )
        for n, (s, e) in enumerate(watched)
    ]


def record_household_sync(rt: Runtime, state: JobState = JobState.SUCCEEDED) -> None:
    """Store a finished household.sync of the server (what VIPER reads as "synced")."""
    now = rt.clock.now()
    with rt.uow() as uow:
        job = uow.jobs.add(
            NewJob("household.sync", "Sync household", "default", JobPriority.NORMAL,
                   {"server_id": SERVER}, 1, None, now)
        )  # fmt: skip
        assert uow.jobs.claim(job.id, "test", "lease", now) is not None
        assert uow.jobs.finish(job.id, "lease", now, state, {})
        uow.commit()


def breaking_bad(rt: Runtime, *, synced: bool = True) -> Household:
    """Seed the household into ``rt``'s database; return it with a healthy fake Sonarr."""
    add_server(rt, SERVER, ServerKind.JELLYFIN)
    sync(rt, {SERVER: FakeServer(SERVER, _tree())}, SERVER)
    now = rt.clock.now()
    order = keys()
    s2e05 = order.index((2, 5))
    plays = [
        *paced("dad", order, now - 2 * DAY),
        *paced("mom", order[: s2e05 + 1], now - 2 * DAY / 24),
        *paced("teen", order[:2], now - 15 * DAY),
        RemotePlay(
            SERVER,
            PlaySource.JELLYFIN,
            "teen:1x3:paused",
            "teen",
            "bb-1-3",
            now - 14 * DAY,
            False,
            position_ms=900_000,
            duration_ms=2_700_000,
        ),
    ]
    people = [RemoteAccount(SERVER, n, n.title(), AccountKind.USER) for n in ("dad", "mom", "teen")]
    source = FakeHousehold(SERVER, PlaySource.JELLYFIN, people=people, plays=plays)
    HouseholdSync(rt.uow, rt.clock, lambda config: source, lambda config: None)(
        Ctx(), {"server_id": SERVER, "full": True}
    )
    if synced:
        record_household_sync(rt)
    with rt.uow() as uow:
        show_id = uow.library.canonical_by_external("show", [], [TVDB], [])[("tvdb", TVDB)]
        users = {
            a.native_id: a.user_id for a in uow.household.accounts(SERVER) if a.user_id is not None
        }
        uow.arr.add(
            ArrInstanceConfig("sonarr", ArrKind.SONARR, "Sonarr", "http://sonarr", "k"), now
        )
        uow.commit()
    episodes = {
        key: ArrEpisode(id=n, series_id=7, season_number=key[0], episode_number=key[1],
                        monitored=True, has_file=True, file_id=1000 + n)
        for n, key in enumerate(order, start=1)
    }  # fmt: skip
    return Household(rt, FakeSonarr(episodes), now, show_id, users)
