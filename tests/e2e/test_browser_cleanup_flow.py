"""The issue's "done when" in the browser: an admin builds a rule, previews it, switches it
from dry run to automatic, runs cleanup, sees the titles in Leaving Soon (and in the
"Leaving Soon" collections on the simulated Plex and Jellyfin), and after the grace period
a second run deletes them in Radarr, with the deletion history and the space freed.

The app runs in this process (uvicorn) on a fake clock, so the grace period can pass.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page, expect

from tendarr.bootstrap import Runtime, build_web_app
from tendarr.sim.faults import FaultMiddleware
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.model import Movie
from tendarr.sim.plex.app import plex_state
from tendarr.sim.world import World
from tests.api.test_household_api import finished
from tests.api.test_servers_and_sync import plex_body
from tests.e2e.conftest import BrowserErrors
from tests.e2e.support import size_text
from tests.integration.cleanup.household import DAY, chosen_movies, connect, only_these_watched
from tests.simulators import simulators
from tests.support import FakeClock, free_port, install_env, make_runtime

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ADMIN = {"username": "admin", "password": "correct-horse-battery"}
RULE = "Watched movies"


@dataclass
class Site:
    base_url: str
    world: World
    endpoints: list[Endpoint]
    clock: FakeClock
    runtime: Runtime
    movies: list[Movie]
    cookies: dict[str, str]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    # Two users: a managed Plex user's watchlist cannot be read (it would keep everything).
    world = generate_world(
        WorldConfig(seed=5, movies=14, shows=2, users=2, servers=("plex", "jellyfin"))
    )
    endpoints = build_endpoints(world, "127.0.0.1", free_port_block(16))
    movies = chosen_movies(world, 2)
    only_these_watched(world, movies, world.users[0].id)
    with simulators(world, endpoints) as sims:
        env = install_env(
            tmp_path / "data",
            f"sqlite:///{tmp_path / 'tendarr.db'}",
            TENDARR_PLEXTV_URL=sims["plextv"]["url"],
            TENDARR_PLEX_DISCOVER_URL=sims["discover"]["url"],
        )
        clock = FakeClock()
        runtime = make_runtime(env, clock=clock)
        runtime.auth.complete_setup_internal(ADMIN["username"], ADMIN["password"])
        app = build_web_app(runtime, worker_threads=2, run_realtime=False)
        port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        base_url = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base_url, timeout=30) as api:
                signed_in = api.post("/api/auth/login", json=ADMIN)
                assert signed_in.status_code == 200, signed_in.text
                api.headers["X-CSRF-Token"] = signed_in.json()["csrf_token"]
                plex = plex_body(sims)
                assert api.post("/api/servers", json=plex).status_code == 201
                assert api.post(f"/api/servers/{plex['id']}/refresh-libraries").status_code == 200
                started = api.post(f"/api/servers/{plex['id']}/sync", json={"full": True})
                assert started.status_code == 202
                connect(api, runtime, sims, "radarr")
                synced = finished(api, "household.sync", 2)
                assert all(j["state"] == "succeeded" for j in synced), synced
                yield Site(
                    base_url, world, endpoints, clock, runtime, movies, dict(api.cookies.items())
                )
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            runtime.close()


def collections(site: Site) -> tuple[set[int], set[int]]:
    """Movie ids in the "Leaving Soon" collections on Plex and on Jellyfin (still there)."""
    movies = {m.id: m for m in site.world.movies}
    by_name = {e.name: e.app for e in site.endpoints}
    plex_app = by_name["plex"]
    assert isinstance(plex_app, FaultMiddleware)
    plex_server = next(s for s in site.world.servers if s.kind == "plex")
    keys = {key: i for (kind, i), key in plex_server.native_ids.items() if kind == "movie"}
    on_plex = {
        keys[key]
        for c in plex_state(plex_app).collections.values()
        if c.title == "Leaving Soon"
        for key in c.items
        if key in keys and movies[keys[key]].in_library
    }
    jellyfin: Any = by_name["jellyfin"]
    on_jellyfin = {
        i
        for c in jellyfin.state.sim.state.collections.values()
        if c.name == "Leaving Soon"
        for kind, i in c.members
        if kind == "movie" and movies[i].in_library
    }
    return on_plex, on_jellyfin


def run_from_leaving_soon(page: Page, site: Site, count: int) -> None:
    """Start a run with the tab's button; wait until it is the ``count``-th to end."""
    page.get_by_test_id("leaving-run").click()
    with httpx.Client(base_url=site.base_url, cookies=site.cookies, timeout=30) as api:
        runs = finished(api, "cleanup.run", count)
    assert all(j["state"] == "succeeded" for j in runs), runs
    expect(page.get_by_test_id("leaving-run-job")).to_contain_text("succeeded", timeout=30_000)


