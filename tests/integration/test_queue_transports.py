"""Each queue transport delivers job ids by priority to an in-process worker pool."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis

from tendarr.bootstrap import Runtime, build_worker_pool
from tendarr.domain.jobs import JobPriority, JobState
from tendarr.jobs.transport import HueyJobQueue, queue_kind
from tests.support import REDIS_ENV, install_env, make_runtime, postgres_schema, wait_for

NEVER = datetime.max.replace(tzinfo=UTC)


@pytest.fixture(params=["sqlite", "redis", "postgresql"])
def queue_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'queue.db'}"
    elif request.param == "redis":
        url = os.environ.get(REDIS_ENV)
        if not url:
            pytest.skip(f"{REDIS_ENV} is not set; the Redis transport is skipped")
        redis.Redis.from_url(url).flushdb()
        yield url
        redis.Redis.from_url(url).flushdb()
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture
def rt(tmp_path: Path, queue_url: str) -> Iterator[Runtime]:
    runtime = make_runtime(
        install_env(tmp_path / "data", f"sqlite:///{tmp_path}/t.db", TENDARR_QUEUE_URL=queue_url)
    )
    yield runtime
    runtime.close()


def test_queue_kind_from_url() -> None:
    assert queue_kind("redis://h:1/0") == "redis"
    assert queue_kind("rediss://h:1/0") == "redis"
    assert queue_kind("postgres://h/db") == "postgresql"
    assert queue_kind("sqlite:////tmp/q.db") == "sqlite"


def test_high_priority_jobs_are_taken_first(rt: Runtime, queue_url: str) -> None:
    assert rt.queue.kind == queue_kind(queue_url)
    low = [
        rt.jobs.submit(
            "demo.count", {"steps": 1, "step_seconds": 0}, priority=JobPriority.LOW, created_by="t"
        )
        for _ in range(3)
    ]
    high = rt.jobs.submit(
        "demo.count", {"steps": 1, "step_seconds": 0}, priority=JobPriority.HIGH, created_by="t"
    )
    assert rt.queue.pending("default") == 4
    pool = build_worker_pool(rt, ["default"], threads=1)
    pool.start()
    try:
        done = wait_for(
            lambda: (
                all(
                    (d := [rt.jobs.get(j.id) for j in [*low, high]])[i].state is JobState.SUCCEEDED
                    for i in range(4)
                )
                and d
            ),
            message="all jobs to succeed",
        )
    finally:
        pool.stop()
    started = sorted(done, key=lambda j: (j.started_at is None, j.started_at or NEVER))
    assert started[0].id == high.id


def test_unsupported_queue_url_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        HueyJobQueue("amqp://x").huey("default")
