"""plex.tv's view of who may use a server: the owner, shared users and Plex Home.

``/api/users`` (XML only) lists everyone the owner shares with, each with a ``Server``
element per server shared; ``/api/home/users`` (XML) lists the Plex Home members with
their plex.tv ``uuid``. ``/api/users`` carries no uuid attribute, but each user's avatar
URL is ``https://plex.tv/users/<uuid>/avatar``, which is where the uuid is read from.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import httpx

import tendarr
from tendarr.domain.household import AccountKind, RemoteAccount
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.plex.client import plex_headers
from tendarr.integrations.plex.signin import PLEX_TV_URL, PlexAccount, PlexSignIn
from tendarr.ports.media_server import ServerResponseInvalid

AVATAR_UUID = re.compile(r"/users/([0-9a-fA-F]+)/avatar")


@dataclass(frozen=True)
class PlexSharedUser:
    """A user of ``/api/users`` and the machine ids of the servers shared with them."""

    id: str
    username: str
    title: str
    email: str | None
    home: bool
    restricted: bool
    uuid: str | None
    servers: frozenset[str]


@dataclass(frozen=True)
class PlexHomeUser:
    """A Plex Home member of ``/api/home/users``."""

    id: str
    uuid: str | None
    username: str
    title: str
    email: str | None
    restricted: bool


class PlexTvAccounts:
    """Read the server owner's account, shares and Home from plex.tv with the owner's token."""

    def __init__(
        self,
        http: httpx.Client,
        token: str,
        client_identifier: str,
        *,
        base_url: str = PLEX_TV_URL,
        version: str = tendarr.__version__,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = VendorHttp(http, "plex.tv", sleep=sleep)
        self._signin = PlexSignIn(
            http, client_identifier, base_url=base_url, version=version, sleep=sleep
        )
        self._base = base_url.rstrip("/")
        self._token = token
        self._headers = {
            **plex_headers(client_identifier, version),
            "Accept": "application/xml",
            "X-Plex-Token": token,
        }

    def owner(self) -> PlexAccount:
        """Return the account the token belongs to: the server owner."""
        return self._signin.account(self._token)

    def shared_users(self) -> list[PlexSharedUser]:
        """Return everyone the owner shares any server with (``/api/users``)."""
        return [_shared_user(node) for node in self._users("/api/users")]

    def home_users(self) -> list[PlexHomeUser]:
        """Return the members of the owner's Plex Home (``/api/home/users``)."""
        return [_home_user(node) for node in self._users("/api/home/users")]

    def _users(self, path: str) -> list[ET.Element]:
        response = self._http.request("GET", self._base + path, headers=self._headers)
        return _parse_xml(response.text, path).findall("User")


def household_accounts(
    server_id: str,
    machine_id: str,
    owner: PlexAccount,
    shared: Sequence[PlexSharedUser],
    home: Sequence[PlexHomeUser],
) -> list[RemoteAccount]:
    """Return the owner, the users this server is shared with, and its Home members.

    A Home member is left out only when ``/api/users`` lists them with other servers but
    not this one; Home wins over a share of the same account.
    """
    owner_id = str(owner.id)
    found: dict[str, RemoteAccount] = {
        owner_id: RemoteAccount(
            server_id=server_id,
            native_id=owner_id,
            username=owner.username or owner.title or owner_id,
            kind=AccountKind.OWNER,
            email=owner.email or None,
            display_name=owner.title or None,
            plex_uuid=owner.uuid,
        )
    }
    listed = {user.id: user for user in shared}
    for user in shared:
        if user.id != owner_id and machine_id in user.servers:
            kind = _kind(user.restricted, user.email) if user.home else AccountKind.FRIEND
            found[user.id] = _account(server_id, user, kind, user.uuid)
    for member in home:
        share = listed.get(member.id)
        if member.id == owner_id or (share is not None and machine_id not in share.servers):
            continue
        uuid = member.uuid or (share.uuid if share else None)
        found[member.id] = _account(server_id, member, _kind(member.restricted, member.email), uuid)
    return list(found.values())


def _kind(restricted: bool, email: str | None) -> AccountKind:
    return AccountKind.MANAGED if restricted and not email else AccountKind.HOME


def _account(
    server_id: str, user: PlexSharedUser | PlexHomeUser, kind: AccountKind, uuid: str | None
) -> RemoteAccount:
    return RemoteAccount(
        server_id=server_id,
        native_id=user.id,
        username=user.username or user.title or user.id,
        kind=kind,
        email=user.email,
        display_name=user.title or None,
        plex_uuid=uuid,
    )


def _parse_xml(text: str, path: str) -> ET.Element:
    # Entities are what make XML parsing dangerous; plex.tv never declares any.
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ServerResponseInvalid(f"plex.tv sent XML with a document type ({path})")
    try:
        root = ET.fromstring(text)  # noqa: S314 - DOCTYPE and ENTITY refused above
    except ET.ParseError as err:
        raise ServerResponseInvalid(f"plex.tv sent a body that is not XML ({path})") from err
    if root.tag != "MediaContainer":
        raise ServerResponseInvalid(f"plex.tv sent <{root.tag}> instead of a MediaContainer")
    return root


def _id(node: ET.Element) -> str:
    value = (node.get("id") or "").strip()
    if not value.isdigit():
        raise ServerResponseInvalid(f"plex.tv listed a user without a numeric id ({value!r})")
    return value


def _flag(node: ET.Element, name: str) -> bool:
    return node.get(name, "0").strip().lower() in {"1", "true"}


def _text(node: ET.Element, name: str) -> str | None:
    value = (node.get(name) or "").strip()
    return value or None


def _uuid(node: ET.Element) -> str | None:
    match = AVATAR_UUID.search(node.get("thumb") or "")
    return _text(node, "uuid") or (match.group(1) if match else None)


def _shared_user(node: ET.Element) -> PlexSharedUser:
    return PlexSharedUser(
        id=_id(node),
        username=_text(node, "username") or "",
        title=_text(node, "title") or "",
        email=_text(node, "email"),
        home=_flag(node, "home"),
        restricted=_flag(node, "restricted"),
        uuid=_uuid(node),
        servers=frozenset(
            machine
            for server in node.findall("Server")
            if (machine := _text(server, "machineIdentifier"))
        ),
    )


def _home_user(node: ET.Element) -> PlexHomeUser:
    return PlexHomeUser(
        id=_id(node),
        uuid=_uuid(node),
        username=_text(node, "username") or "",
        title=_text(node, "title") or "",
        email=_text(node, "email"),
        restricted=_flag(node, "restricted"),
    )
