"""VIPER's redownload plans happen: stored as ``viper`` restorations, run against Sonarr.

Seed 000's Breaking Bad household (``viper_household``) in real storage, with the Sonarr
simulator serving the series: an automatic VIPER run deletes through the real deletion
pipeline, stores one waiting restoration per episode deleted ahead of Mom, and the
restorations' periodic tick and job re-monitor and search exactly those episodes when
their time comes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tendarr.app_settings import CleanupSettings, ViperSettings
from tendarr.bootstrap import Runtime
from tendarr.cleanup_runtime import build_deletion_pipeline
from tendarr.domain.arr import ArrKind
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.domain.jobs import JobState
from tendarr.persistence.cleanup_facts import SqlCleanupFacts
from tendarr.persistence.database import make_session_factory
from tendarr.ports.deletions import DeletionMethod, DeletionSource, DeletionState, NewDeletion
from tendarr.ports.restorations import Restoration, RestorationState, RestorationTrigger
from tendarr.services.cleanup_arr import ArrFactsReader
from tendarr.services.cleanup_delete import DeletionPipeline
from tendarr.services.cleanup_facts import CleanupFactsBuilder
from tendarr.services.cleanup_requests import RequestFactsReader
from tendarr.services.deletion_gates import Situation
from tendarr.services.now_playing import Sessions
from tendarr.services.restoration import RESTORE_JOB
from tendarr.services.viper import ViperService
from tendarr.services.viper_inputs import ViperInputsBuilder
from tendarr.services.viper_redownloads import ViperRedownloads
from tendarr.services.viper_run import ViperRun
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, free_port_block
from tendarr.sim.model import ArrState, Episode, Season
from tendarr.sim.sonarr import app as sonarr_sim
from tendarr.sim.sonarr.app import SonarrApp
from tendarr.sim.world import World
from tests.integration import test_household_sync as household_fixtures
from tests.integration.test_sync_library import Ctx
from tests.integration.viper_household import (
    BREAKING_BAD,
    DAY,
    TVDB,
    Household,
    breaking_bad,
    keys,
    label,
    labels,
)
from tests.simulators import simulators

rt = household_fixtures.rt
MOM_AT = 12  # S02E05
HOUR = timedelta(hours=1)
AHEAD = list(range(26, 63))  # S03E06-S05E16: deleted ahead of Mom, each with a plan
PAST = [1, 2]  # S01E01-S01E02: everyone is past them, no plan
AUTOMATIC = ViperSettings(mode="automatic")


def search_at(ordinal: int, now: datetime) -> datetime:
    """Mom (1 a day) needs ``ordinal`` in ``ordinal - 12`` days; search 3 + 1 days before."""
    return now + (ordinal - MOM_AT - 4) * DAY


def bb_world() -> World:
    """A simulated world whose one Sonarr series is Breaking Bad (62 episodes, all on disk)."""
    world = generate_world(WorldConfig(seed=11, movies=8, shows=2, users=2, servers=("jellyfin",)))
    show = world.shows[0]
    template = next(e.file for s in world.shows for e in s.episodes() if e.file is not None)
    seasons = []
    for number, (season, episode) in enumerate(keys(), start=1):
        if episode == 1:
            seasons.append(Season(season, 3_000 + season, []))
        file = dataclasses.replace(
            template, id=50_000 + number, path=f"/media/tv/Breaking Bad/{label(number)}.mkv"
        )
        seasons[-1].episodes.append(
            Episode(
                id=40_000 + number, show_id=show.id, season_number=season,
                episode_number=episode, title=f"Episode {season}x{episode}",
                air_date=template.added_at.date(), tvdb_id=7_000_000 + number,
                tmdb_id=8_000_000 + number, runtime_min=47, overview="", file=file,
                sonarr_id=40_000 + number,
            )
        )  # fmt: skip
    assert [len(s.episodes) for s in seasons] == list(BREAKING_BAD)
    show.title, show.year, show.tvdb_id, show.tmdb_id = "Breaking Bad", 2008, TVDB, 1396
    show.seasons = seasons
    show.sonarr = ArrState(7, True, world.quality_profiles[0].id, "/media/tv")
    world.index()
    return world


@dataclasses.dataclass
class Rig:
    bb: Household
    world: World
    sonarr: SonarrApp

    def episode(self, ordinal: int) -> Episode:
        return self.world.episode_by_id[40_000 + ordinal]

    def searches(self) -> list[list[int]]:
        records = self.sonarr.sonarr.state.commands.records.values()
        return [list(r.args["episodeIds"]) for r in records if r.spec.name == "EpisodeSearch"]

    def service(self, settings: ViperSettings = AUTOMATIC) -> ViperService:
        assert self.bb.rt.arr_registry is not None
        builder = ViperInputsBuilder(
            self.bb.rt.uow, self.bb.rt.arr_registry, lambda: Sessions([], {}), lambda: 14 * DAY
        )
        return ViperService(self.bb.rt.uow, self.bb.rt.clock, builder, lambda: settings)

    def pipeline(self) -> DeletionPipeline:
        rt = self.bb.rt
        assert rt.arr_registry is not None
        assert rt.seerr_registry is not None
        facts = CleanupFactsBuilder(
            SqlCleanupFacts(make_session_factory(rt.engine)),
            ArrFactsReader(rt.uow, rt.arr_registry),
            RequestFactsReader(rt.uow, rt.seerr_registry),
        )
        nothing = Situation(frozenset(), {}, frozenset(), requests_configured=False)
        return build_deletion_pipeline(
            rt.uow, rt.clock, facts, rt.arr_registry,
            lambda: CleanupSettings(skip_watchlisted=False), Path("/"), lambda: nothing,
        )  # fmt: skip

    def downloads(self, hours: list[float]) -> None:
        """Replace Sonarr's history with one grab and import per entry, newest first."""
        history = self.sonarr.sonarr.state.history
        history.records = []
        for n, length in enumerate(hours):
            imported = self.bb.now - (n + 1) * DAY
            grabbed = imported - timedelta(hours=length)
            for event, at in (("grabbed", grabbed), ("downloadFolderImported", imported)):
                history.add(40_001, event, at, f"BB.{n}", "WEBDL-1080p", f"D{n}", {}, series_id=7)

    def run(self, settings: ViperSettings = AUTOMATIC) -> dict[str, Any]:
        rt = self.bb.rt
        job = ViperRun(self.service(settings), lambda: settings, self.pipeline(),
                       ViperRedownloads(rt.uow, rt.clock))  # fmt: skip
        return job(Ctx(), {})

    def restorations(self) -> dict[str, Restoration]:
        with self.bb.rt.uow() as uow:
            found = uow.restorations.listing(limit=500)
        return {r.title.split(" — ")[1]: r for r in found}

    def tick_and_restore(self) -> dict[str, Any]:
        """The periodic task queues the job; the job runs what is ready."""
        rt = self.bb.rt
        assert rt.restorations is not None
        rt.restorations.tick()
        queued = rt.jobs.find([JobState.QUEUED], RESTORE_JOB, limit=5)
        assert len(queued) == 1
        handler = rt.registry.get(RESTORE_JOB)
        assert handler is not None
        result = handler.handler(Ctx(), dict(queued[0].payload))
        assert result is not None
        return result


