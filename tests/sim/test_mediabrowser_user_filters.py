"""Jellyfin and Emby listings filtered and sorted by one user's data, as the servers do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from starlette.testclient import TestClient

from tendarr.sim import emby, jellyfin
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.mediabrowser.listing import sort_name
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.model import Favorite, MediaKind, User
from tendarr.sim.world import World

PLAYABLE = "Movie,Episode"


@dataclass
class Rig:
    """One simulated server and how its vendor asks for a user's items."""

    flavor: str
    world: World
    client: TestClient
    headers: dict[str, str]

    @property
    def sim(self) -> SimServer:
        sim: SimServer = self.client.app.state.sim  # type: ignore[attr-defined]
        return sim

    def user_id(self, user: User) -> str:
        return user.jellyfin_id if self.flavor == "jellyfin" else user.emby_id

    def items(self, user: User, **params: str) -> dict[str, Any]:
        """List ``user``'s items: Jellyfin's ``/Items?userId=``, Emby's ``/Users/{id}/Items``."""
        query = {"recursive": "true", **params}
        if self.flavor == "jellyfin":
            path = "/Items"
            query["userId"] = self.user_id(user)
        else:
            # Emby binds PascalCase names; the simulator's binder ignores case for both.
            path = f"/Users/{self.user_id(user)}/Items"
            query = {k[0].upper() + k[1:]: v for k, v in query.items()}
        response = self.client.get(path, params=query, headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def ids(self, user: User, **params: str) -> list[str]:
        return [i["Id"] for i in self.items(user, **params)["Items"]]

    def mark(self, user: User, item_id: str, *, played: bool) -> None:
        """Mark an item played or unplayed for ``user`` through the vendor's route."""
        if self.flavor == "jellyfin":
            path, query = f"/UserPlayedItems/{item_id}", {"userId": self.user_id(user)}
        else:
            path, query = f"/Users/{self.user_id(user)}/PlayedItems/{item_id}", {}
        method = "POST" if played else "DELETE"
        response = self.client.request(method, path, params=query, headers=self.headers)
        assert response.status_code == 200, response.text


@pytest.fixture(params=["jellyfin", "emby"])
def rig(request: pytest.FixtureRequest) -> Rig:
    world = generate_world(WorldConfig(movies=30, shows=5, users=4))
    if request.param == "jellyfin":
        key = jellyfin.credentials(world)["api_key"]
        app = jellyfin.create_app(world)
        headers = {
            "Authorization": f'MediaBrowser Client="t", Device="ci", DeviceId="1", '
            f'Version="1", Token="{key}"'
        }
    else:
        app = emby.create_app(world)
        headers = {"X-Emby-Token": emby.credentials(world)["api_key"]}
    return Rig(request.param, world, TestClient(app), headers)


def viewers(rig: Rig) -> list[User]:
    """Return the server's users, the one with an unfinished play first."""
    server_id = rig.sim.state.server.id
    partial = {p.user_id for p in rig.world.plays if p.server_id == server_id and not p.completed}
    return sorted(rig.sim.state.users(), key=lambda u: (u.id not in partial, u.id))


def leaf_ids(rig: Rig) -> set[str]:
    return {i.id for i in rig.sim.catalog().items if not i.is_folder}


def played_ids(rig: Rig, user: User) -> set[str]:
    """Return what the World says ``user`` finished on this server."""
    server = rig.sim.state.server
    return {
        server.native_ids[(p.item_kind, p.item_id)]
        for p in rig.world.plays
        if p.user_id == user.id and p.server_id == server.id and p.completed
    } & leaf_ids(rig)


def resumable_ids(rig: Rig, user: User) -> set[str]:
    """Return the items whose latest play by ``user`` stopped part-way."""
    server = rig.sim.state.server
    latest: dict[tuple[str, int], Any] = {}
    for play in sorted(rig.world.plays, key=lambda p: p.stopped_at):
        if play.user_id == user.id and play.server_id == server.id:
            latest[(play.item_kind, play.item_id)] = play
    return {
        server.native_ids[key]
        for key, play in latest.items()
        if not play.completed and play.view_offset_ms > 0
    } & leaf_ids(rig)


def favourite_ids(rig: Rig, user: User) -> set[str]:
    server = rig.sim.state.server
    return {
        server.native_ids[(f.kind, f.item_id)]
        for f in rig.world.favorites
        if f.user_id == user.id and f.server_id == server.id
    }


def favour(rig: Rig, user: User, native_ids: list[str]) -> None:
    for native in native_ids:
        kind, item_id = rig.sim.item(native).key
        assert kind in {"movie", "show"}
        media_kind: MediaKind = "movie" if kind == "movie" else "show"
        favourite = Favorite(user.id, rig.sim.state.server.id, media_kind, item_id, rig.world.now)
        rig.world.favorites.append(favourite)


def test_date_played_sorts_never_played_items_as_the_oldest(rig: Rig) -> None:
    user = viewers(rig)[0]
    played = played_ids(rig, user) | resumable_ids(rig, user)
    assert played
    assert leaf_ids(rig) - played
    for order in ("Ascending", "Descending"):
        body = rig.items(user, includeItemTypes=PLAYABLE, sortBy="DatePlayed", sortOrder=order)
        dates = [i["UserData"].get("LastPlayedDate") for i in body["Items"]]
        assert body["TotalRecordCount"] == len(leaf_ids(rig))
        undated = len(leaf_ids(rig) - played)
        if order == "Ascending":
            assert dates[:undated] == [None] * undated
            assert dates[undated:] == sorted(d for d in dates if d)
        else:
            assert dates[len(dates) - undated :] == [None] * undated
            assert dates[: len(dates) - undated] == sorted((d for d in dates if d), reverse=True)


def test_date_played_pages_are_stable_and_ties_keep_sort_name_order(rig: Rig) -> None:
    user = viewers(rig)[0]
    params = {"includeItemTypes": PLAYABLE, "sortBy": "DatePlayed", "sortOrder": "Descending"}
    whole = rig.ids(user, **params)
    paged = [
        i
        for start in range(0, len(whole), 7)
        for i in rig.ids(user, **params, startIndex=str(start), limit="7")
    ]
    assert paged == whole
    catalog = rig.sim.catalog()
    never = [i for i in whole if i not in played_ids(rig, user) | resumable_ids(rig, user)]
    assert never == whole[len(whole) - len(never) :]
    assert never == sorted(never, key=lambda i: (sort_name(rig.sim.item(i), catalog), i))


def test_sort_fields_past_the_last_order_take_the_first_order(rig: Rig) -> None:
    user = viewers(rig)[0]
    ids = rig.ids(
        user, includeItemTypes=PLAYABLE, sortBy="DatePlayed,SortName", sortOrder="Descending"
    )
    catalog = rig.sim.catalog()
    never = [i for i in ids if i not in played_ids(rig, user) | resumable_ids(rig, user)]
    names = [sort_name(rig.sim.item(i), catalog) for i in never]
    assert names == sorted(names, reverse=True)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("IsPlayed", lambda r, u: played_ids(r, u)),
        ("isplayed", lambda r, u: played_ids(r, u)),
        ("IsUnplayed", lambda r, u: leaf_ids(r) - played_ids(r, u)),
        ("IsResumable", lambda r, u: resumable_ids(r, u)),
        ("IsFavorite", lambda r, u: favourite_ids(r, u)),
        ("IsFavoriteOrLikes", lambda r, u: favourite_ids(r, u)),
        ("IsPlayed,IsFavorite", lambda r, u: played_ids(r, u) & favourite_ids(r, u)),
        ("IsUnplayed , IsFavorite", lambda r, u: favourite_ids(r, u) - played_ids(r, u)),
        ("IsPlayed,IsUnplayed", lambda r, u: leaf_ids(r) - played_ids(r, u)),
        ("Likes", lambda r, u: set()),
        ("Dislikes", lambda r, u: set()),
    ],
)
def test_filters_match_what_each_items_user_data_says(
    rig: Rig, filters: str, expected: Any
) -> None:
    user = viewers(rig)[0]
    played, unplayed = sorted(played_ids(rig, user)), sorted(leaf_ids(rig) - played_ids(rig, user))
    movies = {i.id for i in rig.sim.catalog().items if i.type == "Movie"}
    favour(
        rig,
        user,
        [next(i for i in played if i in movies), next(i for i in unplayed if i in movies)],
    )
    want: set[str] = expected(rig, user)
    body = rig.items(user, includeItemTypes=PLAYABLE, filters=filters)
    assert {i["Id"] for i in body["Items"]} == want
    assert body["TotalRecordCount"] == len(want)
    first = rig.items(user, includeItemTypes=PLAYABLE, filters=filters, limit="1")
    assert first["TotalRecordCount"] == len(want)
    assert len(first["Items"]) == min(1, len(want))


