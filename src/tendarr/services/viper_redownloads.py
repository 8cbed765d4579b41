"""VIPER's redownload plans, stored as ``viper`` restorations that wait for their time.

An episode VIPER deletes ahead of a slower viewer carries a ``RedownloadPlan``: re-monitor
and search it at ``search_at`` so it is back before that viewer needs it. After an
automatic run, every such episode whose deletion is ``done`` gets one restoration
(``trigger = viper``, ``trigger_key = viper:<deletion id>``, ``not_before = search_at``);
the ``restorations`` periodic task starts it once that time has passed, and the runner
re-monitors and searches exactly that episode (``services/restoration_run.py``).

Episodes Tendarr already removed (no file, unmonitored by its own deletion) that a viewer
will need again (``SEARCH`` now, or ``NONE`` with a plan) get one too, from their newest
episode-file deletion, unless one is open for the episode; an open one that waits longer
than the new plan is moved earlier (a viewer sped up). A deletion is redownloaded
automatically at most once: a failed restoration waits for an admin's retry.

A waiting one (``queued``, ``not_before`` still ahead) whose episode the run decides no
viewer needs any more (``not_needed``: no file, and no active viewer before it) is
cancelled with the reason as a step. A later plan for the same deletion opens a new one
(``viper:<deletion id>:2``, ...): a cancelled restoration never holds its trigger key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tendarr.domain.viper.order import EpisodeKey
from tendarr.domain.viper.outcome import Action, EpisodeDecision, ReasonCode, RedownloadPlan
from tendarr.ports.clock import Clock
from tendarr.ports.deletions import DeletionMethod, DeletionRecord, DeletionSource, DeletionState
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.ports.restorations import (
    NewRestoration,
    Restoration,
    RestorationState,
    RestorationTrigger,
)
from tendarr.ports.viper_reads import ShowRecord
from tendarr.services.viper import DecidedShow

_WAITING_AGAIN = frozenset({Action.SEARCH, Action.NONE})  # no file now: deleted earlier


def episode_ids_key(tvdb_id: int, key: EpisodeKey) -> str:
    """Return the restoration key of one episode: the show's TVDB id and its numbers."""
    return f"tvdb:{tvdb_id}:{key.label}"


@dataclass(frozen=True)
class _Need:
    """An episode a viewer will need again, with the plan that says when to search."""

    show: ShowRecord
    tvdb_id: int
    decision: EpisodeDecision
    plan: RedownloadPlan


@dataclass(frozen=True)
class RedownloadsStored:
    """What one run stored: restorations created, waiting ones moved earlier, cancelled."""

    created: tuple[Restoration, ...]
    rescheduled: tuple[Restoration, ...]
    not_in_sonarr: int  # planned episodes whose deletion recorded no Sonarr to search in
    cancelled: tuple[Restoration, ...] = ()


class ViperRedownloads:
    """Turns VIPER's redownload plans into waiting ``viper`` restorations, idempotently."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def store(
        self, decided: Sequence[DecidedShow], records: Sequence[DeletionRecord]
    ) -> RedownloadsStored:
        """Store a restoration for every planned redownload; return what changed.

        ``records`` are what the deletion pipeline did in this run: a ``done`` VIPER
        episode deletion with a plan gets its restoration. Decisions for episodes without
        a file (deleted earlier) are matched with their newest episode-file deletion.
        """
        now = self._clock.now()
        deleted_now: dict[int, _Need] = {}
        waiting: dict[int, _Need] = {}
        unneeded: dict[str, str] = {}  # ids key -> episode label, nobody needs it now
        for show in decided:
            if show.decision is None:
                continue
            for decision in show.decision.episodes:
                if _not_needed(decision):
                    ids_key = episode_ids_key(show.decision.tvdb_id, decision.key)
                    unneeded[ids_key] = decision.key.label
                item_id = show.context.episode_ids.get(decision.key)
                if decision.redownload is None or item_id is None:
                    continue
                need = _Need(
                    show.context.show, show.decision.tvdb_id, decision, decision.redownload
                )
                if decision.action is Action.DELETE:
                    deleted_now[item_id] = need
                elif decision.action in _WAITING_AGAIN:
                    waiting[item_id] = need
        pairs = [
            (record, deleted_now[record.media_item_id])
            for record in records
            if record.media_item_id in deleted_now
            and record.source is DeletionSource.VIPER
            and record.state is DeletionState.DONE
            and record.method is DeletionMethod.ARR_EPISODE_FILES
        ]
        created: list[Restoration] = []
        moved: list[Restoration] = []
        missing = 0
        with self._uow() as uow:
            earlier = uow.deletions.episode_file_deletions(waiting) if waiting else {}
            pairs += [(record, waiting[item]) for item, record in sorted(earlier.items())]
            for record, need in pairs:
                outcome = self._ensure(uow, record, need, now)
                if outcome is None:
                    missing += 1
                elif outcome[1] == "created":
                    created.append(outcome[0])
                elif outcome[1] == "moved":
                    moved.append(outcome[0])
            cancelled = [c for k, label in sorted(unneeded.items())
                         if (c := _cancel(uow, k, label, now)) is not None]  # fmt: skip
            uow.commit()
        return RedownloadsStored(tuple(created), tuple(moved), missing, tuple(cancelled))

    def _ensure(
        self, uow: UnitOfWork, record: DeletionRecord, need: _Need, now: datetime
    ) -> tuple[Restoration, str] | None:
        """Return the episode's restoration and ``created``, ``moved`` or ``kept``.

        None when the deletion recorded no Sonarr to search in.
        """
        trigger_key, used = _trigger(uow, record.id)
        ids_key = episode_ids_key(need.tvdb_id, need.decision.key)
        existing = used or uow.restorations.open_for(ids_key)
        if existing is not None:
            moved = _sooner(uow, existing, need.plan, now)
            return moved, "kept" if moved is existing else "moved"
        target = _target(record, need)
        if target is None:
            return None
        show, key = need.show, need.decision.key
        ids = {"tvdb": need.tvdb_id, "tmdb": show.tmdb_id, "imdb": show.imdb_id,
               "season": key.season, "episode": key.episode}  # fmt: skip
        added = uow.restorations.add(
            NewRestoration(
                ids_key=ids_key, ids=ids, kind="episode", title=record.title,
                trigger=RestorationTrigger.VIPER, trigger_key=trigger_key, target=target,
                created_at=now, deletion_id=record.id, not_before=need.plan.search_at,
            )
        )  # fmt: skip
        return added, "created"


def _trigger(uow: UnitOfWork, deletion_id: int) -> tuple[str, Restoration | None]:
    """Return the deletion's trigger key and its restoration, skipping cancelled ones."""
    number = 1
    while True:
        key = f"viper:{deletion_id}" if number == 1 else f"viper:{deletion_id}:{number}"
        found = uow.restorations.by_trigger(key)
        if found is None or found.state is not RestorationState.CANCELLED:
            return key, found
        number += 1


