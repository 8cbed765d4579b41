"""Clear a deleted title's Overseerr/Jellyseerr requests so it can be requested again.

The deletion pipeline calls ``clear_requests`` after a title is gone (field notes F7:
request apps drift after deletion). Every enabled app is asked; one app's failure is
recorded in its outcome and never stops the others or raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.ports.request_apps_store import RequestAppFactory
from tendarr.ports.requests import RequestMediaType


@dataclass(frozen=True)
class TitleIds:
    """What identifies the deleted title in a request app (TMDB id and media type)."""

    media_type: RequestMediaType
    tmdb_id: int | None

    @classmethod
    def of(cls, kind: str, ids: Mapping[str, object]) -> TitleIds:
        """Build from a deletion's kind (``movie``/``show``...) and stable ids (``tmdb``)."""
        tmdb = ids.get("tmdb")
        if isinstance(tmdb, str) and tmdb.isdigit():
            tmdb = int(tmdb)
        media_type: RequestMediaType = "movie" if kind == "movie" else "tv"
        return cls(media_type, tmdb if isinstance(tmdb, int) and tmdb > 0 else None)


@dataclass(frozen=True)
class ClearOutcome:
    """What one app did: ``cleared``, ``nothing`` (no request or media row), or ``failed``."""

    app_id: str
    app_name: str
    state: str
    requests_deleted: int = 0
    media_reset: bool = False
    error: str | None = None


class RequestClearer:
    """Clears a title on every enabled request app."""

    def __init__(self, uow: UnitOfWorkFactory, connect: RequestAppFactory) -> None:
        self._uow = uow
        self._connect = connect

    def clear_requests(self, ids: TitleIds) -> list[ClearOutcome]:
        """Clear the title everywhere (never inside a unit of work); one outcome per app."""
        with self._uow() as uow:
            configs = [c for c in uow.request_apps.all() if c.enabled]
        outcomes: list[ClearOutcome] = []
        for config in configs:
            if ids.tmdb_id is None:
                error = "the title has no TMDB id to find it by"
                outcomes.append(ClearOutcome(config.id, config.name, "failed", error=error))
                continue
            try:
                done = self._connect(config).clear(ids.media_type, ids.tmdb_id)
            except MediaServerError as err:
                outcomes.append(ClearOutcome(config.id, config.name, "failed", error=str(err)))
                continue
            state = "cleared" if done.requests_deleted or done.media_reset else "nothing"
            outcomes.append(
                ClearOutcome(config.id, config.name, state, done.requests_deleted, done.media_reset)
            )
        return outcomes


def failed(outcomes: Sequence[ClearOutcome]) -> list[ClearOutcome]:
    """Return the outcomes that failed (for the deletion history)."""
    return [outcome for outcome in outcomes if outcome.state == "failed"]
