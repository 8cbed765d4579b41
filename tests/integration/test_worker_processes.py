"""Real ``tendarr worker`` processes: crash recovery and sharing a Redis queue."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tendarr.bootstrap import Runtime
from tendarr.domain.jobs import Job, JobPriority, JobState
from tests.processes import running
from tests.support import REDIS_ENV, install_env, make_runtime, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return install_env(tmp_path / "data", database_url)


@pytest.fixture
def observer(env: dict[str, str]) -> Iterator[Runtime]:
    """The test's own view of the installation: submits jobs and reads the tables."""
    rt = make_runtime(env)
    yield rt
    rt.close()


def audit_actions(rt: Runtime, job_id: int) -> list[str]:
    with rt.uow() as uow:
        return [e.action for e in uow.audit.recent(1000) if e.target == f"job:{job_id}"]


def submit(rt: Runtime, steps: int, step_seconds: float) -> Job:
    payload = {"steps": steps, "step_seconds": step_seconds}
    return rt.jobs.submit("demo.count", payload, priority=JobPriority.NORMAL, created_by="t")


def test_job_of_a_killed_worker_reruns_to_completion_exactly_once(
    tmp_path: Path, env: dict[str, str], observer: Runtime
) -> None:
    job = submit(observer, steps=40, step_seconds=0.1)
    with running(["worker", "--threads", "1"], env, tmp_path / "a.log") as first:
        mid = wait_for(
            lambda: (j := observer.jobs.get(job.id)).completed >= 5 and j,
            timeout=30,
            message="the first worker to be mid-job",
        )
        assert mid.state is JobState.RUNNING
        first.kill()
    doomed_worker = mid.worker
    assert observer.jobs.get(job.id).state is JobState.RUNNING  # nobody knows yet

    with running(["worker", "--threads", "1"], env, tmp_path / "b.log") as second:
        done = wait_for(
            lambda: (j := observer.jobs.get(job.id)).state.is_terminal and j,
            timeout=60,
            message="the job to finish on the second worker",
        )
        assert second.proc.poll() is None

    assert done.state is JobState.SUCCEEDED, done.error
    assert done.attempts == 2
    assert done.worker != doomed_worker
    assert done.result == {"steps": 40, "attempt": 2}
    events = [h["event"] for h in done.history]
    assert events.count("started") == 2
    assert events.count("requeued") == 1
    assert events.count("succeeded") == 1
    requeue = next(h for h in done.history if h["event"] == "requeued")
    assert f"worker {doomed_worker} stopped responding" in requeue["reason"]
    actions = audit_actions(observer, job.id)
    assert actions.count("job.reaped") == 1
    assert actions.count("job.succeeded") == 1


@pytest.fixture
def redis_url() -> Iterator[str]:
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"{REDIS_ENV} is not set; the Redis queue tests are skipped")
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


def test_two_workers_share_jobs_from_redis(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    env = install_env(tmp_path / "data", database_url, TENDARR_QUEUE_URL=redis_url)
    rt = make_runtime(env)
    try:
        assert rt.queue.kind == "redis"
        with (
            running(["worker", "--threads", "1"], env, tmp_path / "w1.log"),
            running(["worker", "--threads", "1"], env, tmp_path / "w2.log"),
        ):
            wait_for(
                lambda: len(rt.status.status().workers) == 2,
                timeout=30,
                message="both workers to announce themselves",
            )
            jobs = [submit(rt, steps=4, step_seconds=0.1) for _ in range(8)]
            finished = wait_for(
                lambda: (
                    all(
                        (d := [rt.jobs.get(j.id) for j in jobs])[i].state.is_terminal
                        for i in range(len(jobs))
                    )
                    and d
                ),
                timeout=60,
                message="all jobs to finish",
            )
        assert {j.state for j in finished} == {JobState.SUCCEEDED}
        assert {j.attempts for j in finished} == {1}  # no job ran twice
        assert len({j.worker for j in finished}) == 2  # both workers took a share
        for job in finished:
            assert audit_actions(rt, job.id).count("job.succeeded") == 1
    finally:
        rt.close()
