"""Leaving Soon and the cleanup run over the library + household fakes (no deletion yet)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tendarr.bootstrap import Runtime
from tendarr.domain.errors import Conflict
from tendarr.ports.leaving_soon_store import EntryState, LeavingEntry
from tendarr.services.cleanup_run import CLEANUP_JOB
from tendarr.services.leaving_soon import LeavingSoonService
from tests.integration import test_household_sync as household
from tests.integration.test_cleanup_rules import WATCHED_MOVIES, synced
from tests.integration.test_household_sync import World
from tests.integration.test_sync_library import Ctx
from tests.support import FakeClock

rt = household.rt
world = household.world
DAY = 86400.0


def rule(mode: str, grace: int = 15, **extra: Any) -> dict[str, Any]:
    return {**WATCHED_MOVIES, "mode": mode, "grace_days": grace, **extra}


def limits(runtime: Runtime, **values: object) -> None:
    runtime.settings.update({"cleanup": values}, "admin")


def run(runtime: Runtime, overrides: list[int] | None = None) -> dict[str, Any]:
    job = runtime.registry.get(CLEANUP_JOB)
    assert job is not None
    result = job.handler(Ctx(), {"override_rule_ids": overrides or []})
    assert result is not None
    return result


def leaving(runtime: Runtime) -> LeavingSoonService:
    assert runtime.leaving_soon is not None
    return runtime.leaving_soon


def entries(runtime: Runtime) -> dict[str, LeavingEntry]:
    return {listed.entry.title: listed.entry for listed in leaving(runtime).entries()}


def create(runtime: Runtime, document: dict[str, Any]) -> int:
    assert runtime.cleanup is not None
    return runtime.cleanup.create(document, "admin").id


def clock(runtime: Runtime) -> FakeClock:
    assert isinstance(runtime.clock, FakeClock)
    return runtime.clock


@pytest.fixture
def ready(world: World) -> Runtime:
    synced(world)
    limits(world.rt, max_share_percent=100)
    return world.rt


def test_automatic_match_enters_with_a_stored_date_that_a_lower_grace_never_moves(
    ready: Runtime,
) -> None:
    rule_id = create(ready, rule("automatic", grace=15))
    t0 = ready.clock.now()
    result = run(ready)
    assert result["rules"][0]["added"] == 2
    assert result["states"] == {"leaving": 2}
    b_film = entries(ready)["B Film"]
    assert b_film.state is EntryState.LEAVING
    assert b_film.first_matched_at == t0
    assert b_film.delete_after == t0 + timedelta(days=15)
    assert b_film.size_bytes == 1000
    assert b_film.reasons == ("watched_by_anyone is_true: true -> true",)
    assert leaving(ready).entries()[0].days_left == 15
    assert ready.cleanup is not None
    ready.cleanup.update(rule_id, rule("automatic", grace=1), "admin")
    clock(ready).advance(2 * DAY)
    run(ready)
    b_film = entries(ready)["B Film"]
    assert b_film.state is EntryState.LEAVING  # the lower grace does not make it due
    assert b_film.delete_after == t0 + timedelta(days=15)
    clock(ready).advance(13 * DAY)
    assert run(ready)["rules"][0]["due"] == 2
    assert entries(ready)["B Film"].state is EntryState.DUE  # listed, nothing deleted


def test_review_waits_then_approval_starts_the_grace(ready: Runtime) -> None:
    create(ready, rule("review", grace=10))
    run(ready)
    pending = entries(ready)
    assert {e.state for e in pending.values()} == {EntryState.PENDING_REVIEW}
    assert pending["A Film"].delete_after is None
    clock(ready).advance(3 * DAY)
    approved = leaving(ready).approve([pending["A Film"].id], "admin")
    assert approved[0].delete_after == ready.clock.now() + timedelta(days=10)
    assert entries(ready)["A Film"].state is EntryState.LEAVING
    leaving(ready).reject([pending["B Film"].id], "admin")
    run(ready)
    assert entries(ready)["B Film"].state is EntryState.KEPT_BY_ADMIN  # never re-added
    with pytest.raises(Conflict):
        leaving(ready).approve([pending["B Film"].id], "admin")


def test_an_item_that_stops_matching_leaves(ready: Runtime) -> None:
    rule_id = create(ready, rule("automatic"))
    run(ready)
    assert ready.cleanup is not None
    title_rule = [{"property": "title", "operator": "equals", "value": "A Film"}]
    ready.cleanup.update(rule_id, rule("automatic", conditions=title_rule), "admin")
    result = run(ready)
    assert result["rules"][0]["left"] == 1
    states = {title: e.state for title, e in entries(ready).items()}
    assert states == {"A Film": EntryState.LEAVING, "B Film": EntryState.LEFT}


def test_unknown_neither_adds_nor_removes(ready: Runtime) -> None:
    rule_id = create(ready, rule("automatic"))
    run(ready)
    before = entries(ready)
    assert ready.cleanup is not None
    unknown = [
        *WATCHED_MOVIES["conditions"],
        {"property": "tmdb_rating", "operator": "gt", "value": 5},
    ]
    ready.cleanup.update(rule_id, rule("automatic", conditions=unknown), "admin")
    clock(ready).advance(20 * DAY)
    plan = leaving(ready).plan()
    assert len(plan.rules[0].unknown) == 2
    assert "TMDB" in plan.rules[0].unknown[0].reasons[0]
    result = run(ready)
    assert (result["rules"][0]["left"], result["rules"][0]["due"]) == (0, 0)
    after = entries(ready)
    assert {t: (e.state, e.delete_after) for t, e in after.items()} == {
        t: (e.state, e.delete_after) for t, e in before.items()
    }


def test_per_run_cap_then_the_rest_next_run(ready: Runtime) -> None:
    limits(ready, max_new_per_run=1)
    create(ready, rule("automatic"))
    first = run(ready)["rules"][0]
    assert (first["added"], first["capped"]) == (1, 1)
    assert len(entries(ready)) == 1
    assert run(ready)["rules"][0]["added"] == 1
    assert len(entries(ready)) == 2


def test_circuit_breaker_needs_an_override(ready: Runtime) -> None:
    limits(ready, max_share_percent=10)
    rule_id = create(ready, rule("automatic"))
    plan = leaving(ready).plan()
    assert plan.rules[0].needs_override
    assert len(plan.rules[0].held) == 2
    result = run(ready)["rules"][0]
    assert result["needs_override"]
    assert result["added"] == 0
    assert entries(ready) == {}
    assert run(ready, [rule_id])["rules"][0]["added"] == 2


def test_keep_and_extend(ready: Runtime) -> None:
    create(ready, rule("automatic", grace=5))
    run(ready)
    found = entries(ready)
    service = leaving(ready)
    service.keep(found["A Film"].id, "admin")
    extended = service.extend(found["B Film"].id, 7, "admin")
    original = found["B Film"].delete_after
    assert original is not None
    assert extended.delete_after == original + timedelta(days=7)
    assert (extended.state, extended.extended_by) == (EntryState.EXTENDED, 7)
    clock(ready).advance(6 * DAY)
    run(ready)
    after = entries(ready)
    assert after["A Film"].state is EntryState.KEPT_BY_ADMIN  # matches, but kept
    assert after["B Film"].state is EntryState.EXTENDED  # not due: extended past day 5
    assert service.entries(EntryState.KEPT_BY_ADMIN)[0].entry.title == "A Film"


def test_plan_and_dry_runs_change_nothing(ready: Runtime) -> None:
    create(ready, rule("automatic"))
    create(ready, rule("dry_run"))
    plan = leaving(ready).plan()
    assert [len(r.new) for r in plan.rules] == [2, 2]
    assert entries(ready) == {}
    result = run(ready)
    assert [(r["applied"], r["added"]) for r in result["rules"]] == [(True, 2), (False, 2)]
    assert {e.rule_id for e in entries(ready).values()} == {plan.rules[0].rule_id}