def test_a_rule_built_in_the_ui_deletes_after_the_grace_period(
    site: Site, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    page.context.add_cookies(
        [{"name": k, "value": v, "url": site.base_url} for k, v in site.cookies.items()]
    )
    page.goto(site.base_url + "/cleanup")
    expect(page.get_by_test_id("cleanup-page")).to_be_visible()

    # Build the rule, preview it (reasons shown), save it as a dry run.
    page.get_by_test_id("cleanup-new").click()
    page.get_by_test_id("cleanup-name").fill(RULE)
    page.get_by_test_id("cleanup-property-conditions[0]").select_option("watched_by_anyone")
    page.get_by_test_id("cleanup-operator-conditions[0]").select_option("is_true")
    page.get_by_test_id("cleanup-preview").click()
    expect(page.get_by_test_id("cleanup-match-count")).to_have_text("2 matches")
    for movie in site.movies:
        expect(page.get_by_test_id("cleanup-matches")).to_contain_text(movie.title)
    expect(page.get_by_test_id("cleanup-reason").first).to_contain_text("watched_by_anyone")
    expect(page.get_by_test_id("cleanup-mode")).to_have_value("dry_run")
    page.get_by_test_id("cleanup-save").click()
    rule_id = page.get_by_test_id("cleanup-rules").locator("[data-testid^='cleanup-rule-mode-']")
    expect(rule_id).to_have_count(1)
    expect(rule_id).to_have_text("Dry run")

    # A dry run changes nothing; switched to automatic, a run fills Leaving Soon.
    page.get_by_test_id("cleanup-tab-leaving").click()
    run_from_leaving_soon(page, site, 1)
    expect(page.get_by_test_id("leaving-empty")).to_be_visible()
    page.get_by_test_id("cleanup-tab-rules").click()
    page.get_by_test_id("cleanup-rules").locator("[data-testid^='cleanup-rule-edit-']").click()
    page.get_by_test_id("cleanup-mode").select_option("automatic")
    page.get_by_test_id("cleanup-save").click()
    expect(rule_id).to_have_text("Automatic")
    page.get_by_test_id("cleanup-tab-leaving").click()
    run_from_leaving_soon(page, site, 2)
    entries = page.get_by_test_id("leaving-entries")
    for movie in site.movies:
        expect(entries).to_contain_text(movie.title)
    expect(entries.locator("[data-testid^='leaving-days-']").first).to_contain_text("15")
    wanted = {m.id for m in site.movies}
    assert collections(site) == (wanted, wanted)  # visible on Plex and on Jellyfin
    page.screenshot(path=artifacts / "cleanup-flow-leaving-soon.png", full_page=True)

    # The grace period passes; the next run deletes them in Radarr.
    site.clock.advance(16 * DAY)
    run_from_leaving_soon(page, site, 3)
    for movie in site.movies:
        assert movie.radarr is None
        assert movie.file is None
    assert collections(site) == (set(), set())

    page.goto(site.base_url + "/deletions")
    expect(page.get_by_test_id("deletions-page")).to_be_visible()
    expect(page.get_by_test_id("deletions-count-done")).to_contain_text("2")
    freed = sum(m_size(site, m) for m in site.movies)
    assert freed > 0
    expect(page.get_by_test_id("deletions-freed-all")).to_have_text(size_text(freed))
    rows = page.locator("[data-testid^='deletion-state-']")
    expect(rows).to_have_count(2)
    for index in range(2):
        expect(rows.nth(index)).to_have_text("Done")
    page.screenshot(path=artifacts / "cleanup-flow-deletions.png", full_page=True)
    assert page_errors.messages == []


def m_size(site: Site, movie: Movie) -> int:
    """The space a deleted movie freed, as the history recorded it."""
    with site.runtime.uow() as uow:
        records = uow.deletions.history(limit=50)
    return sum(r.space_freed_bytes or 0 for r in records if r.title.startswith(movie.title))
