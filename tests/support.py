"""Shared test helpers: databases, runtimes and clients against real SQLite/PostgreSQL."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

from tendarr.bootstrap import Runtime, build_runtime
from tendarr.settings import load_infra_settings

POSTGRES_ENV = "TENDARR_TEST_POSTGRES_URL"
REDIS_ENV = "TENDARR_TEST_REDIS_URL"
ADMIN = {"username": "admin", "password": "correct-horse-battery"}

# Short job timings so retries, heartbeats and the reaper show up within a test.
FAST_JOBS = {
    "TENDARR_JOBS__HEARTBEAT_SECONDS": "0.2",
    "TENDARR_JOBS__STALE_AFTER_SECONDS": "2",
    "TENDARR_JOBS__RETRY_BACKOFF_SECONDS": "0.3",
    "TENDARR_JOBS__REAPER_INTERVAL_SECONDS": "0.5",
}


class FakeClock:
    """A clock that tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@contextmanager
def postgres_schema() -> Iterator[str]:
    """Yield a database URL whose search_path is a fresh, throw-away schema."""
    base = postgres_base_url()
    if base is None:
        pytest.skip(f"{POSTGRES_ENV} is not set; the PostgreSQL variant is skipped")
    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in plain else "?"
    try:
        yield f"{plain}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def install_env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """Return a clean TENDARR_* environment for one test installation."""
    return {
        "TENDARR_DATA_DIR": str(data_dir),
        "TENDARR_DATABASE_URL": database_url,
        "TENDARR_SECRET_KEY": "test-secret-key-0123456789",
        **FAST_JOBS,
        **extra,
    }


def make_runtime(env: dict[str, str], clock: Any = None) -> Runtime:
    """Build a runtime from ``env`` only (the process environment does not leak in)."""
    return build_runtime(load_infra_settings(env), environ=env, clock=clock)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(
    condition: Callable[[], Any],
    timeout: float = 15.0,
    interval: float = 0.05,
    message: str = "condition",
) -> Any:
    """Poll until ``condition()`` is truthy and return it, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def process_env(env: dict[str, str]) -> dict[str, str]:
    """The current environment without any TENDARR_* leaking in, plus ``env``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("TENDARR_")}
    return {**base, "TENDARR_LOG_FORMAT": "json", **env}
