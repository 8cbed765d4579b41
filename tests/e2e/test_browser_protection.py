"""Protection in the browser: protect a show from its page, see the Sonarr outcome, unprotect.

One ``tendarr serve`` for the module with a simulated Jellyfin (library synced through the
API) and the Sonarr and Radarr simulators configured through the API.

Hooks (``_item_protection.html``, ``_cleanup_restorations.html``): ``item-lifecycle``,
``protection-badge``, ``protection-reason``, ``protection-reason-input``,
``protection-monitor``, ``protection-protect``, ``protection-unprotect``,
``protection-arr-state``, ``protection-arr-detail``, ``protection-inherited``,
``protection-error``; ``cleanup-tab-restorations``, ``restorations``,
``restorations-empty``, ``restoration-{id}``, ``restoration-state-{id}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import build_endpoints, free_port_block
from tendarr.sim.world import World
from tests.e2e.conftest import BrowserErrors
from tests.e2e.test_browser_household import finished
from tests.processes import running, wait_healthy
from tests.simulators import simulators
from tests.support import ADMIN, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@dataclass(frozen=True)
class Library:
    world: World
    base_url: str
    admin: httpx.Client


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """Jellyfin synced; Sonarr and Radarr configured."""
    world = generate_world(WorldConfig(seed=7, movies=8, shows=3, users=2, servers=("jellyfin",)))
    endpoints = build_endpoints(world, "127.0.0.1", free_port_block(16))
    tmp = tmp_path_factory.mktemp("protection")
    with simulators(world, endpoints) as services:
        port = free_port()
        env = {
            "TENDARR_DATA_DIR": str(tmp / "data"),
            "TENDARR_HOST": "127.0.0.1",
            "TENDARR_PORT": str(port),
        }
        base_url = f"http://127.0.0.1:{port}"
        with running(["serve"], env, tmp / "serve.log") as process:
            wait_healthy(base_url, process)
            with httpx.Client(base_url=base_url, timeout=30) as admin:
                assert admin.post("/api/setup/admin", json=ADMIN).status_code in (200, 201)
                signed = admin.post("/api/auth/login", json=ADMIN)
                admin.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
                jf = services["jellyfin"]
                body = {
                    "id": "jellyfin", "kind": "jellyfin", "name": "Jellyfin", "url": jf["url"],
                    "auth": {"method": "api_key", "api_key": jf["api_key"]},
                }  # fmt: skip
                assert admin.post("/api/servers", json=body).status_code == 201
                assert admin.post("/api/servers/jellyfin/refresh-libraries").is_success
                assert admin.post("/api/servers/jellyfin/sync", json={"full": True}).is_success
                finished(admin, "library.sync", 1)
                for kind in ("sonarr", "radarr"):
                    arr = {
                        "id": f"{kind}-main", "kind": kind, "name": kind.title(),
                        "url": services[kind]["url"], "api_key": services[kind]["api_key"],
                    }  # fmt: skip
                    assert admin.post("/api/arr", json=arr).status_code == 201
                yield Library(world, base_url, admin)


def as_admin(page: Page, library: Library) -> None:
    cookies = [
        {"name": name, "value": value, "url": library.base_url}
        for name, value in library.admin.cookies.items()
    ]
    page.context.add_cookies(cookies)  # type: ignore[arg-type]


def managed_show(library: Library) -> tuple[dict[str, Any], Any]:
    rows = library.admin.get("/api/library/items", params={"kind": "show"}).json()["items"]
    by_title = {row["title"]: row for row in rows}
    show = next(s for s in library.world.shows if s.sonarr is not None and s.title in by_title)
    return by_title[show.title], show


def test_protect_a_show_from_its_page_and_see_sonarr_monitor_it(
    page: Page, library: Library, page_errors: BrowserErrors, artifacts: Path
) -> None:
    row, show = managed_show(library)
    show.sonarr.monitored = False
    as_admin(page, library)
    page.goto(f"{library.base_url}/library/{row['id']}")
    panel = page.get_by_test_id("item-lifecycle")
    expect(panel.get_by_test_id("protection-badge")).to_have_text("Not protected")
    expect(panel.get_by_test_id("protection-monitor")).to_be_checked()
    panel.get_by_test_id("protection-reason-input").fill("The family rewatches it")
    panel.get_by_test_id("protection-protect").click()
    expect(panel.get_by_test_id("protection-badge")).to_have_text("Protected")
    expect(panel.get_by_test_id("protection-reason")).to_contain_text("The family rewatches it")
    expect(panel.get_by_test_id("protection-arr-state")).to_have_text("Sonarr/Radarr: done")
    expect(panel.get_by_test_id("protection-arr-detail")).to_contain_text("monitored in Sonarr")
    assert show.sonarr.monitored is True
    listed = library.admin.get("/api/protections").json()
    assert [(p["title"], p["reason"]) for p in listed] == [
        (row["title"], "The family rewatches it")
    ]
    page.screenshot(path=artifacts / "protection-item.png", full_page=True)

    season = library.admin.get(f"/api/library/items/{row['id']}").json()["children"][0]
    page.goto(f"{library.base_url}/library/{season['id']}")
    season_panel = page.get_by_test_id("item-lifecycle")
    expect(season_panel.get_by_test_id("protection-badge")).to_have_text("Protected")
    expect(season_panel.get_by_test_id("protection-inherited")).to_contain_text(row["title"])
    expect(season_panel.get_by_test_id("protection-protect")).to_be_hidden()

    page.goto(f"{library.base_url}/library/{row['id']}")
    panel = page.get_by_test_id("item-lifecycle")
    panel.get_by_test_id("protection-unprotect").click()
    expect(panel.get_by_test_id("protection-badge")).to_have_text("Not protected")
    assert library.admin.get("/api/protections").json() == []
    assert page_errors.messages == []


def test_restorations_tab_lists_nothing_yet(
    page: Page, library: Library, page_errors: BrowserErrors
) -> None:
    as_admin(page, library)
    page.goto(f"{library.base_url}/cleanup")
    page.get_by_test_id("cleanup-tab-restorations").click()
    expect(page.get_by_test_id("restorations-empty")).to_be_visible()
    assert page_errors.messages == []
