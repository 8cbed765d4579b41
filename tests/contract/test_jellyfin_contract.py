"""Check every Jellyfin simulator response against Jellyfin 10.11.11's own OpenAPI."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.jellyfin import IMPLEMENTED, create_app, credentials
from tendarr.sim.mediabrowser.catalog import Item
from tendarr.sim.mediabrowser.delivery import decide, profile_for
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.mediabrowser.state import Device
from tests.contract.openapi import OpenApiSpec, load_spec, specs_dir

SPEC = "jellyfin/jellyfin-10.11.11-openapi.json"

# Operations the simulator serves that the 10.11.11 spec does not declare.
UNDECLARED_OPERATIONS: dict[tuple[str, str], str] = {}

# Responses whose status or body the spec does not describe although Jellyfin sends them.
KNOWN_GAPS: dict[tuple[str, str, int], str] = {
    ("GET", "/Items/{itemId}", 404): "ItemsController returns NotFound(); 404 is undeclared",
    ("POST", "/QuickConnect/Authorize", 404): "an unknown code throws ResourceNotFound; undeclared",
    ("POST", "/Users/AuthenticateByName", 401): "a wrong password is 401; only 200 is declared",
    ("POST", "/Users/AuthenticateByName", 400): "missing client fields are 400; undeclared",
    ("GET", "/QuickConnect/Connect", 404): 'NotFound("Unknown secret") sends a JSON string, '
    "the spec says ProblemDetails",
    ("DELETE", "/Items/{itemId}", 401): 'Unauthorized("Unauthorized access") sends a JSON '
    "string, the spec says ProblemDetails",
}


# Mistakes in the 10.11.11 description itself, corrected before validating against it.
SPEC_ERRATA = {
    "TranscodingInfo.TranscodeReasons": "a flags enum Jellyfin sends as an array of "
    "TranscodeReason names; 10.11.11 also puts the names' enum on the array, so no array "
    "validates (jellyfin#8514); the 12.0.0 description has the array without it",
}
PLAYERS = (
    None,  # the web client in Chrome
    Device("Jellyfin Roku", "Roku Ultra", "roku-1", "2.2.0"),
    Device("Swiftfin", "Apple TV", "atv-1", "1.2.0"),
)


def _transcode_reasons(document: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"]["TranscodingInfo"]
    reasons: dict[str, Any] = schema["properties"]["TranscodeReasons"]
    return reasons


def _header(token: str | None = None) -> dict[str, str]:
    value = 'MediaBrowser Client="Tendarr", Device="ci", DeviceId="ci-1", Version="0.1.0"'
    if token is not None:
        value += f', Token="{token}"'
    return {"Authorization": value}


@pytest.fixture(scope="module")
def spec() -> OpenApiSpec:
    document = json.loads((specs_dir() / SPEC).read_text())
    _transcode_reasons(document).pop("enum")
    return OpenApiSpec(document)


class Recorder:
    """A client that validates each response against the spec as it goes."""

    def __init__(self, client: TestClient, spec: OpenApiSpec) -> None:
        self.client = client
        self.spec = spec
        self.seen: set[tuple[str, str]] = set()
        self.problems: list[str] = []

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.client.request(method, path, **kwargs)
        op = self.spec.operation(method, path)
        template = op.template if op is not None else path
        self.seen.add((method, template))
        if (method, template, response.status_code) in KNOWN_GAPS:
            return response
        body: Any = None
        if response.headers.get("content-type", "").startswith("application/json"):
            body = response.json()
        elif response.content and response.status_code < 300:
            return response  # playlists and other non-JSON bodies
        schema_op = op and self.spec.response_schema(op, response.status_code)
        if body is None and schema_op:
            self.problems.append(f"{method} {path}: {response.status_code} has no JSON body")
            return response
        self.problems.extend(self.spec.errors(method, path, response.status_code, body))
        return response


def _drive(rec: Recorder, sim: SimServer, api_key: str, user_token: str) -> None:
    admin, user = _header(api_key), _header(user_token)
    state = sim.state
    owner = next(u for u in state.users() if u.kind == "owner")
    viewer = next(u for u in state.users() if u.kind != "owner")
    catalog = sim.catalog()
    movie = next(i for i in catalog.items if i.type == "Movie")
    series = next(i for i in catalog.items if i.type == "Series")
    episode = next(i for i in catalog.items if i.type == "Episode")
    library_id = movie.library.key
    rec.call("GET", "/System/Info/Public")
    rec.call("GET", "/System/Info", headers=admin)
    rec.call("GET", "/System/Info")
    rec.call("GET", "/Users", headers=admin)
    rec.call("GET", "/Users/Me", headers=user)
    rec.call("GET", "/Users/Me", headers=admin)
    rec.call("GET", f"/Users/{owner.jellyfin_id}", headers=admin)
    rec.call("GET", f"/Users/{'0' * 32}", headers=admin)
    body = {"Username": viewer.username, "Pw": viewer.password}
    rec.call("POST", "/Users/AuthenticateByName", json=body, headers=_header())
    rec.call("POST", "/Users/AuthenticateByName", json={**body, "Pw": "x"}, headers=_header())
    rec.call("POST", "/Users/AuthenticateByName", json=body)
    rec.call("GET", "/QuickConnect/Enabled")
    started = rec.call("POST", "/QuickConnect/Initiate", headers=_header()).json()
    rec.call("GET", "/QuickConnect/Connect", params={"secret": started["Secret"]})
    rec.call("POST", "/QuickConnect/Authorize", params={"code": started["Code"]}, headers=user)
    rec.call("POST", "/QuickConnect/Authorize", params={"code": "000000x"}, headers=user)
    rec.call("GET", "/QuickConnect/Connect", params={"secret": "nope"})
    rec.call("POST", "/Users/AuthenticateWithQuickConnect", json={"Secret": started["Secret"]})
    rec.call("POST", "/Users/AuthenticateWithQuickConnect", json={"Secret": "nope"})
    folders = rec.call("GET", "/Library/VirtualFolders", headers=admin).json()
    rec.call("GET", "/Library/VirtualFolders", headers=user)
    options = {**folders[0]["LibraryOptions"], "SaveTrickplayWithMedia": True}
    update = {"Id": folders[0]["ItemId"], "LibraryOptions": options}
    rec.call("POST", "/Library/VirtualFolders/LibraryOptions", json=update, headers=admin)
    update = {"Id": "0" * 32, "LibraryOptions": options}
    rec.call("POST", "/Library/VirtualFolders/LibraryOptions", json=update, headers=admin)
    fields = (
        "Path,ProviderIds,MediaSources,MediaStreams,DateCreated,Genres,Studios,People,"
        "Overview,DateLastSaved,ParentId,Trickplay,CanDelete"
    )
    params = {
        "userId": owner.jellyfin_id,
        "parentId": library_id,
        "recursive": "true",
        "fields": fields,
        "startIndex": "0",
        "limit": "5",
    }
    rec.call("GET", "/Items", params=params, headers=admin)
    params = {"recursive": "true", "includeItemTypes": "Series,Season,Episode", "fields": fields}
    rec.call("GET", "/Items", params=params, headers=user)
    rec.call("GET", "/Items", headers=user)
    params = {
        "userId": viewer.jellyfin_id,
        "recursive": "true",
        "filters": "IsUnplayed,IsNotFolder",
        "isFavorite": "false",
        "sortBy": "DatePlayed,SortName",
        "sortOrder": "Descending",
        "fields": fields,
    }
    rec.call("GET", "/Items", params=params, headers=admin)
    rec.call("GET", "/Items")
    rec.call("GET", f"/Items/{movie.id}", params={"userId": owner.jellyfin_id}, headers=admin)
    rec.call("GET", f"/Items/{'0' * 32}", headers=admin)
    rec.call("GET", f"/Shows/{series.id}/Seasons", params={"fields": fields}, headers=user)
    rec.call("GET", f"/Shows/{series.id}/Episodes", params={"fields": fields}, headers=user)
    rec.call("GET", f"/Shows/{'0' * 32}/Episodes", headers=user)
    rec.call("GET", f"/UserItems/{movie.id}/UserData", headers=user)
    rec.call("POST", f"/UserPlayedItems/{movie.id}", headers=user)
    rec.call("DELETE", f"/UserPlayedItems/{movie.id}", headers=user)
    rec.call("POST", f"/UserPlayedItems/{'0' * 32}", headers=user)
    rec.call("POST", f"/UserFavoriteItems/{movie.id}", headers=user)
    rec.call("DELETE", f"/UserFavoriteItems/{movie.id}", headers=user)
    playing = [sim.start_playback(viewer, i.id, d) for i, d in _one_per_play_method(sim)]
    listed = rec.call("GET", "/Sessions", headers=admin).json()
    assert {s["PlayState"]["PlayMethod"] for s in listed} == {
        "DirectPlay",
        "DirectStream",
        "Transcode",
    }
    for session in playing:
        sim.stop_playback(session.id, 60_000)
    created = rec.call(
        "POST", "/Collections", params={"name": "Keep", "ids": movie.id}, headers=admin
    ).json()
    rec.call(
        "POST", f"/Collections/{created['Id']}/Items", params={"ids": series.id}, headers=admin
    )
    rec.call(
        "DELETE", f"/Collections/{created['Id']}/Items", params={"ids": movie.id}, headers=admin
    )
    rec.call("POST", "/Collections", params={"name": "No"}, headers=user)
    sim.write_tiles(movie.id, thumbnails=250)
    rec.call("GET", f"/Videos/{movie.id}/Trickplay/320/tiles.m3u8", headers=user)
    sim.register_tiles(movie.id)
    rec.call("GET", f"/Videos/{movie.id}/Trickplay/320/tiles.m3u8", headers=user)
    rec.call("POST", "/Library/Refresh", headers=admin)
    rec.call("POST", "/Library/Refresh", headers=user)
    rec.call("POST", f"/Items/{movie.id}/Refresh", headers=admin)
    rec.call("POST", f"/Items/{'0' * 32}/Refresh", headers=admin)
    rec.call("GET", "/Plugins", headers=admin)
    rec.call("DELETE", f"/Items/{episode.id}", headers=user)
    rec.call("DELETE", f"/Items/{episode.id}", headers=admin)
    rec.call("DELETE", f"/Items/{'0' * 32}", headers=admin)
    rec.call("DELETE", "/Items", params={"ids": movie.id}, headers=admin)


def _one_per_play_method(sim: SimServer) -> list[tuple[Item, Device | None]]:
    """Return an item and a player for each PlayMethod, so every TranscodingInfo shape shows."""
    found: dict[str, tuple[Item, Device | None]] = {}
    for player in PLAYERS:
        profile = profile_for(player or Device("Jellyfin Web", "Chrome"))
        for item in sim.catalog().items:
            if item.file is not None:
                found.setdefault(decide(item.file, profile).method, (item, player))
    return list(found.values())


def test_every_response_matches_the_jellyfin_spec(spec: OpenApiSpec) -> None:
    world = generate_world(WorldConfig(movies=30, shows=5, users=4))
    app = create_app(world)
    client = TestClient(app)
    keys = credentials(world)
    sim: SimServer = app.state.sim
    viewer = next(u for u in sim.state.users() if u.kind != "owner")
    login = {"Username": viewer.username, "Pw": viewer.password}
    token = client.post("/Users/AuthenticateByName", json=login, headers=_header()).json()
    rec = Recorder(client, spec)
    _drive(rec, sim, keys["api_key"], token["AccessToken"])
    assert rec.problems == []
    assert rec.seen >= IMPLEMENTED, "every implemented operation is driven"


def test_implemented_operations_exist_in_the_spec(spec: OpenApiSpec) -> None:
    assert IMPLEMENTED - spec.operations() == set(UNDECLARED_OPERATIONS)


def test_implemented_operations_survive_in_jellyfin_12() -> None:
    spec_12 = load_spec("jellyfin/jellyfin-12.0.0-openapi.json")
    assert IMPLEMENTED - spec_12.operations() == set(UNDECLARED_OPERATIONS)


def test_spec_errata_are_still_errors() -> None:
    assert set(SPEC_ERRATA) == {"TranscodingInfo.TranscodeReasons"}
    published = json.loads((specs_dir() / SPEC).read_text())
    assert _transcode_reasons(published)["type"] == "array"
    assert "enum" in _transcode_reasons(published)
    later = json.loads((specs_dir() / "jellyfin/jellyfin-12.0.0-openapi.json").read_text())
    assert "enum" not in _transcode_reasons(later)


def test_known_gaps_are_still_gaps(spec: OpenApiSpec) -> None:
    for method, template, status in KNOWN_GAPS:
        op = spec.operation(method, template)
        assert op is not None
        declared = spec.status_declared(op, status)
        schema = spec.response_schema(op, status)
        assert not declared or schema is not None, (method, template, status)
