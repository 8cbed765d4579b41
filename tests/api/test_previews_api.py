"""The preview jobs, processing, schedules and webhook API over HTTP, on each database."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime, build_web_app
from tendarr.domain.previews.work import FileStatus
from tests.preview_support import PreviewStack, add_server, preview_stack
from tests.support import ADMIN, FakeClock, install_env, make_runtime
from tests.unit.preview_jobs import webhook_bodies as bodies

HOOK = "/api/webhooks/incoming"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def rt(tmp_path: Path, database_url: str, clock: FakeClock) -> Iterator[Runtime]:
    runtime = make_runtime(install_env(tmp_path / "data", database_url), clock=clock)
    yield runtime
    runtime.close()


@pytest.fixture
def stack(rt: Runtime, clock: FakeClock) -> PreviewStack:
    return preview_stack(rt, clock)


def previews_app(stack: PreviewStack) -> FastAPI:
    """The web app (it includes the preview router) over the test's preview services."""
    app = build_web_app(stack.rt, run_workers=False, run_scheduler=False, run_realtime=False)
    app.state.previews = stack.api()
    return app


@pytest.fixture
def web(stack: PreviewStack) -> Iterator[TestClient]:
    with TestClient(previews_app(stack)) as client:
        yield client


@pytest.fixture
def admin(web: TestClient) -> TestClient:
    response = web.post("/api/setup/admin", json=ADMIN)
    assert response.status_code == 201, response.text
    web.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return web


@pytest.fixture
def api_key(admin: TestClient) -> str:
    key: str = admin.post("/api/auth/api-key/regenerate").json()["key"]
    return key


def anonymous(client: TestClient) -> TestClient:
    """A second client of the same app, with no cookie (a Sonarr, a Plex server...)."""
    return TestClient(client.app)


def test_every_preview_route_refuses_anonymous_callers(admin: TestClient) -> None:
    spec: dict[str, Any] = admin.app.openapi()  # type: ignore[attr-defined]
    ours = [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if path.startswith(("/api/previews", "/api/processing", "/api/schedules", "/api/webhooks/"))
        or path == "/api/jobs/manual"
    ]
    assert len(ours) >= 17
    client = anonymous(admin)
    for method, path in ours:
        response = client.request(method, path.replace("{job_id}", "1").replace(
            "{schedule_id}", "1").replace("{server_id}", "plex-1"), json={})  # fmt: skip
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["code"] == "UNAUTHORIZED"


def test_manual_job_files_retry_and_reprocess(admin: TestClient, stack: PreviewStack) -> None:
    stack.generator.failing["/media/bad.mkv"] = "corrupt file"
    created = admin.post(
        "/api/jobs/manual", json={"file_paths": ["/media/ok.mkv", "/media/bad.mkv"]}
    )
    assert created.status_code == 201, created.text
    job = created.json()
    assert (job["type"], job["queue"], job["title"]) == (
        "previews.paths",
        "media",
        "Previews: 2 files",
    )
    stack.run(job["id"])
    files = admin.get(f"/api/previews/jobs/{job['id']}/files").json()
    assert files["total"] == 2
    assert files["counts"] == {"generated": 1, "failed": 1}
    failed = admin.get(f"/api/previews/jobs/{job['id']}/files", params={"status": "failed"}).json()
    assert [(f["path"], f["reason"]) for f in failed["files"]] == [
        ("/media/bad.mkv", "corrupt file")
    ]
    paged = admin.get(f"/api/previews/jobs/{job['id']}/files", params={"limit": 1, "offset": 1})
    assert len(paged.json()["files"]) == 1
    retry = admin.post(f"/api/previews/jobs/{job['id']}/retry-failed")
    assert retry.status_code == 201
    assert stack.jobs.get(retry.json()["id"]).payload["paths"] == ["/media/bad.mkv"]
    again = admin.post(f"/api/previews/jobs/{job['id']}/reprocess")
    assert again.status_code == 201
    assert stack.jobs.get(again.json()["id"]).payload["force"] is True
    del stack.generator.failing["/media/bad.mkv"]
    stack.run(retry.json()["id"])
    nothing = admin.post(f"/api/previews/jobs/{retry.json()['id']}/retry-failed")
    assert (nothing.status_code, nothing.json()["code"]) == (400, "VALIDATION_ERROR")


