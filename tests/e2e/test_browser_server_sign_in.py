"""An admin adds servers by signing in: Plex through a plex.tv PIN, Jellyfin with a password
or Quick Connect.

Servers page -> "Add server" wizard (``_server_wizard.html``): choose the kind; Plex: "Sign
in with Plex" shows the PIN code and waits, cancel and an expired PIN start over, the
approved account's servers are listed with their connections, one is added; Jellyfin: a
wrong password is refused inline, the right one adds the server; a Quick Connect code shown
big is approved in "another app" and the server is added. Each time the new card
appears without a reload, lists its libraries and passes its connection test.

Hooks: ``add-server``, ``server-wizard``, ``server-choose-{plex|jellyfin|emby|manual}``,
``plex-sign-in``, ``plex-pin-code``, ``plex-auth-link``, ``plex-waiting``, ``plex-cancel``,
``plex-ended-message``, ``plex-start-again``, ``plex-account``, ``plex-server-{machine}``,
``plex-connection-{machine}-{n}``, ``plex-add``, ``signin-{url|username|password|name}``,
``signin-submit``, ``signin-error``, ``signin-done``, ``signin-done-name``,
``signin-done-libraries``, ``signin-done-close``, ``signin-method-{password|quick|manual}``,
``signin-manual-key``, ``quick-start``, ``quick-code``, ``quick-waiting``; cards and the URL +
key dialog as in test_browser_servers_library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block, plextv_state
from tendarr.sim.plex.plextv import approve_pin
from tendarr.sim.world import World
from tests.e2e.conftest import BrowserErrors, TendarrServer, serving
from tests.e2e.test_browser_servers_library import log_in
from tests.simulators import simulators
from tests.support import ADMIN

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PIN_URL = "/api/servers/plex/pin"


@dataclass(frozen=True)
class Household:
    world: World
    endpoints: list[Endpoint]
    services: dict[str, dict[str, Any]]


@pytest.fixture
def household() -> Iterator[Household]:
    world = generate_world(WorldConfig(seed=7, movies=6, shows=1, users=3))
    endpoints = build_endpoints(world, "127.0.0.1", free_port_block(16))
    with simulators(world, endpoints) as services:
        yield Household(world, endpoints, services)


@pytest.fixture
def tendarr(tmp_path: Path, household: Household) -> Iterator[TendarrServer]:
    """``tendarr serve`` whose plex.tv is the simulated one; the admin already exists."""
    plex_tv = {"TENDARR_PLEXTV_URL": household.services["plextv"]["url"]}
    with serving(tmp_path, plex_tv) as server:
        created = httpx.post(server.url("/api/setup/admin"), json=ADMIN)
        assert created.status_code in (200, 201), created.text
        yield server


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"server-sign-in-{name}.png", full_page=True)


def open_wizard(page: Page, base_url: str, kind: str, artifacts: Path) -> Locator:
    """Log in, open Servers (empty) and the wizard, and choose ``kind``."""
    log_in(page, base_url)
    page.get_by_test_id("nav-servers").click()
    expect(page.get_by_test_id("servers-empty")).to_be_visible()
    page.get_by_test_id("add-server").click()
    wizard = page.get_by_test_id("server-wizard")
    expect(wizard).to_be_visible()
    expect(wizard).to_contain_text("Which kind of media server?")
    shot(page, artifacts, f"00-choose-{kind}")
    page.get_by_test_id(f"server-choose-{kind}").click()
    return wizard


def start_pin(page: Page, button: str = "plex-sign-in") -> dict[str, Any]:
    """Click ``button``; return the PIN the page received (its id is not shown)."""
    with page.expect_response(
        lambda r: r.url.endswith(PIN_URL) and r.request.method == "POST"
    ) as created:
        page.get_by_test_id(button).click()
    pin: dict[str, Any] = created.value.json()
    expect(page.get_by_test_id("plex-pin-code")).to_have_text(pin["code"])
    expect(page.get_by_test_id("plex-waiting")).to_contain_text("Waiting for approval")
    link = page.get_by_test_id("plex-auth-link")
    expect(link).to_have_attribute("href", pin["auth_url"])
    expect(link).to_have_attribute("target", "_blank")
    return pin


def added_card(page: Page, name: str) -> str:
    """Wait for the card of the server named ``name``; return the server's id."""
    card = (
        page.get_by_test_id("server-list")
        .locator("article")
        .filter(has=page.get_by_text(name, exact=True))
    )
    expect(card).to_have_count(1)
    return (card.get_attribute("data-testid") or "").removeprefix("server-")


def connection_test_passes(page: Page, server_id: str, name: str) -> None:
    expect(page.get_by_test_id(f"server-libraries-{server_id}").locator("li")).to_have_count(2)
    page.get_by_test_id(f"server-test-btn-{server_id}").click()
    expect(page.get_by_test_id(f"server-test-{server_id}")).to_contain_text(f"Connected to {name}")


