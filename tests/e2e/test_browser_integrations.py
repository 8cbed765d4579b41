"""Sonarr, Radarr & requests in the browser, against a real ``tendarr serve`` and simulators.

Radarr added with a wrong API key (the test shows the simulator's refusal), fixed in the
edit dialog (the key shown as ``********``), tested (root folder and free space), disabled
and enabled; a duplicate id refused inline; Overseerr added after a candidate test, renamed,
and deleted after a confirmation (cancelled once).

Hooks (``integrations.html``, ``_integrations_*.html``): ``nav-integrations``,
``integrations-page``, ``integrations-{arr|seerr}-{empty|list|error}``,
``add-{sonarr|radarr|overseerr|jellyseerr}``; cards ``integration-{id}`` with
``integration-{name|kind|url|state|enabled|edit|delete|test-btn|test|test-summary}-{id}``,
``integration-folders-{id}`` holding ``integration-folder`` (``-path``, ``-space``); the
dialog ``integration-dialog``, ``integration-form-{title|kind|name|id|url|key|enabled|test|
test-result|folders|error|save|cancel}``.
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


@dataclass(frozen=True)
class Apps:
    world: World
    services: dict[str, dict[str, Any]]


@pytest.fixture
def apps() -> Iterator[Apps]:
    world = generate_world(WorldConfig(seed=6, movies=8, shows=2, users=3, servers=("jellyfin",)))
    with simulators(world) as services:
        yield Apps(world, services)


@pytest.fixture
def admin(tendarr_server: TendarrServer) -> Iterator[httpx.Client]:
    """The instance set up, and an API client signed in as its admin (cookie + CSRF)."""
    with httpx.Client(base_url=tendarr_server.base_url, timeout=30) as client:
        created = client.post("/api/setup/admin", json=ADMIN)
        assert created.status_code == 201, created.text
        client.headers["X-CSRF-Token"] = created.json()["csrf_token"]
        yield client


def sign_in(page: Page, server: TendarrServer, admin: httpx.Client) -> None:
    """Give the browser the admin's session (no login form, no rate-limit hit)."""
    cookies = [
        {"name": name, "value": value, "url": server.base_url}
        for name, value in admin.cookies.items()
    ]
    page.context.add_cookies(cookies)  # type: ignore[arg-type]


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"integrations-{name}.png", full_page=True)


def size_text(size: int) -> str:
    """``Tendarr.formatSize`` in Python."""
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    value, unit = float(size), 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    return f"{round(value) if value >= 100 or unit == 0 else f'{value:.1f}'} {units[unit]}"


def stored(admin: httpx.Client, path: str) -> dict[str, Any]:
    response = admin.get(path)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def fill_dialog(page: Page, name: str, url: str, key: str) -> None:
    page.get_by_test_id("integration-form-name").fill(name)
    page.get_by_test_id("integration-form-url").fill(url)
    page.get_by_test_id("integration-form-key").fill(key)


