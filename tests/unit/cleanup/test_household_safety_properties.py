"""Property-based proof over generated households: cleanup never deletes the wrong thing.

A household of movies, each with watch state, progress, watchlists, protection, live
playback and requests that may be unknown at any moment, goes through a timeline of
cleanup runs. Each run is what ``cleanup.run`` does: ``plan_rule`` updates Leaving Soon,
the due entries are re-checked by ``skip_reason`` with fresh facts (the deletion pipeline's
gate) and at most ``cap`` are deleted. Whatever hypothesis generates:

- no protected, watchlisted, playing, in-progress or unknown-data item is ever deleted;
- nothing is deleted without at least its grace period visible in Leaving Soon;
- no run deletes more than its cap, and nothing is deleted twice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import Facts, Unknown, compile_rule, validate_rule
from tendarr.ports.cleanup_store import StoredRule
from tendarr.ports.deletion_reads import DeletionSubject
from tendarr.ports.leaving_soon_store import EntryState, LeavingEntry, NewEntry
from tendarr.services.cleanup_facts import ItemFactsView
from tendarr.services.cleanup_plan import Limits, plan_rule
from tendarr.services.deletion_gates import GatePolicy, Situation, skip_reason

START = datetime(2026, 1, 1, tzinfo=UTC)
UNKNOWN = Unknown("the server did not answer", "watch history")
Tri = bool | Unknown


@dataclass(frozen=True)
class MovieState:
    """One movie at one moment, as the household and the servers report it."""

    watched: Tri
    in_progress: Tri
    watchlisted: Tri
    protected: bool
    playing: bool
    requested_days_ago: int | None


@dataclass(frozen=True)
class Run:
    """A cleanup run ``days`` after the previous one, with the household as it is then."""

    days: int
    movies: tuple[MovieState, ...]
    server_down: bool


# Mostly the safe-to-delete value, so that deletions happen and the properties bite.
def _mostly(usual: object, *others: object) -> st.SearchStrategy[Any]:
    return st.sampled_from([usual, usual, usual, usual, *others])


movie = st.builds(
    MovieState,
    watched=_mostly(True, False, UNKNOWN),
    in_progress=_mostly(False, True, UNKNOWN),
    watchlisted=_mostly(False, True, UNKNOWN),
    protected=_mostly(False, True),
    playing=_mostly(False, True),
    requested_days_ago=_mostly(None, 5, 30, 31, 90),
)


@st.composite
def households(draw: st.DrawFn) -> tuple[int, int, int, list[Run]]:
    """A household size, a grace, a cap and a timeline of runs."""
    size = draw(st.integers(1, 12))
    grace = draw(st.integers(1, 20))
    cap = draw(st.integers(0, 5))
    runs = draw(
        st.lists(
            st.builds(
                Run,
                days=st.integers(0, 25),
                movies=st.lists(movie, min_size=size, max_size=size).map(tuple),
                server_down=_mostly(False, True),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return size, grace, cap, runs


def _view(item_id: int, state: MovieState, now: datetime) -> ItemFactsView:
    requested: object = (
        None if state.requested_days_ago is None else now - timedelta(days=state.requested_days_ago)
    )
    values = {
        "watched_by_anyone": state.watched,
        "in_progress": state.in_progress,
        "on_any_watchlist": state.watchlisted,
        "days_since_requested": requested,
        "size_gb": 1_000_000,
    }
    facts = Facts(ItemKind.MOVIE, values, library_ids=["jf:movies"], watch_history_synced=True)
    return ItemFactsView(item_id, ItemKind.MOVIE, f"Movie {item_id}", facts)


def _subject(item_id: int) -> DeletionSubject:
    return DeletionSubject(
        item_id, "movie", f"Movie {item_id}", 2000, item_id, None, None, None, None, None,
        None, None, None, frozenset({item_id}), (), (),
    )  # fmt: skip


def _apply(entries: dict[int, LeavingEntry], new: NewEntry, next_id: int) -> None:
    old = entries.get(new.media_item_id)
    entries[new.media_item_id] = LeavingEntry(
        old.id if old else next_id, new.media_item_id, new.rule_id, new.state,
        new.first_matched_at, new.visible_since, new.grace_days, new.delete_after, 0,
        new.reasons, new.first_matched_at, new.size_bytes,
    )  # fmt: skip


def _unsafe(state: MovieState, server_down: bool) -> str | None:
    """Why this movie must never be deleted at this moment (None: it may be)."""
    if state.protected:
        return "protected"
    if state.playing or server_down:
        return "playing, or a server could not say"
    if state.watchlisted is not False:
        return "watchlisted or unknown watchlist"
    if state.in_progress is not False:
        return "in progress or unknown progress"
    if state.watched is not True:
        return "not known to be watched"
    if state.requested_days_ago is not None and state.requested_days_ago <= 30:
        return "requested recently"
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households())
def test_no_run_deletes_what_the_household_still_wants(
    household: tuple[int, int, int, list[Run]],
) -> None:
    size, grace, cap, runs = household
    document = {
        "name": "Watched movies",
        "target": "movie",
        "mode": "automatic",
        "grace_days": grace,
        "conditions": [{"property": "watched_by_anyone", "operator": "is_true"}],
    }
    rule = validate_rule(document)
    compiled = compile_rule(rule)
    stored = StoredRule(1, "Watched movies", "movie", document, "automatic", True, START, START,
                        "admin")  # fmt: skip
    entries: dict[int, LeavingEntry] = {}
    deleted: set[int] = set()
    now = START
    for run in runs:
        now += timedelta(days=run.days)
        live = [i for i in range(1, size + 1) if i not in deleted]
        views = [_view(i, run.movies[i - 1], now) for i in live]
        protected = {i for i in live if run.movies[i - 1].protected}
        plan = plan_rule(
            stored, rule, compiled, views, entries, now, Limits(50, 100.0), (), 50, protected
        )
        for addition in plan.additions:
            _apply(entries, addition, len(entries) + 1)
        for change in plan.changes:
            entries[change.media_item_id] = change
        situation = Situation(
            playing=frozenset(i for i in live if run.movies[i - 1].playing),
            unavailable={"jellyfin": "connection refused"} if run.server_down else {},
            protected=frozenset(protected),
            requests_configured=True,
        )
        due = sorted(
            (e for e in entries.values() if e.state is EntryState.DUE),
            key=lambda e: (e.delete_after, e.id),
        )
        acted = 0
        by_id = {v.id: v for v in views}
        for entry in due:
            if acted >= cap:
                break
            view = by_id.get(entry.media_item_id)
            why = skip_reason(
                _subject(entry.media_item_id), view, compiled, situation, GatePolicy(), now
            )
            if why is not None:
                continue
            state = run.movies[entry.media_item_id - 1]
            assert _unsafe(state, run.server_down) is None, (entry, state)
            assert entry.visible_since is not None
            assert entry.delete_after is not None
            assert entry.delete_after - entry.visible_since >= timedelta(days=grace)
            assert entry.delete_after <= now
            assert entry.media_item_id not in deleted
            deleted.add(entry.media_item_id)
            entries[entry.media_item_id] = dataclasses.replace(entry, state=EntryState.DELETED)
            acted += 1
        assert acted <= cap
