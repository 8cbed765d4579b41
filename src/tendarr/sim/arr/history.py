"""The apps' download history: grabs, imports and deletions, newest first."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tendarr.sim.arr.media import App, quality_model
from tendarr.sim.arr.wire import Json, utc

# Sonarr's EpisodeHistoryEventType / Radarr's MovieHistoryEventType, by numeric value.
EVENT_TYPES: dict[App, list[str]] = {
    "sonarr": [
        "unknown",
        "grabbed",
        "seriesFolderImported",
        "downloadFolderImported",
        "downloadFailed",
        "episodeFileDeleted",
        "episodeFileRenamed",
        "downloadIgnored",
    ],
    "radarr": [
        "unknown",
        "grabbed",
        "downloadFolderImported",
        "downloadFailed",
        "movieFileDeleted",
        "movieFolderImported",
        "movieFileRenamed",
        "downloadIgnored",
    ],
}


@dataclass
class HistoryRecord:
    """One history row; ``item_id`` is the episode (Sonarr) or movie (Radarr) id."""

    id: int
    item_id: int
    series_id: int  # Sonarr only; 0 for Radarr
    event_type: str
    date: datetime
    source_title: str
    quality: str
    download_id: str | None
    data: dict[str, str] = field(default_factory=dict)
    language: Json = field(default_factory=lambda: {"id": 1, "name": "English"})


class HistoryStore:
    """History rows of one app, with the filters its endpoints offer."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.records: list[HistoryRecord] = []

    def add(
        self,
        item_id: int,
        event_type: str,
        date: datetime,
        source_title: str,
        quality: str,
        download_id: str | None,
        data: dict[str, Any],
        series_id: int = 0,
    ) -> HistoryRecord:
        """Append a row and return it."""
        record = HistoryRecord(
            len(self.records) + 1,
            item_id,
            series_id,
            event_type,
            date,
            source_title,
            quality,
            download_id,
            {k: str(v) for k, v in data.items() if v is not None},
        )
        self.records.append(record)
        return record

    def forget(self, item_ids: set[int], *, series: bool = False) -> None:
        """Drop rows of deleted titles, as the apps do when a series or movie is deleted."""
        self.records = [
            r for r in self.records if (r.series_id if series else r.item_id) not in item_ids
        ]

    def event_code(self, raw: str) -> str | None:
        """Return the event name for a query value given as a name or a number."""
        names = EVENT_TYPES[self.app]
        if raw.isdigit():
            number = int(raw)
            return names[number] if 0 <= number < len(names) else None
        lowered = raw.lower()
        return next((n for n in names if n.lower() == lowered), None)

    def base(self, record: HistoryRecord) -> Json:
        """Return the fields every history resource carries."""
        return {
            "sourceTitle": record.source_title,
            "languages": [record.language],
            "quality": quality_model(self.app, record.quality),
            "customFormats": [],
            "customFormatScore": 0,
            "qualityCutoffNotMet": False,
            "date": utc(record.date),
            "downloadId": record.download_id,
            "eventType": record.event_type,
            "data": record.data,
            "id": record.id,
        }


def download_id(kind: str, item_id: int, at: datetime) -> str:
    """Return a stable download client hash for a grab."""
    return hashlib.sha1(f"{kind}:{item_id}:{at.isoformat()}".encode()).hexdigest().upper()  # noqa: S324
