"""The ``cleanup.run`` job and ``plan``: evaluate every enabled rule against Leaving Soon.

A run applies each acting rule's plan (``services/cleanup_plan.py``), then hands the due
entries of acting rules to the deletion pipeline (``services/cleanup_delete.py``), unless
they exceed the rule's share of its library without an override.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from tendarr.app_settings import CleanupSettings
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.media import ItemKind
from tendarr.domain.rules import compile_rule, validate_rule
from tendarr.ports.clock import Clock
from tendarr.ports.deletions import DeletionRecord, DeletionSource
from tendarr.ports.job_queue import JobContext
from tendarr.ports.leaving_soon_store import EntryState
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.cleanup_facts import CleanupFactsBuilder, ItemFactsView
from tendarr.services.cleanup_plan import Limits, RulePlan, plan_rule
from tendarr.services.deletion_ledger import DeletionOrder

CLEANUP_JOB = "cleanup.run"
DeleteDue = Callable[[Sequence[DeletionOrder], JobContext], list[DeletionRecord]]


class CollectionsOutcome(Protocol):
    """One server's Leaving Soon collection sync (``error`` None when it synced)."""

    @property
    def error(self) -> str | None: ...


@dataclass(frozen=True)
class CleanupPlan:
    """What a run does now, rule by rule."""

    evaluated_at: datetime
    limits: Limits
    rules: list[RulePlan]


