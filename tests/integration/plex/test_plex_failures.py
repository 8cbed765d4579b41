"""PlexServer under the simulator's faults: typed errors, retries, and no silent truncation."""

from __future__ import annotations

import socket

import httpx
import pytest

from tendarr.domain.media import ItemKind, LibraryPage
from tendarr.integrations.plex import PlexClient, PlexLibraryNotFound, PlexServer
from tendarr.ports.media_server import (
    ServerAuthFailed,
    ServerRateLimited,
    ServerResponseInvalid,
    ServerUnreachable,
)
from tendarr.sim.faults import Fault
from tests.integration.plex.conftest import CLIENT_ID, SERVER_ID, PlexSim

MOVIES, SHOWS = "1", "2"


def test_a_wrong_token_raises_server_auth_failed_everywhere(sim: PlexSim) -> None:
    adapter = sim.adapter(token="not-the-token")
    with pytest.raises(ServerAuthFailed):
        adapter.identity()
    with pytest.raises(ServerAuthFailed):
        adapter.libraries()
    with pytest.raises(ServerAuthFailed):
        list(adapter.iter_library(MOVIES))


def test_429_with_retry_after_is_waited_out_and_retried(sim: PlexSim) -> None:
    sim.faults.add(
        Fault("status", path="/library/sections/1/all", status=429, retry_after=7, times=2)
    )
    pages = list(sim.adapter().iter_library(MOVIES))
    assert sum(len(p.items) for p in pages) == len(sim.world.library_movies())
    assert sim.sleeps == [7.0, 7.0]


def test_429_that_never_ends_raises_server_rate_limited(sim: PlexSim) -> None:
    sim.faults.add(Fault("status", path="/library/sections/all", status=429, retry_after=2))
    with pytest.raises(ServerRateLimited) as caught:
        sim.adapter().libraries()
    assert caught.value.retry_after == 2.0
    assert len(sim.sleeps) == 3


def test_500_raises_server_unreachable_without_retrying(sim: PlexSim) -> None:
    sim.faults.add(Fault("status", path="/library/sections/all", status=500))
    with pytest.raises(ServerUnreachable, match="HTTP 500"):
        sim.adapter().libraries()
    assert sim.sleeps == []


def test_503_is_retried_with_backoff_then_raises_server_unreachable(sim: PlexSim) -> None:
    sim.faults.add(Fault("status", path="/", status=503))
    with pytest.raises(ServerUnreachable, match="HTTP 503"):
        sim.adapter().identity()
    assert sim.sleeps == [1.0, 2.0, 4.0]


def test_a_refused_connection_raises_server_unreachable() -> None:
    with socket.socket() as sock:  # bind, then close: nothing listens on the port now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with httpx.Client(timeout=2) as http:
        client = PlexClient(http, f"http://127.0.0.1:{port}", "token", CLIENT_ID)
        with pytest.raises(ServerUnreachable, match="cannot reach Plex"):
            PlexServer(SERVER_ID, client).identity()


def test_a_timeout_is_retried_then_raises_server_unreachable() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    sleeps: list[float] = []
    with httpx.Client(transport=httpx.MockTransport(hang)) as http:
        client = PlexClient(http, "http://plex.test:32400", "t", CLIENT_ID, sleep=sleeps.append)
        with pytest.raises(ServerUnreachable, match="in time"):
            client.sections()
    assert len(sleeps) == 3


def test_failure_at_page_n_raises_after_the_pages_before_it(sim: PlexSim) -> None:
    sim.faults.add(
        Fault("fail_page", path="/library/sections/1/all", status=500, page=2, page_size=5)
    )
    walk = sim.adapter().iter_library(MOVIES, page_size=5)
    received = [next(walk), next(walk)]
    with pytest.raises(ServerUnreachable):
        next(walk)
    assert [len(p.items) for p in received] == [5, 5]


def test_failure_in_an_episode_page_raises_after_shows_and_seasons(sim: PlexSim) -> None:
    sim.faults.add(
        Fault("fail_page", path="/library/sections/2/all", status=502, page=1, page_size=20)
    )
    received: list[LibraryPage] = []
    walk = sim.adapter().iter_library(SHOWS, page_size=20)
    with pytest.raises(ServerUnreachable):
        received.extend(walk)
    assert [p.items[0].kind for p in received] == [ItemKind.SHOW, ItemKind.SEASON, ItemKind.EPISODE]


def test_a_body_that_is_not_json_raises_server_response_invalid(sim: PlexSim) -> None:
    sim.faults.add(Fault("malformed", path="/library/sections/1/all"))
    with pytest.raises(ServerResponseInvalid, match="not JSON"):
        list(sim.adapter().iter_library(MOVIES))


def test_a_detail_body_that_is_not_json_raises_too(sim: PlexSim) -> None:
    sim.faults.add(Fault("malformed", path="/library/metadata/.*"))
    with pytest.raises(ServerResponseInvalid):
        list(sim.adapter().iter_library(MOVIES))


def test_a_malformed_item_becomes_an_item_problem_and_the_rest_still_arrive(
    sim: PlexSim,
) -> None:
    broken = sim.world.library_movies()[3]
    assert broken.file is not None
    broken.file.size = "huge"  # type: ignore[assignment]  # PMS now sends a non-number
    pages = list(sim.adapter().iter_library(MOVIES, page_size=10))
    problems = [x for p in pages for x in p.problems]
    items = [i for p in pages for i in p.items]
    assert [(x.server_id, x.native_id) for x in problems] == [
        (SERVER_ID, sim.native("movie", broken.id))
    ]
    assert "size" in problems[0].reason
    assert len(items) == len(sim.world.library_movies()) - 1


def test_an_item_whose_details_are_gone_becomes_a_problem_not_a_failure(sim: PlexSim) -> None:
    gone = sim.native("movie", sim.world.library_movies()[5].id)
    sim.faults.add(Fault("status", path=f"/library/metadata/(.*,)?{gone}(,.*)?", status=404))
    pages = list(sim.adapter(detail_batch=16).iter_library(MOVIES))
    problems = [x for p in pages for x in p.problems]
    assert [x.native_id for x in problems] == [gone]
    assert sum(len(p.items) for p in pages) == len(sim.world.library_movies()) - 1
    detail = [r for r in sim.requests if r.url.path.startswith("/library/metadata/")]
    assert len(detail) <= 2 + 2 * 4  # two batches, one split down to the single item


def test_an_unknown_library_raises_library_not_found(sim: PlexSim) -> None:
    with pytest.raises(PlexLibraryNotFound):
        list(sim.adapter().iter_library("99"))
