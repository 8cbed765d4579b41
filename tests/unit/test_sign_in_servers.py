"""The sign-in service with typed fakes: entries, tokens, handles and error mapping."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tendarr.domain.errors import (
    Conflict,
    NotFound,
    SignInGone,
    SignInRejected,
    UpstreamFailed,
    ValidationFailed,
)
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig, free_server_id
from tendarr.ports.media_server import ServerAuthFailed, ServerUnreachable
from tendarr.ports.signin import (
    PinChallenge,
    PlexAccountInfo,
    PlexAccountServers,
    PlexServerOffer,
    QuickConnectChallenge,
    ServerConnection,
    SignedIn,
)
from tendarr.security.secretbox import SecretBox
from tendarr.services.sign_in_servers import EntryChoice, ServerSignIn
from tests.support import FakeClock

URL = "http://jellyfin.lan:8096"


class FakePlexTv:
    def __init__(self) -> None:
        self.approved: PlexAccountServers | None = None

    def create_pin(self) -> PinChallenge:
        return PinChallenge(7, "CODE", "https://app.plex.tv/auth#?code=CODE", None)

    def check_pin(self, pin_id: int) -> PlexAccountServers | None:
        return self.approved


class FakeMediaBrowser:
    def __init__(self) -> None:
        self.server_id = "jf-machine"
        self.failure: Exception | None = None
        self.approved = False

    def sign_in(self, kind: ServerKind, url: str, username: str, password: str) -> SignedIn:
        if self.failure is not None:
            raise self.failure
        return SignedIn("user-token", "user-1", "Den", self.server_id)

    def start_quick_connect(self, url: str) -> QuickConnectChallenge:
        return QuickConnectChallenge("123456", "the-secret")

    def quick_connect_approved(self, url: str, secret: str) -> bool:
        assert (url, secret) == (URL, "the-secret")
        return self.approved

    def redeem_quick_connect(self, url: str, secret: str) -> SignedIn:
        return SignedIn("qc-token", "user-1", "Den", self.server_id)


class FakeEntries:
    """ServerEntries keeping unredacted configs, so tests can see what would be stored."""

    def __init__(self) -> None:
        self.saved: dict[str, ServerConfig] = {}

    def all(self) -> list[ServerConfig]:
        return [c.redacted() for c in self.saved.values()]

    def create(self, config: ServerConfig, actor: str | None) -> ServerConfig:
        self.saved[config.id] = config
        return config.redacted()

    def replace(self, config: ServerConfig, actor: str | None) -> ServerConfig:
        self.saved[config.id] = config
        return config.redacted()


class Rig:
    def __init__(self) -> None:
        self.plex = FakePlexTv()
        self.mediabrowser = FakeMediaBrowser()
        self.entries = FakeEntries()
        self.clock = FakeClock()
        self.service = ServerSignIn(
            self.plex, self.mediabrowser, self.entries, self.clock, SecretBox("test-key")
        )

    def password(self, choice: EntryChoice = EntryChoice()) -> ServerConfig:
        saved = self.service.sign_in_with_password(
            ServerKind.JELLYFIN, URL + "/", "me", "pw", choice, "admin"
        )
        return saved.server


@pytest.fixture
def rig() -> Rig:
    return Rig()


def test_password_sign_in_stores_the_token_and_user_but_never_the_password(rig: Rig) -> None:
    entry = rig.password()
    assert (entry.id, entry.name, entry.url, entry.server_identity) == (
        "den",
        "Den",
        URL,
        "jf-machine",
    )
    assert rig.entries.saved["den"].auth == {
        "method": "password",
        "access_token": "user-token",
        "user_id": "user-1",
    }


def test_new_entry_id_avoids_ids_in_use() -> None:
    assert free_server_id("Living Room Plex!", {"living-room-plex"}) == "living-room-plex-2"
    assert free_server_id("???", set()) == "server"


def test_entry_for_another_server_is_not_overwritten(rig: Rig) -> None:
    rig.password(EntryChoice(id="den"))
    rig.mediabrowser.server_id = "another-machine"
    with pytest.raises(Conflict, match="different jellyfin server"):
        rig.password(EntryChoice(id="den"))
    rig.entries.saved["den"] = replace(rig.entries.saved["den"], kind=ServerKind.EMBY)
    with pytest.raises(Conflict, match="is a emby server"):
        rig.password(EntryChoice(id="den"))


@pytest.mark.parametrize(
    ("failure", "mapped"),
    [
        (ServerAuthFailed("Jellyfin rejected the user name or password"), SignInRejected),
        (ServerUnreachable("cannot reach Jellyfin"), UpstreamFailed),
    ],
)
def test_vendor_failures_become_domain_errors(
    rig: Rig, failure: Exception, mapped: type[Exception]
) -> None:
    rig.mediabrowser.failure = failure
    with pytest.raises(mapped, match=str(failure)):
        rig.password()
    assert rig.entries.saved == {}


def test_quick_connect_handle_is_sealed_and_expires(rig: Rig) -> None:
    started = rig.service.start_quick_connect(URL)
    assert "the-secret" not in started.poll_id
    assert rig.service.quick_connect_approved(started.poll_id) is False
    with pytest.raises(Conflict):
        rig.service.add_quick_connect_server(started.poll_id, EntryChoice(), None)
    rig.mediabrowser.approved = True
    saved = rig.service.add_quick_connect_server(started.poll_id, EntryChoice(), None)
    assert saved.created
    assert rig.entries.saved[saved.server.id].auth["method"] == "quick_connect"
    rig.clock.advance(601)
    with pytest.raises(SignInGone):
        rig.service.quick_connect_approved(started.poll_id)
    with pytest.raises(NotFound):
        rig.service.quick_connect_approved(started.poll_id[:-4] + "AAAA")


def approved(token: str | None, connections: tuple[ServerConnection, ...]) -> PlexAccountServers:
    offer = PlexServerOffer("Home", "pms-1", True, connections, access_token=token)
    return PlexAccountServers(PlexAccountInfo(1, "me", None, None), (offer,), "account-token")


def test_plex_add_uses_the_servers_token_and_best_connection(rig: Rig) -> None:
    best = ServerConnection("http://192.168.1.2:32400", True, False)
    rig.plex.approved = approved("server-token", (best,))
    saved = rig.service.add_plex_server(7, "pms-1", None, EntryChoice(), "admin")
    assert (saved.created, saved.server.url, saved.server.id) == (True, best.uri, "home")
    assert rig.entries.saved["home"].auth == {"method": "token", "token": "server-token"}
    rig.plex.approved = approved(None, (best,))
    again = rig.service.add_plex_server(7, "pms-1", "http://plex.lan:32400/", EntryChoice(), None)
    assert (again.created, again.server.url) == (False, "http://plex.lan:32400")
    assert rig.entries.saved["home"].auth["token"] == "account-token"


def test_plex_add_refuses_unknown_servers_and_missing_connections(rig: Rig) -> None:
    rig.plex.approved = approved("t", ())
    with pytest.raises(NotFound):
        rig.service.add_plex_server(7, "other", None, EntryChoice(), None)
    with pytest.raises(ValidationFailed, match="no connection"):
        rig.service.add_plex_server(7, "pms-1", None, EntryChoice(), None)
    with pytest.raises(ValidationFailed, match="http"):
        rig.service.add_plex_server(7, "pms-1", "plex.lan", EntryChoice(), None)
