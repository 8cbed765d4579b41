"""Per-user retention rules: save the form with its generated cleanup rules, and explain.

A retention form compiles to one ordinary cleanup rule per target (``domain/retention``),
stored in ``cleanup_rules`` and run by ``cleanup.run`` like any other: its matches enter
Leaving Soon with the same grace, caps, breaker and review. The form itself is kept in
``retention_rules`` with the ids of the rules it made, so the retention tab can show and
edit it. A generated rule edited in the rules editor is reported as ``in_sync: false``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tendarr.domain.errors import NotFound
from tendarr.domain.media import ItemKind
from tendarr.domain.retention import (
    RetentionRule,
    RetentionVerdict,
    judge,
    retention_to_raw,
    rule_documents,
    validate_retention,
)
from tendarr.ports.clock import Clock
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.ports.retention_store import StoredRetention
from tendarr.services.cleanup_facts import CleanupFactsBuilder


@dataclass(frozen=True)
class RetentionView:
    """A saved retention rule: its form, the cleanup rules it made, and whether they match."""

    id: int
    name: str
    enabled: bool
    form: dict[str, Any]
    cleanup_rule_ids: dict[str, int]
    in_sync: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ItemVerdict:
    """One item under a retention rule."""

    id: int
    kind: str
    title: str
    verdict: RetentionVerdict


class RetentionService:
    """CRUD over retention forms (and their cleanup rules), and per-item verdicts."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, facts: CleanupFactsBuilder) -> None:
        self._uow = uow
        self._clock = clock
        self._facts = facts

    def all(self) -> list[RetentionView]:
        """Return every retention rule."""
        with self._uow() as uow:
            return [_view(uow, stored) for stored in uow.retention_rules.all()]

    def get(self, rule_id: int) -> RetentionView:
        """Return one retention rule or raise NotFound."""
        with self._uow() as uow:
            return _view(uow, _stored(uow, rule_id))

    def create(self, raw: Mapping[str, Any], actor: str | None, enabled: bool = True) -> int:
        """Validate a form, save it and its cleanup rules in one transaction; return its id."""
        rule = validate_retention(raw)
        documents = rule_documents(rule)
        with self._uow() as uow:
            now = self._clock.now()
            ids = {
                target: uow.cleanup_rules.add(document, enabled, actor, now).id
                for target, document in documents.items()
            }
            stored = _document(rule, ids)
            rule_id = uow.retention_rules.add(rule.name, stored, enabled, now)
            uow.audit.record(now, actor, "retention.created", str(rule_id), {"rules": ids})
            uow.commit()
        return rule_id

    def update(
        self, rule_id: int, raw: Mapping[str, Any], actor: str | None, enabled: bool | None = None
    ) -> None:
        """Replace a form and rewrite its cleanup rules (adding or removing a target's)."""
        rule = validate_retention(raw)
        documents = rule_documents(rule)
        with self._uow() as uow:
            stored = _stored(uow, rule_id)
            on = stored.enabled if enabled is None else enabled
            now = self._clock.now()
            ids = _ids(stored)
            for target in set(ids) - set(documents):
                uow.cleanup_rules.delete(ids.pop(target))
            for target, document in documents.items():
                existing = ids.get(target)
                kept = existing is not None and uow.cleanup_rules.update(
                    existing, document, on, now
                )
                if not kept:
                    ids[target] = uow.cleanup_rules.add(document, on, actor, now).id
            uow.retention_rules.update(rule_id, rule.name, _document(rule, ids), on, now)
            uow.audit.record(now, actor, "retention.updated", str(rule_id), {"rules": ids})
            uow.commit()

    def delete(self, rule_id: int, actor: str | None) -> None:
        """Delete a form and the cleanup rules it made."""
        with self._uow() as uow:
            stored = _stored(uow, rule_id)
            for cleanup_id in _ids(stored).values():
                uow.cleanup_rules.delete(cleanup_id)
            uow.retention_rules.delete(rule_id)
            uow.audit.record(self._clock.now(), actor, "retention.deleted", str(rule_id), {})
            uow.commit()

    def verdicts(self, rule_id: int, limit: int = 50) -> list[ItemVerdict]:
        """Judge every movie/show the rule covers now: due first, then unknown, then keep."""
        rule = validate_retention(self.get(rule_id).form)
        now = self._clock.now()
        found: list[ItemVerdict] = []
        for target in rule.targets:
            for view in self._facts.for_kind(ItemKind(target), now):
                verdict = judge(rule, view.facts, now)
                found.append(ItemVerdict(view.id, view.kind.value, view.title, verdict))
        order = {"due": 0, "unknown": 1, "keep": 2}
        found.sort(key=lambda v: (order[v.verdict.verdict], v.title.casefold()))
        return found[:limit]


def _document(rule: RetentionRule, ids: Mapping[str, int]) -> dict[str, Any]:
    return {"form": retention_to_raw(rule), "cleanup_rule_ids": dict(ids)}


def _ids(stored: StoredRetention) -> dict[str, int]:
    raw = stored.document.get("cleanup_rule_ids", {})
    return {str(k): int(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def _stored(uow: UnitOfWork, rule_id: int) -> StoredRetention:
    found = uow.retention_rules.get(rule_id)
    if found is None:
        raise NotFound(f"retention rule {rule_id} does not exist")
    return found


def _view(uow: UnitOfWork, stored: StoredRetention) -> RetentionView:
    form = dict(stored.document.get("form", {}))
    ids = _ids(stored)
    expected = rule_documents(validate_retention(form))
    in_sync = set(ids) == set(expected)
    for target, cleanup_id in ids.items():
        rule = uow.cleanup_rules.get(cleanup_id)
        in_sync = in_sync and rule is not None and rule.document == expected.get(target)
    return RetentionView(
        stored.id, stored.name, stored.enabled, form, ids, in_sync,
        stored.created_at, stored.updated_at,
    )  # fmt: skip
