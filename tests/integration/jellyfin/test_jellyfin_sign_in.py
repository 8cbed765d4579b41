"""Signing in to Jellyfin: password, Quick Connect, and what a rejected token raises."""

from __future__ import annotations

import json

import pytest

from tendarr.ports.media_server import ServerAuthFailed, ServerResponseInvalid
from tendarr.sim.jellyfin import credentials
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World
from tests.integration.jellyfin.conftest import DEVICE, Rig
from tests.integration.jellyfin.world_view import collect

ANONYMOUS = (
    'MediaBrowser Client="Tendarr", Device="ci", DeviceId="tendarr-test-device-1", Version="0.1.0"'
)


def sim_of(rig: Rig) -> SimServer:
    sim: SimServer = rig.app.state.sim
    return sim


def test_password_sign_in_returns_a_token_that_reads_the_library(
    rig: Rig, world: World, sim_server: MediaServer
) -> None:
    login = credentials(world)
    result = rig.client.authenticate_by_name(login["username"], login["password"])
    assert result.user.id == login["user_id"]
    assert result.user.name == login["username"]
    assert result.user.is_administrator
    assert result.server_id == sim_server.machine_id
    sent = rig.sent.requests[-1]
    assert (sent.method, sent.url.path) == ("POST", "/Users/AuthenticateByName")
    assert json.loads(sent.content) == {"Username": login["username"], "Pw": login["password"]}
    assert sent.headers["Authorization"] == ANONYMOUS
    signed_in = rig.client.with_token(result.access_token)
    movie_lib = next(lib.key for lib in sim_server.libraries if lib.kind == "movie")
    rig.client = signed_in
    assert collect(rig.server(user_id=result.user.id).iter_library(movie_lib))
    assert f'Token="{result.access_token}"' in rig.sent.requests[-1].headers["Authorization"]


def test_wrong_password_raises_auth_failed(rig: Rig, world: World) -> None:
    with pytest.raises(ServerAuthFailed):
        rig.client.authenticate_by_name(credentials(world)["username"], "not-the-password")


def test_rejected_token_raises_auth_failed(rig: Rig) -> None:
    rig.client = rig.client.with_token("stale-token")
    with pytest.raises(ServerAuthFailed, match="401"):
        rig.server().identity()


def test_users_are_listed(rig: Rig, world: World) -> None:
    users = rig.client.users()
    owner = credentials(world)["user_id"]
    assert {u.id for u in users} == {
        u.jellyfin_id for u in world.users if "jellyfin-1" in u.servers
    }
    assert next(u for u in users if u.id == owner).is_administrator


def test_quick_connect_signs_in_once_the_user_approves(rig: Rig, world: World) -> None:
    quick = rig.client.quick_connect
    assert quick.enabled() is True
    request = quick.initiate()
    assert len(request.code) == 6
    assert not request.authenticated
    initiate = rig.sent.requests[-1]
    assert (initiate.method, initiate.url.path) == ("POST", "/QuickConnect/Initiate")
    assert DEVICE.device_id in initiate.headers["Authorization"]
    assert quick.connect(request.secret) is False
    assert rig.sent.requests[-1].url.params["secret"] == request.secret
    owner = next(u for u in world.users if u.kind == "owner")
    assert sim_of(rig).authorize_quick_connect(request.code, owner)
    assert quick.connect(request.secret) is True
    result = quick.authenticate_with_quick_connect(request.secret)
    assert result.user.id == owner.jellyfin_id
    assert json.loads(rig.sent.requests[-1].content) == {"Secret": request.secret}
    rig.client = rig.client.with_token(result.access_token)
    assert rig.server().identity().machine_id


def test_quick_connect_when_switched_off(rig: Rig) -> None:
    sim_of(rig).state.quick_connect_enabled = False
    assert rig.client.quick_connect.enabled() is False
    with pytest.raises(ServerAuthFailed):
        rig.client.quick_connect.initiate()


def test_polling_an_unknown_secret_raises(rig: Rig) -> None:
    with pytest.raises(ServerResponseInvalid):
        rig.client.quick_connect.connect("no-such-secret")
