"""Plex simulators against Plex's own OpenAPI descriptions (PMS current; plex.tv v0.0.3)."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pytest
from jsonschema import Draft202012Validator
from starlette.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.plex import (
    PlexTvState,
    approve_pin,
    create_app,
    create_discover_app,
    create_plextv_app,
    credentials,
    plex_state,
    start_session,
)
from tendarr.sim.plex.app import ROUTES
from tendarr.sim.plex.discover import titles
from tendarr.sim.world import World
from tests.contract.openapi import OpenApiSpec, load_spec

PMS_SPEC = "plex/plex-api-spec.yaml"
TV_SPEC = "plex/plex-api-spec-v0.0.3-with-plextv-dereferenced.yaml"

# (METHOD, spec template) the PMS simulator implements, as the current spec names them.
IMPLEMENTED_PMS = {
    ("GET", "/identity"),
    ("GET", "/"),
    ("GET", "/library/sections/all"),
    ("GET", "/library/sections/{sectionId}/all"),
    ("GET", "/library/sections/{sectionId}/collections"),
    ("POST", "/library/sections/{sectionId}/refresh"),
    ("PUT", "/library/sections/{sectionId}/emptyTrash"),
    ("GET", "/library/sections/{sectionId}/prefs"),
    ("PUT", "/library/sections/{sectionId}/prefs"),
    ("DELETE", "/library/sections/{sectionId}/collection/{collectionId}"),
    ("GET", "/library/metadata/{ids}"),
    ("DELETE", "/library/metadata/{ids}"),
    ("DELETE", "/library/metadata/{ids}/media/{mediaItem}"),
    ("GET", "/library/metadata/{ids}/allLeaves"),
    ("GET", "/library/metadata/{ids}/tree"),
    ("POST", "/library/collections"),
    ("GET", "/library/collections/{collectionId}/items"),
    ("PUT", "/library/collections/{collectionId}/items"),
    ("PUT", "/library/collections/{collectionId}/items/{itemId}"),
    ("GET", "/hubs/sections/{sectionId}/manage"),
    ("POST", "/hubs/sections/{sectionId}/manage"),
    ("PUT", "/hubs/sections/{sectionId}/manage/{identifier}"),
    ("DELETE", "/hubs/sections/{sectionId}/manage/{identifier}"),
    ("GET", "/status/sessions"),
    ("GET", "/status/sessions/history/all"),
    ("PUT", "/:/scrobble"),
    ("PUT", "/:/unscrobble"),
    ("GET", "/:/prefs"),
    ("PUT", "/:/prefs"),
    ("GET", "/:/eventsource/notifications"),
}
# Served by the simulator but absent from the current PMS spec.
PMS_OPERATION_GAPS = {
    ("GET", "/library/metadata/{ids}/children"): "in the legacy spec only; clients still use it",
    ("DELETE", "/library/collections/{collectionId}/items/{itemId}"): (
        "spec declares PUT (deleteCollectionItem); python-plexapi and others send DELETE"
    ),
    ("GET", "/library/sections/{sectionId}/refresh"): "legacy GET form (v0.0.3 spec) of the scan",
    ("GET", "/:/scrobble"): "legacy GET form (v0.0.3 spec); the current spec declares PUT",
    ("GET", "/:/unscrobble"): "legacy GET form (v0.0.3 spec); the current spec declares PUT",
}
# Statuses PMS really answers that the spec leaves undeclared.
PMS_STATUS_GAPS = {
    401: "no PMS operation declares 401; PMS answers a missing or wrong token with 401 HTML",
    403: "DELETE /library/metadata declares 200/400; PMS answers 403 when deletion is off",
}
# Schema rules the spec gets wrong; errors matching the pattern are reported, not failures.
PMS_SCHEMA_GAPS = {
    r"/Stream/\d+: 'key' is a required property": (
        "Stream.key is required by the spec; PMS sends key only for sidecar subtitle streams"
    ),
}
PMS_UNDOCUMENTED = {
    "Part.hash": "returned in listings, metadata and /tree (previews need it); not in the spec",
    "eventsource": "the spec declares application/octet-stream; PMS sends text/event-stream",
    "Metadata.Guid": "declared; only sent with includeGuids=1 (listings) or on metadata detail",
}

IMPLEMENTED_PLEXTV = {
    ("POST", "/pins"),
    ("GET", "/pins/{pinID}"),
    ("GET", "/user"),
    ("GET", "/resources"),
    ("GET", "/friends"),
    ("GET", "/users"),
}
PLEXTV_OPERATION_GAPS = {
    ("POST", "/api/v2/shared_servers"): "sharing invite; used by python-plexapi, in no spec",
    ("GET", "/api/v2/user/webhooks"): "webhook registry; used by python-plexapi, in no spec",
    ("POST", "/api/v2/user/webhooks"): "webhook registry (replaces urls[]); in no spec",
    ("GET", "/api/home/users"): "Plex Home members (XML); used by python-plexapi, in no spec",
}
IMPLEMENTED_DISCOVER = {("GET", "/library/sections/watchlist/{filter}")}
DISCOVER_OPERATION_GAPS = {
    ("PUT", "/actions/addToWatchlist"): "not in any spec; public client code uses it",
    ("PUT", "/actions/removeFromWatchlist"): "not in any spec; public client code uses it",
    ("GET", "/library/metadata/{ratingKey}"): (
        "Discover item with Guid[]; the v0.0.3 path is a PMS one (metadata host unverified)"
    ),
}
DISCOVER_SCHEMA_GAPS = {
    "MediaContainer": "the spec declares the watchlist container unwrapped; Discover wraps it "
    "in MediaContainer (so the inner container is validated too)",
}


def _known(error: str, gaps: dict[str, str]) -> bool:
    return any(re.search(pattern, error) for pattern in gaps)


def _check(
    spec: OpenApiSpec,
    response: httpx.Response,
    *,
    path: str | None = None,
    schema_gaps: dict[str, str] | None = None,
) -> None:
    method = response.request.method
    local = path or response.request.url.path
    status = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    op = spec.operation(method, local)
    assert op is not None, f"{method} {local} is not in the spec"
    if status in PMS_STATUS_GAPS and not spec.status_declared(op, status):
        return
    problems = [
        e for e in spec.errors(method, local, status, body) if not _known(e, schema_gaps or {})
    ]
    assert not problems, problems


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture(scope="module")
def pms_spec() -> OpenApiSpec:
    return load_spec(PMS_SPEC)


def _pms(world: World) -> tuple[TestClient, dict[str, str]]:
    server_id = next(s.id for s in world.servers if s.kind == "plex")
    app = create_app(world, server_id=server_id)
    token = credentials(world, server_id)["token"]
    headers = {"X-Plex-Token": token, "Accept": "application/json"}
    return TestClient(app), headers


def test_every_implemented_pms_operation_is_in_the_spec(pms_spec: OpenApiSpec) -> None:
    assert pms_spec.operations() >= IMPLEMENTED_PMS
    assert not set(PMS_OPERATION_GAPS) & pms_spec.operations()


def test_implemented_constant_matches_the_app_routes(pms_spec: OpenApiSpec) -> None:
    served = set()
    for method, path, _, _ in ROUTES:
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        op = pms_spec.operation(method, concrete)
        served.add((method, op.template) if op is not None else (method, _gap_template(path)))
    assert served == IMPLEMENTED_PMS | set(PMS_OPERATION_GAPS)


def _gap_template(path: str) -> str:
    names = {"{section}": "{sectionId}", "{collection}": "{collectionId}", "{item}": "{itemId}"}
    for ours, theirs in names.items():
        path = path.replace(ours, theirs)
    return path


def test_pms_read_endpoints_conform(world: World, pms_spec: OpenApiSpec) -> None:
    client, headers = _pms(world)
    gaps = PMS_SCHEMA_GAPS
    _check(pms_spec, client.get("/identity", headers=headers))
    _check(pms_spec, client.get("/", headers=headers))
    _check(pms_spec, client.get("/library/sections/all", headers=headers))
    for query in (
        "",
        "?type=1&includeGuids=1",
        "?X-Plex-Container-Start=2&X-Plex-Container-Size=3",
    ):
        _check(pms_spec, client.get(f"/library/sections/1/all{query}", headers=headers))
    for kind in (2, 3, 4):
        _check(pms_spec, client.get(f"/library/sections/2/all?type={kind}", headers=headers))
    movies = client.get("/library/sections/1/all", headers=headers).json()
    shows = client.get("/library/sections/2/all", headers=headers).json()
    movie_key = movies["MediaContainer"]["Metadata"][0]["ratingKey"]
    show_key = shows["MediaContainer"]["Metadata"][0]["ratingKey"]
    keys = ",".join(m["ratingKey"] for m in movies["MediaContainer"]["Metadata"][:5])
    _check(pms_spec, client.get(f"/library/metadata/{keys}", headers=headers), schema_gaps=gaps)
    _check(pms_spec, client.get(f"/library/metadata/{show_key}", headers=headers))
    _check(pms_spec, client.get(f"/library/metadata/{show_key}/allLeaves", headers=headers))
    _check(pms_spec, client.get(f"/library/metadata/{show_key}/tree", headers=headers))
    _check(pms_spec, client.get(f"/library/metadata/{movie_key}/tree", headers=headers))
    _check(pms_spec, client.get("/:/prefs", headers=headers))
    _check(pms_spec, client.get("/library/sections/1/prefs", headers=headers))
    history = "/status/sessions/history/all?sort=viewedAt:desc&accountID=1&viewedAt>=0"
    _check(pms_spec, client.get(history, headers=headers))
    _check(pms_spec, client.get("/library/sections/1/all", headers={}))


def test_pms_sessions_and_events_conform(world: World, pms_spec: OpenApiSpec) -> None:
    client, headers = _pms(world)
    state = plex_state(client.app)  # type: ignore[arg-type]
    movie = world.library_movies()[0]
    start_session(state, world.users[1].id, "movie", movie.id, 60_000)
    _check(pms_spec, client.get("/status/sessions", headers=headers), schema_gaps=PMS_SCHEMA_GAPS)
    state.sse_limit = 0
    _check(pms_spec, client.get("/:/eventsource/notifications", headers=headers))


def test_pms_mutations_conform(world: World, pms_spec: OpenApiSpec) -> None:
    client, headers = _pms(world)
    state = plex_state(client.app)  # type: ignore[arg-type]
    section = state.server.libraries[0]
    rating_keys = [state.server.native_ids[("movie", m.id)] for m in world.library_movies()[:3]]
    uri = f"library://{section.uuid}/item/%2Flibrary%2Fmetadata%2F{rating_keys[0]}"
    created = client.post(
        f"/library/collections?sectionId=1&title=Leaving%20Soon&type=1&smart=0&uri={uri}",
        headers=headers,
    )
    _check(pms_spec, created)
    key = created.json()["MediaContainer"]["Metadata"][0]["ratingKey"]
    server_uri = (
        f"server://{state.server.machine_id}/com.plexapp.plugins.library/library/metadata/"
        f"{rating_keys[1]},{rating_keys[2]}"
    )
    _check(
        pms_spec, client.put(f"/library/collections/{key}/items?uri={server_uri}", headers=headers)
    )
    _check(pms_spec, client.get(f"/library/collections/{key}/items", headers=headers))
    _check(pms_spec, client.get("/library/sections/1/collections", headers=headers))
    removed = client.put(f"/library/collections/{key}/items/{rating_keys[1]}", headers=headers)
    _check(pms_spec, removed)
    promote = "promotedToOwnHome=1&promotedToSharedHome=1&promotedToRecommended=0"
    _check(
        pms_spec,
        client.post(f"/hubs/sections/1/manage?metadataItemId={key}&{promote}", headers=headers),
    )
    hubs = client.get("/hubs/sections/1/manage", headers=headers)
    _check(pms_spec, hubs)
    hub = hubs.json()["MediaContainer"]["Hub"][0]["identifier"]
    _check(
        pms_spec,
        client.put(f"/hubs/sections/1/manage/{hub}?promotedToSharedHome=0", headers=headers),
    )
    _check(pms_spec, client.delete(f"/hubs/sections/1/manage/{hub}", headers=headers))
    _check(pms_spec, client.delete(f"/library/sections/1/collection/{key}", headers=headers))
    scrobble = "identifier=com.plexapp.plugins.library&key=" + rating_keys[0]
    _check(pms_spec, client.put(f"/:/scrobble?{scrobble}", headers=headers))
    _check(pms_spec, client.put(f"/:/unscrobble?{scrobble}", headers=headers))
    _check(
        pms_spec,
        client.put("/library/sections/1/prefs?prefs[enableBIFGeneration]=0", headers=headers),
    )
    _check(pms_spec, client.post("/library/sections/1/refresh", headers=headers))
    _check(pms_spec, client.put("/library/sections/1/emptyTrash", headers=headers))
    _check(pms_spec, client.put("/:/prefs?allowMediaDeletion=0", headers=headers))
    _check(pms_spec, client.delete(f"/library/metadata/{rating_keys[2]}", headers=headers))
    _check(pms_spec, client.put("/:/prefs?allowMediaDeletion=1", headers=headers))
    _check(pms_spec, client.delete(f"/library/metadata/{rating_keys[2]}", headers=headers))
    media_id = world.library_movies()[5].file.id  # type: ignore[union-attr]
    media_key = state.server.native_ids[("movie", world.library_movies()[5].id)]
    _check(
        pms_spec, client.delete(f"/library/metadata/{media_key}/media/{media_id}", headers=headers)
    )


# --- plex.tv and Discover ----------------------------------------------------------------
CLIENT = {"X-Plex-Client-Identifier": "tendarr-contract", "Accept": "application/json"}


def test_every_implemented_plextv_operation_is_in_the_spec() -> None:
    spec = load_spec(TV_SPEC)
    assert spec.operations() >= IMPLEMENTED_PLEXTV | IMPLEMENTED_DISCOVER
    local = {(m, p.removeprefix("/api/v2").removeprefix("/api")) for m, p in PLEXTV_OPERATION_GAPS}
    assert not local & spec.operations()
    assert not {(m, p) for m, p in DISCOVER_OPERATION_GAPS if m != "GET"} & spec.operations()


def test_plextv_endpoints_conform(world: World) -> None:
    document = load_spec(TV_SPEC).document  # one parse; plex.tv operations sit under /api[/v2]
    v2, v1 = OpenApiSpec(document, "/api/v2"), OpenApiSpec(document, "/api")
    tv_state = PlexTvState(world)
    client = TestClient(create_plextv_app(world, state=tv_state))
    created = client.post("/api/v2/pins?strong=true", headers=CLIENT)
    _check(v2, created)
    pin_id = created.json()["id"]
    _check(v2, client.get(f"/api/v2/pins/{pin_id}", headers=CLIENT))
    approve_pin(tv_state, pin_id, world.users[0].id)
    approved = client.get(f"/api/v2/pins/{pin_id}", headers=CLIENT)
    _check(v2, approved)
    _check(v2, client.get("/api/v2/pins/999", headers=CLIENT))
    _check(v2, client.post("/api/v2/pins", headers={"Accept": "application/json"}))
    token = {**CLIENT, "X-Plex-Token": approved.json()["authToken"]}
    for path in ("/api/v2/user", "/api/v2/resources", "/api/v2/friends"):
        _check(v2, client.get(path, headers=token))
        _check(v2, client.get(path, headers=CLIENT))
    users = client.get("/api/users", headers=token)
    _check(v1, users)
    xml_schema = v1.document["paths"]["/users"]["get"]["responses"]["200"]["content"][
        "application/xml"
    ]["schema"]
    problems = [e.message for e in Draft202012Validator(xml_schema).iter_errors(_xml(users.text))]
    assert not problems, problems


def test_discover_watchlist_conforms(world: World) -> None:
    spec = load_spec(TV_SPEC)
    client = TestClient(create_discover_app(world))
    owner = world.users[0]
    headers = {"X-Plex-Token": owner.plex_token, "Accept": "application/json"}
    for which in ("all", "available", "released"):
        response = client.get(f"/library/sections/watchlist/{which}", headers=headers)
        _check(spec, response)
        inner = response.json()["MediaContainer"]
        problems = spec.errors("GET", f"/library/sections/watchlist/{which}", 200, inner)
        assert not problems, problems
    anonymous = {"Accept": "application/json"}
    _check(spec, client.get("/library/sections/watchlist/all", headers=anonymous))
    assert titles(world)


def _xml(text: str) -> dict[str, Any]:
    def convert(node: ET.Element) -> dict[str, Any]:
        out: dict[str, Any] = {k: _scalar(v) for k, v in node.attrib.items()}
        for child in node:
            out.setdefault(child.tag, []).append(convert(child))
        return out

    root = ET.fromstring(text)  # noqa: S314 (the simulator's own output)
    return {root.tag: convert(root)}


def _scalar(value: str) -> Any:
    return int(value) if re.fullmatch(r"-?\d+", value) else value


def test_gaps_are_documented() -> None:
    for table in (
        PMS_OPERATION_GAPS,
        PMS_STATUS_GAPS,
        PMS_SCHEMA_GAPS,
        PMS_UNDOCUMENTED,
        PLEXTV_OPERATION_GAPS,
        DISCOVER_OPERATION_GAPS,
        DISCOVER_SCHEMA_GAPS,
    ):
        assert all(isinstance(reason, str) and reason for reason in table.values())
    assert json.dumps(sorted(map(str, PMS_OPERATION_GAPS)))
