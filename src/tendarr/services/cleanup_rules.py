"""Cleanup rules: save them (validated, dry run by default), preview matches, explain one item.

Nothing here acts on an item: preview and lifecycle only evaluate. Only TRUE matches; an
item whose result depends on anything unknown is listed as kept with the unknown reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.rules import (
    ConditionResult,
    Outcome,
    Rule,
    compile_rule,
    decide,
    evaluate,
    rule_to_raw,
    validate_rule,
)
from tendarr.ports.cleanup_store import StoredRule
from tendarr.ports.clock import Clock
from tendarr.ports.protections import Protection
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.cleanup_facts import CleanupFactsBuilder, ItemFactsView
from tendarr.services.viper import ItemViper


class ViperLookup(Protocol):
    """VIPER's view of one TV item (services/viper.py)."""

    def for_item(self, item_id: int) -> ItemViper | None: ...


@dataclass(frozen=True)
class PreviewItem:
    """A matched or kept item with the reasons (one line per deciding condition)."""

    id: int
    kind: str
    title: str
    size_bytes: int | None
    reasons: tuple[str, ...]
    conditions: tuple[ConditionResult, ...]


@dataclass(frozen=True)
class Preview:
    """What a rule would select now; ``matches``/``kept`` are the requested page."""

    rule: dict[str, Any]
    evaluated: int
    match_count: int
    match_bytes: int
    kept_count: int
    matches: list[PreviewItem] = field(default_factory=list)
    kept: list[PreviewItem] = field(default_factory=list)


@dataclass(frozen=True)
class RuleExplanation:
    """One enabled rule's tri-state result for one item, with every condition."""

    rule_id: int
    rule_name: str
    mode: str
    outcome: Outcome
    verdict: str
    reasons: tuple[str, ...]
    conditions: tuple[ConditionResult, ...]


@dataclass(frozen=True)
class Lifecycle:
    """Every enabled rule's view of one item."""

    id: int
    kind: str
    title: str
    rules: list[RuleExplanation]
    protection: Protection | None = None  # its own, or its show's: no rule acts on it
    viper: ItemViper | None = None  # a show, season or episode: who keeps its episodes


def _document(raw: Mapping[str, object]) -> tuple[Rule, dict[str, Any]]:
    if not isinstance(raw, Mapping):
        raise ValidationFailed("a rule must be a JSON object")
    rule = validate_rule(raw)
    return rule, rule_to_raw(rule)


class CleanupRuleService:
    """CRUD over saved rules, preview of unsaved or saved rules, and per-item explanations."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        facts: CleanupFactsBuilder,
        viper: ViperLookup | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._facts = facts
        self._viper = viper

    def list(self) -> list[StoredRule]:
        """Return every saved rule."""
        with self._uow() as uow:
            return uow.cleanup_rules.all()

    def get(self, rule_id: int) -> StoredRule:
        """Return one rule or raise NotFound."""
        with self._uow() as uow:
            found = uow.cleanup_rules.get(rule_id)
        if found is None:
            raise NotFound(f"cleanup rule {rule_id} does not exist")
        return found

    def create(
        self, raw: Mapping[str, object], actor: str | None, enabled: bool = True
    ) -> StoredRule:
        """Validate and save a rule (``InvalidRule`` names the path); mode defaults to dry run."""
        _, document = _document(raw)
        with self._uow() as uow:
            stored = uow.cleanup_rules.add(document, enabled, actor, self._clock.now())
            uow.audit.record(self._clock.now(), actor, "cleanup.rule.created", str(stored.id), {})
            uow.commit()
        return stored

    def update(
        self, rule_id: int, raw: Mapping[str, object], actor: str | None, enabled: bool = True
    ) -> StoredRule:
        """Replace a saved rule with a validated document."""
        _, document = _document(raw)
        with self._uow() as uow:
            stored = uow.cleanup_rules.update(rule_id, document, enabled, self._clock.now())
            if stored is None:
                raise NotFound(f"cleanup rule {rule_id} does not exist")
            uow.audit.record(self._clock.now(), actor, "cleanup.rule.updated", str(rule_id), {})
            uow.commit()
        return stored

    def delete(self, rule_id: int, actor: str | None) -> None:
        """Delete a saved rule."""
        with self._uow() as uow:
            if not uow.cleanup_rules.delete(rule_id):
                raise NotFound(f"cleanup rule {rule_id} does not exist")
            uow.audit.record(self._clock.now(), actor, "cleanup.rule.deleted", str(rule_id), {})
            uow.commit()

    def preview(self, raw: Mapping[str, object], limit: int = 50, offset: int = 0) -> Preview:
        """Evaluate a rule document now (unsaved edits included) over the whole library."""
        rule, document = _document(raw)
        compiled = compile_rule(rule)
        now = self._clock.now()
        views = self._facts.for_kind(rule.target, now)
        outcomes = compiled.outcomes((view.facts for view in views), now)
        matched = [v for v, o in zip(views, outcomes, strict=True) if o is Outcome.TRUE]
        kept = [v for v, o in zip(views, outcomes, strict=True) if o is Outcome.UNKNOWN]

        def explain(view: ItemFactsView) -> PreviewItem:
            result = evaluate(compiled, view.facts, now)
            decision = decide(result)
            shown = (
                tuple(decision.unknown)
                if decision.unknown
                else tuple(c for c in result.conditions() if c.outcome is Outcome.TRUE)
            )
            return PreviewItem(
                view.id, view.kind.value, view.title, view.size_bytes, decision.reasons, shown
            )

        return Preview(
            rule=document,
            evaluated=len(views),
            match_count=len(matched),
            match_bytes=sum(view.size_bytes or 0 for view in matched),
            kept_count=len(kept),
            matches=[explain(v) for v in matched[offset : offset + limit]],
            kept=[explain(v) for v in kept[offset : offset + limit]],
        )

    def preview_saved(self, rule_id: int, limit: int = 50, offset: int = 0) -> Preview:
        """Preview a saved rule."""
        return self.preview(self.get(rule_id).document, limit, offset)

    def lifecycle(self, item_id: int) -> Lifecycle:
        """Explain every enabled rule's tri-state result for one item, and its protection."""
        now = self._clock.now()
        view = self._facts.for_item(item_id, now)
        if view is None:
            raise NotFound(f"library item {item_id} does not exist")
        with self._uow() as uow:
            protection = uow.protections.covering(item_id)
        explained: list[RuleExplanation] = []
        for stored in self.list():
            if not stored.enabled:
                continue
            rule = validate_rule(stored.document)
            result = evaluate(compile_rule(rule), view.facts, now)
            decision = decide(result)
            explained.append(
                RuleExplanation(
                    stored.id,
                    stored.name,
                    stored.mode,
                    result.outcome,
                    decision.verdict.value,
                    decision.reasons,
                    tuple(result.conditions()),
                )
            )
        viper = self._viper.for_item(item_id) if self._viper is not None else None
        return Lifecycle(view.id, view.kind.value, view.title, explained, protection, viper)
