"""How long Sonarr's downloads take: ``grabbed`` to ``downloadFolderImported`` by download id.

Sonarr's paged ``/history`` is read newest first, filtered to the two events. A download
is one download id: its newest import (a season pack imports several episodes; the last
one ends the download) and the newest grab at or before that import. Imports without a
download id (manual imports) or without a grab in the window measure nothing. Every page
needed is read, or the call raises: a partial listing would bias the estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.integrations.arr.client import ArrClient
from tendarr.integrations.arr.fields import Json, MalformedPayload, opt_datetime, opt_str
from tendarr.integrations.arr.models import Page, read_one
from tendarr.ports.media_server import ServerResponseInvalid

HISTORY_PAGE_SIZE = 250
GRABBED, IMPORTED = "grabbed", "downloadFolderImported"
EVENT_CODES = (1, 3)  # Sonarr's EpisodeHistoryEventType values of the two events


@dataclass(frozen=True)
class HistoryEvent:
    """One history row as the measurement needs it."""

    event: str
    at: datetime
    download_id: str | None


def parse_history_event(body: Json) -> HistoryEvent:
    """Read a ``HistoryResource``: its event type, date and download id."""
    event = opt_str(body, "eventType")
    at = opt_datetime(body, "date")
    if event is None or at is None:
        raise MalformedPayload("eventType or date is missing")
    return HistoryEvent(event, at, opt_str(body, "downloadId"))


class DownloadPairs:
    """Pairs imports with their grabs while the history is read newest first."""

    def __init__(self, since: datetime) -> None:
        self._since = since
        self._imports: dict[str, datetime] = {}  # download id -> newest import, seen order
        self._grabs: dict[str, datetime] = {}

    def add(self, row: HistoryEvent) -> None:
        """Take one row (rows come newest first)."""
        if row.download_id is None or row.at < self._since:
            return
        key = row.download_id
        if row.event == IMPORTED:
            if key not in self._imports and key not in self._grabs:
                self._imports[key] = row.at
        elif row.event == GRABBED and key in self._imports and key not in self._grabs:
            self._grabs[key] = row.at  # newest first: the newest grab before the import

    def durations(self) -> list[timedelta]:
        """Return every paired download's duration, newest import first."""
        return [at - self._grabs[key] for key, at in self._imports.items() if key in self._grabs]

    def settled(self, limit: int) -> bool:
        """Whether the ``limit`` newest downloads are known: none before them still waits."""
        for paired, key in enumerate(self._imports, start=1):
            if key not in self._grabs:
                return False  # an older grab may still pair it, and it would rank before
            if paired >= limit:
                return True
        return False


def read_download_durations(
    client: ArrClient, vendor: str, since: datetime, limit: int
) -> list[timedelta]:
    """Return the durations of the ``limit`` newest downloads imported since ``since``.

    Pages are read until those downloads are
    known or the history is older than ``since``; a failed or short page raises.
    """
    if limit <= 0:
        return []
    pairs = DownloadPairs(since)
    seen, number = 0, 1
    while True:
        params = {
            "page": number,
            "pageSize": HISTORY_PAGE_SIZE,
            "sortKey": "date",
            "sortDirection": "descending",
            "eventType": list(EVENT_CODES),
        }
        envelope = read_one(Page.parse, client.get("/history", params), vendor, "history page")
        rows = [
            read_one(parse_history_event, r, vendor, "history record") for r in envelope.records
        ]
        for row in rows:
            pairs.add(row)
        seen += len(rows)
        older = bool(rows) and rows[-1].at < since
        if older or seen >= envelope.total or pairs.settled(limit):
            return pairs.durations()[:limit]
        if not rows:
            raise ServerResponseInvalid(
                f"{vendor} listed {seen} of {envelope.total} history records and then an empty page"
            )
        number += 1