@pytest.fixture
def rig(rt: Runtime) -> Iterator[Rig]:
    bb = breaking_bad(rt)
    world = bb_world()
    url = f"http://127.0.0.1:{free_port_block(1)}"
    app = sonarr_sim.create_app(world, application_url=url)
    endpoint = Endpoint("sonarr", app, url, sonarr_sim.credentials(world))
    with simulators(world, [endpoint]) as described:
        config = ArrInstanceConfig(
            "sonarr", ArrKind.SONARR, "Sonarr", url, described["sonarr"]["api_key"]
        )
        with rt.uow() as uow:
            uow.arr.update(config, rt.clock.now())
            uow.commit()
        assert isinstance(app, SonarrApp)
        app.sonarr.state.history.records = []  # no downloads measured: the default (24 h)
        yield Rig(bb, world, app)


def test_an_automatic_run_stores_each_plan_and_the_tick_brings_exactly_those_back(
    rig: Rig,
) -> None:
    now = rig.bb.now
    result = rig.run()

    assert result["handed_to_pipeline"] == 39
    assert (result["redownloads_stored"], result["redownloads_rescheduled"]) == (37, 0)
    for n in range(1, 63):
        gone = n in PAST or n in AHEAD
        assert (rig.episode(n).file is None, rig.episode(n).monitored) == (gone, not gone), n
    waiting = rig.restorations()
    assert sorted(waiting) == labels(26, 62)  # none for S01E01-S01E02: nobody needs them
    for n in AHEAD:
        found = waiting[label(n)]
        assert (found.trigger, found.state, found.kind) == (
            RestorationTrigger.VIPER, RestorationState.QUEUED, "episode",
        )  # fmt: skip
        assert found.not_before == search_at(n, now), label(n)
        assert found.trigger_key == f"viper:{found.deletion_id}"
        assert found.target["episode_ids"] == [40_000 + n]
        assert found.target["episodes"] == [list(keys()[n - 1])]
        assert found.target["viewer"] == rig.bb.key("mom")
    assert waiting["S03E06"].not_before == now + 10 * DAY

    again = rig.run()  # the same household again: nothing new, nothing moved
    assert (again["handed_to_pipeline"], again["redownloads_stored"]) == (0, 0)
    assert again["redownloads_rescheduled"] == 0
    assert rig.restorations() == waiting

    rig.bb.rt.clock.advance((12 * DAY).total_seconds() + 60)  # type: ignore[attr-defined]
    restored = rig.tick_and_restore()
    assert restored == {"restorations": 3, "states": {"done": 3}}
    assert rig.searches() == [[40_026], [40_027], [40_028]]
    assert [n for n in range(1, 63) if rig.episode(n).monitored] == [
        *range(3, 29)
    ]  # S03E06-S03E08 monitored again; the rest waits
    after = rig.restorations()
    for name in ("S03E06", "S03E07", "S03E08"):
        assert after[name].state is RestorationState.DONE
        assert [s["step"] for s in after[name].steps] == ["adding", "searching"]
        assert all(s["outcome"] == "ok" for s in after[name].steps)
    assert after["S03E09"].state is RestorationState.QUEUED
    assert rig.world.exclusions == []

    third = rig.run()  # searched, not yet imported: VIPER leaves them to Sonarr
    assert (third["redownloads_stored"], third["redownloads_rescheduled"]) == (0, 0)
    assert len(rig.restorations()) == 37


