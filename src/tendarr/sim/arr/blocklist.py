"""The blocklist: releases whose download failed, which a search will not grab again.

A test switches ``ArrSim.fail_next_grabs`` on; the next grabs then fail the way a broken
download does — a ``downloadFailed`` history row and a blocklist entry — and the item
stays wanted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.arr.media import App, language, quality_model
from tendarr.sim.arr.wire import Json, empty, int_list, ok, page, utc

INDEXER = "Simulated Indexer"
RELEASE_GROUPS = ("SPARKS", "NTb", "FLUX", "EDITH")  # the releases an indexer offers
MESSAGE = "Download failed: the download client reported an error"


@dataclass
class BlockedRelease:
    """One blocklist entry."""

    id: int
    item_id: int  # movie id (Radarr) or episode id (Sonarr)
    series_id: int  # Sonarr only
    source_title: str
    quality: str
    date: datetime


@dataclass
class Blocklist:
    """The entries of one app."""

    app: App
    entries: list[BlockedRelease] = field(default_factory=list)
    next_id: int = 1

    def add(
        self, item_id: int, source_title: str, quality: str, at: datetime, series_id: int = 0
    ) -> BlockedRelease:
        """Block a release."""
        entry = BlockedRelease(self.next_id, item_id, series_id, source_title, quality, at)
        self.next_id += 1
        self.entries.append(entry)
        return entry

    def blocked(self, source_title: str) -> bool:
        """Return whether a release title is blocked."""
        return any(e.source_title == source_title for e in self.entries)

    def pick(self, stem: str) -> str | None:
        """Return the first release of ``stem`` (one per group) that is not blocked."""
        for group in RELEASE_GROUPS:
            if not self.blocked(f"{stem}-{group}"):
                return f"{stem}-{group}"
        return None

    def resource(self, entry: BlockedRelease) -> Json:
        """Return the entry as the API shows it."""
        body: Json = {
            "id": entry.id,
            "sourceTitle": entry.source_title,
            "languages": [language("eng")],
            "quality": quality_model(self.app, entry.quality),
            "customFormats": [],
            "date": utc(entry.date),
            "protocol": "usenet",
            "indexer": INDEXER,
            "message": MESSAGE,
        }
        if self.app == "radarr":
            body["movieId"] = entry.item_id
        else:
            body["seriesId"] = entry.series_id
            body["episodeIds"] = [entry.item_id]
        return body


def blocklist_routes(blocklist: Blocklist) -> list[Route]:
    """Return ``GET /api/v3/blocklist`` (paged), ``DELETE …/{id}`` and ``DELETE …/bulk``."""

    async def listing(request: Request) -> Response:
        ids = int_list(request, "movieIds" if blocklist.app == "radarr" else "seriesIds")
        rows = [
            e
            for e in blocklist.entries
            if not ids or (e.item_id if blocklist.app == "radarr" else e.series_id) in ids
        ]
        records = [blocklist.resource(e) for e in rows]
        return ok(
            page(
                request,
                records,
                {"date": lambda r: (r["date"], r["id"]), "sourceTitle": lambda r: r["sourceTitle"]},
                "date",
            )
        )

    async def remove(request: Request) -> Response:
        entry_id = int(request.path_params["id"])
        blocklist.entries = [e for e in blocklist.entries if e.id != entry_id]
        return empty()  # the apps answer 200 whether or not the id existed

    async def remove_bulk(request: Request) -> Response:
        body = await request.json()
        ids = {int(i) for i in (body or {}).get("ids", [])}
        blocklist.entries = [e for e in blocklist.entries if e.id not in ids]
        return empty()

    v3 = "/api/v3/blocklist"
    return [
        Route(v3, listing),
        Route(f"{v3}/bulk", remove_bulk, methods=["DELETE"]),
        Route(f"{v3}/{{id:int}}", remove, methods=["DELETE"]),
    ]
