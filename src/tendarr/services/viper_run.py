"""The ``viper.run`` job: decide every show; in automatic mode, hand deletions on.

``dry_run`` (the default) records only the counts. ``automatic`` hands every deletable
episode to the shared deletion pipeline (``services/cleanup_delete.py``: re-check, cap,
checkpoint, unmonitor, audit) — VIPER itself never deletes — and then stores every
redownload plan as a waiting ``viper`` restoration (``services/viper_redownloads.py``):
one per episode deleted ahead of a slower viewer, and one per episode Tendarr removed
earlier that a viewer will need again, unless one is open for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from tendarr.app_settings import ViperSettings
from tendarr.domain.errors import Conflict, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.domain.viper.outcome import Action, EpisodeDecision
from tendarr.ports.deletions import DeletionRecord, DeletionSource
from tendarr.ports.job_queue import JobContext
from tendarr.services.deletion_ledger import DeletionOrder
from tendarr.services.manage_jobs import JobService
from tendarr.services.viper import DecidedShow, ViperService
from tendarr.services.viper_redownloads import ViperRedownloads

VIPER_JOB = "viper.run"


class EpisodeDeleter(Protocol):
    """The shared deletion pipeline, as VIPER uses it."""

    def execute(
        self, orders: Sequence[DeletionOrder], ctx: JobContext | None = None
    ) -> Sequence[DeletionRecord]:
        """Carry out (or skip, with reasons) the orders; return the records written."""
        ...


def check_viper_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a run payload: it takes no fields."""
    if payload:
        raise ValidationFailed(f"viper.run takes no fields, got {sorted(payload)}")
    return {}


class ViperRun:
    """Decides every show; acts through the pipeline only in automatic mode."""

    def __init__(
        self,
        viper: ViperService,
        settings: Callable[[], ViperSettings],
        deleter: EpisodeDeleter | None,
        redownloads: ViperRedownloads,
    ) -> None:
        self._viper = viper
        self._settings = settings
        self._deleter = deleter
        self._redownloads = redownloads

    def __call__(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run the job; return the counts (and what was handed on in automatic mode)."""
        check_viper_payload(payload)
        mode = self._settings().mode
        ctx.progress(0, None, "reading the library, the household and Sonarr")
        inputs, decided = self._viper.decide()
        ctx.check_cancelled()
        counts: Counter[str] = Counter()
        orders: list[DeletionOrder] = []
        for show in decided:
            if show.decision is None:
                counts["undecided_shows"] += 1
                continue
            for episode in show.decision.episodes:
                counts[episode.action.value] += 1
                if episode.action is Action.NONE and episode.redownload is not None:
                    counts["planned"] += 1
                order = _order(show, episode)
                if order is not None:
                    orders.append(order)
                elif episode.action is Action.DELETE:
                    counts["not_in_library"] += 1
        result: dict[str, Any] = {
            "mode": mode,
            "shows": len(decided),
            "kept": counts[Action.KEEP.value],
            "deletable": counts[Action.DELETE.value],
            "redownload": counts[Action.SEARCH.value],
            "planned": counts["planned"],
            "deletable_not_in_library": counts["not_in_library"],
            "undecided_shows": counts["undecided_shows"],
            "watch_history": inputs.watch_problem or "known",
        }
        if mode != "automatic":
            return {**result, "handed_to_pipeline": 0}
        if self._deleter is None:
            raise Conflict("VIPER is automatic but the deletion pipeline is not available")
        ctx.progress(1, 3, "handing deletions to the pipeline")
        records = self._deleter.execute(orders, ctx)
        ctx.progress(2, 3, "storing redownload plans")
        stored = self._redownloads.store(decided, records)
        ctx.progress(3, 3, None)
        return {
            **result,
            "handed_to_pipeline": len(orders),
            "redownloads_stored": len(stored.created),
            "redownloads_rescheduled": len(stored.rescheduled),
            "redownloads_not_in_sonarr": stored.not_in_sonarr,
            "redownloads_cancelled": len(stored.cancelled),
        }


def _order(show: DecidedShow, episode: EpisodeDecision) -> DeletionOrder | None:
    """Return the pipeline order of a deletable episode the library knows."""
    if episode.action is not Action.DELETE:
        return None
    item_id = show.context.episode_ids.get(episode.key)
    if item_id is None:
        return None  # Sonarr lists it, no server has it: nothing the pipeline can address
    reasons = tuple(r.describe() for r in episode.reasons)
    return DeletionOrder(item_id, DeletionSource.VIPER, ("VIPER: unmonitor", *reasons))


def start_viper_run(jobs: JobService, actor: str | None) -> Job:
    """Queue a VIPER run, or return the one already queued or running."""
    for job in jobs.find([JobState.QUEUED, JobState.RUNNING], VIPER_JOB, limit=5):
        return job
    return jobs.submit(VIPER_JOB, {}, priority=JobPriority.LOW, created_by=actor, title="VIPER run")
