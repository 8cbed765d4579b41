"""A person's first run, in Debian's chromium driven by Playwright.

Setup wizard -> dashboard -> log out and in -> API key generated and regenerated (the old
key stops working) -> a demo job started from the UI whose progress updates live.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.processes import running, wait_healthy
from tests.support import ADMIN, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None, reason=f"{CHROMIUM} is missing (apt-get install chromium)"
    ),
]


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {
        "TENDARR_DATA_DIR": str(tmp_path / "data"),
        "TENDARR_HOST": "127.0.0.1",
        "TENDARR_PORT": str(port),
    }
    url = f"http://127.0.0.1:{port}"
    with running(["serve"], env, tmp_path / "serve.log") as server:
        wait_healthy(url, server)
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def shown_api_key(page: Page) -> str:
    value = page.get_by_test_id("api-key-value")
    expect(value).to_have_value(re.compile(r"^td_"))
    return value.input_value()


def test_first_run_login_api_key_and_live_job_progress(base_url: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))

    # The setup wizard greets a fresh install.
    page.goto(base_url + "/")
    expect(page).to_have_url(base_url + "/setup")
    shot(page, "01-setup")
    page.get_by_test_id("setup-choose-internal").click()
    page.get_by_test_id("setup-username").fill(ADMIN["username"])
    page.get_by_test_id("setup-password").fill(ADMIN["password"])
    page.get_by_test_id("setup-confirm").fill(ADMIN["password"])
    page.get_by_test_id("setup-submit").click()
    expect(page.get_by_test_id("dashboard-page")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_contain_text(ADMIN["username"])
    expect(page.get_by_test_id("status-database")).to_have_text("SQLite")
    shot(page, "02-dashboard")

    # Log out, then back in.
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-page")).to_be_visible()
    page.get_by_test_id("login-username").fill(ADMIN["username"])
    page.get_by_test_id("login-password").fill("wrong-password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_be_visible()
    shot(page, "03-login-error")
    page.get_by_test_id("login-password").fill(ADMIN["password"])
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("dashboard-page")).to_be_visible()

    # Generate an API key, then regenerate it: the first one must stop working.
    page.get_by_test_id("nav-settings").click()
    expect(page.get_by_test_id("settings-page")).to_be_visible()
    page.get_by_test_id("settings-tab-security").click()
    page.get_by_test_id("regenerate-api-key").click()  # no key yet: nothing to confirm
    first = shown_api_key(page)  # a new key is shown in full so it can be copied
    page.get_by_test_id("regenerate-api-key").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("api-key-value")).not_to_have_value(first)
    second = shown_api_key(page)
    shot(page, "04-settings-api-key")
    status = f"{base_url}/api/system/status"
    assert httpx.get(status, headers={"X-Api-Key": first}).status_code == 401
    assert httpx.get(status, headers={"X-Api-Key": second}).status_code == 200

    # Start a demo job and watch its progress change without reloading.
    page.get_by_test_id("nav-jobs").click()
    expect(page.get_by_test_id("jobs-page")).to_be_visible()
    page.get_by_test_id("demo-steps").fill("20")
    page.get_by_test_id("demo-step-seconds").fill("0.2")
    page.get_by_test_id("start-demo-job").click()
    row = page.locator("[data-testid^='job-row-']").first
    expect(row).to_be_visible()
    job_id = (row.get_attribute("data-testid") or "").removeprefix("job-row-")
    progress = page.get_by_test_id(f"job-progress-{job_id}")
    seen: list[str] = []
    for _ in range(200):
        text = progress.inner_text()
        if not seen or seen[-1] != text:
            seen.append(text)
        if page.get_by_test_id(f"job-state-{job_id}").inner_text().strip().lower() == "succeeded":
            break
        page.wait_for_timeout(50)
    shot(page, "05-jobs")
    expect(page.get_by_test_id(f"job-state-{job_id}")).to_have_text(re.compile("succeeded", re.I))
    assert len(seen) >= 3, seen  # several distinct progress readings arrived live
    assert "20" in seen[-1]
    assert errors == []
