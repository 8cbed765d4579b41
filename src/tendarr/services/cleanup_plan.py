"""What one cleanup run does to Leaving Soon, computed without writing anything.

For every enabled rule: TRUE matches enter (``automatic`` as leaving, ``review`` as pending
review), known FALSE makes an entry leave, UNKNOWN changes nothing (the reasons are
reported). Entries still matching past their stored ``delete_after`` become due. Protected
items (``protected``: protected titles and their seasons/episodes) never enter, and an
entry of one leaves with the reason "protected" (an admin's keep stays as it is). A rule
whose matches exceed ``max_share_percent`` of its items adds nothing without an override,
and a run adds at most ``max_new_per_run`` entries. ``dry_run`` rules only report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tendarr.domain.rules import CompiledRule, Mode, Outcome, Rule, decide, evaluate
from tendarr.ports.cleanup_store import StoredRule
from tendarr.ports.leaving_soon_store import COUNTING, EntryState, LeavingEntry, NewEntry
from tendarr.services.cleanup_facts import ItemFactsView

PROTECTED_REASONS = ("protected",)
_LEAVE_WHEN_PROTECTED = frozenset({*COUNTING, EntryState.PENDING_REVIEW, EntryState.DUE})


@dataclass(frozen=True)
class PlanItem:
    """One item a run would touch, with the reasons (the deciding conditions)."""

    item_id: int
    title: str
    size_bytes: int | None
    reasons: tuple[str, ...]
    entry_id: int | None = None
    state: str | None = None  # the entry's state now, for existing entries


@dataclass
class RulePlan:
    """What a run does (or, for a dry run or a tripped breaker, would do) for one rule."""

    rule_id: int
    name: str
    mode: str
    in_scope: int
    matched: int = 0
    new: list[PlanItem] = field(default_factory=list)  # entering Leaving Soon now
    held: list[PlanItem] = field(default_factory=list)  # would enter: breaker or cap
    left: list[PlanItem] = field(default_factory=list)
    due: list[PlanItem] = field(default_factory=list)
    unknown: list[PlanItem] = field(default_factory=list)  # kept: something was unknown
    protected: list[PlanItem] = field(default_factory=list)  # entries leaving: protected
    kept_by_admin: int = 0
    needs_override: bool = False
    capped: int = 0
    additions: list[NewEntry] = field(default_factory=list)
    changes: list[LeavingEntry] = field(default_factory=list)

    @property
    def acts(self) -> bool:
        """Return whether this rule's plan is applied (dry runs only report)."""
        return self.mode != Mode.DRY_RUN.value


@dataclass(frozen=True)
class Limits:
    """A run's safety limits."""

    max_new_per_run: int
    max_share_percent: float


def plan_rule(
    stored: StoredRule,
    rule: Rule,
    compiled: CompiledRule,
    views: list[ItemFactsView],
    entries: Mapping[int, LeavingEntry],
    now: datetime,
    limits: Limits,
    overrides: Collection[int],
    room: int,
    protected: Collection[int] = frozenset(),
) -> RulePlan:
    """Plan one rule; ``room`` is how many new entries the run may still add."""
    scoped = [v for v in views if compiled.out_of_scope(v.facts) is None]
    outcomes = compiled.outcomes((v.facts for v in scoped), now)
    plan = RulePlan(stored.id, stored.name, rule.mode.value, len(scoped))
    candidates: list[tuple[ItemFactsView, tuple[str, ...]]] = []
    for view, outcome in zip(scoped, outcomes, strict=True):
        entry = entries.get(view.id)
        if view.id in protected:
            if entry is not None and entry.state in _LEAVE_WHEN_PROTECTED:
                plan.protected.append(_item(view, PROTECTED_REASONS, entry))
                plan.changes.append(_moved(entry, EntryState.LEFT, PROTECTED_REASONS, now))
            continue
        if outcome is Outcome.FALSE and entry is None:
            continue
        if entry is not None and entry.state is EntryState.DELETED:
            continue  # done; a restoration re-opens it
        decision = decide(evaluate(compiled, view.facts, now))
        reasons = decision.reasons
        if outcome is Outcome.TRUE:
            plan.matched += 1
        if outcome is Outcome.UNKNOWN:
            plan.unknown.append(_item(view, reasons, entry))
        elif entry is None or entry.state is EntryState.LEFT:
            if outcome is Outcome.TRUE:
                candidates.append((view, reasons))
        elif entry.state is EntryState.KEPT_BY_ADMIN:
            plan.kept_by_admin += outcome is Outcome.TRUE
        elif outcome is Outcome.FALSE:
            plan.left.append(_item(view, reasons, entry))
            plan.changes.append(_moved(entry, EntryState.LEFT, reasons, now))
        elif entry.state in COUNTING and entry.delete_after and entry.delete_after <= now:
            plan.due.append(_item(view, reasons, entry))
            plan.changes.append(_moved(entry, EntryState.DUE, reasons, now))
        else:
            plan.changes.append(_moved(entry, entry.state, reasons, now))
    share = plan.matched * 100.0 > limits.max_share_percent * max(plan.in_scope, 1)
    plan.needs_override = share and stored.id not in overrides
    for view, reasons in candidates:
        item = _item(view, reasons, entries.get(view.id))
        if plan.needs_override:
            plan.held.append(item)
        elif plan.acts and len(plan.new) >= room:
            plan.held.append(item)
            plan.capped += 1
        else:
            plan.new.append(item)
            plan.additions.append(_new(view, stored.id, rule, reasons, now))
    return plan


def _item(view: ItemFactsView, reasons: tuple[str, ...], entry: LeavingEntry | None) -> PlanItem:
    return PlanItem(
        view.id,
        view.title,
        view.size_bytes,
        reasons,
        entry.id if entry else None,
        entry.state.value if entry else None,
    )


def _moved(
    entry: LeavingEntry, state: EntryState, reasons: tuple[str, ...], now: datetime
) -> LeavingEntry:
    return dataclasses.replace(entry, state=state, reasons=reasons, last_evaluated_at=now)


def _new(
    view: ItemFactsView, rule_id: int, rule: Rule, reasons: tuple[str, ...], now: datetime
) -> NewEntry:
    if rule.mode is Mode.REVIEW:
        return NewEntry(
            view.id, rule_id, EntryState.PENDING_REVIEW, now, None, rule.grace_days, None, reasons,
            view.size_bytes,
        )  # fmt: skip
    return NewEntry(
        view.id, rule_id, EntryState.LEAVING, now, now, rule.grace_days,
        now + timedelta(days=rule.grace_days), reasons, view.size_bytes,
    )  # fmt: skip
