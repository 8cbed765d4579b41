"""Tautulli's history of a Plex server, read page by page as RemotePlay events."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tendarr.domain.household import PlaySource, RemotePlay
from tendarr.integrations.tautulli.client import TautulliClient, TautulliCommandFailed
from tendarr.integrations.tautulli.history import TautulliHistory, tautulli_history
from tendarr.ports.household import PlayHistorySource
from tendarr.ports.media_server import ServerAuthFailed, ServerResponseInvalid, ServerUnreachable
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.hub import free_port_block
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World
from tests.integration.tautulli.conftest import SERVER_ID, URL, Rig
from tests.simulators import simulators


def expected_plays(
    world: World, plex: MediaServer, since: datetime | None = None
) -> set[RemotePlay]:
    """Return the World's plays on ``plex`` as Tautulli reports them (times in whole seconds)."""
    out: set[RemotePlay] = set()
    for play in world.plays:
        if play.server_id != plex.id:
            continue
        stopped = datetime.fromtimestamp(int(play.stopped_at.timestamp()), UTC)
        if since is not None and stopped <= since:
            continue
        out.add(
            RemotePlay(
                server_id=SERVER_ID,
                source=PlaySource.TAUTULLI,
                event_id=str(play.id),
                account_native_id=str(world.user_by_id[play.user_id].plex_account_id),
                item_native_id=plex.native_ids[(play.item_kind, play.item_id)],
                watched_at=stopped,
                completed=play.completed,
                player=play.player,
            )
        )
    return out


def history_params(rig: Rig) -> list[dict[str, str]]:
    return [
        dict(r.url.params) for r in rig.sent.requests if r.url.params.get("cmd") == "get_history"
    ]


def test_tautulli_history_is_a_play_history_source(rig: Rig) -> None:
    source: PlayHistorySource = rig.source()
    assert isinstance(source, TautulliHistory)
    assert source.server_id == SERVER_ID


def test_history_pages_hold_every_play_on_the_plex_server(
    rig: Rig, world: World, plex: MediaServer
) -> None:
    pages = list(rig.source().history(page_size=7))
    plays = [p for page in pages for p in page]
    expected = expected_plays(world, plex)
    assert len(pages) == math.ceil(len(expected) / 7)
    assert len(plays) == len(expected)
    assert set(plays) == expected
    assert {p.completed for p in plays} == {True, False}
    sent = history_params(rig)
    assert [s["start"] for s in sent] == [str(n) for n in range(0, len(expected), 7)]
    assert sent[0] == {
        "apikey": rig.api_key,
        "cmd": "get_history",
        "out_type": "json",
        "start": "0",
        "order_column": "date",
        "order_dir": "desc",
        "grouping": "0",
        "include_activity": "0",
        "length": "7",
    }


def test_history_since_asks_from_the_day_before_and_keeps_only_later_plays(
    rig: Rig, world: World, plex: MediaServer
) -> None:
    stopped = sorted(p.stopped_at for p in world.plays if p.server_id == plex.id)
    since = stopped[len(stopped) * 2 // 3].replace(microsecond=0)
    plays = [p for page in rig.source().history(since, page_size=5) for p in page]
    expected = expected_plays(world, plex, since)
    assert 0 < len(expected) < len(stopped) // 2
    assert set(plays) == expected
    assert len(plays) == len(expected)
    sent = history_params(rig)
    assert {s["after"] for s in sent} == {(since - timedelta(days=1)).date().isoformat()}
    assert len(sent) < math.ceil(len(stopped) / 5)


def test_check_names_the_plex_server_tautulli_watches(rig: Rig, plex: MediaServer) -> None:
    assert rig.source().check() == plex.machine_id


def test_a_wrong_api_key_is_auth_failed(rig: Rig) -> None:
    source = rig.source(api_key="0" * 32)
    with pytest.raises(ServerAuthFailed, match="Invalid apikey"):
        source.check()
    with pytest.raises(ServerAuthFailed, match="Invalid apikey"):
        list(source.history())


def test_an_error_envelope_raises_with_its_message(rig: Rig) -> None:
    client = TautulliClient(rig.http, URL, rig.api_key)
    with pytest.raises(TautulliCommandFailed, match="Unknown command: get_everything"):
        client.call("get_everything")
    with pytest.raises(ServerUnreachable, match="Command get_plays_by_date is not simulated"):
        client.call("get_plays_by_date")


def test_an_error_envelope_with_http_200_still_raises() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        body = {"response": {"result": "error", "message": "Unable to execute query", "data": {}}}
        return httpx.Response(200, json=body)

    source = tautulli_history(
        httpx.Client(transport=httpx.MockTransport(answer)), URL, "key", SERVER_ID
    )
    with pytest.raises(TautulliCommandFailed, match="Unable to execute query"):
        list(source.history())


def test_a_failing_page_fails_the_history(rig: Rig, faults: FaultPlan) -> None:
    faults.add(Fault("fail_page", path="/api/v2", page=1, page_size=7, status=500))
    pages = rig.source().history(page_size=7)
    assert next(pages)
    with pytest.raises(ServerUnreachable, match="HTTP 500"):
        next(pages)


def test_a_url_that_is_not_tautulli_is_reported(rig: Rig) -> None:
    source = tautulli_history(rig.http, f"{URL}/not-tautulli", rig.api_key, SERVER_ID)
    with pytest.raises(ServerResponseInvalid, match="no API envelope"):
        source.check()


def test_tautulli_down_is_unreachable() -> None:
    url = f"http://127.0.0.1:{free_port_block(1)}"
    with (
        httpx.Client(timeout=5) as http,
        pytest.raises(ServerUnreachable, match="cannot reach Tautulli"),
    ):
        tautulli_history(http, url, "key", SERVER_ID).check()


def test_history_over_loopback_http(world: World, plex: MediaServer) -> None:
    with simulators(world) as described, httpx.Client(timeout=10) as http:
        tautulli = described["tautulli"]
        source = tautulli_history(http, tautulli["url"], tautulli["api_key"], SERVER_ID)
        assert source.check() == plex.machine_id
        plays = [p for page in source.history(page_size=50) for p in page]
    assert set(plays) == expected_plays(world, plex)
    assert len(plays) == len(expected_plays(world, plex))
