"""Request and response models for Leaving Soon and the cleanup plan."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tendarr.ports.leaving_soon_store import LeavingEntry
from tendarr.services.cleanup_plan import PlanItem, RulePlan
from tendarr.services.cleanup_run import CleanupPlan
from tendarr.services.leaving_soon import ListedEntry


class RunBody(BaseModel):
    """Start a cleanup run; rules named here may exceed the circuit breaker's share."""

    model_config = ConfigDict(extra="forbid")

    override_rule_ids: list[int] = Field(default_factory=list)


class ExtendBody(BaseModel):
    """Move a deletion date later."""

    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=1, le=3650)


class IdsBody(BaseModel):
    """A batch of Leaving Soon entry ids."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(min_length=1, max_length=1000)


class EntryOut(BaseModel):
    """One Leaving Soon entry."""

    id: int
    item_id: int
    title: str
    rule_id: int
    rule_name: str
    state: str
    reasons: list[str]
    first_matched_at: datetime
    visible_since: datetime | None
    delete_after: datetime | None
    days_left: int | None
    grace_days: int
    extended_by: int
    size_bytes: int | None
    last_evaluated_at: datetime

    @classmethod
    def of(cls, listed: ListedEntry) -> EntryOut:
        """Build from a listed entry."""
        e: LeavingEntry = listed.entry
        return cls(
            id=e.id,
            item_id=e.media_item_id,
            title=e.title,
            rule_id=e.rule_id,
            rule_name=e.rule_name,
            state=e.state.value,
            reasons=list(e.reasons),
            first_matched_at=e.first_matched_at,
            visible_since=e.visible_since,
            delete_after=e.delete_after,
            days_left=listed.days_left,
            grace_days=e.grace_days,
            extended_by=e.extended_by,
            size_bytes=e.size_bytes,
            last_evaluated_at=e.last_evaluated_at,
        )


class PlanItemOut(BaseModel):
    """An item a run would touch."""

    item_id: int
    title: str
    size_bytes: int | None
    reasons: list[str]
    entry_id: int | None
    state: str | None

    @classmethod
    def of(cls, item: PlanItem) -> PlanItemOut:
        """Build from a plan item."""
        return cls(
            item_id=item.item_id,
            title=item.title,
            size_bytes=item.size_bytes,
            reasons=list(item.reasons),
            entry_id=item.entry_id,
            state=item.state,
        )


class RulePlanOut(BaseModel):
    """One rule's part of the plan; ``applied`` is false for dry runs (report only)."""

    rule_id: int
    name: str
    mode: str
    applied: bool
    in_scope: int
    matched: int
    needs_override: bool
    capped: int
    kept_by_admin: int
    new: list[PlanItemOut]
    held: list[PlanItemOut]
    left: list[PlanItemOut]
    due: list[PlanItemOut]
    kept_unknown: list[PlanItemOut]

    @classmethod
    def of(cls, plan: RulePlan) -> RulePlanOut:
        """Build from a rule plan."""

        def items(found: list[PlanItem]) -> list[PlanItemOut]:
            return [PlanItemOut.of(i) for i in found]

        return cls(
            rule_id=plan.rule_id,
            name=plan.name,
            mode=plan.mode,
            applied=plan.acts,
            in_scope=plan.in_scope,
            matched=plan.matched,
            needs_override=plan.needs_override,
            capped=plan.capped,
            kept_by_admin=plan.kept_by_admin,
            new=items(plan.new),
            held=items(plan.held),
            left=items(plan.left),
            due=items(plan.due),
            kept_unknown=items(plan.unknown),
        )


class PlanOut(BaseModel):
    """What a cleanup run would do now."""

    evaluated_at: datetime
    max_new_per_run: int
    max_share_percent: float
    rules: list[RulePlanOut]

    @classmethod
    def of(cls, plan: CleanupPlan) -> PlanOut:
        """Build from a plan."""
        return cls(
            evaluated_at=plan.evaluated_at,
            max_new_per_run=plan.limits.max_new_per_run,
            max_share_percent=plan.limits.max_share_percent,
            rules=[RulePlanOut.of(r) for r in plan.rules],
        )