def _not_needed(decision: EpisodeDecision) -> bool:
    """Whether the engine says no viewer needs this removed episode back."""
    return decision.action is Action.NONE and any(
        r.code is ReasonCode.NOT_NEEDED for r in decision.reasons
    )


def _cancel(uow: UnitOfWork, ids_key: str, label: str, now: datetime) -> Restoration | None:
    """Cancel the episode's waiting VIPER redownload, if one waits; return it."""
    found = uow.restorations.open_for(ids_key)
    if (
        found is None
        or found.trigger is not RestorationTrigger.VIPER
        or found.state is not RestorationState.QUEUED
        or found.not_before is None
        or found.not_before <= now
    ):
        return None
    why = f"no active viewer needs {label} any more: the search planned for " \
          f"{found.not_before.isoformat()} is cancelled"  # fmt: skip
    step = {"step": "cancelled", "at": now.isoformat(), "outcome": "cancelled", "detail": why}
    cancelled = dataclasses.replace(
        found, state=RestorationState.CANCELLED, detail=why,
        steps=(*found.steps, step), updated_at=now,
    )  # fmt: skip
    uow.restorations.save(cancelled)
    return cancelled


def _sooner(
    uow: UnitOfWork, existing: Restoration, plan: RedownloadPlan, now: datetime
) -> Restoration:
    """Move a waiting restoration to the plan's search time when that is earlier."""
    waits = existing.not_before
    if existing.state is not RestorationState.QUEUED or waits is None or plan.search_at >= waits:
        return existing
    step = {
        "step": "rescheduled", "at": now.isoformat(), "outcome": "earlier",
        "detail": f"{plan.viewer} needs it sooner: search at {plan.search_at.isoformat()} "
        f"instead of {waits.isoformat()}",
    }  # fmt: skip
    moved = dataclasses.replace(
        existing, not_before=plan.search_at, steps=(*existing.steps, step), updated_at=now
    )
    uow.restorations.save(moved)
    return moved


def _target(record: DeletionRecord, need: _Need) -> dict[str, Any] | None:
    """Return the Sonarr target of one episode's restoration, or None without a Sonarr."""
    arr = record.target.get("arr")
    if not isinstance(arr, dict) or arr.get("kind") != "sonarr":
        return None
    key, plan = need.decision.key, need.plan
    return {
        "kind": "sonarr",
        "instance_id": arr.get("instance_id"),
        "instance_name": arr.get("instance_name"),
        "item_id": arr.get("item_id"),
        "external_id": arr.get("external_id", need.tvdb_id),
        "title": arr.get("title") or need.show.title,
        "episode_ids": [int(e) for e in arr.get("episode_ids") or ()],
        "episodes": [[key.season, key.episode]],
        "media_item_ids": [record.media_item_id] if record.media_item_id is not None else [],
        "viewer": plan.viewer,
        "need_at": plan.need_at.isoformat(),
        "search_at": plan.search_at.isoformat(),
        "tier": plan.tier.value,
    }
