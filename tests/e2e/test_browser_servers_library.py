"""An admin connects Plex and Jellyfin in the browser and browses the merged library.

Servers page: add each server through the dialog (test connection, libraries listed), edit
its path mappings, toggle a library, sync with live progress -> Library page: every title of
the simulated world listed once with both servers' chips; kind and search filters -> item
page: both servers' copies with their files and streams; a show's seasons and episodes link
to their own pages -> delete a server.

Hooks used, besides the layout's: ``nav-servers``, ``nav-library``.
Servers (``servers.html``): ``servers-page``, ``servers-empty``, ``add-server``,
``server-{id}``, ``server-libraries-{id}``, ``server-library-{id}-{library}``,
``server-sync-btn-{id}``, ``server-sync-{id}`` (holds the shared job hooks),
``server-last-sync-{id}``, ``server-test-btn-{id}``, ``server-test-{id}``,
``server-edit-{id}``, ``server-delete-{id}``; dialog ``server-dialog``,
``server-form-{kind|name|id|url|secret|test|identity|test-error|libraries|error|save|cancel}``,
``server-form-add-mapping``, ``mapping-{remote|local|webhook}-{n}``.
Library (``library.html``): ``library-page``, ``library-kind-{all|movie|show}``,
``library-search``, ``library-total``, ``library-row-{id}``, ``library-title-{id}``,
``server-chip-{server}``, ``filter-*``, ``library-load-more``.
Item (``item.html``): ``item-page``, ``item-title``, ``item-children``, ``item-child-{id}``,
``item-parent-{show|season}``, ``copy-{server}``, ``copy-file-{server}-{n}``,
``copy-video-{server}-{n}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.world import World
from tests.e2e.conftest import BrowserErrors, TendarrServer
from tests.simulators import simulators
from tests.support import ADMIN, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SYNC_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Household:
    world: World
    services: dict[str, dict[str, Any]]


@pytest.fixture
def household() -> Iterator[Household]:
    world = generate_world(WorldConfig(seed=2, movies=12, shows=2, users=3))
    with simulators(world) as services:
        yield Household(world, services)


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"servers-library-{name}.png", full_page=True)


def log_in(page: Page, base_url: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_test_id("login-username").fill(ADMIN["username"])
    page.get_by_test_id("login-password").fill(ADMIN["password"])
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("dashboard-page")).to_be_visible()


def add_server(
    page: Page,
    artifacts: Path,
    kind: str,
    name: str,
    server_id: str,
    url: str,
    secret: str,
    step: str,
) -> None:
    """Fill the dialog, test the connection, save; the new card appears."""
    page.get_by_test_id("add-server").click()
    page.get_by_test_id("server-choose-manual").click()
    dialog = page.get_by_test_id("server-dialog")
    expect(dialog).to_be_visible()
    page.get_by_test_id("server-form-kind").select_option(kind)
    page.get_by_test_id("server-form-name").fill(name)
    expect(page.get_by_test_id("server-form-id")).to_have_value(server_id)  # slug of the name
    page.get_by_test_id("server-form-url").fill(url)
    page.get_by_test_id("server-form-secret").fill(secret)
    page.get_by_test_id("server-form-test").click()
    expect(page.get_by_test_id("server-form-identity")).to_contain_text("Connected to")
    libraries = page.get_by_test_id("server-form-libraries")
    expect(libraries.locator("li")).to_have_count(2)  # a movie and a TV library
    expect(libraries.locator("input[type=checkbox]:checked")).to_have_count(2)
    shot(page, artifacts, f"{step}-dialog-{kind}")
    page.get_by_test_id("server-form-save").click()
    expect(dialog).to_be_hidden()
    card = page.get_by_test_id(f"server-{server_id}")
    expect(card).to_be_visible()
    expect(page.get_by_test_id(f"server-libraries-{server_id}").locator("li")).to_have_count(2)


def sync_server(page: Page, artifacts: Path, server_id: str, step: str) -> None:
    """Click Sync now and follow the job's progress on the card until it succeeds."""
    page.get_by_test_id(f"server-sync-btn-{server_id}").click()
    panel = page.get_by_test_id(f"server-sync-{server_id}")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-testid^='job-progress-bar-']")).to_be_visible()
    shot(page, artifacts, f"{step}-sync-{server_id}-running")
    state = panel.locator("[data-testid^='job-state-']")
    expect(state).to_have_text(re.compile("succeeded", re.I), timeout=SYNC_TIMEOUT_MS)
    job_id = (state.get_attribute("data-testid") or "").removeprefix("job-state-")
    progress = panel.get_by_test_id(f"job-progress-{job_id}").inner_text()
    done, _, total = progress.partition("/")
    assert total, progress
    assert done == total, progress  # every item counted, live, by the end
    expect(page.get_by_test_id(f"server-last-sync-{server_id}")).not_to_contain_text("never")
    shot(page, artifacts, f"{step}-sync-{server_id}-done")


