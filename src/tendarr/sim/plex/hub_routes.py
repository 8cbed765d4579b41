"""PMS hub management: custom hubs made from collections, promoted to Home or not."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tendarr.sim.model import User
from tendarr.sim.plex.library import Catalog
from tendarr.sim.plex.state import Hub, PlexState
from tendarr.sim.plex.wire import container, plain

_FLAGS = {
    "promotedToRecommended": "promoted_to_recommended",
    "promotedToOwnHome": "promoted_to_own_home",
    "promotedToSharedHome": "promoted_to_shared_home",
}


def _visibility(own: bool, shared: bool) -> str:
    if own and shared:
        return "all"
    if own:
        return "admin"
    return "shared" if shared else "none"


def _row(hub: Hub) -> dict[str, Any]:
    return {
        "identifier": hub.identifier,
        "title": hub.title,
        "promotedToRecommended": hub.promoted_to_recommended,
        "promotedToOwnHome": hub.promoted_to_own_home,
        "promotedToSharedHome": hub.promoted_to_shared_home,
        "homeVisibility": _visibility(hub.promoted_to_own_home, hub.promoted_to_shared_home),
        "recommendationsVisibility": "all" if hub.promoted_to_recommended else "none",
    }


def _apply_flags(request: Request, hub: Hub) -> bool:
    """Set the BoolInt flags the query names; False when one is not 0 or 1."""
    for name, attribute in _FLAGS.items():
        raw = request.query_params.get(name)
        if raw is None:
            continue
        if raw not in {"0", "1"}:
            return False
        setattr(hub, attribute, raw == "1")
    return True


def listing(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /hubs/sections/{id}/manage``: the section's custom hubs."""
    section = request.path_params["section"]
    if Catalog(state.world, state.server).section(section) is None:
        return plain(404)
    hubs = [_row(h) for h in state.hubs.values() if h.section_key == section]
    return container(request, {"size": len(hubs), "Hub": hubs})


def create(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``POST /hubs/sections/{id}/manage?metadataItemId=``: a hub from a collection."""
    section = request.path_params["section"]
    if Catalog(state.world, state.server).section(section) is None:
        return plain(404)
    collection = state.collections.get(request.query_params.get("metadataItemId", ""))
    if collection is None:
        return plain(404)
    if collection.section_key != section:
        return plain(400)
    identifier = f"custom.collection.{section}.{collection.rating_key}"
    hub = state.hubs.get(identifier) or Hub(
        identifier, section, collection.rating_key, collection.title
    )
    if not _apply_flags(request, hub):
        return plain(400)
    state.hubs[identifier] = hub
    return plain(200)


def update(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``PUT /hubs/sections/{id}/manage/{identifier}``: change where it shows."""
    hub = state.hubs.get(request.path_params["identifier"])
    if hub is None or hub.section_key != request.path_params["section"]:
        return plain(404)
    if not _apply_flags(request, hub):
        return plain(400)
    return plain(200)


def delete(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``DELETE /hubs/sections/{id}/manage/{identifier}``: remove a custom hub."""
    hub = state.hubs.get(request.path_params["identifier"])
    if hub is None or hub.section_key != request.path_params["section"]:
        return plain(404)
    del state.hubs[hub.identifier]
    return plain(200)


def drop_for_collection(state: PlexState, collection_key: str) -> None:
    """Remove the hub of a deleted collection, as PMS does."""
    for identifier in [i for i, h in state.hubs.items() if h.collection_key == collection_key]:
        del state.hubs[identifier]
