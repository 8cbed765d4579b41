"""Leaving Soon collections over the stored library, with typed fake servers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from tendarr.bootstrap import Runtime
from tendarr.domain.servers import ServerConfig
from tendarr.ports.leaving_soon_store import EntryState, NewEntry
from tendarr.ports.media_lifecycle import CollectionResult
from tendarr.ports.media_server import MediaServerError, ServerUnreachable
from tendarr.services.leaving_soon_collections import LeavingSoonCollections
from tests.integration import test_household_sync as household
from tests.integration.test_household_sync import World
from tests.integration.test_leaving_soon import create, limits, ready, rule
from tests.integration.test_sync_library import Ctx

rt = household.rt
world = household.world
__all__ = ["ready"]


@dataclass
class FakeLifecycle:
    """A MediaLifecycle that keeps its collections in memory."""

    server_id: str
    collections_per_library: bool
    keeps_trash: bool
    collections: dict[tuple[str | None, str], list[str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    down: bool = False

    def sync_collection(
        self, library_key: str | None, name: str, remote_ids: Sequence[str], promote_home: bool
    ) -> CollectionResult:
        if self.down:
            raise ServerUnreachable(f"{self.server_id} is down")
        key = (library_key, name)
        before = self.collections.get(key, [])
        added = [i for i in remote_ids if i not in before]
        removed = [i for i in before if i not in remote_ids]
        if remote_ids:
            self.collections[key] = list(remote_ids)
        else:
            self.collections.pop(key, None)
        self.calls.append(f"sync {library_key} promote={promote_home}")
        return CollectionResult(
            name if remote_ids else None, len(added), len(removed), deleted=not remote_ids
        )

    def delete_item(self, remote_id: str) -> None:
        raise AssertionError("a collection sync never deletes")

    def refresh_library(self, library_key: str) -> None:
        if self.down:
            raise ServerUnreachable(f"{self.server_id} is down")
        self.calls.append(f"refresh {library_key}")

    def empty_trash(self, library_key: str) -> None:
        self.calls.append(f"trash {library_key}")


@dataclass
class Rig:
    runtime: Runtime
    plex: FakeLifecycle
    jf: FakeLifecycle
    slept: list[float] = field(default_factory=list)

    def service(self) -> LeavingSoonCollections:
        fakes = {"plex": self.plex, "jf": self.jf}

        def factory(config: ServerConfig) -> FakeLifecycle:
            return fakes[config.id]

        return LeavingSoonCollections(
            self.runtime.uow,
            factory,
            lambda: self.runtime.settings.current().cleanup,
            sleep=self.slept.append,
        )

    def media(self, server_id: str, native: str) -> int:
        with self.runtime.uow() as uow:
            return uow.library.server_items_by_native(server_id, [native])[native].media_item_id

    def enter(self, media_id: int, state: EntryState = EntryState.LEAVING) -> None:
        rule_id = self.rule_id()
        now = self.runtime.clock.now()
        entry = NewEntry(media_id, rule_id, state, now, now, 15, now, ("test",), None)
        with self.runtime.uow() as uow:
            uow.leaving_soon.put(entry, now)
            uow.commit()

    def rule_id(self) -> int:
        assert self.runtime.cleanup is not None
        rules = self.runtime.cleanup.list()
        return rules[0].id if rules else create(self.runtime, rule("dry_run"))


@pytest.fixture
def rig(ready: Runtime, world: World) -> Rig:
    return Rig(ready, FakeLifecycle("plex", True, True), FakeLifecycle("jf", False, False))


NAME = "Leaving Soon"


def test_visible_entries_map_to_each_servers_copy_and_episodes_to_their_show(rig: Rig) -> None:
    rig.enter(rig.media("plex", "pm1"))  # A Film: on Plex and Jellyfin
    rig.enter(rig.media("plex", "pm2"), EntryState.DUE)  # B Film: Plex only
    rig.enter(rig.media("jf", "jf-e2"), EntryState.EXTENDED)  # an episode: its show
    outcomes = {o.server_id: o for o in rig.service().sync()}
    assert all(o.ok for o in outcomes.values())
    assert rig.plex.collections == {("lib", NAME): ["pm1", "pm2"]}
    assert rig.jf.collections == {(None, NAME): ["jf-show", "jm1"]}
    assert rig.plex.calls == ["sync lib promote=True"]


def test_pending_and_kept_entries_are_not_shown(rig: Rig) -> None:
    rig.enter(rig.media("plex", "pm1"), EntryState.PENDING_REVIEW)
    rig.enter(rig.media("plex", "pm2"), EntryState.KEPT_BY_ADMIN)
    rig.plex.collections[("lib", NAME)] = ["pm2"]
    (plex, _jf) = sorted(rig.service().sync(), key=lambda o: o.server_id != "plex")
    assert rig.plex.collections == {}
    assert rig.jf.collections == {}
    assert plex.libraries[0].result.deleted
    assert plex.libraries[0].result.removed == 1


def test_a_failed_server_is_reported_and_the_others_still_sync(rig: Rig) -> None:
    rig.enter(rig.media("plex", "pm1"))
    rig.plex.collections[("lib", NAME)] = ["pm1", "pm-old"]
    rig.plex.down = True
    outcomes = {o.server_id: o for o in rig.service().sync()}
    assert outcomes["plex"].error == "plex is down"
    assert not outcomes["plex"].ok
    assert rig.plex.collections == {("lib", NAME): ["pm1", "pm-old"]}  # nothing removed
    assert outcomes["jf"].ok
    assert rig.jf.collections == {(None, NAME): ["jm1"]}


def test_the_collection_name_and_promotion_come_from_settings(rig: Rig) -> None:
    limits(rig.runtime, leaving_soon_collection_name="Last Chance", promote_collection_home=False)
    rig.enter(rig.media("plex", "pm1"))
    rig.service().sync()
    assert rig.plex.collections == {("lib", "Last Chance"): ["pm1"]}
    assert rig.plex.calls == ["sync lib promote=False"]


def test_the_job_reports_each_server_and_fails_only_when_all_fail(rig: Rig) -> None:
    rig.enter(rig.media("plex", "pm1"))
    rig.plex.down = True
    result = rig.service()(Ctx(), {})
    by_server = {s["server_id"]: s for s in result["servers"]}
    assert by_server["plex"]["ok"] is False
    assert by_server["jf"]["collections"][0]["added"] == 1
    rig.jf.down = True
    with pytest.raises(MediaServerError, match="no server synced"):
        rig.service()(Ctx(), {})


def test_sections_are_refreshed_once_and_plex_trash_emptied_after_one_wait(rig: Rig) -> None:
    touched = [("plex", "lib"), ("plex", "lib"), ("jf", "lib"), ("gone", "x")]
    outcomes = {(o.server_id, o.library_key): o for o in rig.service().refresh_sections(touched)}
    assert rig.plex.calls == ["refresh lib", "trash lib"]
    assert rig.jf.calls == ["refresh lib"]
    assert rig.slept == [10.0]
    assert outcomes["plex", "lib"].trash_emptied is True
    assert outcomes["jf", "lib"].trash_emptied is None
    assert outcomes["gone", "x"].error == "the server is no longer configured"


def test_a_section_whose_refresh_failed_keeps_its_trash(rig: Rig) -> None:
    rig.plex.down = True
    (outcome,) = rig.service().refresh_sections({("plex", "lib")})
    assert (outcome.refreshed, outcome.trash_emptied) == (False, None)
    assert rig.plex.calls == []
    assert rig.slept == []
