"""The cleanup page's "Protected" tab: two titles protected over the API are listed with who
protected them, when, why and what Sonarr/Radarr did; one is unprotected from the tab (after a
confirmation that can be cancelled) and is gone from the tab and from the API.

One ``tendarr serve`` for the module with a simulated Jellyfin (library synced through the
API) and the Sonarr and Radarr simulators configured through the API.

Hooks (``_cleanup_protections.html``): ``cleanup-tab-protected``, ``protections``,
``protections-refresh``, ``protections-error``, ``protections-list``, ``protections-empty``,
``protection-{id}`` with ``protection-{title|kind|by|at|reason|arr-state|arr-detail|
unprotect}-{id}``; the shared ``confirm-dialog``, ``confirm-ok``, ``confirm-cancel``.
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
from tests.support import ADMIN

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Household]:
    """Jellyfin synced; Sonarr and Radarr configured."""
    world = generate_world(WorldConfig(seed=11, movies=6, shows=3, users=2, servers=("jellyfin",)))
    with simulated_household(world, tmp_path_factory.mktemp("protections")) as household:
        sync_jellyfin(household)
        for kind in ("sonarr", "radarr"):
            add_app(household, "/api/arr", kind)
        yield household


def managed(library: Household, kind: str) -> dict[str, Any]:
    """A synced movie Radarr manages, or a show Sonarr manages."""
    rows = library.get("/api/library/items", kind=kind)["items"]
    by_title = {row["title"]: row for row in rows}
    titles = (
        [m.title for m in library.world.movies if m.radarr is not None]
        if kind == "movie"
        else [s.title for s in library.world.shows if s.sonarr is not None]
    )
    found: dict[str, Any] = by_title[next(t for t in titles if t in by_title)]
    return found


def protect(library: Household, item: dict[str, Any], reason: str) -> dict[str, Any]:
    response = library.admin.put(
        f"/api/items/{item['id']}/protection",
        json={"reason": reason, "monitor_and_search": True},
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_protected_titles_are_listed_and_one_is_unprotected_from_the_tab(
    page: Page, library: Household, page_errors: BrowserErrors, artifacts: Path
) -> None:
    as_admin(page, library)
    page.goto(f"{library.base_url}/cleanup")
    page.get_by_test_id("cleanup-tab-protected").click()
    expect(page.get_by_test_id("protections-empty")).to_be_visible()

    movie, show = managed(library, "movie"), managed(library, "show")
    protected = [
        protect(library, movie, "Movie night favourite"),
        protect(library, show, "The kids rewatch it"),
    ]
    assert all(p["arr_status"]["state"] == "done" for p in protected), protected

    # Opening the tab again reads the list again: both, with what the API says.
    page.get_by_test_id("cleanup-tab-rules").click()
    page.get_by_test_id("cleanup-tab-protected").click()
    expect(page.get_by_test_id("protections-empty")).to_be_hidden()
    rows = page.get_by_test_id("protections-list").locator("[data-testid^='protection-title-']")
    expect(rows).to_have_count(2)
    for found, item in zip(protected, (movie, show), strict=True):
        pid = found["id"]
        title = page.get_by_test_id(f"protection-title-{pid}")
        expect(title).to_have_text(item["title"])
        expect(title).to_have_attribute("href", f"/library/{item['id']}")
        expect(page.get_by_test_id(f"protection-kind-{pid}")).to_have_text(item["kind"])
        expect(page.get_by_test_id(f"protection-by-{pid}")).to_contain_text(ADMIN["username"])
        when = page.evaluate("at => Tendarr.formatDate(at)", found["created_at"])
        expect(page.get_by_test_id(f"protection-at-{pid}")).to_have_text(when)
        expect(page.get_by_test_id(f"protection-reason-{pid}")).to_have_text(found["reason"])
        expect(page.get_by_test_id(f"protection-arr-state-{pid}")).to_have_text(
            "Sonarr/Radarr: done"
        )
        expect(page.get_by_test_id(f"protection-arr-detail-{pid}")).to_have_text(
            found["arr_status"]["detail"]
        )
    expect(page.get_by_test_id(f"protection-arr-detail-{protected[0]['id']}")).to_contain_text(
        "Radarr"
    )
    expect(page.get_by_test_id(f"protection-arr-detail-{protected[1]['id']}")).to_contain_text(
        "Sonarr"
    )
    page.screenshot(path=artifacts / "protections-tab.png", full_page=True)

    # Unprotect asks first; Cancel changes nothing.
    gone, kept = protected
    page.get_by_test_id(f"protection-unprotect-{gone['id']}").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(movie["title"])
    page.get_by_test_id("confirm-cancel").click()
    expect(dialog).to_be_hidden()
    expect(rows).to_have_count(2)
    assert len(library.get("/api/protections")) == 2

    # Confirmed: gone from the tab and from the API; the other stays.
    page.get_by_test_id(f"protection-unprotect-{gone['id']}").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id(f"protection-{gone['id']}")).to_have_count(0)
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id(f"protection-title-{kept['id']}")).to_have_text(show["title"])
    assert [p["id"] for p in library.get("/api/protections")] == [kept["id"]]
    assert library.get(f"/api/items/{movie['id']}/protection")["protected"] is False
    assert library.get(f"/api/items/{show['id']}/protection")["protected"] is True
    assert page_errors.messages == []
