"""The PlayHistorySource port over Tautulli: a Plex server's plays, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx

from tendarr.domain.household import PlaySource, RemotePlay
from tendarr.integrations.tautulli.client import VENDOR, TautulliClient
from tendarr.integrations.tautulli.models import HistoryPage, HistoryRow, Json, MalformedPayload
from tendarr.ports.media_server import ServerResponseInvalid

PLAYABLE_TYPES = frozenset({"movie", "episode"})
WATCHED = 1.0  # watched_status: 1 past the watched threshold, 0.5 half way, 0 less
# ``after`` compares calendar days in Tautulli's local time zone: ask from a day earlier
# and filter exactly here, so no time zone can hide a play.
AFTER_MARGIN = timedelta(days=1)


class TautulliHistory:
    """The plays one Tautulli records for the Plex server Tendarr knows as ``server_id``.

    ``url`` is Tautulli's base address (with its HTTP root, if any); no I/O until a method
    is called.
    """

    def __init__(self, http: httpx.Client, url: str, api_key: str, server_id: str) -> None:
        self.server_id = server_id
        self._client = TautulliClient(http, url, api_key)

    def check(self) -> str:
        """Return the machine identifier of the Plex server Tautulli watches (a key test)."""
        data = self._client.call("get_server_info")
        identifier = data.get("pms_identifier") if isinstance(data, dict) else None
        if not isinstance(identifier, str) or not identifier:
            raise ServerResponseInvalid(f"{VENDOR} sent server info without pms_identifier")
        return identifier

    def history(
        self, since: datetime | None = None, *, page_size: int = 500
    ) -> Iterator[list[RemotePlay]]:
        """Yield pages of movie and episode plays that ended after ``since``, newest first.

        Rows are ungrouped (``grouping=0``) so each play is its own event, and streams
        still playing are left out. A page that fails raises; a row seen on an earlier page
        (offsets shift when a play ends mid-read) is not yielded again.
        """
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        if since is not None and since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        params: dict[str, str | int] = {
            "order_column": "date",
            "order_dir": "desc",
            "grouping": 0,
            "include_activity": 0,
            "length": page_size,
        }
        if since is not None:
            params["after"] = (since - AFTER_MARGIN).date().isoformat()
        seen: set[int] = set()
        start = 0
        while True:
            page = self._page(start, params)
            plays = [
                play for row in page.rows if (play := self._play(row, since, seen)) is not None
            ]
            if plays:
                yield plays
            start += len(page.rows)
            if not page.rows:
                return
            if page.records_filtered is not None:
                if start >= page.records_filtered:
                    return
            elif len(page.rows) < page_size:
                return

    def _page(self, start: int, params: dict[str, str | int]) -> HistoryPage:
        data = self._client.call("get_history", start=start, **params)
        try:
            return HistoryPage.parse(data)
        except MalformedPayload as err:
            raise ServerResponseInvalid(f"{VENDOR} sent an unreadable history: {err}") from err

    def _play(self, raw: Json, since: datetime | None, seen: set[int]) -> RemotePlay | None:
        try:
            row = HistoryRow.parse(raw)
        except MalformedPayload as err:
            ident = raw.get("row_id", raw.get("id"))
            raise ServerResponseInvalid(f"{VENDOR} history row {ident!r}: {err}") from err
        if row.media_type not in PLAYABLE_TYPES or row.row_id is None or row.row_id in seen:
            return None
        watched_at = row.stopped or row.started
        if watched_at is None:
            raise ServerResponseInvalid(f"{VENDOR} history row {row.row_id} has no time")
        if since is not None and watched_at <= since:
            return None
        seen.add(row.row_id)
        return RemotePlay(
            server_id=self.server_id,
            source=PlaySource.TAUTULLI,
            event_id=str(row.row_id),
            account_native_id=row.user_id,
            item_native_id=row.rating_key,
            watched_at=watched_at,
            completed=row.watched_status >= WATCHED,
            # History rows carry only percent_complete: no resume point or runtime in ms.
            position_ms=None,
            duration_ms=None,
            player=row.player,
        )


def tautulli_history(http: httpx.Client, url: str, api_key: str, server_id: str) -> TautulliHistory:
    """Return the history source for the Tautulli at ``url`` watching Plex ``server_id``."""
    return TautulliHistory(http, url, api_key, server_id)
