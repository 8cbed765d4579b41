"""Emby HTTP client: system info, users, libraries, items, sessions and sign-in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from tendarr.integrations._http import VendorHttp
from tendarr.integrations.emby.models import QueryPage
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

VENDOR = "Emby"
QUERY_PAGE_SIZE = 100
T = TypeVar("T")


def authorization(device: DeviceInfo, user_id: str | None = None, token: str | None = None) -> str:
    """Return the ``X-Emby-Authorization: Emby ...`` value."""
    pairs = [
        ("UserId", user_id or ""),
        ("Client", device.client),
        ("Device", device.device),
        ("DeviceId", device.device_id),
        ("Version", device.version),
    ]
    if token is not None:
        pairs.append(("Token", token))
    return authorization_value("Emby", pairs)


class EmbyClient:
    """Call one Emby server as ``device``, with an API key or a user's access token."""

    def __init__(
        self,
        http: VendorHttp,
        device: DeviceInfo,
        token: str | None = None,
        user_id: str | None = None,
    ) -> None:
        self._http = http
        self.device = device
        self.token = token
        self.user_id = user_id

    def with_token(self, token: str, user_id: str | None = None) -> EmbyClient:
        """Return a client for the same server that sends ``token`` (as ``user_id``)."""
        return EmbyClient(self._http, self.device, token, user_id)

    def _headers(self, *, anonymous: bool = False) -> dict[str, str]:
        token = None if anonymous else self.token
        user_id = None if anonymous else self.user_id
        headers = {"X-Emby-Authorization": authorization(self.device, user_id, token)}
        if token is not None:
            headers["X-Emby-Token"] = token
        return headers

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET a JSON document."""
        return self._http.get_json(path, params=params, headers=self._headers())

    def post(self, path: str, *, json: Any = None, anonymous: bool = False) -> Json:
        """POST and return the JSON object (``anonymous``: without the token, for sign-in)."""
        headers = self._headers(anonymous=anonymous)
        response = self._http.request("POST", path, json=json, headers=headers)
        return decode_object(response, VENDOR)

    def _all(self, path: str, parse: Callable[[Json], T]) -> list[T]:
        out: list[T] = []
        while True:
            params = {"StartIndex": len(out), "Limit": QUERY_PAGE_SIZE}
            page = read_model(QueryPage.parser(parse), self.get(path, params), VENDOR)
            out.extend(page.items)
            total = page.total if page.total is not None else len(out)
            if not page.items or len(out) >= total:
                return out

    def system_info(self) -> SystemInfo:
        """Return ``GET /System/Info`` (needs a valid token, so it doubles as a check)."""
        return read_model(SystemInfo.parse, self.get("/System/Info"), VENDOR)

    def users(self) -> list[UserInfo]:
        """Return every user (``GET /Users/Query``, paged)."""
        return self._all("/Users/Query", UserInfo.parse)

    def virtual_folders(self) -> list[VirtualFolder]:
        """Return every library (``GET /Library/VirtualFolders/Query``, paged)."""
        return self._all("/Library/VirtualFolders/Query", VirtualFolder.parse)

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
            "ParentId": parent_id,
            "Recursive": "true",
            "IncludeItemTypes": ITEM_TYPES,
            "Fields": ITEM_FIELDS,
            "SortBy": ITEM_SORT,
            "SortOrder": "Ascending",
            "EnableUserData": "false",
            "EnableImages": "false",
            "StartIndex": start,
            "Limit": limit,
        }
        if min_date_last_saved is not None:
            params["MinDateLastSaved"] = min_date_last_saved
        path = f"/Users/{user_id}/Items" if user_id is not None else "/Items"
        return require_object(self.get(path, params), VENDOR)

    def user_items(self, user_id: str, query: ItemsQuery) -> Json:
        """Return one page of a user's items with their UserData (``/Users/{id}/Items``), raw."""
        path = f"/Users/{quote(user_id, safe='')}/Items"
        return require_object(self.get(path, query.params(camel=False)), VENDOR)

    def sessions(self) -> list[SessionInfo]:
        """Return every session (``GET /Sessions``; all users' with administrator rights)."""
        return read_list(SessionInfo.parse, self.get("/Sessions"), VENDOR)

    def authenticate_by_name(self, username: str, password: str) -> AuthenticationResult:
        """Sign in with a user name and password; the result holds the access token."""
        credentials = {"Username": username, "Pw": password}
        body = self.post("/Users/AuthenticateByName", json=credentials, anonymous=True)
        return read_model(AuthenticationResult.parse, body, VENDOR)
