"""Fixtures: every database-backed test runs on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime, build_web_app
from tests.support import ADMIN, install_env, make_runtime, postgres_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tendarr.db'}"
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return install_env(tmp_path / "data", database_url)


@pytest.fixture
def runtime(env: dict[str, str]) -> Iterator[Runtime]:
    rt = make_runtime(env)
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """An unauthenticated client of a running app (embedded workers, scheduler).

    The real-time server watcher is off here: a listener left connected to a Plex
    simulator would hold up the simulators' shutdown (tests/api/test_realtime_sync.py
    runs it).
    """
    app = build_web_app(runtime, worker_threads=2, run_realtime=False)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def admin(client: TestClient) -> TestClient:
    """The same client after first-run setup, signed in as the admin (cookie + CSRF)."""
    response = client.post("/api/setup/admin", json=ADMIN)
    assert response.status_code == 201, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client
