"""Cleanup rules over Tendarr's own data: storage, facts from library + household, preview."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tendarr.bootstrap import Runtime
from tendarr.domain.errors import NotFound
from tendarr.domain.jobs import JobPriority, JobState
from tendarr.domain.media import ItemKind
from tendarr.domain.rules import InvalidRule, Unknown
from tendarr.ports.repositories import NewJob
from tendarr.services.cleanup_rules import CleanupRuleService
from tests.integration import test_household_sync as household
from tests.integration.test_household_sync import T0, World

rt = household.rt
world = household.world

WATCHED_MOVIES: dict[str, Any] = {
    "name": "Watched movies",
    "target": "movie",
    "conditions": [{"property": "watched_by_anyone", "operator": "is_true"}],
}


def record_household_sync(runtime: Runtime) -> None:
    """Store a succeeded household.sync job per server (what makes watch history "synced")."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        for server in uow.servers.all():
            job = uow.jobs.add(
                NewJob("household.sync", "Sync household", "default", JobPriority.NORMAL,
                       {"server_id": server.id}, 1, None, now)
            )  # fmt: skip
            assert uow.jobs.claim(job.id, "test", "lease", now) is not None
            assert uow.jobs.finish(job.id, "lease", now, JobState.SUCCEEDED, {})
        uow.commit()


def service(world: World) -> CleanupRuleService:
    assert world.rt.cleanup is not None
    return world.rt.cleanup


def synced(world: World) -> World:
    world.run("plex")
    world.run("jf")
    record_household_sync(world.rt)
    return world


def test_rules_are_stored_validated_and_default_to_dry_run(world: World) -> None:
    cleanup = service(world)
    stored = cleanup.create(WATCHED_MOVIES, "admin")
    assert stored.mode == "dry_run"
    assert stored.document["mode"] == "dry_run"
    assert stored.target == "movie"
    assert stored.created_by == "admin"
    assert stored.enabled
    changed = cleanup.update(stored.id, {**WATCHED_MOVIES, "mode": "review"}, "admin", False)
    assert (changed.mode, changed.enabled) == ("review", False)
    assert [r.id for r in cleanup.list()] == [stored.id]
    assert cleanup.get(stored.id).document["conditions"] == WATCHED_MOVIES["conditions"]
    with pytest.raises(InvalidRule, match=r"conditions\[0\]\.property"):
        cleanup.create({**WATCHED_MOVIES, "conditions": [{"property": "nope"}]}, "admin")
    cleanup.delete(stored.id, "admin")
    with pytest.raises(NotFound):
        cleanup.get(stored.id)


def test_facts_come_from_library_watch_state_and_watchlists(world: World) -> None:
    synced(world)
    cleanup = service(world)
    views = {v.title: v for v in cleanup._facts.for_kind(ItemKind.MOVIE, world.rt.clock.now())}
    a_film, b_film = views["A Film"].facts, views["B Film"].facts
    assert a_film.value("watched_by_anyone") is True
    assert a_film.value("present_on_server") == {"plex", "jf"}
    assert a_film.library_ids == {"plex:lib", "jf:lib"}
    assert a_film.value("size_gb") == 1000  # one server copy, not the sum of both
    assert a_film.value("play_count") == 2  # Alice on Plex and on Jellyfin: one person
    assert b_film.value("days_since_last_watched") == T0 + timedelta(hours=2)
    assert b_film.value("on_any_watchlist") is False
    assert isinstance(a_film.value("resolution"), Unknown)  # the file was never classified
    assert a_film.value("arr_monitored") == Unknown(
        "Sonarr/Radarr is not connected yet", "sonarr/radarr"
    )
    show = cleanup._facts.for_kind(ItemKind.SHOW, world.rt.clock.now())[0].facts
    assert show.value("in_progress") is True  # Bob is partway through episode 1
    assert show.value("watched_by_anyone") is False
    assert isinstance(show.value("size_gb"), Unknown)  # episodes have no files


def test_preview_lists_matches_with_reasons_and_total_size(world: World) -> None:
    synced(world)
    preview = service(world).preview(WATCHED_MOVIES)
    assert preview.match_count == 2
    assert preview.match_bytes == 2000
    assert {m.title for m in preview.matches} == {"A Film", "B Film"}
    assert preview.matches[0].reasons == ("watched_by_anyone is_true: true -> true",)


def test_a_watch_rule_before_any_household_sync_keeps_everything(world: World) -> None:
    preview = service(world).preview(WATCHED_MOVIES)
    assert preview.match_count == 0
    assert preview.kept_count == 2
    assert all("watch history has never synced" in k.reasons[0] for k in preview.kept)


def test_lifecycle_explains_every_enabled_rule(world: World) -> None:
    synced(world)
    cleanup = service(world)
    cleanup.create(WATCHED_MOVIES, "admin")
    item = next(m.id for m in cleanup.preview(WATCHED_MOVIES).matches if m.title == "B Film")
    lifecycle = cleanup.lifecycle(item)
    assert lifecycle.title == "B Film"
    assert lifecycle.rules[0].verdict == "matches"
    assert lifecycle.rules[0].conditions[0].actual is True
