"""JSON and XML bodies plex.tv sends for accounts, PINs, resources and friends."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from tendarr.sim.model import MediaServer, User
from tendarr.sim.world import World

if TYPE_CHECKING:
    from tendarr.sim.plex.plextv import Pin

PIN_SECONDS = 1800
LOCATION = {
    "code": "NL",
    "continent_code": "EU",
    "country": "Netherlands",
    "city": "Amsterdam",
    "european_union_member": True,
    "time_zone": "Europe/Amsterdam",
    "postal_code": "1012",
    "in_privacy_restricted_country": True,
    "in_privacy_restricted_region": True,
    "subdivisions": "North Holland",
    "coordinates": "52.3740, 4.8897",
}


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def thumb(user: User) -> str:
    """Return the account's avatar URL."""
    return f"https://plex.tv/users/{user.plex_uuid}/avatar?c=1694481578"


def pin(pin: Pin, token: str | None, now: datetime) -> dict[str, Any]:
    """Return a PIN as ``/api/v2/pins`` sends it."""
    expires = pin.created_at + timedelta(seconds=PIN_SECONDS)
    return {
        "id": pin.id,
        "code": pin.code,
        "product": pin.product or "Plex Web",
        "trusted": False,
        "qr": f"https://plex.tv/api/v2/pins/qr/{pin.code}",
        "clientIdentifier": pin.client_id,
        "location": LOCATION,
        "expiresIn": max(0, int((expires - now).total_seconds())),
        "createdAt": _iso(pin.created_at),
        "expiresAt": _iso(expires),
        "authToken": token,
        "newRegistration": None,
    }


def account(world: World, user: User) -> dict[str, Any]:
    """Return ``/api/v2/user`` for ``user``."""
    owner = user.kind == "owner"
    home = user.kind in {"owner", "home", "managed"}
    joined = int((world.now - timedelta(days=900 + user.id)).timestamp())
    return {
        "id": user.plex_account_id,
        "uuid": user.plex_uuid,
        "username": user.username,
        "title": user.display_name,
        "email": user.email,
        "friendlyName": user.display_name,
        "locale": None,
        "confirmed": True,
        "joinedAt": joined,
        "emailOnlyAuth": False,
        "hasPassword": True,
        "protected": False,
        "thumb": thumb(user),
        "authToken": user.plex_token,
        "mailingListStatus": "active",
        "mailingListActive": True,
        "scrobbleTypes": "",
        "country": "NL",
        "subscription": {
            "active": owner,
            "subscribedAt": _iso(world.now - timedelta(days=700)) if owner else None,
            "status": "Active" if owner else "Inactive",
            "paymentService": "braintree" if owner else None,
            "plan": "lifetime" if owner else None,
            "features": ["webhooks", "pass"] if owner else [],
        },
        "subscriptionDescription": "Lifetime Plex Pass" if owner else None,
        "restricted": user.kind == "managed",
        "anonymous": None,
        "home": home,
        "guest": False,
        "homeSize": sum(1 for u in world.users if u.kind in {"owner", "home", "managed"}),
        "homeAdmin": owner,
        "maxHomeSize": 15,
        "rememberExpiresAt": int((world.now + timedelta(days=30)).timestamp()),
        "profile": {
            "autoSelectAudio": True,
            "defaultAudioLanguage": "en",
            "defaultSubtitleLanguage": None,
            "autoSelectSubtitle": 0,
            "defaultSubtitleAccessibility": 0,
            "defaultSubtitleForced": 1,
            "watchedIndicator": 1,
            "mediaReviewsVisibility": 1,
        },
        "entitlements": [],
        "roles": ["plexpass"] if owner else [],
        "services": [],
        "adsConsent": None,
        "adsConsentSetAt": None,
        "adsConsentReminderAt": None,
        "experimentalFeatures": False,
        "twoFactorEnabled": False,
        "backupCodesCreated": False,
        "attributionPartner": None,
    }


def _plex_servers(world: World, user: User) -> list[MediaServer]:
    return [
        s
        for s in world.servers
        if s.kind == "plex" and (user.kind == "owner" or s.id in user.servers)
    ]


def resources(world: World, user: User, urls: dict[str, str]) -> list[dict[str, Any]]:
    """Return ``/api/v2/resources``: the Plex servers ``user`` can reach."""
    owner = next(u for u in world.users if u.kind == "owner")
    out = []
    for server in _plex_servers(world, user):
        uri = urls.get(server.id, f"http://{server.id}.sim.test:32400")
        scheme, _, rest = uri.partition("://")
        host, _, port = rest.rstrip("/").partition(":")
        owned = user.kind == "owner"
        out.append(
            {
                "name": server.name,
                "product": "Plex Media Server",
                "productVersion": server.version,
                "platform": "Linux",
                "platformVersion": "6.8",
                "device": "PC",
                "clientIdentifier": server.machine_id,
                "createdAt": _iso(world.now - timedelta(days=400)),
                "lastSeenAt": _iso(world.now),
                "provides": "server",
                "ownerId": None if owned else owner.plex_account_id,
                "sourceTitle": None if owned else owner.username,
                "publicAddress": "203.0.113.10",
                "accessToken": server.token if owned else user.plex_token,
                "owned": owned,
                "home": user.kind in {"owner", "home", "managed"},
                "synced": False,
                "relay": True,
                "presence": True,
                "httpsRequired": False,
                "publicAddressMatches": True,
                "dnsRebindingProtection": False,
                "natLoopbackSupported": True,
                "connections": [
                    {
                        "protocol": scheme if scheme in {"http", "https"} else "http",
                        "address": host,
                        "port": int(port or 32400),
                        "uri": uri.rstrip("/"),
                        "local": True,
                        "relay": False,
                        "IPv6": False,
                    }
                ],
            }
        )
    return out


