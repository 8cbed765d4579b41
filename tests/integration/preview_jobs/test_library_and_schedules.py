"""Full-library and recently-added runs over the synced library, item lookups, schedules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.jobs import JobPriority, JobState
from tendarr.domain.previews.schedules import ScheduleKind, ScheduleSpec
from tendarr.domain.previews.work import LIBRARY_JOB, RECENT_JOB, FileStatus, ItemRef
from tests.preview_support import PreviewStack, add_library_file, add_server


def library_run(stack: PreviewStack, **options: object) -> int:
    job = stack.previews.submit_library(
        server_id=None, library_id=None, force=bool(options.get("force", False)),
        priority=JobPriority.LOW, created_by="test",
    )  # fmt: skip
    stack.run(job.id)
    return job.id


def test_full_library_run_takes_missing_or_stale_files_only(stack: PreviewStack) -> None:
    add_server(stack.rt)
    now = stack.clock.now()
    add_library_file(stack.rt, "plex-1", "1", "100", "/data/movies/A/A.mkv", now)
    add_library_file(stack.rt, "plex-1", "1", "101", "/data/movies/B/B.mkv", now)
    add_library_file(stack.rt, "plex-1", "2", "200", "/data/tv/S/e1.mkv", now)  # disabled library
    first = library_run(stack)
    result = stack.jobs.get(first).result or {}
    assert (result["generated"], result["total"], result["skipped_fresh"]) == (2, 2, 0)
    assert sorted(stack.generator.paths()) == ["/media/movies/A/A.mkv", "/media/movies/B/B.mkv"]
    second = library_run(stack)
    result = stack.jobs.get(second).result or {}
    assert (result["total"], result["skipped_fresh"]) == (0, 2)
    stack.stamper.changed.add("/media/movies/A/A.mkv")  # Radarr replaced the file
    third = library_run(stack)
    assert stack.jobs.get(third).result == stack.jobs.get(third).result
    assert [o.path for o in stack.previews.outcomes(third).items] == ["/media/movies/A/A.mkv"]
    stack.rt.settings.update({"previews": {"interval_seconds": 5}}, "test")
    fourth = library_run(stack)
    assert stack.previews.outcomes(fourth).total == 2  # a settings change makes all stale
    forced = library_run(stack, force=True)
    assert stack.previews.outcomes(forced).total == 2


def test_recently_added_run_uses_the_lookback(stack: PreviewStack) -> None:
    add_server(stack.rt)
    now = stack.clock.now()
    add_library_file(stack.rt, "plex-1", "1", "100", "/data/new.mkv", now - timedelta(hours=2))
    add_library_file(stack.rt, "plex-1", "1", "101", "/data/old.mkv", now - timedelta(hours=48))
    job = stack.previews.submit_library(
        server_id="plex-1", library_id="1", force=False, priority=JobPriority.NORMAL,
        created_by="test", lookback_hours=24,
    )  # fmt: skip
    assert job.type == RECENT_JOB
    stack.run(job.id)
    assert [o.path for o in stack.previews.outcomes(job.id).items] == ["/media/new.mkv"]


def test_media_server_items_resolve_through_the_library(stack: PreviewStack) -> None:
    add_server(stack.rt)
    add_library_file(stack.rt, "plex-1", "1", "153038", "/data/x.mkv", stack.clock.now())
    job = stack.previews.submit_paths(
        [], origin="webhook:plex", title=None, force=False, priority=JobPriority.HIGH,
        items=[ItemRef("plex-1", "153038"), ItemRef("plex-1", "999")],
    )  # fmt: skip
    stack.run(job.id)
    found = {o.path: o.status for o in stack.previews.outcomes(job.id).items}
    assert found == {
        "plex-1: item 999": FileStatus.NOT_INDEXED,
        "/media/x.mkv": FileStatus.GENERATED,
    }
    [retry] = stack.pending.pending()
    assert retry.items == ({"server_id": "plex-1", "native_id": "999"},)


def test_schedule_crud_due_and_runs(stack: PreviewStack) -> None:
    stack.clock.current = datetime(2026, 1, 1, 1, 30, tzinfo=UTC)
    nightly = stack.schedules.create(ScheduleSpec("Nightly", cron="0 2 * * *"), "admin")
    assert nightly.next_run_at == datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
    recent = stack.schedules.create(
        ScheduleSpec("Recent", ScheduleKind.RECENTLY_ADDED, interval_seconds=900,
                     lookback_hours=1.0), "admin",
    )  # fmt: skip
    assert stack.schedules.due(stack.clock.now()) == []
    stack.clock.advance(31 * 60)
    assert {s.id for s in stack.schedules.due(stack.clock.now())} == {nightly.id, recent.id}
    started = stack.schedules.run_due()
    assert sorted(j.type for j in started) == [LIBRARY_JOB, RECENT_JOB]
    after = stack.schedules.get(nightly.id)
    assert after.next_run_at == datetime(2026, 1, 2, 2, 0, tzinfo=UTC)
    assert after.last_status == f"started job {after.last_job_id}"
    # The recent schedule is due again in 15 minutes, but its job has not run yet.
    stack.clock.advance(15 * 60)
    assert stack.schedules.run_due() == []
    skipped = stack.schedules.get(recent.id)
    assert skipped.last_status is not None
    assert skipped.last_status.startswith("skipped: job")
    stack.run(skipped.last_job_id or 0)
    stack.clock.advance(15 * 60)
    assert [j.type for j in stack.schedules.run_due()] == [RECENT_JOB]


def test_schedule_run_now_disable_and_delete(stack: PreviewStack) -> None:
    schedule = stack.schedules.create(ScheduleSpec("Weekly", cron="0 3 * * SUN"), "admin")
    job = stack.schedules.run_now(schedule.id, "admin")
    assert job.payload["schedule_id"] == schedule.id
    assert job.title == "Previews: Weekly"
    assert stack.schedules.get(schedule.id).next_run_at == schedule.next_run_at
    off = stack.schedules.set_enabled(schedule.id, False, "admin")
    assert (off.spec.enabled, off.next_run_at) == (False, None)
    stack.clock.advance(8 * 86400)
    assert stack.schedules.due(stack.clock.now()) == []
    stack.schedules.delete(schedule.id, "admin")
    with pytest.raises(NotFound):
        stack.schedules.get(schedule.id)
    with pytest.raises(ValidationFailed, match="no server"):
        stack.schedules.create(ScheduleSpec("X", interval_seconds=600, server_id="nope"), "a")
    stack.run(job.id)
    assert stack.jobs.get(job.id).state is JobState.SUCCEEDED
