"""The job system's services against a real database, with a hand-moved clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tendarr.bootstrap import Runtime
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.persistence.unit_of_work import NestedUnitOfWork, SqlUnitOfWorkFactory
from tendarr.services.run_job import Progress
from tendarr.services.schedule_periodic import (
    LEASE_TTL_SECONDS,
    PeriodicScheduler,
    PeriodicTask,
)
from tests.support import FakeClock, install_env, make_runtime, wait_for


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def rt(tmp_path: Path, database_url: str, clock: FakeClock) -> Iterator[Runtime]:
    runtime = make_runtime(install_env(tmp_path / "data", database_url), clock=clock)
    yield runtime
    runtime.close()


def uow_of(rt: Runtime) -> SqlUnitOfWorkFactory:
    return rt.uow


def demo(rt: Runtime, **payload: float) -> Job:
    body = {"steps": 3, "step_seconds": 0, **payload}
    return rt.jobs.submit("demo.count", body, priority=JobPriority.NORMAL, created_by="test")


def audit_count(rt: Runtime, action: str, job_id: int) -> int:
    with uow_of(rt)() as uow:
        entries = uow.audit.recent(500)
    return sum(1 for e in entries if e.action == action and e.target == f"job:{job_id}")


def test_job_runs_to_success_and_is_audited_once(rt: Runtime) -> None:
    job = demo(rt)
    assert rt.runner.run(job.id) is JobState.SUCCEEDED
    done = rt.jobs.get(job.id)
    assert done.state is JobState.SUCCEEDED
    assert (done.completed, done.total, done.progress) == (3, 3, 1.0)
    assert done.result == {"steps": 3, "attempt": 1}
    assert audit_count(rt, "job.succeeded", job.id) == 1


def test_duplicate_delivery_does_not_run_the_job_twice(rt: Runtime) -> None:
    job = demo(rt)
    rt.runner.run(job.id)
    assert rt.runner.run(job.id) is None
    assert rt.jobs.get(job.id).attempts == 1
    assert audit_count(rt, "job.succeeded", job.id) == 1


def test_failed_attempt_is_retried_after_backoff(rt: Runtime, clock: FakeClock) -> None:
    job = demo(rt, fail_attempts=1)
    assert rt.runner.run(job.id) is JobState.QUEUED
    waiting = rt.jobs.get(job.id)
    assert waiting.state is JobState.QUEUED
    assert waiting.error == "DemoFailure: simulated failure on attempt 1"
    assert waiting.run_after is not None
    assert (waiting.run_after - clock.now()).total_seconds() == pytest.approx(0.3)
    # huey carries the delayed message with an ETA; nothing consumes in this test, so both
    # the original delivery and the retry wait on the queue.
    assert rt.queue.pending("default") == 2
    assert rt.runner.run(job.id) is JobState.SUCCEEDED
    assert rt.jobs.get(job.id).attempts == 2


def test_job_fails_for_good_when_attempts_run_out(rt: Runtime) -> None:
    job = demo(rt, fail_attempts=5)
    states = [rt.runner.run(job.id) for _ in range(3)]
    assert states == [JobState.QUEUED, JobState.QUEUED, JobState.FAILED]
    failed = rt.jobs.get(job.id)
    assert failed.state is JobState.FAILED
    assert "attempt 3" in (failed.error or "")
    assert rt.runner.run(job.id) is None


def test_cancelling_a_queued_job_means_it_never_runs(rt: Runtime) -> None:
    job = demo(rt)
    assert rt.jobs.cancel(job.id, "test").state is JobState.CANCELLED
    assert rt.runner.run(job.id) is None
    assert rt.jobs.get(job.id).attempts == 0


def test_cancelling_a_running_job_stops_it_at_a_checkpoint(rt: Runtime) -> None:
    job = demo(rt, steps=400, step_seconds=0.02)
    outcome: list[JobState | None] = []
    worker = threading.Thread(target=lambda: outcome.append(rt.runner.run(job.id)))
    worker.start()
    wait_for(lambda: rt.jobs.get(job.id).completed > 0, message="job to start")
    rt.jobs.cancel(job.id, "test")
    worker.join(timeout=10)
    assert outcome == [JobState.CANCELLED]
    stopped = rt.jobs.get(job.id)
    assert stopped.state is JobState.CANCELLED
    assert stopped.completed < 400


def test_priority_change_and_retry_of_a_failed_job(rt: Runtime) -> None:
    job = demo(rt, fail_attempts=5)
    assert rt.jobs.set_priority(job.id, JobPriority.HIGH, "test").priority is JobPriority.HIGH
    for _ in range(3):
        rt.runner.run(job.id)
    retried = rt.jobs.retry(job.id, "test")
    assert (retried.state, retried.attempts, retried.error) == (JobState.QUEUED, 0, None)


def test_reaper_requeues_a_job_whose_worker_died(rt: Runtime, clock: FakeClock) -> None:
    job = demo(rt)
    with uow_of(rt)() as uow:  # a worker claims the job, then dies without a trace
        assert uow.jobs.claim(job.id, "dead-worker", "dead-lease", clock.now())
        uow.commit()
    assert rt.reaper.reap().requeued == []  # heartbeat still fresh
    clock.advance(3)  # stale_after is 2 s in tests
    report = rt.reaper.reap()
    assert report.requeued == [job.id]
    requeued = rt.jobs.get(job.id)
    assert requeued.state is JobState.QUEUED
    assert "dead-worker stopped responding" in (requeued.error or "")
    # The dead worker, should it wake up, can no longer report or finish.
    assert not rt.runner.write_progress(job.id, "dead-lease", Progress(completed=1, total=3))
    assert rt.runner.run(job.id) is JobState.SUCCEEDED
    assert rt.jobs.get(job.id).attempts == 2
    assert audit_count(rt, "job.succeeded", job.id) == 1


def test_reaper_fails_a_stale_job_without_attempts_left(rt: Runtime, clock: FakeClock) -> None:
    job = demo(rt)
    with uow_of(rt)() as uow:
        for attempt in range(3):
            uow.jobs.claim(job.id, "w", f"lease-{attempt}", clock.now())
            if attempt < 2:
                uow.jobs.requeue(job.id, f"lease-{attempt}", clock.now(), clock.now(), "x")
        uow.commit()
    clock.advance(3)
    assert rt.reaper.reap().failed == [job.id]
    assert rt.jobs.get(job.id).state is JobState.FAILED


def test_reaper_resends_a_job_whose_message_was_lost(rt: Runtime, clock: FakeClock) -> None:
    job = demo(rt)
    rt.queue.huey("default").flush()  # e.g. Redis restarted without persistence
    assert rt.reaper.reap().redispatched == []  # too young to call lost
    clock.advance(61)
    assert rt.reaper.reap().redispatched == [job.id]
    assert rt.queue.pending("default") == 1


def test_only_the_lease_holder_runs_periodic_work(rt: Runtime, clock: FakeClock) -> None:
    runs: list[str] = []
    uow = uow_of(rt)

    def scheduler(node: str) -> PeriodicScheduler:
        task = PeriodicTask("count", lambda: LEASE_TTL_SECONDS / 2, lambda: runs.append(node))
        return PeriodicScheduler(uow, clock, node, [task])

    a, b = scheduler("node-a"), scheduler("node-b")
    assert a.tick() == ["count"]
    assert b.tick() == []
    clock.advance(LEASE_TTL_SECONDS * 0.75)
    assert b.tick() == []  # a still holds the lease (renewed on its last tick)
    assert a.tick() == ["count"]
    clock.advance(LEASE_TTL_SECONDS + 1)  # a died: its lease expired
    assert b.tick() == ["count"]
    assert runs == ["node-a", "node-a", "node-b"]


def test_nested_unit_of_work_fails_fast_instead_of_deadlocking(rt: Runtime) -> None:
    factory = uow_of(rt)
    with factory(), pytest.raises(NestedUnitOfWork), factory():
        pass
