"""The one deletion pipeline (field notes R5, R7, R8, R12): rules, VIPER, retention and
manual deletions all go through ``DeletionPipeline.execute``.

For each order: re-read fresh facts and what is playing now and skip with the reason
(``deletion_gates``); find the title in Sonarr/Radarr; write a checkpoint and commit it;
mark it ``acting`` and commit; make the external call(s); reconcile (``done`` with the
space freed, the Leaving Soon entry ``deleted``, a ``deleted`` event and an audit record).
A crash leaves ``planned`` (nothing external happened: it is skipped and stays due) or
``acting`` (the external call may have happened: ``resume`` repeats it, which is harmless
because every *arr action is idempotent). A per-run cap bounds the work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from tendarr.app_settings import CleanupSettings
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.domain.rules import (
    ActionSettings,
    CompiledRule,
    DueAction,
    Mode,
    compile_rule,
    validate_rule,
)
from tendarr.ports.clock import Clock
from tendarr.ports.deletions import (
    DeletionMethod,
    DeletionRecord,
    DeletionSource,
    DeletionState,
)
from tendarr.ports.job_queue import JobContext
from tendarr.ports.leaving_soon_store import EntryState
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.cleanup_facts import CleanupFactsBuilder, ItemFactsView
from tendarr.services.deletion_arr import ArrDeleter, ArrTarget, TargetMismatch
from tendarr.services.deletion_fallback import FallbackDeleter, FallbackRefused, copy_from_json
from tendarr.services.deletion_gates import GatePolicy, Situation, skip_reason
from tendarr.services.deletion_ledger import DeletionLedger, DeletionOrder


class AfterDeletions(Protocol):
    """Runs once per batch after the deletions (refresh sections, empty trash, clear requests)."""

    def __call__(self, done: Sequence[DeletionRecord]) -> list[str]: ...


class DeletionPipeline:
    """Checkpointed deletions with a re-check right before each one."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        facts: CleanupFactsBuilder,
        arr: ArrDeleter,
        situation: Callable[[], Situation],
        settings: Callable[[], CleanupSettings],
        fallback: FallbackDeleter,
        after: AfterDeletions | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._facts = facts
        self._arr = arr
        self._situation = situation
        self._settings = settings
        self._fallback = fallback
        self._after = after
        self._ledger = DeletionLedger(uow, clock)

    def execute(
        self, orders: Sequence[DeletionOrder], ctx: JobContext | None = None
    ) -> list[DeletionRecord]:
        """Resume what a crash left, then carry out at most the per-run cap of ``orders``."""
        settings = self._settings()  # reads the database: never inside a unit of work
        policy = GatePolicy(settings.skip_watchlisted, settings.recent_request_days)
        situation = self._situation()
        with self._uow() as uow:
            configs = [c for c in uow.arr.all() if c.enabled]
        records = self._resume(situation, policy, configs)
        # Fresh facts for the whole batch, read now (each app listed once, not per item).
        views = self._facts.for_items([o.media_item_id for o in orders], self._clock.now())
        acted = 0
        for done, order in enumerate(orders, start=1):
            if acted >= settings.max_deletions_per_run:
                break
            if ctx is not None:
                ctx.check_cancelled()
                ctx.progress(done - 1, len(orders), f"deleting item {order.media_item_id}")
            record = self._one(order, views.get(order.media_item_id), situation, policy, configs)
            records.append(record)
            acted += record.state is not DeletionState.SKIPPED
        finished = [r for r in records if r.state is DeletionState.DONE]
        if finished and self._after is not None:
            notes = self._after(finished)
            if ctx is not None and notes:
                ctx.progress(len(orders), len(orders), "; ".join(notes)[:200])
        return records

    def _resume(
        self, situation: Situation, policy: GatePolicy, configs: list[ArrInstanceConfig]
    ) -> list[DeletionRecord]:
        """Finish what a crash interrupted; return the records it touched.

        ``planned``: nothing external happened; it is skipped and stays due. ``acting``:
        the external call may or may not have happened. If the title is gone from the
        *arr it did, and the record is reconciled; otherwise the re-check runs again
        with fresh data before the (idempotent) call is repeated.
        """
        with self._uow() as uow:
            unfinished = uow.deletions.unfinished()
        out = []
        for record in unfinished:
            if record.state is DeletionState.PLANNED:
                early = "interrupted before acting; it stays due"
                out.append(self._ledger.finish(record, DeletionState.SKIPPED, early))
                continue
            kept = self._still_wanted(record, situation, policy, configs)
            if kept is None:
                out.append(self._act(record, configs))
            else:
                out.append(self._ledger.finish(record, DeletionState.SKIPPED, kept))
        return out

    def _still_wanted(
        self,
        record: DeletionRecord,
        situation: Situation,
        policy: GatePolicy,
        configs: list[ArrInstanceConfig],
    ) -> str | None:
        """Why an interrupted deletion must not be repeated now, or None to repeat it."""
        if record.media_item_id is None:
            return None
        now = self._clock.now()
        with self._uow() as uow:
            subject = uow.deletion_reads.subject(record.media_item_id)
            rule, _, gone = _rule(uow, record.rule_id)
            gone = gone or _not_due(uow, record.leaving_entry_id)
        if subject is not None and "arr" in record.target:
            try:
                if self._arr.resolve(subject, configs) is None:
                    return None  # gone from the *arr: the call went through; reconcile it
            except (MediaServerError, TargetMismatch):
                pass  # cannot tell: the re-check below decides
        view = self._facts.for_item(record.media_item_id, now) if subject else None
        why = gone or skip_reason(subject, view, rule, situation, _for(policy, record.source), now)
        return None if why is None else f"interrupted before the delete; kept: {why}"

    def _one(
        self,
        order: DeletionOrder,
        view: ItemFactsView | None,
        situation: Situation,
        policy: GatePolicy,
        configs: list[ArrInstanceConfig],
    ) -> DeletionRecord:
        now = self._clock.now()
        with self._uow() as uow:
            subject = uow.deletion_reads.subject(order.media_item_id)
            rule, actions, gone = _rule(uow, order.rule_id)
            gone = gone or _not_due(uow, order.leaving_entry_id)
        why = gone or skip_reason(subject, view, rule, situation, _for(policy, order.source), now)
        if subject is None or why is not None:
            return self._ledger.write(order, subject, None, DeletionState.SKIPPED, why, {})
        size = view.size_bytes if view else None
        try:
            target = self._arr.resolve(subject, configs)
        except TargetMismatch as err:
            return self._ledger.write(order, subject, size, DeletionState.SKIPPED, str(err), {})
        except MediaServerError as err:
            why = f"Sonarr/Radarr could not answer, nothing was deleted: {err}"
            return self._ledger.write(order, subject, size, DeletionState.FAILED, why, {})
        if target is not None:
            method = (
                DeletionMethod.ARR_DELETE
                if subject.kind in {"movie", "show"}
                else DeletionMethod.ARR_EPISODE_FILES
            )
            plan: dict[str, Any] = {
                "arr": target.to_json(),
                "import_exclusion": actions.import_exclusion,
            }
        else:
            try:
                method, plan = self._fallback.plan(subject, actions)
            except FallbackRefused as err:
                return self._ledger.write(order, subject, size, DeletionState.FAILED, str(err), {})
        plan["sections"] = sorted({(c.server_id, c.library_id) for c in subject.copies})
        plan["on_due"] = actions.on_due.value
        plan["clear_request"] = actions.clear_request
        record = self._ledger.write(order, subject, size, DeletionState.PLANNED, None, plan, method)
        record = self._ledger.acting(record)
        return self._act(record, configs)

    def _act(self, record: DeletionRecord, configs: list[ArrInstanceConfig]) -> DeletionRecord:
        target = record.target
        steps = list(record.steps)
        try:
            if "arr" in target:
                arr = ArrTarget.from_json(target["arr"])
                said = self._arr.act(
                    arr,
                    record.kind,
                    configs,
                    DueAction(target["on_due"]),
                    bool(target.get("import_exclusion")),
                )
            else:
                copies = [copy_from_json(c) for c in target.get("copies", [])]
                said = self._fallback.act(record.method, copies)
        except (MediaServerError, FallbackRefused, OSError) as err:
            steps.append(self._ledger.step(record.method.value, "failed", str(err)))
            return self._ledger.finish(
                dataclasses.replace(record, steps=tuple(steps)), DeletionState.FAILED, str(err)
            )
        steps.append(self._ledger.step(record.method.value, "done", said))
        freed = _freed(record)
        done = dataclasses.replace(
            record,
            steps=tuple(steps),
            external_done_at=self._clock.now(),
            space_freed_bytes=freed,
        )
        return self._ledger.finish(done, DeletionState.DONE, said)


