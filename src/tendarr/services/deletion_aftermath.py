"""What follows a batch of deletions (field notes R10, F7, F13).

Once per batch: refresh each affected library section once and empty the Plex trash after
it, so no "unavailable" ghosts stay; sync the Leaving Soon collections so deleted titles
leave them; clear the Overseerr/Jellyseerr requests of deleted movies and shows (not of a
season or an episode: the show stays) so they can be requested again. Each outcome is
written into the deletion's steps; a failure here never undoes a deletion.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tendarr.ports.clock import Clock
from tendarr.ports.deletions import DeletionRecord
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.leaving_soon_collections import LeavingSoonCollections, SectionOutcome
from tendarr.services.seerr_requests import ClearOutcome, RequestClearer, TitleIds


def _sections(record: DeletionRecord) -> set[tuple[str, str]]:
    return {(str(s), str(lib)) for s, lib in record.target.get("sections", [])}


class DeletionAftermath:
    """Refresh, collections and request clearing after a batch of deletions."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        collections: LeavingSoonCollections,
        requests: RequestClearer,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._collections = collections
        self._requests = requests

    def __call__(self, done: Sequence[DeletionRecord]) -> list[str]:
        """Run the follow-ups for completed deletions; return short notes for the job."""
        notes: list[str] = []
        touched = set().union(*(_sections(r) for r in done)) if done else set()
        outcomes = self._collections.refresh_sections(touched) if touched else []
        failed = [o for o in outcomes if o.error]
        notes.append(f"{len(outcomes) - len(failed)} section(s) refreshed")
        synced = self._collections.sync()
        notes.append(f"collections synced on {sum(s.ok for s in synced)}/{len(synced)} server(s)")
        now = self._clock.now()
        for record in done:
            steps = [*_refresh_steps(record, outcomes, now)]
            if record.kind in {"movie", "show"} and record.target.get("clear_request", True):
                steps.extend(_clear_step(o, now) for o in self._clear(record))
            if steps:
                self._append(record, steps)
        return notes

    def _clear(self, record: DeletionRecord) -> list[ClearOutcome]:
        ids = TitleIds.of(record.kind, record.ids)
        if ids.tmdb_id is None:
            return []
        return self._requests.clear_requests(ids)

    def _append(self, record: DeletionRecord, steps: list[dict[str, Any]]) -> None:
        with self._uow() as uow:
            current = uow.deletions.get(record.id)
            if current is None:
                return
            uow.deletions.save(dataclasses.replace(current, steps=(*current.steps, *steps)))
            uow.commit()


def _refresh_steps(
    record: DeletionRecord, outcomes: Sequence[SectionOutcome], now: datetime
) -> list[dict[str, Any]]:
    mine = _sections(record)
    steps = []
    for outcome in outcomes:
        if (outcome.server_id, outcome.library_key) not in mine:
            continue
        detail = f"{outcome.server_id}/{outcome.library_key} refreshed"
        if outcome.trash_emptied:
            detail += ", trash emptied"
        steps.append({
            "step": "refresh_section", "at": now.isoformat(),
            "outcome": "failed" if outcome.error else "done",
            "detail": outcome.error or detail,
        })  # fmt: skip
    return steps


def _clear_step(outcome: ClearOutcome, now: datetime) -> dict[str, Any]:
    detail = outcome.error or (
        f"{outcome.app_name}: {outcome.requests_deleted} request(s) cleared"
        if outcome.state == "cleared"
        else f"{outcome.app_name}: no request to clear"
    )
    return {
        "step": "clear_request",
        "at": now.isoformat(),
        "outcome": "failed" if outcome.state == "failed" else "done",
        "detail": detail,
    }
