"""PlexLifecycle against the PMS simulator: Leaving Soon collection, Home hub, deletion."""

from __future__ import annotations

import pytest

from tendarr.integrations.plex.lifecycle import PlexLifecycle
from tendarr.integrations.plex.lifecycle_client import PlexLifecycleClient
from tendarr.ports.media_lifecycle import CollectionResult, DeletionNotAllowed, ItemNotOnServer
from tendarr.ports.media_server import ServerAuthFailed, ServerUnreachable
from tendarr.sim.faults import Fault
from tendarr.sim.plex import plex_state
from tendarr.sim.plex.state import PlexState
from tests.integration.plex.conftest import BASE_URL, CLIENT_ID, SERVER_ID, PlexSim

MOVIES, SHOWS = "1", "2"
NAME = "Leaving Soon"


def lifecycle(sim: PlexSim, token: str | None = None) -> PlexLifecycle:
    client = PlexLifecycleClient(
        sim.http,
        BASE_URL,
        sim.token if token is None else token,
        CLIENT_ID,
        version="9.9.9",
        sleep=sim.sleeps.append,
    )
    return PlexLifecycle(SERVER_ID, client)


def state(sim: PlexSim) -> PlexState:
    return plex_state(sim.http.app)  # type: ignore[arg-type]


def movie_keys(sim: PlexSim, count: int) -> list[str]:
    return [sim.native("movie", m.id) for m in sim.world.library_movies()[:count]]


def members(sim: PlexSim) -> list[str]:
    (collection,) = [c for c in state(sim).collections.values() if c.title == NAME]
    return collection.items


def writes(sim: PlexSim) -> list[str]:
    return [f"{r.method} {r.url.path}" for r in sim.requests if r.method != "GET"]


def test_first_sync_creates_the_collection_and_promotes_it_to_home(sim: PlexSim) -> None:
    keys = movie_keys(sim, 3)
    result = lifecycle(sim).sync_collection(MOVIES, NAME, keys, promote_home=True)
    assert result.created
    assert (result.added, result.removed) == (3, 0)
    assert members(sim) == keys
    (hub,) = state(sim).hubs.values()
    assert hub.collection_key == result.collection_id
    assert hub.promoted_to_own_home
    assert hub.promoted_to_shared_home


def test_second_sync_with_the_same_items_changes_nothing(sim: PlexSim) -> None:
    keys = movie_keys(sim, 3)
    first = lifecycle(sim).sync_collection(MOVIES, NAME, keys, promote_home=True)
    sim.requests.clear()
    again = lifecycle(sim).sync_collection(MOVIES, NAME, list(reversed(keys)), promote_home=True)
    assert again == CollectionResult(first.collection_id, 0, 0)
    assert writes(sim) == []


def test_items_that_left_are_removed_and_new_ones_added(sim: PlexSim) -> None:
    keys = movie_keys(sim, 4)
    adapter = lifecycle(sim)
    adapter.sync_collection(MOVIES, NAME, keys[:3], promote_home=False)
    result = adapter.sync_collection(MOVIES, NAME, keys[1:], promote_home=False)
    assert (result.added, result.removed) == (1, 1)
    assert sorted(members(sim)) == sorted(keys[1:])
    assert f"PUT /library/collections/{result.collection_id}/items/{keys[0]}" in writes(sim)


def test_an_empty_list_deletes_the_collection_and_its_hub(sim: PlexSim) -> None:
    adapter = lifecycle(sim)
    adapter.sync_collection(MOVIES, NAME, movie_keys(sim, 2), promote_home=True)
    result = adapter.sync_collection(MOVIES, NAME, [], promote_home=True)
    assert result == CollectionResult(None, 0, 2, deleted=True)
    assert state(sim).collections == {}
    assert state(sim).hubs == {}
    assert adapter.sync_collection(MOVIES, NAME, [], promote_home=True) == CollectionResult(
        None, 0, 0
    )


def test_turning_promotion_off_takes_the_hub_off_home(sim: PlexSim) -> None:
    adapter = lifecycle(sim)
    adapter.sync_collection(MOVIES, NAME, movie_keys(sim, 2), promote_home=True)
    adapter.sync_collection(MOVIES, NAME, movie_keys(sim, 2), promote_home=False)
    (hub,) = state(sim).hubs.values()
    assert not (hub.promoted_to_own_home)
    assert not (hub.promoted_to_shared_home)


def test_collections_are_per_section_and_shows_use_the_show_type(sim: PlexSim) -> None:
    show = sim.native("show", sim.world.library_shows()[0].id)
    adapter = lifecycle(sim)
    adapter.sync_collection(MOVIES, NAME, movie_keys(sim, 1), promote_home=False)
    adapter.sync_collection(SHOWS, NAME, [show], promote_home=False)
    by_section = {c.section_key: c.items for c in state(sim).collections.values()}
    assert by_section[SHOWS] == [show]
    created = [r for r in sim.requests if r.url.path == "/library/collections"]
    assert [r.url.params["type"] for r in created] == ["1", "2"]


def test_a_failed_member_read_raises_and_removes_nothing(sim: PlexSim) -> None:
    keys = movie_keys(sim, 3)
    adapter = lifecycle(sim)
    adapter.sync_collection(MOVIES, NAME, keys, promote_home=False)
    sim.faults.add(Fault("status", path=r"/library/collections/\d+/items", status=503))
    with pytest.raises(ServerUnreachable):
        adapter.sync_collection(MOVIES, NAME, [], promote_home=False)
    assert members(sim) == keys


def test_a_server_that_is_down_raises_instead_of_reporting_nothing(sim: PlexSim) -> None:
    sim.faults.add(Fault("status", status=503))
    with pytest.raises(ServerUnreachable):
        lifecycle(sim).sync_collection(MOVIES, NAME, [], promote_home=True)
    assert len(sim.sleeps) == 3


def test_deletion_refused_without_allow_media_deletion_says_what_to_enable(
    sim: PlexSim,
) -> None:
    state(sim).prefs["allowMediaDeletion"] = False
    movie = sim.world.library_movies()[0]
    with pytest.raises(DeletionNotAllowed, match='enable "Allow media deletion"'):
        lifecycle(sim).delete_item(sim.native("movie", movie.id))
    assert movie.file is not None


def test_deletion_with_a_bad_token_is_an_auth_failure_not_a_setting(sim: PlexSim) -> None:
    with pytest.raises(ServerAuthFailed) as caught:
        lifecycle(sim, token="wrong").delete_item(movie_keys(sim, 1)[0])
    assert not isinstance(caught.value, DeletionNotAllowed)


def test_deletion_removes_the_file_and_an_unknown_item_is_reported(sim: PlexSim) -> None:
    movie = sim.world.library_movies()[0]
    adapter = lifecycle(sim)
    adapter.delete_item(sim.native("movie", movie.id))
    assert movie.file is None
    with pytest.raises(ItemNotOnServer):
        adapter.delete_item("987654321")


def test_refresh_then_empty_trash_hit_the_section(sim: PlexSim) -> None:
    adapter = lifecycle(sim)
    adapter.refresh_library(MOVIES)
    adapter.empty_trash(MOVIES)
    assert writes(sim) == [
        f"POST /library/sections/{MOVIES}/refresh",
        f"PUT /library/sections/{MOVIES}/emptyTrash",
    ]
