"""Watch and watchlist facts for cleanup rules, folded per person from stored state.

A person is a Tendarr user (all their linked accounts together); an account linked to no
one counts as its own viewer but has no user id to report. "Active members" are users
with at least one live, enabled linked server account (see ``persistence/cleanup_facts``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import Unknown
from tendarr.ports.cleanup_facts import LibrarySnapshot, WatchFacts

_NO_MEMBERS = Unknown("no active household members", "watch history")


@dataclass
class _Viewer:
    user_id: int | None
    plays: int = 0
    completed: set[int] = field(default_factory=set)  # item ids finished
    started: bool = False  # partway through a movie or an episode
    last: datetime | None = None


def watch_values(
    snapshot: LibrarySnapshot, episodes: Mapping[int, list[int]], kind: ItemKind
) -> dict[int, dict[str, object]]:
    """Return the watch facts of every item of ``kind`` that anyone has state for or not."""
    by_item: dict[int, list[WatchFacts]] = defaultdict(list)
    for state in snapshot.watch:
        by_item[state.media_item_id].append(state)
    grouped = kind in {ItemKind.SHOW, ItemKind.SEASON}
    out: dict[int, dict[str, object]] = {}
    for item in snapshot.items:
        if item.kind != kind.value:
            continue
        scope = episodes.get(item.id, []) if grouped else [item.id]
        states = [state for member in scope for state in by_item.get(member, [])]
        out[item.id] = _fold(states, len(scope) if grouped else None, snapshot.active_members)
    return out


def _fold(
    states: list[WatchFacts], episode_count: int | None, active: frozenset[int]
) -> dict[str, object]:
    viewers: dict[tuple[str, int], _Viewer] = {}
    for state in states:
        key = ("user", state.user_id) if state.user_id is not None else ("acct", state.account_id)
        viewer = viewers.setdefault(key, _Viewer(state.user_id))
        viewer.plays += state.plays
        viewer.started = viewer.started or state.in_progress
        if state.completed:
            viewer.completed.add(state.media_item_id)
        if viewer.last is None or state.last_watched_at > viewer.last:
            viewer.last = state.last_watched_at

    def finished(viewer: _Viewer) -> bool:
        if episode_count is None:
            return bool(viewer.completed)
        return len(viewer.completed) >= episode_count > 0

    def partway(viewer: _Viewer) -> bool:
        if episode_count is None:
            return viewer.started
        return viewer.started or 0 < len(viewer.completed) < episode_count

    done = [v for v in viewers.values() if finished(v)]
    watched_by = sorted({v.user_id for v in done if v.user_id is not None})
    latest = max(
        (v for v in viewers.values() if v.last is not None),
        key=lambda v: v.last or datetime.min,
        default=None,
    )
    last_by: object = None
    if latest is not None:
        last_by = latest.user_id or Unknown(
            "the last viewer's account is linked to no one", "watch history"
        )
    if episode_count == 0:
        no_episodes = Unknown("no aired episodes in the library", "library")
        anyone: object = no_episodes
        everyone: object = no_episodes
    else:
        anyone = bool(done)
        everyone = active.issubset(watched_by) if active else _NO_MEMBERS
    return {
        "watched_by_anyone": anyone,
        "watched_by_all_active_members": everyone,
        "watched_by": watched_by,
        "play_count": sum(v.plays for v in viewers.values()),
        "days_since_last_watched": latest.last if latest is not None else None,
        "in_progress": any(partway(v) for v in viewers.values()),
        "last_watched_by": last_by,
    }


def watchlist_values(snapshot: LibrarySnapshot) -> Callable[[int], dict[str, object]]:
    """Return a lookup: title id (movie or show) -> ``on_any_watchlist``/``on_watchlist_of``.

    A member whose watchlist could not be read makes "not on it" unknown, never false.
    """
    holders: dict[int, set[int]] = defaultdict(set)
    for item_id, user_id in snapshot.watchlisted:
        holders[item_id].add(user_id)
    gap: Unknown | None = None
    if snapshot.watchlist_gaps:
        first = snapshot.watchlist_gaps[0]
        more = len(snapshot.watchlist_gaps) - 1
        extra = f" (and {more} more)" if more else ""
        gap = Unknown(
            f"the watchlist of {first.username} could not be read: {first.problem}{extra}",
            "watchlists",
        )

    def lookup(title_id: int) -> dict[str, object]:
        users = sorted(holders.get(title_id, set()))
        if gap is None:
            return {"on_any_watchlist": bool(users), "on_watchlist_of": users}
        return {"on_any_watchlist": True if users else gap, "on_watchlist_of": gap}

    return lookup