def test_plex_server_added_by_approving_a_plex_tv_pin(
    household: Household,
    tendarr: TendarrServer,
    page: Page,
    page_errors: BrowserErrors,
    artifacts: Path,
) -> None:
    world, services = household.world, household.services
    plextv = plextv_state(household.endpoints)
    open_wizard(page, tendarr.base_url, "plex", artifacts)
    shot(page, artifacts, "01-plex-start")

    # Cancel goes back to the start; a PIN plex.tv forgot (expired) asks to start again.
    start_pin(page)
    page.get_by_test_id("plex-cancel").click()
    expect(page.get_by_test_id("plex-waiting")).to_be_hidden()
    expired = start_pin(page)
    del plextv.pins[expired["id"]]
    expect(page.get_by_test_id("plex-ended-message")).to_contain_text("expired")
    shot(page, artifacts, "02-plex-expired")
    pin = start_pin(page, "plex-start-again")
    shot(page, artifacts, "03-plex-waiting")

    owner = next(u for u in world.users if u.kind == "owner")
    approve_pin(plextv, pin["id"], owner.id)
    plex = world.server("plex-1")
    expect(page.get_by_test_id("plex-account")).to_have_text(
        owner.display_name or services["plextv"]["username"]
    )
    offer = page.get_by_test_id(f"plex-server-{plex.machine_id}")
    expect(offer).to_contain_text(plex.name)
    expect(offer).to_contain_text("owned")
    connection = page.get_by_test_id(f"plex-connection-{plex.machine_id}-0")
    expect(connection).to_contain_text(services["plex"]["url"])
    expect(connection).to_contain_text("local")
    expect(connection).not_to_contain_text("relay")
    shot(page, artifacts, "04-plex-servers")
    connection.locator("input[type=radio]").check()
    page.get_by_test_id("plex-add").click()

    done = page.get_by_test_id("signin-done")
    expect(page.get_by_test_id("signin-done-name")).to_have_text(plex.name)
    expect(page.get_by_test_id("signin-done-libraries").locator("li")).to_have_count(2)
    expect(done).to_contain_text(services["plex"]["url"])
    shot(page, artifacts, "05-plex-added")
    page.get_by_test_id("signin-done-close").click()
    expect(page.get_by_test_id("server-wizard")).to_be_hidden()

    server_id = added_card(page, plex.name)
    connection_test_passes(page, server_id, plex.name)
    shot(page, artifacts, "06-plex-card")
    assert page_errors.messages == []


def test_jellyfin_server_added_with_user_name_and_password(
    household: Household,
    tendarr: TendarrServer,
    page: Page,
    page_errors: BrowserErrors,
    artifacts: Path,
) -> None:
    jellyfin = household.services["jellyfin"]
    own_name = next(s.name for s in household.world.servers if s.kind == "jellyfin")
    wizard = open_wizard(page, tendarr.base_url, "jellyfin", artifacts)
    expect(wizard).to_contain_text("Add a Jellyfin server")

    # The API key stays available: it opens the URL + key dialog for this kind.
    page.get_by_test_id("signin-method-manual").click()
    page.get_by_test_id("signin-manual-key").click()
    expect(wizard).to_be_hidden()
    expect(page.get_by_test_id("server-dialog")).to_be_visible()
    expect(page.get_by_test_id("server-form-kind")).to_have_value("jellyfin")
    page.get_by_test_id("server-form-cancel").click()
    page.get_by_test_id("add-server").click()
    page.get_by_test_id("server-choose-jellyfin").click()

    page.get_by_test_id("signin-submit").click()
    refusal = page.get_by_test_id("signin-error")
    expect(refusal).to_have_text("Enter the server URL and a user name.")
    page.get_by_test_id("signin-url").fill(jellyfin["url"])
    page.get_by_test_id("signin-username").fill(jellyfin["username"])
    page.get_by_test_id("signin-password").fill("not-the-password")
    page.get_by_test_id("signin-submit").click()
    expect(refusal).to_have_text("Jellyfin rejected the user name or password")
    shot(page, artifacts, "11-jellyfin-refused")

    page.get_by_test_id("signin-password").fill(jellyfin["password"])
    page.get_by_test_id("signin-name").fill("Den Jellyfin")
    page.get_by_test_id("signin-submit").click()
    expect(page.get_by_test_id("signin-done-name")).to_have_text("Den Jellyfin")
    expect(page.get_by_test_id("signin-error")).to_be_hidden()
    expect(page.get_by_test_id("signin-done-libraries").locator("li")).to_have_count(2)
    shot(page, artifacts, "12-jellyfin-added")
    page.get_by_test_id("signin-done-close").click()

    server_id = added_card(page, "Den Jellyfin")
    connection_test_passes(page, server_id, own_name)
    shot(page, artifacts, "13-jellyfin-card")
    assert page_errors.messages == []


def test_jellyfin_server_added_with_quick_connect(
    household: Household,
    tendarr: TendarrServer,
    page: Page,
    page_errors: BrowserErrors,
    artifacts: Path,
) -> None:
    jellyfin = household.services["jellyfin"]
    own_name = next(s.name for s in household.world.servers if s.kind == "jellyfin")
    open_wizard(page, tendarr.base_url, "jellyfin", artifacts)
    page.get_by_test_id("signin-method-quick").click()
    expect(page.get_by_test_id("signin-username")).to_be_hidden()
    page.get_by_test_id("signin-url").fill(jellyfin["url"])
    page.get_by_test_id("quick-start").click()
    code = page.get_by_test_id("quick-code")
    expect(code).to_have_text(re.compile(r"^\d{6}$"))
    expect(page.get_by_test_id("quick-waiting")).to_contain_text("Waiting for approval")
    shot(page, artifacts, "21-quick-connect-code")

    # The owner enters the code in a signed-in Jellyfin app (the vendor's own route).
    approved = httpx.post(
        jellyfin["url"] + "/QuickConnect/Authorize",
        params={"code": code.inner_text(), "userId": jellyfin["user_id"]},
        headers={"Authorization": f'MediaBrowser Client="test", Token="{jellyfin["api_key"]}"'},
    )
    assert approved.status_code == 200, approved.text
    expect(page.get_by_test_id("signin-done-name")).to_have_text(own_name)
    expect(page.get_by_test_id("signin-done-libraries").locator("li")).to_have_count(2)
    page.get_by_test_id("signin-done-close").click()

    server_id = added_card(page, own_name)
    connection_test_passes(page, server_id, own_name)
    shot(page, artifacts, "22-quick-connect-card")
    assert page_errors.messages == []