def test_a_viewer_who_speeds_up_moves_the_waiting_search_earlier(rig: Rig) -> None:
    rig.run()
    with rig.bb.rt.uow() as uow:
        late = next(r for r in uow.restorations.listing(limit=500) if "S03E06" in r.title)
        uow.restorations.save(dataclasses.replace(late, not_before=rig.bb.now + 30 * DAY))
        uow.commit()

    result = rig.run()

    assert (result["redownloads_stored"], result["redownloads_rescheduled"]) == (0, 1)
    moved = rig.restorations()["S03E06"]
    assert moved.not_before == rig.bb.now + 10 * DAY
    assert moved.steps[-1]["step"] == "rescheduled"


def test_an_episode_removed_earlier_and_now_due_gets_a_restoration_once(rig: Rig) -> None:
    """S02E08 (Mom needs it in 3 days) lost its file to an older Tendarr deletion."""
    rt, ordinal = rig.bb.rt, 15
    s2e08 = rig.episode(ordinal)
    s2e08.file, s2e08.monitored = None, False
    item_id = rig.service().show(rig.bb.show_id).episodes[ordinal - 1].item_id
    target = {"arr": {"instance_id": "sonarr", "instance_name": "Sonarr", "kind": "sonarr",
                      "item_id": 7, "external_id": TVDB, "title": "Breaking Bad",
                      "episode_ids": [40_015], "file_ids": [50_015]}}  # fmt: skip
    with rt.uow() as uow:
        record = uow.deletions.add(
            NewDeletion(
                item_id, DeletionSource.RULE, "episode", "Breaking Bad — S02E08 — Episode 2x8",
                {"tvdb": TVDB, "tmdb": 1396, "item": item_id}, ("watched",), None,
                rig.bb.now - 20 * DAY, method=DeletionMethod.ARR_EPISODE_FILES, target=target,
            )
        )  # fmt: skip
        uow.deletions.save(dataclasses.replace(record, state=DeletionState.DONE))
        uow.commit()

    result = rig.run()

    assert result["redownload"] == 1  # the engine's SEARCH: due now
    due = rig.restorations()["S02E08"]
    assert (due.trigger_key, due.not_before) == (f"viper:{record.id}", search_at(15, rig.bb.now))
    assert due.not_before is not None
    assert due.not_before <= rig.bb.now
    assert rig.run()["redownloads_stored"] == 0  # open for the episode: nothing new
    assert rig.tick_and_restore()["states"] == {"done": 1}
    assert (s2e08.monitored, rig.searches()) == (True, [[40_015]])