def _not_due(uow: UnitOfWork, entry_id: int | None) -> str | None:
    """Why a Leaving Soon entry is no longer due (an admin kept or extended it since the
    run listed it), or None."""
    if entry_id is None:
        return None
    entry = uow.leaving_soon.get(entry_id)
    if entry is None:
        return "its Leaving Soon entry no longer exists"
    if entry.state is not EntryState.DUE:
        return f"its Leaving Soon entry is {entry.state.value.replace('_', ' ')} now"
    return None


def _for(policy: GatePolicy, source: DeletionSource) -> GatePolicy:
    """VIPER keeps watchlisted shows' episodes by its own bounded grace, not this gate."""
    if source is DeletionSource.VIPER:
        return dataclasses.replace(policy, skip_watchlisted=False)
    return policy


def _rule(
    uow: UnitOfWork, rule_id: int | None
) -> tuple[CompiledRule | None, ActionSettings, str | None]:
    """Return the rule to re-check, its actions, and why it may no longer act (or None)."""
    if rule_id is None:
        return None, ActionSettings(), None
    stored = uow.cleanup_rules.get(rule_id)
    if stored is None:
        return None, ActionSettings(), "the rule that matched it no longer exists"
    rule = validate_rule(stored.document)
    if not stored.enabled or rule.mode is Mode.DRY_RUN:
        return None, rule.actions, "the rule that matched it is disabled or in dry run now"
    return compile_rule(rule), rule.actions, None


def _freed(record: DeletionRecord) -> int | None:
    if record.target.get("on_due") == DueAction.UNMONITOR.value:
        return 0
    return record.size_bytes
