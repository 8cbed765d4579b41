"""The household in the browser: people and their accounts, watch history, who watched what,
and members signing in with their own Plex or Jellyfin account.

One ``tendarr serve`` for the module, with a simulated Plex (plus Tautulli) and Jellyfin added
and synced through the API; each test opens a fresh browser profile.

Hooks, besides the layout's (``nav-users``, ``nav-history``, ``current-user``, ``logout``):
Users (``users.html``, ``_household_account.html``): ``users-page``, ``users-sync``,
``users-sync-jobs``, ``users-sync-job-{id}`` (holds the shared job hooks),
``person-{username}``, ``user-accounts-{user_id}``, ``account-{id}``, ``account-server-{id}``,
``account-name-{id}``, ``account-watchlist-{id}``, ``account-problem-{id}``,
``account-link-{id}`` (a select of people), ``account-detach-{id}``, ``users-unlinked``;
Now playing (``_household_now_playing.html``): ``now-playing``, ``now-playing-list``,
``now-playing-{server}-{session}``, ``now-playing-summary``, ``now-playing-refresh``,
``now-playing-unavailable-{server}``.
History (``history.html``): ``history-page``, ``history-filter-{user|server|source|completed}``,
``history-total``, ``history-row-{id}``, ``history-user-{id}``, ``history-account-{id}``,
``history-title-{id}``, ``history-source-{id}``, ``history-progress-{id}``, ``history-next``,
``history-range``.
Library: ``filter-watched``, ``library-sort``, ``library-plays-{id}``. Item
(``_household_watch.html``): ``item-watch``, ``watcher-{username}``,
``watcher-state-{username}``, ``watcher-server-{username}-{server}``, ``watchlist-toggle``,
``item-recent-plays``.
Login (``_household_sign_in.html``): ``member-sign-in``, ``member-plex``,
``member-plex-code``, ``member-plex-link``, ``member-server-{id}``, ``member-form``,
``member-username``, ``member-password``, ``member-submit``, ``member-error``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import plextv_state
from tendarr.sim.model import User
from tendarr.sim.plex.app import plex_state
from tendarr.sim.plex.events import start_session
from tendarr.sim.plex.plextv import approve_pin
from tendarr.sim.world import World
from tests.e2e.conftest import BrowserErrors
from tests.e2e.support import (
    NAMES,
    SERVERS,
    Household,
    as_admin,
    simulated_household,
    sync_plex_and_jellyfin,
)
from tests.e2e.test_browser_servers_library import log_in
from tests.support import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def household(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Household]:
    """Plex (with Tautulli) and Jellyfin added and synced: libraries, accounts, history."""
    world = generate_world(
        WorldConfig(seed=11, movies=10, shows=2, users=5, servers=("plex", "jellyfin"))
    )
    tmp = tmp_path_factory.mktemp("household")
    with simulated_household(world, tmp, plex_tv=True) as household:
        sync_plex_and_jellyfin(household)
        yield household


def person(world: World, kind: str, server_kind: str = "plex") -> User:
    """Return the first user of ``kind`` with access to the server of ``server_kind``."""
    server = next(s for s in world.servers if s.kind == server_kind)
    return next(u for u in world.users if u.kind == kind and server.id in u.servers)


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"household-{name}.png", full_page=True)


def test_admin_sees_people_with_their_accounts_and_links_one_by_hand(
    household: Household, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    world = household.world
    plex = next(ep for ep in household.endpoints if ep.name == "plex")
    viewer = person(world, "friend")
    movie = next(m for m in world.library_movies())
    start_session(plex_state(plex.app), viewer.id, "movie", movie.id, 60_000)  # type: ignore[arg-type]

    log_in(page, household.base_url)
    page.get_by_test_id("nav-users").click()
    expect(page.get_by_test_id("users-page")).to_be_visible()

    # Now playing: the friend's movie on Home Plex; both servers answered.
    playing = page.get_by_test_id("now-playing-list").locator("li")
    expect(playing).to_have_count(1)
    expect(playing).to_contain_text(viewer.username)
    expect(playing).to_contain_text(movie.title)
    expect(playing).to_contain_text("Home Plex")
    expect(page.get_by_test_id("now-playing-unavailable")).to_be_hidden()

    # Each person's accounts on each server, with how their watchlist is read.
    methods = {"owner": "Direct", "home": "Friend", "managed": "None"}
    for user in world.users:
        name = "admin" if user.kind == "owner" else user.username
        if user.kind == "managed":
            continue  # no user name on Plex: imported as a person of their own (below)
        card = page.get_by_test_id(f"person-{name}")
        chips = card.locator("[data-testid^='account-server-']")
        expected_servers = sorted(NAMES[SERVERS[world.server(s).kind]] for s in user.servers)
        expect(chips).to_have_count(len(expected_servers))
        assert sorted(chips.all_inner_texts()) == expected_servers, name
        if any(world.server(s).kind == "plex" for s in user.servers):
            plex_account = card.locator("li.account").filter(
                has=page.locator("[data-testid^='account-server-']", has_text=NAMES["plex-home"])
            )
            expected = methods.get(user.kind) or ("Private" if user.watchlist_private else "Friend")
            expect(plex_account.locator("[data-testid^='account-watchlist-']")).to_have_text(
                f"Watchlist: {expected}"
            )
            if user.watchlist_private:
                expect(plex_account).to_contain_text("private")
    shot(page, artifacts, "01-users")

    # "Sync users & history": the household jobs show their live progress to the end.
    page.get_by_test_id("users-sync").click()
    jobs = page.get_by_test_id("users-sync-jobs").locator("[data-testid^='users-sync-job-']")
    expect(jobs).to_have_count(2)
    for n in range(2):
        expect(jobs.nth(n).locator("[data-testid^='job-state-']")).to_have_text(
            re.compile("succeeded", re.I), timeout=30_000
        )
    expect(page.get_by_test_id("users-sync")).to_be_enabled()

    # The managed Plex user (a person of their own) is the Jellyfin user: link by hand.
    managed = person(world, "managed")
    stray, account = household.holder("managed")
    assert stray["username"] != managed.username  # a Plex managed user has no user name
    target = household.member(managed.username)
    page.get_by_test_id(f"account-link-{account['id']}").select_option(str(target["user_id"]))
    moved = page.get_by_test_id(f"user-accounts-{target['user_id']}")
    expect(moved.get_by_test_id(f"account-{account['id']}")).to_be_visible()
    expect(moved.get_by_test_id(f"account-name-{account['id']}")).to_have_text(managed.display_name)
    expect(page.get_by_test_id(f"user-accounts-{stray['user_id']}").locator("li")).to_have_count(0)
    expect(page.get_by_test_id(f"person-{managed.username}")).to_contain_text("linked by hand")
    shot(page, artifacts, "02-users-linked")

    # Detached, it waits under "Unlinked accounts" until linked again.
    page.get_by_test_id(f"account-detach-{account['id']}").click()
    unlinked = page.get_by_test_id("users-unlinked")
    expect(unlinked.get_by_test_id(f"account-{account['id']}")).to_be_visible()
    page.get_by_test_id(f"account-link-{account['id']}").select_option(str(target["user_id"]))
    expect(moved.get_by_test_id(f"account-{account['id']}")).to_be_visible()
    expect(unlinked.locator("[data-testid^='account-']")).to_have_count(0)

    # A server that cannot answer is named as such, next to what the others play.
    dead = {
        "id": "den",
        "kind": "emby",
        "name": "Den",
        "url": f"http://127.0.0.1:{free_port()}",
        "auth": {"method": "api_key", "api_key": "unused"},
    }
    assert household.admin.post("/api/servers", json=dead).status_code == 201
    try:
        page.get_by_test_id("now-playing-refresh").click()
        silent = page.get_by_test_id("now-playing-unavailable-den")
        expect(silent).to_contain_text("could not answer")
        expect(playing).to_have_count(1)
        shot(page, artifacts, "03-users-server-silent")
    finally:
        assert household.admin.delete("/api/servers/den").status_code == 204
    assert page_errors.messages == []


def test_library_filters_by_watched_sorts_by_plays_and_item_shows_who_watched(
    household: Household, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    as_admin(page, household)
    page.goto(household.base_url + "/library")
    watched_total = household.get("/api/library/items", watched="true")["total"]
    page.get_by_test_id("filter-watched").select_option("true")
    expect(page.get_by_test_id("library-total")).to_have_text(f"{watched_total} titles")
    assert "watched=true" in page.url

    page.get_by_test_id("library-sort").select_option("plays")
    ranked = household.get("/api/library/items", sort="plays", watched="true")["items"]
    rows = page.locator("[data-testid^='library-title-']")
    expect(rows.first).to_have_text(ranked[0]["title"])
    expect(page.get_by_test_id(f"library-plays-{ranked[0]['id']}")).to_have_text(
        str(ranked[0]["plays"])
    )
    shot(page, artifacts, "10-library-most-played")

    # The most played title someone watched on both servers: its "Watched by".
    def on_both(item: dict[str, Any]) -> dict[str, Any] | None:
        watchers = household.get(f"/api/library/items/{item['id']}/watch")["watchers"]
        return next((w for w in watchers if len(w["servers"]) == 2), None)

    item, watcher = next((i, w) for i in ranked if (w := on_both(i)) is not None)
    page.get_by_test_id(f"library-title-{item['id']}").click()
    expect(page.get_by_test_id("item-title")).to_have_text(item["title"])
    card = page.get_by_test_id(f"watcher-{watcher['username']}")
    expect(card).to_be_visible()
    for server_id, name in NAMES.items():
        expect(
            card.get_by_test_id(f"watcher-server-{watcher['username']}-{server_id}")
        ).to_have_text(name)
    state = page.get_by_test_id(f"watcher-state-{watcher['username']}")
    if item["kind"] == "show":
        expect(state).to_have_text(
            f"{watcher['episodes_completed']} / {watcher['episodes_total']} episodes"
        )
    expect(page.get_by_test_id("item-recent-plays").locator("li").first).to_be_visible()

    # The watchlist button flips, and back.
    toggle = page.get_by_test_id("watchlist-toggle")
    expect(toggle).to_have_text("+ Add to my watchlist")
    toggle.click()
    expect(toggle).to_have_text("✓ On your watchlist")
    mine = household.get("/api/watchlist")["entries"]
    assert any(e["media_item_id"] == item["id"] and e["source"] == "tendarr" for e in mine)
    shot(page, artifacts, "11-item-watched-by")
    toggle.click()
    expect(toggle).to_have_text("+ Add to my watchlist")
    assert page_errors.messages == []


def test_history_lists_plays_with_their_source_and_filters_by_user(
    household: Household, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    as_admin(page, household)
    page.goto(household.base_url + "/history")
    everything = household.get("/api/household/history", limit=1)["total"]
    expect(page.get_by_test_id("history-total")).to_have_text(f"{everything} plays")
    expect(page.locator("[data-testid^='history-row-']")).to_have_count(min(50, everything))
    if everything > 50:
        page.get_by_test_id("history-next").click()
        expect(page.get_by_test_id("history-range")).to_have_text(
            f"51\N{EN DASH}{min(100, everything)} of {everything}"
        )

    # Each source has its badge: Tautulli's rows are Plex plays, read from Tautulli.
    for source, label in (("tautulli", "Tautulli"), ("jellyfin", "Jellyfin"), ("plex", "Plex")):
        page.get_by_test_id("history-filter-source").select_option(source)
        total = household.get("/api/household/history", source=source, limit=1)["total"]
        assert total > 0, source
        expect(page.get_by_test_id("history-total")).to_have_text(f"{total} plays")
        badges = page.locator("[data-testid^='history-source-']")
        expect(badges.first).to_have_text(label)
        assert set(badges.all_inner_texts()) == {label}
    shot(page, artifacts, "20-history-plex")
    page.get_by_test_id("history-filter-source").select_option("")

    viewer = person(household.world, "home")
    member = household.member(viewer.username)
    page.get_by_test_id("history-filter-user").select_option(str(member["user_id"]))
    theirs = household.get("/api/household/history", user_id=member["user_id"], limit=1)["total"]
    expect(page.get_by_test_id("history-total")).to_have_text(f"{theirs} plays")
    who = page.locator("[data-testid^='history-user-']")
    expect(who.first).to_have_text(viewer.username)
    assert set(who.all_inner_texts()) == {viewer.username}
    accounts = set(page.locator("[data-testid^='history-account-']").all_inner_texts())
    assert accounts <= {f"{viewer.username}@{name}" for name in NAMES.values()}, accounts
    assert f"user_id={member['user_id']}" in page.url
    shot(page, artifacts, "21-history-one-user")
    assert page_errors.messages == []


def test_members_sign_in_with_plex_and_with_jellyfin(
    household: Household, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    world, base_url = household.world, household.base_url
    page.goto(base_url + "/login")
    offered = page.get_by_test_id("member-sign-in")
    expect(page.get_by_test_id("member-plex")).to_have_text("Sign in with Plex")
    expect(offered.locator("[data-testid^='member-server-']")).to_have_count(1)  # Plex uses the PIN
    expect(page.get_by_test_id("member-server-jellyfin")).to_have_text("Sign in with Jellyfin")

    # Plex: the code and plex.tv's page are shown; once approved, the member is in.
    with page.expect_response(
        lambda r: r.url.endswith("/api/auth/plex/pin") and r.request.method == "POST"
    ) as created:
        page.get_by_test_id("member-plex").click()
    pin: dict[str, Any] = created.value.json()
    expect(page.get_by_test_id("member-plex-code")).to_have_text(pin["code"])
    expect(page.get_by_test_id("member-plex-link")).to_have_attribute("href", pin["auth_url"])
    shot(page, artifacts, "30-login-plex-pin")
    friend = person(world, "home")
    approve_pin(plextv_state(household.endpoints), pin["id"], friend.id)
    expect(page.get_by_test_id("dashboard-page")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text(friend.username)
    expect(page.get_by_test_id("nav-users")).to_have_count(0)
    expect(page.get_by_test_id("nav-history")).to_be_visible()
    page.goto(base_url + "/users")  # admins only: a member is sent back
    expect(page.get_by_test_id("dashboard-page")).to_be_visible()
    page.get_by_test_id("logout").click()

    # Jellyfin: the server checks the password; a wrong one is refused inline.
    member = person(world, "friend", "jellyfin")
    page.get_by_test_id("member-server-jellyfin").click()
    page.get_by_test_id("member-username").fill(member.username)
    page.get_by_test_id("member-password").fill("not-the-password")
    page.get_by_test_id("member-submit").click()
    expect(page.get_by_test_id("member-error")).to_contain_text("rejected")
    shot(page, artifacts, "31-login-jellyfin-refused")
    page.get_by_test_id("member-password").fill(member.password)
    page.get_by_test_id("member-submit").click()
    expect(page.get_by_test_id("dashboard-page")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text(member.username)
    expect(page.get_by_test_id("nav-users")).to_have_count(0)

    # A member's history is their own.
    page.get_by_test_id("nav-history").click()
    expect(page.get_by_test_id("history-filter-user")).to_be_hidden()
    who = page.locator("[data-testid^='history-user-']")
    expect(who.first).to_have_text(member.username)
    assert set(who.all_inner_texts()) == {member.username}
    assert page_errors.messages == []
