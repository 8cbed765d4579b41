"""A deleted title requested again in Overseerr/Jellyseerr is restored (issue 6).

Each enabled request app is listed in full; a request created after the title's latest
completed deletion starts a restoration once (keyed by app and request id). An app that
cannot answer starts nothing: a failed fetch never reads as a new request or as none.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.ports.request_apps_store import RequestAppFactory
from tendarr.services.restoration import RestorationService, deletion_time, latest_deletion

log = structlog.get_logger(__name__)
DECLINED = 3
RE_REQUEST_SCAN_SECONDS = 900.0  # every 15 minutes, like the reference systems' request sync


@dataclass(frozen=True)
class ReRequestScan:
    """What one scan did: restorations started (or found running) and apps that failed."""

    restorations: list[int]
    failed_apps: dict[str, str]


class ReRequests:
    """Scans request apps for titles requested again after Tendarr deleted them."""

    def __init__(
        self, uow: UnitOfWorkFactory, connect: RequestAppFactory, restore: RestorationService
    ) -> None:
        self._uow = uow
        self._connect = connect
        self._restore = restore

    def scan(self) -> ReRequestScan:
        """List every enabled app and restore what was requested again."""
        with self._uow() as uow:
            apps = [a for a in uow.request_apps.all() if a.enabled]
        started: list[int] = []
        failed: dict[str, str] = {}
        for app in apps:
            try:
                requests = self._connect(app).requests()
            except MediaServerError as err:
                failed[app.id] = str(err)
                log.warning("restorations.requests_unread", app=app.id, error=str(err))
                continue
            for request in requests:
                if request.tmdb_id is None or request.status == DECLINED:
                    continue
                kind = "movie" if request.media_type == "movie" else "show"
                ids = {"tmdb": request.tmdb_id, "tvdb": request.tvdb_id}
                with self._uow() as uow:
                    record = latest_deletion(uow, kind, ids)
                if record is None or request.created_at <= deletion_time(record):
                    continue
                restored = self._restore.request_again(
                    kind, ids, None, f"seerr:{app.id}:{request.id}"
                )
                if restored is not None:
                    started.append(restored.id)
        return ReRequestScan(started, failed)