def test_each_filter_agrees_with_the_user_data_it_returns(rig: Rig) -> None:
    user = viewers(rig)[0]
    for filters, key, value in (
        ("IsPlayed", "Played", True),
        ("IsUnplayed", "Played", False),
        ("IsFavorite", "IsFavorite", True),
    ):
        items = rig.items(user, includeItemTypes=PLAYABLE, filters=filters)["Items"]
        assert all(i["UserData"][key] is value for i in items)
    resumable = rig.items(user, includeItemTypes=PLAYABLE, filters="IsResumable")["Items"]
    assert resumable
    assert all(i["UserData"]["PlaybackPositionTicks"] > 0 for i in resumable)


def test_filters_win_over_the_boolean_parameters_they_set(rig: Rig) -> None:
    user = viewers(rig)[0]
    unplayed = leaf_ids(rig) - played_ids(rig, user)
    assert set(rig.ids(user, includeItemTypes=PLAYABLE, isPlayed="true")) == played_ids(rig, user)
    assert set(rig.ids(user, includeItemTypes=PLAYABLE, isPlayed="false")) == unplayed
    overruled = rig.ids(user, includeItemTypes=PLAYABLE, isPlayed="true", filters="IsUnplayed")
    assert set(overruled) == unplayed
    both = rig.ids(user, includeItemTypes=PLAYABLE, isPlayed="false", filters="IsResumable")
    assert set(both) == resumable_ids(rig, user) - played_ids(rig, user)


