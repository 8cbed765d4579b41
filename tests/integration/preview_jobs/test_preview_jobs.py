"""Preview job handlers against a real database: outcomes, freshness, exclusions, failures,
not-indexed back-off, cancellation, pause and quiet hours."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from tendarr.domain.jobs import JobPriority, JobState
from tendarr.domain.previews.work import FileStatus
from tendarr.services.preview_jobs import OutcomePage
from tests.preview_support import PreviewStack
from tests.support import wait_for


def submit(stack: PreviewStack, *paths: str, force: bool = False) -> int:
    job = stack.previews.submit_paths(
        list(paths), origin="manual", title=None, force=force, priority=JobPriority.NORMAL
    )
    return job.id


def outcomes(stack: PreviewStack, job_id: int) -> dict[str, tuple[FileStatus, str | None]]:
    page: OutcomePage = stack.previews.outcomes(job_id, limit=500)
    return {o.path: (o.status, o.reason) for o in page.items}


def test_paths_are_generated_then_fresh_on_the_next_run(stack: PreviewStack) -> None:
    first = submit(stack, "/media/a.mkv", "/media/b.mkv")
    stack.run(first)
    job = stack.jobs.get(first)
    assert job.state is JobState.SUCCEEDED
    assert (job.completed, job.total, job.failed) == (2, 2, 0)
    assert job.result is not None
    assert job.result["generated"] == 2
    assert {s for s, _ in outcomes(stack, first).values()} == {FileStatus.GENERATED}
    assert sorted(stack.published) == ["/media/a.mkv", "/media/b.mkv"]  # e.g. Jellyfin told
    second = submit(stack, "/media/a.mkv")
    stack.run(second)
    assert outcomes(stack, second) == {"/media/a.mkv": (FileStatus.FRESH, None)}
    assert stack.generator.calls[-1] == ("/media/a.mkv", "fp:/media/a.mkv", False)
    forced = submit(stack, "/media/a.mkv", force=True)
    stack.run(forced)
    assert outcomes(stack, forced)["/media/a.mkv"][0] is FileStatus.GENERATED


def test_exclusions_failures_and_unwanted_files_are_recorded(stack: PreviewStack) -> None:
    stack.rt.settings.update(
        {"previews": {"exclude_prefixes": ["/media/skip"], "exclude_patterns": [r"\.iso$"]}},
        "test",
    )
    stack.generator.failing["/media/broken.mkv"] = "empty file (0 bytes)"
    stack.resolver.unowned.add("/elsewhere/x.mkv")
    stack.resolver.switched_off.add("/media/off.mkv")
    job_id = submit(
        stack, "/media/skip/a.mkv", "/media/disc.iso", "/media/broken.mkv", "/elsewhere/x.mkv",
        "/media/off.mkv", "/media/good.mkv",
    )  # fmt: skip
    stack.run(job_id)
    found = outcomes(stack, job_id)
    assert found["/media/skip/a.mkv"] == (
        FileStatus.EXCLUDED,
        "excluded by path prefix /media/skip",
    )
    assert found["/media/disc.iso"][0] is FileStatus.EXCLUDED
    assert found["/media/broken.mkv"] == (FileStatus.FAILED, "empty file (0 bytes)")
    assert found["/elsewhere/x.mkv"][0] is FileStatus.FAILED
    assert "no configured media server owns" in (found["/elsewhere/x.mkv"][1] or "")
    assert found["/media/off.mkv"] == (
        FileStatus.EXCLUDED,
        "plex-1: Plex BIF output is switched off",
    )
    assert found["/media/good.mkv"][0] is FileStatus.GENERATED
    assert "/media/skip/a.mkv" not in stack.resolver.calls  # excluded before any lookup
    job = stack.jobs.get(job_id)
    assert job.state is JobState.SUCCEEDED
    assert (job.completed, job.failed) == (6, 2)
    page = stack.previews.outcomes(job_id, [FileStatus.FAILED], limit=1, offset=0)
    assert page.total == 2
    assert len(page.items) == 1
    assert page.counts[FileStatus.EXCLUDED] == 3


def test_retry_failed_and_reprocess(stack: PreviewStack) -> None:
    stack.generator.failing["/media/broken.mkv"] = "decoder crashed"
    job_id = submit(stack, "/media/broken.mkv", "/media/ok.mkv")
    stack.run(job_id)
    del stack.generator.failing["/media/broken.mkv"]
    retry = stack.previews.retry_failed(job_id, "admin")
    assert retry.payload["paths"] == ["/media/broken.mkv"]
    stack.run(retry.id)
    assert outcomes(stack, retry.id) == {"/media/broken.mkv": (FileStatus.GENERATED, None)}
    again = stack.previews.reprocess(job_id, "admin")
    assert again.payload["force"] is True
    stack.run(again.id)
    assert {s for s, _ in outcomes(stack, again.id).values()} == {FileStatus.GENERATED}


def test_not_indexed_files_come_back_with_backoff_until_attempts_run_out(
    stack: PreviewStack,
) -> None:
    stack.rt.settings.update(
        {"previews": {"not_indexed_attempts": 2, "not_indexed_retry_seconds": 60}}, "test"
    )
    stack.resolver.not_indexed.add("/media/new.mkv")
    first = submit(stack, "/media/new.mkv", "/media/old.mkv")
    stack.run(first)
    status, reason = outcomes(stack, first)["/media/new.mkv"]
    assert status is FileStatus.NOT_INDEXED
    assert reason == "plex-1: not indexed yet; retry 1 of 2 in 60 s"
    [batch] = stack.pending.pending()
    assert (batch.key, batch.paths, batch.attempt) == (f"retry:{first}", ("/media/new.mkv",), 1)
    assert stack.pending.fire_due() == []
    stack.clock.advance(61)
    [second] = stack.pending.fire_due()
    assert second.payload["attempt"] == 1
    assert second.payload["retry_of"] == first
    stack.run(second.id)
    assert outcomes(stack, second.id)["/media/new.mkv"][1] == (
        "plex-1: not indexed yet; retry 2 of 2 in 120 s"
    )
    stack.clock.advance(121)
    [third] = stack.pending.fire_due()
    stack.run(third.id)
    assert outcomes(stack, third.id)["/media/new.mkv"][1] == (
        "plex-1: not indexed yet; gave up after 2 retries"
    )
    assert stack.pending.pending() == []
    assert stack.jobs.get(third.id).result == {
        "generated": 0, "fresh": 0, "excluded": 0, "not_indexed": 1, "failed": 0, "total": 1,
        "skipped_fresh": 0, "retry_scheduled": False,
    }  # fmt: skip


def test_indexed_on_retry_generates(stack: PreviewStack) -> None:
    stack.resolver.not_indexed.add("/media/new.mkv")
    first = submit(stack, "/media/new.mkv")
    stack.run(first)
    stack.resolver.not_indexed.clear()
    [retry] = stack.pending.fire_now()
    stack.run(retry.id)
    assert outcomes(stack, retry.id) == {"/media/new.mkv": (FileStatus.GENERATED, None)}


def test_cancelling_a_running_job_stops_the_file_in_progress(stack: PreviewStack) -> None:
    stack.generator.hold = threading.Event()
    job_id = submit(stack, "/media/a.mkv", "/media/b.mkv", "/media/c.mkv")
    worker = threading.Thread(target=stack.run, args=(job_id,))
    worker.start()
    assert stack.generator.busy.wait(10)
    stack.jobs.cancel(job_id, "admin")
    stack.runner.beat(job_id, "")  # the heartbeat thread would notice within seconds
    worker.join(timeout=30)
    assert not worker.is_alive()
    job = stack.jobs.get(job_id)
    assert job.state is JobState.CANCELLED
    assert stack.previews.outcomes(job_id).items == []  # the interrupted file is not recorded
    assert stack.generator.paths() == ["/media/a.mkv"]


def test_pause_holds_new_files_until_resumed(stack: PreviewStack) -> None:
    stack.previews.pause("admin")
    assert stack.previews.paused()
    job_id = submit(stack, "/media/a.mkv")
    seen: list[str | None] = []

    def resume_after_three_waits() -> None:
        time.sleep(0.25)  # the runner writes progress at most every 0.2 s
        seen.append(stack.jobs.get(job_id).current_item)
        if len(seen) == 3:
            stack.previews.resume("admin")

    stack.on_sleep.append(resume_after_three_waits)
    stack.run(job_id)
    assert "paused" in seen
    assert len(stack.sleeps) == 3
    assert stack.jobs.get(job_id).state is JobState.SUCCEEDED
    assert outcomes(stack, job_id)["/media/a.mkv"][0] is FileStatus.GENERATED
    state = stack.previews.processing()
    assert not state.paused
    assert state.blocked_reason is None


def test_quiet_hours_across_midnight_delay_work_without_failing(stack: PreviewStack) -> None:
    stack.rt.settings.update(
        {"previews": {"quiet_hours_start": "23:00", "quiet_hours_end": "06:00"}}, "test"
    )
    stack.clock.current = datetime(2026, 1, 1, 23, 30, tzinfo=UTC)
    state = stack.previews.processing()
    assert state.quiet_now
    assert state.quiet_until == datetime(2026, 1, 2, 6, 0, tzinfo=UTC)
    assert state.blocked_reason == "quiet hours until 2026-01-02T06:00+00:00"
    job_id = submit(stack, "/media/a.mkv")
    stack.on_sleep.append(lambda: stack.clock.advance(3600))
    stack.run(job_id)
    assert stack.jobs.get(job_id).state is JobState.SUCCEEDED
    assert stack.clock.now() >= datetime(2026, 1, 2, 6, 0, tzinfo=UTC)
    assert stack.generator.paths() == ["/media/a.mkv"]


def test_several_workers_process_files_concurrently(stack: PreviewStack) -> None:
    stack.rt.settings.update({"previews": {"cpu_workers": 3}}, "test")
    job_id = submit(stack, *(f"/media/{n}.mkv" for n in range(10)))
    stack.run(job_id)
    assert len(outcomes(stack, job_id)) == 10
    wait_for(lambda: stack.jobs.get(job_id).state is JobState.SUCCEEDED)
