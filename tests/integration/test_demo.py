"""``tendarr demo``: one command gives a signed-in household with synced servers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tendarr.demo import DEMO_PASSWORD, DEMO_USER
from tests.processes import running, wait_healthy
from tests.support import free_port, wait_for

pytestmark = pytest.mark.slow


def test_demo_serves_a_connected_synced_household(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = ["demo", "--port", str(port), "--movies", "8", "--shows", "1"]
    with running(args, {"TENDARR_DATA_DIR": str(tmp_path)}, tmp_path / "demo.log") as demo:
        wait_healthy(base, demo, timeout=60)
        with httpx.Client(base_url=base, timeout=10) as http:
            login = http.post(
                "/api/auth/login", json={"username": DEMO_USER, "password": DEMO_PASSWORD}
            )
            assert login.status_code == 200, login.text
            servers = http.get("/api/servers").json()["servers"]
            assert {s["kind"] for s in servers} == {"plex", "jellyfin", "emby"}

            def synced() -> list[dict[str, Any]] | None:
                jobs: list[dict[str, Any]] = http.get(
                    "/api/jobs", params={"type": "library.sync"}
                ).json()["jobs"]
                done = [j for j in jobs if j["state"] in {"succeeded", "failed"}]
                return jobs if len(jobs) == 3 and len(done) == 3 else None

            jobs = wait_for(synced, timeout=60, message="the three demo syncs")
            assert {j["state"] for j in jobs} == {"succeeded"}, jobs
            items = http.get("/api/library/items", params={"kind": "movie"}).json()
            assert items["total"] == 8
            assert all(len(i["servers"]) == 3 for i in items["items"])
    assert "sign in as demo" in demo.output()
