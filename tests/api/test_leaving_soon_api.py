"""The Leaving Soon API: plan, run, list, keep, extend, review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import build_web_app
from tests.integration import test_household_sync as household
from tests.integration.test_cleanup_rules import WATCHED_MOVIES, synced
from tests.integration.test_household_sync import World
from tests.integration.test_leaving_soon import limits, run

rt = household.rt
world = household.world


@pytest.fixture
def api(world: World) -> Iterator[TestClient]:
    synced(world)
    limits(world.rt, max_share_percent=100)
    app = build_web_app(world.rt, run_workers=False, run_scheduler=False, run_realtime=False)
    with TestClient(app) as client:
        response = client.post(
            "/api/auth/login", json={"username": "admin", "password": "correct-horse-battery"}
        )
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


def save(api: TestClient, mode: str) -> int:
    response = api.post("/api/cleanup/rules", json={**WATCHED_MOVIES, "mode": mode})
    assert response.status_code == 201, response.text
    rule_id: int = response.json()["id"]
    return rule_id


def listing(api: TestClient, state: str | None = None) -> list[dict[str, Any]]:
    response = api.get("/api/leaving-soon", params={"state": state} if state else {})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def test_plan_shows_what_a_run_would_do_and_changes_nothing(api: TestClient) -> None:
    rule_id = save(api, "automatic")
    plan = api.get("/api/cleanup/plan").json()
    assert plan["max_new_per_run"] == 50
    (rule,) = plan["rules"]
    assert (rule["rule_id"], rule["applied"], rule["matched"]) == (rule_id, True, 2)
    assert {i["title"] for i in rule["new"]} == {"A Film", "B Film"}
    assert listing(api) == []


def test_run_queues_the_job(api: TestClient) -> None:
    response = api.post("/api/cleanup/run", json={"override_rule_ids": [1]})
    assert response.status_code == 202, response.text
    assert response.json()["type"] == "cleanup.run"
    again = api.post("/api/cleanup/run", json={})
    assert again.json()["id"] == response.json()["id"]  # one run at a time
    assert api.post("/api/cleanup/run", json={"override_rule_ids": "x"}).status_code == 400


def test_entries_keep_and_extend(api: TestClient, world: World) -> None:
    save(api, "automatic")
    run(world.rt)
    entries = {e["title"]: e for e in listing(api)}
    assert entries["A Film"]["days_left"] == 15
    assert entries["A Film"]["rule_name"] == "Watched movies"
    assert entries["A Film"]["reasons"] == ["watched_by_anyone is_true: true -> true"]
    kept = api.post(f"/api/leaving-soon/{entries['A Film']['id']}/keep")
    assert kept.json()["state"] == "kept_by_admin"
    extended = api.post(f"/api/leaving-soon/{entries['B Film']['id']}/extend", json={"days": 5})
    assert (extended.json()["state"], extended.json()["days_left"]) == ("extended", 20)
    assert [e["title"] for e in listing(api, "kept_by_admin")] == ["A Film"]
    assert api.post("/api/leaving-soon/999/keep").status_code == 404
    bad = api.post(f"/api/leaving-soon/{entries['B Film']['id']}/extend", json={"days": 0})
    assert bad.status_code == 400
    assert api.get("/api/leaving-soon", params={"state": "nope"}).status_code == 400


def test_review_queue_approve_and_reject(api: TestClient, world: World) -> None:
    save(api, "review")
    run(world.rt)
    pending = {e["title"]: e["id"] for e in listing(api, "pending_review")}
    approved = api.post("/api/leaving-soon/review/approve", json={"ids": [pending["A Film"]]})
    assert approved.status_code == 200, approved.text
    assert approved.json()[0]["state"] == "leaving"
    rejected = api.post("/api/leaving-soon/review/reject", json={"ids": [pending["B Film"]]})
    assert rejected.json()[0]["state"] == "kept_by_admin"
    again = api.post("/api/leaving-soon/review/approve", json={"ids": [pending["B Film"]]})
    assert again.status_code == 409


def test_the_cleanup_page_has_the_leaving_soon_tab(api: TestClient) -> None:
    page = api.get("/cleanup")
    assert page.status_code == 200
    assert 'data-testid="cleanup-tab-leaving"' in page.text
    assert "/static/js/cleanup-leaving.js" in page.text
    assert api.get("/static/js/cleanup-leaving.js").status_code == 200