def test_manual_job_validation_and_missing_jobs(admin: TestClient) -> None:
    refused: list[dict[str, object]] = [
        {"paths": []},
        {"paths": ["relative.mkv"]},
        {"paths": ["/a"], "priority": 9},
        {"paths": ["/a"], "extra": 1},
    ]
    for body in refused:
        response = admin.post("/api/jobs/manual", json=body)
        assert (response.status_code, response.json()["code"]) == (400, "VALIDATION_ERROR"), body
    assert admin.get("/api/previews/jobs/999/files").status_code == 404
    demo = admin.post("/api/jobs", json={"type": "demo.count", "payload": {}})
    if demo.status_code == 201:  # a job that is not about previews
        assert admin.get(f"/api/previews/jobs/{demo.json()['id']}/files").status_code == 404
    bad = admin.get("/api/previews/jobs/1/files", params={"status": "bogus"})
    assert bad.status_code == 400


def test_pause_resume_and_status(admin: TestClient) -> None:
    assert admin.get("/api/processing/status").json()["paused"] is False
    paused = admin.post("/api/processing/pause").json()
    assert (paused["paused"], paused["paused_by"], paused["blocked_reason"]) == (
        True,
        "admin",
        "paused",
    )
    assert admin.get("/api/processing/status").json()["paused"] is True
    admin.put(
        "/api/settings",
        json={"previews": {"quiet_hours_start": "11:00", "quiet_hours_end": "13:00"}},
    )
    resumed = admin.post("/api/processing/resume").json()
    assert resumed["paused"] is False
    assert resumed["quiet_hours"] == {"start": "11:00", "end": "13:00"}


