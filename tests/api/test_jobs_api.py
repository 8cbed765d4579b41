"""Jobs over the API with embedded workers consuming the real queue."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.support import wait_for


def start(client: TestClient, **payload: Any) -> dict[str, Any]:
    response = client.post("/api/jobs", json={"type": "demo.count", "payload": payload})
    assert response.status_code == 201, response.text
    job: dict[str, Any] = response.json()
    return job


def job(client: TestClient, job_id: int) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
    return body


def test_demo_job_runs_to_completion_on_embedded_workers(admin: TestClient) -> None:
    created = start(admin, steps=5, step_seconds=0.05)
    assert created["state"] == "queued"
    done = wait_for(
        lambda: (j := job(admin, created["id"]))["state"] == "succeeded" and j,
        message="demo job to succeed",
    )
    assert (done["completed"], done["total"], done["progress"]) == (5, 5, 1.0)
    assert done["attempts"] == 1
    assert done["worker"]
    assert [h["event"] for h in done["history"]] == ["queued", "started", "succeeded"]
    listed = admin.get("/api/jobs", params={"state": "succeeded"}).json()["jobs"]
    assert [j["id"] for j in listed] == [created["id"]]


def test_flaky_job_is_retried_with_backoff_until_it_succeeds(admin: TestClient) -> None:
    created = start(admin, steps=2, step_seconds=0, fail_attempts=2)
    done = wait_for(
        lambda: (j := job(admin, created["id"]))["state"] == "succeeded" and j,
        message="flaky job to succeed",
    )
    assert done["attempts"] == 3
    events = [h["event"] for h in done["history"]]
    assert events.count("requeued") == 2


def test_cancel_a_running_job(admin: TestClient) -> None:
    created = start(admin, steps=200, step_seconds=0.05)
    wait_for(lambda: job(admin, created["id"])["state"] == "running", message="job to run")
    assert admin.post(f"/api/jobs/{created['id']}/cancel").json()["cancel_requested"] is True
    wait_for(lambda: job(admin, created["id"])["state"] == "cancelled", message="cancel")
    retried = admin.post(f"/api/jobs/{created['id']}/retry")
    assert retried.status_code == 200
    assert retried.json()["state"] == "queued"


def test_priority_change_and_conflicts(admin: TestClient) -> None:
    created = start(admin, steps=1, step_seconds=0)
    wait_for(lambda: job(admin, created["id"])["state"] == "succeeded", message="job")
    finished = admin.post(f"/api/jobs/{created['id']}/priority", json={"priority": 1})
    assert finished.status_code == 409
    assert admin.post(f"/api/jobs/{created['id']}/retry").status_code == 409
    assert admin.post("/api/jobs/1/priority", json={"priority": 7}).status_code == 400


def test_bad_job_requests(admin: TestClient) -> None:
    assert admin.get("/api/jobs/424242").status_code == 404
    unknown = admin.post("/api/jobs", json={"type": "nope", "payload": {}})
    assert unknown.status_code == 403
    bad = admin.post("/api/jobs", json={"type": "demo.count", "payload": {"steps": -1}})
    assert bad.status_code == 400
    assert bad.json() == {"error": "steps must be between 1 and 10000", "code": "VALIDATION_ERROR"}
    assert admin.get("/api/jobs/types").json() == {
        "types": ["demo.count", "previews.library", "previews.recent"]
    }
