"""Fixtures for browser tests: a real ``tendarr serve`` process and Debian's chromium."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.processes import TendarrProcess, running, wait_healthy
from tests.support import free_port

CHROMIUM = Path("/usr/bin/chromium")
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


@dataclass(frozen=True)
class TendarrServer:
    """A Tendarr instance listening on loopback with a fresh data directory."""

    base_url: str
    data_dir: Path
    process: TendarrProcess
    env: dict[str, str]

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` on this instance."""
        return f"{self.base_url}{path}"


@contextmanager
def serving(tmp: Path, extra_env: Mapping[str, str] | None = None) -> Iterator[TendarrServer]:
    """Run ``tendarr serve`` (web + embedded workers) on a free port with its data under
    ``tmp``; yield it once healthy, stop it afterwards."""
    port = free_port()
    data_dir = tmp / "data"
    env = {
        "TENDARR_DATA_DIR": str(data_dir),
        "TENDARR_HOST": "127.0.0.1",
        "TENDARR_PORT": str(port),
        **(extra_env or {}),
    }
    base_url = f"http://127.0.0.1:{port}"
    with running(["serve"], env, tmp / "serve.log") as process:
        wait_healthy(base_url, process)
        yield TendarrServer(base_url, data_dir, process, env)


@pytest.fixture
def tendarr_server(tmp_path: Path) -> Iterator[TendarrServer]:
    """Start ``tendarr serve`` (web + embedded workers) on a free port; stop it afterwards."""
    with serving(tmp_path) as server:
        yield server


# Package scope, not session: Playwright's sync API keeps an event loop running on the main
# thread while it is open, which would break asyncio.run() in every test collected after
# this package.
@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    """The Playwright driver (talks to the browser over pipes, not sockets)."""
    if not CHROMIUM.is_file():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt install chromium)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """One headless chromium for the browser tests."""
    launched = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


@dataclass
class BrowserErrors:
    """Uncaught JavaScript errors seen on any page of one test."""

    messages: list[str]


@pytest.fixture
def page_errors() -> BrowserErrors:
    return BrowserErrors([])


@pytest.fixture
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile (no cookies) with a desktop-sized viewport."""
    context = browser.new_context(viewport={"width": 1366, "height": 860})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: BrowserContext, page_errors: BrowserErrors) -> Page:
    """A tab whose uncaught script errors are recorded in ``page_errors``."""
    tab = browser_context.new_page()
    tab.on("pageerror", lambda error: page_errors.messages.append(str(error)))
    return tab


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """The git-ignored folder that screenshots go to."""
    folder = request.config.rootpath / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