def refused_without_url_or_with_wrong_key(page: Page, artifacts: Path, url: str) -> None:
    """The dialog shows the API's refusals inline and saves nothing."""
    page.get_by_test_id("add-server").click()
    page.get_by_test_id("server-choose-manual").click()
    page.get_by_test_id("server-form-kind").select_option("jellyfin")
    page.get_by_test_id("server-form-name").fill("Broken")
    page.get_by_test_id("server-form-secret").fill("not-the-key")
    page.get_by_test_id("server-form-save").click()
    expect(page.get_by_test_id("server-form-error")).to_contain_text("url")
    page.get_by_test_id("server-form-url").fill(url)
    page.get_by_test_id("server-form-test").click()
    expect(page.get_by_test_id("server-form-test-error")).to_contain_text("Connection failed")
    shot(page, artifacts, "13-dialog-refused")
    page.get_by_test_id("server-form-cancel").click()
    expect(page.get_by_test_id("server-dialog")).to_be_hidden()
    expect(page.get_by_test_id("server-broken")).to_have_count(0)


def stored_server(page: Page, base_url: str, server_id: str) -> dict[str, Any]:
    """Read the server back through the API with the browser's session."""
    response = page.request.get(f"{base_url}/api/servers/{server_id}")
    assert response.ok, response.text()
    body: dict[str, Any] = response.json()
    return body


def edit_plex(page: Page, artifacts: Path, base_url: str) -> None:
    """Add a path mapping in the edit dialog; switch a library off and on from the card."""
    page.get_by_test_id("server-edit-household-plex").click()
    expect(page.get_by_test_id("server-form-id")).to_have_value("household-plex")
    expect(page.get_by_test_id("server-form-secret")).to_have_value("********")  # redacted
    page.get_by_test_id("server-form-add-mapping").click()
    page.get_by_test_id("mapping-remote-0").fill("/data")
    page.get_by_test_id("mapping-local-0").fill("/srv/media")
    page.get_by_test_id("mapping-webhook-0").fill("/data, /mnt/data")
    shot(page, artifacts, "11-dialog-plex-edit")
    page.get_by_test_id("server-form-save").click()
    expect(page.get_by_test_id("server-dialog")).to_be_hidden()
    mappings = stored_server(page, base_url, "household-plex")["path_mappings"]
    assert mappings == [
        {
            "remote_prefix": "/data",
            "local_prefix": "/srv/media",
            "webhook_prefixes": ["/data", "/mnt/data"],
        }
    ]

    def libraries() -> dict[str, bool]:
        stored = stored_server(page, base_url, "household-plex")
        return {x["id"]: x["enabled"] for x in stored["libraries"]}

    toggle = page.get_by_test_id("server-library-household-plex-2")  # TV Shows
    toggle.uncheck()
    wait_for(lambda: libraries() == {"1": True, "2": False}, message="library 2 saved as off")
    expect(toggle).not_to_be_checked()
    expect(toggle).to_be_enabled()
    toggle.check()
    wait_for(lambda: libraries() == {"1": True, "2": True}, message="library 2 saved as on")
    expect(toggle).to_be_checked()
    expect(toggle).to_be_enabled()


def listed_titles(page: Page) -> list[str]:
    return page.locator("[data-testid^='library-title-']").all_inner_texts()


