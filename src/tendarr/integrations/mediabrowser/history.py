"""Watch history from per-user item data (Jellyfin and Emby keep no play log).

Each user's played items are read newest first (``SortBy=DatePlayed``) so a read with
``since`` stops at the first older one; their resumable items (few) are read whole. An item
played without a ``LastPlayedDate`` (e.g. marked played by an import) is skipped and
logged: any other date would misdate the viewing, and once the server records a date the
item is read as a new event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import structlog

from tendarr.domain.household import PlaySource, RemotePlay
from tendarr.integrations.mediabrowser.userdata import (
    FetchUserItems,
    ItemsQuery,
    UserData,
    UserItem,
    user_item_pages,
)

log = structlog.get_logger(__name__)

PLAYABLE_TYPES = ("Movie", "Episode")


@dataclass(frozen=True)
class HistoryScope:
    """Whose history is read, on which server, and how much of it."""

    vendor: str
    server_id: str
    source: PlaySource
    user_id: str
    since: datetime | None
    page_size: int


def user_history(fetch: FetchUserItems, scope: HistoryScope) -> Iterator[list[RemotePlay]]:
    """Yield pages of one user's plays newer than ``scope.since``; a failed page raises."""
    if scope.since is not None and scope.since.tzinfo is None:
        raise ValueError("since must be timezone-aware")
    types = ",".join(PLAYABLE_TYPES)
    played = ItemsQuery(
        types,
        0,
        scope.page_size,
        filters="IsPlayed",
        is_played=True,
        sort_by="DatePlayed,SortName",
        sort_order="Descending",
    )
    # In progress and not (yet) played: a played item with a resume point is read above.
    resumable = ItemsQuery(types, 0, scope.page_size, filters="IsResumable", is_played=False)
    seen: set[str] = set()
    undated: list[str] = []
    for page in user_item_pages(fetch, played, vendor=scope.vendor):
        plays, older = _plays(page.items, scope, seen, undated, resumable=False)
        if plays:
            yield plays
        if older:
            break
    for page in user_item_pages(fetch, resumable, vendor=scope.vendor):
        plays, _ = _plays(page.items, scope, seen, undated, resumable=True)
        if plays:
            yield plays
    if undated:
        log.warning(
            "mediabrowser.history.undated_plays_skipped",
            vendor=scope.vendor,
            server_id=scope.server_id,
            user_id=scope.user_id,
            count=len(undated),
            items=undated[:20],
            reason="played without a LastPlayedDate; no viewing time to record",
        )


def _plays(
    items: list[UserItem],
    scope: HistoryScope,
    seen: set[str],
    undated: list[str],
    *,
    resumable: bool,
) -> tuple[list[RemotePlay], bool]:
    """Return the page's new plays, and whether an item older than ``since`` was reached."""
    out: list[RemotePlay] = []
    for item in items:
        data = item.user_data
        # Re-check what was asked for: a server that ignores a filter must not add plays.
        if item.type not in PLAYABLE_TYPES or data is None or item.id in seen:
            continue
        wanted = (data.position_ticks > 0 and not data.played) if resumable else data.played
        if not wanted:
            continue
        if data.last_played is None:
            undated.append(item.id)
            continue
        if scope.since is not None and data.last_played <= scope.since:
            if resumable:
                continue
            return out, True  # newest first: everything after is older still
        seen.add(item.id)
        out.append(_play(item, data, data.last_played, scope))
    return out, False


def _play(item: UserItem, data: UserData, watched_at: datetime, scope: HistoryScope) -> RemotePlay:
    return RemotePlay(
        server_id=scope.server_id,
        source=scope.source,
        event_id=f"{scope.user_id}:{item.id}:{watched_at.isoformat()}",
        account_native_id=scope.user_id,
        item_native_id=item.id,
        watched_at=watched_at,
        completed=data.played,
        position_ms=data.position_ms,
        duration_ms=item.duration_ms,
        play_count=data.play_count,
    )