def check_run_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a run payload: ``override_rule_ids`` (a list of rule ids, default none)."""
    ids = payload.get("override_rule_ids", [])
    if not isinstance(ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in ids
    ):
        raise ValidationFailed("override_rule_ids: must be a list of rule ids")
    return {"override_rule_ids": sorted(set(ids))}


class CleanupRunner:
    """Plans and runs cleanup over every enabled rule."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        facts: CleanupFactsBuilder,
        settings: Callable[[], CleanupSettings],
        delete: DeleteDue | None = None,
        sync_collections: Callable[[], Sequence[CollectionsOutcome]] | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._facts = facts
        self._settings = settings
        self._delete = delete
        self._sync_collections = sync_collections

    def plan(self, override_rule_ids: Collection[int] = ()) -> CleanupPlan:
        """Return what a run would do now, changing nothing."""
        now = self._clock.now()
        views = self._views(now)
        limits = self._limits()
        with self._uow() as uow:
            return self._plan(uow, views, now, limits, override_rule_ids)

    def __call__(self, ctx: JobContext, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Run: apply every acting rule's plan in one transaction; return the counts."""
        overrides = check_run_payload(payload)["override_rule_ids"]
        now = self._clock.now()
        ctx.progress(0, None, "reading the library")
        views = self._views(now)
        limits = self._limits()
        ctx.check_cancelled()
        with self._uow() as uow:
            plan = self._plan(uow, views, now, limits, overrides)
            for rule in plan.rules:
                if rule.acts:
                    for addition in rule.additions:
                        uow.leaving_soon.put(addition, now)
                    for change in rule.changes:
                        uow.leaving_soon.save(change)
                    _emit_events(uow, rule, now)
            uow.commit()
        # Progress is written in its own transaction: never inside the run's.
        ctx.progress(len(plan.rules), len(plan.rules), "Leaving Soon updated")
        orders, held = self._due_orders(plan, overrides)
        deleted = self._delete(orders, ctx) if self._delete is not None else []
        collections = []
        if self._sync_collections is not None and not any(r.state.value == "done" for r in deleted):
            # (after deletions the pipeline's aftermath has synced them already)
            collections = [c.error or "ok" for c in self._sync_collections()]
        with self._uow() as uow:
            states = Counter(entry.state.value for entry in uow.leaving_soon.listing())
        outcomes = Counter(record.state.value for record in deleted)
        return {
            "rules": [_counts(rule) for rule in plan.rules],
            "states": dict(states),
            "deletions": dict(outcomes),
            "deletions_held_for_override": held,
            "collections": collections,
        }

    def _due_orders(
        self, plan: CleanupPlan, overrides: Collection[int]
    ) -> tuple[list[DeletionOrder], list[int]]:
        """Due entries of acting rules as deletion orders; a rule whose due entries exceed
        its share of the library is held until an admin overrides it."""
        acting = {rule.rule_id: rule for rule in plan.rules if rule.acts}
        with self._uow() as uow:
            due = [e for e in uow.leaving_soon.listing(EntryState.DUE) if e.rule_id in acting]
        per_rule = Counter(entry.rule_id for entry in due)
        held = sorted(
            rule_id
            for rule_id, count in per_rule.items()
            if rule_id not in overrides
            and count * 100.0 > plan.limits.max_share_percent * max(acting[rule_id].in_scope, 1)
        )
        orders = [
            DeletionOrder(
                entry.media_item_id, DeletionSource.RULE, entry.reasons, entry.rule_id, entry.id
            )
            for entry in sorted(due, key=lambda e: (e.delete_after or plan.evaluated_at, e.id))
            if entry.rule_id not in held
        ]
        return orders, held

    def _limits(self) -> Limits:
        settings = self._settings()  # reads the database: never inside a unit of work
        return Limits(settings.max_new_per_run, settings.max_share_percent)

    def _views(self, now: datetime) -> dict[ItemKind, list[ItemFactsView]]:
        with self._uow() as uow:
            targets = {ItemKind(r.target) for r in uow.cleanup_rules.all() if r.enabled}
        return {kind: self._facts.for_kind(kind, now) for kind in sorted(targets)}

    def _plan(
        self,
        uow: UnitOfWork,
        views: Mapping[ItemKind, list[ItemFactsView]],
        now: datetime,
        limits: Limits,
        overrides: Collection[int],
    ) -> CleanupPlan:
        room = limits.max_new_per_run
        plans: list[RulePlan] = []
        protected = uow.protections.protected_item_ids()
        for stored in uow.cleanup_rules.all():
            if not stored.enabled:
                continue
            rule = validate_rule(stored.document)
            entries = {e.media_item_id: e for e in uow.leaving_soon.for_rule(stored.id)}
            plan = plan_rule(
                stored,
                rule,
                compile_rule(rule),
                list(views.get(rule.target, [])),
                entries,
                now,
                limits,
                overrides,
                room,
                protected,
            )
            if plan.acts:
                room -= len(plan.new)
            plans.append(plan)
        return CleanupPlan(now, limits, plans)


def _emit_events(uow: UnitOfWork, rule: RulePlan, now: datetime) -> None:
    """Record who entered Leaving Soon (visible now, not pending review) and who left."""
    for item, addition in zip(rule.new, rule.additions, strict=True):
        if addition.state is EntryState.LEAVING:
            uow.lifecycle_events.emit(
                LifecycleEventKind.ENTERED_LEAVING_SOON, now, item.title, item.item_id,
                {"rule_id": rule.rule_id, "rule": rule.name, "reasons": list(item.reasons),
                 "delete_after": addition.delete_after.isoformat()
                 if addition.delete_after else None},
            )  # fmt: skip
    for item in [*rule.left, *rule.protected]:
        uow.lifecycle_events.emit(
            LifecycleEventKind.LEFT_LEAVING_SOON, now, item.title, item.item_id,
            {"rule_id": rule.rule_id, "rule": rule.name, "reasons": list(item.reasons)},
        )  # fmt: skip


def _counts(rule: RulePlan) -> dict[str, Any]:
    return {
        "rule_id": rule.rule_id,
        "name": rule.name,
        "mode": rule.mode,
        "applied": rule.acts,
        "matched": rule.matched,
        "in_scope": rule.in_scope,
        "added": len(rule.new),
        "held": len(rule.held),
        "left": len(rule.left),
        "due": len(rule.due),
        "kept_unknown": len(rule.unknown),
        "left_protected": len(rule.protected),
        "kept_by_admin": rule.kept_by_admin,
        "capped": rule.capped,
        "needs_override": rule.needs_override,
    }
