"""The ``cleanup.run`` job and ``plan``: evaluate every enabled rule against Leaving Soon.

Nothing is deleted here: entries whose ``delete_after`` has passed become ``due`` and are
listed. See ``services/cleanup_plan.py`` for what a run decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tendarr.app_settings import CleanupSettings
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.media import ItemKind
from tendarr.domain.rules import compile_rule, validate_rule
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobContext
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.cleanup_facts import CleanupFactsBuilder, ItemFactsView
from tendarr.services.cleanup_plan import Limits, RulePlan, plan_rule

CLEANUP_JOB = "cleanup.run"


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
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._facts = facts
        self._settings = settings

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
            for done, rule in enumerate(plan.rules, start=1):
                if rule.acts:
                    for addition in rule.additions:
                        uow.leaving_soon.put(addition, now)
                    for change in rule.changes:
                        uow.leaving_soon.save(change)
                ctx.progress(done, len(plan.rules), rule.name)
            states = Counter(entry.state.value for entry in uow.leaving_soon.listing())
            uow.commit()
        return {"rules": [_counts(rule) for rule in plan.rules], "states": dict(states)}

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
        for stored in uow.cleanup_rules.all():
            if not stored.enabled:
                continue
            rule = validate_rule(stored.document)
            entries = {e.media_item_id: e for e in uow.leaving_soon.for_rule(stored.id)}
            plan = plan_rule(
                stored, rule, compile_rule(rule), list(views.get(rule.target, [])),
                entries, now, limits, overrides, room,
            )  # fmt: skip
            if plan.acts:
                room -= len(plan.new)
            plans.append(plan)
        return CleanupPlan(now, limits, plans)


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
        "kept_by_admin": rule.kept_by_admin,
        "capped": rule.capped,
        "needs_override": rule.needs_override,
    }
