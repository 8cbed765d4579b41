"""Setup shared by the browser tests that run against a simulated household: its simulators
and a ``tendarr serve`` (conftest's ``serving``) pointed at them, an admin signed in over the
API, media servers and apps added through the API, and the admin's session handed to the
browser."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
from playwright.sync_api import Page

from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.world import World
from tests.e2e.conftest import TendarrServer, serving
from tests.simulators import simulators
from tests.support import ADMIN, wait_for

SERVERS = {"plex": "plex-home", "jellyfin": "jellyfin"}
NAMES = {"plex-home": "Home Plex", "jellyfin": "Jellyfin"}


@contextmanager
def signed_in_admin(base_url: str) -> Iterator[httpx.Client]:
    """Create the admin (the setup wizard's first step) and yield an API client signed in as
    them (session cookie + CSRF header)."""
    with httpx.Client(base_url=base_url, timeout=30) as admin:
        assert admin.post("/api/setup/admin", json=ADMIN).status_code in (200, 201)
        signed = admin.post("/api/auth/login", json=ADMIN)
        admin.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
        yield admin


@dataclass(frozen=True)
class Household:
    """The simulated household, the Tendarr serving it and the admin's API session."""

    world: World
    endpoints: list[Endpoint]
    services: dict[str, dict[str, Any]]
    server: TendarrServer
    admin: httpx.Client

    @property
    def base_url(self) -> str:
        """The Tendarr instance's address."""
        return self.server.base_url

    def get(self, path: str, **params: Any) -> Any:
        """GET ``path`` as the admin; return the JSON body."""
        response = self.admin.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def member(self, username: str) -> dict[str, Any]:
        """Return the person called ``username`` as ``/api/household`` lists them."""
        found: dict[str, Any] = next(
            m for m in self.get("/api/household")["members"] if m["username"] == username
        )
        return found

    def holder(self, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Return the person holding the first account of ``kind``, and that account."""
        return next(
            (m, a)
            for m in self.get("/api/household")["members"]
            for a in m["accounts"]
            if a["kind"] == kind
        )


@contextmanager
def simulated_household(world: World, tmp: Path, *, plex_tv: bool = False) -> Iterator[Household]:
    """Serve ``world``'s simulators and a ``tendarr serve`` with the admin signed in over the
    API; nothing is added to it yet. ``plex_tv``: Tendarr's plex.tv and Discover are the
    simulated ones."""
    endpoints = build_endpoints(world, "127.0.0.1", free_port_block(16))
    with simulators(world, endpoints) as services:
        extra = (
            {
                "TENDARR_PLEXTV_URL": services["plextv"]["url"],
                "TENDARR_PLEX_DISCOVER_URL": services["discover"]["url"],
            }
            if plex_tv
            else {}
        )
        with serving(tmp, extra) as server, signed_in_admin(server.base_url) as admin:
            yield Household(world, endpoints, services, server, admin)


def finished(admin: httpx.Client, job_type: str, count: int) -> None:
    """Wait until ``count`` jobs of ``job_type`` have ended, every one of them successfully."""

    def over() -> bool:
        jobs = admin.get("/api/jobs", params={"type": job_type}).json()["jobs"]
        ended = [j for j in jobs if j["state"] in {"succeeded", "failed"}]
        assert all(j["state"] == "succeeded" for j in ended), ended
        return len(ended) >= count

    wait_for(over, timeout=60, message=f"{count} {job_type} jobs")


def server_bodies(services: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The Plex (with Tautulli) and Jellyfin servers as ``POST /api/servers`` takes them."""
    plex, jellyfin, tautulli = services["plex"], services["jellyfin"], services["tautulli"]
    return [
        {
            "id": "plex-home",
            "kind": "plex",
            "name": NAMES["plex-home"],
            "url": plex["url"],
            "auth": {"method": "token", "token": plex["token"]},
            "tautulli": {"url": tautulli["url"], "api_key": tautulli["api_key"]},
        },
        {
            "id": "jellyfin",
            "kind": "jellyfin",
            "name": NAMES["jellyfin"],
            "url": jellyfin["url"],
            "auth": {"method": "api_key", "api_key": jellyfin["api_key"]},
        },
    ]


def add_server(admin: httpx.Client, body: dict[str, Any]) -> None:
    """Add a media server, read its libraries and queue a full sync of it."""
    assert admin.post("/api/servers", json=body).status_code == 201
    assert admin.post(f"/api/servers/{body['id']}/refresh-libraries").is_success
    queued = admin.post(f"/api/servers/{body['id']}/sync", json={"full": True})
    assert queued.status_code == 202, queued.text


def sync_plex_and_jellyfin(household: Household) -> None:
    """Add Plex (with Tautulli) and Jellyfin and sync them: libraries, accounts, history."""
    for body in server_bodies(household.services):
        add_server(household.admin, body)
    finished(household.admin, "library.sync", 2)
    finished(household.admin, "household.sync", 2)
    # Plays read before their library items existed attach on a second pass.
    for server_id in SERVERS.values():
        household.admin.post("/api/household/sync", json={"server_id": server_id})
    finished(household.admin, "household.sync", 4)


def sync_jellyfin(household: Household) -> None:
    """Add the simulated Jellyfin and wait for its library sync."""
    jellyfin = household.services["jellyfin"]
    body = {
        "id": "jellyfin",
        "kind": "jellyfin",
        "name": "Jellyfin",
        "url": jellyfin["url"],
        "auth": {"method": "api_key", "api_key": jellyfin["api_key"]},
    }
    add_server(household.admin, body)
    finished(household.admin, "library.sync", 1)


def add_app(household: Household, path: str, kind: str) -> None:
    """Connect the simulated ``kind`` (``sonarr``, ``radarr``, ``jellyseerr``…) as
    ``{kind}-main`` through ``path`` (``/api/arr`` or ``/api/request-apps``)."""
    service = household.services[kind]
    body = {
        "id": f"{kind}-main",
        "kind": kind,
        "name": kind.title(),
        "url": service["url"],
        "api_key": service["api_key"],
    }
    created = household.admin.post(path, json=body)
    assert created.status_code == 201, created.text


class SignedIn(Protocol):
    """Anything that knows a Tendarr address and holds the admin's API session."""

    @property
    def base_url(self) -> str: ...

    @property
    def admin(self) -> httpx.Client: ...


def as_admin(page: Page, site: SignedIn) -> None:
    """Give the browser the admin's session (no login form, no rate-limit hit)."""
    cookies = [
        {"name": name, "value": value, "url": site.base_url}
        for name, value in site.admin.cookies.items()
    ]
    page.context.add_cookies(cookies)  # type: ignore[arg-type]


def size_text(size: int) -> str:
    """``Tendarr.formatSize`` in Python."""
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    value, unit = float(size), 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    return f"{round(value) if value >= 100 or unit == 0 else f'{value:.1f}'} {units[unit]}"
