"""Jellyfin HTTP client: system info, users, libraries, items, sessions and sign-in."""

from __future__ import annotations

from typing import Any

from tendarr.integrations._http import VendorHttp
from tendarr.integrations.jellyfin.models import QuickConnectState
from tendarr.integrations.mediabrowser.auth import authorization_value
from tendarr.integrations.mediabrowser.models import (
    AuthenticationResult,
    DeviceInfo,
    SystemInfo,
    UserInfo,
    VirtualFolder,
)
from tendarr.integrations.mediabrowser.sessions import SessionInfo
from tendarr.integrations.mediabrowser.traversal import ITEM_FIELDS, ITEM_SORT, ITEM_TYPES
from tendarr.integrations.mediabrowser.userdata import ItemsQuery
from tendarr.integrations.mediabrowser.wire import (
    Json,
    decode_object,
    read_list,
    read_model,
    require_object,
)
from tendarr.ports.media_server import ServerResponseInvalid

VENDOR = "Jellyfin"


def authorization(device: DeviceInfo, token: str | None = None) -> str:
    """Return the ``Authorization: MediaBrowser ...`` value (no Token before sign-in)."""
    pairs = [
        ("Client", device.client),
        ("Device", device.device),
        ("DeviceId", device.device_id),
        ("Version", device.version),
    ]
    if token is not None:
        pairs.append(("Token", token))
    return authorization_value("MediaBrowser", pairs)


class JellyfinClient:
    """Call one Jellyfin server as ``device``, with an API key or a user's access token."""

    def __init__(self, http: VendorHttp, device: DeviceInfo, token: str | None = None) -> None:
        self._http = http
        self.device = device
        self.token = token

    def with_token(self, token: str) -> JellyfinClient:
        """Return a client for the same server that sends ``token``."""
        return JellyfinClient(self._http, self.device, token)

    @property
    def quick_connect(self) -> QuickConnect:
        """Return the Quick Connect sign-in flow for this server."""
        return QuickConnect(self)

    def _headers(self, *, anonymous: bool = False) -> dict[str, str]:
        token = None if anonymous else self.token
        return {"Authorization": authorization(self.device, token)}

    def get(
        self, path: str, params: dict[str, Any] | None = None, *, anonymous: bool = False
    ) -> Any:
        """GET a JSON document (``anonymous``: without the token, as sign-in steps are)."""
        return self._http.get_json(path, params=params, headers=self._headers(anonymous=anonymous))

    def post(self, path: str, *, json: Any = None, anonymous: bool = False) -> Json:
        """POST and return the JSON object the server answers with."""
        headers = self._headers(anonymous=anonymous)
        response = self._http.request("POST", path, json=json, headers=headers)
        return decode_object(response, VENDOR)

    def post_empty(self, path: str, params: dict[str, Any] | None = None) -> None:
        """POST with query parameters to an endpoint that answers without a body (204)."""
        self._http.request("POST", path, params=params, headers=self._headers())

    def system_info(self) -> SystemInfo:
        """Return ``GET /System/Info`` (needs a valid token, so it doubles as a check)."""
        return read_model(SystemInfo.parse, self.get("/System/Info"), VENDOR)

    def users(self) -> list[UserInfo]:
        """Return every user (``GET /Users``)."""
        return read_list(UserInfo.parse, self.get("/Users"), VENDOR)

    def virtual_folders(self) -> list[VirtualFolder]:
        """Return every library (``GET /Library/VirtualFolders``, administrators only)."""
        return read_list(VirtualFolder.parse, self.get("/Library/VirtualFolders"), VENDOR)

    def items(
        self,
        parent_id: str,
        *,
        start: int,
        limit: int,
        user_id: str | None = None,
        min_date_last_saved: str | None = None,
    ) -> Json:
        """Return one page of movies/series/seasons/episodes below a library, raw."""
        params: dict[str, Any] = {
            "parentId": parent_id,
            "recursive": "true",
            "includeItemTypes": ITEM_TYPES,
            "fields": ITEM_FIELDS,
            "sortBy": ITEM_SORT,
            "sortOrder": "Ascending",
            "enableUserData": "false",
            "enableImages": "false",
            "startIndex": start,
            "limit": limit,
        }
        if user_id is not None:
            params["userId"] = user_id
        if min_date_last_saved is not None:
            params["minDateLastSaved"] = min_date_last_saved
        return require_object(self.get("/Items", params), VENDOR)

    def user_items(self, user_id: str, query: ItemsQuery) -> Json:
        """Return one page of a user's items with their UserData (``/Items?userId=``), raw."""
        params = {"userId": user_id, **query.params(camel=True)}
        return require_object(self.get("/Items", params), VENDOR)

    def sessions(self) -> list[SessionInfo]:
        """Return every session (``GET /Sessions``; all users' with administrator rights)."""
        return read_list(SessionInfo.parse, self.get("/Sessions"), VENDOR)

    def authenticate_by_name(self, username: str, password: str) -> AuthenticationResult:
        """Sign in with a user name and password; the result holds the access token."""
        credentials = {"Username": username, "Pw": password}
        body = self.post("/Users/AuthenticateByName", json=credentials, anonymous=True)
        return read_model(AuthenticationResult.parse, body, VENDOR)


class QuickConnect:
    """Sign in by a code the user approves in a Jellyfin client where they are signed in."""

    def __init__(self, client: JellyfinClient) -> None:
        self._client = client

    def enabled(self) -> bool:
        """Return whether the server has Quick Connect switched on."""
        answer = self._client.get("/QuickConnect/Enabled", anonymous=True)
        if not isinstance(answer, bool):
            raise ServerResponseInvalid(f"{VENDOR} answered {answer!r} to /QuickConnect/Enabled")
        return answer

    def initiate(self) -> QuickConnectState:
        """Start a request; show ``code`` to the user and keep ``secret``."""
        return read_model(
            QuickConnectState.parse,
            self._client.post("/QuickConnect/Initiate", anonymous=True),
            VENDOR,
        )

    def connect(self, secret: str) -> bool:
        """Poll a request; return whether the user has approved it (unknown secret: raises)."""
        body = self._client.get("/QuickConnect/Connect", {"secret": secret}, anonymous=True)
        return read_model(QuickConnectState.parse, body, VENDOR).authenticated

    def authenticate_with_quick_connect(self, secret: str) -> AuthenticationResult:
        """Redeem an approved secret for an access token."""
        body = self._client.post(
            "/Users/AuthenticateWithQuickConnect", json={"Secret": secret}, anonymous=True
        )
        return read_model(AuthenticationResult.parse, body, VENDOR)
