"""The VIPER API over seed 000's Breaking Bad household (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime, build_web_app
from tendarr.services.cleanup_rules import CleanupRuleService
from tests.integration import test_household_sync as household_fixtures
from tests.integration.viper_household import Household, breaking_bad, labels

rt = household_fixtures.rt


@pytest.fixture
def bb(rt: Runtime) -> Household:
    seeded = breaking_bad(rt)
    rt.viper = seeded.service()  # the real service over the fake Sonarr and sessions
    return seeded


@pytest.fixture
def api(bb: Household) -> Iterator[TestClient]:
    app = build_web_app(bb.rt, run_workers=False, run_scheduler=False, run_realtime=False)
    with TestClient(app) as client:
        response = client.post(
            "/api/auth/login", json={"username": "admin", "password": "correct-horse-battery"}
        )
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


def test_shows_lists_the_household_with_bubbles_and_counts(api: TestClient, bb: Household) -> None:
    response = api.get("/api/viper/shows")
    assert response.status_code == 200, response.text
    (show,) = response.json()
    assert (show["item_id"], show["title"], show["decided"]) == (bb.show_id, "Breaking Bad", True)
    assert (show["kept"], show["deletable"], show["redownload"]) == (23, 39, 0)
    viewers = {v["name"]: v for v in show["viewers"]}
    assert viewers["mom"]["bubble"] == {
        "start": 12, "end": 25, "start_label": "S02E05", "end_label": "S03E05",
    }  # fmt: skip
    assert viewers["teen"]["bubble"]["start_label"] == "S01E03"
    assert viewers["dad"]["bubble"] is None
    assert viewers["dad"]["finished"] is True
    assert viewers["mom"]["velocity_per_day"] == pytest.approx(1.0)


def test_one_show_explains_each_episode(api: TestClient, bb: Household) -> None:
    response = api.get(f"/api/viper/shows/{bb.show_id}")
    assert response.status_code == 200, response.text
    body = response.json()
    actions = {e["label"]: e["action"] for e in body["episodes"]}
    assert [n for n, a in actions.items() if a == "keep"] == labels(3, 25)
    s3e06 = next(e for e in body["episodes"] if e["label"] == "S03E06")
    assert s3e06["unmonitor"] is True
    assert s3e06["redownload"]["viewer"] == bb.key("mom")
    assert s3e06["redownload"]["tier"] == "planned"
    s2e06 = next(e for e in body["episodes"] if e["label"] == "S02E06")
    assert set(s2e06["keepers"]) == {bb.key("mom"), bb.key("teen")}
    assert {r["code"] for r in s2e06["reasons"]} == {"in_bubble"}
    assert body["download"] == {
        "hours": 24.0, "source": "default", "samples": 0,
        "reason": "default: Sonarr lists 0 completed downloads in 90 days, at least 5 needed",
    }  # fmt: skip


def test_one_show_says_how_long_its_downloads_take(api: TestClient, bb: Household) -> None:
    bb.sonarr.durations = [timedelta(hours=h) for h in (12, 2, 8, 4, 10, 6)]

    body = api.get(f"/api/viper/shows/{bb.show_id}").json()

    assert body["download"] == {
        "hours": 10.0, "source": "measured", "samples": 6,
        "reason": "measured: 80th percentile of the last 6 downloads in Sonarr",
    }  # fmt: skip
    s3e06 = next(e for e in body["episodes"] if e["label"] == "S03E06")
    need = datetime.fromisoformat(s3e06["redownload"]["need_at"])
    search = datetime.fromisoformat(s3e06["redownload"]["search_at"])
    assert need - search == timedelta(days=3, hours=10)


def test_unknown_ids_and_non_shows_are_404(api: TestClient, bb: Household) -> None:
    missing = api.get("/api/viper/shows/999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"
    assert "error" in missing.json()
    detail = api.get(f"/api/viper/shows/{bb.show_id}").json()
    episode = detail["episodes"][0]["item_id"]
    assert api.get(f"/api/viper/shows/{episode}").status_code == 404


def test_anonymous_callers_are_refused(api: TestClient, bb: Household) -> None:
    api.post("/api/auth/logout")
    api.cookies.clear()
    assert api.get("/api/viper/shows").status_code == 401


def test_an_episode_lifecycle_says_who_keeps_it(api: TestClient, bb: Household) -> None:
    assert bb.rt.cleanup is not None
    bb.rt.cleanup = CleanupRuleService(
        bb.rt.uow, bb.rt.clock, bb.rt.cleanup._facts, bb.rt.viper
    )  # the item page's explanation over the same VIPER service as above
    app = build_web_app(bb.rt, run_workers=False, run_scheduler=False, run_realtime=False)
    with TestClient(app) as client:
        client.cookies.update(api.cookies)
        client.headers.update(api.headers)
        detail = client.get(f"/api/viper/shows/{bb.show_id}").json()
        s2e06 = next(e for e in detail["episodes"] if e["label"] == "S02E06")
        episode = client.get(f"/api/items/{s2e06['item_id']}/lifecycle")
        assert episode.status_code == 200, episode.text
        viper = episode.json()["viper"]
        assert viper["show_id"] == bb.show_id
        (only,) = viper["episodes"]
        assert only["label"] == "S02E06"
        assert set(only["keepers"]) == {bb.key("mom"), bb.key("teen")}
        show = client.get(f"/api/items/{bb.show_id}/lifecycle").json()["viper"]
        assert len(show["episodes"]) == 62
        assert {v["name"] for v in show["show"]["viewers"]} >= {"mom", "teen", "dad"}