def test_a_series_sonarr_no_longer_has_fails_with_the_reason_and_adds_nothing(
    rig: Rig,
) -> None:
    rig.run()
    assert rig.world.shows[0].sonarr is not None
    rig.world.shows[0].sonarr = None  # removed from Sonarr meanwhile (no exclusion)
    rig.bb.rt.clock.advance((10 * DAY).total_seconds() + 60)  # type: ignore[attr-defined]

    assert rig.tick_and_restore()["states"] == {"failed": 1}

    failed = rig.restorations()["S03E06"]
    assert failed.state is RestorationState.FAILED
    assert "no longer has the series Breaking Bad (TVDB 81189)" in (failed.detail or "")
    assert [s["step"] for s in failed.steps] == ["adding"]
    assert rig.world.shows[0].sonarr is None  # never added back
    assert rig.searches() == []


def test_a_manual_restore_of_a_pipeline_episode_deletion_monitors_and_searches_it(
    rig: Rig,
) -> None:
    """A record the pipeline wrote keeps its Sonarr target under ``arr``."""
    rig.run()
    with rig.bb.rt.uow() as uow:
        first = next(
            r for r in uow.deletions.history(limit=100, source=DeletionSource.VIPER)
            if r.title.startswith("Breaking Bad — S01E01")
        )  # fmt: skip
    assert rig.bb.rt.restorations is not None
    started = rig.bb.rt.restorations.restore_deletion(first.id, None, "admin")

    assert rig.tick_and_restore()["states"] == {"done": 1}

    with rig.bb.rt.uow() as uow:
        done = uow.restorations.get(started.id)
    assert done is not None
    assert done.state is RestorationState.DONE, done
    assert (rig.episode(1).monitored, rig.searches()) == (True, [[40_001]])


def test_measured_download_times_set_when_each_waiting_search_starts(rig: Rig) -> None:
    """Six downloads in Sonarr's history, 80th percentile 10 h: search 3 days 10 h ahead."""
    rig.downloads([12, 2, 8, 4, 10, 6])

    assert rig.run()["redownloads_stored"] == 37

    waiting = rig.restorations()
    for n in AHEAD:
        assert waiting[label(n)].not_before == search_at(n, rig.bb.now) + DAY - 10 * HOUR
    detail = rig.service().show(rig.bb.show_id)
    download = detail.summary.download
    assert (download.source, download.samples, download.hours) == ("measured", 6, 10.0)


def test_too_few_measured_downloads_plan_with_the_default(rig: Rig) -> None:
    rig.downloads([1, 1, 1, 1])

    rig.run()

    assert rig.restorations()["S03E06"].not_before == search_at(26, rig.bb.now)
    download = rig.service().show(rig.bb.show_id).summary.download
    assert (download.source, download.samples, download.hours) == ("default", 4, 24.0)
    assert "at least 5 needed" in download.reason


def test_a_waiting_redownload_no_viewer_needs_any_more_is_cancelled_and_a_new_plan_reopens_it(
    rig: Rig,
) -> None:
    """A month without watching: Mom is inactive. Searches still ahead are cancelled (the
    due ones run as planned); when she counts as active again, new ones are opened."""
    rig.run()
    before = rig.restorations()
    rig.bb.rt.clock.advance((31 * DAY).total_seconds() + 60)  # type: ignore[attr-defined]
    now = rig.bb.rt.clock.now()

    result = rig.run()

    assert result["redownloads_cancelled"] == 15  # S05E02-S05E16 (S05E01 is due: it runs)
    after = rig.restorations()
    for n in AHEAD:
        found = after[label(n)]
        assert found.id == before[label(n)].id
        waits = before[label(n)].not_before
        assert waits is not None
        if waits > now:
            assert found.state is RestorationState.CANCELLED, label(n)
            assert found.detail is not None
            assert f"no active viewer needs {label(n)} any more" in found.detail
            assert found.steps[-1]["step"] == "cancelled"
        else:
            assert found.state is RestorationState.QUEUED, label(n)
    assert after["S05E02"].state is RestorationState.CANCELLED
    assert after["S05E01"].state is RestorationState.QUEUED
    assert rig.run()["redownloads_cancelled"] == 0  # nothing waits twice

    rig.run(AUTOMATIC.model_copy(update={"active_viewer_days": 60}))  # Mom counts again

    with rig.bb.rt.uow() as uow:
        listed = uow.restorations.listing(limit=500)
    finale = [r for r in listed if "S05E16" in r.title]
    assert [r.state for r in finale] == [RestorationState.QUEUED, RestorationState.CANCELLED]
    reopened, cancelled = finale
    assert reopened.deletion_id == cancelled.deletion_id
    assert reopened.trigger_key == f"viper:{cancelled.deletion_id}:2"
    assert reopened.not_before is not None
    assert reopened.not_before > now