def test_is_favorite_parameter_filters_both_ways(rig: Rig) -> None:
    user = viewers(rig)[0]
    movies = [i.id for i in rig.sim.catalog().items if i.type == "Movie"]
    favour(rig, user, movies[:2])
    liked = favourite_ids(rig, user)
    assert set(rig.ids(user, includeItemTypes="Movie", isFavorite="true")) == liked
    assert set(rig.ids(user, includeItemTypes="Movie", isFavorite="false")) == set(movies) - liked


def test_folder_filters_split_series_and_seasons_from_what_plays(rig: Rig) -> None:
    user = viewers(rig)[0]
    folders = rig.items(user, filters="IsFolder")["Items"]
    files = rig.items(user, filters="IsNotFolder")["Items"]
    assert {i["Type"] for i in folders} == {"Series", "Season"}
    assert {i["Type"] for i in files} == {"Movie", "Episode"}
    assert len(folders) + len(files) == len(rig.sim.catalog().items)


def test_a_series_is_played_once_every_episode_is_and_resumable_while_partly_watched(
    rig: Rig,
) -> None:
    user = viewers(rig)[0]
    catalog = rig.sim.catalog()
    series = next(
        i for i in catalog.items if i.type == "Series" and len(catalog.episodes_of(i)) > 1
    )
    first_episode = catalog.episodes_of(series)[0]
    only_series = {"includeItemTypes": "Series"}
    rig.mark(user, series.id, played=False)
    assert series.id not in rig.ids(user, **only_series, filters="IsResumable")
    assert series.id in rig.ids(user, **only_series, filters="IsUnplayed")
    rig.mark(user, first_episode.id, played=True)
    assert series.id in rig.ids(user, **only_series, filters="IsResumable")
    assert series.id in rig.ids(user, **only_series, filters="IsUnplayed")
    rig.mark(user, series.id, played=True)
    assert series.id in rig.ids(user, **only_series, filters="IsPlayed")
    assert series.id not in rig.ids(user, **only_series, filters="IsResumable")


def test_filters_read_the_data_of_the_user_asked_for(rig: Rig) -> None:
    first, second = viewers(rig)[:2]
    assert played_ids(rig, first) != played_ids(rig, second)
    for user in (first, second):
        got = rig.ids(user, includeItemTypes=PLAYABLE, filters="IsPlayed")
        assert set(got) == played_ids(rig, user)


def test_unknown_filter_is_dropped_by_jellyfin_and_refused_by_emby(rig: Rig) -> None:
    user = viewers(rig)[0]
    if rig.flavor == "jellyfin":
        ids = rig.ids(user, includeItemTypes=PLAYABLE, filters="IsPlayed,IsWatched")
        assert set(ids) == played_ids(rig, user)
        return
    path = f"/Users/{rig.user_id(user)}/Items"
    params = {"Recursive": "true", "Filters": "IsPlayed,IsWatched"}
    assert rig.client.get(path, params=params, headers=rig.headers).status_code == 400
