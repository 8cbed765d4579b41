"""The ``lifecycle.restore`` job: walk each ready restoration through its steps.

queued → removing_exclusion → adding → searching → done, or failed with the reason. Each
state is committed before its external call and each call's outcome is appended to
``steps``, so a crash or a retry starts the step again, and every step is idempotent: an
exclusion already gone, a series or movie already there (re-monitored instead of added),
a search queued twice. The title comes back with the quality profile, root folder, tags
and monitored seasons recorded at deletion (``DeletionRecord.target``, written by
``services/deletion_arr.ArrTarget``, kept under ``arr`` in the pipeline's records);
episodes deleted on their own are re-monitored and searched instead. When done, the
title's Leaving Soon entries leave.

``viper`` restorations (VIPER's redownload plans, ``services/viper_redownloads.py``) take
a shorter path: queued → adding (re-monitor exactly the planned episodes) → searching
(search those without a file) → done. They never touch import exclusions or add a series
back, and only the episodes' own Leaving Soon entries leave.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from tendarr.domain.arr import ArrKind
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.domain.errors import ValidationFailed
from tendarr.ports.arr_store import ArrFactory
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobContext
from tendarr.ports.leaving_soon_store import EntryState
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.ports.restorations import Restoration, RestorationState, RestorationTrigger
from tendarr.services.restoration_arr import RedownloadInSonarr, RestorationFailed, RestoreInArr

RESTORED_REASONS = ("restored",)
_STAY = frozenset({EntryState.LEFT, EntryState.KEPT_BY_ADMIN})
Step = Callable[[ArrInstanceConfig, dict[str, Any]], str]


def check_restore_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a run payload: an optional ``restoration_id`` (default: every ready one)."""
    chosen = payload.get("restoration_id")
    if chosen is None:
        return {}
    if not isinstance(chosen, int) or isinstance(chosen, bool):
        raise ValidationFailed("restoration_id: must be a restoration id")
    return {"restoration_id": chosen}


