"""The Overseerr/Jellyseerr adapter against the simulators: complete pages, errors, clearing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from tendarr.integrations._http import VendorHttp
from tendarr.integrations.seerr.adapter import SeerrAdapter
from tendarr.integrations.seerr.client import SeerrClient
from tendarr.ports.media_server import (
    ServerAuthFailed,
    ServerRateLimited,
    ServerResponseInvalid,
    ServerUnreachable,
)
from tendarr.sim import seerr
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, free_port_block
from tendarr.sim.model import MediaRequest
from tendarr.sim.world import World
from tests.simulators import simulators


@dataclass
class Rig:
    world: World
    faults: dict[str, FaultPlan]
    urls: dict[str, str]
    slept: list[float] = field(default_factory=list)
    clients: list[httpx.Client] = field(default_factory=list)

    def adapter(
        self, flavour: str = "overseerr", *, key: str | None = None, page: int = 7
    ) -> SeerrAdapter:
        client = httpx.Client(base_url=self.urls[flavour], timeout=5.0)
        self.clients.append(client)
        http = VendorHttp(client, flavour.title(), retries=2, sleep=self.slept.append)
        api_key = key or seerr.credentials(self.world, flavour)["api_key"]  # type: ignore[arg-type]
        return SeerrAdapter(SeerrClient(http, api_key), page_size=page)


@pytest.fixture
def rig() -> Iterator[Rig]:
    world = generate_world(WorldConfig(seed=11, movies=40, shows=6, users=4))
    faults = {"overseerr": FaultPlan(), "jellyseerr": FaultPlan()}
    base = free_port_block(2)
    endpoints = [
        Endpoint(
            flavour,
            seerr.create_app(world, flavour=flavour, faults=faults[flavour]),  # type: ignore[arg-type]
            f"http://127.0.0.1:{base + n}",
            seerr.credentials(world, flavour),  # type: ignore[arg-type]
        )
        for n, flavour in enumerate(("overseerr", "jellyseerr"))
    ]
    with simulators(world, endpoints) as described:
        rig = Rig(world, faults, {name: str(d["url"]) for name, d in described.items()})
        try:
            yield rig
        finally:
            for client in rig.clients:
                client.close()


def test_requests_reads_every_page_with_requesters_and_ids(rig: Rig) -> None:
    assert len(rig.world.requests) > 7  # more than one page
    found = rig.adapter().requests()
    assert sorted(r.id for r in found) == sorted(r.id for r in rig.world.requests)
    by_id = {r.id: r for r in rig.world.requests}
    for request in found:
        source = by_id[request.id]
        user = rig.world.user_by_id[source.user_id]
        assert request.requester.seerr_id == user.id
        assert request.requester.email == user.email
        assert request.requester.plex_username == user.username
        if source.kind == "movie":
            assert request.media_type == "movie"
            assert request.tmdb_id == rig.world.movie_by_id[source.item_id].tmdb_id
        else:
            show = rig.world.show_by_id[source.item_id]
            assert (request.media_type, request.tmdb_id) == ("tv", show.tmdb_id)
            assert request.tvdb_id == show.tvdb_id
        assert request.status == source.status
        assert request.created_at == source.created_at.replace(
            microsecond=source.created_at.microsecond // 1000 * 1000
        )


def test_jellyseerr_reports_jellyfin_usernames_and_ids(rig: Rig) -> None:
    users = {u.seerr_id: u for u in rig.adapter("jellyseerr").users()}
    assert len(users) == len(rig.world.users)
    for user in rig.world.users:
        assert users[user.id].jellyfin_username == user.username
        assert users[user.id].jellyfin_user_id == user.jellyfin_id


def test_check_reports_version_and_refuses_a_wrong_key(rig: Rig) -> None:
    status = rig.adapter().check()
    assert status.version == "1.34.0"
    with pytest.raises(ServerAuthFailed, match=r"Settings → General$") as refused:
        rig.adapter(key="wrong").check()
    assert "rejected the API key" in str(refused.value)


def test_a_failing_page_raises_instead_of_returning_part(rig: Rig) -> None:
    rig.faults["overseerr"].add(
        Fault("fail_page", path="/api/v1/request", status=500, page=1, page_size=7)
    )
    with pytest.raises(ServerUnreachable):
        rig.adapter().requests()


def test_rate_limiting_past_the_retries_is_server_rate_limited(rig: Rig) -> None:
    rig.faults["overseerr"].add(Fault("status", path="/api/v1/request", status=429))
    with pytest.raises(ServerRateLimited):
        rig.adapter().requests()
    assert rig.slept  # it backed off before giving up


def test_a_short_total_is_an_error_not_a_partial_list(rig: Rig) -> None:
    class Lying(SeerrClient):
        def get(self, path: str, params: object = None, *, missing: str | None = None) -> object:
            body = super().get(path, params)  # type: ignore[arg-type]
            if path == "/request" and isinstance(body, dict):
                body["pageInfo"]["results"] += 5  # claims more than it will ever send
            return body

    honest = rig.adapter()
    lying = SeerrAdapter(Lying(honest._client._http, honest._client._api_key), page_size=7)
    with pytest.raises(ServerResponseInvalid, match="and then an empty page"):
        lying.requests()


def test_down_app_is_unreachable(rig: Rig) -> None:
    client = httpx.Client(base_url=f"http://127.0.0.1:{free_port_block(1)}", timeout=2.0)
    rig.clients.append(client)
    adapter = SeerrAdapter(SeerrClient(VendorHttp(client, "Overseerr", retries=0), "key"))
    with pytest.raises(ServerUnreachable):
        adapter.requests()


def test_clear_deletes_requests_and_resets_media_so_it_can_be_requested_again(rig: Rig) -> None:
    movie_request = next(r for r in rig.world.requests if r.kind == "movie")
    movie = rig.world.movie_by_id[movie_request.item_id]
    cleared = rig.adapter().clear("movie", movie.tmdb_id)
    assert cleared.requests_deleted >= 1
    assert cleared.media_reset
    left: list[MediaRequest] = [
        r for r in rig.world.requests if (r.kind, r.item_id) == ("movie", movie.id)
    ]
    assert left == []
    again = rig.adapter().clear("movie", movie.tmdb_id)
    assert (again.requests_deleted, again.media_reset) == (0, False)


def test_clear_of_a_title_the_app_does_not_know_clears_nothing(rig: Rig) -> None:
    cleared = rig.adapter().clear("movie", 987_654_321)
    assert (cleared.requests_deleted, cleared.media_reset) == (0, False)


def test_clear_on_an_unreachable_app_raises(rig: Rig) -> None:
    rig.faults["overseerr"].add(Fault("status", path="/api/v1/movie/.*", status=503))
    movie = rig.world.movie_by_id[next(r for r in rig.world.requests if r.kind == "movie").item_id]
    with pytest.raises(ServerUnreachable):
        rig.adapter().clear("movie", movie.tmdb_id)
