"""Edges of the shared Jellyfin/Emby history walk the simulators cannot produce."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from structlog.testing import capture_logs

from tendarr.domain.household import PlaySource, RemotePlay
from tendarr.integrations.mediabrowser.history import HistoryScope, user_history
from tendarr.integrations.mediabrowser.userdata import ItemsQuery
from tendarr.integrations.mediabrowser.wire import Json
from tests.integration.jellyfin.household_view import flatten

SCOPE = HistoryScope("Jellyfin", "srv", PlaySource.JELLYFIN, "u1", None, 50)


def movie(item_id: str, **user_data: Any) -> Json:
    return {"Id": item_id, "Type": "Movie", "Name": item_id, "UserData": user_data}


class Listing:
    """A server whose played and resumable listings hold fixed items."""

    def __init__(self, played: list[Json], resumable: list[Json]) -> None:
        self.played, self.resumable = played, resumable
        self.queries: list[ItemsQuery] = []

    def __call__(self, query: ItemsQuery) -> Json:
        self.queries.append(query)
        items = self.played if query.is_played else self.resumable
        window = items[query.start : query.start + query.limit]
        return {"Items": window, "TotalRecordCount": len(items)}


def test_played_items_without_a_date_are_skipped_and_logged() -> None:
    server = Listing(
        played=[
            movie("m1", Played=True, PlayCount=2, LastPlayedDate="2026-05-01T10:00:00.0000000Z"),
            movie("m2", Played=True, PlayCount=1),
            movie("m3", Played=True, LastPlayedDate="0001-01-01T00:00:00.0000000Z"),
        ],
        resumable=[],
    )
    with capture_logs() as logs:
        plays = flatten(user_history(server, SCOPE))
    assert plays == [
        RemotePlay(
            server_id="srv",
            source=PlaySource.JELLYFIN,
            event_id="u1:m1:2026-05-01T10:00:00+00:00",
            account_native_id="u1",
            item_native_id="m1",
            watched_at=datetime(2026, 5, 1, 10, tzinfo=UTC),
            completed=True,
            play_count=2,
        )
    ]
    assert [(e["event"], e["count"], e["items"]) for e in logs] == [
        ("mediabrowser.history.undated_plays_skipped", 2, ["m2", "m3"])
    ]


def test_items_a_server_returns_despite_the_filters_are_not_plays() -> None:
    server = Listing(
        played=[movie("unplayed", Played=False, LastPlayedDate="2026-05-01T10:00:00Z")],
        resumable=[
            movie("never-started", Played=False, PlaybackPositionTicks=0),
            {"Id": "s1", "Type": "Series", "Name": "A show", "UserData": {"Played": True}},
            movie(
                "started",
                Played=False,
                PlaybackPositionTicks=90_000_000,
                LastPlayedDate="2026-05-02T10:00:00Z",
            ),
        ],
    )
    plays = flatten(user_history(server, SCOPE))
    assert [(p.item_native_id, p.completed, p.position_ms) for p in plays] == [
        ("started", False, 9_000)
    ]
    assert [(q.filters, q.is_played) for q in server.queries] == [
        ("IsPlayed", True),
        ("IsResumable", False),
    ]