def test_servers_added_synced_and_merged_library_browsed(
    household: Household,
    tendarr_server: TendarrServer,
    page: Page,
    page_errors: BrowserErrors,
    artifacts: Path,
) -> None:
    base_url = tendarr_server.base_url
    world, services = household.world, household.services
    response = httpx.post(f"{base_url}/api/setup/admin", json=ADMIN)
    assert response.status_code in (200, 201), response.text

    log_in(page, base_url)

    page.get_by_test_id("nav-servers").click()
    expect(page.get_by_test_id("servers-page")).to_be_visible()
    expect(page.get_by_test_id("servers-empty")).to_be_visible()
    shot(page, artifacts, "10-servers-empty")

    plex, jellyfin = services["plex"], services["jellyfin"]
    add_server(
        page,
        artifacts,
        "plex",
        "Household Plex",
        "household-plex",
        plex["url"],
        plex["token"],
        "11",
    )
    edit_plex(page, artifacts, base_url)
    sync_server(page, artifacts, "household-plex", "12")
    refused_without_url_or_with_wrong_key(page, artifacts, jellyfin["url"])
    add_server(
        page,
        artifacts,
        "jellyfin",
        "Jellyfin",
        "jellyfin",
        jellyfin["url"],
        jellyfin["api_key"],
        "13",
    )
    sync_server(page, artifacts, "jellyfin", "14")
    page.get_by_test_id("server-test-btn-jellyfin").click()
    expect(page.get_by_test_id("server-test-jellyfin")).to_contain_text("Connected to")
    shot(page, artifacts, "15-servers")

    # The merged library: each movie once, held by both servers.
    page.get_by_test_id("nav-library").click()
    expect(page.get_by_test_id("library-page")).to_be_visible()
    movies = sorted(m.title for m in world.library_movies())
    shows = sorted(s.title for s in world.library_shows())
    expect(page.get_by_test_id("library-total")).to_have_text(f"{len(movies) + len(shows)} titles")
    assert sorted(listed_titles(page)) == sorted(movies + shows)
    shot(page, artifacts, "16-library")

    page.get_by_test_id("library-kind-movie").click()
    expect(page.get_by_test_id("library-total")).to_have_text(f"{len(movies)} titles")
    movie = movies[0]
    row = page.locator("[data-testid^='library-row-']").filter(
        has=page.get_by_text(movie, exact=True)
    )
    expect(row.get_by_test_id("server-chip-household-plex")).to_have_text("Household Plex")
    expect(row.get_by_test_id("server-chip-jellyfin")).to_have_text("Jellyfin")

    # Shows only, then a search narrows them to one.
    show = shows[0]
    page.get_by_test_id("library-kind-show").click()
    expect(page.get_by_test_id("library-total")).to_have_text(f"{len(shows)} titles")
    page.get_by_test_id("library-search").fill(show.split()[-1])
    expect(page.get_by_test_id("library-total")).to_have_text("1 title")
    assert listed_titles(page) == [show]
    assert "kind=show" in page.url  # filters survive a reload
    shot(page, artifacts, "17-library-shows-search")

    # A show's page lists its seasons, which link to their episodes.
    page.locator("[data-testid^='library-title-']").first.click()
    expect(page.get_by_test_id("item-page")).to_be_visible()
    expect(page.get_by_test_id("item-title")).to_have_text(show)
    children = page.get_by_test_id("item-children").locator("[data-testid^='item-child-']")
    expect(children.first).to_be_visible()
    shot(page, artifacts, "18-item-show")
    children.first.locator("a").click()
    expect(page.get_by_test_id("item-children")).to_contain_text(re.compile("episode", re.I))
    expect(page.get_by_test_id("item-parent-show")).to_be_visible()
    shot(page, artifacts, "18-item-season")

    # A movie's page: one section per server copy, each with its file and streams.
    page.goto(base_url + "/library?kind=movie")
    page.get_by_text(movie, exact=True).click()
    expect(page.get_by_test_id("item-title")).to_have_text(movie)
    for server_id in ("household-plex", "jellyfin"):
        copy = page.get_by_test_id(f"copy-{server_id}")
        expect(copy).to_be_visible()
        expect(copy.get_by_test_id(f"copy-file-{server_id}-0")).to_be_visible()
        expect(copy.get_by_test_id(f"copy-video-{server_id}-0")).to_be_visible()
    shot(page, artifacts, "19-item-movie")

    # Deleting a server asks first, then its card goes.
    page.get_by_test_id("nav-servers").click()
    page.get_by_test_id("server-delete-jellyfin").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("server-jellyfin")).to_have_count(0)
    expect(page.get_by_test_id("server-household-plex")).to_be_visible()
    assert page.request.get(f"{base_url}/api/servers/jellyfin").status == 404

    # Phone width: cards and the library table stay usable.
    page.set_viewport_size({"width": 420, "height": 860})
    page.wait_for_timeout(400)  # the sidebar slides away
    shot(page, artifacts, "20-servers-narrow")
    page.goto(base_url + "/library")
    expect(page.get_by_test_id("library-total")).to_have_text(f"{len(movies) + len(shows)} titles")
    shot(page, artifacts, "21-library-narrow")
    assert page_errors.messages == []
