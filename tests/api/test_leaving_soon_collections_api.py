"""``POST /api/leaving-soon/collections/sync`` queues the collection sync job."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tendarr.domain.jobs import JobState
from tendarr.services.leaving_soon_collections import COLLECTIONS_JOB
from tests.api.test_leaving_soon_api import api, rt, world
from tests.integration.test_household_sync import World

__all__ = ["api", "rt", "world"]


def test_sync_endpoint_queues_one_job_at_a_time(api: TestClient, world: World) -> None:
    response = api.post("/api/leaving-soon/collections/sync")
    assert response.status_code == 202, response.text
    job = response.json()
    assert (job["type"], job["state"]) == (COLLECTIONS_JOB, "queued")
    again = api.post("/api/leaving-soon/collections/sync")
    assert again.json()["id"] == job["id"]
    queued = world.rt.jobs.find([JobState.QUEUED], COLLECTIONS_JOB)
    assert [j.id for j in queued] == [job["id"]]


def test_sync_endpoint_is_for_admins_only(api: TestClient) -> None:
    api.post("/api/auth/logout")
    response = api.post("/api/leaving-soon/collections/sync")
    assert response.status_code in {401, 403}
    assert "code" in response.json()
