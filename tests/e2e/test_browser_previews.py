"""The Previews page in the browser: a manual job with live progress and its per-file
outcomes, then the viewer scrubbing a real BIF and a real trickplay folder.

No media server is configured, so the manual job's file ends ``failed`` with "no configured
media server owns this path" (what the user would see); the previews the viewer opens are
made from the same real video by ``tendarr previews generate`` (the standalone CLI).

Hooks (``previews.html``, ``_previews_*.html``): ``nav-previews``, ``previews-page``,
``previews-tab-{jobs|schedules|webhooks|paths|viewer}``, ``previews-manual-paths``,
``previews-manual-submit``, ``previews-processing-state``, ``previews-pause-toggle``,
``pv-job-{id}``, ``pv-job-details-{id}``, ``pv-outcome-{id}``, ``pv-outcome-status``,
``pv-outcome-reason``, ``pv-filter-{id}-{status}``, ``pv-retry-failed-{id}``,
``schedule-*``, ``webhook-*``, ``path-test-*``, ``viewer-path``, ``viewer-open``,
``viewer-kind``, ``viewer-count``, ``viewer-slider``, ``viewer-time``, ``viewer-image``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserErrors, TendarrServer
from tests.e2e.test_browser_servers_library import log_in
from tests.support import ADMIN

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

JOB_TIMEOUT_MS = 60_000


def make_video(folder: Path) -> Path:
    """A 30 s 320x240 test pattern with a keyframe every 2 s."""
    folder.mkdir(parents=True, exist_ok=True)
    video = folder / "Pattern (2024).mp4"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
         "-i", "testsrc2=size=320x240:rate=25:duration=30", "-c:v", "libx264",
         "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p", str(video)],
        check=True,
    )  # fmt: skip
    return video


def cli_previews(video: Path, out: Path) -> None:
    """Make a BIF and a trickplay folder with the standalone CLI."""
    result = subprocess.run(
        [sys.executable, "-m", "tendarr", "previews", "generate", str(video),
         "--out", str(out), "--format", "all"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_manual_job_progress_and_viewer(
    tendarr_server: TendarrServer,
    page: Page,
    page_errors: BrowserErrors,
    tmp_path: Path,
    artifacts: Path,
) -> None:
    base_url = tendarr_server.base_url
    response = httpx.post(f"{base_url}/api/setup/admin", json=ADMIN)
    assert response.status_code in (200, 201), response.text
    video = make_video(tmp_path / "media")
    log_in(page, base_url)

    page.get_by_test_id("nav-previews").click()
    expect(page.get_by_test_id("previews-page")).to_be_visible()
    expect(page.get_by_test_id("previews-processing-state")).to_have_text("running")
    expect(page.get_by_test_id("live-indicator")).to_have_class(re.compile("live--open"))

    page.get_by_test_id("previews-manual-paths").fill(str(video))
    page.get_by_test_id("previews-manual-submit").click()
    row = page.locator("tr[data-testid^='pv-job-']").first
    expect(row).to_be_visible()
    job_id = (row.get_attribute("data-testid") or "").removeprefix("pv-job-")
    # Live progress from /api/events: the bar reaches 100 % and the count reads 1/1.
    expect(page.get_by_test_id(f"job-progress-{job_id}")).to_have_text(
        "1/1", timeout=JOB_TIMEOUT_MS
    )
    expect(page.get_by_test_id(f"job-progress-bar-{job_id}")).to_have_attribute(
        "aria-valuenow", "100", timeout=JOB_TIMEOUT_MS
    )
    details = page.get_by_test_id(f"pv-job-details-{job_id}")
    expect(details).to_be_visible()
    outcome = details.get_by_test_id(f"pv-outcome-{job_id}")
    expect(outcome).to_have_count(1, timeout=JOB_TIMEOUT_MS)
    expect(outcome).to_contain_text(str(video))
    expect(outcome.get_by_test_id("pv-outcome-status")).to_have_text("failed")
    expect(outcome.get_by_test_id("pv-outcome-reason")).to_contain_text(
        "no configured media server"
    )
    page.get_by_test_id(f"pv-filter-{job_id}-generated").click()
    expect(details.get_by_test_id(f"pv-outcome-{job_id}")).to_have_count(0)
    page.get_by_test_id(f"pv-filter-{job_id}-failed").click()
    expect(details.get_by_test_id(f"pv-outcome-{job_id}")).to_have_count(1)
    expect(page.get_by_test_id(f"pv-retry-failed-{job_id}")).to_be_enabled()
    page.screenshot(path=str(artifacts / "previews-10-job.png"), full_page=True)

    # Pause is persisted and shown; resume again.
    page.get_by_test_id("previews-pause-toggle").click()
    expect(page.get_by_test_id("previews-processing-state")).to_have_text("paused")
    page.get_by_test_id("previews-pause-toggle").click()
    expect(page.get_by_test_id("previews-processing-state")).to_have_text("running")

    # The viewer, on previews made from the same video by the CLI.
    out = tmp_path / "previews"
    cli_previews(video, out)
    bif = next(out.rglob("*.bif"))
    trickplay = next(out.rglob("*.trickplay"))
    page.get_by_test_id("previews-tab-viewer").click()
    page.get_by_test_id("viewer-path").fill(str(bif))
    page.get_by_test_id("viewer-open").click()
    expect(page.get_by_test_id("viewer-kind")).to_have_text("bif")
    expect(page.get_by_test_id("viewer-count")).to_have_text(re.compile(r"^[34]$"))
    image = page.get_by_test_id("viewer-image")
    expect(image).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=viewer-image]');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    expect(page.get_by_test_id("viewer-time")).to_have_text("0:00")
    page.get_by_test_id("viewer-slider").fill("2")
    expect(page.get_by_test_id("viewer-time")).to_have_text("0:20")
    expect(image).to_have_attribute("src", re.compile(r"index=2$"))
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=viewer-image]');"
        " return i.complete && i.naturalWidth === 320; }"
    )
    page.screenshot(path=str(artifacts / "previews-20-viewer-bif.png"), full_page=True)

    page.get_by_test_id("viewer-path").fill(str(trickplay))
    page.get_by_test_id("viewer-open").click()
    expect(page.get_by_test_id("viewer-kind")).to_have_text("trickplay")
    page.get_by_test_id("viewer-slider").fill("1")
    expect(page.get_by_test_id("viewer-time")).to_have_text("0:10")
    tile = page.get_by_test_id("viewer-image")
    expect(tile).to_have_attribute("style", re.compile(r"background-image: url.*index=0"))
    expect(tile).to_have_attribute("style", re.compile(r"background-position: -\d+px 0px"))
    page.screenshot(path=str(artifacts / "previews-30-viewer-trickplay.png"), full_page=True)

    # A path the viewer must not read is refused with the reason shown.
    page.get_by_test_id("viewer-path").fill(str(video))
    page.get_by_test_id("viewer-open").click()
    expect(page.get_by_test_id("viewer-error")).to_contain_text(".bif files and trickplay")
    assert page_errors.messages == []
