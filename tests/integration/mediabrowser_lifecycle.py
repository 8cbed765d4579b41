"""Shared cases for MediaBrowserLifecycle on the Jellyfin and Emby simulators."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import ClassVar

import httpx
import pytest
from starlette.applications import Starlette

from tendarr.integrations._http import VendorHttp
from tendarr.integrations.mediabrowser.lifecycle import Dialect, MediaBrowserLifecycle
from tendarr.ports.media_lifecycle import CollectionResult, DeletionNotAllowed, ItemNotOnServer
from tendarr.ports.media_server import ServerAuthFailed, ServerUnreachable
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.model import MediaServer
from tendarr.sim.world import World

NAME = "Leaving Soon"


class LifecycleRig:
    """A simulator, a lifecycle adapter on it and what it sent."""

    def __init__(
        self,
        app: Starlette,
        http: httpx.Client,
        slept: list[float],
        headers: Callable[[str], Mapping[str, str]],
        dialect: Dialect,
        world: World,
        server: MediaServer,
        faults: FaultPlan,
    ) -> None:
        self.app, self.http, self.slept = app, http, slept
        self.headers, self.dialect = headers, dialect
        self.world, self.server, self.faults = world, server, faults
        self.requests: list[httpx.Request] = []
        http.event_hooks = {"request": [self.requests.append], "response": []}

    @property
    def sim(self) -> SimServer:
        return self.app.state.sim  # type: ignore[no-any-return]

    def adapter(self, token: str) -> MediaBrowserLifecycle:
        vendor = VendorHttp(self.http, self.dialect.vendor, sleep=self.slept.append)
        return MediaBrowserLifecycle("srv", vendor, self.headers(token), self.dialect)

    def movies(self, count: int) -> list[str]:
        return [
            self.server.native_ids[("movie", m.id)] for m in self.world.library_movies()[:count]
        ]

    def show(self) -> str:
        return self.server.native_ids[("show", self.world.library_shows()[0].id)]

    def members(self) -> list[str]:
        catalog = self.sim.catalog()
        (collection,) = [c for c in self.sim.state.collections.values() if c.name == NAME]
        return [item.id for item in catalog.items if item.key in collection.members]

    def writes(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.requests if r.method != "GET"]


def sync_creates_then_changes_nothing(rig: LifecycleRig, token: str) -> None:
    """Run one sync, then the same again: the second writes nothing."""
    keys = rig.movies(3)
    first = rig.adapter(token).sync_collection(None, NAME, keys, promote_home=True)
    assert first.created
    assert (first.added, first.removed) == (3, 0)
    assert sorted(rig.members()) == sorted(keys)
    rig.requests.clear()
    again = rig.adapter(token).sync_collection("any", NAME, keys[::-1], promote_home=True)
    assert again == CollectionResult(first.collection_id, 0, 0)
    assert rig.writes() == []


def sync_removes_items_that_left(rig: LifecycleRig, token: str) -> None:
    """Members no longer listed leave; a series may be a member."""
    keys = [*rig.movies(3), rig.show()]
    adapter = rig.adapter(token)
    adapter.sync_collection(None, NAME, keys[:3], promote_home=False)
    result = adapter.sync_collection(None, NAME, keys[1:], promote_home=False)
    assert (result.added, result.removed) == (1, 1)
    assert sorted(rig.members()) == sorted(keys[1:])


def empty_list_deletes_the_collection(rig: LifecycleRig, token: str) -> None:
    """An empty list removes every member and then the collection itself."""
    adapter = rig.adapter(token)
    adapter.sync_collection(None, NAME, rig.movies(2), promote_home=False)
    result = adapter.sync_collection(None, NAME, [], promote_home=False)
    assert result == CollectionResult(None, 0, 2, deleted=True)
    assert rig.sim.state.collections == {}


def failed_member_read_removes_nothing(rig: LifecycleRig, token: str) -> None:
    """A listing that fails raises; the collection keeps its members."""
    keys = rig.movies(2)
    adapter = rig.adapter(token)
    adapter.sync_collection(None, NAME, keys, promote_home=False)
    rig.faults.add(Fault("status", path="/Items", method="GET", status=503))
    with pytest.raises(ServerUnreachable):
        adapter.sync_collection(None, NAME, [], promote_home=False)
    rig.faults.clear()
    assert sorted(rig.members()) == sorted(keys)
    assert len(rig.slept) == 3


def refused_deletion_is_typed(rig: LifecycleRig, token: str, hint: str) -> None:
    """A server that may not delete media says so; a bad token stays an auth failure."""
    rig.server.allow_media_deletion = False
    movie = rig.world.library_movies()[0]
    with pytest.raises(DeletionNotAllowed, match=hint):
        rig.adapter(token).delete_item(rig.server.native_ids[("movie", movie.id)])
    assert movie.file is not None
    with pytest.raises(ServerAuthFailed) as caught:
        rig.adapter("wrong-token").delete_item(rig.server.native_ids[("movie", movie.id)])
    assert not isinstance(caught.value, DeletionNotAllowed)


def deletion_and_unknown_items(rig: LifecycleRig, token: str) -> None:
    """Deleting removes the file; an unknown id is ItemNotOnServer, never success."""
    movie = rig.world.library_movies()[0]
    adapter = rig.adapter(token)
    adapter.delete_item(rig.server.native_ids[("movie", movie.id)])
    assert movie.file is None
    with pytest.raises(ItemNotOnServer):
        adapter.delete_item("0" * 32)


def refresh_scans_one_library(rig: LifecycleRig, token: str) -> None:
    """A library refresh is one request for that library; the trash is a no-op."""
    library = rig.server.libraries[0].key
    adapter = rig.adapter(token)
    before = rig.sim.state.refreshes
    adapter.refresh_library(library)
    adapter.empty_trash(library)
    assert rig.writes() == [f"POST /Items/{library}/Refresh"]
    assert rig.sim.state.refreshes == before + 1


class LifecycleCases:
    """The tests each vendor runs; its module supplies ``lifecycle`` and ``token`` fixtures."""

    refusal_hint: ClassVar[str]  # what a refused deletion names (the vendor's setting)
    deletion_write: ClassVar[str]  # a pattern the deletion request matches in full

    def test_sync_creates_then_a_second_sync_changes_nothing(
        self, lifecycle: LifecycleRig, token: str
    ) -> None:
        sync_creates_then_changes_nothing(lifecycle, token)

    def test_items_that_left_are_removed_and_series_are_members(
        self, lifecycle: LifecycleRig, token: str
    ) -> None:
        sync_removes_items_that_left(lifecycle, token)

    def test_an_empty_list_deletes_the_collection(
        self, lifecycle: LifecycleRig, token: str
    ) -> None:
        empty_list_deletes_the_collection(lifecycle, token)

    def test_a_failed_member_read_raises_and_removes_nothing(
        self, lifecycle: LifecycleRig, token: str
    ) -> None:
        failed_member_read_removes_nothing(lifecycle, token)

    def test_refused_deletion_names_the_setting(self, lifecycle: LifecycleRig, token: str) -> None:
        refused_deletion_is_typed(lifecycle, token, self.refusal_hint)

    def test_deletion_removes_the_file_and_unknown_ids_are_reported(
        self, lifecycle: LifecycleRig, token: str
    ) -> None:
        deletion_and_unknown_items(lifecycle, token)
        assert [w for w in lifecycle.writes() if re.fullmatch(self.deletion_write, w)]

    def test_refresh_scans_one_library_and_the_trash_is_a_no_op(
        self, lifecycle: LifecycleRig, token: str
    ) -> None:
        refresh_scans_one_library(lifecycle, token)