def friends(world: World, user: User) -> list[dict[str, Any]]:
    """Return ``/api/v2/friends``: who the owner shares with (nobody for others)."""
    if user.kind != "owner":
        return []
    out = []
    for friend in world.users:
        if friend.kind == "owner":
            continue
        shared = [
            {"machineIdentifier": s.machine_id, "name": s.name, "allLibraries": True}
            for s in _plex_servers(world, friend)
        ]
        out.append(
            {
                "id": friend.plex_account_id,
                "uuid": friend.plex_uuid,
                "username": friend.username,
                "title": friend.display_name,
                "email": friend.email,
                "friendlyName": friend.display_name,
                "home": friend.kind in {"home", "managed"},
                "restricted": friend.kind == "managed",
                "status": "accepted",
                "thumb": thumb(friend),
                "sharedServers": shared,
                "sharedSources": [],
            }
        )
    return out


def shared_server(
    world: World, server: MediaServer, invited: User, body: dict[str, Any]
) -> dict[str, Any]:
    """Return the share ``POST /api/v2/shared_servers`` creates."""
    owner = next(u for u in world.users if u.kind == "owner")
    return {
        "id": invited.plex_account_id * 10 + 1,
        "ownerId": owner.plex_account_id,
        "invitedId": invited.plex_account_id,
        "invitedEmail": invited.email,
        "serverId": int(server.machine_id[:6], 16),
        "machineIdentifier": server.machine_id,
        "accepted": True,
        "librarySectionIds": body.get("librarySectionIds") or [],
        "libraries": [{"key": int(lib.key), "title": lib.name} for lib in server.libraries],
    }


def _xml(root: ET.Element) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    ).encode()


def users_xml(world: World, user: User) -> bytes:
    """Return ``/api/users`` (XML only): everyone the owner shares with and their servers."""
    root = ET.Element(
        "MediaContainer", friendlyName="myPlex", identifier="com.plexapp.plugins.myplex"
    )
    first = next((s for s in world.servers if s.kind == "plex"), None)
    root.set("machineIdentifier", first.machine_id if first else "")
    people = [u for u in world.users if u.kind != "owner"] if user.kind == "owner" else []
    root.set("totalSize", str(len(people)))
    root.set("size", str(len(people)))
    for person in people:
        node = ET.SubElement(
            root,
            "User",
            id=str(person.plex_account_id),
            title=person.display_name,
            username=person.username,
            email=person.email,
            recommendationsPlaylistId="",
            thumb=thumb(person),
            protected="0",
            home="1" if person.kind in {"home", "managed"} else "0",
            allowTuners="0",
            allowSync="1",
            allowCameraUpload="0",
            allowChannels="0",
            allowSubtitleAdmin="0",
            filterAll="",
            filterMovies="",
            filterMusic="",
            filterPhotos="",
            filterTelevision="",
            restricted="1" if person.kind == "managed" else "0",
        )
        for server in _plex_servers(world, person):
            ET.SubElement(
                node,
                "Server",
                id=str(person.plex_account_id * 10 + 1),
                serverId=str(int(server.machine_id[:6], 16)),
                machineIdentifier=server.machine_id,
                name=server.name,
                lastSeenAt=str(int(world.now.timestamp())),
                numLibraries=str(len(server.libraries)),
                allLibraries="1",
                owned="0",
                pending="0",
            )
    return _xml(root)


def home_users_xml(world: World, user: User) -> bytes:
    """Return ``/api/home/users`` (XML): the Plex Home members."""
    root = ET.Element(
        "MediaContainer", friendlyName="myPlex", identifier="com.plexapp.plugins.myplex"
    )
    members = [u for u in world.users if u.kind in {"owner", "home", "managed"}]
    if user not in members:
        members = []
    root.set("size", str(len(members)))
    for member in members:
        ET.SubElement(
            root,
            "User",
            id=str(member.plex_account_id),
            uuid=member.plex_uuid,
            admin="1" if member.kind == "owner" else "0",
            guest="0",
            restricted="1" if member.kind == "managed" else "0",
            protected="0",
            title=member.display_name,
            username=member.username if member.kind != "managed" else "",
            email=member.email if member.kind != "managed" else "",
            thumb=thumb(member),
        )
    return _xml(root)
