"""First run in a real browser: setup wizard, login, API key, and a job's live progress.

The UI exposes these ``data-testid`` hooks (templates under ``src/tendarr/web/templates``);
tests select by them only, so markup and styling can change freely.

Layout (``base.html``): ``nav-toggle``, ``nav-dashboard``, ``nav-jobs``, ``nav-settings``,
``logout``, ``current-user``, ``instance-name``, ``version``, ``live-indicator``,
``toasts`` / ``toast`` (each toast; ``data-kind`` is info|success|error),
``confirm-dialog``, ``confirm-ok``, ``confirm-cancel``.

Setup (``setup.html``): ``setup-page``, ``setup-step-welcome``, ``setup-choose-internal``,
``setup-choose-external``, ``setup-step-admin``, ``setup-username``, ``setup-password``,
``setup-confirm``, ``setup-submit``, ``setup-error``, ``setup-step-external``,
``setup-confirm-external``, ``setup-error-external``.

Login (``login.html``): ``login-page``, ``login-username``, ``login-password``,
``login-submit``, ``login-error``.

Dashboard (``dashboard.html``): ``dashboard-page``, ``system-status``, ``status-version``,
``status-database``, ``status-queue``, ``status-workers``, ``status-jobs``,
``status-jobs-{state}``, ``status-error``, ``refresh-status``, ``start-demo-job``,
``recent-jobs``, ``recent-jobs-empty``, and per job the shared job hooks below.

Jobs (``jobs.html``): ``jobs-page``, ``jobs-filter``, ``jobs-refresh``, ``demo-form``,
``demo-steps``, ``demo-step-seconds``, ``start-demo-job``, ``jobs-table``, ``jobs-empty``,
``jobs-error``, ``jobs-load-more``; per job ``job-priority-{id}``, ``job-cancel-{id}``,
``job-retry-{id}``, ``job-details-{id}``, ``job-history-{id}``, ``job-error-{id}``.

Shared job hooks (dashboard and jobs): ``job-row-{id}``, ``job-state-{id}`` (text is the
state, or "cancelling"), ``job-progress-{id}`` (text "completed/total", e.g. "7/20", or
"40%" when the job has no total), ``job-progress-bar-{id}`` (``aria-valuenow`` 0-100).

Settings (``settings.html``): ``settings-page``, ``settings-tab-{general|jobs|security|backups}``,
``save-settings``, ``settings-error``, ``setting-{section}-{field}`` (one input per setting),
``api-key-section``, ``api-key-value`` (an input; masked until shown), ``show-api-key``,
``copy-api-key``, ``regenerate-api-key``, ``api-key-env-note``, ``backups-section``,
``backups-table``, ``backups-empty``, ``backup-row-{id}``, ``restore-backup-{id}``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, Request, expect

from tests.e2e.conftest import BrowserErrors, TendarrServer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

USERNAME = "admin"
PASSWORD = "correct-horse-battery"
DEMO_STEPS = 20
DEMO_STEP_SECONDS = 0.2


def test_first_run_to_live_job_progress_in_the_browser(
    tendarr_server: TendarrServer, page: Page, page_errors: BrowserErrors, artifacts: Path
) -> None:
    complete_setup_wizard(page, tendarr_server, artifacts)
    log_out_and_back_in(page, tendarr_server, artifacts)
    regenerate_api_key_and_check_it_with_the_api(page, tendarr_server, artifacts)
    watch_a_demo_job_progress_live(page, tendarr_server, artifacts)
    cancel_a_running_job(page, tendarr_server)
    show_the_dashboard_on_a_phone(page, tendarr_server, artifacts)
    assert page_errors.messages == []


def complete_setup_wizard(page: Page, server: TendarrServer, artifacts: Path) -> None:
    page.goto(server.url("/"))
    expect(page).to_have_url(server.url("/setup"))
    expect(page.get_by_test_id("setup-step-welcome")).to_be_visible()
    page.screenshot(path=artifacts / "first-run-01-setup-welcome.png")

    page.get_by_test_id("setup-choose-internal").click()
    page.get_by_test_id("setup-username").fill(USERNAME)
    page.get_by_test_id("setup-password").fill("short")
    page.get_by_test_id("setup-confirm").fill("short")
    page.get_by_test_id("setup-submit").click()
    expect(page.get_by_test_id("setup-error")).to_contain_text("at least 8 characters")
    page.get_by_test_id("setup-password").fill(PASSWORD)
    expect(page.get_by_test_id("setup-error")).to_be_hidden()

    page.get_by_test_id("setup-confirm").fill(PASSWORD)
    page.screenshot(path=artifacts / "first-run-02-setup-admin.png")
    page.get_by_test_id("setup-submit").click()

    expect(page).to_have_url(server.url("/"))
    expect(page.get_by_test_id("current-user")).to_have_text(USERNAME)
    expect(page.get_by_test_id("status-database")).to_have_text("SQLite")
    expect(page.get_by_test_id("live-indicator")).to_have_text("Live")
    page.screenshot(path=artifacts / "first-run-03-dashboard-after-setup.png")


def log_out_and_back_in(page: Page, server: TendarrServer, artifacts: Path) -> None:
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(server.url("/login"))
    page.goto(server.url("/settings"))
    expect(page).to_have_url(re.compile(re.escape(server.url("/login?next=")) + ".*settings"))

    page.get_by_test_id("login-username").fill(USERNAME)
    page.get_by_test_id("login-password").fill("not-the-password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_be_visible()
    page.screenshot(path=artifacts / "first-run-04-login-error.png")

    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(server.url("/settings"))
    expect(page.get_by_test_id("current-user")).to_have_text(USERNAME)


def regenerate_api_key_and_check_it_with_the_api(
    page: Page, server: TendarrServer, artifacts: Path
) -> None:
    page.get_by_test_id("nav-settings").click()
    expect(page.get_by_test_id("setting-general-instance_name")).to_have_value("Tendarr")
    page.screenshot(path=artifacts / "first-run-05-settings-general.png")
    page.get_by_test_id("settings-tab-security").click()

    first = generate_key(page)
    second = generate_key(page)
    assert second != first
    page.screenshot(path=artifacts / "first-run-06-settings-api-key.png")

    status = server.url("/api/system/status")
    assert httpx.get(status, headers={"X-Api-Key": second}).status_code == 200
    assert httpx.get(status, headers={"X-Api-Key": first}).status_code == 401


def generate_key(page: Page) -> str:
    """Press Generate/Regenerate (confirming if asked) and return the key then shown."""
    shown = page.get_by_test_id("api-key-value")
    before = shown.input_value()
    page.get_by_test_id("regenerate-api-key").click()
    dialog = page.get_by_test_id("confirm-dialog")
    if before and not before.startswith("No API key"):
        expect(dialog).to_be_visible()
        page.get_by_test_id("confirm-ok").click()
    expect(dialog).to_be_hidden()
    expect(shown).not_to_have_value(before)
    expect(shown).not_to_have_value(re.compile("•"))
    key = shown.input_value()
    assert len(key) >= 16
    return key


def watch_a_demo_job_progress_live(page: Page, server: TendarrServer, artifacts: Path) -> None:
    page.get_by_test_id("nav-jobs").click()
    expect(page.get_by_test_id("live-indicator")).to_have_text("Live")
    # A marker that a reload or navigation would wipe out, and a record of any job polling:
    # progress must arrive over the event stream alone.
    page.evaluate("window.__noReload = true")
    job_fetches: list[str] = []

    def record_job_fetch(request: Request) -> None:
        if request.method == "GET" and "/api/jobs" in request.url:
            job_fetches.append(request.url)

    page.on("request", record_job_fetch)

    page.get_by_test_id("demo-steps").fill(str(DEMO_STEPS))
    page.get_by_test_id("demo-step-seconds").fill(str(DEMO_STEP_SECONDS))
    with page.expect_response(
        lambda r: r.url == server.url("/api/jobs") and r.request.method == "POST"
    ) as created:
        page.get_by_test_id("start-demo-job").click()
    job_id = created.value.json()["id"]

    progress = page.get_by_test_id(f"job-progress-{job_id}")
    state = page.get_by_test_id(f"job-state-{job_id}")
    expect(progress).to_have_text(re.compile(r"^[1-9]\d*/"))
    page.screenshot(path=artifacts / "first-run-07-jobs-running.png")
    seen = observe_until_state(progress, state, "succeeded", timeout=DEMO_STEPS * 1.5)
    assert len(seen) >= 3, f"progress changed fewer than twice before success: {seen}"
    assert seen[-1] == f"{DEMO_STEPS}/{DEMO_STEPS}"
    expect(page.get_by_test_id(f"job-progress-bar-{job_id}")).to_have_attribute(
        "aria-valuenow", "100"
    )
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    page.remove_listener("request", record_job_fetch)
    assert job_fetches == [], f"the page polled instead of listening: {job_fetches}"

    page.get_by_test_id(f"job-row-{job_id}").click()
    expect(page.get_by_test_id(f"job-history-{job_id}")).to_contain_text("succeeded")
    page.screenshot(path=artifacts / "first-run-08-jobs-finished.png")


def cancel_a_running_job(page: Page, server: TendarrServer) -> None:
    page.get_by_test_id("demo-steps").fill("500")
    with page.expect_response(
        lambda r: r.url == server.url("/api/jobs") and r.request.method == "POST"
    ) as created:
        page.get_by_test_id("start-demo-job").click()
    job_id = created.value.json()["id"]
    expect(page.get_by_test_id(f"job-progress-{job_id}")).to_have_text(
        re.compile(r"^[1-9]\d*/500$")
    )

    page.get_by_test_id(f"job-cancel-{job_id}").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text(f"#{job_id}")
    page.get_by_test_id("confirm-ok").click()
    badge = page.get_by_test_id(f"job-state-{job_id}")
    expect(badge).to_have_text("cancelling")
    # A running job notices the request at its next heartbeat (5 s by default).
    expect(badge).to_have_text("cancelled", timeout=15_000)
    expect(page.get_by_test_id(f"job-retry-{job_id}")).to_be_enabled()
    expect(page.get_by_test_id(f"job-cancel-{job_id}")).to_be_hidden()


def observe_until_state(
    progress_text: Locator, state_badge: Locator, final: str, timeout: float
) -> list[str]:
    """Return each distinct progress text shown until the badge reads ``final``."""
    expect(progress_text).to_be_visible()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = progress_text.text_content() or ""
        if not seen or seen[-1] != text:
            seen.append(text)
        # text_content, not inner_text: the badge is capitalized by CSS only.
        if state_badge.text_content() == final:
            seen.append(progress_text.text_content() or "")
            return list(dict.fromkeys(seen))
        time.sleep(0.05)
    raise AssertionError(f"job not {final} after {timeout}s; progress seen: {seen}")


def show_the_dashboard_on_a_phone(page: Page, server: TendarrServer, artifacts: Path) -> None:
    page.get_by_test_id("nav-dashboard").click()
    expect(page.get_by_test_id("recent-jobs")).to_contain_text("succeeded")
    page.screenshot(path=artifacts / "first-run-09-dashboard.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_test_id("nav-settings")).not_to_be_in_viewport()
    page.get_by_test_id("nav-toggle").click()
    expect(page.get_by_test_id("nav-settings")).to_be_in_viewport()
    page.wait_for_function("document.getElementById('sidebar').getBoundingClientRect().left === 0")
    page.screenshot(path=artifacts / "first-run-10-dashboard-phone-nav.png")
    assert page.url == server.url("/")