def test_schedules_crud_and_run(admin: TestClient, stack: PreviewStack) -> None:
    add_server(stack.rt)
    body = {"name": "Nightly", "cron": "0 2 * * *", "server_id": "plex-1", "library_id": "1"}
    created = admin.post("/api/schedules", json=body)
    assert created.status_code == 201, created.text
    schedule = created.json()
    assert schedule["next_run_at"] is not None
    assert schedule["kind"] == "full_library"
    assert admin.get("/api/schedules").json()["schedules"][0]["id"] == schedule["id"]
    assert admin.get(f"/api/schedules/{schedule['id']}").json()["name"] == "Nightly"
    changed = admin.put(
        f"/api/schedules/{schedule['id']}",
        json={"name": "Recent", "kind": "recently_added", "interval_seconds": 900,
              "lookback_hours": 2, "enabled": False},
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert (changed.json()["enabled"], changed.json()["next_run_at"]) == (False, None)
    run = admin.post(f"/api/schedules/{schedule['id']}/run")
    assert run.status_code == 201
    assert run.json()["type"] == "previews.recent"
    assert stack.jobs.get(run.json()["id"]).payload["lookback_hours"] == 2.0
    for bad in ({"name": "x"}, {"name": "x", "cron": "61 * * * *"},
                {"name": "x", "interval_seconds": 900, "kind": "recently_added"}):  # fmt: skip
        assert admin.post("/api/schedules", json=bad).status_code == 400, bad
    assert admin.delete(f"/api/schedules/{schedule['id']}").status_code == 204
    assert admin.get(f"/api/schedules/{schedule['id']}").status_code == 404
    assert admin.post(f"/api/schedules/{schedule['id']}/run").status_code == 404


def test_webhook_auth_secret_key_or_nothing(admin: TestClient, api_key: str) -> None:
    secret = admin.get("/api/webhooks/config").json()["secret"]
    assert secret.startswith("whs_")
    assert admin.post(HOOK, json=bodies.CUSTOM_ONE).status_code == 401  # a session is not enough
    client = anonymous(admin)
    assert client.post(HOOK, json=bodies.CUSTOM_ONE).status_code == 401
    wrong = client.post(HOOK, json=bodies.CUSTOM_ONE, headers={"X-Webhook-Secret": "nope"})
    assert (wrong.status_code, wrong.json()["code"]) == (401, "UNAUTHORIZED")
    basic = base64.b64encode(f"sonarr:{secret}".encode()).decode()
    ways: list[tuple[dict[str, str], dict[str, str]]] = [
        ({"X-Webhook-Secret": secret}, {}),
        ({}, {"token": secret}),
        ({"Authorization": f"Basic {basic}"}, {}),
        ({"Authorization": f"Bearer {secret}"}, {}),
        ({"X-Api-Key": api_key}, {}),
        ({}, {"token": api_key}),
    ]
    for headers, params in ways:
        response = client.post(HOOK, json=bodies.RADARR_TEST, headers=headers, params=params)
        how = (headers, params)
        assert response.status_code == 200, (how, response.text)
    assert (
        client.post(HOOK, json=bodies.RADARR_TEST, headers={"X-Api-Key": "td_x"}).status_code == 401
    )


def test_webhook_answers_by_kind_of_body(admin: TestClient, stack: PreviewStack) -> None:
    secret = {"X-Webhook-Secret": admin.get("/api/webhooks/config").json()["secret"]}
    client = anonymous(admin)
    test = client.post(HOOK, json=bodies.SONARR_TEST, headers=secret)
    assert (test.status_code, test.json()["status"]) == (200, "test")
    noise = client.post(HOOK, json=bodies.SONARR_GRAB, headers=secret)
    assert (noise.status_code, noise.json()["status"]) == (202, "ignored")
    unknown = client.post(HOOK, json={"what": 1}, headers=secret)
    assert (unknown.status_code, unknown.json()["code"]) == (400, "WEBHOOK_UNRECOGNISED")
    not_json = client.post(
        HOOK, content=b"{nope", headers={**secret, "Content-Type": "application/json"}
    )
    assert (not_json.status_code, not_json.json()["code"]) == (400, "WEBHOOK_UNRECOGNISED")
    huge = client.post(HOOK, json={"file_paths": ["/m/" + "x" * 2_000_000]}, headers=secret)
    assert (huge.status_code, huge.json()["code"]) == (413, "PAYLOAD_TOO_LARGE")
    pinned = client.post(HOOK + "/nope", json=bodies.SONARR_DOWNLOAD, headers=secret)
    assert pinned.status_code == 404
    history = admin.get("/api/webhooks/history").json()["events"]
    assert [e["status"] for e in history] == ["rejected", "rejected", "ignored", "ignored"]
    assert (
        admin.get("/api/webhooks/history", params={"status": "ignored"}).json()["events"][0][
            "source"
        ]
        == "sonarr"
    )


def test_plex_multipart_webhook_is_read_from_its_payload_part(
    admin: TestClient, stack: PreviewStack
) -> None:
    add_server(stack.rt)
    secret = admin.get("/api/webhooks/config").json()["secret"]
    client = anonymous(admin)
    response = client.post(
        HOOK,
        params={"token": secret},
        data={"payload": json.dumps(bodies.PLEX_LIBRARY_NEW_WITH_FILE)},
        files={"thumb": ("thumb.jpg", b"\xff\xd8\xff", "image/jpeg")},
    )
    assert response.status_code == 202, response.text
    assert response.json()["paths"] == ["/media/movies/Some Movie/Some Movie.mkv"]
    assert response.json()["batch"] == "webhook:plex:plex-1"
    no_part = client.post(HOOK, params={"token": secret}, data={"other": "x"})
    assert no_part.status_code == 400


def test_webhook_to_debounced_job_with_fire_now(admin: TestClient, stack: PreviewStack) -> None:
    add_server(stack.rt)  # Sonarr's /tv is not mapped, custom /downloads/done is
    secret = {"X-Webhook-Secret": admin.get("/api/webhooks/config").json()["secret"]}
    client = anonymous(admin)
    first = client.post(HOOK, json=bodies.SONARR_DOWNLOAD, headers=secret).json()
    assert (first["status"], first["paths"]) == ("accepted", [bodies.EPISODE_PATH])
    dup = client.post(HOOK, json=bodies.SONARR_DOWNLOAD, headers=secret).json()
    assert dup["status"] == "duplicate"
    pinned = client.post(HOOK + "/plex-1", json={"file_path": "/downloads/done/a.mkv"},
                         headers=secret).json()  # fmt: skip
    assert (pinned["paths"], pinned["batch"]) == (["/media/a.mkv"], "webhook:custom:plex-1")
    stack.clock.advance(30)
    assert stack.webhooks.tick() == []
    stack.clock.advance(31)
    fired = {j.title: j for j in stack.webhooks.tick()}
    assert set(fired) == {"Sonarr: The Expanse S01E02", "Custom: 1 file"}
    job = fired["Sonarr: The Expanse S01E02"]
    stack.run(job.id)
    files = stack.previews.outcomes(job.id)
    assert files.counts == {FileStatus.GENERATED: 1}
    events = [e for e in stack.webhooks.history() if e.source == "sonarr"]
    assert {e.job_id for e in events if e.status == "accepted"} == {job.id}


def test_pending_and_flush(admin: TestClient, api_key: str, stack: PreviewStack) -> None:
    key = {"X-Api-Key": api_key}
    assert admin.post(HOOK, json=bodies.CUSTOM_MANY, headers=key).status_code == 202
    assert admin.post(HOOK, json=bodies.RADARR_DOWNLOAD, headers=key).status_code == 202
    pending = admin.get("/api/webhooks/pending").json()["pending"]
    assert {p["key"] for p in pending} == {"webhook:custom", "webhook:radarr"}
    one = admin.post("/api/webhooks/flush", json={"key": "webhook:radarr"}).json()["jobs"]
    assert [j["title"] for j in one] == ["Radarr: Inception (2010)"]
    rest = admin.post("/api/webhooks/flush").json()["jobs"]
    assert [j["title"] for j in rest] == ["Custom: 2 files"]
    assert admin.get("/api/webhooks/pending").json()["pending"] == []
