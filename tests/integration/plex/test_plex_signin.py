"""plex.tv PIN sign-in, account and server discovery against the plex.tv simulator."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.integrations.plex import PinExpired, PlexSignIn
from tendarr.integrations.plex.signin import PlexConnection
from tendarr.ports.media_server import ServerAuthFailed, ServerResponseInvalid
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.plex import PlexTvState, approve_pin, create_plextv_app
from tendarr.sim.world import World
from tests.integration.plex.conftest import CLIENT_ID

PLEX_TV = "https://plex.tv.sim.test"
PMS_URL = "http://192.168.1.20:32400"


class PlexTv:
    """The plex.tv simulator with its state, faults and the requests it received."""

    def __init__(self) -> None:
        self.world: World = generate_world(
            WorldConfig(movies=3, shows=1, users=3, servers=("plex",))
        )
        self.state = PlexTvState(self.world, server_urls={"plex-1": PMS_URL})
        self.faults = FaultPlan()
        self.http = TestClient(create_plextv_app(self.world, state=self.state, faults=self.faults))
        self.requests: list[httpx.Request] = []
        self.http.event_hooks["request"].append(self.requests.append)

    def signin(self) -> PlexSignIn:
        return PlexSignIn(self.http, CLIENT_ID, base_url=PLEX_TV, version="9.9.9", sleep=_no_wait)


def _no_wait(seconds: float) -> None:
    return None


@pytest.fixture
def tv() -> PlexTv:
    return PlexTv()


def test_pin_flow_end_to_end_yields_the_users_token_account_and_servers(tv: PlexTv) -> None:
    signin = tv.signin()
    pin = signin.create_pin()
    assert len(pin.code) == 25
    assert pin.expires_at is not None
    assert pin.expires_at.tzinfo is not None
    assert signin.check_pin(pin.id) is None  # not approved yet

    user = next(u for u in tv.world.users if u.kind == "owner")
    approve_pin(tv.state, pin.id, user.id)
    token = signin.check_pin(pin.id)
    assert token == user.plex_token

    account = signin.account(token)
    assert (account.id, account.uuid, account.username, account.email) == (
        user.plex_account_id,
        user.plex_uuid,
        user.username,
        user.email,
    )
    (server,) = signin.servers(token)
    plex = tv.world.server("plex-1")
    assert (server.name, server.machine_identifier, server.access_token) == (
        plex.name,
        plex.machine_id,
        plex.token,
    )
    assert server.owned
    assert server.version == plex.version
    assert server.connections == (
        PlexConnection(
            uri=PMS_URL,
            local=True,
            relay=False,
            protocol="http",
            address="192.168.1.20",
            port=32400,
        ),
    )


def test_create_pin_sends_a_strong_request_with_the_client_identity(tv: PlexTv) -> None:
    pin = tv.signin().create_pin()
    request = tv.requests[0]
    assert (request.method, request.url.path, dict(request.url.params)) == (
        "POST",
        "/api/v2/pins",
        {"strong": "true"},
    )
    assert str(request.url).startswith(PLEX_TV)
    assert request.headers["X-Plex-Client-Identifier"] == CLIENT_ID
    assert request.headers["X-Plex-Product"] == "Tendarr"
    assert request.headers["X-Plex-Version"] == "9.9.9"
    assert request.headers["Accept"] == "application/json"
    assert "X-Plex-Token" not in request.headers
    base, _, fragment = pin.auth_url.partition("#?")
    assert base == "https://app.plex.tv/auth"
    assert parse_qs(fragment) == {
        "clientID": [CLIENT_ID],
        "code": [pin.code],
        "context[device][product]": ["Tendarr"],
    }


def test_account_and_servers_send_the_token_and_resource_flags(tv: PlexTv) -> None:
    friend = next(u for u in tv.world.users if u.kind != "owner" and "plex-1" in u.servers)
    servers = tv.signin().servers(friend.plex_token)
    request = tv.requests[-1]
    assert request.url.path == "/api/v2/resources"
    assert dict(request.url.params) == {"includeHttps": "1", "includeRelay": "1"}
    assert request.headers["X-Plex-Token"] == friend.plex_token
    assert [(s.owned, s.access_token) for s in servers] == [(False, friend.plex_token)]


def test_an_expired_pin_raises_pin_expired(tv: PlexTv) -> None:
    signin = tv.signin()
    pin = signin.create_pin()
    tv.world.advance(1801)
    with pytest.raises(PinExpired):
        signin.check_pin(pin.id)


def test_a_bad_token_raises_server_auth_failed(tv: PlexTv) -> None:
    with pytest.raises(ServerAuthFailed):
        tv.signin().account("not-a-token")
    with pytest.raises(ServerAuthFailed):
        tv.signin().servers("not-a-token")


def test_a_malformed_plextv_answer_raises_server_response_invalid(tv: PlexTv) -> None:
    tv.faults.add(Fault("malformed", path="/api/v2/pins"))
    with pytest.raises(ServerResponseInvalid):
        tv.signin().create_pin()


def test_servers_keep_only_servers_and_order_connections_local_direct_first() -> None:
    def connection(uri: str, *, local: bool, relay: bool) -> dict[str, Any]:
        return {"uri": uri, "local": local, "relay": relay, "protocol": "https"}

    resources = [
        {"name": "Phone", "provides": "client,player", "clientIdentifier": "phone"},
        {
            "name": "Attic",
            "provides": "server",
            "clientIdentifier": "abc",
            "accessToken": "srv-token",
            "owned": True,
            "connections": [
                connection("https://relay.plex.direct:8443", local=False, relay=True),
                connection("https://203-0-113-10.plex.direct:32400", local=False, relay=False),
                connection("https://10-0-0-5.plex.direct:32400", local=True, relay=False),
            ],
        },
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=resources)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    (server,) = PlexSignIn(http, CLIENT_ID, base_url=PLEX_TV).servers("t")
    assert server.machine_identifier == "abc"
    assert [c.uri for c in server.connections] == [
        "https://10-0-0-5.plex.direct:32400",
        "https://203-0-113-10.plex.direct:32400",
        "https://relay.plex.direct:8443",
    ]
