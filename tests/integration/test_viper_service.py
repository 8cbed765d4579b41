"""VIPER over real storage: inputs from the library, the household and a fake Sonarr."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest

from tendarr.app_settings import ViperSettings
from tendarr.bootstrap import Runtime
from tendarr.domain.errors import Conflict, NotFound
from tendarr.domain.jobs import JobState
from tendarr.ports.deletions import DeletionRecord
from tendarr.ports.job_queue import JobContext
from tendarr.services.deletion_ledger import DeletionOrder
from tendarr.services.now_playing import Sessions
from tendarr.services.viper import EpisodeView, ShowDetail
from tendarr.services.viper_redownloads import ViperRedownloads
from tendarr.services.viper_run import ViperRun
from tests.integration import test_household_sync as household_fixtures
from tests.integration.test_sync_library import Ctx
from tests.integration.viper_household import (
    DAY,
    Household,
    breaking_bad,
    label,
    labels,
    record_household_sync,
)

rt = household_fixtures.rt


@pytest.fixture
def bb(rt: Runtime) -> Household:
    return breaking_bad(rt)


def by_action(detail: ShowDetail, action: str) -> list[str]:
    return [e.label for e in detail.episodes if e.action == action]


def episode(detail: ShowDetail, name: str) -> EpisodeView:
    return next(e for e in detail.episodes if e.label == name)


def search_at(detail: ShowDetail, name: str) -> datetime:
    plan = episode(detail, name).redownload
    assert plan is not None
    return plan.search_at


def test_breaking_bad_household_gets_exactly_the_seeds_outcome(bb: Household) -> None:
    detail = bb.service().show(bb.show_id)

    assert by_action(detail, "delete") == ["S01E01", "S01E02", *labels(26, 62)]
    assert by_action(detail, "keep") == labels(3, 25)
    teen, mom, dad = bb.key("teen"), bb.key("mom"), bb.key("dad")
    keepers = {e.label: e.keepers for e in detail.episodes if e.action == "keep"}
    assert all(keepers[n] == (teen,) for n in labels(3, 11))
    assert all(set(keepers[n]) == {mom, teen} for n in labels(12, 16))
    assert all(keepers[n] == (mom,) for n in labels(17, 25))
    assert all(e.unmonitor for e in detail.episodes if e.action == "delete")
    assert all(e.item_id is not None for e in detail.episodes)
    first = episode(detail, "S01E01")
    assert (first.reasons[0].code, first.redownload) == ("everyone_past", None)
    s3e06 = episode(detail, "S03E06")
    assert s3e06.redownload is not None
    assert s3e06.redownload.viewer == mom
    assert s3e06.redownload.need_at == bb.now + 14 * DAY
    assert s3e06.redownload.search_at == bb.now + 10 * DAY
    assert {r.viewer_name for r in s3e06.reasons} == {"mom", "teen"}
    assert "(mom)" in s3e06.reasons[0].text or "(teen)" in s3e06.reasons[0].text

    viewers = {v.name: v for v in detail.summary.viewers}
    assert viewers["teen"].bubble == (3, 16)
    assert viewers["teen"].position_label == "S01E03"
    assert viewers["mom"].bubble == (12, 25)
    assert viewers["mom"].position_label == "S02E05"
    assert viewers["mom"].velocity_per_day == pytest.approx(1.0)
    assert viewers["mom"].velocity_class == "measured"
    assert viewers["teen"].velocity_class == "estimated"
    assert viewers["dad"].finished
    assert viewers["dad"].bubble is None
    assert viewers["dad"].key == dad
    assert (detail.summary.kept, detail.summary.deletable) == (23, 39)
    assert detail.summary.notes == ()


def test_overview_lists_the_show_with_its_viewers_and_counts(bb: Household) -> None:
    shows = bb.service().overview()

    assert [s.title for s in shows] == ["Breaking Bad"]
    summary = shows[0]
    assert (summary.item_id, summary.tvdb_id, summary.episode_count) == (bb.show_id, 81189, 62)
    assert (summary.kept, summary.deletable, summary.redownload, summary.planned) == (23, 39, 0, 0)
    assert sorted(v.name for v in summary.viewers) == ["dad", "mom", "teen"]
    assert bb.sonarr.calls == ["all_series", "episodes:7", "download_durations:20"]  # once


def test_measured_download_times_move_the_search_earlier(bb: Household) -> None:
    """The 80th percentile of the last downloads: 10 h of 2, 4, 6, 8, 10 and 12 h."""
    bb.sonarr.durations = [timedelta(hours=h) for h in (12, 2, 8, 4, 10, 6)]

    detail = bb.service().show(bb.show_id)

    s3e06 = episode(detail, "S03E06")
    assert s3e06.redownload is not None
    assert s3e06.redownload.need_at == bb.now + 14 * DAY
    assert s3e06.redownload.search_at == bb.now + 11 * DAY - timedelta(hours=10)
    download = detail.summary.download
    assert (download.hours, download.source, download.samples) == (10.0, "measured", 6)
    assert download.reason == "measured: 80th percentile of the last 6 downloads in Sonarr"
    assert by_action(detail, "delete") == ["S01E01", "S01E02", *labels(26, 62)]


def test_a_slow_sonarr_searches_sooner(bb: Household) -> None:
    """Five days to download: S03E06 (needed in 14 days) is still deletable, searched at 6."""
    bb.sonarr.durations = [timedelta(days=5)] * 5
    detail = bb.service().show(bb.show_id)

    s3e06 = episode(detail, "S03E06")
    assert s3e06.redownload is not None
    assert s3e06.redownload.search_at == bb.now + 6 * DAY
    assert detail.summary.download.hours == 120.0


def test_too_few_downloads_use_the_default_with_the_reason(bb: Household) -> None:
    bb.sonarr.durations = [timedelta(hours=1)] * 4

    detail = bb.service().show(bb.show_id)

    assert search_at(detail, "S03E06") == bb.now + 10 * DAY
    download = detail.summary.download
    assert (download.hours, download.source, download.samples) == (24.0, "default", 4)
    assert download.reason == (
        "default: Sonarr lists 4 completed downloads in 90 days, at least 5 needed"
    )


def test_a_history_sonarr_cannot_answer_uses_the_default_with_the_reason(bb: Household) -> None:
    bb.sonarr.durations = [timedelta(hours=1)] * 10
    bb.sonarr.history_down = True

    detail = bb.service().show(bb.show_id)

    assert search_at(detail, "S03E06") == bb.now + 10 * DAY
    download = detail.summary.download
    assert (download.hours, download.source) == (24.0, "default")
    assert download.reason.startswith("default: Sonarr could not list its downloads: ")
    assert by_action(detail, "delete") == ["S01E01", "S01E02", *labels(26, 62)]


def test_watch_history_never_synced_keeps_everything_with_the_reason(rt: Runtime) -> None:
    bb = breaking_bad(rt, synced=False)
    detail = bb.service().show(bb.show_id)

    assert by_action(detail, "keep") == labels(1, 62)
    assert all(e.reasons[0].code == "unknown_watch_data" for e in detail.episodes)
    assert detail.summary.notes == ("watch history unknown: watch history of jf has never synced",)


def test_a_failed_latest_household_sync_keeps_everything(bb: Household) -> None:
    bb.rt.clock.advance(60)  # type: ignore[attr-defined]
    record_household_sync(bb.rt, JobState.FAILED)
    detail = bb.service().show(bb.show_id)

    assert by_action(detail, "delete") == []
    assert "the latest household sync of jf failed" in detail.summary.notes[0]


def test_sonarr_down_keeps_everything_and_says_so(bb: Household) -> None:
    bb.sonarr.down = True
    detail = bb.service().show(bb.show_id)

    assert by_action(detail, "keep") == labels(1, 62)
    assert all("unknown_file" in {r.code for r in e.reasons} for e in detail.episodes)
    assert detail.summary.notes == ("Sonarr unreachable (Sonarr: connection refused)",)
    # The bubbles are still drawn from the library's episode order.
    viewers = {v.name: v for v in detail.summary.viewers}
    assert viewers["mom"].bubble == (12, 25)


def test_a_server_that_cannot_say_what_is_playing_keeps_everything(bb: Household) -> None:
    bb.sessions = Sessions([], {"jf": "timed out"})
    detail = bb.service().show(bb.show_id)

    assert by_action(detail, "delete") == []
    assert all("unknown_playing" in {r.code for r in e.reasons} for e in detail.episodes)


def test_an_inactive_viewer_keeps_nothing_and_a_tighter_buffer_frees_more(bb: Household) -> None:
    settings = ViperSettings(active_viewer_days=10, days_buffer=5)
    detail = bb.service(settings).show(bb.show_id)

    # Teen paused 14 days ago: inactive with a 10-day window. Mom: ceil(1 x 5) + 3 = 8 ahead.
    assert by_action(detail, "keep") == labels(12, 20)
    assert {v.name: v.active for v in detail.summary.viewers}["teen"] is False


def test_a_protected_show_is_kept_whole(bb: Household) -> None:
    from tendarr.persistence.lifecycle_tables import ProtectionRow

    with bb.rt.uow() as uow:
        session = uow._session  # type: ignore[attr-defined]
        session.add(
            ProtectionRow(
                media_item_id=None, ids_key="tmdb:1396", ids={"tmdb": 1396}, kind="show",
                title="Breaking Bad", created_at=bb.now, arr_status={},
            )
        )  # fmt: skip
        uow.commit()
    detail = bb.service().show(bb.show_id)

    assert by_action(detail, "delete") == []
    assert all(e.reasons[0].code == "protected" for e in detail.episodes)


def test_show_of_an_unknown_item_or_a_non_show_is_not_found(bb: Household) -> None:
    service = bb.service()
    episode_id = service.show(bb.show_id).episodes[0].item_id
    assert episode_id is not None
    with pytest.raises(NotFound):
        service.show(episode_id)
    with pytest.raises(NotFound):
        service.show(999_999)


class Pipeline:
    def __init__(self) -> None:
        self.orders: list[DeletionOrder] = []

    def execute(
        self, orders: Sequence[DeletionOrder], ctx: JobContext | None = None
    ) -> list[DeletionRecord]:
        self.orders.extend(orders)
        return []


def redownloads(bb: Household) -> ViperRedownloads:
    return ViperRedownloads(bb.rt.uow, bb.rt.clock)


def test_dry_run_job_records_counts_and_hands_nothing_on(bb: Household) -> None:
    pipeline = Pipeline()
    run = ViperRun(bb.service(), lambda: ViperSettings(), pipeline, redownloads(bb))
    result = run(Ctx(), {})

    assert result["mode"] == "dry_run"
    assert (result["kept"], result["deletable"], result["handed_to_pipeline"]) == (23, 39, 0)
    assert result["watch_history"] == "known"
    assert pipeline.orders == []


def test_automatic_job_hands_every_deletable_episode_to_the_pipeline(bb: Household) -> None:
    pipeline = Pipeline()
    settings = ViperSettings(mode="automatic")
    run = ViperRun(bb.service(settings), lambda: settings, pipeline, redownloads(bb))
    result = run(Ctx(), {})

    assert result["handed_to_pipeline"] == 39
    detail = bb.service().show(bb.show_id)
    ids = {e.item_id: e.label for e in detail.episodes}
    assert [ids[o.media_item_id] for o in pipeline.orders] == ["S01E01", "S01E02", *labels(26, 62)]
    assert all(o.source.value == "viper" for o in pipeline.orders)
    assert pipeline.orders[2].reasons[0] == "VIPER: unmonitor"
    assert any("ahead of" in r or "outside every bubble" in r for r in pipeline.orders[2].reasons)


def test_automatic_job_without_the_pipeline_fails_loudly(bb: Household) -> None:
    settings = ViperSettings(mode="automatic")
    with pytest.raises(Conflict):
        ViperRun(bb.service(settings), lambda: settings, None, redownloads(bb))(Ctx(), {})


def test_label_helper_matches_the_order() -> None:
    assert (label(1), label(8), label(62)) == ("S01E01", "S02E01", "S05E16")
    assert timedelta(days=1) == DAY
