"""The VIPER dashboard in the browser, over seed 000's Breaking Bad household.

The app runs in this process (uvicorn on loopback) over a real SQLite database seeded
through the library and household syncs (``tests/integration/viper_household.py``), with a
typed fake Sonarr: Dad finished, Mom at S2E05 at one a day, Teen paused at S1E03.

Hooks (``viper.html``): ``nav-viper``, ``viper-page``, ``viper-shows``,
``viper-show-{id}``, ``viper-show-title-{id}``, ``viper-kept-{id}``,
``viper-deletable-{id}``, ``viper-detail``, ``viper-grid``, ``viper-episode-{S01E02}``
(``data-action``), ``viper-viewer-{name}`` (``data-bubble-start``/``-end``,
``data-position``; its cells carry ``data-in``), ``viper-viewer-summary-{name}``,
``viper-episode-detail``, ``viper-episode-action``, ``viper-reason``, ``viper-redownload``,
``viper-download-time``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page, expect

from tendarr.bootstrap import build_web_app
from tendarr.services.cleanup_rules import CleanupRuleService
from tests.e2e.conftest import BrowserErrors
from tests.integration.test_household_sync import T0
from tests.integration.viper_household import Household, breaking_bad, labels
from tests.support import FakeClock, free_port, install_env, make_runtime

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ADMIN = {"username": "admin", "password": "correct-horse-battery"}


@dataclass
class Site:
    base_url: str
    household: Household
    cookies: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("viper")
    env = install_env(tmp / "data", f"sqlite:///{tmp / 'tendarr.db'}")
    runtime = make_runtime(env, clock=FakeClock(T0))
    runtime.auth.complete_setup_internal(ADMIN["username"], ADMIN["password"])
    household = breaking_bad(runtime)
    runtime.viper = household.service()
    assert runtime.cleanup is not None  # the item page's panel asks the same VIPER service
    runtime.cleanup = CleanupRuleService(
        runtime.uow, runtime.clock, runtime.cleanup._facts, runtime.viper
    )
    app = build_web_app(runtime, run_workers=False, run_scheduler=False, run_realtime=False)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            assert client.post("/api/auth/login", json=ADMIN).status_code == 200
            yield Site(base_url, household, dict(client.cookies.items()))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runtime.close()


def test_admin_sees_each_viewers_bubble_over_the_episode_order(
    site: Site, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    page.context.add_cookies(
        [{"name": k, "value": v, "url": site.base_url} for k, v in site.cookies.items()]
    )
    # Sonarr's history: six downloads, the 80th percentile took 10 hours.
    site.household.sonarr.durations = [timedelta(hours=h) for h in (12, 2, 8, 4, 10, 6)]
    page.goto(site.base_url + "/")
    page.get_by_test_id("nav-viper").click()
    expect(page.get_by_test_id("viper-page")).to_be_visible()
    show_id = site.household.show_id
    expect(page.get_by_test_id(f"viper-show-title-{show_id}")).to_have_text("Breaking Bad")
    expect(page.get_by_test_id(f"viper-kept-{show_id}")).to_have_text("23")
    expect(page.get_by_test_id(f"viper-deletable-{show_id}")).to_have_text("39")

    page.get_by_test_id(f"viper-show-title-{show_id}").click()
    expect(page.get_by_test_id("viper-detail")).to_be_visible()
    expect(page.get_by_test_id("viper-download-time")).to_have_text(
        "Download time 10 h (measured from 6 downloads)"
    )
    grid = page.get_by_test_id("viper-grid")
    expect(grid.locator("button.vp-cell")).to_have_count(62)
    for name in labels(1, 2) + labels(26, 62):
        expect(page.get_by_test_id(f"viper-episode-{name}")).to_have_attribute(
            "data-action", "delete"
        )
    for name in labels(3, 25):
        expect(page.get_by_test_id(f"viper-episode-{name}")).to_have_attribute(
            "data-action", "keep"
        )

    # Each viewer's bubble: Teen S1E03..S2E09 (3..16), Mom S2E05..S3E05 (12..25), Dad none.
    for name, start, end, position in (("teen", 3, 16, 3), ("mom", 12, 25, 12)):
        row = page.get_by_test_id(f"viper-viewer-{name}")
        expect(row).to_have_attribute("data-bubble-start", str(start))
        expect(row).to_have_attribute("data-bubble-end", str(end))
        expect(row).to_have_attribute("data-position", str(position))
        inside = row.locator(".vp-cell[data-in='true']")
        expect(inside).to_have_count(end - start + 1)
        expect(inside.first).to_have_attribute("data-ordinal", str(start))
        expect(row.locator(".vp-cell--here")).to_have_attribute("data-ordinal", str(position))
    dad = page.get_by_test_id("viper-viewer-dad")
    expect(dad.locator(".vp-cell[data-in='true']")).to_have_count(0)
    expect(page.get_by_test_id("viper-viewer-summary-dad")).to_contain_text("finished")
    expect(page.get_by_test_id("viper-viewer-summary-mom")).to_contain_text(
        "keeps S02E05\N{EN DASH}S03E05"
    )

    # The reasons: who keeps S2E06 and how S3E06 comes back.
    page.get_by_test_id("viper-episode-S02E06").click()
    reasons = page.get_by_test_id("viper-episode-detail").get_by_test_id("viper-reason")
    expect(reasons).to_have_count(2)
    expect(reasons.nth(0)).to_contain_text("inside an active viewer's bubble")
    page.get_by_test_id("viper-episode-S03E06").click()
    expect(page.get_by_test_id("viper-episode-action")).to_contain_text("deletable")
    expect(page.get_by_test_id("viper-redownload")).to_contain_text("Back for mom")
    page.screenshot(path=artifacts / "viper-breaking-bad.png", full_page=True)

    # The episode's own page says the same: its lifecycle panel names who keeps it.
    with httpx.Client(base_url=site.base_url, cookies=site.cookies, timeout=30) as client:
        detail = client.get(f"/api/viper/shows/{site.household.show_id}").json()
    s2e06 = next(e["item_id"] for e in detail["episodes"] if e["label"] == "S02E06")
    page.goto(f"{site.base_url}/library/{s2e06}")
    entry = page.get_by_test_id("lifecycle-viper-episode")
    expect(entry).to_contain_text("S02E06")
    expect(entry).to_contain_text("kept by")
    expect(entry).to_contain_text("mom")
    expect(entry).to_contain_text("teen")
    assert page_errors.messages == []