def add_radarr_with_a_wrong_key(page: Page, artifacts: Path, url: str) -> None:
    """The candidate test shows Radarr's refusal; saved anyway, the card's test shows it too."""
    page.get_by_test_id("add-radarr").click()
    dialog = page.get_by_test_id("integration-dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("integration-form-kind")).to_have_value("radarr")
    fill_dialog(page, "Radarr 4K", url, "not-the-key")
    expect(page.get_by_test_id("integration-form-id")).to_have_value("radarr-4k")  # the slug
    page.get_by_test_id("integration-form-test").click()
    result = page.get_by_test_id("integration-form-test-result")
    expect(result).to_contain_text("Connection failed")
    expect(result).to_contain_text(re.compile("401|unauthori[sz]ed|api key", re.I))
    shot(page, artifacts, "01-radarr-wrong-key")
    page.get_by_test_id("integration-form-save").click()
    expect(dialog).to_be_hidden()
    card = page.get_by_test_id("integration-radarr-4k")
    expect(card).to_be_visible()
    expect(page.get_by_test_id("integration-kind-radarr-4k")).to_have_text("Radarr")
    expect(page.get_by_test_id("integration-url-radarr-4k")).to_have_text(url)
    expect(page.get_by_test_id("integrations-arr-empty")).to_be_hidden()
    page.get_by_test_id("integration-test-btn-radarr-4k").click()
    expect(page.get_by_test_id("integration-test-summary-radarr-4k")).to_contain_text(
        "Connection failed"
    )


def fix_radarr_key(page: Page, artifacts: Path, admin: httpx.Client, apps: Apps) -> None:
    """Edit: the stored key shows as ********; the right one passes the candidate test."""
    page.get_by_test_id("integration-edit-radarr-4k").click()
    expect(page.get_by_test_id("integration-form-title")).to_have_text("Edit Radarr 4K")
    expect(page.get_by_test_id("integration-form-key")).to_have_value("********")
    expect(page.get_by_test_id("integration-form-id")).not_to_be_editable()
    expect(page.get_by_test_id("integration-form-kind")).to_be_disabled()
    page.get_by_test_id("integration-form-test").click()  # the stored (wrong) key is tried
    expect(page.get_by_test_id("integration-form-test-result")).to_contain_text("Connection failed")
    page.get_by_test_id("integration-form-key").fill(apps.services["radarr"]["api_key"])
    page.get_by_test_id("integration-form-test").click()
    result = page.get_by_test_id("integration-form-test-result")
    expect(result).to_contain_text(re.compile(r"Connected to Radarr \S+, 1 root folder\."))
    folder = apps.world.root_folders["radarr"][0]
    expect(page.get_by_test_id("integration-form-folders")).to_contain_text(folder.path)
    shot(page, artifacts, "02-radarr-fixed")
    page.get_by_test_id("integration-form-save").click()
    expect(page.get_by_test_id("integration-dialog")).to_be_hidden()
    assert stored(admin, "/api/arr/radarr-4k")["api_key"] == "********"
    tested = admin.post("/api/arr/test-connection", json=stored(admin, "/api/arr/radarr-4k"))
    assert tested.json()["ok"], tested.text  # the new key was stored


def radarr_on_the_card(page: Page, apps: Apps) -> None:
    """The card's test lists the root folder with its free space."""
    folder = apps.world.root_folders["radarr"][0]
    page.get_by_test_id("integration-test-btn-radarr-4k").click()
    expect(page.get_by_test_id("integration-test-summary-radarr-4k")).to_contain_text(
        "Connected to Radarr"
    )
    folders = page.get_by_test_id("integration-folders-radarr-4k")
    expect(folders.get_by_test_id("integration-folder")).to_have_count(1)
    expect(folders.get_by_test_id("integration-folder-path")).to_have_text(folder.path)
    space = f"{size_text(folder.free_space)} free of {size_text(folder.total_space)}"
    expect(folders.get_by_test_id("integration-folder-space")).to_have_text(space)


def toggle_radarr(page: Page, admin: httpx.Client) -> None:
    toggle = page.get_by_test_id("integration-enabled-radarr-4k")
    toggle.uncheck()
    wait_for(lambda: not stored(admin, "/api/arr/radarr-4k")["enabled"], message="disabled")
    expect(page.get_by_test_id("integration-state-radarr-4k")).to_have_text("Disabled")
    expect(toggle).to_be_enabled()
    toggle.check()
    wait_for(lambda: stored(admin, "/api/arr/radarr-4k")["enabled"], message="enabled again")
    expect(page.get_by_test_id("integration-state-radarr-4k")).to_have_text("Enabled")


def duplicate_refused(page: Page, url: str) -> None:
    """The API's ``{"error"}`` shows in the dialog and nothing else is added."""
    page.get_by_test_id("add-sonarr").click()
    page.get_by_test_id("integration-form-kind").select_option("radarr")
    fill_dialog(page, "Radarr 4K", url, "whatever")
    page.get_by_test_id("integration-form-save").click()
    expect(page.get_by_test_id("integration-form-error")).to_contain_text("already exists")
    page.get_by_test_id("integration-form-cancel").click()
    expect(page.get_by_test_id("integration-dialog")).to_be_hidden()
    expect(page.locator("[data-testid='integrations-arr-list'] article")).to_have_count(1)


def add_overseerr(page: Page, artifacts: Path, admin: httpx.Client, apps: Apps) -> None:
    """Test the candidate first: version and request count; then save it."""
    overseerr = apps.services["overseerr"]
    page.get_by_test_id("add-overseerr").click()
    expect(page.get_by_test_id("integration-form-kind")).to_have_value("overseerr")
    fill_dialog(page, "Overseerr", overseerr["url"], overseerr["api_key"])
    expect(page.get_by_test_id("integration-form-id")).to_have_value("overseerr")
    page.get_by_test_id("integration-form-test").click()
    result = page.get_by_test_id("integration-form-test-result")
    expect(result).to_contain_text(
        re.compile(r"Connected to Overseerr 1\.34\.0 as \S+, \d+ requests?\.")
    )
    shot(page, artifacts, "03-overseerr-tested")
    page.get_by_test_id("integration-form-save").click()
    expect(page.get_by_test_id("integration-dialog")).to_be_hidden()
    expect(page.get_by_test_id("integrations-seerr-empty")).to_be_hidden()
    expected = admin.post("/api/request-apps/overseerr/test").json()
    assert expected["ok"], expected
    page.get_by_test_id("integration-test-btn-overseerr").click()
    summary = page.get_by_test_id("integration-test-summary-overseerr")
    noun = "request" if expected["requests"] == 1 else "requests"
    expect(summary).to_contain_text(f"{expected['requests']} {noun}")
    expect(page.get_by_test_id("integration-folders-overseerr")).to_be_hidden()


def rename_overseerr(page: Page, admin: httpx.Client) -> None:
    page.get_by_test_id("integration-edit-overseerr").click()
    expect(page.get_by_test_id("integration-form-key")).to_have_value("********")
    page.get_by_test_id("integration-form-name").fill("Household requests")
    expect(page.get_by_test_id("integration-form-id")).to_have_value("overseerr")  # kept
    page.get_by_test_id("integration-form-save").click()
    expect(page.get_by_test_id("integration-dialog")).to_be_hidden()
    expect(page.get_by_test_id("integration-name-overseerr")).to_have_text("Household requests")
    assert stored(admin, "/api/request-apps/overseerr")["name"] == "Household requests"
    assert admin.post("/api/request-apps/overseerr/test").json()["ok"]  # the key was kept


def delete_overseerr(page: Page, admin: httpx.Client) -> None:
    page.get_by_test_id("integration-delete-overseerr").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("Household requests")
    page.get_by_test_id("confirm-cancel").click()
    expect(page.get_by_test_id("integration-overseerr")).to_be_visible()
    assert admin.get("/api/request-apps/overseerr").status_code == 200
    page.get_by_test_id("integration-delete-overseerr").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("integration-overseerr")).to_have_count(0)
    expect(page.get_by_test_id("integrations-seerr-empty")).to_be_visible()
    assert admin.get("/api/request-apps/overseerr").status_code == 404


