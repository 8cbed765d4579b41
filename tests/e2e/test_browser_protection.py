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
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tendarr.sim.generate import WorldConfig, generate_world
from tests.e2e.conftest import BrowserErrors
from tests.e2e.support import Household, add_app, as_admin, simulated_household, sync_jellyfin

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Household]:
    """Jellyfin synced; Sonarr and Radarr configured."""
    world = generate_world(WorldConfig(seed=7, movies=8, shows=3, users=2, servers=("jellyfin",)))
    with simulated_household(world, tmp_path_factory.mktemp("protection")) as household:
        sync_jellyfin(household)
        for kind in ("sonarr", "radarr"):
            add_app(household, "/api/arr", kind)
        yield household


def managed_show(library: Household) -> tuple[dict[str, Any], Any]:
    rows = library.admin.get("/api/library/items", params={"kind": "show"}).json()["items"]
    by_title = {row["title"]: row for row in rows}
    show = next(s for s in library.world.shows if s.sonarr is not None and s.title in by_title)
    return by_title[show.title], show


def test_protect_a_show_from_its_page_and_see_sonarr_monitor_it(
    page: Page, library: Household, page_errors: BrowserErrors, artifacts: Path
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
    page: Page, library: Household, page_errors: BrowserErrors
) -> None:
    as_admin(page, library)
    page.goto(f"{library.base_url}/cleanup")
    page.get_by_test_id("cleanup-tab-restorations").click()
    expect(page.get_by_test_id("restorations-empty")).to_be_visible()
    assert page_errors.messages == []
