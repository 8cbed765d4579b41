"""Response models for cleanup rules, previews and item lifecycle explanations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from tendarr.api.protection_schemas import ProtectionOut
from tendarr.api.viper_schemas import EpisodeOut, ShowSummaryOut
from tendarr.domain.rules import ConditionResult, PropertySpec
from tendarr.domain.rules.operators import OPERATORS
from tendarr.ports.cleanup_store import StoredRule
from tendarr.services.cleanup_rules import Lifecycle, Preview, PreviewItem, RuleExplanation
from tendarr.services.viper import ItemViper


class OperatorOut(BaseModel):
    """One operator a property accepts."""

    name: str
    value: str
    description: str


class PropertyOut(BaseModel):
    """One catalogue entry for the rules editor."""

    name: str
    type: str
    targets: list[str]
    source: str
    description: str
    null_means: str
    needs_watch_history: bool
    operators: list[OperatorOut]

    @classmethod
    def of(cls, spec: PropertySpec) -> PropertyOut:
        """Build from the domain catalogue."""
        return cls(
            name=spec.name,
            type=spec.type.value,
            targets=sorted(kind.value for kind in spec.targets),
            source=spec.source.value,
            description=spec.description,
            null_means=spec.absence.value,
            needs_watch_history=spec.needs_watch_history,
            operators=[
                OperatorOut(name=op.name, value=op.shape.value, description=op.description)
                for op in OPERATORS[spec.type].values()
            ],
        )


class RuleOut(BaseModel):
    """A saved rule."""

    id: int
    name: str
    target: str
    mode: str
    enabled: bool
    rule: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    created_by: str | None

    @classmethod
    def of(cls, stored: StoredRule) -> RuleOut:
        """Build from the stored record."""
        return cls(
            id=stored.id,
            name=stored.name,
            target=stored.target,
            mode=stored.mode,
            enabled=stored.enabled,
            rule=stored.document,
            created_at=stored.created_at,
            updated_at=stored.updated_at,
            created_by=stored.created_by,
        )


class ConditionOut(BaseModel):
    """One condition's result: what it compared and why."""

    path: str
    property: str
    operator: str
    expected: Any
    actual: Any
    outcome: str
    reason: str | None
    source: str | None
    text: str

    @classmethod
    def of(cls, result: ConditionResult) -> ConditionOut:
        """Build from the engine's condition result."""
        return cls(
            path=result.path,
            property=result.property,
            operator=result.operator,
            expected=result.expected,
            actual=result.actual,
            outcome=result.outcome.value,
            reason=result.reason,
            source=result.source,
            text=result.describe(),
        )


class PreviewItemOut(BaseModel):
    """A matched or kept item."""

    id: int
    kind: str
    title: str
    size_bytes: int | None
    reasons: list[str]
    conditions: list[ConditionOut]

    @classmethod
    def of(cls, item: PreviewItem) -> PreviewItemOut:
        """Build from the service's preview item."""
        return cls(
            id=item.id,
            kind=item.kind,
            title=item.title,
            size_bytes=item.size_bytes,
            reasons=list(item.reasons),
            conditions=[ConditionOut.of(c) for c in item.conditions],
        )


class PreviewOut(BaseModel):
    """A rule's matches now; ``matches`` and ``kept`` are pages (limit/offset)."""

    rule: dict[str, Any]
    evaluated: int
    match_count: int
    match_bytes: int
    match_gb: float
    kept_count: int
    limit: int
    offset: int
    matches: list[PreviewItemOut]
    kept: list[PreviewItemOut]

    @classmethod
    def of(cls, preview: Preview, limit: int, offset: int) -> PreviewOut:
        """Build from the service's preview."""
        return cls(
            rule=preview.rule,
            evaluated=preview.evaluated,
            match_count=preview.match_count,
            match_bytes=preview.match_bytes,
            match_gb=round(preview.match_bytes / 1024**3, 2),
            kept_count=preview.kept_count,
            limit=limit,
            offset=offset,
            matches=[PreviewItemOut.of(i) for i in preview.matches],
            kept=[PreviewItemOut.of(i) for i in preview.kept],
        )


class RuleExplanationOut(BaseModel):
    """One rule's result for one item."""

    rule_id: int
    rule_name: str
    mode: str
    outcome: str
    verdict: str
    reasons: list[str]
    conditions: list[ConditionOut]

    @classmethod
    def of(cls, item: RuleExplanation) -> RuleExplanationOut:
        """Build from the service's explanation."""
        return cls(
            rule_id=item.rule_id,
            rule_name=item.rule_name,
            mode=item.mode,
            outcome=item.outcome.value,
            verdict=item.verdict,
            reasons=list(item.reasons),
            conditions=[ConditionOut.of(c) for c in item.conditions],
        )


class ItemViperOut(BaseModel):
    """VIPER for a show, season or episode: its show's viewers and bubbles, and the
    decision of every episode under the item (who keeps it and why)."""

    show_id: int
    show: ShowSummaryOut
    episodes: list[EpisodeOut]

    @classmethod
    def of(cls, found: ItemViper) -> ItemViperOut:
        """Build from the service's view."""
        return cls(
            show_id=found.show_id,
            show=ShowSummaryOut.of(found.summary),
            episodes=[EpisodeOut.of(e) for e in found.episodes],
        )


class LifecycleOut(BaseModel):
    """Every enabled rule's view of one item."""

    id: int
    kind: str
    title: str
    rules: list[RuleExplanationOut]
    protected: bool = False
    protection: ProtectionOut | None = None
    viper: ItemViperOut | None = None  # shows, seasons, episodes: who keeps the episodes

    @classmethod
    def of(cls, lifecycle: Lifecycle) -> LifecycleOut:
        """Build from the service's lifecycle."""
        return cls(
            id=lifecycle.id,
            kind=lifecycle.kind,
            title=lifecycle.title,
            rules=[RuleExplanationOut.of(r) for r in lifecycle.rules],
            protected=lifecycle.protection is not None,
            protection=ProtectionOut.of(lifecycle.protection) if lifecycle.protection else None,
            viper=ItemViperOut.of(lifecycle.viper) if lifecycle.viper else None,
        )
