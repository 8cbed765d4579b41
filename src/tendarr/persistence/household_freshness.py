"""Is the stored watch data current? Every enabled server's latest household sync must
have succeeded: a failed sync leaves data that may be stale, which must never read as
"not watched" or "not on a watchlist" (field notes R2)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tendarr.persistence.media_tables import MediaServerRow
from tendarr.persistence.tables import JobRow

HOUSEHOLD_JOB = "household.sync"  # services.sync_household.HOUSEHOLD_JOB (no import upward)
_FINISHED = ("succeeded", "failed")


def server_of(payload: dict[str, Any] | None) -> str | None:
    """Return the server a household sync job was for."""
    server = (payload or {}).get("server_id")
    return server if isinstance(server, str) else None


def watch_problem(session: Session) -> str | None:
    """Say why watch data is not current (never synced, latest sync failed), or None."""
    servers = list(
        session.scalars(
            select(MediaServerRow.id)
            .where(MediaServerRow.enabled.is_(True))
            .order_by(MediaServerRow.position, MediaServerRow.id)
        )
    )
    if not servers:
        return "no media server is configured"
    latest: dict[str, str] = {}
    synced: set[str] = set()
    rows = session.execute(
        select(JobRow.payload, JobRow.state)
        .where(JobRow.type == HOUSEHOLD_JOB, JobRow.state.in_(_FINISHED))
        .order_by(JobRow.finished_at.desc(), JobRow.id.desc())
    )
    for payload, state in rows:
        server = server_of(payload)
        if server is None:
            continue
        latest.setdefault(server, state)
        if state == "succeeded":
            synced.add(server)
    for server in servers:
        if server not in synced:
            return f"watch history of {server} has never synced"
        if latest[server] != "succeeded":
            return f"the latest household sync of {server} failed"
    return None