class RestorationRunner:
    """Runs restorations (the job handler)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, connect: ArrFactory) -> None:
        self._uow = uow
        self._clock = clock
        self._arr = RestoreInArr(connect)
        self._redownload = RedownloadInSonarr(connect)

    def __call__(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run every ready restoration; return how each ended."""
        chosen = check_restore_payload(payload).get("restoration_id")
        with self._uow() as uow:
            ready = uow.restorations.ready(self._clock.now())
        if chosen is not None:
            ready = [r for r in ready if r.id == chosen]
        outcomes: dict[str, int] = {}
        for done, restoration in enumerate(ready):
            ctx.progress(done, len(ready), restoration.title)
            ended = self.run_one(restoration)
            outcomes[ended.state.value] = outcomes.get(ended.state.value, 0) + 1
        ctx.progress(len(ready), len(ready), None)
        return {"restorations": len(ready), "states": outcomes}

    def run_one(self, restoration: Restoration) -> Restoration:
        """Walk one restoration to done or failed."""
        current = restoration
        try:
            config = self._instance(current)
            for state, step in self._steps(current):
                current = self._move(current, state, None)
                outcome = step(config, _arr_target(current.target))
                current = self._move(current, state, _step(state, "ok", outcome, self._now()))
        except (MediaServerError, RestorationFailed) as err:
            failed = _step(current.state, "failed", str(err), self._now())
            return self._move(current, RestorationState.FAILED, failed, detail=str(err))
        return self._finish(current)

    def _steps(self, restoration: Restoration) -> tuple[tuple[RestorationState, Step], ...]:
        if restoration.trigger is RestorationTrigger.VIPER:
            return (
                (RestorationState.ADDING, self._redownload.monitor_episodes),
                (RestorationState.SEARCHING, self._redownload.search_episodes_back),
            )
        return (
            (RestorationState.REMOVING_EXCLUSION, self._arr.remove_exclusion),
            (RestorationState.ADDING, self._arr.add_or_monitor),
            (RestorationState.SEARCHING, self._arr.search),
        )

    def _instance(self, restoration: Restoration) -> ArrInstanceConfig:
        target = _arr_target(restoration.target)
        instance_id = target.get("instance_id")
        if not isinstance(instance_id, str) or target.get("kind") not in {"sonarr", "radarr"}:
            raise RestorationFailed(
                "the deletion recorded no Sonarr/Radarr to restore it in (it was not deleted "
                "through one)"
            )
        with self._uow() as uow:
            config = uow.arr.get(instance_id)
        name = target.get("instance_name") or instance_id
        if config is None or not config.enabled:
            raise RestorationFailed(f"{name} is no longer configured or is disabled")
        if config.kind is not ArrKind(target["kind"]):
            raise RestorationFailed(f"{name} is not a {target['kind'].title()} any more")
        return config

    def _move(
        self,
        current: Restoration,
        state: RestorationState,
        step: dict[str, Any] | None,
        detail: str | None = None,
    ) -> Restoration:
        steps = current.steps if step is None else (*current.steps, step)
        moved = dataclasses.replace(
            current, state=state, steps=steps, detail=detail, updated_at=self._now()
        )
        with self._uow() as uow:
            uow.restorations.save(moved)
            uow.commit()
        return moved

    def _finish(self, current: Restoration) -> Restoration:
        now = self._now()
        done = dataclasses.replace(
            current, state=RestorationState.DONE, detail=None, updated_at=now
        )
        with self._uow() as uow:
            uow.restorations.save(done)
            if done.trigger is RestorationTrigger.VIPER:
                left = _reset_entries(uow, _item_ids(done.target), now)
            else:
                left = _reset_lifecycle(uow, done, now)
            uow.lifecycle_events.emit(
                LifecycleEventKind.RESTORED, now, done.title, None,
                {"restoration_id": done.id, "trigger": done.trigger.value, "left": left},
            )  # fmt: skip
            uow.commit()
        return done

    def _now(self) -> datetime:
        return self._clock.now()


def _step(state: RestorationState, outcome: str, detail: str, at: datetime) -> dict[str, Any]:
    return {"step": state.value, "at": at.isoformat(), "outcome": outcome, "detail": detail}


def _arr_target(target: dict[str, Any]) -> dict[str, Any]:
    """Return the Sonarr/Radarr part of a target (the pipeline keeps it under ``arr``)."""
    nested = target.get("arr")
    return dict(nested) if isinstance(nested, dict) else target


def _item_ids(target: dict[str, Any]) -> set[int]:
    return {int(i) for i in target.get("media_item_ids") or ()}


def _reset_lifecycle(uow: UnitOfWork, done: Restoration, now: datetime) -> list[int]:
    """Make the title's Leaving Soon entries (and its seasons'/episodes') leave."""
    ids = done.ids
    tmdb = [ids["tmdb"]] if isinstance(ids.get("tmdb"), int) else []
    tvdb = [ids["tvdb"]] if isinstance(ids.get("tvdb"), int) else []
    imdb = [ids["imdb"]] if isinstance(ids.get("imdb"), str) else []
    kind = "movie" if done.target.get("kind") == "radarr" or done.kind == "movie" else "show"
    items = set(uow.library.canonical_by_external(kind, tmdb, tvdb, imdb).values())
    if kind == "show" and items:
        items |= set(uow.library.children_of(items).values())
    return _reset_entries(uow, items, now)


def _reset_entries(uow: UnitOfWork, items: set[int], now: datetime) -> list[int]:
    """Make the active Leaving Soon entries of ``items`` leave as restored."""
    left: list[int] = []
    for entry in uow.leaving_soon.listing():
        if entry.media_item_id in items and entry.state not in _STAY:
            moved = dataclasses.replace(
                entry, state=EntryState.LEFT, reasons=RESTORED_REASONS, last_evaluated_at=now
            )
            uow.leaving_soon.save(moved)
            left.append(entry.id)
    return left