def test_sonarr_radarr_and_requests_page(
    apps: Apps,
    tendarr_server: TendarrServer,
    admin: httpx.Client,
    page: Page,
    page_errors: BrowserErrors,
    artifacts: Path,
) -> None:
    sign_in(page, tendarr_server, admin)
    page.goto(tendarr_server.url("/"))
    page.get_by_test_id("nav-integrations").click()
    expect(page.get_by_test_id("integrations-page")).to_be_visible()
    expect(page).to_have_url(tendarr_server.url("/integrations"))
    expect(page.get_by_test_id("integrations-arr-empty")).to_be_visible()
    expect(page.get_by_test_id("integrations-seerr-empty")).to_be_visible()
    shot(page, artifacts, "00-empty")

    radarr_url = apps.services["radarr"]["url"]
    add_radarr_with_a_wrong_key(page, artifacts, radarr_url)
    fix_radarr_key(page, artifacts, admin, apps)
    radarr_on_the_card(page, apps)
    toggle_radarr(page, admin)
    duplicate_refused(page, radarr_url)

    add_overseerr(page, artifacts, admin, apps)
    rename_overseerr(page, admin)
    shot(page, artifacts, "04-both")
    delete_overseerr(page, admin)

    # A reload shows what was stored: Radarr stays, its key never reaches the page.
    page.reload()
    expect(page.get_by_test_id("integration-radarr-4k")).to_be_visible()
    assert apps.services["radarr"]["api_key"] not in page.content()
    page.set_viewport_size({"width": 420, "height": 860})  # phone width: cards still usable
    page.wait_for_timeout(400)  # the sidebar slides away
    expect(page.get_by_test_id("integration-test-btn-radarr-4k")).to_be_in_viewport()
    shot(page, artifacts, "05-narrow")
    assert page_errors.messages == []
